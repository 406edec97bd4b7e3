//! Failed sign-ins happen while the database is closed, so they cannot be
//! audited at once. They are kept in `signin.json` beside the database (times
//! only: no user name, no password, nothing personal), drive the back-off, and
//! are written into the audit log by the next successful sign-in.
//!
//! The file is not secret and not tamper-proof: deleting it resets the wait.
//! The wait slows a person at the keyboard; offline guessing is stopped by
//! Argon2id and the device secret, not by this file.

use crate::store::error::StoreError;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Failures allowed before any wait.
pub const FREE_ATTEMPTS: usize = 3;
/// The longest wait, however many failures.
pub const MAX_WAIT_SECONDS: i64 = 15 * 60;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    failures: Vec<DateTime<Utc>>,
}

pub struct SigninGuard {
    path: PathBuf,
    record: Record,
}

/// Seconds to wait after `failures` consecutive failures: none for the first
/// three, then 15 s, 30 s, 60 s … up to 15 minutes.
pub fn wait_after(failures: usize) -> i64 {
    if failures <= FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS - 1).min(16) as u32;
    (15i64 << doublings).min(MAX_WAIT_SECONDS)
}

impl SigninGuard {
    pub fn load(path: &Path) -> Self {
        let record = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Self {
            path: path.to_path_buf(),
            record,
        }
    }

    pub fn failures(&self) -> &[DateTime<Utc>] {
        &self.record.failures
    }

    /// `Err(TooManyAttempts)` while the back-off after the last failure runs.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let Some(last) = self.record.failures.last() else {
            return Ok(());
        };
        let until = *last + Duration::seconds(wait_after(self.record.failures.len()));
        if now < until {
            let wait_seconds = (until - now).num_seconds().max(1) as u64;
            return Err(StoreError::TooManyAttempts { wait_seconds });
        }
        Ok(())
    }

    pub fn record_failure(&mut self, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.record.failures.push(now);
        self.save()
    }

    /// After a successful sign-in has audited the failures.
    pub fn clear(&mut self) -> Result<(), StoreError> {
        self.record.failures.clear();
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn save(&self) -> Result<(), StoreError> {
        let json = serde_json::to_vec(&self.record).expect("record serialises");
        crate::kernel::fsio::write_atomic(&self.path, &json)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_grows_and_is_capped() {
        assert_eq!(wait_after(3), 0);
        assert_eq!(wait_after(4), 15);
        assert_eq!(wait_after(5), 30);
        assert_eq!(wait_after(6), 60);
        assert_eq!(wait_after(100), MAX_WAIT_SECONDS);
    }

    #[test]
    fn guard_blocks_during_the_wait_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("signin.json");
        let t0 = Utc::now();
        let mut g = SigninGuard::load(&path);
        for _ in 0..4 {
            g.check(t0).unwrap();
            g.record_failure(t0).unwrap();
        }
        let g = SigninGuard::load(&path);
        assert!(matches!(
            g.check(t0 + Duration::seconds(5)),
            Err(StoreError::TooManyAttempts { wait_seconds: 10 })
        ));
        assert!(g.check(t0 + Duration::seconds(16)).is_ok());
    }
}
