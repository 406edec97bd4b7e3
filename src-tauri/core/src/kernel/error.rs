//! How errors leave the core: every error has a stable machine `code()` for the
//! UI to branch on and a Japanese `message()` for the person. Neither ever
//! contains a name, address, number or any other value the user typed.

/// Implemented by every error enum of the core.
pub trait Coded {
    fn code(&self) -> &'static str;
    fn message(&self) -> String;
    /// The form fields a validation error is about; empty for other errors.
    fn fields(&self) -> Vec<FieldError> {
        Vec::new()
    }
}

/// A bad value in a form: which field, and what is wrong with it (never the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path in camelCase as the UI names it, e.g. `email` or
    /// `fees.0.kind`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Field errors of a form, on their own: what the kernel's validators return
/// when the caller's error type is not known here (`StoreError` converts it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<FieldError>);

pub(crate) const DISK_FULL: &str =
    "ディスクの空き容量が不足しているため保存できませんでした。入力内容は保存されていません。空き容量を確保してから、もう一度保存してください。";
pub(crate) const READ_ONLY: &str =
    "データフォルダに書き込めません（読み取り専用になっているか、アクセス権がありません）。入力内容は保存されていません。";

pub(crate) fn is_read_only(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly)
}

pub(crate) fn is_read_only_io(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}

pub(crate) fn is_disk_full(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull)
}
