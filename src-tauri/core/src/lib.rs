//! Madoguchi's core: the encrypted store and the desk's domain.
//!
//! Nothing here knows about Tauri or a window; the app and the admin CLI are
//! thin edges over this crate (see ARCHITECTURE.md). Every error type has a
//! stable `code()` and a Japanese `message()` that never contains personal data.
//!
//! The modules are layers, lowest first; a module uses only those before it
//! (`tests/it/layers.rs` checks it against ARCHITECTURE.md):
//! kernel → store → desk → intake → policy → case → procedure → output →
//! retention → lifecycle → demo.

#[macro_use]
pub mod kernel;

pub mod store;

pub mod desk;

pub mod intake;

pub mod policy;

pub mod case;

pub mod procedure;

pub mod output;

pub mod retention;

pub mod lifecycle;

pub mod demo;

// For the edges (app, CLI): the types nearly every command names.
pub use kernel::error::Coded;
pub use store::error::StoreError;
pub use store::{DataDir, Store};
