//! Used by tests/crash.rs: opens a store with the recovery key (read from the
//! first stdin line) and, for round R (second argument), commits numbered audited writes as fast as it can,
//! printing `committed N` after each commit, until it is killed.

use madoguchi_core::kernel::secret::RecoveryKey;
use madoguchi_core::store::audit::{Action, Target};
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::{DataDir, Store};
use std::io::{BufRead, Write};
use std::sync::Arc;

fn main() {
    let dir = DataDir::new(std::env::args().nth(1).expect("data dir"));
    let round: u32 = std::env::args().nth(2).expect("round").parse().unwrap();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).unwrap();
    let key = RecoveryKey::parse(&line).expect("recovery key");
    let mut store = Store::open_with_recovery(&dir, Arc::new(MemoryCredentialStore::new()), &key)
        .expect("open");
    let mut out = std::io::stdout().lock();
    for n in 0u64.. {
        store
            .write(
                Action::TestWrite,
                Target::of("loop", n),
                &format!("r={round} n={n}"),
                |tx, now| {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                        rusqlite::params![format!("loop.{round}.{n}"), now],
                    )?;
                    Ok(())
                },
            )
            .expect("write");
        writeln!(out, "committed {n}").unwrap();
        out.flush().unwrap();
    }
}
