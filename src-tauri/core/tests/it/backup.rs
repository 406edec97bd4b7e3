//! Backup → restore on a "new PC" with the recovery key; damaged and altered
//! backups are detected.

use crate::common::*;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::store::backup;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::DataDir;
use std::sync::Arc;

fn made_backup() -> (Fixture, std::path::PathBuf) {
    let (fx, mut store) = Fixture::new();
    store
        .add_user(&NewUser {
            username: "tanto".into(),
            display_name: "見本 担当".into(),
            role: Role::Officer,
            password: Password::new("tanto-pass-1"),
        })
        .unwrap();
    let out = fx.tmp.path().join("madoguchi-2026-11-21.mdgbak");
    let report = store.backup(&out).unwrap();
    assert!(report.bytes > 0 && report.audit_entries >= 4);
    (fx, out)
}

#[test]
fn backup_restores_on_a_new_pc_with_the_recovery_key() {
    let (fx, out) = made_backup();
    let new_pc = Arc::new(MemoryCredentialStore::new());
    let target = DataDir::new(fx.tmp.path().join("restored"));
    let (store, session) = backup::restore(
        &out,
        &target,
        new_pc.clone(),
        &fx.recovery,
        ADMIN,
        &Password::new("restored-pass"),
    )
    .unwrap();
    assert_eq!(session.user.username, ADMIN);
    assert_eq!(store.organisation().unwrap().name, CANARY_ORG);
    let names: Vec<_> = store
        .users()
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, [ADMIN, "tanto"]);
    let actions: Vec<_> = store
        .audit_entries(3)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["store.restored", "device.rebound", "signin.recovery"]
    );
    store.verify().unwrap();
    store.lock(false).unwrap();
    // The new password works on the new PC.
    madoguchi_core::Store::unlock(
        &target,
        new_pc,
        ADMIN,
        &Password::new("restored-pass"),
        madoguchi_core::store::audit::Action::SignIn,
    )
    .unwrap();
}

#[test]
fn restore_refuses_a_folder_with_data_and_a_wrong_key() {
    let (fx, out) = made_backup();
    let err = backup::restore(
        &out,
        &fx.dir,
        Arc::new(MemoryCredentialStore::new()),
        &fx.recovery,
        ADMIN,
        &Password::new("restored-pass"),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TargetNotEmpty);
    let target = DataDir::new(fx.tmp.path().join("restored"));
    let err = backup::restore(
        &out,
        &target,
        Arc::new(MemoryCredentialStore::new()),
        &RecoveryKey::random(),
        ADMIN,
        &Password::new("restored-pass"),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongRecoveryKey);
    assert!(!target.is_initialised());
}

#[test]
fn a_flipped_byte_anywhere_is_detected() {
    let (fx, out) = made_backup();
    let original = std::fs::read(&out).unwrap();
    // In the header, in the middle of the database, in the trailer.
    for pos in [30, original.len() / 2, original.len() - 10] {
        let mut bytes = original.clone();
        bytes[pos] ^= 0x01;
        let bad = fx.tmp.path().join(format!("bad-{pos}.mdgbak"));
        std::fs::write(&bad, &bytes).unwrap();
        let err = backup::verify(&bad, Some(&fx.recovery)).unwrap_err();
        assert!(
            matches!(
                err.code(),
                ErrorCode::BackupDamaged | ErrorCode::BackupTampered
            ),
            "{pos}: {}",
            err.code()
        );
        let target = DataDir::new(fx.tmp.path().join(format!("r{pos}")));
        assert!(backup::restore(
            &bad,
            &target,
            Arc::new(MemoryCredentialStore::new()),
            &fx.recovery,
            ADMIN,
            &Password::new("restored-pass")
        )
        .is_err());
        assert!(!target.is_initialised());
    }
    backup::verify(&out, Some(&fx.recovery)).unwrap();
}

#[test]
fn a_consistently_resealed_checksum_is_still_caught_by_the_mac() {
    use sha2::{Digest, Sha256};
    let (fx, out) = made_backup();
    let mut bytes = std::fs::read(&out).unwrap();
    let body = bytes.len() - 64;
    bytes[body / 2] ^= 0x01;
    let sum = Sha256::digest(&bytes[..body]);
    bytes[body..body + 32].copy_from_slice(&sum);
    let bad = fx.tmp.path().join("resealed.mdgbak");
    std::fs::write(&bad, &bytes).unwrap();
    assert_eq!(
        backup::verify(&bad, Some(&fx.recovery)).unwrap_err().code(),
        ErrorCode::BackupTampered
    );
}

#[test]
fn something_that_is_not_a_backup_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("x.mdgbak");
    std::fs::write(
        &f,
        "PK\x03\x04 this is a zip file, not a backup at all.................................",
    )
    .unwrap();
    let err = backup::verify(&f, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotABackup);
    assert!(err.message().contains("バックアップではありません"));
}

#[test]
fn scans_travel_with_the_backup() {
    use madoguchi_core::case::attachments::IncomingFile;
    use madoguchi_core::case::model::CaseInput;
    use madoguchi_core::intake::channel::Channel;
    use madoguchi_core::policy::law::RequestKind;
    let (fx, mut store) = Fixture::new();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    let mut input = CaseInput::blank(Channel::Post, today);
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Disclosure];
    let png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    let case = store
        .create_case(
            &input,
            None,
            &[IncomingFile::new("scan.png", png.clone())],
            today,
        )
        .unwrap();
    let out = fx.tmp.path().join("with-files.mdgbak");
    store.backup(&out).unwrap();

    let target = DataDir::new(fx.tmp.path().join("restored"));
    let (mut restored, _) = backup::restore(
        &out,
        &target,
        Arc::new(MemoryCredentialStore::new()),
        &fx.recovery,
        ADMIN,
        &Password::new("restored-pass"),
    )
    .unwrap();
    let (_, bytes) = restored.attachment_bytes(case.attachments[0].id).unwrap();
    assert_eq!(&bytes[..], &png[..]);
}
