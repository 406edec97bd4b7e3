//! The store's error: what any operation on the encrypted store, or on the
//! domain built on it, can fail with. Every variant has a stable code and a
//! Japanese message without personal data (`Coded`).

use crate::kernel::error::ErrorCode;
use crate::kernel::error::{
    is_disk_full, is_read_only, is_read_only_io, Coded, FieldError, Invalid, DISK_FULL, READ_ONLY,
};
use crate::store::credential::CredentialError;
use crate::store::keyslot::KeySlotError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store in the data folder")]
    NotInitialised,
    #[error("a store already exists in the data folder")]
    AlreadyInitialised,
    #[error("store schema {found} is newer than this version ({supported})")]
    TooNew { found: usize, supported: usize },
    #[error(transparent)]
    Credential(#[from] CredentialError),
    #[error(transparent)]
    KeySlot(#[from] KeySlotError),
    #[error("too many failed sign-ins; wait {wait_seconds}s")]
    TooManyAttempts { wait_seconds: u64 },
    #[error("the user is disabled")]
    UserDisabled,
    #[error("invalid input in {}", .0.first().map(|e| e.field.as_str()).unwrap_or("?"))]
    Invalid(Vec<FieldError>),
    /// Warnings the user may choose to override (e.g. APPI 38条 on fees).
    #[error("warnings to confirm in {}", .0.first().map(|e| e.field.as_str()).unwrap_or("?"))]
    Warnings(Vec<FieldError>),
    #[error("permission denied")]
    PermissionDenied,
    /// An approval names who gave it: the recovery key is nobody.
    #[error("approval needs a signed-in administrator")]
    NamedAdminNeeded,
    #[error("record not found")]
    NotFound,
    #[error("the last active administrator cannot be disabled")]
    LastAdmin,
    #[error("the user name is already taken")]
    DuplicateUser,
    #[error("the audit chain is broken at entry {seq}")]
    AuditBroken { seq: i64 },
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("migration error: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("integrity check failed")]
    Integrity,
    /// A letter or form could not be drawn (never personal data inside).
    #[error("pdf: {0}")]
    Pdf(String),
}

impl StoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid(vec![FieldError::new(field, message)])
    }
}

impl Coded for StoreError {
    fn fields(&self) -> Vec<FieldError> {
        match self {
            StoreError::Invalid(list) | StoreError::Warnings(list) => list.clone(),
            // The form's field that holds the taken name.
            StoreError::DuplicateUser => vec![FieldError::new("username", self.message())],
            _ => Vec::new(),
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            StoreError::NotInitialised => ErrorCode::NotInitialised,
            StoreError::AlreadyInitialised => ErrorCode::AlreadyInitialised,
            StoreError::TooNew { .. } => ErrorCode::StoreTooNew,
            StoreError::Credential(e) => e.code(),
            StoreError::KeySlot(e) => e.code(),
            StoreError::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            StoreError::UserDisabled => ErrorCode::UserDisabled,
            StoreError::Invalid(_) => ErrorCode::InvalidInput,
            StoreError::Warnings(_) => ErrorCode::Warnings,
            StoreError::PermissionDenied => ErrorCode::PermissionDenied,
            StoreError::NamedAdminNeeded => ErrorCode::NamedAdminNeeded,
            StoreError::NotFound => ErrorCode::NotFound,
            StoreError::LastAdmin => ErrorCode::LastAdmin,
            StoreError::DuplicateUser => ErrorCode::DuplicateUser,
            StoreError::AuditBroken { .. } => ErrorCode::AuditBroken,
            StoreError::Database(e) if is_disk_full(e) => ErrorCode::DiskFull,
            StoreError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => ErrorCode::DiskFull,
            StoreError::Database(e) if is_read_only(e) => ErrorCode::ReadOnly,
            StoreError::Io(e) if is_read_only_io(e) => ErrorCode::ReadOnly,

            StoreError::Database(_) | StoreError::Migration(_) => ErrorCode::DatabaseError,
            StoreError::Io(_) => ErrorCode::IoError,
            StoreError::Integrity => ErrorCode::IntegrityFailed,
            StoreError::Pdf(_) => ErrorCode::PdfFailed,
        }
    }

    fn message(&self) -> String {
        match self {
            StoreError::NotInitialised => "データがまだ作成されていません。初期設定を行ってください。".into(),
            StoreError::AlreadyInitialised => "このデータフォルダには既にデータがあります。".into(),
            StoreError::TooNew { .. } => "このデータは新しいバージョンの窓口で作成されています。データを保護するため開きません。窓口を最新版に更新してください。".into(),
            StoreError::Credential(e) => e.message(),
            StoreError::KeySlot(e) => e.message(),
            StoreError::TooManyAttempts { wait_seconds } => format!(
                "サインインの失敗が続いたため、{wait_seconds}秒後まで入力を受け付けません。"
            ),
            StoreError::UserDisabled => "この利用者は無効になっています。管理者に連絡してください。".into(),
            StoreError::Invalid(errors) | StoreError::Warnings(errors) => errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            StoreError::PermissionDenied => "この操作は管理者だけが行えます。".into(),
            StoreError::NamedAdminNeeded => "承認は、管理者がご自分のユーザー名でサインインして行ってください（回復キーで開いた状態では承認できません）。".into(),
            StoreError::NotFound => "対象のデータが見つかりません。".into(),
            StoreError::LastAdmin => "有効な管理者が一人もいなくなるため、この操作はできません。".into(),
            StoreError::DuplicateUser => "そのユーザー名は既に使われています。".into(),
            StoreError::AuditBroken { seq } => format!(
                "監査ログの改ざんまたは破損を検出しました（{seq}番目の記録）。"
            ),
            StoreError::Database(e) if is_disk_full(e) => DISK_FULL.into(),
            StoreError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => DISK_FULL.into(),
            StoreError::Database(e) if is_read_only(e) => READ_ONLY.into(),
            StoreError::Io(e) if is_read_only_io(e) => READ_ONLY.into(),
            StoreError::Database(_) | StoreError::Migration(_) => {
                "データベースの処理中にエラーが発生しました。変更は保存されていません。".into()
            }
            StoreError::Io(_) => "ファイルの読み書きに失敗しました。変更は保存されていません。".into(),
            StoreError::Integrity => "データベースの整合性検査で異常が見つかりました。".into(),
            StoreError::Pdf(_) => "文書のPDFを作成できませんでした。".into(),
        }
    }
}

impl From<Invalid> for StoreError {
    fn from(e: Invalid) -> Self {
        StoreError::Invalid(e.0)
    }
}
