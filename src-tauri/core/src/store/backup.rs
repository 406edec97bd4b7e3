//! Backups: one file that holds an encrypted copy of the database (made with
//! `sqlcipher_export`, never SQLite's plaintext `.backup`) and the recovery
//! slot, so it opens on a PC that never had the store, with the recovery key.
//!
//! File layout:
//!   "MADOGUCHI-BACKUP\n" · u32 BE header length · header JSON · file bytes …
//!   · SHA-256 of everything before (accidental damage)
//!   · HMAC-SHA256 of everything before, keyed from the data key (tampering)
//!
//! Every file inside is already encrypted; the header holds no personal data.

use crate::kernel::error::Coded;
use crate::kernel::error::ErrorCode;
use crate::kernel::fsio::write_atomic;
use crate::kernel::secret::{DataKey, DeviceSecret, Password, RecoveryKey};
use crate::store::audit::{Action, Target};
use crate::store::credential::CredentialStore;
use crate::store::error::StoreError;
use crate::store::keyslot::{KeySlot, KeySlotError, KeySlotFile};
use crate::store::{open_database, DataDir, Session, Store};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;
use zeroize::Zeroizing;

const MAGIC: &[u8] = b"MADOGUCHI-BACKUP\n";
const FORMAT: u32 = 1;
const TRAILER: u64 = 64;
const DB_ENTRY: &str = "madoguchi.db";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("not a Madoguchi backup")]
    NotABackup,
    #[error("backup damaged")]
    Damaged,
    #[error("backup altered")]
    Tampered,
    #[error("backup from a newer version")]
    TooNew,
    #[error("target folder is not empty")]
    TargetNotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl From<KeySlotError> for BackupError {
    fn from(e: KeySlotError) -> Self {
        BackupError::Store(e.into())
    }
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        BackupError::Store(e.into())
    }
}

impl Coded for BackupError {
    fn fields(&self) -> Vec<crate::kernel::error::FieldError> {
        match self {
            BackupError::Store(e) => e.fields(),
            _ => Vec::new(),
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            BackupError::NotABackup => ErrorCode::NotABackup,
            BackupError::Damaged => ErrorCode::BackupDamaged,
            BackupError::Tampered => ErrorCode::BackupTampered,
            BackupError::TooNew => ErrorCode::BackupTooNew,
            BackupError::TargetNotEmpty => ErrorCode::TargetNotEmpty,
            BackupError::Store(e) => e.code(),
            BackupError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => {
                ErrorCode::DiskFull
            }
            BackupError::Io(e) if crate::kernel::error::is_read_only_io(e) => ErrorCode::ReadOnly,
            BackupError::Io(_) => ErrorCode::IoError,
        }
    }
    fn message(&self) -> String {
        match self {
            BackupError::NotABackup => "このファイルは窓口のバックアップではありません。".into(),
            BackupError::Damaged => "バックアップファイルが破損しています（チェックサム不一致）。別のバックアップを使ってください。".into(),
            BackupError::Tampered => "バックアップファイルが改変されています（認証コード不一致）。このファイルは使えません。".into(),
            BackupError::TooNew => "このバックアップは新しいバージョンの窓口で作成されています。窓口を更新してから復元してください。".into(),
            BackupError::TargetNotEmpty => "復元先のフォルダに既にデータがあります。空のフォルダを指定してください。".into(),
            BackupError::Store(e) => e.message(),
            BackupError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => "保存先の空き容量が足りないため、バックアップを作成できませんでした。書きかけのファイルは残していません。空きのある保存先を選んでください。".into(),
            BackupError::Io(e) if crate::kernel::error::is_read_only_io(e) => "保存先に書き込めません（読み取り専用か、書き込む権限がありません）。別の保存先を選んでください。".into(),
            BackupError::Io(_) => "バックアップファイルの読み書きに失敗しました。".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileEntry {
    name: String,
    size: u64,
    sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    format: u32,
    app_version: String,
    schema_version: usize,
    store_id: String,
    created_at: String,
    audit_entries: i64,
    recovery_slot: KeySlot,
    files: Vec<FileEntry>,
}

/// What a finished backup contains, for the CLI to print.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub bytes: u64,
    pub audit_entries: i64,
    pub store_id: String,
}

fn mac_key(data_key: &DataKey) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    hkdf::Hkdf::<Sha256>::new(None, data_key.expose())
        .expand(b"madoguchi backup mac v1", out.as_mut())
        .expect("valid length");
    out
}

fn sha256_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = BufReader::new(File::open(path)?);
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let r = f.read(&mut buf)?;
        if r == 0 {
            break;
        }
        h.update(&buf[..r]);
        n += r as u64;
    }
    Ok((n, hex::encode(h.finalize())))
}

