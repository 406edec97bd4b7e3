//! The Madoguchi desktop app: a thin Tauri shell over madoguchi-core.
//! `app()` wires commands and state into any builder, so tests drive the same
//! wiring through Tauri's mock runtime.

mod command_names;
mod commands;
mod dialog;
pub mod ipc;
mod state;

pub use command_names::COMMANDS;
pub use state::AppState;

use madoguchi_core::credential::{CredentialStore, OsCredentialStore};
use madoguchi_core::DataDir;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::Manager;

/// Registers state and exactly the commands in `COMMANDS`.
pub fn app<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder.manage(state).invoke_handler(tauri::generate_handler![
        commands::app_status,
        commands::begin_setup,
        commands::save_recovery_sheet,
        commands::finish_setup,
        commands::cancel_setup,
        commands::unlock,
        commands::recover,
        commands::lock,
        commands::touch,
        commands::get_organisation,
        commands::update_organisation,
        commands::list_users,
        commands::add_user,
        commands::set_user_active,
        commands::reset_password,
        commands::get_settings,
        commands::update_settings,
        commands::audit_status,
    ])
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
