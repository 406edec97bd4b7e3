//! What the app holds between commands: the data folder, the credential
//! store, and at most one open store (None while locked). A setup in progress
//! keeps its recovery key here, never in the webview's memory beyond display.

use madoguchi_core::kernel::secret::RecoveryKey;
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::store::credential::{CredentialError, CredentialStore};
use madoguchi_core::store::{DataDir, Store};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct PendingSetup {
    pub setup: Setup,
    pub recovery: RecoveryKey,
    /// 1-based group numbers the person must type back.
    pub confirm_groups: Vec<u32>,
}

pub struct Inner {
    pub store: Option<Store>,
    pub pending_setup: Option<PendingSetup>,
    pub last_activity: Instant,
    pub idle_minutes: u32,
    /// Someone signed in since the app started: the next sign-in is an 解除 (unlock).
    pub had_session: bool,
    /// The open store is the demo store (synthetic data, `<data dir>-demo`).
    /// Locking ends the demo: the next screen is the real store's.
    pub demo: bool,
    /// Mails and files picked or dropped but not yet saved into a case.
    pub staged: std::collections::HashMap<String, crate::staging::StagedItem>,
}

impl Inner {
    /// Ends the session (lock, idle lock, switching to the demo): what was
    /// staged goes, a demo ends, and the store is handed back to be locked.
    pub fn end_session(&mut self) -> Option<Store> {
        self.staged.clear();
        self.demo = false;
        self.store.take()
    }
}

pub struct AppState {
    pub dir: DataDir,
    pub credentials: Result<Arc<dyn CredentialStore>, CredentialError>,
    inner: Mutex<Inner>,
}

impl AppState {
    pub fn new(
        dir: DataDir,
        credentials: Result<Arc<dyn CredentialStore>, CredentialError>,
    ) -> Self {
        AppState {
            dir,
            credentials,
            inner: Mutex::new(Inner {
                store: None,
                pending_setup: None,
                last_activity: Instant::now(),
                idle_minutes: madoguchi_core::desk::settings::IDLE_LOCK_DEFAULT,
                had_session: false,
                staged: Default::default(),
                demo: false,
            }),
        }
    }

    /// A panic in one command must not lock everyone out: recover the guard.
    pub fn guard(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn credentials(&self) -> Result<Arc<dyn CredentialStore>, CredentialError> {
        self.credentials.clone()
    }

    /// Runs `f` on the open store and what is staged, counting as activity;
    /// `locked` if no store is open.
    pub fn with_open<T>(
        &self,
        f: impl FnOnce(
            &mut Store,
            &mut std::collections::HashMap<String, crate::staging::StagedItem>,
        ) -> Result<T, crate::ipc::ApiError>,
    ) -> Result<T, crate::ipc::ApiError> {
        let mut guard = self.guard();
        let inner = &mut *guard;
        inner.last_activity = Instant::now();
        let store = inner
            .store
            .as_mut()
            .ok_or_else(crate::ipc::ApiError::locked)?;
        f(store, &mut inner.staged)
    }

    /// Locks if nobody has touched the app for the configured time. Returns
    /// whether it locked. Called by the watchdog thread.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let mut inner = self.guard();
        let limit = Duration::from_secs(u64::from(inner.idle_minutes) * 60);
        if inner.store.is_some() && now.duration_since(inner.last_activity) >= limit {
            if let Some(store) = inner.end_session() {
                // Even if the audit write fails, the key is dropped: locked wins.
                let _ = store.lock(true);
            }
            return true;
        }
        false
    }
}