/// A writer that feeds everything it writes into the checksum and the MAC.
struct Sealing<W: Write> {
    inner: W,
    sha: Sha256,
    mac: Hmac<Sha256>,
}

impl<W: Write> Write for Sealing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sha.update(&buf[..n]);
        self.mac.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Store {
    /// Writes a consistent, encrypted backup to `out` while the app may be
    /// running, then reads it back and verifies it before reporting success.
    pub fn backup(&mut self, out: &Path) -> Result<BackupReport, BackupError> {
        self.require_admin()?;
        let work = tempfile::Builder::new()
            .prefix(".madoguchi-backup")
            .tempdir_in(out.parent().unwrap_or(Path::new(".")))?;
        let db_copy = work.path().join(DB_ENTRY);
        let audit_entries = self.export_encrypted_copy(&db_copy)?;
        // The database first, then every encrypted file, in name order.
        let blob_paths = crate::store::files::Blobs::new(self.dir.root(), &self.data_key).list()?;
        let mut sources = vec![(DB_ENTRY.to_string(), db_copy.clone())];
        for p in blob_paths {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or(BackupError::Damaged)?;
            sources.push((format!("files/{name}"), p.clone()));
        }
        let mut files = Vec::with_capacity(sources.len());
        for (name, path) in &sources {
            let (size, sha256) = sha256_file(path)?;
            files.push(FileEntry {
                name: name.clone(),
                size,
                sha256,
            });
        }
        let recovery_slot = self
            .slots
            .recovery_slot()
            .cloned()
            .ok_or(KeySlotError::Corrupt)?;
        let header = Header {
            format: FORMAT,
            app_version: crate::kernel::APP_VERSION.to_string(),
            schema_version: crate::store::schema_version(),
            store_id: self.slots.store_id.clone(),
            created_at: chrono::Utc::now().to_rfc3339(),
            audit_entries,
            recovery_slot,
            files,
        };

        let partial = out.with_extension("partial");
        // A backup that failed half-way (a full disk) leaves no file behind.
        let written = self.write_sealed(&partial, &header, &sources);
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, out)?;
        let bytes = std::fs::metadata(out)?.len();
        self.write(
            Action::BackupCreated,
            Target::none(),
            &format!("bytes={bytes}"),
            |_, _| Ok(()),
        )?;
        Ok(BackupReport {
            bytes,
            audit_entries,
            store_id: self.slots.store_id.clone(),
        })
    }

    /// Writes the sealed backup file to `partial`, synced, and verifies it.
    fn write_sealed(
        &self,
        partial: &Path,
        header: &Header,
        sources: &[(String, std::path::PathBuf)],
    ) -> Result<(), BackupError> {
        {
            let file = File::create(partial)?;
            let mut w = Sealing {
                inner: BufWriter::new(file),
                sha: Sha256::new(),
                mac: <Hmac<Sha256> as Mac>::new_from_slice(mac_key(&self.data_key).as_ref())
                    .expect("key"),
            };
            let header_json = serde_json::to_vec(&header).expect("header serialises");
            w.write_all(MAGIC)?;
            w.write_all(&(header_json.len() as u32).to_be_bytes())?;
            w.write_all(&header_json)?;
            for ((_, path), entry) in sources.iter().zip(&header.files) {
                // Exactly the bytes that were hashed: a file that changed since is an error.
                let copied = std::io::copy(
                    &mut BufReader::new(File::open(path)?).take(entry.size),
                    &mut w,
                )?;
                if copied != entry.size {
                    return Err(BackupError::Damaged);
                }
            }
            let Sealing {
                mut inner,
                sha,
                mac,
            } = w;
            inner.write_all(&sha.finalize())?;
            inner.write_all(&mac.finalize().into_bytes())?;
            inner.flush()?;
            inner.get_ref().sync_all()?;
        }
        // Verified before it is given its real name: a backup that exists is good.
        verify_backup_file(partial, Some(&self.data_key))
    }

    /// `sqlcipher_export` into an attached database keyed with the data key,
    /// inside one read transaction so the copy is a consistent snapshot.
    fn export_encrypted_copy(&self, dest: &Path) -> Result<i64, BackupError> {
        let key_hex = Zeroizing::new(hex::encode(self.data_key.expose()));
        let attach = Zeroizing::new(format!(
            "ATTACH DATABASE ?1 AS backup KEY \"x'{}'\"",
            key_hex.as_str()
        ));
        let dest_str = dest
            .to_str()
            .ok_or(BackupError::Io(std::io::Error::other("non-UTF-8 path")))?;
        self.conn.execute(&attach, [dest_str])?;
        let result = (|| -> Result<i64, BackupError> {
            self.conn.execute_batch("BEGIN")?;
            let entries = crate::store::audit::verify(&self.conn)?.entries;
            self.conn
                .query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
            let v: i64 = self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))?;
            self.conn.pragma_update(Some("backup"), "user_version", v)?;
            self.conn.execute_batch("COMMIT")?;
            Ok(entries)
        })();
        if result.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.conn.execute("DETACH DATABASE backup", [])?;
        result
    }
}

