//! Native file dialogs (rfd). They run on the window thread, as GTK and
//! AppKit require; commands wait for the answer on their own thread.

use crate::ipc::ApiError;
use std::path::PathBuf;

/// Asks where to save a PDF and writes it there. `Ok(false)` if cancelled.
pub fn save_pdf<R: tauri::Runtime>(app: &tauri::AppHandle<R>, suggested_name: &str, bytes: &[u8]) -> Result<bool, ApiError> {
    let (tx, rx) = std::sync::mpsc::channel::<Option<PathBuf>>();
    let name = suggested_name.to_string();
    app.run_on_main_thread(move || {
        let path = rfd::FileDialog::new().set_title("PDFの保存先").set_file_name(&name).add_filter("PDF", &["pdf"]).save_file();
        let _ = tx.send(path);
    })
    .map_err(|_| ApiError::new("dialog_failed", "保存先を選ぶ画面を開けませんでした。"))?;
    let Some(path) = rx.recv().ok().flatten() else { return Ok(false) };
    madoguchi_core::store::write_atomic(&path, bytes)
        .map_err(|_| ApiError::new("io_error", "PDFを保存できませんでした。保存先を変えてもう一度お試しください。"))?;
    Ok(true)
}
