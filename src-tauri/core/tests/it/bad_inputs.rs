//! The catalogue of bad inputs (`tests/bad-inputs/catalogue.json`): every
//! entry is run against a real store and must give exactly the Japanese
//! message it lists (or, where the input is accepted, be stored the way it
//! lists), and a refused input must leave the store as it was: the same rows,
//! the same encrypted files, the same audit log, no file outside the store.
//!
//! Inputs are small files in `tests/bad-inputs/files/`, the shared 見本
//! fixtures, literal text, or generated here at run time (anything large:
//! files over the 50MB limit are never committed, and backups are made with
//! the real writer, then cut, flipped or re-labelled).
//!
//! `BAD_INPUTS_ONLY=id1,id2` runs some entries only; entries marked `slow`
//! run only with `BAD_INPUTS_SLOW=1` (or when named).

use crate::common::*;
use madoguchi_core::case::attachments::{IncomingFile, IncomingMail};
use madoguchi_core::case::model::CaseInput;
use madoguchi_core::intake::channel::Channel;
use madoguchi_core::intake::documents::{self, MaskRect};
use madoguchi_core::intake::mail;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::kernel::secret::{DeviceSecret, Password, RecoveryKey};
use madoguchi_core::policy::law::RequestKind;
use madoguchi_core::store::backup;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::keyslot::{KeySlot, KeySlotError, KeySlotFile};
use madoguchi_core::store::{DataDir, Store};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

