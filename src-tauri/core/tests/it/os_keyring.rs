//! The OS credential store for real: on Linux the Secret Service
//! (gnome-keyring in a private D-Bus session, started by scripts/test).

use madoguchi_core::kernel::secret::DeviceSecret;
use madoguchi_core::store::credential::{CredentialError, CredentialStore, OsCredentialStore};

#[test]
fn the_shipped_build_does_not_use_keyrings_in_memory_mock() {
    // keyring's default features select a mock that keeps nothing; the
    // platform features in Cargo.toml must have replaced it.
    assert!(OsCredentialStore::is_persistent());
    assert!(OsCredentialStore::new().is_ok());
}

#[test]
fn device_secret_round_trips_through_the_real_store() {
    let on = std::env::var("MADOGUCHI_REAL_KEYRING").as_deref() == Ok("1");
    assert!(
        on || std::env::var("CI").as_deref() != Ok("true"),
        "CI must run this with the real credential store"
    );
    if !on {
        eprintln!("skipped: needs MADOGUCHI_REAL_KEYRING=1 inside a Secret Service session (scripts/test)");
        return;
    }
    let store = OsCredentialStore::new().unwrap();
    let id = format!("test-{}", uuid::Uuid::new_v4());
    assert_eq!(store.get(&id).unwrap_err(), CredentialError::Missing);
    let secret = DeviceSecret::random();
    store.set(&id, &secret).unwrap();
    // A second handle, as after an app restart, reads the same secret.
    assert_eq!(OsCredentialStore::new().unwrap().get(&id).unwrap(), secret);
    store.delete(&id).unwrap();
    assert_eq!(store.get(&id).unwrap_err(), CredentialError::Missing);
    assert_eq!(
        store.backend(),
        if cfg!(target_os = "linux") {
            "secret-service"
        } else {
            store.backend()
        }
    );
}
