//! The encrypted store: one SQLCipher database opened with a random data key,
//! the key slots that wrap that key, and the session of whoever opened it.
//!
//! Data folder layout:
//!   madoguchi.db (+ -wal)  SQLCipher 4, raw 256-bit key, WAL, synchronous=FULL
//!   keyslots.json          wrapped data key per user + recovery slot (no names)
//!   signin.json            times of failed sign-ins not yet audited (optional)

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod credential;
pub mod error;
pub mod files;
pub mod keyslot;
pub mod signin;
pub mod users;

use crate::kernel::secret::{DataKey, DeviceSecret, Password, RecoveryKey};
use crate::store::audit::{Action, Actor, Target};
use crate::store::credential::CredentialStore;
use crate::store::error::StoreError;
use crate::store::files::Blobs;
use crate::store::keyslot::{Argon2Params, KeySlot, KeySlotError, KeySlotFile};
use crate::store::signin::SigninGuard;
use crate::store::users::{NewUser, Role, User};
use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

/// The app identifier; also the data folder's name under the OS data directory.
pub const IDENTIFIER: &str = "jp.madoguchi.desk";

/// The schema's migrations, in order; a store's `user_version` is how many
/// of them it has run.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_cases.sql"),
    include_str!("migrations/0003_case_counts.sql"),
    include_str!("migrations/0004_policies_verification.sql"),
    include_str!("migrations/0005_fees_clock.sql"),
    include_str!("migrations/0006_workflow.sql"),
    include_str!("migrations/0007_due_dates.sql"),
    include_str!("migrations/0008_fee_decisions.sql"),
    include_str!("migrations/0009_decisions.sql"),
    include_str!("migrations/0010_letters.sql"),
    include_str!("migrations/0011_retention.sql"),
    include_str!("migrations/0012_complaints.sql"),
    include_str!("migrations/0013_case_ids.sql"),
    include_str!("migrations/0014_fee_counts.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// Brings the schema up to date with foreign keys off (SQLite's procedure
/// for table rebuilds), then turns them on and refuses a store whose
/// references no longer hold.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let before: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    pragma(conn, "PRAGMA foreign_keys = OFF")?;
    migrations().to_latest(conn)?;
    pragma(conn, "PRAGMA foreign_keys = ON")?;
    // Only a migration runs with the keys off; every other write is checked
    // as it happens. The check reads every row (≈230 ms of a 100,000-case
    // unlock, docs/BENCHMARKS.md), so it runs only when a migration did.
    if before < schema_version() as i64 {
        let broken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_foreign_key_check)",
            [],
            |r| r.get(0),
        )?;
        if broken {
            return Err(StoreError::Integrity);
        }
    }
    Ok(())
}

