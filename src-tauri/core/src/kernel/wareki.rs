//! 和暦 (Japanese era) dates, e.g. `令和8年11月21日`.
//!
//! The era boundaries come from ICU4X's Japanese calendar data
//! (`icu_calendar`, compiled data), so a future era is picked up by updating
//! that crate rather than by editing a table here.
//!
//! Conventions:
//! - the first year of an era is written 元年 (`令和元年5月1日`);
//! - numbers are plain Arabic numerals without padding (`令和8年1月5日`);
//! - dates before 1873-01-01 (明治6年, when Japan adopted the Gregorian
//!   calendar) have no 和暦 with Gregorian months and days: they are written in
//!   西暦 instead (`1868年10月23日`). This follows ICU / CLDR. Nothing the desk
//!   handles is that old; the point is never to print a wrong date.

use chrono::{Datelike, NaiveDate};
use icu_calendar::cal::Japanese;
use icu_calendar::Date;

/// The era name in kanji and its letter (as in `R8`) for an ICU/CLDR
/// Japanese era code, if it is one.
fn era_names(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "meiji" => ("明治", "M"),
        "taisho" => ("大正", "T"),
        "showa" => ("昭和", "S"),
        "heisei" => ("平成", "H"),
        "reiwa" => ("令和", "R"),
        _ => return None,
    })
}

/// `(era, year in era)` for a date, e.g. `("令和", 8)`; `None` before
/// 1873-01-01 or for an era this module does not know the kanji of.
fn era_and_year(date: NaiveDate) -> Option<(&'static str, i32)> {
    era_parts(date).map(|(kanji, _, year)| (kanji, year))
}

fn era_parts(date: NaiveDate) -> Option<(&'static str, &'static str, i32)> {
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    let iso = Date::try_new_iso(date.year(), month, day).ok()?;
    let era_year = iso.to_calendar(Japanese::new()).era_year();
    let (kanji, letter) = era_names(era_year.era.as_str())?;
    Some((kanji, letter, era_year.year))
}

fn year_label(era: &str, year: i32) -> String {
    if year == 1 {
        format!("{era}元年")
    } else {
        format!("{era}{year}年")
    }
}

/// 西暦 in Japanese form, e.g. `2026年11月21日`: the fallback used by
/// [`wareki`], and the form printed next to the 和暦 on documents.
pub fn seireki(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The date in 和暦, e.g. `令和8年11月21日`, `令和元年5月1日`,
/// `平成31年4月30日`. Before 1873 (see the module notes), 西暦 as
/// [`seireki`] writes it.
pub fn wareki(date: NaiveDate) -> String {
    match era_and_year(date) {
        Some((era, year)) => format!(
            "{}{}月{}日",
            year_label(era, year),
            date.month(),
            date.day()
        ),
        None => seireki(date),
    }
}

/// Only the era and year, e.g. `令和8年` or `令和元年` (for headings such as
/// `令和8年度`, append 度 yourself). Before 1873, the 西暦 year (`1868年`).
pub fn wareki_short_era_year(date: NaiveDate) -> String {
    match era_and_year(date) {
        Some((era, year)) => year_label(era, year),
        None => format!("{}年", date.year()),
    }
}

/// The era as a letter and the year, e.g. `R8`, `H31`, `R1` (as in 受付番号
/// and forms). Before 1873, the 西暦 year.
pub fn era_letter_year(date: NaiveDate) -> String {
    match era_parts(date) {
        Some((_, letter, year)) => format!("{letter}{year}"),
        None => date.year().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn examples_from_the_spec() {
        assert_eq!(wareki(d(2026, 11, 21)), "令和8年11月21日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
    }

    #[test]
    fn reiwa_boundary() {
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(d(2019, 12, 31)), "令和元年12月31日");
        assert_eq!(wareki(d(2020, 1, 1)), "令和2年1月1日");
    }

    #[test]
    fn heisei_boundary() {
        assert_eq!(wareki(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(wareki(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki(d(1990, 1, 1)), "平成2年1月1日");
    }

    #[test]
    fn showa_boundary() {
        assert_eq!(wareki(d(1926, 12, 24)), "大正15年12月24日");
        assert_eq!(wareki(d(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(wareki(d(1927, 1, 1)), "昭和2年1月1日");
    }

    #[test]
    fn taisho_boundary() {
        assert_eq!(wareki(d(1912, 7, 29)), "明治45年7月29日");
        assert_eq!(wareki(d(1912, 7, 30)), "大正元年7月30日");
    }

    #[test]
    fn meiji_from_the_gregorian_switch() {
        // Japan switched to the Gregorian calendar on 明治6年1月1日.
        assert_eq!(wareki(d(1873, 1, 1)), "明治6年1月1日");
        assert_eq!(wareki(d(1900, 2, 28)), "明治33年2月28日");
        // Before that, months and days were lunisolar: written in 西暦.
        assert_eq!(wareki(d(1872, 12, 31)), "1872年12月31日");
        assert_eq!(wareki(d(1868, 10, 23)), "1868年10月23日");
        assert_eq!(wareki(d(1800, 1, 1)), "1800年1月1日");
    }

    #[test]
    fn no_padding_and_leap_day() {
        assert_eq!(wareki(d(2026, 1, 5)), "令和8年1月5日");
        assert_eq!(wareki(d(2024, 2, 29)), "令和6年2月29日");
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let far = wareki(NaiveDate::MAX);
        assert!(far.starts_with("令和") || far.ends_with('日'), "{far}");
        assert!(wareki(NaiveDate::MIN).ends_with('日'));
        wareki_short_era_year(NaiveDate::MAX);
        wareki_short_era_year(NaiveDate::MIN);
    }

    #[test]
    fn short_era_year() {
        assert_eq!(wareki_short_era_year(d(2026, 11, 21)), "令和8年");
        assert_eq!(wareki_short_era_year(d(2019, 5, 1)), "令和元年");
        assert_eq!(wareki_short_era_year(d(2019, 4, 30)), "平成31年");
        assert_eq!(wareki_short_era_year(d(1989, 1, 8)), "平成元年");
        assert_eq!(wareki_short_era_year(d(1870, 6, 1)), "1870年");
    }

    #[test]
    fn seireki_form() {
        assert_eq!(seireki(d(2026, 11, 21)), "2026年11月21日");
        assert_eq!(seireki(d(2026, 1, 5)), "2026年1月5日");
    }
}
