//! 年次・月次の報告: the figures a privacy-mark or JAPHIC review asks for,
//! for one year or one month.
//!
//! Definitions (also printed on the report):
//! - A request belongs to the period it was **received** in (受付日).
//! - 回答日数 = 回答完了日 − 受付日 in calendar days, for requests replied so far.
//!   Median: the middle value (the mean of the two middle values for an even
//!   count). 90th percentile: the nearest-rank value (the ⌈0.9·n⌉-th smallest).
//! - 期限内回答率: of the replied requests that had a 回答期限, the share
//!   replied on or before it (the 期限 already extended by any pause).
//! - 手数料: money received (minus refunds) on days in the period, by method.
//! - 不開示等の根拠: decisions that refuse in whole or part, by legal ground.
//! - Requests still held; those disposed of are counted in 廃棄 only.

use crate::intake::channel::Channel;

use crate::policy::law::RequestKind;
use crate::policy::law::{LegalGround, Outcome};
use crate::policy::FeeMethod;
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// A year, or one month of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub year: i32,
    /// 1–12; None for the whole year.
    pub month: Option<u32>,
}

impl Period {
    pub fn validated(self) -> Result<(NaiveDate, NaiveDate), StoreError> {
        if !(2000..=2100).contains(&self.year) {
            return Err(StoreError::invalid(
                "year",
                "年は2000〜2100の範囲で指定してください。",
            ));
        }
        let (from, to) = match self.month {
            None => (
                NaiveDate::from_ymd_opt(self.year, 1, 1),
                NaiveDate::from_ymd_opt(self.year, 12, 31),
            ),
            Some(m) if (1..=12).contains(&m) => {
                let from = NaiveDate::from_ymd_opt(self.year, m, 1);
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(self.year, m + 1, 1)
                };
                (from, next.and_then(|d| d.pred_opt()))
            }
            Some(_) => {
                return Err(StoreError::invalid(
                    "month",
                    "月は1〜12で指定してください。",
                ))
            }
        };
        Ok((from.expect("valid day"), to.expect("valid day")))
    }

    /// 「2026年」「2026年12月」.
    pub fn label(&self) -> String {
        match self.month {
            Some(m) => format!("{}年{}月", self.year, m),
            None => format!("{}年", self.year),
        }
    }
}

/// One bar of a chart: a code, its label, a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeTotal {
    pub code: String,
    pub label: String,
    /// Payments received (refunds not counted).
    pub count: i64,
    /// Received minus refunded, in yen.
    pub net_yen: i64,
}

/// The figures of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    pub period: Period,
    pub label: String,
    pub from: String,
    pub to: String,
    /// 受付件数 (requests; 苦情・相談 separately).
    pub received: i64,
    /// One request may ask for several kinds: each kind is counted.
    pub by_kind: Vec<Count>,
    pub by_channel: Vec<Count>,
    /// 決定の内容, per decision (one per kind decided).
    pub by_outcome: Vec<Count>,
    pub by_status: Vec<Count>,
    /// Requests of the period replied so far.
    pub replied: i64,
    pub median_days: Option<f64>,
    pub p90_days: Option<i64>,
    /// Replied requests that had a 回答期限.
    pub with_due: i64,
    pub within_due: i64,
    /// Percent, one decimal; None without any.
    pub within_due_percent: Option<f64>,
    pub fees: Vec<FeeTotal>,
    pub fees_total_yen: i64,
    pub refusals_by_ground: Vec<Count>,
    /// 苦情・相談 received in the period.
    pub complaints: i64,
    pub complaints_by_category: Vec<Count>,
    /// Of those, 回答・報告 done.
    pub complaints_closed: i64,
    /// 廃棄 performed in the period (cases and document-only disposals).
    pub disposals: i64,
    /// How the figures are defined (printed under them).
    pub notes: Vec<String>,
}

pub const NOTES: &[&str] = &[
    "件数は受付日がこの期間にある請求を数えています（保存期間を過ぎて廃棄した案件を除く）。",
    "1件の請求で複数の種類を求められた場合は、種類ごとに数えています。",
    "回答日数は受付日から回答完了日までの暦日数です。中央値は中央の値（偶数件は中央2件の平均）、90パーセンタイルは小さい方から数えて⌈0.9×件数⌉番目の値です。",
    "期限内回答率は、回答期限のある回答済みの請求のうち、期限（本人確認・手数料待ちによる延長後）までに回答したものの割合です。",
    "手数料は、この期間に受け取った額から返金・返却した額を引いたものです。",
];

/// Median of sorted values.
pub fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// Nearest-rank percentile of sorted values (`p` in 1..=100).
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() as u64 * p as u64).div_ceil(100).max(1) as usize;
    Some(sorted[rank - 1])
}

fn counts<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    n: impl Fn(&str) -> i64,
) -> Vec<Count> {
    all.iter()
        .map(|&v| Count {
            code: code(v).into(),
            label: label(v).into(),
            count: n(code(v)),
        })
        .collect()
}

