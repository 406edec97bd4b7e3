//! The core's integration tests, in one binary (one link instead of nineteen;
//! rust-analyzer's `tests/it` layout). Each module is one area against a real
//! encrypted store; `common` holds the shared 見本 fixtures.
//!
//! Tests that need a process of their own (a private TMPDIR, an input that
//! may abort) run this binary again as a child with `--exact <module>::<test>`.

mod common;

mod audit;
mod backup;
mod bad_inputs;
mod cases;
mod complaints;
mod crash;
mod decisions;
mod fees;
mod fuzz_regressions;
mod japan_time;
mod layers;
mod letters;
mod no_plaintext;
mod no_tauri;
mod os_keyring;
mod policies;
mod procedures;
mod reports;
mod retention;
mod store;
mod stories;
mod write_failures;
