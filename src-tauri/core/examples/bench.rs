//! `cargo run --release -p madoguchi-core --example bench` — prints the
//! store's figures beside a plain-SQLite baseline (see docs/BENCHMARKS.md).
//! Timing lives here, not in tests: a slow machine must not fail CI.

use madoguchi_core::desk::org::Organisation;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::store::audit::{Action, Target};
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{DataDir, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
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
    let t = Instant::now();
    let store = Store::create(&dir, creds.clone(), &setup, &RecoveryKey::random()).unwrap();
    let create = t.elapsed();
    store.lock(false).unwrap();

    // Unlock = Argon2id (64 MiB, t=3) + unwrap + open SQLCipher + migrate check + audit write.
    let mut unlocks = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let s = Store::unlock(
            &dir,
            creds.clone(),
            "kanri",
            &Password::new("kanri-pass-2026"),
            Action::SignIn,
        )
        .unwrap();
        unlocks.push(t.elapsed());
        s.lock(false).unwrap();
    }

    // Audited writes, each its own synchronous=FULL transaction.
    let mut s = Store::unlock(
        &dir,
        creds.clone(),
        "kanri",
        &Password::new("kanri-pass-2026"),
        Action::SignIn,
    )
    .unwrap();
    let n = 500;
    let t = Instant::now();
    for i in 0..n {
        s.write(Action::TestWrite, Target::of("bench", i), "", |tx, now| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                rusqlite::params![format!("bench.{i}"), now],
            )?;
            Ok(())
        })
        .unwrap();
    }
    let writes = t.elapsed();
    let t = Instant::now();
    s.verify().unwrap();
    let verify = t.elapsed();
    let backup_path = tmp.path().join("b.mdgbak");
    let t = Instant::now();
    s.backup(&backup_path).unwrap();
    let backup = t.elapsed();

    // Baseline: plain SQLite, same pragmas, same row shape, no encryption or audit.
    let plain_path = tmp.path().join("plain.db");
    let plain = rusqlite::Connection::open(&plain_path).unwrap();
    plain
        .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .unwrap();
    plain.execute_batch("PRAGMA synchronous = FULL; CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;").unwrap();
    let t = Instant::now();
    for i in 0..n {
        let tx = plain.unchecked_transaction().unwrap();
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)",
            rusqlite::params![format!("bench.{i}"), "x"],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let plain_writes = t.elapsed();
    let t = Instant::now();
    let c = rusqlite::Connection::open(&plain_path).unwrap();
    c.query_row("SELECT count(*) FROM settings", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let plain_open = t.elapsed();

    println!("madoguchi-core bench (release build)");
    println!("  create store (1 Argon2id slot)        {}", ms(create));
    println!(
        "  unlock, median of 5                   {}   baseline: plain SQLite open+read {}",
        ms(median(unlocks)),
        ms(plain_open)
    );
    println!(
        "  audited write transaction, mean       {}   baseline: plain SQLite insert+commit {}",
        ms(writes / n),
        ms(plain_writes / n)
    );
    println!(
        "  verify (integrity + {} audit entries) {}",
        n + 3,
        ms(verify)
    );
    println!("  backup incl. verification             {}", ms(backup));
}
