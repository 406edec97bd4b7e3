//! Key slots: the data key, wrapped once per user and once for the recovery key.
//!
//! The slot file (`keyslots.json`) sits beside the database because it is
//! needed to open it. It holds no personal data: user slots are found by a
//! salted hash of the user name, never the name itself.
//!
//! user slot KEK     = HKDF-SHA256(Argon2id(password, salt, m≥64 MiB) ‖ device secret)
//! recovery slot KEK = HKDF-SHA256(recovery key)
//! wrap              = XChaCha20-Poly1305(KEK, data key, AAD = store id ‖ slot id ‖ kind)

use crate::kernel::error::Coded;
use crate::kernel::error::ErrorCode;
use crate::kernel::secret::{DataKey, DeviceSecret, Password, RecoveryKey};
use crate::store::credential::CredentialError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use zeroize::Zeroizing;

pub const FILE_FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum KeySlotError {
    #[error("wrong user name or password")]
    WrongPassword,
    #[error("wrong recovery key")]
    WrongRecoveryKey,
    #[error("the recovery key is not in the expected format")]
    MalformedRecoveryKey,
    #[error("the key slot file is damaged or missing")]
    Corrupt,
    #[error("key slot file i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl Coded for KeySlotError {
    fn code(&self) -> ErrorCode {
        match self {
            KeySlotError::WrongPassword => ErrorCode::WrongPassword,
            KeySlotError::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
            KeySlotError::MalformedRecoveryKey => ErrorCode::MalformedRecoveryKey,
            KeySlotError::Corrupt => ErrorCode::KeyslotsCorrupt,
            KeySlotError::Io(_) => ErrorCode::IoError,
        }
    }
    fn message(&self) -> String {
        match self {
            KeySlotError::WrongPassword => "ユーザー名またはパスワードが正しくありません。".into(),
            KeySlotError::WrongRecoveryKey => "回復キーが正しくありません。印刷した回復キーをもう一度確認してください。".into(),
            KeySlotError::MalformedRecoveryKey => "回復キーの形式が正しくありません。4文字ずつ13組、合計52文字を入力してください。".into(),
            KeySlotError::Corrupt => "鍵ファイル（keyslots.json）が壊れているか見つかりません。バックアップから復元してください。".into(),
            KeySlotError::Io(_) => "鍵ファイルの読み書きに失敗しました。".into(),
        }
    }
}

/// Argon2id cost. Stored in every slot so it can be raised later without
/// breaking existing slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argon2Params {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Argon2Params {
    /// 64 MiB, 3 passes: ~0.3 s on an office PC.
    pub const DEFAULT: Argon2Params = Argon2Params {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "alg", rename_all = "kebab-case")]
pub enum Kdf {
    Argon2id {
        #[serde(flatten)]
        params: Argon2Params,
        salt: String,
    },
    HkdfSha256 {
        salt: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SlotKind {
    User { label: String },
    Recovery,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeySlot {
    pub id: String,
    #[serde(flatten)]
    pub kind: SlotKind,
    pub kdf: Kdf,
    pub nonce: String,
    pub wrapped: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeySlotFile {
    pub format: u32,
    pub store_id: String,
    /// Which OS credential store holds this PC's device secret.
    pub credential_backend: String,
    /// The name of this PC's credential-store entry. New at every binding
    /// (creation, re-binding, restore), so a restored copy of a store on the
    /// same PC never overwrites the original's device secret.
    pub device_binding: String,
    /// HMAC of the device secret: tells "the credential store changed" apart
    /// from "wrong password" without revealing anything about the secret.
    pub device_check: String,
    pub slots: Vec<KeySlot>,
}

/// The label a user's slot is filed under: a hash, so the file names nobody.
pub fn user_label(store_id: &str, username: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"madoguchi user label v1\0");
    h.update(store_id.as_bytes());
    h.update(b"\0");
    h.update(username.trim().to_lowercase().as_bytes());
    hex::encode(h.finalize())
}

pub fn device_check(binding: &str, device: &DeviceSecret) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(device.expose()).expect("any key length");
    mac.update(b"madoguchi device check v1\0");
    mac.update(binding.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b
}

fn hkdf32(salt: &[u8], ikm: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    hkdf::Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, out.as_mut())
        .expect("32 bytes is a valid HKDF length");
    out
}

fn argon2id(
    password: &Password,
    salt: &[u8],
    p: Argon2Params,
) -> Result<Zeroizing<[u8; 32]>, KeySlotError> {
    let params =
        argon2::Params::new(p.m_kib, p.t, p.p, Some(32)).map_err(|_| KeySlotError::Corrupt)?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    a.hash_password_into(password.expose().as_bytes(), salt, out.as_mut())
        .map_err(|_| KeySlotError::Corrupt)?;
    Ok(out)
}

fn user_kek(
    password: &Password,
    device: &DeviceSecret,
    salt: &[u8],
    p: Argon2Params,
) -> Result<Zeroizing<[u8; 32]>, KeySlotError> {
    let stretched = argon2id(password, salt, p)?;
    let mut ikm = Zeroizing::new(Vec::with_capacity(64));
    ikm.extend_from_slice(stretched.as_ref());
    ikm.extend_from_slice(device.expose());
    Ok(hkdf32(salt, &ikm, b"madoguchi user slot v1"))
}

fn recovery_kek(key: &RecoveryKey, salt: &[u8]) -> Zeroizing<[u8; 32]> {
    hkdf32(salt, key.expose(), b"madoguchi recovery slot v1")
}

fn aad(store_id: &str, slot_id: &str, kind: &SlotKind) -> Vec<u8> {
    let kind = match kind {
        SlotKind::User { label } => format!("user:{label}"),
        SlotKind::Recovery => "recovery".to_string(),
    };
    format!("madoguchi-keyslot-v1\0{store_id}\0{slot_id}\0{kind}").into_bytes()
}

fn seal(
    kek: &[u8; 32],
    store_id: &str,
    id: &str,
    kind: &SlotKind,
    data_key: &DataKey,
) -> (String, String) {
    let nonce: [u8; 24] = random();
    let cipher = XChaCha20Poly1305::new(kek.into());
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: data_key.expose(),
                aad: &aad(store_id, id, kind),
            },
        )
        .expect("encryption of 32 bytes cannot fail");
    (hex::encode(nonce), hex::encode(ct))
}

