//! The desktop around the commands: native file dialogs and the OS's
//! printers. Command bodies reach them only through [`Desktop`], so the same
//! bodies run in the window ([`TauriDesktop`]) and in the UI tests' host
//! (`src/bin/testhost.rs`, whose stand-in answers dialogs as the test says
//! and prints nowhere).

use crate::ipc::{ApiError, ErrorCode, Printers};
use std::path::PathBuf;

pub trait Desktop: Send + Sync {
    /// Asks for one or more files to open; empty if cancelled.
    fn pick_files(
        &self,
        title: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Result<Vec<PathBuf>, ApiError>;
    /// Asks where to save a file; `None` if cancelled.
    fn pick_save_path(
        &self,
        title: &str,
        suggested_name: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Result<Option<PathBuf>, ApiError>;
    /// Asks for a folder to write into; `None` if cancelled.
    fn pick_folder(&self, title: &str) -> Result<Option<PathBuf>, ApiError>;
    /// The printers the officer can choose from.
    fn printers(&self) -> Printers;
    /// Sends a PDF to `printer` at its actual size; returns the job's id.
    fn print_pdf(&self, printer: &str, title: &str, pdf: &[u8]) -> Result<String, ApiError>;
}

/// A name the save dialog can offer on every OS: characters Windows refuses
/// in a file name become `_`.
pub fn safe_file_name(name: &str) -> String {
    name.replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "_")
}

/// Asks where to save a PDF and writes it there. `Ok(false)` if cancelled.
pub fn save_pdf(
    desktop: &dyn Desktop,
    suggested_name: &str,
    bytes: &[u8],
) -> Result<bool, ApiError> {
    save_file(
        desktop,
        "PDFの保存先",
        suggested_name,
        "PDF",
        &["pdf"],
        bytes,
    )
}

/// Asks where to save a file and writes it there (atomically). `Ok(false)`
/// if cancelled.
pub fn save_file(
    desktop: &dyn Desktop,
    title: &str,
    suggested_name: &str,
    filter_name: &str,
    extensions: &[&str],
    bytes: &[u8],
) -> Result<bool, ApiError> {
    let Some(path) = desktop.pick_save_path(title, suggested_name, filter_name, extensions)? else {
        return Ok(false);
    };
    madoguchi_core::kernel::fsio::write_atomic(&path, bytes).map_err(|_| {
        ApiError::new(
            ErrorCode::IoError,
            "ファイルを保存できませんでした。保存先を変えてもう一度お試しください。",
        )
    })?;
    Ok(true)
}

/// The window's desktop: rfd dialogs on the window thread (as GTK and AppKit
/// require; the command waits on its own thread) and the OS print system.
pub struct TauriDesktop<R: tauri::Runtime>(pub tauri::AppHandle<R>);

impl<R: tauri::Runtime> TauriDesktop<R> {
    /// Runs `dialog` on the window thread and waits for its answer (`None`
    /// if the window went away before answering: nothing was chosen).
    fn ask<T: Send + 'static>(
        &self,
        failed: &str,
        dialog: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Option<T>, ApiError> {
        let (tx, rx) = std::sync::mpsc::channel::<T>();
        self.0
            .run_on_main_thread(move || {
                let _ = tx.send(dialog());
            })
            .map_err(|_| ApiError::new(ErrorCode::DialogFailed, failed))?;
        Ok(rx.recv().ok())
    }
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|e| e.to_string()).collect()
}

impl<R: tauri::Runtime> Desktop for TauriDesktop<R> {
    fn pick_files(
        &self,
        title: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Result<Vec<PathBuf>, ApiError> {
        #[cfg(feature = "test-hooks")]
        if let Some(picked) = test_hooks::picked_files() {
            return Ok(picked);
        }
        let (title, filter_name, extensions) = (
            title.to_string(),
            filter_name.to_string(),
            owned(extensions),
        );
        self.ask(
            "ファイルを選ぶ画面を開けませんでした。",
            move || {
                rfd::FileDialog::new()
                    .set_title(&title)
                    .add_filter(&filter_name, &extensions)
                    .pick_files()
                    .unwrap_or_default()
            },
        )
        .map(Option::unwrap_or_default)
    }

    fn pick_save_path(
        &self,
        title: &str,
        suggested_name: &str,
        filter_name: &str,
        extensions: &[&str],
    ) -> Result<Option<PathBuf>, ApiError> {
        #[cfg(feature = "test-hooks")]
        if let Some(dir) = test_hooks::save_dir() {
            return Ok(Some(dir.join(suggested_name)));
        }
        let (title, name, filter_name, extensions) = (
            title.to_string(),
            suggested_name.to_string(),
            filter_name.to_string(),
            owned(extensions),
        );
        self.ask(
            "保存先を選ぶ画面を開けませんでした。",
            move || {
                rfd::FileDialog::new()
                    .set_title(&title)
                    .set_file_name(&name)
                    .add_filter(&filter_name, &extensions)
                    .save_file()
            },
        )
        .map(Option::flatten)
    }

    fn pick_folder(&self, title: &str) -> Result<Option<PathBuf>, ApiError> {
        #[cfg(feature = "test-hooks")]
        if let Some(dir) = test_hooks::save_dir() {
            return Ok(Some(dir));
        }
        let title = title.to_string();
        self.ask(
            "保存先を選ぶ画面を開けませんでした。",
            move || rfd::FileDialog::new().set_title(&title).pick_folder(),
        )
        .map(Option::flatten)
    }

    fn printers(&self) -> Printers {
        crate::printing::printers()
    }

    fn print_pdf(&self, printer: &str, title: &str, pdf: &[u8]) -> Result<String, ApiError> {
        crate::printing::print_pdf(printer, title, pdf)
    }
}

/// WebDriver cannot operate a native dialog, so builds with the `test-hooks`
/// feature (the end-to-end tests' build, never a package: lib.rs refuses it
/// in a release build) answer from these variables instead of asking. Other
/// builds do not read them.
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
