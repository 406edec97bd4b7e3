//! How errors leave the core: every error has a stable machine `code()` for the
//! UI to branch on and a Japanese `message()` for the person. Neither ever
//! contains a name, address, number or any other value the user typed.

/// Declares `ErrorCode`: each variant with the stable code the UI receives.
macro_rules! error_codes {
    ($($(#[$m:meta])* $v:ident = $code:literal,)+) => {
        /// Every error code a command can answer with, in one list: the UI
        /// branches on these (its TypeScript twin is a union of the codes and
        /// a constant per variant, generated from this enum), never on a
        /// message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum ErrorCode { $($(#[$m])* #[serde(rename = $code)] $v,)+ }
        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$v),+];
            /// The code as sent over IPC and kept in logs, e.g. `wrong_password`.
            pub fn as_str(self) -> &'static str { match self { $(ErrorCode::$v => $code),+ } }
            /// The variant's name, e.g. `WrongPassword` (for generated code).
            pub fn name(self) -> &'static str { match self { $(ErrorCode::$v => stringify!($v)),+ } }
        }
        impl std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

error_codes! {
    // The store and its keys.
    NotInitialised = "not_initialised",
    AlreadyInitialised = "already_initialised",
    StoreTooNew = "store_too_new",
    TooManyAttempts = "too_many_attempts",
    UserDisabled = "user_disabled",
    WrongPassword = "wrong_password",
    WrongRecoveryKey = "wrong_recovery_key",
    MalformedRecoveryKey = "malformed_recovery_key",
    KeyslotsCorrupt = "keyslots_corrupt",
    CredentialMissing = "credential_missing",
    CredentialUnavailable = "credential_unavailable",
    CredentialChanged = "credential_changed",
    CredentialNotPersistent = "credential_not_persistent",
    PermissionDenied = "permission_denied",
    NamedAdminNeeded = "named_admin_needed",
    LastAdmin = "last_admin",
    DuplicateUser = "duplicate_user",
    AuditBroken = "audit_broken",
    IntegrityFailed = "integrity_failed",
    DatabaseError = "database_error",
    // Input.
    /// Bad values; `fields` says where.
    InvalidInput = "invalid_input",
    /// Warnings the person may override (APPI 38条); `fields` lists them.
    Warnings = "warnings",
    NotFound = "not_found",
    // Files.
    DiskFull = "disk_full",
    ReadOnly = "read_only",
    IoError = "io_error",
    FileTooLarge = "file_too_large",
    FileCorrupt = "file_corrupt",
    NotAMail = "not_a_mail",
    MailTooLarge = "mail_too_large",
    PdfFailed = "pdf_failed",
    RecoverySheetFailed = "recovery_sheet_failed",
    // Backups.
    NotABackup = "not_a_backup",
    BackupDamaged = "backup_damaged",
    BackupTampered = "backup_tampered",
    BackupTooNew = "backup_too_new",
    TargetNotEmpty = "target_not_empty",
    // The app around the core.
    /// No store is open: sign in again.
    Locked = "locked",
    NoSession = "no_session",
    SetupNotStarted = "setup_not_started",
    /// A staged (picked, not yet saved) file is gone.
    StagedMissing = "staged_missing",
    DialogFailed = "dialog_failed",
    PrintFailed = "print_failed",
    PrintUnsupported = "print_unsupported",
    /// A command the app does not have, or arguments that do not fit it.
    BadRequest = "bad_request",
    // Made up by the UI itself.
    /// A rejection that was not an error of ours at all.
    Unexpected = "unexpected",
    /// pdf.js could not draw a page to mask.
    PdfRender = "pdf_render",
}

/// Implemented by every error enum of the core.
pub trait Coded {
    fn code(&self) -> ErrorCode;
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