fn open(kek: &[u8; 32], store_id: &str, slot: &KeySlot) -> Option<DataKey> {
    let nonce = hex::decode(&slot.nonce).ok()?;
    let ct = hex::decode(&slot.wrapped).ok()?;
    if nonce.len() != 24 {
        return None;
    }
    let cipher = XChaCha20Poly1305::new(kek.into());
    let pt = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ct,
                    aad: &aad(store_id, &slot.id, &slot.kind),
                },
            )
            .ok()?,
    );
    let arr: [u8; 32] = pt.as_slice().try_into().ok()?;
    Some(DataKey::from_bytes(arr))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl KeySlot {
    pub fn new_user(
        store_id: &str,
        username: &str,
        password: &Password,
        device: &DeviceSecret,
        data_key: &DataKey,
        params: Argon2Params,
    ) -> Result<Self, KeySlotError> {
        let id = uuid::Uuid::new_v4().to_string();
        let salt: [u8; 16] = random();
        let kind = SlotKind::User {
            label: user_label(store_id, username),
        };
        let kek = user_kek(password, device, &salt, params)?;
        let (nonce, wrapped) = seal(&kek, store_id, &id, &kind, data_key);
        Ok(KeySlot {
            id,
            kind,
            kdf: Kdf::Argon2id {
                params,
                salt: hex::encode(salt),
            },
            nonce,
            wrapped,
            created_at: now(),
        })
    }

    pub fn new_recovery(store_id: &str, key: &RecoveryKey, data_key: &DataKey) -> Self {
        let id = uuid::Uuid::new_v4().to_string();
        let salt: [u8; 16] = random();
        let kind = SlotKind::Recovery;
        let kek = recovery_kek(key, &salt);
        let (nonce, wrapped) = seal(&kek, store_id, &id, &kind, data_key);
        KeySlot {
            id,
            kind,
            kdf: Kdf::HkdfSha256 {
                salt: hex::encode(salt),
            },
            nonce,
            wrapped,
            created_at: now(),
        }
    }
}

impl KeySlotFile {
    /// A slot file bound to `device` under a fresh binding name; the caller
    /// stores `device` in the credential store under `device_binding`.
    pub fn new(store_id: String, backend: &str, device: &DeviceSecret) -> Self {
        let device_binding = uuid::Uuid::new_v4().to_string();
        KeySlotFile {
            format: FILE_FORMAT,
            device_check: device_check(&device_binding, device),
            device_binding,
            store_id,
            credential_backend: backend.to_string(),
            slots: Vec::new(),
        }
    }

