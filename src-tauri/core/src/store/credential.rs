//! The OS credential store (Windows Credential Manager, macOS Keychain, the
//! Secret Service on Linux) holds one device secret per store. It is behind a
//! trait so the core is tested with an in-memory fake as well as for real.

use crate::kernel::error::Coded;
use crate::kernel::error::ErrorCode;
use crate::kernel::secret::DeviceSecret;
use std::collections::HashMap;
use std::sync::Mutex;

/// The service name entries are filed under in the OS credential store.
pub const SERVICE: &str = "jp.madoguchi.desk";

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CredentialError {
    /// No entry for this store: a different PC, a wiped profile, a restored backup.
    #[error("no device secret in the credential store")]
    Missing,
    /// The store could not be reached or is locked.
    #[error("credential store unavailable: {0}")]
    Unavailable(String),
    /// An entry exists but it is not the secret this store was bound to.
    #[error("device secret does not match this store")]
    Changed,
    /// This build would store secrets in memory only (keyring's mock).
    #[error("credential store is not persistent")]
    NotPersistent,
}

impl Coded for CredentialError {
    fn code(&self) -> ErrorCode {
        match self {
            CredentialError::Missing => ErrorCode::CredentialMissing,
            CredentialError::Unavailable(_) => ErrorCode::CredentialUnavailable,
            CredentialError::Changed => ErrorCode::CredentialChanged,
            CredentialError::NotPersistent => ErrorCode::CredentialNotPersistent,
        }
    }
    fn message(&self) -> String {
        match self {
            CredentialError::Missing => "このPCの資格情報ストアに窓口の鍵が見つかりません。別のPCで作成されたデータか、資格情報が削除された可能性があります。回復キーで開いてください。".into(),
            CredentialError::Unavailable(_) => "OSの資格情報ストア（キーチェーン）を利用できません。ロックされているか、起動していない可能性があります。ロックを解除してから再度お試しいただくか、回復キーで開いてください。".into(),
            CredentialError::Changed => "このPCの資格情報ストアにある窓口の鍵が変更されています。回復キーで開いてください。".into(),
            CredentialError::NotPersistent => "資格情報ストアが永続的に保存しない方式になっています。安全のため処理を中止しました。".into(),
        }
    }
}

/// Where the device secret lives.
pub trait CredentialStore: Send + Sync {
    /// A short stable name recorded in the key slot file, e.g. `secret-service`.
    fn backend(&self) -> &'static str;
    fn get(&self, binding: &str) -> Result<DeviceSecret, CredentialError>;
    fn set(&self, binding: &str, secret: &DeviceSecret) -> Result<(), CredentialError>;
    fn delete(&self, binding: &str) -> Result<(), CredentialError>;
}

fn account(binding: &str) -> String {
    format!("device-secret:{binding}")
}

/// The real OS credential store through the `keyring` crate.
pub struct OsCredentialStore;

impl OsCredentialStore {
    /// Refuses keyring's in-memory mock, which its default features select
    /// silently: a secret stored there would vanish at exit.
    pub fn new() -> Result<Self, CredentialError> {
        if !Self::is_persistent() {
            return Err(CredentialError::NotPersistent);
        }
        Ok(Self)
    }

    /// Whether keyring's default backend in this build keeps secrets beyond
    /// the process (false for its mock).
    pub fn is_persistent() -> bool {
        let builder = keyring::default::default_credential_builder();
        !matches!(
            builder.persistence(),
            keyring::credential::CredentialPersistence::EntryOnly
                | keyring::credential::CredentialPersistence::ProcessOnly
        )
    }

    fn entry(binding: &str) -> Result<keyring::Entry, CredentialError> {
        keyring::Entry::new(SERVICE, &account(binding)).map_err(map_keyring)
    }
}

fn map_keyring(e: keyring::Error) -> CredentialError {
    match e {
        keyring::Error::NoEntry => CredentialError::Missing,
        // The variants carry platform detail, never our secret; keep only the kind.
        keyring::Error::NoStorageAccess(_) => {
            CredentialError::Unavailable("no storage access".into())
        }
        keyring::Error::PlatformFailure(_) => {
            CredentialError::Unavailable("platform failure".into())
        }
        keyring::Error::BadEncoding(_) => CredentialError::Changed,
        keyring::Error::Ambiguous(_) => CredentialError::Changed,
        other => CredentialError::Unavailable(format!("{:?}", std::mem::discriminant(&other))),
    }
}

impl CredentialStore for OsCredentialStore {
    fn backend(&self) -> &'static str {
        if cfg!(target_os = "windows") {
            "windows-credential-manager"
        } else if cfg!(target_os = "macos") {
            "macos-keychain"
        } else {
            "secret-service"
        }
    }

    fn get(&self, binding: &str) -> Result<DeviceSecret, CredentialError> {
        let bytes =
            zeroize::Zeroizing::new(Self::entry(binding)?.get_secret().map_err(map_keyring)?);
        let arr: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| CredentialError::Changed)?;
        Ok(DeviceSecret::from_bytes(arr))
    }

    fn set(&self, binding: &str, secret: &DeviceSecret) -> Result<(), CredentialError> {
        let entry = Self::entry(binding)?;
        entry.set_secret(secret.expose()).map_err(map_keyring)?;
        // Read it back: a store that accepts writes but loses them must fail now,
        // not when the officer next signs in.
        match self.get(binding) {
            Ok(back) if back == *secret => Ok(()),
            Ok(_) => Err(CredentialError::Changed),
            Err(e) => Err(e),
        }
    }

    fn delete(&self, binding: &str) -> Result<(), CredentialError> {
        match Self::entry(binding)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring(e)),
        }
    }
}

/// An in-memory credential store for tests, with failure injection.
#[derive(Default)]
pub struct MemoryCredentialStore {
    entries: Mutex<HashMap<String, [u8; 32]>>,
    fail_with: Mutex<Option<CredentialError>>,
}

impl MemoryCredentialStore {
    pub fn new() -> Self {
        Self::default()
    }
    /// Every later call fails with this error until cleared with `None`.
    pub fn fail_with(&self, e: Option<CredentialError>) {
        *self.fail_with.lock().unwrap() = e;
    }
    pub fn remove_all(&self) {
        self.entries.lock().unwrap().clear();
    }
    /// Replaces the secret of a store, as if another program had overwritten it.
    pub fn overwrite(&self, binding: &str, secret: &DeviceSecret) {
        self.entries
            .lock()
            .unwrap()
            .insert(account(binding), *secret.expose());
    }
    fn check(&self) -> Result<(), CredentialError> {
        match &*self.fail_with.lock().unwrap() {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }
}

impl CredentialStore for MemoryCredentialStore {
    fn backend(&self) -> &'static str {
        "memory-test-only"
    }
    fn get(&self, binding: &str) -> Result<DeviceSecret, CredentialError> {
        self.check()?;
        self.entries
            .lock()
            .unwrap()
            .get(&account(binding))
            .map(|b| DeviceSecret::from_bytes(*b))
            .ok_or(CredentialError::Missing)
    }
    fn set(&self, binding: &str, secret: &DeviceSecret) -> Result<(), CredentialError> {
        self.check()?;
        self.entries
            .lock()
            .unwrap()
            .insert(account(binding), *secret.expose());
        Ok(())
    }
    fn delete(&self, binding: &str) -> Result<(), CredentialError> {
        self.check()?;
        self.entries.lock().unwrap().remove(&account(binding));
        Ok(())
    }
}
