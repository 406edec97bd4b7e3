//! The register (案件一覧) and the home screen's work queues: filters, sort,
//! paging and search (a trigram index, or a scan of names for one or two
//! characters), fast at 100,000 cases; possible duplicates at intake.

use crate::case::model::{CaseInput, CaseStatus, CaseSummary};
use crate::case::rows::{kind_mask, kinds_from_json};
use crate::intake::channel::Channel;
use crate::kernel::text::{self, search_key};
use crate::policy::law::RequestKind;
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Filters, sort and page of the register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseQuery {
    pub search: String,
    /// A work queue of the home screen (期限超過, 入金待ち …), or none.
    #[serde(default)]
    pub queue: Option<Queue>,
    /// The day 期限超過 / 今週が期限 are judged on; today when None.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub as_of: Option<NaiveDate>,
    pub statuses: Vec<CaseStatus>,
    pub kinds: Vec<RequestKind>,
    pub channels: Vec<Channel>,
    pub specific_personal_info: Option<bool>,
    pub sort: CaseSort,
    /// 0-based.
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CaseSort {
    #[default]
    ReceivedDesc,
    ReceivedAsc,
    ReceiptNoDesc,
    ReceiptNoAsc,
    NameAsc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePage {
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    pub items: Vec<CaseSummary>,
}

fn row_to_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseSummary> {
    Ok(CaseSummary {
        id: r.get(0)?,
        receipt_no: r.get(1)?,
        received_on: r.get(2)?,
        channel: Channel::from_code(&r.get::<_, String>(3)?).unwrap_or(Channel::Post),
        status: CaseStatus::from_code(&r.get::<_, String>(4)?).unwrap_or(CaseStatus::Received),
        requester_name: r.get(5)?,
        requester_kana: r.get(6)?,
        kinds: kinds_from_json(&r.get::<_, String>(7)?),
        specific_personal_info: r.get(8)?,
        due_on: r.get(9)?,
        clock_paused: r.get(10)?,
    })
}

/// The register's columns; a query that adds columns reads them from index
/// `SUMMARY_LEN` on.
const SUMMARY_LEN: usize = 11;

const SUMMARY_COLUMNS: &str =
    "c.id, c.receipt_no, c.received_on, c.channel, c.status, c.requester_name, c.requester_kana, c.kinds, c.specific_personal_info,
     c.due_on, c.clock_paused";

coded_enum!(
    /// The home screen's work queues; each is also a register filter.
    Queue {
        Overdue = "overdue", "期限超過";
        DueThisWeek = "due_this_week", "今週が期限";
        AwaitingFee = "awaiting_fee", "入金待ち";
        AwaitingDocuments = "awaiting_documents", "書類待ち";
        AwaitingApproval = "awaiting_approval", "承認待ち";
    }
);

use crate::case::model::OPEN;

/// The SQL condition of a queue as of `today` (dates are ISO strings, so
/// they compare as text).
fn queue_clause(queue: Queue, today: NaiveDate) -> String {
    let day = |d: NaiveDate| d.format("'%Y-%m-%d'").to_string();
    let waiting = |reasons: &str| {
        format!("EXISTS (SELECT 1 FROM clock_pauses p WHERE p.case_id = c.id AND p.to_on IS NULL AND p.reason IN ({reasons}))")
    };
    match queue {
        Queue::Overdue => format!(
            "{OPEN} AND c.clock_paused = 0 AND c.due_on < {}",
            day(today)
        ),
        Queue::DueThisWeek => {
            // Through Sunday of this week (a Japanese office week ends on the weekend).
            let days_to_sunday =
                6 - i64::from(chrono::Datelike::weekday(&today).num_days_from_monday());
            let sunday = today + chrono::Duration::days(days_to_sunday);
            format!(
                "{OPEN} AND c.clock_paused = 0 AND c.due_on BETWEEN {} AND {}",
                day(today),
                day(sunday)
            )
        }
        // Every open case whose fee is asked and unpaid, whatever its status.
        Queue::AwaitingFee => format!(
            "{OPEN} AND (c.status = 'awaiting_fee' OR c.fee_waiting_since IS NOT NULL OR {})",
            waiting("'fee'")
        ),
        Queue::AwaitingDocuments => {
            format!("{OPEN} AND {}", waiting("'id_documents', 'clarification'"))
        }
        Queue::AwaitingApproval => "c.status = 'awaiting_approval'".to_string(),
    }
}

/// How many cases each queue holds (the home screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QueueCount {
    pub queue: Queue,
    pub label: String,
    pub count: i64,
}

pub fn queue_counts(conn: &Connection, today: NaiveDate) -> Result<Vec<QueueCount>, StoreError> {
    Queue::ALL
        .iter()
        .map(|&queue| {
            let count = conn.query_row(
                &format!(
                    "SELECT count(*) FROM cases c WHERE {}",
                    queue_clause(queue, today)
                ),
                [],
                |r| r.get(0),
            )?;
            Ok(QueueCount {
                queue,
                label: queue.label().into(),
                count,
            })
        })
        .collect()
}

/// The register query on any connection with the schema (the benchmark runs
/// it on a plain SQLite copy too).
pub fn query_cases(conn: &Connection, q: &CaseQuery) -> Result<CasePage, StoreError> {
    let page_size = q.page_size.clamp(1, 500);
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let key = search_key(&q.search);
    let key_chars = key.chars().count();
    let searched = key_chars > 0;
    if searched {
        // The search runs once, into a list of ids that the page and the
        // count then share. Three characters or more: the trigram index,
        // with the key as one quoted phrase. One or two (a two-kanji
        // surname): too short for trigrams; a scan of names and フリガナ only.
        let (sql, param) = if key_chars >= 3 {
            (
                "SELECT rowid FROM case_search WHERE case_search MATCH ?1",
                format!("\"{}\"", key.replace('"', "\"\"")),
            )
        } else {
            (
                "SELECT case_id FROM case_names WHERE instr(key, ?1) > 0",
                key,
            )
        };
        let ids: Vec<rusqlite::types::Value> = conn
            .prepare_cached(sql)?
            .query_map([param], |r| r.get::<_, i64>(0))?
            .map(|r| r.map(rusqlite::types::Value::from))
            .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(CasePage {
                total: 0,
                page: q.page,
                page_size,
                items: Vec::new(),
            });
        }
        args.push(Box::new(std::rc::Rc::new(ids)));
        clauses.push(format!("c.id IN rarray(?{})", args.len()));
    }
    let mut any_of =
        |column: &str, values: Vec<&'static str>, args: &mut Vec<Box<dyn rusqlite::ToSql>>| {
            if values.is_empty() {
                return;
            }
            let marks: Vec<String> = values
                .into_iter()
                .map(|v| {
                    args.push(Box::new(v));
                    format!("?{}", args.len())
                })
                .collect();
            clauses.push(format!("{column} IN ({})", marks.join(", ")));
        };
    any_of(
        "c.status",
        q.statuses.iter().map(|s| s.code()).collect(),
        &mut args,
    );
    any_of(
        "c.channel",
        q.channels.iter().map(|s| s.code()).collect(),
        &mut args,
    );
    if !q.kinds.is_empty() {
        // Any of the kinds: one AND on the bit mask kept in the index.
        clauses.push(format!("(c.kind_mask & {}) != 0", kind_mask(&q.kinds)));
    }
    if let Some(flag) = q.specific_personal_info {
        clauses.push(format!("c.specific_personal_info = {}", i32::from(flag)));
    }
    // Requests only: 苦情・相談 (no kinds) have their own page. The mask is
    // in the index and in case_counts, so this costs no row reads.
    clauses.push("c.kind_mask > 0".into());
    if let Some(queue) = q.queue {
        clauses.push(queue_clause(
            queue,
            q.as_of.unwrap_or_else(crate::kernel::clock::today),
        ));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let order = match q.sort {
        CaseSort::ReceivedDesc => "c.received_on DESC, c.id DESC",
        CaseSort::ReceivedAsc => "c.received_on ASC, c.id ASC",
        CaseSort::ReceiptNoDesc => "c.receipt_year DESC, c.receipt_seq DESC",
        CaseSort::ReceiptNoAsc => "c.receipt_year ASC, c.receipt_seq ASC",
        CaseSort::NameAsc => "c.requester_kana COLLATE NOCASE ASC, c.requester_name ASC, c.id ASC",
    };
    // Without a search, every clause is on a column of case_counts (aliased
    // `c` like the cases table), which answers the count from its groups.
    let by_rows = searched || q.queue.is_some();
    let counted_from = if by_rows { "cases" } else { "case_counts" };
    let count = if by_rows {
        "count(*)"
    } else {
        "coalesce(sum(c.n), 0)"
    };
    let total: i64 = conn.query_row(
        &format!("SELECT {count} FROM {counted_from} c {filter}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    if total == 0 {
        // A rare filter would otherwise walk the whole index to find nothing.
        return Ok(CasePage {
            total,
            page: q.page,
            page_size,
            items: Vec::new(),
        });
    }
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM cases c {filter} ORDER BY {order} LIMIT {page_size} OFFSET {}", u64::from(q.page) * u64::from(page_size));
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), row_to_summary)?
        .collect::<Result<_, _>>()?;
    Ok(CasePage {
        total,
        page: q.page,
        page_size,
        items,
    })
}