/// The schema version this build writes and understands.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `MADOGUCHI_DATA_DIR` if set, else the OS's per-user data folder for the
    /// app (the same one Tauri's `app_data_dir` gives the desktop app).
    pub fn default_location() -> PathBuf {
        if let Some(dir) = std::env::var_os("MADOGUCHI_DATA_DIR") {
            return PathBuf::from(dir);
        }
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(IDENTIFIER)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn db_path(&self) -> PathBuf {
        self.root.join("madoguchi.db")
    }
    pub fn keyslots_path(&self) -> PathBuf {
        self.root.join("keyslots.json")
    }
    pub fn signin_path(&self) -> PathBuf {
        self.root.join("signin.json")
    }
    /// A store exists once its key slot file does (written last at creation).
    pub fn is_initialised(&self) -> bool {
        self.keyslots_path().exists()
    }
    pub fn load_slots(&self) -> Result<KeySlotFile, StoreError> {
        if !self.is_initialised() {
            return Err(StoreError::NotInitialised);
        }
        Ok(KeySlotFile::load(&self.keyslots_path())?)
    }

    fn create(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.root)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Runs a statement that may return a row (most PRAGMAs do) and ignores it.
fn pragma(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

/// Opens (or creates) the SQLCipher database at `path` with `key` and brings
/// its schema up to date. A database from a newer version is refused untouched.
pub fn open_database(path: &Path, key: &DataKey) -> Result<Connection, StoreError> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    pragma(&conn, "PRAGMA cipher_log_level = NONE")?;
    let key_hex = Zeroizing::new(hex::encode(key.expose()));
    let key_sql = Zeroizing::new(format!("PRAGMA key = \"x'{}'\"", key_hex.as_str()));
    pragma(&conn, &key_sql)?;
    // SQLCipher only notices a wrong key on the first read.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            StoreError::Integrity
        }
        e => e.into(),
    })?;
    pragma(&conn, "PRAGMA journal_mode = WAL")?;
    // FULL: a committed case survives power loss, not only a process crash.
    pragma(&conn, "PRAGMA synchronous = FULL")?;
    // Foreign keys are enforced from after the migrations (a table rebuild
    // must not cascade); `migrate` checks them before it returns.
    // Temporary tables and sort spills stay in memory, never in plaintext temp files.
    pragma(&conn, "PRAGMA temp_store = MEMORY")?;
    // Deleted content is overwritten, so destruction really destroys.
    pragma(&conn, "PRAGMA secure_delete = ON")?;
    // SQLCipher decrypts every page it reads into its own cache; a cache that
    // holds the register's working set (128 MiB at most, ~100,000 cases) keeps
    // queries near plain-SQLite speed. It lives only while the store is open.
    pragma(&conn, "PRAGMA cache_size = -131072")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // `rarray(?)`: the register passes a search's matching ids as one array.
    rusqlite::vtab::array::load_module(&conn)?;

    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let supported = schema_version();
    if found as usize > supported {
        return Err(StoreError::TooNew {
            found: found as usize,
            supported,
        });
    }
    migrate(&mut conn)?;
    // Table statistics for the query planner, refreshed only where they are
    // missing or stale (SQLite's advice for long-lived connections). Without
    // them, plans for the register are guesses.
    pragma(&conn, "PRAGMA optimize = 0x10002")?;
    Ok(conn)
}

pub fn new_store_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Who has the store open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// Opened with the recovery key rather than a password.
    pub via_recovery: bool,
}

