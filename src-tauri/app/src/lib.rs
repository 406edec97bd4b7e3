//! The Madoguchi desktop app: a thin Tauri shell over madoguchi-core.
//! `app()` wires commands and state into any builder, so tests drive the same
//! wiring through Tauri's mock runtime.

// Without `custom-protocol` the window loads its UI from the Vite dev server
// (http://localhost:5173): whatever listens on that port would get the
// window's IPC. A release build must embed the UI; the Tauri CLI and
// scripts/bench turn the feature on.
#[cfg(all(not(debug_assertions), not(feature = "custom-protocol")))]
compile_error!(
    "a release build of madoguchi needs `--features custom-protocol` (the UI embedded, not loaded from localhost)"
);
// The dialog test hooks answer file dialogs from environment variables; no
// package may carry them.
#[cfg(all(not(debug_assertions), feature = "test-hooks"))]
compile_error!("`test-hooks` is for test builds only, never a release build");

#[macro_use]
mod ipc_schema;

/// The IPC surface, declared once: every command, its arguments, its answer
/// and its body (how it becomes code: `ipc_schema.rs`).
mod api;
mod api_ts;
pub mod commands;
pub mod ctx;
pub mod desktop;
pub mod ipc;
mod printing;
mod staging;
mod state;

pub use api::{dispatch, typescript_client, COMMANDS};
pub use state::AppState;

use madoguchi_core::store::credential::{CredentialStore, OsCredentialStore};
use madoguchi_core::store::DataDir;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::{Emitter, Manager};

/// The event the UI listens to for dropped files.
pub const STAGED_EVENT: &str = "madoguchi://staged";

/// Registers state and exactly the commands `api.rs` declares.
pub fn app<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(api::handler())
        .on_window_event(|window, event| {
            // Files dropped on the window: staged by content, announced to the UI.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let staged = commands::cases::stage_dropped(&window.state::<AppState>(), paths);
                let _ = window.emit(STAGED_EVENT, staged);
            }
        })
}

/// Locks the store after the configured idle time, checked every few seconds.
fn start_idle_watchdog<R: tauri::Runtime>(handle: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(5));
        handle.state::<AppState>().lock_if_idle(Instant::now());
    });
}

pub fn run() {
    let dir = DataDir::new(DataDir::default_location());
    let credentials = OsCredentialStore::new().map(|c| Arc::new(c) as Arc<dyn CredentialStore>);
    app(tauri::Builder::default(), AppState::new(dir, credentials))
        .setup(|app| {
            start_idle_watchdog(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("窓口を起動できませんでした");
}