// ---------------------------------------------------------------------------
// The catalogue's format

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    #[serde(rename = "$comment", default)]
    _comment: Vec<String>,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    what: What,
    operation: Operation,
    /// The file name handed to the core with the bytes (scans, .eml files).
    #[serde(default)]
    name: Option<NameSpec>,
    #[serde(default)]
    input: Option<Input>,
    #[serde(default)]
    params: Params,
    expect: Expect,
    /// Run in a child process: the input may abort the process.
    #[serde(default)]
    isolate: bool,
    /// An isolated entry still running after this many seconds is killed
    /// (and fails); 600 unless given.
    #[serde(default)]
    timeout_seconds: Option<u64>,
    /// A bug in today's code makes this entry fail: its failure is reported
    /// but does not fail the test, and its passing does (remove the mark).
    #[serde(default)]
    known_bug: Option<String>,
    /// Takes minutes in a debug build: run only with BAD_INPUTS_SLOW=1.
    #[serde(default)]
    slow: bool,
    /// Something worth knowing about today's behaviour (reported, not checked).
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct What {
    ja: String,
    en: String,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Operation {
    /// A scan picked at intake: `create_case` of a postal request with one file.
    ScanCreateCase,
    /// A scan added to an existing case: `add_files`.
    ScanAddFiles,
    /// An .eml imported as a new case: `parse_eml`, then `create_case`.
    EmlImport,
    /// Masking a staged image: `documents::mask_image` with one box.
    MaskImage,
    /// A policy profile file: `import_policy` (warnings not kept).
    PolicyImport,
    /// A backup restored into an empty folder on a new PC.
    BackupRestore,
    /// A backup checked without restoring (`backup::verify`).
    BackupVerify,
    /// Sign-in with a password (after the store was locked).
    Signin,
    /// Opening the store with the printed recovery key.
    RecoveryUnlock,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum NameSpec {
    Literal(String),
    Repeated {
        #[serde(default)]
        prefix: String,
        repeat: String,
        times: usize,
        #[serde(default)]
        suffix: String,
    },
}

impl NameSpec {
    fn build(&self) -> String {
        match self {
            NameSpec::Literal(s) => s.clone(),
            NameSpec::Repeated {
                prefix,
                repeat,
                times,
                suffix,
            } => format!("{prefix}{}{suffix}", repeat.repeat(*times)),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum Input {
    /// Under `tests/bad-inputs/`.
    File(String),
    /// Under the shared fixtures folder.
    Fixture(String),
    /// Literal UTF-8 text.
    Text(String),
    Generated(Generated),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum Generated {
    /// `head` (a file under tests/bad-inputs/, or nothing), then zeros up to `size` bytes.
    Sized {
        #[serde(default)]
        head: Option<String>,
        size: usize,
    },
    /// A JPEG of the shared fixtures whose frame header (SOF) is changed to
    /// declare `width` x `height` pixels: real tables, a lying size.
    JpegDimensions {
        fixture: String,
        width: u16,
        height: u16,
    },
    /// A small request mail with one attachment whose headers are given.
    EmlWithAttachment {
        content_type: String,
        disposition: String,
        attachment: String,
    },
    /// A valid request mail whose text body is padded to exactly `size` bytes.
    EmlSized { size: usize },
    /// A request mail with `depth` multiparts nested one inside the other.
    EmlNested { depth: usize },
    /// A request mail whose first header line is `bytes` long.
    EmlLongHeader { bytes: usize },
    /// A request mail with a sender name of `chars` characters.
    EmlLongFromName { chars: usize },
    /// A policy file (one of tests/policies) padded with spaces to `size` bytes.
    PolicySized { base: String, size: usize },
    /// A backup of a store with one case and one scan, made by the real
    /// writer, then damaged as `damage` says.
    Backup { damage: BackupDamage },
}

#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(rename_all = "snake_case")]
enum BackupDamage {
    None,
    /// The first half only.
    TruncateHalf,
    /// Only the first 40 bytes (shorter than any backup).
    CutTo40,
    /// One bit flipped in the middle (inside the database copy).
    FlipMiddle,
    /// One bit flipped in the middle and the checksum recomputed: only the
    /// MAC (keyed from the data key) can tell.
    FlipMiddleResealed,
    /// The header's `format` raised by one and the file sealed again with
    /// the right checksum and MAC: what a newer version would write.
    NewerFormat,
    /// The header's `schema_version` raised by one, sealed again.
    NewerSchema,
    /// The name of the last file inside changed to climb out of the
    /// restore folder (`files/../../../escaped.bin`), sealed again.
    EntryNameTraversal,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Sign-in: the user name (default: the 管理者).
    #[serde(default)]
    user: Option<String>,
    /// Sign-in: each attempt's password, in order; all but the last must be
    /// refused as a wrong password, the last is what `expect` is about.
    #[serde(default)]
    passwords: Vec<String>,
    /// Restore/verify/recovery: "right", "wrong" (a random key), "none"
    /// (verify without a key) or a typed key to parse.
    #[serde(default)]
    recovery: Option<String>,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    /// Refused with an error: nothing may change.
    Error,
    /// Refused with warnings the user may override: nothing may change.
    Warning,
    /// Accepted (the store changes as it should).
    Accepted,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    outcome: Outcome,
    #[serde(default)]
    code: Option<String>,
    /// The exact user-facing message.
    #[serde(default)]
    message: Option<String>,
    /// Stable parts of the message, when it holds a changing number.
    #[serde(default)]
    contains: Vec<String>,
    /// Accepted: the name the file is stored under.
    #[serde(default)]
    stored_name: Option<String>,
    /// Accepted: the name is stored exactly as given.
    #[serde(default)]
    stored_name_verbatim: bool,
    /// Accepted: the kind detected from the content.
    #[serde(default)]
    stored_kind: Option<String>,
    /// Accepted .eml: the messages of the mail's problems, exactly, in order.
    #[serde(default)]
    problems: Option<Vec<String>>,
    /// Accepted .eml: how many attachments were kept.
    #[serde(default)]
    attachments: Option<usize>,
}

// ---------------------------------------------------------------------------
// Inputs

fn catalogue_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-inputs")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const FROM: &str = "From: =?UTF-8?B?6KaL5pysIOiKseWtkA==?= <hanako.mihon@example.jp>\r\n";
const HEADERS: &str = "To: desk@example.jp\r\n\
Subject: =?UTF-8?B?5L+d5pyJ5YCL5Lq644OH44O844K/44Gu6ZaL56S66KuL5rGC77yI6KaL5pys77yJ?=\r\n\
Date: Tue, 01 Dec 2026 10:00:00 +0900\r\n\
Message-ID: <bad-inputs@example.jp>\r\n\
MIME-Version: 1.0\r\n";
const BODY: &str = "保有個人データの開示を請求します。（見本）\r\n";

fn eml_with_attachment(content_type: &str, disposition: &str, attachment: &[u8]) -> Vec<u8> {
    let b64 = data_encoding::BASE64.encode(attachment);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "{FROM}{HEADERS}Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{BODY}\
--b1\r\nContent-Type: {content_type}\r\nContent-Disposition: {disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
--b1--\r\n",
        lines.join("\r\n")
    )
    .into_bytes()
}

fn eml_sized(size: usize) -> Vec<u8> {
    let mut out = format!(
        "{FROM}{HEADERS}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{BODY}"
    )
    .into_bytes();
    assert!(out.len() < size);
    // Lines of 78 ASCII letters, then the rest.
    let line = [b'a'; 78];
    while out.len() + 80 <= size {
        out.extend_from_slice(&line);
        out.extend_from_slice(b"\r\n");
    }
    out.resize(size, b'a');
    out
}

fn eml_nested(depth: usize) -> Vec<u8> {
    let mut out = format!("{FROM}{HEADERS}").into_bytes();
    for i in 0..depth {
        if i > 0 {
            out.extend_from_slice(format!("--n{}\r\n", i - 1).as_bytes());
        }
        out.extend_from_slice(
            format!("Content-Type: multipart/mixed; boundary=\"n{i}\"\r\n\r\n").as_bytes(),
        );
    }
    out.extend_from_slice(
        format!(
            "--n{}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{BODY}",
            depth - 1
        )
        .as_bytes(),
    );
    for i in (0..depth).rev() {
        out.extend_from_slice(format!("--n{i}--\r\n").as_bytes());
    }
    out
}

fn eml_long_header(bytes: usize) -> Vec<u8> {
    let mut out = b"Subject: ".to_vec();
    out.resize(bytes, b'x');
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(FROM.as_bytes());
    out.extend_from_slice(
        "To: desk@example.jp\r\nDate: Tue, 01 Dec 2026 10:00:00 +0900\r\n\
MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            .as_bytes(),
    );
    out.extend_from_slice(BODY.as_bytes());
    out
}

fn eml_long_from_name(chars: usize) -> Vec<u8> {
    let name = "見".repeat(chars);
    let encoded = data_encoding::BASE64.encode(name.as_bytes());
    format!(
        "From: =?UTF-8?B?{encoded}?= <hanako.mihon@example.jp>\r\n{HEADERS}\
Content-Type: text/plain; charset=utf-8\r\n\r\n{BODY}"
    )
    .into_bytes()
}

/// The store a backup is made from: one case with one scan.
struct BackupSource {
    fx: Fixture,
    good: Vec<u8>,
}

fn backup_source() -> BackupSource {
    let (fx, mut s) = Fixture::new();
    let png = read(&catalogue_dir().join("files/tiny.png"));
    s.create_case(
        &postal(),
        None,
        &[IncomingFile::new("scan.png", png)],
        today(),
    )
    .unwrap();
    let out = fx.tmp.path().join("source.mdgbak");
    s.backup(&out).unwrap();
    s.lock(false).unwrap();
    let good = read(&out);
    std::fs::remove_file(&out).unwrap();
    BackupSource { fx, good }
}

/// Recomputes the checksum and, with the data key opened by the recovery
/// key, the MAC: the file then is exactly what a writer with that header
/// would have written.
fn reseal(bytes: &mut [u8], recovery: Option<&RecoveryKey>) {
    use hmac::Mac;
    use sha2::Digest;
    let body = bytes.len() - 64;
    let sum = sha2::Sha256::digest(&bytes[..body]);
    bytes[body..body + 32].copy_from_slice(&sum);
    if let Some(key) = recovery {
        let (header, _) = backup_header(bytes);
        let slot: KeySlot = serde_json::from_value(header["recovery_slot"].clone()).unwrap();
        let mut slots = KeySlotFile::new(
            header["store_id"].as_str().unwrap().to_string(),
            "n/a",
            &DeviceSecret::random(),
        );
        slots.set_recovery_slot(slot);
        let data_key = slots.unwrap_recovery(key).unwrap();
        let mut mac_key = [0u8; 32];
        hkdf::Hkdf::<sha2::Sha256>::new(None, data_key.expose())
            .expand(b"madoguchi backup mac v1", &mut mac_key)
            .unwrap();
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&mac_key).unwrap();
        mac.update(&bytes[..body]);
        bytes[body + 32..].copy_from_slice(&mac.finalize().into_bytes());
    }
}

const BACKUP_MAGIC: &[u8] = b"MADOGUCHI-BACKUP\n";

/// The header JSON of a backup and where it ends.
fn backup_header(bytes: &[u8]) -> (serde_json::Value, usize) {
    assert!(bytes.starts_with(BACKUP_MAGIC));
    let at = BACKUP_MAGIC.len();
    let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let json = &bytes[at + 4..at + 4 + len];
    (serde_json::from_slice(json).unwrap(), at + 4 + len)
}

/// The backup with its header changed by `edit`, sealed again (checksum and MAC).
fn rewritten(
    good: &[u8],
    recovery: &RecoveryKey,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Vec<u8> {
    let (mut header, end) = backup_header(good);
    edit(&mut header);
    let json = serde_json::to_vec(&header).unwrap();
    let mut out = BACKUP_MAGIC.to_vec();
    out.extend_from_slice(&(json.len() as u32).to_be_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&good[end..]);
    reseal(&mut out, Some(recovery));
    out
}

fn damaged_backup(src: &BackupSource, damage: BackupDamage) -> Vec<u8> {
    let good = &src.good;
    match damage {
        BackupDamage::None => good.clone(),
        BackupDamage::TruncateHalf => good[..good.len() / 2].to_vec(),
        BackupDamage::CutTo40 => good[..40].to_vec(),
        BackupDamage::FlipMiddle => {
            let mut b = good.clone();
            let mid = b.len() / 2;
            b[mid] ^= 0x01;
            b
        }
        BackupDamage::FlipMiddleResealed => {
            let mut b = good.clone();
            let mid = b.len() / 2;
            b[mid] ^= 0x01;
            reseal(&mut b, None);
            b
        }
        BackupDamage::NewerFormat | BackupDamage::NewerSchema => {
            let field = match damage {
                BackupDamage::NewerFormat => "format",
                _ => "schema_version",
            };
            rewritten(good, &src.fx.recovery, |h| {
                h[field] = serde_json::json!(h[field].as_u64().unwrap() + 1)
            })
        }
        BackupDamage::EntryNameTraversal => rewritten(good, &src.fx.recovery, |h| {
            let files = h["files"].as_array_mut().unwrap();
            let last = files.last_mut().unwrap();
            last["name"] = serde_json::json!("files/../../../escaped.bin");
        }),
    }
}

struct Ctx {
    backup: Option<BackupSource>,
}

impl Ctx {
    fn backup(&mut self) -> &BackupSource {
        self.backup.get_or_insert_with(backup_source)
    }
}

fn input_bytes(e: &Entry, ctx: &mut Ctx) -> Vec<u8> {
    let dir = catalogue_dir();
    match e.input.as_ref().expect("this operation needs an input") {
        Input::File(p) => read(&dir.join(p)),
        Input::Fixture(p) => read(&fixtures().join(p)),
        Input::Text(t) => t.clone().into_bytes(),
        Input::Generated(g) => match g {
            Generated::Sized { head, size } => {
                let mut b = head
                    .as_ref()
                    .map(|h| read(&dir.join(h)))
                    .unwrap_or_default();
                b.resize(*size, 0);
                b
            }
            Generated::EmlWithAttachment {
                content_type,
                disposition,
                attachment,
            } => eml_with_attachment(content_type, disposition, &read(&dir.join(attachment))),
            Generated::JpegDimensions {
                fixture,
                width,
                height,
            } => {
                let mut b = read(&fixtures().join(fixture));
                let sof = b
                    .windows(2)
                    .position(|w| w[0] == 0xFF && matches!(w[1], 0xC0..=0xC2))
                    .expect("a JPEG frame header");
                b[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
                b[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
                b
            }
            Generated::EmlSized { size } => eml_sized(*size),
            Generated::EmlNested { depth } => eml_nested(*depth),
            Generated::EmlLongHeader { bytes } => eml_long_header(*bytes),
            Generated::EmlLongFromName { chars } => eml_long_from_name(*chars),
            Generated::PolicySized { base, size } => {
                let mut b = policy_file(base);
                let last = b.iter().rposition(|&c| c == b'}').unwrap();
                let tail = b.split_off(last);
                b.resize(*size - tail.len(), b' ');
                b.extend_from_slice(&tail);
                b
            }
            Generated::Backup { damage } => damaged_backup(ctx.backup(), *damage),
        },
    }
}

// ---------------------------------------------------------------------------
// Running an entry

fn today() -> chrono::NaiveDate {
    d("2026-12-10")
}

fn postal() -> CaseInput {
    let mut i = CaseInput::blank(Channel::Post, today());
    i.received_on = "2026-12-01".into();
    i.requester.name = "見本 花子".into();
    i.requester.kana = "ミホン ハナコ".into();
    i.requester.postal_code = "100-0001".into();
    i.requester.address = "東京都千代田区見本町1-1".into();
    i.requester.phone = "090-1234-5678".into();
    i.kinds = vec![RequestKind::Disclosure];
    i
}

/// What the user is shown when an operation is refused.
#[derive(Debug)]
struct Refusal {
    code: String,
    message: String,
}

impl<E: Coded> From<E> for Refusal {
    fn from(e: E) -> Self {
        Refusal {
            code: e.code().to_string(),
            message: e.message(),
        }
    }
}

/// What was stored when an operation accepted the input.
#[derive(Debug, Default)]
struct Accepted {
    stored: Vec<(String, String)>,
    problems: Vec<String>,
}

/// Rows, encrypted files and top-level files of a store.
#[derive(Debug, PartialEq, Eq)]
struct StoreState {
    rows: Vec<(&'static str, i64)>,
    blobs: BTreeSet<String>,
    top: BTreeSet<String>,
}

const TABLES: [&str; 9] = [
    "cases",
    "case_events",
    "case_mails",
    "attachments",
    "audit_log",
    "policies",
    "policy_versions",
    "users",
    "receipt_counters",
];

fn listing(dir: &Path) -> BTreeSet<String> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n != "signin.json")
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

fn state(s: &Store, dir: &DataDir) -> StoreState {
    let conn = s.raw_connection_for_tests();
    StoreState {
        rows: TABLES
            .iter()
            .map(|t| {
                let n: i64 = conn
                    .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .unwrap();
                (*t, n)
            })
            .collect(),
        blobs: listing(&dir.root().join("files")),
        top: listing(dir.root()),
    }
}

/// Every file of a closed store except signin.json, with its bytes.
fn closed_snapshot(dir: &DataDir) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = listing(dir.root())
        .into_iter()
        .filter(|n| dir.root().join(n).is_file())
        .map(|n| {
            let b = read(&dir.root().join(&n));
            (n, b)
        })
        .collect();
    out.sort();
    out
}

fn recovery_key(spec: Option<&str>, right: &RecoveryKey) -> Result<Option<RecoveryKey>, Refusal> {
    match spec.unwrap_or("right") {
        "right" => Ok(RecoveryKey::parse(&right.to_display())),
        "wrong" => Ok(Some(RecoveryKey::random())),
        "none" => Ok(None),
        typed => RecoveryKey::parse(typed)
            .map(Some)
            .ok_or_else(|| KeySlotError::MalformedRecoveryKey.into()),
    }
}

type Run = Result<Accepted, Refusal>;

/// Runs the entry; checks that a refusal changed nothing. Returns the
/// outcome and a list of broken invariants.
fn run(e: &Entry, ctx: &mut Ctx) -> (Run, Vec<String>) {
    let mut broken = Vec::new();
    let name = e.name.as_ref().map(NameSpec::build);
    let outcome = match e.operation {
        Operation::ScanCreateCase | Operation::ScanAddFiles | Operation::EmlImport => {
            let (fx, mut s) = Fixture::new();
            let case_id = (e.operation == Operation::ScanAddFiles).then(|| {
                s.create_case(&postal(), None, &[], today())
                    .unwrap()
                    .case
                    .id
            });
            let bytes = input_bytes(e, ctx);
            let outside = listing(fx.tmp.path());
            let before = state(&s, &fx.dir);
            let result = store_op(e, &mut s, case_id, name.clone(), bytes);
            let after = state(&s, &fx.dir);
            if result.is_err() && before != after {
                broken.push(format!(
                    "refused, yet the store changed:\n  before {before:?}\n  after  {after:?}"
                ));
            }
            let top = |s: &StoreState| {
                let mut t = s.top.clone();
                t.remove("files"); // made with the first encrypted file
                t
            };
            if top(&after) != top(&before) {
                broken.push(format!(
                    "top-level files changed: {:?} → {:?}",
                    before.top, after.top
                ));
            }
            if listing(fx.tmp.path()) != outside {
                broken.push("a file appeared beside the data folder".into());
            }
            if let Some(bad) = after.blobs.iter().find(|b| !is_blob_name(b)) {
                broken.push(format!(
                    "a file in files/ is not named by a random id: {bad:?}"
                ));
            }
            if let Ok(accepted) = &result {
                // No file name reaches the audit log (ids and counts only).
                let names = name.iter().chain(accepted.stored.iter().map(|(n, _)| n));
                for n in names.filter(|n| n.chars().count() >= 3) {
                    for a in s.audit_entries(1000).unwrap() {
                        if a.detail.contains(n.as_str()) {
                            broken.push(format!("the audit entry {} names the file", a.action));
                        }
                    }
                }
            }
            result
        }
        Operation::MaskImage => {
            let bytes = input_bytes(e, ctx);
            let rect = MaskRect {
                x: 0.0,
                y: 0.0,
                w: 0.5,
                h: 0.5,
            };
            documents::mask_image(&bytes, &[rect])
                .map(|masked| Accepted {
                    stored: vec![(
                        "masked".into(),
                        madoguchi_core::intake::content::detect_kind(&masked)
                            .code()
                            .into(),
                    )],
                    ..Accepted::default()
                })
                .map_err(Refusal::from)
        }
        Operation::PolicyImport => {
            let (fx, mut s) = Fixture::new();
            let bytes = input_bytes(e, ctx);
            let before = state(&s, &fx.dir);
            let result = s
                .import_policy(&bytes, false)
                .map(|p| Accepted {
                    stored: vec![(p.body.name, String::new())],
                    ..Accepted::default()
                })
                .map_err(Refusal::from);
            let after = state(&s, &fx.dir);
            if result.is_err() && before != after {
                broken.push(format!(
                    "refused, yet the store changed:\n  before {before:?}\n  after  {after:?}"
                ));
            }
            result
        }
        Operation::BackupRestore | Operation::BackupVerify => {
            let bytes = input_bytes(e, ctx);
            let src = ctx.backup();
            let work = tempfile::tempdir().unwrap();
            let file = work.path().join("input.mdgbak");
            std::fs::write(&file, &bytes).unwrap();
            let target = DataDir::new(work.path().join("restored"));
            let source_before = closed_snapshot(&src.fx.dir);
            let result = match recovery_key(e.params.recovery.as_deref(), &src.fx.recovery) {
                Err(r) => Err(r),
                Ok(key) if e.operation == Operation::BackupVerify => {
                    backup::verify(&file, key.as_ref())
                        .map(|()| Accepted::default())
                        .map_err(Refusal::from)
                }
                Ok(key) => backup::restore(
                    &file,
                    &target,
                    Arc::new(MemoryCredentialStore::new()),
                    &key.expect("restore needs a recovery key"),
                    ADMIN,
                    &Password::new("restored-pass-2026"),
                )
                .map(|(store, _)| {
                    store.lock(false).unwrap();
                    Accepted::default()
                })
                .map_err(Refusal::from),
            };
            if read(&file) != bytes {
                broken.push("the backup file was modified".into());
            }
            if closed_snapshot(&src.fx.dir) != source_before {
                broken.push("the store the backup came from changed".into());
            }
            if result.is_err() {
                let left = walk(work.path());
                if left != ["input.mdgbak"] {
                    broken.push(format!("refused, yet files or folders were left: {left:?}"));
                }
            }
            result
        }
        Operation::Signin | Operation::RecoveryUnlock => {
            let (fx, s) = Fixture::new();
            s.lock(false).unwrap();
            let before = closed_snapshot(&fx.dir);
            let user = e.params.user.as_deref().unwrap_or(ADMIN);
            let mut wrong = 0;
            let result = if e.operation == Operation::Signin {
                let (last, earlier) = e.params.passwords.split_last().expect("passwords");
                for pw in earlier {
                    match fx.unlock(user, pw) {
                        Err(err) if err.code() == ErrorCode::WrongPassword => wrong += 1,
                        other => broken.push(format!(
                            "an earlier attempt was not refused as a wrong password: {:?}",
                            other.err().map(|e| e.code())
                        )),
                    }
                }
                let r = fx.unlock(user, last);
                if matches!(&r, Err(err) if err.code() == ErrorCode::WrongPassword) {
                    wrong += 1;
                }
                r.map(|s| {
                    s.lock(false).unwrap();
                    Accepted::default()
                })
                .map_err(Refusal::from)
            } else {
                match recovery_key(e.params.recovery.as_deref(), &fx.recovery) {
                    Err(r) => Err(r),
                    Ok(key) => {
                        let key = key.expect("a key");
                        let r = Store::open_with_recovery(&fx.dir, fx.creds.clone(), &key);
                        if matches!(&r, Err(err) if err.code() == ErrorCode::WrongRecoveryKey) {
                            wrong += 1;
                        }
                        r.map(|s| {
                            s.lock(false).unwrap();
                            Accepted::default()
                        })
                        .map_err(Refusal::from)
                    }
                }
            };
            if result.is_err() && closed_snapshot(&fx.dir) != before {
                broken.push("refused, yet a file of the store changed".into());
            }
            // The failures are kept (times only) to be audited at the next sign-in.
            let recorded = std::fs::read(fx.dir.signin_path())
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .and_then(|v| v["failures"].as_array().map(Vec::len))
                .unwrap_or(0);
            if result.is_err() && recorded != wrong {
                broken.push(format!(
                    "signin.json holds {recorded} failures, {wrong} were refused as wrong"
                ));
            }
            result
        }
    };
    (outcome, broken)
}

/// Every file and folder under `dir`, as relative paths.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(dir).unwrap().to_string_lossy().to_string());
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

fn is_blob_name(n: &str) -> bool {
    n.strip_suffix(".bin")
        .is_some_and(|id| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()))
}

fn store_op(
    e: &Entry,
    s: &mut Store,
    case_id: Option<i64>,
    name: Option<String>,
    bytes: Vec<u8>,
) -> Run {
    let stored = |d: madoguchi_core::case::record::CaseDetail| -> Vec<(String, String)> {
        d.attachments
            .into_iter()
            .map(|a| (a.file_name, a.kind.code().to_string()))
            .collect()
    };
    match e.operation {
        Operation::ScanCreateCase => {
            let file = IncomingFile::new(name.unwrap_or_else(|| "scan.jpg".into()), bytes);
            let d = s.create_case(&postal(), None, &[file], today())?;
            Ok(Accepted {
                stored: stored(d),
                ..Accepted::default()
            })
        }
        Operation::ScanAddFiles => {
            let file = IncomingFile::new(name.unwrap_or_else(|| "scan.jpg".into()), bytes);
            let d = s.add_files(case_id.unwrap(), &[file])?;
            Ok(Accepted {
                stored: stored(d),
                ..Accepted::default()
            })
        }
        Operation::EmlImport => {
            // As the admin CLI's import-eml and the intake form prefill it.
            let parsed = mail::parse_eml(&bytes)?;
            let problems = parsed.problems.iter().map(|p| p.message.clone()).collect();
            let mut input = CaseInput::from_mail(&parsed, today());
            if input.requester.name.is_empty() {
                input.requester.name = "（差出人不明）".into();
            }
            if input.kinds.is_empty() {
                input.kinds = vec![RequestKind::Other];
            }
            let m = IncomingMail::new(name.unwrap_or_else(|| "request.eml".into()), bytes, parsed);
            let d = s.create_case(&input, Some(&m), &[], today())?;
            Ok(Accepted {
                stored: stored(d),
                problems,
            })
        }
        _ => unreachable!(),
    }
}

// ---------------------------------------------------------------------------
// Checking an entry

/// Strings no message may contain: what the inputs carry about the person
/// (all 見本), secrets typed, names of files.
fn forbidden(e: &Entry) -> Vec<String> {
    let mut out: Vec<String> = [
        "花子",
        "hanako",
        "example.jp",
        "passwd",
        "kanri",
        "pass-2026",
        "wrong-pass",
        CANARY_ORG,
        "見本",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(n) = &e.name {
        let n = n.build();
        if n.chars().count() >= 3 {
            out.push(n);
        }
    }
    out
}

fn is_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

fn check(e: &Entry, run: &Run) -> Vec<String> {
    let mut bad = Vec::new();
    let x = &e.expect;
    match (x.outcome, run) {
        (Outcome::Error | Outcome::Warning, Err(r)) => {
            let code = x
                .code
                .as_deref()
                .unwrap_or(if x.outcome == Outcome::Warning {
                    "warnings"
                } else {
                    ""
                });
            if !code.is_empty() && r.code != code {
                bad.push(format!("code {:?}, expected {code:?}", r.code));
            }
            if (x.outcome == Outcome::Warning) != (r.code == "warnings") {
                bad.push(format!("outcome {:?} but code {:?}", x.outcome, r.code));
            }
            if let Some(m) = &x.message {
                if &r.message != m {
                    bad.push(format!(
                        "message\n    got      {:?}\n    expected {m:?}",
                        r.message
                    ));
                }
            }
            for part in &x.contains {
                if !r.message.contains(part.as_str()) {
                    bad.push(format!("message {:?} lacks {part:?}", r.message));
                }
            }
            if x.message.is_none() && x.contains.is_empty() {
                bad.push(format!("no expected message (got {:?})", r.message));
            }
            if !is_japanese(&r.message) {
                bad.push(format!("the message is not Japanese: {:?}", r.message));
            }
            for f in forbidden(e) {
                if r.message.contains(&f) {
                    bad.push(format!("the message echoes {f:?}: {:?}", r.message));
                }
            }
        }
        (Outcome::Accepted, Ok(a)) => {
            // The file the entry is about: a mail's first attachment, if it
            // has one (the .eml itself is stored first), else the file.
            let first = if e.operation == Operation::EmlImport && a.stored.len() > 1 {
                a.stored.get(1)
            } else {
                a.stored.first()
            };
            if let Some(n) = &x.stored_name {
                if first.map(|f| &f.0) != Some(n) {
                    bad.push(format!("stored {:?}, expected name {n:?}", a.stored));
                }
            }
            if x.stored_name_verbatim {
                let given = e.name.as_ref().map(NameSpec::build);
                if first.map(|f| &f.0) != given.as_ref() {
                    bad.push(format!("stored {:?}, expected the name as given", a.stored));
                }
            }
            if let Some(k) = &x.stored_kind {
                if first.map(|f| &f.1) != Some(k) {
                    bad.push(format!("stored {:?}, expected kind {k:?}", a.stored));
                }
            }
            if let Some(p) = &x.problems {
                if &a.problems != p {
                    bad.push(format!(
                        "problems\n    got      {:?}\n    expected {p:?}",
                        a.problems
                    ));
                }
                for m in &a.problems {
                    for f in forbidden(e) {
                        if m.contains(&f) {
                            bad.push(format!("a problem echoes {f:?}: {m:?}"));
                        }
                    }
                }
            }
            if let Some(n) = x.attachments {
                // The .eml itself is the first stored file.
                if a.stored.len() != n + 1 {
                    bad.push(format!("stored {:?}, expected {n} attachments", a.stored));
                }
            }
        }
        (_, Ok(a)) => bad.push(format!(
            "accepted ({:?}), expected {:?}",
            a.stored, x.outcome
        )),
        (_, Err(r)) => bad.push(format!(
            "refused ({}: {:?}), expected it accepted",
            r.code, r.message
        )),
    }
    bad
}

fn catalogue() -> Catalogue {
    let path = catalogue_dir().join("catalogue.json");
    serde_json::from_slice(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs one entry here and now: what the user saw, and what is wrong with it.
fn run_and_check(e: &Entry, ctx: &mut Ctx) -> (String, Vec<String>) {
    let (result, mut bad) = run(e, ctx);
    bad.extend(check(e, &result));
    let shown = match &result {
        Ok(a) => format!("accepted {:?} {:?}", a.stored, a.problems),
        Err(r) => format!("{}: {}", r.code, r.message),
    };
    (shown, bad)
}

const CHILD_ENV: &str = "BAD_INPUTS_CHILD";
const CHILD_OK: &str = "BAD_INPUTS_CHILD_OK";

/// Runs one entry in a child process (this test binary again), so that an
/// input that aborts the process (an allocation failure, a stack overflow)
/// is reported as a crash instead of taking the whole test down.
fn run_isolated(e: &Entry) -> (String, Vec<String>) {
    use std::process::{Command, Stdio};
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "bad_inputs::every_bad_input_gets_its_message_and_changes_nothing",
            "--exact",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(CHILD_ENV, &e.id)
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let limit = e.timeout_seconds.unwrap_or(600);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(limit);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let shown = stdout
        .lines()
        .chain(stderr.lines())
        .find_map(|l| l.split_once("BAD_INPUTS_SHOWN ").map(|(_, shown)| shown))
        .unwrap_or("")
        .to_string();
    match status {
        None => (
            shown,
            vec![format!("still running after {limit} s: killed")],
        ),
        Some(s) if s.success() && stdout.contains(CHILD_OK) => (shown, Vec::new()),
        Some(s) => {
            let tail: Vec<&str> = stderr
                .lines()
                .filter(|l| !l.trim_start().starts_with("at ") && !l.contains(": 0x"))
                .collect();
            let tail = tail[tail.len().saturating_sub(12)..].join("\n    ");
            (
                shown,
                vec![format!("the process ended with {s}:\n    {tail}")],
            )
        }
    }
}

#[test]
fn every_bad_input_gets_its_message_and_changes_nothing() {
    let cat = catalogue();
    let mut ctx = Ctx { backup: None };
    // In a child started by `run_isolated`: that one entry, nothing else.
    if let Ok(id) = std::env::var(CHILD_ENV) {
        let e = cat.entries.iter().find(|e| e.id == id).expect("entry");
        let (shown, bad) = run_and_check(e, &mut ctx);
        println!("BAD_INPUTS_SHOWN {shown}");
        assert!(bad.is_empty(), "{}", bad.join("\n"));
        println!("{CHILD_OK}");
        return;
    }
    let only: Option<Vec<String>> = std::env::var("BAD_INPUTS_ONLY")
        .ok()
        .map(|v| v.split(',').map(str::to_string).collect());
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for e in &cat.entries {
        if only.as_ref().is_some_and(|o| !o.contains(&e.id)) {
            continue;
        }
        if e.slow && std::env::var_os("BAD_INPUTS_SLOW").is_none() && only.is_none() {
            eprintln!("{:<40} skipped (slow: BAD_INPUTS_SLOW=1 runs it)", e.id);
            continue;
        }
        let started = std::time::Instant::now();
        let (shown, bad) = if e.isolate {
            run_isolated(e)
        } else {
            run_and_check(e, &mut ctx)
        };
        eprintln!(
            "{:<40} {:>6} ms  {}",
            e.id,
            started.elapsed().as_millis(),
            shown
        );
        let report = format!("{} ({}):\n  {}", e.id, e.what.en, bad.join("\n  "));
        match (&e.known_bug, bad.is_empty()) {
            (None, true) => {}
            (None, false) => failures.push(report),
            (Some(_), false) => known.push(report),
            (Some(bug), true) => failures.push(format!(
                "{}: passes now; the known bug is fixed? ({bug}) Remove its known_bug.",
                e.id
            )),
        }
    }
    if !known.is_empty() {
        eprintln!(
            "\nKNOWN BUGS still present (entries marked known_bug; not failures):\n{}",
            known.join("\n")
        );
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The catalogue itself: unique ids, descriptions in both languages, every
/// file it names present and every file present named, nothing large
/// committed (large inputs are generated).
#[test]
fn the_catalogue_is_well_formed() {
    let cat = catalogue();
    let mut ids = BTreeSet::new();
    let mut used = BTreeSet::new();
    for e in &cat.entries {
        assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
        assert!(
            is_japanese(&e.what.ja) && !e.what.en.is_empty(),
            "{}: describe it in Japanese and English",
            e.id
        );
        let mut files = Vec::new();
        match &e.input {
            Some(Input::File(p)) => files.push(p.clone()),
            Some(Input::Generated(Generated::Sized { head: Some(h), .. })) => files.push(h.clone()),
            Some(Input::Generated(Generated::EmlWithAttachment { attachment, .. })) => {
                files.push(attachment.clone())
            }
            Some(Input::Fixture(p))
            | Some(Input::Generated(Generated::JpegDimensions { fixture: p, .. })) => {
                assert!(fixtures().join(p).is_file(), "{}: {p}", e.id)
            }
            _ => {}
        }
        for f in files {
            assert!(
                catalogue_dir().join(&f).is_file(),
                "{}: {f} is missing",
                e.id
            );
            used.insert(f);
        }
    }
    for entry in std::fs::read_dir(catalogue_dir().join("files")).unwrap() {
        let entry = entry.unwrap();
        let rel = format!("files/{}", entry.file_name().to_string_lossy());
        assert!(used.contains(&rel), "{rel} is in no entry");
        let len = entry.metadata().unwrap().len();
        assert!(
            len <= 64 * 1024,
            "{rel} is {len} bytes: generate large inputs in the test"
        );
    }
}