/// Only the names a backup writes: the database and `files/<hex>.bin`.
fn valid_entry_name(name: &str) -> bool {
    name == DB_ENTRY
        || name
            .strip_prefix("files/")
            .and_then(|n| n.strip_suffix(".bin"))
            .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit()))
}

fn read_header(f: &mut File) -> Result<(Header, u64), BackupError> {
    let mut magic = [0u8; MAGIC.len()];
    f.read_exact(&mut magic)
        .map_err(|_| BackupError::NotABackup)?;
    if magic != MAGIC {
        return Err(BackupError::NotABackup);
    }
    let mut len = [0u8; 4];
    f.read_exact(&mut len).map_err(|_| BackupError::Damaged)?;
    let len = u32::from_be_bytes(len) as usize;
    if len > 1 << 20 {
        return Err(BackupError::Damaged);
    }
    let mut json = vec![0u8; len];
    f.read_exact(&mut json).map_err(|_| BackupError::Damaged)?;
    let header: Header = serde_json::from_slice(&json).map_err(|_| BackupError::Damaged)?;
    Ok((header, (MAGIC.len() + 4 + len) as u64))
}

/// Checks the checksum, and with the data key also the MAC. Damage is told
/// apart from deliberate change.
fn verify_backup_file(path: &Path, data_key: Option<&DataKey>) -> Result<(), BackupError> {
    let mut f = File::open(path)?;
    let total = f.metadata()?.len();
    if total < MAGIC.len() as u64 + 4 + TRAILER {
        return Err(BackupError::NotABackup);
    }
    // Any other file is "not a backup", not a damaged one.
    let mut magic = [0u8; MAGIC.len()];
    f.read_exact(&mut magic)?;
    if magic != MAGIC {
        return Err(BackupError::NotABackup);
    }
    f.seek(SeekFrom::Start(0))?;
    let body = total - TRAILER;
    let mut sha = Sha256::new();
    let mut mac =
        data_key.map(|k| <Hmac<Sha256> as Mac>::new_from_slice(mac_key(k).as_ref()).expect("key"));
    let mut reader = BufReader::new(&mut f).take(body);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        if let Some(m) = mac.as_mut() {
            m.update(&buf[..n]);
        }
    }
    let mut trailer = [0u8; TRAILER as usize];
    f.seek(SeekFrom::Start(body))?;
    f.read_exact(&mut trailer)?;
    if sha.finalize().as_slice() != &trailer[..32] {
        return Err(BackupError::Damaged);
    }
    if let Some(m) = mac {
        m.verify_slice(&trailer[32..])
            .map_err(|_| BackupError::Tampered)?;
    }
    Ok(())
}

