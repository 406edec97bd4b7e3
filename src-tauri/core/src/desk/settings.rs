//! 設定: desk-wide settings kept in the encrypted store.

use crate::desk::receipt_no::{ReceiptFormat, DEFAULT_FORMAT};
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use rusqlite::{params, OptionalExtension};

pub const IDLE_LOCK_DEFAULT: u32 = 10;
pub const IDLE_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=240;
const IDLE_KEY: &str = "idle_lock_minutes";
const RECEIPT_FORMAT_KEY: &str = "receipt_format";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// 自動ロック: minutes without input before the app locks itself.
    pub idle_lock_minutes: u32,
    /// 受付番号の形式, e.g. `{YYYY}-{NNNN}` (see [`ReceiptFormat`]).
    pub receipt_format: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_lock_minutes: IDLE_LOCK_DEFAULT,
            receipt_format: DEFAULT_FORMAT.to_string(),
        }
    }
}

pub(crate) fn write_all(conn: &rusqlite::Connection, s: &Settings) -> Result<(), StoreError> {
    put(conn, IDLE_KEY, &s.idle_lock_minutes.to_string())?;
    put(conn, RECEIPT_FORMAT_KEY, &s.receipt_format)
}

/// Sets one desk-wide setting (inside the caller's transaction).
pub(crate) fn put(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn read(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The 受付番号 format in force, read inside the transaction that numbers a case.
pub(crate) fn receipt_format(conn: &rusqlite::Connection) -> Result<ReceiptFormat, StoreError> {
    match read(conn, RECEIPT_FORMAT_KEY)? {
        Some(text) => ReceiptFormat::parse(&text),
        None => Ok(ReceiptFormat::default()),
    }
}

impl Store {
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let idle = read(&self.conn, IDLE_KEY)?;
        Ok(Settings {
            idle_lock_minutes: idle
                .and_then(|v| v.parse().ok())
                .unwrap_or(IDLE_LOCK_DEFAULT),
            receipt_format: read(&self.conn, RECEIPT_FORMAT_KEY)?
                .unwrap_or_else(|| DEFAULT_FORMAT.to_string()),
        })
    }

    /// 管理者 only.
    pub fn update_settings(&mut self, mut s: Settings) -> Result<Settings, StoreError> {
        self.require_admin()?;
        if !IDLE_LOCK_RANGE.contains(&s.idle_lock_minutes) {
            return Err(StoreError::invalid(
                "idleLockMinutes",
                "自動ロックまでの時間は1〜240分で指定してください。",
            ));
        }
        s.receipt_format = s.receipt_format.trim().to_string();
        ReceiptFormat::parse(&s.receipt_format)?;
        // The format is not personal data: the audit may say what it became.
        let detail = format!(
            "idle_lock_minutes={} receipt_format={}",
            s.idle_lock_minutes, s.receipt_format
        );
        self.write(
            Action::SettingsChanged,
            Target::of("setting", "desk"),
            &detail,
            |tx, _| write_all(tx, &s),
        )?;
        Ok(s)
    }
}
