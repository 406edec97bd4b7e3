//! `cargo run --release -p madoguchi-core --example bench_register [N]`
//!
//! Fills an encrypted store with N (default 100,000) synthetic cases and
//! 3 timeline events each, then times the register's queries on it and on a
//! plain (unencrypted) SQLite copy of the same data made with
//! `sqlcipher_export`. Prints medians of 15 runs; see docs/BENCHMARKS.md.

use chrono::NaiveDate;
use madoguchi_core::case::model::CaseStatus;
use madoguchi_core::case::register::{query_cases, CaseQuery, CaseSort, Queue};
use madoguchi_core::desk::org::Organisation;
use madoguchi_core::intake::channel::Channel;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::policy::law::RequestKind;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{DataDir, Store};
use rusqlite::Connection;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(conn: &Connection, q: &CaseQuery) -> (Duration, i64) {
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..15 {
        let t = Instant::now();
        let page = query_cases(conn, q).unwrap();
        times.push(t.elapsed());
        total = page.total;
    }
    times.sort();
    (times[times.len() / 2], total)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path().join("data"));
    let creds = Arc::new(MemoryCredentialStore::new());
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
    let mut store = Store::create(&dir, creds, &setup, &RecoveryKey::random()).unwrap();
    let t = Instant::now();
    let from = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    store.insert_synthetic(n, 42, from, to, 3, 5_000).unwrap();
    let fill = t.elapsed();

    let enc = store.raw_connection_for_tests();
    // Like a desk a few years in: what came before October is 完了; the rest
    // is open with a due date 30 days after receipt (the synthetic cases have
    // no policy to compute one from).
    enc.execute_batch(
        "UPDATE cases SET status = 'completed' WHERE received_on < '2026-10-01';
         UPDATE cases SET due_on = date(received_on, '+30 days');
         ANALYZE; PRAGMA optimize;",
    )
    .unwrap();
    let plain_path = tmp.path().join("plain.db");
    enc.execute(
        &format!("ATTACH DATABASE '{}' AS plain KEY ''", plain_path.display()),
        [],
    )
    .unwrap();
    enc.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
    enc.execute("DETACH DATABASE plain", []).unwrap();
    let plain = Connection::open(&plain_path).unwrap();
    // The same cache and temp settings as the encrypted store: like for like.
    plain
        .execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -131072;")
        .unwrap();
    rusqlite::vtab::array::load_module(&plain).unwrap();
    if let Ok(keep) = std::env::var("BENCH_KEEP_PLAIN") {
        std::fs::copy(&plain_path, keep).unwrap();
    }
    let size =
        |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;

    println!("register bench: {n} cases, {} events (fill {:.1} s); encrypted db {:.0} MB, plain copy {:.0} MB", n * 3, fill.as_secs_f64(), size(&dir.db_path()), size(&plain_path));
    println!(
        "{:<44} {:>12} {:>12} {:>7} {:>8}",
        "query", "SQLCipher", "plain", "ratio", "matches"
    );
    let page = |sort, page| CaseQuery {
        page_size: 50,
        sort,
        page,
        ..Default::default()
    };
    let queries: Vec<(&str, CaseQuery)> = vec![
        (
            "first page by received date",
            page(CaseSort::ReceivedDesc, 0),
        ),
        (
            "page 100 by received date",
            page(CaseSort::ReceivedDesc, 100),
        ),
        ("first page by receipt no", page(CaseSort::ReceiptNoAsc, 0)),
        (
            "filtered: 受付 + 開示 + メール",
            CaseQuery {
                statuses: vec![CaseStatus::Received],
                kinds: vec![RequestKind::Disclosure],
                channels: vec![Channel::Email],
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "filtered: 特定個人情報",
            CaseQuery {
                specific_personal_info: Some(true),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "filtered: 誤登録 (rare)",
            CaseQuery {
                statuses: vec![CaseStatus::Mistaken],
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "search partial name 「髙橋 花」",
            CaseQuery {
                search: "髙橋 花".into(),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "search kana 「たかはし」",
            CaseQuery {
                search: "たかはし".into(),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "search email part 「hanako.sato」",
            CaseQuery {
                search: "hanako.sato".into(),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "search phone 「090-1234」",
            CaseQuery {
                search: "090-1234".into(),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "search receipt no 「2024-0123」",
            CaseQuery {
                search: "2024-0123".into(),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "search 2-character surname 「佐藤」 (scan)",
            CaseQuery {
                search: "佐藤".into(),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "queue: 期限超過 (as of 2026-11-30)",
            CaseQuery {
                queue: Some(Queue::Overdue),
                as_of: Some(to),
                page_size: 50,
                ..Default::default()
            },
        ),
        (
            "queue: 今週が期限",
            CaseQuery {
                queue: Some(Queue::DueThisWeek),
                as_of: Some(to),
                page_size: 50,
                ..Default::default()
            },
        ),
    ];
    for (label, q) in &queries {
        let (e, total) = median(enc, q);
        let (p, _) = median(&plain, q);
        println!(
            "{:<44} {:>9.2} ms {:>9.2} ms {:>6.2}x {:>8}",
            label,
            e.as_secs_f64() * 1e3,
            p.as_secs_f64() * 1e3,
            e.as_secs_f64() / p.as_secs_f64().max(1e-9),
            total
        );
    }
    // The home screen: all five queue counts at once.
    let counts = |conn: &Connection| {
        let mut times: Vec<_> = (0..15)
            .map(|_| {
                let t = Instant::now();
                madoguchi_core::case::register::queue_counts(conn, to).unwrap();
                t.elapsed()
            })
            .collect();
        times.sort();
        times[7]
    };
    let (e, p) = (counts(enc), counts(&plain));
    println!(
        "{:<44} {:>9.2} ms {:>9.2} ms {:>6.2}x",
        "home: five queue counts",
        e.as_secs_f64() * 1e3,
        p.as_secs_f64() * 1e3,
        e.as_secs_f64() / p.as_secs_f64().max(1e-9)
    );
}
