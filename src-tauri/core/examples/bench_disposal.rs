//! `cargo run --release -p madoguchi-core --example bench_disposal [N]`
//!
//! Fills an encrypted store with N (default 100,000) synthetic cases, half
//! of them answered over a year ago, then times what the 廃棄 page and a
//! disposal cost at that size: computing the 廃棄予定 queue, and disposing
//! of 20 approved cases — rows deleted, the search index merged, statistics
//! recomputed, VACUUM and the WAL truncated. The baseline is a raw copy of
//! the database file (what rewriting it costs at the disk's speed).
//! See docs/BENCHMARKS.md.

use chrono::NaiveDate;
use madoguchi_core::desk::org::Organisation;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::retention::DisposalScope;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{DataDir, Store};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path().join("data"));
    let setup = Setup {
        organisation: Organisation {
            name: "見本商事株式会社".into(),
            ..Default::default()
        },
        admin: NewUser {
            username: "kanri".into(),
            display_name: "見本".into(),
            role: Role::Admin,
            password: Password::new("kanri-pass-2026"),
        },
        store_id: None,
    };
    let mut store = Store::create(
        &dir,
        Arc::new(MemoryCredentialStore::new()),
        &setup,
        &RecoveryKey::random(),
    )
    .unwrap();
    let from = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let t = Instant::now();
    store.insert_synthetic(n, 42, from, to, 3, 5_000).unwrap();
    // Half of the desk's history answered 20 days after receipt and closed.
    store
        .raw_connection_for_tests()
        .execute_batch(
            "UPDATE cases SET status = 'completed', replied_on = date(received_on, '+20 days'), closed_on = date(received_on, '+20 days')
             WHERE id % 2 = 0 AND received_on < '2025-06-01';
             ANALYZE;",
        )
        .unwrap();
    println!(
        "disposal bench: {n} cases (fill {:.1} s), encrypted db {:.0} MB",
        t.elapsed().as_secs_f64(),
        size(&dir.db_path())
    );

    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let mut times = Vec::new();
    let mut due = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        due = store.disposal_queue(today).unwrap().due;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{:<44} {:>10.1} ms  ({} due)",
        "廃棄予定 queue (median of 5)",
        times[2],
        due.len()
    );

    let picked: Vec<(i64, DisposalScope)> =
        due.iter().take(20).map(|i| (i.case_id, i.scope)).collect();
    store.approve_disposals(&picked, today).unwrap();
    let copy = tmp.path().join("copy.db");
    let t = Instant::now();
    std::fs::copy(dir.db_path(), &copy).unwrap();
    let raw_copy = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let run = store.perform_disposals(today).unwrap();
    let took = t.elapsed().as_secs_f64();
    println!(
        "{:<44} {:>10.2} s   ({} disposed; raw copy of the db file {:.2} s)",
        "dispose 20 cases incl. VACUUM",
        took,
        run.done.len(),
        raw_copy
    );
    println!("encrypted db after VACUUM {:.0} MB", size(&dir.db_path()));
}

fn size(p: &std::path::Path) -> f64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
}
