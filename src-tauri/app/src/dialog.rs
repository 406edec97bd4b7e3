//! Native file dialogs (rfd). They run on the window thread, as GTK and
//! AppKit require; commands wait for the answer on their own thread.

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
    madoguchi_core::store::write_atomic(&path, bytes).map_err(|_| {
        ApiError::new(
            "io_error",
            "ファイルを保存できませんでした。保存先を変えてもう一度お試しください。",
        )
    })?;
    Ok(true)
}

/// Asks where to save a file; `None` if cancelled. For files the core writes
/// itself (a backup), so they never pass through memory whole.
///
/// Test hook: when `MADOGUCHI_TEST_SAVE_DIR` names a folder, the answer is
/// the suggested name in it, without asking.
pub fn pick_save_path<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    suggested_name: &str,
    filter_name: &str,
    extensions: &[&str],
) -> Result<Option<PathBuf>, ApiError> {
    if let Some(dir) = std::env::var_os("MADOGUCHI_TEST_SAVE_DIR") {
        return Ok(Some(PathBuf::from(dir).join(suggested_name)));
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
///
/// Test hook: when `MADOGUCHI_TEST_PICK_FILE` names a file, the paths listed
/// in it (one per line, read at each call) are returned instead of showing
/// the dialog — WebDriver cannot operate a native dialog. Choosing files is
/// what the user could do anyway.
pub fn pick_files<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    filter_name: &str,
    extensions: &[&str],
) -> Result<Vec<PathBuf>, ApiError> {
    if let Some(list) = std::env::var_os("MADOGUCHI_TEST_PICK_FILE") {
        let text = std::fs::read_to_string(list).unwrap_or_default();
        return Ok(text
            .lines()
            .filter(|l| !l.is_empty())
            .map(PathBuf::from)
            .collect());
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
///
/// Test hook: `MADOGUCHI_TEST_SAVE_DIR` is the answer when set.
pub fn pick_folder<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
) -> Result<Option<PathBuf>, ApiError> {
    if let Some(dir) = std::env::var_os("MADOGUCHI_TEST_SAVE_DIR") {
        return Ok(Some(PathBuf::from(dir)));
    }
    let (tx, rx) = std::sync::mpsc::channel::<Option<PathBuf>>();
    let title = title.to_string();
    app.run_on_main_thread(move || {
        let _ = tx.send(rfd::FileDialog::new().set_title(&title).pick_folder());
    })
    .map_err(|_| ApiError::new("dialog_failed", "保存先を選ぶ画面を開けませんでした。"))?;
    Ok(rx.recv().ok().flatten())
}
