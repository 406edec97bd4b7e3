//! 回答期限: the due date of a case from its policy's deadline rule — N
//! calendar or business days counted from the day after receipt (or after
//! the documents were complete), not counting the desk's closure days, and
//! moved by every pause of the clock (waiting for ID, fee, clarification).
//!
//! Business days skip Saturdays, Sundays and Japanese public holidays,
//! including 振替休日 and 国民の休日. Holidays come from `jpholiday`
//! (rule-based from the 祝日法, equinoxes by the standard formula); the
//! tests pin the Cabinet Office's published list for 2025–2027 and the
//! rules through 2030.

use crate::policy::{Closure, DayKind, DeadlineRule, DeadlineStart};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A pause of the clock: from `from` (not counted) until `to` (counted again
/// from that day); `None` while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// The name of the public holiday on `d` (e.g. 「こどもの日 振替休日」), if any.
pub fn holiday_name(d: NaiveDate) -> Option<String> {
    thread_local! {
        static HOLIDAYS: jpholiday::jpholiday::JPHoliday<'static> = jpholiday::jpholiday::JPHoliday::new();
    }
    HOLIDAYS.with(|h| h.is_holiday_name(&d))
}

fn in_closure(d: NaiveDate, closures: &[Closure]) -> bool {
    let md = (d.month(), d.day());
    closures.iter().any(|c| {
        match (
            crate::policy::month_day(&c.from),
            crate::policy::month_day(&c.to),
        ) {
            // 12-29 .. 01-03 wraps the year end.
            (Some(from), Some(to)) if from <= to => from <= md && md <= to,
            (Some(from), Some(to)) => md >= from || md <= to,
            _ => false,
        }
    })
}

/// Whether the desk works on `d` (for business-day rules).
pub fn is_business_day(d: NaiveDate, closures: &[Closure]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        && holiday_name(d).is_none()
        && !in_closure(d, closures)
}

fn paused(d: NaiveDate, pauses: &[Pause], today: NaiveDate) -> bool {
    pauses
        .iter()
        .any(|p| d >= p.from && d < p.to.unwrap_or(today.max(p.from) + Duration::days(1)))
}

/// Whether `d` counts towards the period: not a closure day, not paused,
/// and for business-day rules a business day.
fn counts(rule: &DeadlineRule, d: NaiveDate, pauses: &[Pause], today: NaiveDate) -> bool {
    if paused(d, pauses, today) || in_closure(d, &rule.closures) {
        return false;
    }
    match rule.day_kind {
        DayKind::Calendar => true,
        DayKind::Business => is_business_day(d, &rule.closures),
    }
}

/// The due date: the `days`-th counting day after the start (receipt, or
/// the day the documents were complete when the rule says so and that day
/// is known). An open pause counts as lasting until `today` inclusive, so a
/// paused case's due date moves a day each day it stays paused.
pub fn due_date(
    rule: &DeadlineRule,
    received: NaiveDate,
    complete: Option<NaiveDate>,
    pauses: &[Pause],
    today: NaiveDate,
) -> NaiveDate {
    let start = match rule.from {
        DeadlineStart::Receipt => received,
        DeadlineStart::Complete => complete.unwrap_or(received),
    };
    let mut d = start;
    let mut counted = 0;
    // A bound so that nonsense (a pause of decades) cannot spin forever.
    let limit = start + Duration::days(366 * 20);
    while counted < rule.days && d < limit {
        d += Duration::days(1);
        if counts(rule, d, pauses, today) {
            counted += 1;
        }
    }
    d
}

/// Days the clock was stopped (calendar days, open pauses until `today`).
pub fn paused_days(pauses: &[Pause], today: NaiveDate) -> i64 {
    pauses
        .iter()
        .map(|p| {
            (p.to.unwrap_or(today + Duration::days(1)) - p.from)
                .num_days()
                .max(0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rule(days: u32, kind: DayKind, closures: &[(&str, &str)]) -> DeadlineRule {
        DeadlineRule {
            days,
            day_kind: kind,
            from: DeadlineStart::Receipt,
            closures: closures
                .iter()
                .map(|(f, t)| Closure {
                    from: (*f).into(),
                    to: (*t).into(),
                })
                .collect(),
            pause_while_waiting: true,
            wording: String::new(),
        }
    }

    /// 内閣府「国民の祝日について」: 2025–2027 as published.
    const PUBLISHED: &[&str] = &[
        "2025-01-01",
        "2025-01-13",
        "2025-02-11",
        "2025-02-23",
        "2025-02-24",
        "2025-03-20",
        "2025-04-29",
        "2025-05-03",
        "2025-05-04",
        "2025-05-05",
        "2025-05-06",
        "2025-07-21",
        "2025-08-11",
        "2025-09-15",
        "2025-09-23",
        "2025-10-13",
        "2025-11-03",
        "2025-11-23",
        "2025-11-24",
        "2026-01-01",
        "2026-01-12",
        "2026-02-11",
        "2026-02-23",
        "2026-03-20",
        "2026-04-29",
        "2026-05-03",
        "2026-05-04",
        "2026-05-05",
        "2026-05-06",
        "2026-07-20",
        "2026-08-11",
        "2026-09-21",
        "2026-09-22",
        "2026-09-23",
        "2026-10-12",
        "2026-11-03",
        "2026-11-23",
        "2027-01-01",
        "2027-01-11",
        "2027-02-11",
        "2027-02-23",
        "2027-03-21",
        "2027-03-22",
        "2027-04-29",
        "2027-05-03",
        "2027-05-04",
        "2027-05-05",
        "2027-07-19",
        "2027-08-11",
        "2027-09-20",
        "2027-09-23",
        "2027-10-11",
        "2027-11-03",
        "2027-11-23",
    ];

    #[test]
    fn holidays_match_the_published_list() {
        let mut day = d("2025-01-01");
        let mut found = Vec::new();
        while day <= d("2027-12-31") {
            if holiday_name(day).is_some() {
                found.push(day.format("%Y-%m-%d").to_string());
            }
            day += Duration::days(1);
        }
        assert_eq!(found, PUBLISHED);
        assert!(holiday_name(d("2026-05-06"))
            .unwrap_or_default()
            .contains("振替休日"));
        assert_eq!(holiday_name(d("2026-09-22")).as_deref(), Some("国民の休日"));
    }

    #[test]
    fn holiday_rules_hold_through_2030() {
        // 振替休日, 国民の休日 and equinoxes in the years after the list above.
        for (date, name) in [
            ("2028-01-10", "成人の日"),
            ("2029-04-30", "振替休日"),
            ("2030-05-06", "振替休日"),
            ("2030-03-20", "春分の日"),
            ("2030-09-23", "秋分の日"),
            ("2032-09-21", "国民の休日"),
        ] {
            let got = holiday_name(d(date)).unwrap_or_default();
            assert!(got.contains(name), "{date}: {got:?}");
        }
        assert!(holiday_name(d("2030-05-07")).is_none());
    }

    #[test]
    fn calendar_days_from_the_day_after_receipt() {
        // S1-a: 14 days from 2026-12-02; S4-a: 30 days from 2026-12-01.
        assert_eq!(
            due_date(
                &rule(14, DayKind::Calendar, &[]),
                d("2026-12-02"),
                None,
                &[],
                d("2026-12-02")
            ),
            d("2026-12-16")
        );
        assert_eq!(
            due_date(
                &rule(30, DayKind::Calendar, &[]),
                d("2026-12-01"),
                None,
                &[],
                d("2026-12-01")
            ),
            d("2026-12-31")
        );
    }

    #[test]
    fn a_pause_moves_the_due_date_by_the_paused_days() {
        // S4-a: waiting for the ID from 12-03 until it arrives on 12-10.
        let pauses = [Pause {
            from: d("2026-12-03"),
            to: Some(d("2026-12-10")),
        }];
        assert_eq!(paused_days(&pauses, d("2026-12-20")), 7);
        assert_eq!(
            due_date(
                &rule(30, DayKind::Calendar, &[]),
                d("2026-12-01"),
                None,
                &pauses,
                d("2026-12-20")
            ),
            d("2027-01-07")
        );
        // Still open on 12-05: counted as paused through today.
        let open = [Pause {
            from: d("2026-12-03"),
            to: None,
        }];
        assert_eq!(
            due_date(
                &rule(30, DayKind::Calendar, &[]),
                d("2026-12-01"),
                None,
                &open,
                d("2026-12-05")
            ),
            d("2027-01-03")
        );
    }

    #[test]
    fn business_days_skip_golden_week_and_a_substitute_holiday() {
        // Received Thu 2026-04-30: 5/1 (Fri) is day 1; 5/2–5/6 weekend,
        // 憲法記念日, みどりの日, こどもの日 and the 振替休日 on 5/6; 5/7 day 2.
        let r = rule(5, DayKind::Business, &[]);
        assert_eq!(
            due_date(&r, d("2026-04-30"), None, &[], d("2026-04-30")),
            d("2026-05-12")
        );
        assert!(!is_business_day(d("2026-05-06"), &[]));
        assert!(is_business_day(d("2026-05-07"), &[]));
    }

    #[test]
    fn the_new_year_closure_is_not_counted() {
        let r = rule(3, DayKind::Business, &[("12-29", "01-03")]);
        // Fri 2026-12-25 → Mon 12-28 (1), closure 12-29..01-03, 01-04 Mon (2), 01-05 (3).
        assert_eq!(
            due_date(&r, d("2026-12-25"), None, &[], d("2026-12-25")),
            d("2027-01-05")
        );
        // Calendar rules skip closure days too.
        let c = rule(5, DayKind::Calendar, &[("12-29", "01-03")]);
        assert_eq!(
            due_date(&c, d("2026-12-26"), None, &[], d("2026-12-26")),
            d("2027-01-06")
        );
    }

    #[test]
    fn counting_from_completion_when_the_rule_says_so() {
        let mut r = rule(10, DayKind::Calendar, &[]);
        r.from = DeadlineStart::Complete;
        assert_eq!(
            due_date(
                &r,
                d("2026-12-01"),
                Some(d("2026-12-05")),
                &[],
                d("2026-12-05")
            ),
            d("2026-12-15")
        );
        assert_eq!(
            due_date(&r, d("2026-12-01"), None, &[], d("2026-12-05")),
            d("2026-12-11")
        );
    }
}