/// Restores `backup` into the empty folder `target` on this PC: opens it with
/// the recovery key, checks it, and gives `username` a new password bound to
/// this PC's credential store. Returns the open store.
pub fn restore(
    backup: &Path,
    target: &DataDir,
    credentials: Arc<dyn CredentialStore>,
    recovery: &RecoveryKey,
    username: &str,
    new_password: &Password,
) -> Result<(Store, Session), BackupError> {
    if target.is_initialised() || target.db_path().exists() {
        return Err(BackupError::TargetNotEmpty);
    }
    let (mut f, header, offset) = open_checked(backup)?;
    // A slot file that holds only the recovery slot; the device binding is
    // made fresh by `rebind_to_this_pc` below.
    let mut slots = KeySlotFile::new(
        header.store_id.clone(),
        credentials.backend(),
        &DeviceSecret::random(),
    );
    slots.set_recovery_slot(header.recovery_slot.clone());
    let data_key = slots.unwrap_recovery(recovery)?;
    verify_backup_file(backup, Some(&data_key))?;
    drop(data_key);

    // A refused restore leaves the target as it found it.
    let existed = target.root().exists();
    let entries = |dir: &Path| -> std::collections::HashSet<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default()
    };
    let before = entries(target.root());
    let restored = (|| {
        restore_files(&mut f, &header, offset, target, &slots, recovery)?;
        let mut store = Store::open_with_recovery(target, credentials, recovery)?;
        store.verify()?;
        let session = store.rebind_to_this_pc(username, new_password)?;
        let detail = format!(
            "backup_created_at={} audit_entries={}",
            header.created_at, header.audit_entries
        );
        store.write(
            Action::StoreRestored,
            Target::none(),
            &detail,
            |_, _| Ok(()),
        )?;
        Ok((store, session))
    })();
    if restored.is_err() {
        if existed {
            for name in entries(target.root()).difference(&before) {
                let p = target.root().join(name);
                let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
            }
        } else {
            let _ = std::fs::remove_dir_all(target.root());
        }
    }
    restored
}

/// Writes the database and the files of a checked backup into `target`.
fn restore_files(
    f: &mut File,
    header: &Header,
    offset: u64,
    target: &DataDir,
    slots: &KeySlotFile,
    recovery: &RecoveryKey,
) -> Result<(), BackupError> {
    std::fs::create_dir_all(target.root())?;
    let work = tempfile::Builder::new()
        .prefix(".madoguchi-restore")
        .tempdir_in(target.root())?;
    f.seek(SeekFrom::Start(offset))?;
    std::fs::create_dir_all(work.path().join("files"))?;
    for entry in &header.files {
        if !valid_entry_name(&entry.name) {
            return Err(BackupError::Damaged);
        }
        let dest = work.path().join(&entry.name);
        let mut out = BufWriter::new(File::create(&dest)?);
        std::io::copy(&mut std::io::Read::by_ref(f).take(entry.size), &mut out)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        if sha256_file(&dest)?.1 != entry.sha256 {
            return Err(BackupError::Damaged);
        }
    }
    std::fs::rename(work.path().join(DB_ENTRY), target.db_path())?;
    std::fs::rename(work.path().join("files"), target.root().join("files"))?;
    // Opening it checks the key, the schema and migrations once more.
    drop(open_database(
        &target.db_path(),
        &slots.unwrap_recovery(recovery)?,
    )?);
    write_atomic(
        &target.keyslots_path(),
        &serde_json::to_vec_pretty(&slots).expect("serialises"),
    )?;
    Ok(())
}

/// Opens a backup whose checksum holds and whose versions this program reads.
fn open_checked(backup: &Path) -> Result<(File, Header, u64), BackupError> {
    verify_backup_file(backup, None)?;
    let mut f = File::open(backup)?;
    let (header, offset) = read_header(&mut f)?;
    if header.format > FORMAT || header.schema_version > crate::store::schema_version() {
        return Err(BackupError::TooNew);
    }
    Ok((f, header, offset))
}

/// Checks a backup file without restoring it: the checksum always, and the
/// MAC and the database inside when the recovery key is given.
pub fn verify(backup: &Path, recovery: Option<&RecoveryKey>) -> Result<(), BackupError> {
    let (_, header, _) = open_checked(backup)?;
    if let Some(key) = recovery {
        let mut slots = KeySlotFile::new(header.store_id, "n/a", &DeviceSecret::random());
        slots.set_recovery_slot(header.recovery_slot);
        let data_key = slots.unwrap_recovery(key)?;
        verify_backup_file(backup, Some(&data_key))?;
    }
    Ok(())
}
