//! Encrypted files: scans, original .eml files and mail attachments live in
//! `files/` under the data folder, each encrypted with XChaCha20-Poly1305
//! under a key derived from the data key. File names are random ids; the
//! `attachments` table in the encrypted database is the only map to them.
//!
//! Layout of a blob: "MDGF1" · 24-byte nonce · ciphertext+tag (AAD = blob id).

use crate::kernel::error::Coded;
use crate::kernel::error::ErrorCode;

use crate::kernel::secret::DataKey;
use crate::store::error::StoreError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const MAGIC: &[u8] = b"MDGF1";
/// The largest file accepted: a scan or mail of 50 MB or more is refused.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("file too large")]
    TooLarge,
    #[error("file unreadable or altered")]
    Corrupt,
    #[error("file i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl Coded for FileError {
    fn code(&self) -> ErrorCode {
        match self {
            FileError::TooLarge => ErrorCode::FileTooLarge,
            FileError::Corrupt => ErrorCode::FileCorrupt,
            FileError::Io(_) => ErrorCode::IoError,
        }
    }
    fn message(&self) -> String {
        match self {
            FileError::TooLarge => "ファイルが大きすぎます（50MB未満にしてください）。".into(),
            FileError::Corrupt => "保存されたファイルが読めないか、改変されています。".into(),
            FileError::Io(_) => "ファイルの読み書きに失敗しました。".into(),
        }
    }
}

impl From<FileError> for StoreError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Io(io) => StoreError::Io(io),
            FileError::TooLarge => StoreError::invalid("file", FileError::TooLarge.message()),
            FileError::Corrupt => StoreError::Integrity,
        }
    }
}

/// The encrypted file folder of a store.
pub struct Blobs {
    dir: PathBuf,
    key: Zeroizing<[u8; 32]>,
}

impl Blobs {
    pub fn new(data_root: &Path, data_key: &DataKey) -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<sha2::Sha256>::new(None, data_key.expose())
            .expand(b"madoguchi file key v1", key.as_mut())
            .expect("valid length");
        Blobs {
            dir: data_root.join("files"),
            key,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.bin"))
    }

    /// Encrypts and writes `bytes`; returns the new blob id. Written to a
    /// temporary name, synced, then renamed: a crash leaves no half file.
    pub fn put(&self, bytes: &[u8]) -> Result<String, FileError> {
        if bytes.len() >= MAX_FILE_BYTES {
            return Err(FileError::TooLarge);
        }
        std::fs::create_dir_all(&self.dir)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = XChaCha20Poly1305::new(self.key.as_ref().into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: bytes,
                    aad: id.as_bytes(),
                },
            )
            .map_err(|_| FileError::Corrupt)?;
        let mut out = Vec::with_capacity(MAGIC.len() + 24 + ct.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        crate::kernel::fsio::write_atomic(&self.path(&id), &out)?;
        Ok(id)
    }

    /// Reads and decrypts a blob. The plaintext is zeroized when dropped.
    pub fn get(&self, id: &str) -> Result<Zeroizing<Vec<u8>>, FileError> {
        if !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(FileError::Corrupt);
        }
        let raw = std::fs::read(self.path(id))?;
        if raw.len() < MAGIC.len() + 24 || &raw[..MAGIC.len()] != MAGIC {
            return Err(FileError::Corrupt);
        }
        let (nonce, ct) = raw[MAGIC.len()..].split_at(24);
        XChaCha20Poly1305::new(self.key.as_ref().into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: id.as_bytes(),
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| FileError::Corrupt)
    }

    /// Removes a blob (used when a write that added it is rolled back).
    pub fn remove(&self, id: &str) {
        let _ = std::fs::remove_file(self.path(id));
    }

    /// Destroys a blob for good: overwritten with random bytes and synced
    /// before it is unlinked, so the old ciphertext is not left in the
    /// file's blocks (on disks that write in place).
    pub fn destroy(&self, id: &str) -> Result<(), FileError> {
        use std::io::Write;
        if !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(FileError::Corrupt);
        }
        let path = self.path(id);
        let len = match std::fs::metadata(&path) {
            Ok(m) => m.len() as usize,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let mut noise = vec![0u8; len];
        rand::rngs::OsRng.fill_bytes(&mut noise);
        let mut f = std::fs::OpenOptions::new().write(true).open(&path)?;
        f.write_all(&noise)?;
        f.sync_all()?;
        drop(f);
        std::fs::remove_file(&path)?;
        Ok(())
    }

    /// Every blob file, for backups.
    pub fn list(&self) -> std::io::Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        match std::fs::read_dir(&self.dir) {
            Ok(rd) => {
                for e in rd {
                    let p = e?.path();
                    if p.extension().is_some_and(|x| x == "bin") {
                        out.push(p);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        out.sort();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper_detection() {
        let tmp = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(tmp.path(), &DataKey::random());
        let id = blobs.put(b"%PDF-1.7 \xe8\xa6\x8b\xe6\x9c\xac").unwrap();
        assert_eq!(
            &blobs.get(&id).unwrap()[..],
            b"%PDF-1.7 \xe8\xa6\x8b\xe6\x9c\xac"
        );
        let raw = std::fs::read(blobs.path(&id)).unwrap();
        assert!(
            !raw.windows(3).any(|w| w == "見".as_bytes()),
            "stored encrypted"
        );
        let mut bad = raw.clone();
        *bad.last_mut().unwrap() ^= 1;
        std::fs::write(blobs.path(&id), bad).unwrap();
        assert!(matches!(blobs.get(&id), Err(FileError::Corrupt)));
        // Another store's key cannot read it.
        std::fs::write(blobs.path(&id), raw).unwrap();
        assert!(Blobs::new(tmp.path(), &DataKey::random()).get(&id).is_err());
        assert!(blobs.get("../../etc/passwd").is_err());
    }

    #[test]
    fn fifty_megabytes_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(tmp.path(), &DataKey::random());
        assert!(matches!(
            blobs.put(&vec![0u8; MAX_FILE_BYTES]),
            Err(FileError::TooLarge)
        ));
        assert!(!blobs.dir().exists() || blobs.list().unwrap().is_empty());
    }
}