impl Store {
    /// The home screen's queues as of `today`.
    pub fn queue_counts(&self, today: NaiveDate) -> Result<Vec<QueueCount>, StoreError> {
        queue_counts(&self.conn, today)
    }

    /// The register: filtered, sorted, one page.
    pub fn list_cases(&self, q: &CaseQuery) -> Result<CasePage, StoreError> {
        query_cases(&self.conn, q)
    }

    /// Open cases that may be the same request again: same email (any of the
    /// requester's addresses) or the same name or フリガナ.
    pub fn possible_duplicates(
        &self,
        input: &CaseInput,
        exclude: Option<i64>,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let r = &input.requester;
        let email = text::clean(&r.email).to_lowercase();
        let name = search_key(&r.name);
        let kana = search_key(&r.kana);
        if email.is_empty() && name.is_empty() && kana.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS}, c.email, c.registered_email FROM cases c WHERE c.status NOT IN ('completed', 'withdrawn', 'mistaken') AND c.id != ?1 ORDER BY c.received_on DESC LIMIT 2000"
        ))?;
        let mut rows = stmt.query([exclude.unwrap_or(-1)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let s = row_to_summary(row)?;
            let e1: String = row.get(SUMMARY_LEN)?;
            let e2: String = row.get(SUMMARY_LEN + 1)?;
            let same_email = !email.is_empty()
                && (e1.eq_ignore_ascii_case(&email) || e2.eq_ignore_ascii_case(&email));
            let same_name = !name.is_empty() && search_key(&s.requester_name) == name;
            let same_kana = !kana.is_empty() && search_key(&s.requester_kana) == kana;
            if same_email || same_name || same_kana {
                out.push(s);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_len_counts_the_summary_columns() {
        assert_eq!(SUMMARY_COLUMNS.split(',').count(), SUMMARY_LEN);
    }
}
