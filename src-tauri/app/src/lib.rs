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

mod cases_commands;
mod command_names;
mod commands;
mod dialog;
pub mod ipc;
mod letter_commands;
mod policy_commands;
mod printing;
mod report_commands;
mod retention_commands;
mod staging;
mod state;

pub use command_names::COMMANDS;
pub use state::AppState;

use madoguchi_core::store::credential::{CredentialStore, OsCredentialStore};
use madoguchi_core::store::DataDir;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::{Emitter, Manager};

/// The event the UI listens to for dropped files.
pub const STAGED_EVENT: &str = "madoguchi://staged";

/// Registers state and exactly the commands in `COMMANDS`.
pub fn app<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
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
            commands::preview_receipt_no,
            commands::update_settings,
            commands::audit_status,
            commands::open_demo,
            cases_commands::list_cases,
            cases_commands::get_case,
            cases_commands::queue_counts,
            cases_commands::new_case_input,
            cases_commands::check_duplicates,
            cases_commands::create_case,
            cases_commands::update_case,
            cases_commands::set_case_status,
            cases_commands::pick_eml_files,
            cases_commands::pick_scan_files,
            cases_commands::discard_staged,
            cases_commands::add_case_files,
            cases_commands::get_attachment,
            policy_commands::vocabulary,
            policy_commands::get_staged_data,
            policy_commands::set_staged_doc,
            policy_commands::mask_staged,
            policy_commands::refuse_staged,
            policy_commands::list_policies,
            policy_commands::get_policy,
            policy_commands::new_policy_body,
            policy_commands::lint_policy,
            policy_commands::save_policy,
            policy_commands::set_default_policy,
            policy_commands::export_policy,
            policy_commands::import_policy,
            policy_commands::get_verification,
            policy_commands::mark_verification,
            policy_commands::set_attachment_doc,
            policy_commands::mask_attachment,
            policy_commands::save_original,
            policy_commands::get_decisions,
            policy_commands::add_investigation_note,
            policy_commands::record_decision,
            policy_commands::review_decisions,
            policy_commands::get_fee_ledger,
            policy_commands::record_payment,
            policy_commands::decide_fee_warning,
            policy_commands::get_clock,
            policy_commands::pause_clock,
            policy_commands::resume_clock,
            letter_commands::letter_vocabulary,
            letter_commands::list_letter_templates,
            letter_commands::get_letter_template,
            letter_commands::save_letter_template,
            letter_commands::preview_letter_template,
            letter_commands::preview_letter,
            letter_commands::letter_readiness,
            letter_commands::issue_letter,
            letter_commands::case_letters,
            letter_commands::print_queue,
            letter_commands::get_letter_pdf,
            letter_commands::list_printers,
            letter_commands::print_letter,
            letter_commands::save_letter_pdf,
            letter_commands::record_mailing,
            retention_commands::disposal_queue,
            retention_commands::case_retention,
            retention_commands::approve_disposals,
            retention_commands::withdraw_disposal_approval,
            retention_commands::perform_disposals,
            retention_commands::set_legal_hold,
            retention_commands::release_legal_hold,
            retention_commands::disposal_records,
            retention_commands::mark_paper_shredded,
            retention_commands::search_audit,
            retention_commands::audit_actions,
            retention_commands::export_audit_csv,
            retention_commands::create_backup,
            report_commands::get_report,
            report_commands::report_pdf,
            report_commands::print_report,
            report_commands::save_report_pdf,
            report_commands::export_report,
            report_commands::list_complaints,
            report_commands::get_complaint,
            report_commands::create_complaint,
            report_commands::record_complaint_step,
            letter_commands::save_disclosure_package,
            letter_commands::get_letter_offsets,
            letter_commands::set_letter_offsets,
            letter_commands::save_calibration_page,
            letter_commands::print_calibration_page,
        ])
        .on_window_event(|window, event| {
            // Files dropped on the window: staged by content, announced to the UI.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let staged = cases_commands::stage_dropped(&window.state::<AppState>(), paths);
                let _ = match staged {
                    Ok(staged) => window.emit(STAGED_EVENT, staged),
                    Err(e) => window.emit(
                        STAGED_EVENT,
                        crate::ipc::Staged {
                            problems: vec![e.message],
                            ..Default::default()
                        },
                    ),
                };
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
