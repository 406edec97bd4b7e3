//! Japan time. The law counts days in Japan — 受付日, 回答期限, 回答日,
//! 廃棄可能日 — and the desk reads times on a Japanese clock, whatever zone
//! the PC is set to (a laptop left on UTC, a Windows image built abroad).
//! Nothing in the app asks the PC for its zone: `chrono::Local` is banned by
//! `tests/it/layers.rs`.
//!
//! Instants are stored as UTC RFC 3339 text (the audit chain hashes that
//! text, so it never changes); this module turns them into Japanese days and
//! into text with its offset for exports.
//!
//! Japan has kept UTC+9 without summer time since 1951, so a fixed offset is
//! exact for every date a desk handles and needs no time-zone database.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Utc};

/// 日本標準時 (UTC+9).
pub fn japan() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset")
}

/// The day in Japan now.
pub fn today() -> NaiveDate {
    day_at(Utc::now())
}

/// The day in Japan at an instant given in any zone.
pub fn day_at<Tz: TimeZone>(at: DateTime<Tz>) -> NaiveDate {
    at.with_timezone(&japan()).date_naive()
}

/// The instant a Japanese day begins (00:00 JST), in UTC.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    japan()
        .from_local_datetime(&midnight)
        .single()
        .expect("a fixed offset has exactly one midnight")
        .with_timezone(&Utc)
}

/// [`day_start`] as the stored text, for comparing with stored instants
/// (RFC 3339 UTC with milliseconds sorts as text).
pub fn day_start_text(day: NaiveDate) -> String {
    day_start(day).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The day in Japan of a stored instant (RFC 3339); `None` if it is not one.
pub fn day_of_stamp(stamp: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(stamp).ok().map(day_at)
}

/// A stored instant as Japan time with its offset, for exports and
/// certificates: `2026-12-08T08:39:12+09:00`. Text that is not an instant is
/// returned as it is (an empty optional time stays empty).
pub fn japan_stamp(stamp: &str) -> String {
    match DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => t.with_timezone(&japan()).to_rfc3339_opts(SecondsFormat::Secs, false),
        Err(_) => stamp.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_japanese_day_turns_at_15_00_utc() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(day_at(utc("2026-12-07T14:59:59Z")), d(2026, 12, 7));
        assert_eq!(day_at(utc("2026-12-07T15:00:00Z")), d(2026, 12, 8));
        // A mail sent in the evening in California arrives the next day in Japan.
        let pst = DateTime::parse_from_rfc3339("2026-12-07T20:00:00-08:00").unwrap();
        assert_eq!(day_at(pst), d(2026, 12, 8));
        // New Year's Eve in UTC is already 元日 in Japan.
        assert_eq!(day_at(utc("2026-12-31T16:00:00Z")), d(2027, 1, 1));
    }

    #[test]
    fn a_day_starts_at_midnight_japan_time() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        assert_eq!(day_start_text(day), "2026-12-07T15:00:00.000Z");
        assert_eq!(day_of_stamp("2026-12-07T15:00:00.000Z"), Some(day));
        assert_eq!(day_of_stamp("2026-12-07T14:59:59.999Z"), day.pred_opt());
        assert_eq!(day_of_stamp("昨日"), None);
    }

    #[test]
    fn exported_times_carry_the_japanese_offset() {
        assert_eq!(japan_stamp("2026-12-07T23:39:12.345Z"), "2026-12-08T08:39:12+09:00");
        assert_eq!(japan_stamp(""), "");
    }
}