fn group(
    conn: &Connection,
    sql: &str,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(conn
        .prepare(sql)?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?)
}

fn lookup(rows: &[(String, i64)]) -> impl Fn(&str) -> i64 + '_ {
    |code| rows.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n)
}

/// The report on any connection with the schema.
pub fn report(conn: &Connection, period: Period) -> Result<Report, StoreError> {
    let (from_day, to_day) = period.validated()?;
    let (from, to) = (from_day.to_string(), to_day.to_string());
    // Requests only: 苦情・相談 have no request kinds (kind_mask 0).
    const IN: &str = "c.received_on BETWEEN ?1 AND ?2 AND c.kind_mask > 0";
    let received: i64 = conn.query_row(
        &format!("SELECT count(*) FROM cases c WHERE {IN}"),
        params![from, to],
        |r| r.get(0),
    )?;
    let kinds = group(conn, &format!("SELECT j.value, count(*) FROM cases c, json_each(c.kinds) j WHERE {IN} GROUP BY j.value"), &from, &to)?;
    let channels = group(
        conn,
        &format!("SELECT c.channel, count(*) FROM cases c WHERE {IN} GROUP BY c.channel"),
        &from,
        &to,
    )?;
    let statuses = group(
        conn,
        &format!("SELECT c.status, count(*) FROM cases c WHERE {IN} GROUP BY c.status"),
        &from,
        &to,
    )?;
    let outcomes = group(conn, &format!("SELECT d.outcome, count(*) FROM decisions d JOIN cases c ON c.id = d.case_id WHERE {IN} GROUP BY d.outcome"), &from, &to)?;
    let grounds = group(
        conn,
        &format!("SELECT d.legal_ground, count(*) FROM decisions d JOIN cases c ON c.id = d.case_id WHERE {IN} AND d.legal_ground != '' GROUP BY d.legal_ground"),
        &from,
        &to,
    )?;
    // 回答日数 and 期限内.
    let replies: Vec<(String, String, Option<String>)> = conn
        .prepare(&format!("SELECT c.received_on, c.replied_on, c.due_on FROM cases c WHERE {IN} AND c.replied_on IS NOT NULL"))?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let mut days: Vec<i64> = replies
        .iter()
        .filter_map(|(rec, rep, _)| Some((day(rep)? - day(rec)?).num_days()))
        .collect();
    days.sort_unstable();
    let with_due: Vec<bool> = replies
        .iter()
        .filter_map(|(_, rep, due)| Some(day(rep)? <= day(due.as_deref()?)?))
        .collect();
    let within = with_due.iter().filter(|w| **w).count() as i64;
    // 手数料: by the day the money arrived.
    let fees: Vec<(String, String, i64, i64)> = conn
        .prepare("SELECT method, direction, count(*), sum(amount_yen) FROM payments WHERE received_on BETWEEN ?1 AND ?2 GROUP BY method, direction")?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let fee_totals: Vec<FeeTotal> = FeeMethod::ALL
        .iter()
        .map(|m| {
            let of = |dir: &str| fees.iter().find(|(c, d, _, _)| c == m.code() && d == dir);
            FeeTotal {
                code: m.code().into(),
                label: m.label().into(),
                count: of("in").map_or(0, |f| f.2),
                net_yen: of("in").map_or(0, |f| f.3) - of("refund").map_or(0, |f| f.3),
            }
        })
        .collect();
    let complaints: i64 = conn.query_row(
        "SELECT count(*) FROM cases c WHERE c.received_on BETWEEN ?1 AND ?2 AND c.kind_mask = 0",
        params![from, to],
        |r| r.get(0),
    )?;
    let categories = group(
        conn,
        "SELECT k.category, count(*) FROM complaints k JOIN cases c ON c.id = k.case_id WHERE c.received_on BETWEEN ?1 AND ?2 GROUP BY k.category",
        &from,
        &to,
    )?;
    let complaints_closed: i64 = conn.query_row(
        "SELECT count(*) FROM cases c WHERE c.received_on BETWEEN ?1 AND ?2 AND c.kind_mask = 0 AND c.status = 'completed'",
        params![from, to],
        |r| r.get(0),
    )?;
    let disposals: i64 = conn.query_row(
        // Stored instants are UTC; the period is Japanese days.
        "SELECT count(*) FROM disposal_records WHERE performed_at >= ?1 AND performed_at < ?2",
        params![
            crate::kernel::clock::day_start_text(from_day),
            crate::kernel::clock::day_start_text(to_day.succ_opt().unwrap_or(to_day))
        ],
        |r| r.get(0),
    )?;
    let outcome_rows: Vec<Count> =
        counts(Outcome::ALL, |o| o.code(), |o| o.label(), lookup(&outcomes))
            .into_iter()
            .filter(|c| c.count > 0)
            .collect();
    Ok(Report {
        period,
        label: period.label(),
        from,
        to,
        received,
        by_kind: counts(
            RequestKind::ALL,
            |k| k.code(),
            |k| k.label(),
            lookup(&kinds),
        ),
        by_channel: counts(Channel::ALL, |c| c.code(), |c| c.label(), lookup(&channels)),
        by_outcome: outcome_rows,
        by_status: counts(
            crate::case::model::CaseStatus::ALL,
            |s| s.code(),
            |s| s.label(),
            lookup(&statuses),
        ),
        replied: days.len() as i64,
        median_days: median(&days),
        p90_days: percentile(&days, 90),
        with_due: with_due.len() as i64,
        within_due: within,
        within_due_percent: (!with_due.is_empty())
            .then(|| (within as f64 * 1000.0 / with_due.len() as f64).round() / 10.0),
        fees_total_yen: fee_totals.iter().map(|f| f.net_yen).sum(),
        fees: fee_totals,
        refusals_by_ground: counts(
            LegalGround::ALL,
            |g| g.code(),
            |g| g.label(),
            lookup(&grounds),
        )
        .into_iter()
        .filter(|c| c.count > 0)
        .collect(),
        complaints,
        complaints_by_category: counts(
            crate::case::model::ComplaintCategory::ALL,
            |c| c.code(),
            |c| c.label(),
            lookup(&categories),
        ),
        complaints_closed,
        disposals,
        notes: NOTES.iter().map(|s| s.to_string()).collect(),
    })
}

