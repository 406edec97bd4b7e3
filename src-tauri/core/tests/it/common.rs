//! Shared fixtures for the core's integration tests. All data is synthetic (見本).

use madoguchi_core::desk::org::Organisation;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{DataDir, Store};
use std::sync::Arc;

pub const ADMIN: &str = "kanri";
pub const ADMIN_PW: &str = "kanri-pass-2026";
/// A string that must never appear in clear in any file.
pub const CANARY_ORG: &str = "見本カナリア商事株式会社QZX";

pub fn organisation() -> Organisation {
    Organisation {
        name: CANARY_ORG.into(),
        desk_name: "個人情報問合せ窓口".into(),
        postal_code: "100-0001".into(),
        address: "東京都千代田区見本町1-2-3".into(),
        phone: "03-1234-5678".into(),
        email: "privacy@example.co.jp".into(),
    }
}

pub fn setup() -> Setup {
    Setup {
        organisation: organisation(),
        admin: NewUser {
            username: ADMIN.into(),
            display_name: "見本 管理者".into(),
            role: Role::Admin,
            password: Password::new(ADMIN_PW),
        },
        store_id: None,
    }
}

pub struct Fixture {
    pub tmp: tempfile::TempDir,
    pub dir: DataDir,
    pub creds: Arc<MemoryCredentialStore>,
    pub recovery: RecoveryKey,
}

impl Fixture {
    pub fn new() -> (Fixture, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(tmp.path().join("data"));
        let creds = Arc::new(MemoryCredentialStore::new());
        let recovery = RecoveryKey::random();
        let store = Store::create(&dir, creds.clone(), &setup(), &recovery).unwrap();
        (
            Fixture {
                tmp,
                dir,
                creds,
                recovery,
            },
            store,
        )
    }

    pub fn unlock(&self, user: &str, pw: &str) -> Result<Store, madoguchi_core::StoreError> {
        Store::unlock(
            &self.dir,
            self.creds.clone(),
            user,
            &Password::new(pw),
            madoguchi_core::store::audit::Action::SignIn,
        )
    }

    /// Every file's bytes under the data folder, for "nothing changed" checks.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(self.dir.root()).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            if name == "signin.json" {
                continue; // the failed-attempt counter is meant to change
            }
            out.push((name, std::fs::read(e.path()).unwrap()));
        }
        out.sort();
        out
    }
}

/// The shared fixtures (見本 mails and scans): `../shared/fixtures` beside
/// the repository, or MADOGUCHI_FIXTURES.
pub fn fixtures() -> std::path::PathBuf {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if p.exists() {
        return p;
    }
    std::env::var_os("MADOGUCHI_FIXTURES")
        .map(Into::into)
        .expect("fixtures: ../shared/fixtures beside the repository, or MADOGUCHI_FIXTURES")
}

/// The policy files of the five seed procedures (tests/policies).
pub fn policy_file(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/policies")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `pdftotext -layout` of a PDF, or None (and a note) without poppler.
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    pdf_tool("pdftotext", &["-layout", "-enc", "UTF-8"], pdf, true)
}

/// The output of a poppler tool run on the PDF (`last_dash`: it writes to
/// stdout when given `-` after the file).
pub fn pdf_tool(tool: &str, args: &[&str], pdf: &[u8], last_dash: bool) -> Option<String> {
    if std::process::Command::new(tool).arg("-v").output().is_err() {
        eprintln!("{tool} not on PATH: skipping");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = std::process::Command::new(tool);
    cmd.args(args).arg(&path);
    if last_dash {
        cmd.arg("-");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// `2026-12-01` as a date.
pub fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The id of a seed procedure's policy (tests/policies), imported once per
/// store (its APPI 38条 warnings kept, as the scenarios' 管理者 does).
pub fn seed_policy(s: &mut Store, file_name: &str) -> i64 {
    let body = madoguchi_core::policy::from_file(&policy_file(file_name)).unwrap();
    let existing = s
        .list_policies()
        .unwrap()
        .into_iter()
        .find(|p| p.name == body.name)
        .map(|p| p.id);
    existing.unwrap_or_else(|| s.import_policy(&policy_file(file_name), true).unwrap().id)
}

/// The store signed in as a second 管理者 (a decision is never approved by
/// who made it).
pub fn second_admin(fx: &Fixture, mut s: Store) -> Store {
    s.add_user(&NewUser {
        username: "kanri2".into(),
        display_name: "見本 承認者".into(),
        role: Role::Admin,
        password: Password::new("kanri2-pass-2026"),
    })
    .unwrap();
    s.lock(false).unwrap();
    fx.unlock("kanri2", "kanri2-pass-2026").unwrap()
}

/// Records one decision (it must be accepted).
pub fn decide(
    s: &mut Store,
    id: i64,
    kind: madoguchi_core::policy::law::RequestKind,
    outcome: madoguchi_core::policy::law::Outcome,
    ground: Option<madoguchi_core::policy::law::LegalGround>,
    reasons: &str,
    detail: &str,
) {
    s.record_decision(
        id,
        &madoguchi_core::procedure::decisions::DecisionInput {
            kind,
            outcome,
            legal_ground: ground,
            reasons: reasons.into(),
            detail: detail.into(),
            fee_count: None,
        },
    )
    .unwrap();
}

/// Every `.rs` file under `dir`, sorted: for the checks that read the source.
pub fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    files
}