/// An open, unlocked store. Dropping it closes the database and zeroizes the key.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) dir: DataDir,
    pub(crate) slots: KeySlotFile,
    pub(crate) data_key: DataKey,
    pub(crate) credentials: Arc<dyn CredentialStore>,
    actor: Actor,
    session: Option<Session>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("store_id", &self.slots.store_id)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a new store with its first 管理者 (validated by the caller) and
    /// its key slots; `seed` writes, in the creating transaction, what the
    /// layers above need in every store (lifecycle.rs: the organisation, the
    /// settings). The recovery key is generated by the caller so it can be
    /// shown before anything exists.
    pub fn create_empty(
        dir: &DataDir,
        credentials: Arc<dyn CredentialStore>,
        admin: &NewUser,
        store_id: Option<String>,
        recovery: &RecoveryKey,
        seed: impl FnOnce(&Connection, &str) -> Result<(), StoreError>,
    ) -> Result<Store, StoreError> {
        if dir.is_initialised() {
            return Err(StoreError::AlreadyInitialised);
        }
        dir.create()?;
        // A database without a key slot file is a creation that crashed half-way;
        // nobody can ever open it, so it is removed.
        for stale in [
            dir.db_path(),
            dir.db_path().with_extension("db-wal"),
            dir.db_path().with_extension("db-shm"),
        ] {
            if stale.exists() {
                std::fs::remove_file(stale)?;
            }
        }

        let store_id = store_id.unwrap_or_else(new_store_id);
        let data_key = DataKey::random();
        let device = DeviceSecret::random();
        let mut slots = KeySlotFile::new(store_id.clone(), credentials.backend(), &device);
        credentials.set(&slots.device_binding, &device)?;
        let admin_slot = KeySlot::new_user(
            &store_id,
            &admin.username,
            &admin.password,
            &device,
            &data_key,
            Argon2Params::DEFAULT,
        )?;
        slots.put_user_slot(&admin.username, admin_slot);
        slots.set_recovery_slot(KeySlot::new_recovery(&store_id, recovery, &data_key));

        let mut conn = open_database(&dir.db_path(), &data_key)?;
        let admin_id = {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = now_text();
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('store_id', ?1), ('created_with', ?2)",
                [&store_id, crate::kernel::APP_VERSION],
            )?;
            seed(&tx, &now)?;
            let admin_id = users::insert(&tx, admin, &now)?;
            let at = Utc::now();
            let detail = format!("credential_backend={}", credentials.backend());
            audit::append(
                &tx,
                Actor::User(admin_id),
                Action::StoreCreated,
                Target::none(),
                &detail,
                at,
            )?;
            audit::append(
                &tx,
                Actor::User(admin_id),
                Action::UserCreated,
                Target::of("user", admin_id),
                "role=admin",
                at,
            )?;
            audit::append(
                &tx,
                Actor::User(admin_id),
                Action::SignIn,
                Target::of("user", admin_id),
                "",
                at,
            )?;
            tx.commit()?;
            admin_id
        };
        // Last: from here on the folder counts as a store.
        slots.save(&dir.keyslots_path())?;

        let user = users::by_username(&conn, &admin.username)?.ok_or(StoreError::NotFound)?;
        debug_assert_eq!(user.id, admin_id);
        Ok(Store {
            conn,
            dir: dir.clone(),
            slots,
            data_key,
            credentials,
            actor: Actor::User(admin_id),
            session: Some(Session {
                user,
                via_recovery: false,
            }),
        })
    }

    /// Signs a user in with their password on this PC. `action` is
    /// `Action::SignIn` or `Action::Unlock` (after a lock), for the audit log.
    /// lifecycle.rs's `Store::unlock` adds what a desk needs on every open.
    pub fn unlock_user(
        dir: &DataDir,
        credentials: Arc<dyn CredentialStore>,
        username: &str,
        password: &Password,
        action: Action,
    ) -> Result<Store, StoreError> {
        let slots = dir.load_slots()?;
        let mut guard = SigninGuard::load(&dir.signin_path());
        guard.check(Utc::now())?;
        let device = credentials.get(&slots.device_binding)?;
        slots.check_device(&device)?;
        let data_key = match slots.unwrap_user(username, password, &device) {
            Ok(k) => k,
            Err(KeySlotError::WrongPassword) => {
                guard.record_failure(Utc::now())?;
                return Err(KeySlotError::WrongPassword.into());
            }
            Err(e) => return Err(e.into()),
        };
        let conn = open_database(&dir.db_path(), &data_key)?;
        let user = users::by_username(&conn, username)?.ok_or(KeySlotError::WrongPassword)?;
        if !user.active {
            return Err(StoreError::UserDisabled);
        }
        let mut store = Store {
            conn,
            dir: dir.clone(),
            slots,
            data_key,
            credentials,
            actor: Actor::User(user.id),
            session: Some(Session {
                user: user.clone(),
                via_recovery: false,
            }),
        };
        store.record_sign_in(&mut guard, action, user.id)?;
        Ok(store)
    }

    /// Opens the store with the printed recovery key: on a new PC, from a
    /// backup, or when the OS credential store lost its entry. No device
    /// secret is needed; the actor is "recovery" until a user is re-bound.
    /// lifecycle.rs's `Store::open_with_recovery` adds what a desk needs on
    /// every open.
    pub fn unlock_recovery(
        dir: &DataDir,
        credentials: Arc<dyn CredentialStore>,
        key: &RecoveryKey,
    ) -> Result<Store, StoreError> {
        let slots = dir.load_slots()?;
        let mut guard = SigninGuard::load(&dir.signin_path());
        guard.check(Utc::now())?;
        let data_key = match slots.unwrap_recovery(key) {
            Ok(k) => k,
            Err(KeySlotError::WrongRecoveryKey) => {
                guard.record_failure(Utc::now())?;
                return Err(KeySlotError::WrongRecoveryKey.into());
            }
            Err(e) => return Err(e.into()),
        };
        let conn = open_database(&dir.db_path(), &data_key)?;
        let mut store = Store {
            conn,
            dir: dir.clone(),
            slots,
            data_key,
            credentials,
            actor: Actor::Recovery,
            session: None,
        };
        store.record_sign_in(&mut guard, Action::SignInRecovery, 0)?;
        Ok(store)
    }

    fn record_sign_in(
        &mut self,
        guard: &mut SigninGuard,
        action: Action,
        user_id: i64,
    ) -> Result<(), StoreError> {
        let failures = guard.failures().to_vec();
        let actor = self.actor;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for at in failures {
            audit::append(
                &tx,
                Actor::System,
                Action::SignInFailed,
                Target::none(),
                "",
                at,
            )?;
        }
        let target = if user_id > 0 {
            Target::of("user", user_id)
        } else {
            Target::none()
        };
        audit::append(&tx, actor, action, target, "", Utc::now())?;
        tx.commit()?;
        guard.clear()
    }

    /// Binds the store to this PC again after the credential store lost or
    /// changed its entry (or after a restore): a new device secret, and a new
    /// password for `username`. Slots of other users were bound to the old
    /// secret and can no longer open; they are removed and those users need
    /// a password reset by a 管理者. Requires a store opened with the recovery key.
    pub fn rebind_to_this_pc(
        &mut self,
        username: &str,
        new_password: &Password,
    ) -> Result<Session, StoreError> {
        if self.actor != Actor::Recovery {
            return Err(StoreError::PermissionDenied);
        }
        let user = users::by_username(&self.conn, username)?.ok_or_else(|| {
            StoreError::invalid("username", "このユーザー名の利用者は登録されていません。")
        })?;
        if !user.active {
            return Err(StoreError::UserDisabled);
        }
        users::validate_password(new_password, &user.username, "newPassword")
            .map_err(|e| StoreError::Invalid(vec![e]))?;
        let device = DeviceSecret::random();
        let store_id = self.slots.store_id.clone();
        let slot = KeySlot::new_user(
            &store_id,
            &user.username,
            new_password,
            &device,
            &self.data_key,
            Argon2Params::DEFAULT,
        )?;
        let mut slots = KeySlotFile::new(store_id, self.credentials.backend(), &device);
        self.credentials.set(&slots.device_binding, &device)?;
        if let Some(recovery) = self.slots.recovery_slot() {
            slots.slots.push(recovery.clone());
        }
        slots.put_user_slot(&user.username, slot);
        let dropped = self
            .slots
            .slots
            .iter()
            .filter(|s| matches!(s.kind, crate::store::keyslot::SlotKind::User { .. }))
            .count();
        let detail = format!(
            "credential_backend={} user_slots_removed={}",
            self.credentials.backend(),
            dropped.saturating_sub(1)
        );
        self.write(
            Action::DeviceRebound,
            Target::of("user", user.id),
            &detail,
            |_, _| Ok(()),
        )?;
        let old_binding = std::mem::replace(&mut self.slots, slots).device_binding;
        self.save_slots()?;
        // The old entry can no longer open anything; tidy it away if reachable.
        let _ = self.credentials.delete(&old_binding);
        self.actor = Actor::User(user.id);
        let session = Session {
            user,
            via_recovery: true,
        };
        self.session = Some(session.clone());
        Ok(session)
    }

    /// Locks: audits it and closes the database; the data key is zeroized on drop.
    pub fn lock(mut self, idle: bool) -> Result<(), StoreError> {
        let action = if idle { Action::IdleLock } else { Action::Lock };
        self.write(action, Target::none(), "", |_, _| Ok(()))
    }

    pub(crate) fn blobs(&self) -> Blobs {
        Blobs::new(self.dir.root(), &self.data_key)
    }

    pub(crate) fn actor_id(&self) -> Option<i64> {
        self.session().map(|s| s.user.id)
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }
    pub fn store_id(&self) -> &str {
        &self.slots.store_id
    }
    /// The name of this PC's entry in the OS credential store.
    pub fn device_binding(&self) -> &str {
        &self.slots.device_binding
    }
    pub fn credential_backend(&self) -> &str {
        &self.slots.credential_backend
    }
    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }
    pub fn actor(&self) -> Actor {
        self.actor
    }

    /// 管理者, or IT holding the recovery key.
    /// A 管理者 signed in under their own name (an approval records who
    /// gave it); returns their user id.
    pub fn require_named_admin(&self) -> Result<i64, StoreError> {
        match (&self.actor, &self.session) {
            (Actor::Recovery, _) => Err(StoreError::NamedAdminNeeded),
            (_, Some(s)) if s.user.role == Role::Admin => Ok(s.user.id),
            _ => Err(StoreError::PermissionDenied),
        }
    }

    pub fn require_admin(&self) -> Result<(), StoreError> {
        match (&self.actor, &self.session) {
            (Actor::Recovery, _) => Ok(()),
            (_, Some(s)) if s.user.role == Role::Admin => Ok(()),
            _ => Err(StoreError::PermissionDenied),
        }
    }

    /// Runs `f` and appends its audit entry in one IMMEDIATE transaction: the
    /// change and its record commit together or not at all.
    pub fn write<T>(
        &mut self,
        action: Action,
        target: Target,
        detail: &str,
        f: impl FnOnce(&Connection, &str) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write_with(|tx, now| {
            let out = f(tx, now)?;
            Ok((out, action, target, detail.to_string()))
        })
    }

    /// Like `write`, for changes whose audit target is known only afterwards
    /// (e.g. the id of a new row).
    pub fn write_with<T>(
        &mut self,
        f: impl FnOnce(&Connection, &str) -> Result<(T, Action, Target, String), StoreError>,
    ) -> Result<T, StoreError> {
        let actor = self.actor;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = Utc::now();
        let (out, action, target, detail) =
            f(&tx, &now.to_rfc3339_opts(SecondsFormat::Millis, true))?;
        audit::append(&tx, actor, action, target, &detail, now)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn save_slots(&self) -> Result<(), StoreError> {
        Ok(self.slots.save(&self.dir.keyslots_path())?)
    }

    /// The audit chain's state; `Err(AuditBroken)` if it was tampered with.
    pub fn verify_audit(&self) -> Result<audit::ChainStatus, StoreError> {
        audit::verify(&self.conn)
    }

    /// SQLite's own integrity check plus the audit chain.
    pub fn verify(&self) -> Result<audit::ChainStatus, StoreError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result != "ok" {
            return Err(StoreError::Integrity);
        }
        self.verify_audit()
    }

    pub fn audit_entries(&self, limit: i64) -> Result<Vec<audit::Entry>, StoreError> {
        audit::entries(&self.conn, limit)
    }

    /// Writes the audit log (what `filter` selects) as CSV and audits the
    /// export itself.
    pub fn export_audit_csv(
        &mut self,
        filter: &audit::AuditFilter,
        out: &mut dyn std::io::Write,
    ) -> Result<i64, StoreError> {
        let (csv, n) = self.audit_csv(filter)?;
        out.write_all(&csv)?;
        self.record_audit_export(n)?;
        Ok(n)
    }

    /// The CSV of what `filter` selects and its number of entries, for an
    /// edge that saves it and then calls [`Store::record_audit_export`].
    pub fn audit_csv(&self, filter: &audit::AuditFilter) -> Result<(Vec<u8>, i64), StoreError> {
        self.require_admin()?;
        let mut csv = Vec::new();
        let n = audit::export_csv(&self.conn, filter, &mut csv)?;
        Ok((csv, n))
    }

    /// Records that `entries` entries of the log left the app.
    pub fn record_audit_export(&mut self, entries: i64) -> Result<(), StoreError> {
        self.write(
            Action::AuditExported,
            Target::none(),
            &format!("entries={entries}"),
            |_, _| Ok(()),
        )
    }

    /// The audit viewer: 管理者 only.
    pub fn search_audit(
        &self,
        filter: &audit::AuditFilter,
    ) -> Result<audit::AuditPage, StoreError> {
        self.require_admin()?;
        audit::search(&self.conn, filter)
    }

    /// The raw connection, for tests that tamper with the database on purpose.
    #[doc(hidden)]
    pub fn raw_connection_for_tests(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row left dangling across a migration (which runs with the foreign
    /// keys off) stops the open; the check is skipped only when no migration ran.
    #[test]
    fn a_migration_that_leaves_a_dangling_row_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO case_events (case_id, at, kind) VALUES (999, 'now', 'created');",
        )
        .unwrap();
        assert!(matches!(migrate(&mut conn), Err(StoreError::Integrity)));

        let mut current = Connection::open_in_memory().unwrap();
        migrate(&mut current).unwrap();
        assert_eq!(
            current
                .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
                .unwrap(),
            schema_version() as i64
        );
    }

    /// A store at schema 5 with a case and everything that points at it
    /// keeps all of it through the rebuild of `cases` in 0006.
    #[test]
    fn the_workflow_migration_keeps_cases_and_what_points_at_them() {
        let mut conn = Connection::open_in_memory().unwrap();
        pragma(&conn, "PRAGMA foreign_keys = ON").unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO cases (receipt_no, receipt_year, receipt_seq, channel, received_on, requester_name, kinds, kind_mask, created_at, updated_at)
               VALUES ('2026-0001', 2026, 1, 'post', '2026-12-01', '見本 花子', '[\"disclosure\"]', 2, 'now', 'now');
             INSERT INTO case_search (rowid, text) VALUES (1, 'みほんはなこ');
             INSERT INTO case_events (case_id, at, kind) VALUES (1, 'now', 'created');
             INSERT INTO attachments (case_id, origin, file_name, kind, size, sha256, blob_id, added_at) VALUES (1, 'scan', 'a.jpg', 'jpeg', 1, 'x', 'b1', 'now');
             INSERT INTO payments (case_id, direction, method, received_on, amount_yen, created_at) VALUES (1, 'in', 'stamps', '2026-12-02', 300, 'now');
             INSERT INTO clock_pauses (case_id, reason, from_on, created_at) VALUES (1, 'fee', '2026-12-02', 'now');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        for table in [
            "cases",
            "case_events",
            "attachments",
            "payments",
            "clock_pauses",
            "case_search",
        ] {
            assert_eq!(
                count(&format!("SELECT count(*) FROM {table}")),
                1,
                "{table}"
            );
        }
        assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
        // The new statuses are accepted, the old CHECK is gone, triggers work again.
        conn.execute("UPDATE cases SET status = 'investigating' WHERE id = 1", [])
            .unwrap();
        assert!(conn
            .execute("UPDATE cases SET status = 'lost' WHERE id = 1", [])
            .is_err());
        assert_eq!(
            count("SELECT n FROM case_counts WHERE status = 'investigating'"),
            1
        );
        assert_eq!(
            count("SELECT coalesce(sum(n), 0) FROM case_counts WHERE status = 'received'"),
            0
        );
        // Foreign keys are enforced again: deleting the case cascades.
        conn.execute("DELETE FROM cases WHERE id = 1", []).unwrap();
        assert_eq!(count("SELECT count(*) FROM payments"), 0);
        assert_eq!(count("SELECT count(*) FROM sqlite_master WHERE name IN ('cases_filter', 'cases_receipt', 'case_counts_insert', 'case_counts_update', 'case_counts_delete')"), 5);
    }
}
