//! Managing 利用者 (管理者 only): adding, disabling and enabling users and
//! resetting passwords. A user's password exists only as that user's key
//! slot, so each change here rewrites `keyslots.json` after the audited write.

use crate::kernel::secret::Password;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::keyslot::{Argon2Params, KeySlot};
use crate::store::users::validate_password;
use crate::store::users::{self, NewUser, Role, User};
use crate::store::Store;
use rusqlite::{params, OptionalExtension};

impl Store {
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{} ORDER BY active DESC, id", users::SELECT))?;
        let rows = stmt.query_map([], users::row_to_user)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn user(&self, id: i64) -> Result<User, StoreError> {
        self.conn
            .query_row(
                &format!("{} WHERE id = ?1", users::SELECT),
                [id],
                users::row_to_user,
            )
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// 管理者 only. The new user can sign in on this PC at once.
    pub fn add_user(&mut self, input: &NewUser) -> Result<User, StoreError> {
        self.require_admin()?;
        let u = users::validated(input)?;
        if users::by_username(&self.conn, &u.username)?.is_some() {
            return Err(StoreError::DuplicateUser);
        }
        let slot = self.new_user_slot(&u.username, &u.password)?;
        let id = self.write_with(|tx, now| {
            let id = users::insert(tx, &u, now)?;
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
