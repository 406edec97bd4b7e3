//! A string written into the store never appears in clear in any file under
//! the data folder or the temp folder, through a whole working session:
//! create, edit, lock, unlock, backup, restore. The session runs in a child
//! process whose TMPDIR (and SQLite's) is a private folder from its start, so
//! every temporary file of the session can be scanned.

use crate::common::*;
use madoguchi_core::kernel::secret::Password;
use madoguchi_core::store::backup;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::DataDir;
use std::path::Path;
use std::sync::Arc;

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                files_under(&p, out);
            } else {
                out.push(p);
            }
        }
    }
}

fn encodings(s: &str) -> Vec<Vec<u8>> {
    let utf16le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    vec![s.as_bytes().to_vec(), utf16le, utf16be]
}

/// Set in the child: the private temp folder its parent made.
const CHILD_TMP: &str = "NO_PLAINTEXT_TMPDIR";

#[test]
fn canary_never_appears_in_clear() {
    let Some(tmp) = std::env::var_os(CHILD_TMP) else {
        let tmpdir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "no_plaintext::canary_never_appears_in_clear",
                "--exact",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(CHILD_TMP, tmpdir.path())
            .env("TMPDIR", tmpdir.path())
            .env("SQLITE_TMPDIR", tmpdir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "the session in a child process failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    };
    let tmpdir = Path::new(&tmp);

    let (fx, mut store) = Fixture::new();
    let officer_name = "見本カナリア担当者";
    store
        .add_user(&NewUser {
            username: "canary.user".into(),
            display_name: officer_name.into(),
            role: Role::Officer,
            password: Password::new("canary-pass-1"),
        })
        .unwrap();
    let mut o = organisation();
    o.address = "見本カナリア県見本市1-1".into();
    store.update_organisation(&o).unwrap();
    let backup_file = fx.tmp.path().join("b.mdgbak");
    store.backup(&backup_file).unwrap();
    store.lock(false).unwrap();
    let store = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    drop(store);
    let target = DataDir::new(fx.tmp.path().join("restored"));
    let (restored, _) = backup::restore(
        &backup_file,
        &target,
        Arc::new(MemoryCredentialStore::new()),
        &fx.recovery,
        ADMIN,
        &Password::new("restored-pass"),
    )
    .unwrap();
    assert_eq!(
        restored.organisation().unwrap().name,
        CANARY_ORG,
        "the data is really there"
    );
    // Keep the store open (WAL and its index live) while scanning.

    let mut files = Vec::new();
    files_under(fx.tmp.path(), &mut files);
    files_under(tmpdir, &mut files);
    assert!(files.len() >= 4, "scanned {files:?}");
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for needle in [
            CANARY_ORG,
            officer_name,
            "見本カナリア県",
            "canary.user",
            "privacy@example.co.jp",
        ] {
            for enc in encodings(needle) {
                assert!(
                    !bytes.windows(enc.len()).any(|w| w == enc.as_slice()),
                    "{needle} found in clear in {}",
                    f.display()
                );
            }
        }
    }
}
