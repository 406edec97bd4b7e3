//! The kernel: what every layer may use and that uses nothing of the core —
//! Japan time, errors and their codes, closed lists (`coded_enum!`), text as officers type
//! it (and the 異体字 its search keys fold), 和暦, secrets that zeroize, atomic file writes, the 個人番号 check.

#[macro_use]
pub(crate) mod coded;

pub mod clock;
pub mod error;
pub mod fsio;
pub mod mynumber;
pub mod secret;
pub mod text;
pub mod variants;
pub mod wareki;

/// The version written into new stores and backups.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
