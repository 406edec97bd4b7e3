//! Madoguchi's core: the encrypted store and the desk's domain.
//!
//! Nothing here knows about Tauri or a window; the app and the admin CLI are
//! thin edges over this crate (see ARCHITECTURE.md). Every error type has a
//! stable `code()` and a Japanese `message()` that never contains personal data.

#[macro_use]
mod coded;

pub mod audit;
pub mod backup;
pub mod cases;
pub mod complaints;
pub mod credential;
pub mod deadline;
pub mod decisions;
pub mod demo;
pub mod documents;
pub mod error;
pub mod fees;
pub mod files;
pub mod keyslot;
pub mod letters;
pub mod mail;
pub mod org;
pub mod pdf;
pub mod policy;
pub mod receipt_no;
pub mod recovery_sheet;
pub mod report_export;
pub mod reports;
pub mod retention;
pub mod text;

pub mod secret;
pub mod settings;
pub mod signin;
pub mod store;
pub mod users;
pub mod verification;
pub mod wareki;

pub use error::{Coded, StoreError};
pub use store::{DataDir, Store};

/// The version written into new stores and backups.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
