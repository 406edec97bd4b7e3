//! The bodies of the IPC commands, by area. Each is a plain function of a
//! [`Ctx`](crate::ctx::Ctx) and the command's arguments; `api.rs` declares
//! which exist and turns them into Tauri commands, the UI's client and the
//! UI tests' host.

pub mod cases;
pub mod letters;
pub mod procedure;
pub mod reports;
pub mod retention;
pub mod session;
