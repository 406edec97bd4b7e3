//! Native file dialogs (rfd). They run on the window thread, as GTK and
//! AppKit require; commands wait for the answer on their own thread.
//!
//! WebDriver cannot operate a native dialog, so builds with the `test-hooks`
//! feature (the end-to-end tests' build, never a package: lib.rs refuses it
//! in a release build) answer from `MADOGUCHI_TEST_PICK_FILE` and
//! `MADOGUCHI_TEST_SAVE_DIR` instead of asking. Other builds do not read them.

use crate::ipc::ApiError;
use std::path::PathBuf;

/// A name the save dialog can offer on every OS: characters Windows refuses
/// in a file name become `_`.
pub fn safe_file_name(name: &str) -> String {
    name.replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "_")
}

/// Asks where to save a PDF and writes it there. `Ok(false)` if cancelled.
pub fn save_pdf<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    suggested_name: &str,
    bytes: &[u8],
) -> Result<bool, ApiError> {
    save_file(app, "PDFの保存先", suggested_name, "PDF", &["pdf"], bytes)
}

/// Asks where to save a file and writes it there (atomically). `Ok(false)`
/// if cancelled.
pub fn save_file<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    suggested_name: &str,
    filter_name: &str,
    extensions: &[&str],
    bytes: &[u8],
) -> Result<bool, ApiError> {
    let Some(path) = pick_save_path(app, title, suggested_name, filter_name, extensions)? else {
        return Ok(false);
    };
    madoguchi_core::kernel::fsio::write_atomic(&path, bytes).map_err(|_| {
        ApiError::new(
            "io_error",
            "ファイルを保存できませんでした。保存先を変えてもう一度お試しください。",
        )
    })?;
    Ok(true)
}

/// Asks where to save a file; `None` if cancelled. For files the core writes
/// itself (a backup), so they never pass through memory whole.
pub fn pick_save_path<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    suggested_name: &str,
    filter_name: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>, ApiError> {
    #[cfg(feature = "test-hooks")]
    if let Some(dir) = test_hooks::save_dir() {
        return Ok(Some(dir.join(suggested_name)));
    }
    let (tx, rx) = std::sync::mpsc::channel::<Option<PathBuf>>();
    let (title, name, filter_name) = (
        title.to_string(),
        suggested_name.to_string(),
        filter_name.to_string(),
    );
    let extensions: Vec<String> = extensions.iter().map(|e| e.to_string()).collect();
    app.run_on_main_thread(move || {
        let path = rfd::FileDialog::new()
            .set_title(&title)
            .set_file_name(&name)
            .add_filter(&filter_name, &extensions)
            .save_file();
        let _ = tx.send(path);
    })
    .map_err(|_| ApiError::new("dialog_failed", "保存先を選ぶ画面を開けませんでした。"))?;
    Ok(rx.recv().ok().flatten())
}

/// Asks for one or more files to open. Returns an empty list if cancelled.
pub fn pick_files<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    filter_name: &str,
    extensions: &[&str],
) -> Result<Vec<PathBuf>, ApiError> {
    #[cfg(feature = "test-hooks")]
    if let Some(picked) = test_hooks::picked_files() {
        return Ok(picked);
    }
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let title = title.to_string();
    let filter_name = filter_name.to_string();
    let extensions: Vec<String> = extensions.iter().map(|e| e.to_string()).collect();
    app.run_on_main_thread(move || {
        let picked = rfd::FileDialog::new()
            .set_title(&title)
            .add_filter(&filter_name, &extensions)
            .pick_files()
            .unwrap_or_default();
        let _ = tx.send(picked);
    })
    .map_err(|_| ApiError::new("dialog_failed", "ファイルを選ぶ画面を開けませんでした。"))?;
    Ok(rx.recv().unwrap_or_default())
}

/// Asks for a folder to write into. `None` if cancelled.
pub fn pick_folder<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
) -> Result<Option<PathBuf>, ApiError> {
    #[cfg(feature = "test-hooks")]
    if let Some(dir) = test_hooks::save_dir() {
        return Ok(Some(dir));
    }
    let (tx, rx) = std::sync::mpsc::channel::<Option<PathBuf>>();
    let title = title.to_string();
    app.run_on_main_thread(move || {
        let _ = tx.send(rfd::FileDialog::new().set_title(&title).pick_folder());
    })
    .map_err(|_| ApiError::new("dialog_failed", "保存先を選ぶ画面を開けませんでした。"))?;
    Ok(rx.recv().ok().flatten())
}

/// The answers the end-to-end tests give instead of a person at a dialog.
#[cfg(feature = "test-hooks")]
mod test_hooks {
    use std::path::PathBuf;

    /// `MADOGUCHI_TEST_SAVE_DIR`: every save goes into this folder under the
    /// suggested name.
    pub fn save_dir() -> Option<PathBuf> {
        std::env::var_os("MADOGUCHI_TEST_SAVE_DIR").map(PathBuf::from)
    }

    /// `MADOGUCHI_TEST_PICK_FILE`: a file listing the paths a pick returns,
    /// one per line, read at each call (so a test can change it between picks).
    pub fn picked_files() -> Option<Vec<PathBuf>> {
        let list = std::env::var_os("MADOGUCHI_TEST_PICK_FILE")?;
        let text = std::fs::read_to_string(list).unwrap_or_default();
        Some(
            text.lines()
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect(),
        )
    }
}
