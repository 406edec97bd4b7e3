//! The encrypted store: creation, sign-in, the failure paths, users, audit.

use crate::common::*;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::kernel::secret::{DeviceSecret, Password, RecoveryKey};
use madoguchi_core::store::audit::Action;
use madoguchi_core::store::credential::CredentialError;
use madoguchi_core::store::error::StoreError;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::Store;

#[test]
fn created_store_reopens_with_the_admin_password() {
    let (fx, store) = Fixture::new();
    assert_eq!(store.organisation().unwrap().name, CANARY_ORG);
    assert_eq!(store.session().unwrap().user.role, Role::Admin);
    store.lock(false).unwrap();

    let store = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    assert_eq!(store.organisation().unwrap().postal_code, "100-0001");
    let status = store.verify().unwrap();
    // created, user created, sign-in, lock, sign-in
    assert_eq!(status.entries, 5);
    let actions: Vec<_> = store
        .audit_entries(10)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["signin", "lock", "signin", "user.created", "store.created"]
    );
}

#[test]
fn a_second_setup_is_refused() {
    let (fx, _store) = Fixture::new();
    let err =
        Store::create(&fx.dir, fx.creds.clone(), &setup(), &RecoveryKey::random()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlreadyInitialised);
}

#[test]
fn bad_setup_input_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = madoguchi_core::DataDir::new(tmp.path().join("data"));
    let creds =
        std::sync::Arc::new(madoguchi_core::store::credential::MemoryCredentialStore::new());
    let mut s = setup();
    s.organisation.postal_code = "123".into();
    s.admin.password = Password::new("short");
    let err = Store::create(&dir, creds, &s, &RecoveryKey::random()).unwrap_err();
    let StoreError::Invalid(fields) = &err else {
        panic!("{err:?}")
    };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["postalCode", "password"]);
    assert!(err.message().contains("郵便番号は7桁"));
    assert!(!dir.root().exists(), "nothing was written");
}

#[test]
fn wrong_password_fails_clearly_and_changes_nothing() {
    let (fx, store) = Fixture::new();
    store.lock(false).unwrap();
    let before = fx.snapshot();
    let err = fx.unlock(ADMIN, "not-the-password").unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassword);
    assert_eq!(
        err.message(),
        "ユーザー名またはパスワードが正しくありません。"
    );
    let err = fx.unlock("nobody", ADMIN_PW).unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::WrongPassword,
        "unknown users look the same as wrong passwords"
    );
    assert_eq!(fx.snapshot(), before);

    // The failures are audited by the next successful sign-in, with no name.
    let store = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    let entries = store.audit_entries(3).unwrap();
    assert_eq!(entries[0].action, "signin");
    assert_eq!(entries[1].action, "signin.failed");
    assert_eq!(entries[2].action, "signin.failed");
    assert_eq!(entries[1].actor_id, None);
    store.verify().unwrap();
}

#[test]
fn repeated_wrong_passwords_back_off() {
    let (fx, store) = Fixture::new();
    store.lock(false).unwrap();
    for _ in 0..4 {
        assert_eq!(
            fx.unlock(ADMIN, "wrong-wrong").unwrap_err().code(),
            ErrorCode::WrongPassword
        );
    }
    let err = fx.unlock(ADMIN, ADMIN_PW).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TooManyAttempts);
    assert!(err.message().contains("秒後まで"));
}

#[test]
fn wrong_recovery_key_fails_clearly_and_changes_nothing() {
    let (fx, store) = Fixture::new();
    store.lock(false).unwrap();
    let before = fx.snapshot();
    let err =
        Store::open_with_recovery(&fx.dir, fx.creds.clone(), &RecoveryKey::random()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongRecoveryKey);
    assert!(err.message().contains("回復キーが正しくありません"));
    assert_eq!(fx.snapshot(), before);
    // The right one opens, with no device secret needed.
    fx.creds.remove_all();
    let store = Store::open_with_recovery(&fx.dir, fx.creds.clone(), &fx.recovery).unwrap();
    assert_eq!(store.organisation().unwrap().name, CANARY_ORG);
}

#[test]
fn missing_or_changed_credential_store_entry_has_its_own_message() {
    let (fx, store) = Fixture::new();
    let binding = store.device_binding().to_string();
    store.lock(false).unwrap();
    let before = fx.snapshot();

    fx.creds.remove_all();
    let err = fx.unlock(ADMIN, ADMIN_PW).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CredentialMissing);
    assert!(err.message().contains("回復キー"));

    fx.creds.overwrite(&binding, &DeviceSecret::random());
    assert_eq!(
        fx.unlock(ADMIN, ADMIN_PW).unwrap_err().code(),
        ErrorCode::CredentialChanged
    );

    fx.creds
        .fail_with(Some(CredentialError::Unavailable("locked".into())));
    let err = fx.unlock(ADMIN, ADMIN_PW).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CredentialUnavailable);
    assert!(
        !err.message().contains("locked"),
        "platform detail stays out of the message"
    );
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn recovery_rebinds_the_store_to_this_pc() {
    let (fx, mut store) = Fixture::new();
    store
        .add_user(&NewUser {
            username: "tanto".into(),
            display_name: "見本 担当".into(),
            role: Role::Officer,
            password: Password::new("tanto-pass-1"),
        })
        .unwrap();
    store.lock(false).unwrap();
    fx.creds.remove_all();

    let mut store = Store::open_with_recovery(&fx.dir, fx.creds.clone(), &fx.recovery).unwrap();
    let session = store
        .rebind_to_this_pc(ADMIN, &Password::new("new-admin-pass"))
        .unwrap();
    assert!(session.via_recovery);
    store.lock(false).unwrap();

    fx.unlock(ADMIN, "new-admin-pass")
        .unwrap()
        .lock(false)
        .unwrap();
    assert_eq!(
        fx.unlock(ADMIN, ADMIN_PW).unwrap_err().code(),
        ErrorCode::WrongPassword
    );
    // The officer's slot was bound to the lost secret: a 管理者 must reset it.
    assert_eq!(
        fx.unlock("tanto", "tanto-pass-1").unwrap_err().code(),
        ErrorCode::WrongPassword
    );
}

