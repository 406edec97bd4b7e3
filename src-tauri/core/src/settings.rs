//! 設定: desk-wide settings kept in the encrypted store.

use crate::audit::{Action, Target};
use crate::error::StoreError;
use crate::store::Store;
use rusqlite::{params, OptionalExtension};

pub const IDLE_LOCK_DEFAULT: u32 = 10;
pub const IDLE_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=240;
const IDLE_KEY: &str = "idle_lock_minutes";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// 自動ロック: minutes without input before the app locks itself.
    pub idle_lock_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_lock_minutes: IDLE_LOCK_DEFAULT,
        }
    }
}

pub(crate) fn write_all(conn: &rusqlite::Connection, s: &Settings) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![IDLE_KEY, s.idle_lock_minutes.to_string()],
    )?;
    Ok(())
}

impl Store {
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let idle: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [IDLE_KEY],
                |r| r.get(0),
            )
            .optional()?;
        Ok(Settings {
            idle_lock_minutes: idle
                .and_then(|v| v.parse().ok())
                .unwrap_or(IDLE_LOCK_DEFAULT),
        })
    }

    /// 管理者 only.
    pub fn update_settings(&mut self, s: Settings) -> Result<Settings, StoreError> {
        self.require_admin()?;
        if !IDLE_LOCK_RANGE.contains(&s.idle_lock_minutes) {
            return Err(StoreError::invalid(
                "idleLockMinutes",
                "自動ロックまでの時間は1〜240分で指定してください。",
            ));
        }
        let detail = format!("idle_lock_minutes={}", s.idle_lock_minutes);
        self.write(
            Action::SettingsChanged,
            Target::of("setting", IDLE_KEY),
            &detail,
            |tx, _| write_all(tx, &s),
        )?;
        Ok(s)
    }
}
