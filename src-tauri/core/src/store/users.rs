//! 利用者: 管理者 (admin) and 担当者 (officer). A user's password exists only as
//! that user's key slot; disabling a user deletes the slot.

use crate::kernel::error::FieldError;
use crate::kernel::secret::Password;
use crate::kernel::text;
use crate::store::error::StoreError;
use rusqlite::{params, OptionalExtension};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 管理者: manages users, organisation and settings.
    Admin,
    /// 担当者: the desk officer.
    Officer,
}

impl Role {
    /// 担当者 first: the role most users have.
    pub const ALL: &'static [Role] = &[Role::Officer, Role::Admin];
    pub fn code(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Role::Admin => "管理者",
            Role::Officer => "担当者",
        }
    }
    pub fn from_code(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "officer" => Some(Role::Officer),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: Password,
}

pub fn validate_username(input: &str) -> Result<String, FieldError> {
    let v = text::clean(input);
    let ok = (3..=32).contains(&v.chars().count())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c));
    if ok {
        Ok(v)
    } else {
        Err(FieldError::new(
            "username",
            "ユーザー名は3〜32文字の半角英数字（. _ - @ も可）で入力してください。",
        ))
    }
}

pub fn validate_display_name(input: &str) -> Result<String, FieldError> {
    // A person's name, printed as 担当 on letters: kept as typed.
    let v = text::as_typed(input);
    if v.is_empty() || v.chars().count() > 40 {
        Err(FieldError::new(
            "displayName",
            "氏名を40文字以内で入力してください。",
        ))
    } else {
        Ok(v)
    }
}

/// At least 8 characters (any script), at most 128, not the user name.
pub fn validate_password(
    pw: &Password,
    username: &str,
    field: &'static str,
) -> Result<(), FieldError> {
    let n = pw.expose().chars().count();
    if n < 8 {
        return Err(FieldError::new(
            field,
            "パスワードは8文字以上で入力してください。",
        ));
    }
    if n > 128 {
        return Err(FieldError::new(
            field,
            "パスワードは128文字以内で入力してください。",
        ));
    }
    if pw.expose().trim().eq_ignore_ascii_case(username.trim()) {
        return Err(FieldError::new(
            field,
            "ユーザー名と同じパスワードは使えません。",
        ));
    }
    Ok(())
}

/// Validates a new user; every error at once.
pub(crate) fn validated(u: &NewUser) -> Result<NewUser, StoreError> {
    let mut errors = Vec::new();
    let username = validate_username(&u.username)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let display_name = validate_display_name(&u.display_name)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    if let Err(e) = validate_password(&u.password, &u.username, "password") {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(NewUser {
        username,
        display_name,
        role: u.role,
        password: u.password.clone(),
    })
}

pub(crate) fn insert(
    conn: &rusqlite::Connection,
    u: &NewUser,
    now: &str,
) -> Result<i64, StoreError> {
    let r = conn.execute(
        "INSERT INTO users (username, display_name, role, active, created_at, updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?4)",
        params![u.username, u.display_name, u.role.code(), now],
    );
    match r {
        Ok(_) => Ok(conn.last_insert_rowid()),
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(StoreError::DuplicateUser)
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn row_to_user(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(3)?;
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: Role::from_code(&role).unwrap_or(Role::Officer),
        active: r.get(4)?,
        created_at: r.get(5)?,
    })
}

pub(crate) const SELECT: &str =
    "SELECT id, username, display_name, role, active, created_at FROM users";

pub(crate) fn by_username(
    conn: &rusqlite::Connection,
    username: &str,
) -> Result<Option<User>, StoreError> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE username = ?1"),
            [text::clean(username)],
            row_to_user,
        )
        .optional()?)
}