    pub fn load(path: &Path) -> Result<Self, KeySlotError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeySlotError::Corrupt)
            }
            Err(e) => return Err(e.into()),
        };
        let file: KeySlotFile =
            serde_json::from_slice(&bytes).map_err(|_| KeySlotError::Corrupt)?;
        if file.format != FILE_FORMAT {
            return Err(KeySlotError::Corrupt);
        }
        Ok(file)
    }

    /// Written to a temporary file, synced, then renamed: a crash leaves the
    /// old file or the new one, never half of either.
    pub fn save(&self, path: &Path) -> Result<(), KeySlotError> {
        let json = serde_json::to_vec_pretty(self).expect("key slot file serialises");
        crate::kernel::fsio::write_atomic(path, &json)?;
        Ok(())
    }

    pub fn check_device(&self, device: &DeviceSecret) -> Result<(), CredentialError> {
        let expected = device_check(&self.device_binding, device);
        // Not secret-dependent timing that matters: the check value is public.
        if expected == self.device_check {
            Ok(())
        } else {
            Err(CredentialError::Changed)
        }
    }

    pub fn user_slot(&self, username: &str) -> Option<&KeySlot> {
        let label = user_label(&self.store_id, username);
        self.slots
            .iter()
            .find(|s| matches!(&s.kind, SlotKind::User { label: l } if *l == label))
    }

    /// Replaces any slot of this user with `slot`.
    pub fn put_user_slot(&mut self, username: &str, slot: KeySlot) {
        self.remove_user_slot(username);
        self.slots.push(slot);
    }

    pub fn remove_user_slot(&mut self, username: &str) -> bool {
        let label = user_label(&self.store_id, username);
        let before = self.slots.len();
        self.slots
            .retain(|s| !matches!(&s.kind, SlotKind::User { label: l } if *l == label));
        before != self.slots.len()
    }

    pub fn set_recovery_slot(&mut self, slot: KeySlot) {
        self.slots.retain(|s| s.kind != SlotKind::Recovery);
        self.slots.push(slot);
    }

    pub fn recovery_slot(&self) -> Option<&KeySlot> {
        self.slots.iter().find(|s| s.kind == SlotKind::Recovery)
    }

    pub fn unwrap_user(
        &self,
        username: &str,
        password: &Password,
        device: &DeviceSecret,
    ) -> Result<DataKey, KeySlotError> {
        let Some(slot) = self.user_slot(username) else {
            // Same work and the same answer as a wrong password: the screen
            // must not tell which user names exist.
            let _ = argon2id(password, &[0u8; 16], Argon2Params::DEFAULT);
            return Err(KeySlotError::WrongPassword);
        };
        let Kdf::Argon2id { params, salt } = &slot.kdf else {
            return Err(KeySlotError::Corrupt);
        };
        let salt = hex::decode(salt).map_err(|_| KeySlotError::Corrupt)?;
        let kek = user_kek(password, device, &salt, *params)?;
        open(&kek, &self.store_id, slot).ok_or(KeySlotError::WrongPassword)
    }

    pub fn unwrap_recovery(&self, key: &RecoveryKey) -> Result<DataKey, KeySlotError> {
        let slot = self.recovery_slot().ok_or(KeySlotError::Corrupt)?;
        let Kdf::HkdfSha256 { salt } = &slot.kdf else {
            return Err(KeySlotError::Corrupt);
        };
        let salt = hex::decode(salt).map_err(|_| KeySlotError::Corrupt)?;
        open(&recovery_kek(key, &salt), &self.store_id, slot).ok_or(KeySlotError::WrongRecoveryKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_slot_needs_password_and_device_secret() {
        let dk = DataKey::random();
        let dev = DeviceSecret::random();
        let mut f = KeySlotFile::new("store-1".into(), "test", &dev);
        let pw = Password::new("correct horse");
        f.put_user_slot(
            "Tanaka",
            KeySlot::new_user("store-1", "Tanaka", &pw, &dev, &dk, Argon2Params::DEFAULT).unwrap(),
        );
        assert_eq!(
            f.unwrap_user("tanaka", &pw, &dev).unwrap(),
            dk,
            "user names are case-insensitive"
        );
        assert!(matches!(
            f.unwrap_user("tanaka", &Password::new("wrong"), &dev),
            Err(KeySlotError::WrongPassword)
        ));
        assert!(matches!(
            f.unwrap_user("tanaka", &pw, &DeviceSecret::random()),
            Err(KeySlotError::WrongPassword)
        ));
        assert!(matches!(
            f.unwrap_user("nobody", &pw, &dev),
            Err(KeySlotError::WrongPassword)
        ));
        assert!(f.check_device(&DeviceSecret::random()).is_err());
        assert!(f.check_device(&dev).is_ok());
        let json = serde_json::to_string(&f).unwrap();
        assert!(
            !json.to_lowercase().contains("tanaka"),
            "slot file names nobody"
        );
        assert!(
            json.contains("\"m_kib\":65536"),
            "argon2 parameters are stored in the slot"
        );
    }

    #[test]
    fn recovery_slot_opens_with_recovery_key_alone() {
        let dk = DataKey::random();
        let mut f = KeySlotFile::new("s".into(), "test", &DeviceSecret::random());
        let rk = RecoveryKey::random();
        f.set_recovery_slot(KeySlot::new_recovery("s", &rk, &dk));
        assert_eq!(f.unwrap_recovery(&rk).unwrap(), dk);
        assert!(matches!(
            f.unwrap_recovery(&RecoveryKey::random()),
            Err(KeySlotError::WrongRecoveryKey)
        ));
    }

    #[test]
    fn a_slot_moved_to_another_store_does_not_open() {
        let dk = DataKey::random();
        let rk = RecoveryKey::random();
        let slot = KeySlot::new_recovery("store-a", &rk, &dk);
        let mut other = KeySlotFile::new("store-b".into(), "test", &DeviceSecret::random());
        other.set_recovery_slot(slot);
        assert!(other.unwrap_recovery(&rk).is_err());
    }
}