/// 「12.5日」, 「—」.
pub fn days_label(d: Option<f64>) -> String {
    d.map_or("—".into(), |d| {
        if d.fract() == 0.0 {
            format!("{d:.0}日")
        } else {
            format!("{d:.1}日")
        }
    })
}

/// The report as plain text, for the terminal (the admin CLI).
pub fn as_text(r: &Report) -> String {
    let mut out = format!("{}（{}〜{}）\n", r.label, r.from, r.to);
    let line = |out: &mut String, title: &str, list: &[Count]| {
        let items: Vec<String> = list
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| format!("{} {}", c.label, c.count))
            .collect();
        out.push_str(&format!(
            "{title}: {}\n",
            if items.is_empty() {
                "なし".into()
            } else {
                items.join("、")
            }
        ));
    };
    out.push_str(&format!(
        "受付件数: {}件（苦情・相談 {}件）\n",
        r.received, r.complaints
    ));
    line(&mut out, "種類別", &r.by_kind);
    line(&mut out, "受付経路別", &r.by_channel);
    line(&mut out, "決定の内容別", &r.by_outcome);
    line(&mut out, "状態別", &r.by_status);
    out.push_str(&format!(
        "回答済み: {}件　回答日数の中央値: {}　90パーセンタイル: {}\n",
        r.replied,
        days_label(r.median_days),
        days_label(r.p90_days.map(|d| d as f64))
    ));
    out.push_str(&format!(
        "期限内回答率: {}（{}件中{}件）\n",
        r.within_due_percent
            .map_or("—".into(), |p| format!("{p:.1}%")),
        r.with_due,
        r.within_due
    ));
    let fees: Vec<String> = r
        .fees
        .iter()
        .filter(|f| f.count > 0 || f.net_yen != 0)
        .map(|f| {
            format!(
                "{} {}件 {}円",
                f.label,
                f.count,
                crate::kernel::text::yen(f.net_yen.max(0) as u32)
            )
        })
        .collect();
    out.push_str(&format!(
        "手数料: {}円（{}）\n",
        crate::kernel::text::yen(r.fees_total_yen.max(0) as u32),
        if fees.is_empty() {
            "なし".into()
        } else {
            fees.join("、")
        }
    ));
    line(&mut out, "不開示等の根拠別", &r.refusals_by_ground);
    line(&mut out, "苦情・相談", &r.complaints_by_category);
    out.push_str(&format!(
        "苦情・相談の回答・報告済み: {}件（{}件中）\n",
        r.complaints_closed, r.complaints
    ));
    out.push_str(&format!("廃棄: {}件\n", r.disposals));
    out
}

impl Store {
    /// The report of a year or a month.
    pub fn report(&self, period: Period) -> Result<Report, StoreError> {
        report(&self.conn, period)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_nearest_rank_percentile() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5.0));
        assert_eq!(median(&[3, 5, 8, 13]), Some(6.5));
        assert_eq!(percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), Some(9));
        assert_eq!(
            percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90),
            Some(10)
        );
        assert_eq!(percentile(&[4], 90), Some(4));
        assert_eq!(percentile(&[], 90), None);
    }

    #[test]
    fn periods() {
        assert_eq!(
            Period {
                year: 2026,
                month: Some(2)
            }
            .validated()
            .unwrap(),
            (
                NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
            )
        );
        assert_eq!(
            Period {
                year: 2026,
                month: Some(12)
            }
            .validated()
            .unwrap()
            .1,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert!(Period {
            year: 2026,
            month: Some(13)
        }
        .validated()
        .is_err());
        assert!(Period {
            year: 1999,
            month: None
        }
        .validated()
        .is_err());
        assert_eq!(
            Period {
                year: 2026,
                month: None
            }
            .label(),
            "2026年"
        );
    }
}
