//! 利用者: 管理者 (admin) and 担当者 (officer). A user's password exists only as
//! that user's key slot; disabling a user deletes the slot.

use crate::audit::{Action, Target};
use crate::error::{FieldError, StoreError};
use crate::keyslot::{Argon2Params, KeySlot};
use crate::secret::Password;
use crate::store::Store;
use crate::text;
use rusqlite::{params, OptionalExtension};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 管理者: manages users, organisation and settings.
    Admin,
    /// 担当者: the desk officer.
    Officer,
}

impl Role {
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
    let v = text::clean(input);
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

fn row_to_user(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
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

const SELECT: &str = "SELECT id, username, display_name, role, active, created_at FROM users";

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

impl Store {
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT} ORDER BY active DESC, id"))?;
        let rows = stmt.query_map([], row_to_user)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn user(&self, id: i64) -> Result<User, StoreError> {
        self.conn
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], row_to_user)
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// 管理者 only. The new user can sign in on this PC at once.
    pub fn add_user(&mut self, input: &NewUser) -> Result<User, StoreError> {
        self.require_admin()?;
        let u = validated(input)?;
        if by_username(&self.conn, &u.username)?.is_some() {
            return Err(StoreError::DuplicateUser);
        }
        let slot = self.new_user_slot(&u.username, &u.password)?;
        let id = self.write_with(|tx, now| {
            let id = insert(tx, &u, now)?;
            Ok((
                id,
                Action::UserCreated,
                Target::of("user", id),
                format!("role={}", u.role.code()),
            ))
        })?;
        // The database first, then the slot: a crash in between leaves a user
        // who cannot sign in until a password reset, never a slot without a user.
        self.slots.put_user_slot(&u.username, slot);
        self.save_slots()?;
        self.user(id)
    }

    /// 管理者 only. Removes the user's key slot; the last active 管理者 stays.
    pub fn disable_user(&mut self, id: i64) -> Result<User, StoreError> {
        self.require_admin()?;
        let user = self.user(id)?;
        if user.role == Role::Admin && user.active && self.active_admins()? <= 1 {
            return Err(StoreError::LastAdmin);
        }
        self.write(
            Action::UserDisabled,
            Target::of("user", id),
            "",
            |tx, now| {
                tx.execute(
                    "UPDATE users SET active = 0, updated_at = ?2 WHERE id = ?1",
                    params![id, now],
                )?;
                Ok(())
            },
        )?;
        if self.slots.remove_user_slot(&user.username) {
            self.save_slots()?;
        }
        self.user(id)
    }

    /// 管理者 only. A re-enabled user needs a new password: the old slot is gone.
    pub fn enable_user(&mut self, id: i64, password: &Password) -> Result<User, StoreError> {
        self.require_admin()?;
        let user = self.user(id)?;
        validate_password(password, &user.username, "password")
            .map_err(|e| StoreError::Invalid(vec![e]))?;
        let slot = self.new_user_slot(&user.username, password)?;
        self.write(
            Action::UserEnabled,
            Target::of("user", id),
            "",
            |tx, now| {
                tx.execute(
                    "UPDATE users SET active = 1, updated_at = ?2 WHERE id = ?1",
                    params![id, now],
                )?;
                Ok(())
            },
        )?;
        self.slots.put_user_slot(&user.username, slot);
        self.save_slots()?;
        self.user(id)
    }

    /// 管理者 only: sets another user's password (e.g. forgotten).
    pub fn reset_password(&mut self, id: i64, password: &Password) -> Result<(), StoreError> {
        self.require_admin()?;
        let user = self.user(id)?;
        if !user.active {
            return Err(StoreError::UserDisabled);
        }
        validate_password(password, &user.username, "newPassword")
            .map_err(|e| StoreError::Invalid(vec![e]))?;
        let slot = self.new_user_slot(&user.username, password)?;
        self.write(Action::PasswordReset, Target::of("user", id), "", |_, _| {
            Ok(())
        })?;
        self.slots.put_user_slot(&user.username, slot);
        self.save_slots()
    }

    fn active_admins(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1",
            [],
            |r| r.get(0),
        )?)
    }

    fn new_user_slot(&self, username: &str, password: &Password) -> Result<KeySlot, StoreError> {
        let device = self.credentials.get(&self.slots.device_binding)?;
        self.slots.check_device(&device)?;
        Ok(KeySlot::new_user(
            &self.slots.store_id,
            username,
            password,
            &device,
            &self.data_key,
            Argon2Params::DEFAULT,
        )?)
    }
}
