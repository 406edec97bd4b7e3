//! SIGKILL at random points of a write loop, 20 times: no committed write is
//! lost, no write appears without its audit entry (or the reverse), and the
//! database and audit chain still verify.

#![cfg(unix)]
mod common;
use common::*;
use madoguchi_core::credential::MemoryCredentialStore;
use madoguchi_core::Store;
use rand::Rng;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn write_loop_binary() -> std::path::PathBuf {
    // cargo builds examples for `cargo test`, beside the deps folder.
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join("write_loop");
    assert!(bin.exists(), "example not built: {}", bin.display());
    bin
}

extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
}

#[test]
fn sigkill_during_writes_loses_no_committed_row() {
    let (fx, store) = Fixture::new();
    store.lock(false).unwrap();
    let bin = write_loop_binary();
    let key = fx.recovery.to_display();
    let mut rng = rand::thread_rng();
    let mut total = 0;

    for round in 0..20u32 {
        let mut child = Command::new(&bin)
            .arg(fx.dir.root())
            .arg(round.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{}\n", key.as_str()).as_bytes())
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("committed ") {
                    let _ = tx.send(n.parse::<u64>().unwrap());
                }
            }
        });
        // Wait for the first commit, then kill at a random moment mid-loop.
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("loop started");
        let until = Instant::now() + Duration::from_millis(rng.gen_range(1..120));
        while Instant::now() < until {
            std::thread::yield_now();
        }
        unsafe { kill(child.id() as i32, 9) };
        child.wait().unwrap();
        reader.join().unwrap();
        let last_seen = rx.try_iter().last().unwrap_or(first);

        let store = Store::open_with_recovery(
            &fx.dir,
            Arc::new(MemoryCredentialStore::new()),
            &fx.recovery,
        )
        .unwrap();
        store
            .verify()
            .unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        let c = store.raw_connection_for_tests();
        let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        let writes = count(&format!(
            "SELECT count(*) FROM settings WHERE key LIKE 'loop.{round}.%'"
        ));
        let entries = count(&format!("SELECT count(*) FROM audit_log WHERE action = 'test.write' AND detail LIKE 'r={round} %'"));
        assert!(
            writes as u64 > last_seen,
            "round {round}: saw commit {last_seen} but only {writes} rows"
        );
        assert_eq!(
            writes, entries,
            "round {round}: every write has exactly its audit entry"
        );
        total += writes;
    }
    assert!(total >= 20);
}