#[test]
fn users_roles_disable_enable_and_reset() {
    let (fx, mut admin) = Fixture::new();
    let officer = admin
        .add_user(&NewUser {
            username: "tanto".into(),
            display_name: "見本 担当".into(),
            role: Role::Officer,
            password: Password::new("tanto-pass-1"),
        })
        .unwrap();
    assert_eq!(
        admin
            .add_user(&NewUser {
                username: "TANTO".into(),
                display_name: "x".into(),
                role: Role::Officer,
                password: Password::new("another-pass")
            })
            .unwrap_err()
            .code(),
        ErrorCode::DuplicateUser
    );
    let admin_id = admin.session().unwrap().user.id;
    assert_eq!(
        admin.disable_user(admin_id).unwrap_err().code(),
        ErrorCode::LastAdmin
    );
    admin.lock(false).unwrap();

    // An officer signs in but may not manage users or the organisation.
    let mut off = fx.unlock("tanto", "tanto-pass-1").unwrap();
    assert_eq!(off.session().unwrap().user.role, Role::Officer);
    let err = off
        .add_user(&NewUser {
            username: "x12".into(),
            display_name: "x".into(),
            role: Role::Admin,
            password: Password::new("whatever-123"),
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert_eq!(
        off.update_organisation(&organisation()).unwrap_err().code(),
        ErrorCode::PermissionDenied
    );
    off.lock(false).unwrap();

    let mut admin = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    admin.disable_user(officer.id).unwrap();
    admin.lock(false).unwrap();
    assert_eq!(
        fx.unlock("tanto", "tanto-pass-1").unwrap_err().code(),
        ErrorCode::WrongPassword,
        "slot removed"
    );

    let mut admin = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    assert_eq!(
        admin
            .enable_user(officer.id, &Password::new("short"))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    admin
        .enable_user(officer.id, &Password::new("tanto-pass-2"))
        .unwrap();
    admin
        .reset_password(officer.id, &Password::new("tanto-pass-3"))
        .unwrap();
    let actions: Vec<_> = admin
        .audit_entries(3)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["user.password_reset", "user.enabled", "signin"]);
    admin.lock(false).unwrap();
    fx.unlock("tanto", "tanto-pass-3").unwrap();
}

#[test]
fn bad_organisation_input_changes_nothing() {
    let (_fx, mut store) = Fixture::new();
    let mut bad = organisation();
    bad.email = "no-at-sign".into();
    let before = store.audit_entries(1).unwrap()[0].seq;
    assert_eq!(
        store.update_organisation(&bad).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(store.organisation().unwrap().email, "privacy@example.co.jp");
    assert_eq!(store.audit_entries(1).unwrap()[0].seq, before);
}

#[test]
fn settings_are_validated_and_audited() {
    let (_fx, mut store) = Fixture::new();
    assert_eq!(store.settings().unwrap().idle_lock_minutes, 10);
    let err = store
        .update_settings(madoguchi_core::desk::settings::Settings {
            idle_lock_minutes: 0,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    store
        .update_settings(madoguchi_core::desk::settings::Settings {
            idle_lock_minutes: 5,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(store.settings().unwrap().idle_lock_minutes, 5);
    assert_eq!(
        store.audit_entries(1).unwrap()[0].action,
        "settings.changed"
    );
}

#[test]
fn a_store_from_a_newer_version_is_refused_untouched() {
    let (fx, store) = Fixture::new();
    store
        .raw_connection_for_tests()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    store.lock(false).unwrap();
    let before = fx.snapshot();
    let err = fx.unlock(ADMIN, ADMIN_PW).unwrap_err();
    assert_eq!(err.code(), ErrorCode::StoreTooNew);
    assert!(err.message().contains("新しいバージョン"));
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn changing_or_deleting_an_audit_entry_fails_verify() {
    let (fx, store) = Fixture::new();
    store.lock(false).unwrap();
    let store = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    store.verify().unwrap();
    let c = store.raw_connection_for_tests();
    c.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    c.execute(
        "UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 2",
        [],
    )
    .unwrap();
    assert!(matches!(
        store.verify(),
        Err(StoreError::AuditBroken { seq: 2 })
    ));

    let (fx2, store2) = Fixture::new();
    let _ = fx2;
    let c = store2.raw_connection_for_tests();
    c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;")
        .unwrap();
    let err = store2.verify().unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuditBroken);
}

#[test]
fn audit_entries_hold_no_personal_data() {
    let (_fx, mut store) = Fixture::new();
    store
        .add_user(&NewUser {
            username: "yamada.hanako".into(),
            display_name: "山田 花子".into(),
            role: Role::Officer,
            password: Password::new("hanako-pass-1"),
        })
        .unwrap();
    let mut o = organisation();
    o.address = "大阪府大阪市見本区9-9".into();
    store.update_organisation(&o).unwrap();
    for e in store.audit_entries(100).unwrap() {
        let all = format!("{e:?}");
        for secret in ["山田", "花子", "yamada", "大阪", CANARY_ORG, "privacy@"] {
            assert!(!all.contains(secret), "{secret} leaked into {all}");
        }
    }
    let _ = Action::SignIn;
}
