//! The bodies of the fuzz targets. Also compiled into madoguchi-core's
//! `tests/fuzz_regressions.rs` (by `#[path]`), so a saved input replays
//! exactly the code the fuzzer ran. Only madoguchi-core's own dependencies
//! may be used here, and no `crate::` paths.
//!
//! Each function returns a short outcome ("ok", "err:<code>") and panics
//! only when an invariant is broken.

use madoguchi_core::case::model::CaseInput;
use madoguchi_core::desk::org::Organisation;
use madoguchi_core::intake::mail;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::secret::{DeviceSecret, Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::policy;
use madoguchi_core::store::backup;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::keyslot::{KeySlot, KeySlotFile};
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{DataDir, Store};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// MADOGUCHI_FUZZ_VERBOSE=1: the targets print each input's outcome, to
/// see what a replayed input does (`cargo fuzz run <target> <file>`).
pub fn verbose() -> bool {
    static V: OnceLock<bool> = OnceLock::new();
    *V.get_or_init(|| std::env::var_os("MADOGUCHI_FUZZ_VERBOSE").is_some())
}

// ---------------------------------------------------------------------------
// eml_import

/// What importing an .eml does before anything is stored: parse, type the
/// attachments, prefill the case form, and redact attachments from the copy
/// of the mail that is kept.
pub fn eml_import(data: &[u8]) -> String {
    let parsed = match mail::parse_eml(data) {
        Ok(p) => p,
        Err(e) => return format!("err:{}", e.code()),
    };
    for a in &parsed.attachments {
        assert_eq!(
            madoguchi_core::intake::content::detect_kind(&a.bytes),
            a.detected
        );
        let _ = (a.detected.mime(), a.detected.label_ja());
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).expect("date");
    let input = CaseInput::from_mail(&parsed, today);
    let _ = input.validated(today);
    let _ = parsed.date.map(|d| d.to_rfc3339());

    // The kept copy with every attachment masked or refused (cases.rs).
    let all: Vec<usize> = (0..parsed.attachments.len()).collect();
    let kept = mail::redact_attachments(data, &parsed, &all);
    if let Ok(again) = mail::parse_eml(&kept) {
        assert_not_kept(&parsed, &again);
    }

    // A BOM in front is skipped by the parser, so it must change nothing but
    // itself: same attachments, and the same redaction after the BOM (this
    // catches offsets that point into the mail without its BOM/mbox line).
    if !data.starts_with(BOM) && data.len() + BOM.len() < mail::MAX_EML_BYTES {
        let mut with_bom = BOM.to_vec();
        with_bom.extend_from_slice(data);
        let p2 = mail::parse_eml(&with_bom).expect("a BOM in front of a mail");
        assert_eq!(p2.attachments.len(), parsed.attachments.len());
        for (a, b) in parsed.attachments.iter().zip(&p2.attachments) {
            assert!(a.bytes == b.bytes && a.file_name == b.file_name);
        }
        let kept2 = mail::redact_attachments(&with_bom, &p2, &all);
        assert!(
            kept2.starts_with(BOM) && kept2[BOM.len()..] == kept[..],
            "redaction differs once a BOM is in front"
        );
    }
    "ok".into()
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// No 32-byte run of a redacted attachment survives in any attachment of the
/// kept mail (runs that are part of the placeholder note do not count).
fn assert_not_kept(before: &mail::ParsedMail, after: &mail::ParsedMail) {
    const RUN: usize = 32;
    let note = mail::REDACTED_NOTE.as_bytes();
    let note_b64 = base64(note);
    let mut kept = std::collections::HashSet::new();
    for a in &after.attachments {
        for w in a.bytes.windows(RUN) {
            kept.insert(w);
        }
    }
    for (i, a) in before.attachments.iter().enumerate() {
        for w in a.bytes.windows(RUN) {
            if kept.contains(w) && !contains(note, w) && !contains(&note_b64, w) {
                panic!(
                    "attachment {} ({} bytes, range {:?}) is still in the kept .eml",
                    i + 1,
                    a.bytes.len(),
                    a.body_range
                );
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn base64(bytes: &[u8]) -> Vec<u8> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = u32::from(c[0]) << 16
            | u32::from(*c.get(1).unwrap_or(&0)) << 8
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(A[(n >> (18 - 6 * k) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// profile_import

/// Importing a policy file: what comes in validates, and what goes out
/// (export) comes back in unchanged.
pub fn profile_import(data: &[u8]) -> String {
    let body = match policy::from_file(data) {
        Ok(b) => b,
        Err(e) => return format!("err:{}", e.code()),
    };
    policy::validate(&body).expect("from_file returns only valid bodies");
    for w in policy::lint(&body) {
        assert!(!w.message.is_empty());
    }
    let _ = body.retention_in_force();
    let text = policy::to_file(&body);
    match policy::from_file(text.as_bytes()) {
        Ok(again) => assert_eq!(again, body, "export → import changed the policy"),
        Err(e) => panic!("an exported policy does not import: {e:?}"),
    }
    "ok".into()
}

// ---------------------------------------------------------------------------
// backup_restore

const MAGIC: &[u8] = b"MADOGUCHI-BACKUP\n";
const TRAILER: usize = 64;
pub const ADMIN: &str = "kanri";

/// A real backup of a small store, made once per process.
struct Sample {
    bytes: Vec<u8>,
    recovery: RecoveryKey,
    mac_key: [u8; 32],
    /// Where the header JSON ends and the files begin.
    body_start: usize,
    slot_json: String,
    store_id: String,
    db_sha: String,
    db_size: u64,
}

/// Where per-input folders go: MADOGUCHI_FUZZ_TMP (scripts/fuzz sets it and
/// removes it afterwards), else /dev/shm (fsync is free there), else the temp dir.
fn scratch() -> PathBuf {
    if let Some(p) = std::env::var_os("MADOGUCHI_FUZZ_TMP") {
        return p.into();
    }
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    }
}

fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let tmp = tempfile::Builder::new()
            .prefix("madoguchi-fuzz-sample")
            .tempdir_in(scratch())
            .expect("temp dir");
        let dir = DataDir::new(tmp.path().join("data"));
        let recovery = RecoveryKey::random();
        let setup = Setup {
            organisation: Organisation {
                name: "見本商事株式会社".into(),
                desk_name: "個人情報問合せ窓口".into(),
                postal_code: "100-0001".into(),
                address: "東京都千代田区見本町1-2-3".into(),
                phone: "03-1234-5678".into(),
                email: "privacy@example.co.jp".into(),
            },
            admin: NewUser {
                username: ADMIN.into(),
                display_name: "見本 管理者".into(),
                role: Role::Admin,
                password: Password::new("kanri-pass-2026"),
            },
            store_id: None,
        };
        let mut store = Store::create(
            &dir,
            Arc::new(MemoryCredentialStore::new()),
            &setup,
            &recovery,
        )
        .expect("sample store");
        let out = tmp.path().join("sample.mdgbak");
        store.backup(&out).expect("sample backup");
        drop(store);
        let bytes = std::fs::read(&out).expect("read sample backup");

        let len = u32::from_be_bytes(bytes[MAGIC.len()..MAGIC.len() + 4].try_into().unwrap());
        let body_start = MAGIC.len() + 4 + len as usize;
        let header: serde_json::Value =
            serde_json::from_slice(&bytes[MAGIC.len() + 4..body_start]).expect("header");
        let slot: KeySlot =
            serde_json::from_value(header["recovery_slot"].clone()).expect("recovery slot");
        let store_id = header["store_id"].as_str().expect("store id").to_string();
        let file = &header["files"][0];
        let db_sha = file["sha256"].as_str().expect("sha").to_string();
        let db_size = file["size"].as_u64().expect("size");
        let mut slots = KeySlotFile::new(store_id.clone(), "n/a", &DeviceSecret::random());
        slots.set_recovery_slot(slot.clone());
        let data_key = slots
            .unwrap_recovery(&recovery)
            .expect("recovery key opens");
        // backup.rs's mac_key(): HKDF-SHA256 of the data key.
        let mut mac_key = [0u8; 32];
        hkdf::Hkdf::<sha2::Sha256>::new(None, data_key.expose())
            .expand(b"madoguchi backup mac v1", &mut mac_key)
            .expect("hkdf");
        Sample {
            bytes,
            recovery,
            mac_key,
            body_start,
            slot_json: serde_json::to_string(&slot).expect("slot"),
            store_id,
            db_sha,
            db_size,
        }
    })
}

/// Rewrites the 64-byte trailer: the SHA-256 (lets a change past the
/// checksum, as anyone can) and, when `mac` is set, the HMAC (only someone
/// holding the data key can; it lets the fuzzer reach the restore itself).
fn reseal(file: &mut [u8], sha: bool, mac: bool) {
    use hmac::Mac;
    use sha2::Digest;
    if file.len() < TRAILER {
        return;
    }
    let body = file.len() - TRAILER;
    if sha {
        let d = sha2::Sha256::digest(&file[..body]);
        file[body..body + 32].copy_from_slice(&d);
    }
    if mac {
        let mut m =
            <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&sample().mac_key).expect("hmac key");
        m.update(&file[..body]);
        let tag = m.finalize().into_bytes();
        file[body + 32..].copy_from_slice(&tag);
    }
}

/// The backup file an input stands for. Byte 0: bits 0–1 the mode, bit 2
/// fix the checksum, bit 3 fix the MAC (only then `mac_valid`).
///   mode 0: the rest is the whole file;
///   mode 1: the rest is the header JSON, spliced in front of the sample's
///           files; `"$SLOT"`, `$STORE`, `$DBSHA`, `$DBSIZE` stand for the
///           sample's values (seeds cannot hold them: keys are made per run);
///   mode 2, 3: the sample, cut to `u32 LE % len` if bit 4 is set, then
///           3-byte edits (u16 LE offset, xor) over its first 64 KiB.
fn backup_file(data: &[u8]) -> (Vec<u8>, bool) {
    let Some((&flags, rest)) = data.split_first() else {
        return (Vec::new(), false);
    };
    let s = sample();
    let mut file = match flags & 3 {
        0 => rest.to_vec(),
        1 => {
            let json = String::from_utf8_lossy(rest)
                .replace("\"$SLOT\"", &s.slot_json)
                .replace("$STORE", &s.store_id)
                .replace("$DBSHA", &s.db_sha)
                .replace("$DBSIZE", &s.db_size.to_string());
            let mut f = Vec::with_capacity(s.bytes.len() + json.len());
            f.extend_from_slice(MAGIC);
            f.extend_from_slice(&(json.len() as u32).to_be_bytes());
            f.extend_from_slice(json.as_bytes());
            f.extend_from_slice(&s.bytes[s.body_start..]);
            f
        }
        _ => {
            let mut f = s.bytes.clone();
            let mut edits = rest;
            if flags & 16 != 0 && edits.len() >= 4 {
                let n = u32::from_le_bytes(edits[..4].try_into().unwrap()) as usize;
                f.truncate(n % (f.len() + 1));
                edits = &edits[4..];
            }
            for e in edits.chunks_exact(3) {
                let at = usize::from(u16::from_le_bytes([e[0], e[1]]));
                if let Some(b) = f.get_mut(at) {
                    *b ^= e[2];
                }
            }
            f
        }
    };
    let mac = flags & 8 != 0;
    reseal(&mut file, flags & 4 != 0, mac);
    (file, mac)
}

/// `backup::verify` and `backup::restore` on the file an input stands for.
/// A file that fails verification must not restore; a changed file without
/// a valid MAC must be refused.
pub fn backup_restore(data: &[u8]) -> String {
    let (file, mac_valid) = backup_file(data);
    let s = sample();
    let tmp = tempfile::Builder::new()
        .prefix("madoguchi-fuzz")
        .tempdir_in(scratch())
        .expect("temp dir");
    let path = tmp.path().join("input.mdgbak");
    std::fs::write(&path, &file).expect("write input");

    let checksum = backup::verify(&path, None);
    let verified = backup::verify(&path, Some(&s.recovery));
    if verified.is_ok() {
        assert!(checksum.is_ok(), "the MAC passed but the checksum did not");
    }
    let target = DataDir::new(tmp.path().join("restored"));
    let restored = backup::restore(
        &path,
        &target,
        Arc::new(MemoryCredentialStore::new()),
        &s.recovery,
        ADMIN,
        &Password::new("restored-pass-2026"),
    );
    let outcome = match &restored {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("err:{}", e.code()),
    };
    if restored.is_ok() {
        assert!(verified.is_ok(), "restored a backup that does not verify");
        assert!(
            mac_valid || file == s.bytes,
            "restored a changed backup without a valid MAC"
        );
    }
    // The store holds files in `tmp`: close it before the folder goes.
    drop(restored);
    drop(tmp);
    outcome
}
