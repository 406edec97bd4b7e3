//! 保存期間と廃棄: keeping the profile's promise ("kept one year after the
//! reply, then destroyed") for real.
//!
//! A profile's retention rules give each closed case a 廃棄可能日. Cases
//! whose day has come form the 廃棄予定 queue; a 管理者 approves; disposal then
//! deletes the case's rows (the foreign keys cascade), overwrites and removes
//! its encrypted files, and rebuilds the database (`secure_delete` is on for
//! every connection, then VACUUM and a WAL truncate) so that not even the key
//! reads any of it back. What remains is a 廃棄記録 with the 受付番号, codes,
//! dates and counts — never a name, an address, an email or a scan — and a
//! checklist for the paper kept at the desk. A case on 保全 (legal hold) is
//! never disposed while the hold lasts.
//!
//! The period runs through its last day: a case kept "1 year after the reply
//! of 2026-12-10" is kept through 2027-12-10 and disposable from 2027-12-11.

use crate::case::events::add_event;
use crate::case::events::Event;
use crate::case::model::CaseStatus;
use crate::intake::channel::Channel;
use crate::intake::documents::DocType;
use crate::policy::law::Outcome;
use crate::policy::law::RequestKind;
use crate::policy::{RetainedRecord, RetentionRule, RetentionStart};
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

coded_enum!(
    /// What a disposal destroys.
    DisposalScope {
        /// 請求書類・本人確認書類 (files and the mail) when the profile keeps
        /// them for less time than the case record.
        Documents = "documents", "請求書類のみ";
        Case = "case", "案件全体";
    }
);

/// How many days ahead the queue shows what is coming.
pub const UPCOMING_DAYS: i64 = 60;

/// The first day a record kept `years` and `months` from `start` may be
/// disposed of: the day after the period ends.
pub fn disposable_from(start: NaiveDate, years: u32, months: u32) -> NaiveDate {
    start
        .checked_add_months(Months::new(years * 12 + months))
        .and_then(|d| d.succ_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// 「回答完了から1年」, 「受付日から3年6か月」.
pub fn rule_label(r: &RetentionRule) -> String {
    let start = match r.after {
        RetentionStart::Receipt => "受付日から",
        RetentionStart::ReplyCompleted => "回答完了から",
    };
    let period = match (r.years, r.months) {
        (y, 0) => format!("{y}年"),
        (0, m) => format!("{m}か月"),
        (y, m) => format!("{y}年{m}か月"),
    };
    format!("{start}{period}")
}

/// When one record of a case may go, under one profile's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub from: NaiveDate,
    pub rule: String,
}

/// The schedule of one case: the day its request documents may go and the
/// day the whole case may go (never before its documents). `None` while the
/// start is not known yet (no reply).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schedule {
    pub documents: Option<Due>,
    pub case: Option<Due>,
}

pub fn schedule(
    rules: &[RetentionRule],
    received_on: NaiveDate,
    replied_on: Option<NaiveDate>,
) -> Schedule {
    // None: the profile names no rule for the record; Some(None): a rule
    // whose start is not known yet. Several rules: the longest wins.
    let due = |record: RetainedRecord| -> Option<Option<Due>> {
        let matching: Vec<&RetentionRule> = rules.iter().filter(|r| r.record == record).collect();
        if matching.is_empty() {
            return None;
        }
        let mut best: Option<Due> = None;
        for r in matching {
            let start = match r.after {
                RetentionStart::Receipt => Some(received_on),
                RetentionStart::ReplyCompleted => replied_on,
            };
            let Some(start) = start else {
                return Some(None);
            };
            let d = Due {
                from: disposable_from(start, r.years, r.months),
                rule: rule_label(r),
            };
            if best.as_ref().is_none_or(|b| d.from > b.from) {
                best = Some(d);
            }
        }
        Some(best)
    };
    let (docs, case) = match (
        due(RetainedRecord::RequestDocuments),
        due(RetainedRecord::CaseRecord),
    ) {
        (Some(d), Some(c)) => (d, c),
        // A profile that names one record only: the other follows it.
        (Some(d), None) => (d.clone(), d),
        (None, Some(c)) => (c.clone(), c),
        (None, None) => (None, None),
    };
    // The case goes with its documents, so never before them.
    let case = match (&docs, case) {
        (Some(d), Some(c)) if d.from > c.from => Some(d.clone()),
        (_, c) => c,
    };
    let documents = match (&docs, &case) {
        (Some(d), Some(c)) if d.from < c.from => docs.clone(),
        _ => None,
    };
    Schedule { documents, case }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LegalHold {
    pub reason: String,
    pub set_at: String,
    pub set_by: String,
}

/// A case's retention as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionInfo {
    /// 「請求書類・本人確認書類：回答完了から1年」 …
    pub rules: Vec<String>,
    /// The product default applies (the profile states no period).
    pub is_default: bool,
    /// 廃棄可能日 of the whole case; None until the reply is complete.
    pub disposable_from: Option<String>,
    /// When the request documents may go earlier than the case.
    pub documents_from: Option<String>,
    pub documents_disposed_on: Option<String>,
    pub hold: Option<LegalHold>,
}

/// One row of the 廃棄予定 queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisposalItem {
    pub case_id: i64,
    pub receipt_no: String,
    /// A 苦情・相談 rather than a request.
    pub complaint: bool,
    pub scope: DisposalScope,
    pub status: CaseStatus,
    pub kinds: Vec<RequestKind>,
    pub received_on: String,
    pub replied_on: Option<String>,
    pub rule: String,
    pub disposable_from: String,
    pub hold: Option<LegalHold>,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    /// Paper at the desk to shred by hand once disposed.
    pub paper_items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisposalQueue {
    pub today: String,
    /// 廃棄可能日 reached (held ones included, with their reason).
    pub due: Vec<DisposalItem>,
    /// Due within [`UPCOMING_DAYS`].
    pub upcoming: Vec<DisposalItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaperItem {
    pub id: i64,
    pub item: String,
    pub shredded_on: Option<String>,
    pub shredded_by: Option<String>,
}

/// What a disposal destroyed, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Destroyed {
    pub files: i64,
    pub mails: i64,
    pub letters: i64,
    pub events: i64,
}

/// 廃棄記録.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisposalRecord {
    pub id: i64,
    pub receipt_no: String,
    pub complaint: bool,
    pub scope: DisposalScope,
    pub kinds: Vec<RequestKind>,
    pub channel: Channel,
    pub received_on: String,
    pub replied_on: Option<String>,
    pub final_status: CaseStatus,
    /// 「開示：全部開示」 …
    pub outcomes: Vec<String>,
    pub rule: String,
    pub disposable_from: String,
    pub destroyed: Destroyed,
    pub approved_by: String,
    pub approved_at: String,
    pub performed_by: String,
    pub performed_at: String,
    pub paper: Vec<PaperItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkippedDisposal {
    pub receipt_no: String,
    pub scope: DisposalScope,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisposalRun {
    pub done: Vec<DisposalRecord>,
    pub skipped: Vec<SkippedDisposal>,
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

/// The statuses whose reply is complete: only these are ever disposed of.
const FINISHED: &str = "('sent', 'completed', 'withdrawn', 'mistaken')";

struct Facts {
    id: i64,
    receipt_no: String,
    status: CaseStatus,
    channel: Channel,
    kinds: Vec<RequestKind>,
    received_on: NaiveDate,
    replied_on: Option<NaiveDate>,
    documents_disposed_on: Option<String>,
    policy_version_id: Option<i64>,
    enclosures: Vec<String>,
    complaint: bool,
}

const FACTS: &str = "SELECT c.id, c.receipt_no, c.status, c.channel, c.kinds, c.received_on, coalesce(c.replied_on, c.closed_on), c.documents_disposed_on, c.policy_version_id, c.enclosures, c.kind_mask = 0 FROM cases c";

fn facts(r: &rusqlite::Row<'_>) -> rusqlite::Result<Facts> {
    let date = |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let kinds: String = r.get(4)?;
    let enclosures: String = r.get(9)?;
    Ok(Facts {
        id: r.get(0)?,
        receipt_no: r.get(1)?,
        status: CaseStatus::from_code(&r.get::<_, String>(2)?).unwrap_or(CaseStatus::Received),
        channel: Channel::from_code(&r.get::<_, String>(3)?).unwrap_or(Channel::Post),
        kinds: serde_json::from_str(&kinds).unwrap_or_default(),
        received_on: date(r.get(5)?).unwrap_or(NaiveDate::MAX),
        replied_on: date(r.get(6)?),
        documents_disposed_on: r.get(7)?,
        policy_version_id: r.get(8)?,
        enclosures: serde_json::from_str(&enclosures).unwrap_or_default(),
        complaint: r.get(10)?,
    })
}

/// Retention rules per policy version, read once per call.
#[derive(Default)]
struct Rules(HashMap<Option<i64>, (Vec<RetentionRule>, bool)>);

impl Rules {
    fn of(
        &mut self,
        conn: &Connection,
        version: Option<i64>,
    ) -> Result<&(Vec<RetentionRule>, bool), StoreError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(version) {
            let body = match version {
                Some(v) => crate::policy::version_body(conn, v)?.map(|(_, _, b)| b),
                None => None,
            };
            slot.insert(match body {
                Some(b) => b.retention_in_force(),
                None => (crate::policy::default_retention(), true),
            });
        }
        Ok(&self.0[&version])
    }
}

fn user_name(conn: &Connection, id: Option<i64>) -> Result<String, StoreError> {
    Ok(match id {
        Some(id) => conn
            .query_row("SELECT display_name FROM users WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_else(|| format!("利用者{id}")),
        None => "回復キー（管理CLI）".to_string(),
    })
}

fn hold_of(conn: &Connection, case_id: i64) -> Result<Option<LegalHold>, StoreError> {
    let row: Option<(String, String, Option<i64>)> = conn
        .query_row(
            "SELECT reason, set_at, set_by FROM legal_holds WHERE case_id = ?1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    row.map(|(reason, set_at, by)| {
        Ok(LegalHold {
            reason,
            set_at,
            set_by: user_name(conn, by)?,
        })
    })
    .transpose()
}

/// The paper a case left at the desk: originals not returned, and what came
/// by post (stamps, 為替 and return envelopes are used up, not kept).
fn paper_items(originals: &[String], f: &Facts) -> Vec<String> {
    let mut codes: Vec<String> = originals.to_vec();
    let mut items: Vec<String> = codes
        .iter()
        .map(|c| {
            format!(
                "{}（原本）",
                DocType::from_code(c).map_or("書類", |d| d.label())
            )
        })
        .collect();
    for e in &f.enclosures {
        if matches!(e.as_str(), "stamps" | "money_order" | "return_envelope") || codes.contains(e) {
            continue;
        }
        if let Some(enc) = crate::case::model::Enclosure::from_code(e) {
            items.push(format!("{}（郵送で受領）", enc.label()));
            codes.push(e.clone());
        }
    }
    if f.channel == Channel::Post && !f.enclosures.iter().any(|e| e == "request_form") {
        items.push("郵送で届いた請求の書面".to_string());
    }
    items
}

impl Store {
    /// The retention of one case, for its page.
    pub fn case_retention(&self, case_id: i64) -> Result<RetentionInfo, StoreError> {
        let f = self
            .conn
            .query_row(&format!("{FACTS} WHERE c.id = ?1"), [case_id], facts)
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let mut rules = Rules::default();
        let (list, is_default) = rules.of(&self.conn, f.policy_version_id)?.clone();
        let finished = !f.status.is_open() || f.status == CaseStatus::Sent;
        let s = schedule(&list, f.received_on, f.replied_on);
        Ok(RetentionInfo {
            rules: list
                .iter()
                .map(|r| format!("{}：{}", r.record.label(), rule_label(r)))
                .collect(),
            is_default,
            disposable_from: s.case.filter(|_| finished).map(|d| d.from.to_string()),
            documents_from: s
                .documents
                .filter(|_| finished && f.documents_disposed_on.is_none())
                .map(|d| d.from.to_string()),
            documents_disposed_on: f.documents_disposed_on,
            hold: hold_of(&self.conn, case_id)?,
        })
    }

    /// 廃棄予定: what may be disposed of today, and what comes within
    /// [`UPCOMING_DAYS`].
    pub fn disposal_queue(&self, today: NaiveDate) -> Result<DisposalQueue, StoreError> {
        let horizon = today + chrono::Days::new(UPCOMING_DAYS as u64);
        let mut due = Vec::new();
        let mut upcoming = Vec::new();
        for item in self.disposal_items(horizon)? {
            if item.disposable_from.as_str() <= today.to_string().as_str() {
                due.push(item);
            } else {
                upcoming.push(item);
            }
        }
        Ok(DisposalQueue {
            today: today.to_string(),
            due,
            upcoming,
        })
    }

    /// Every disposal whose day is on or before `until`, oldest first.
    fn disposal_items(&self, until: NaiveDate) -> Result<Vec<DisposalItem>, StoreError> {
        let all: Vec<Facts> = self
            .conn
            .prepare(&format!(
                "{FACTS} WHERE c.status IN {FINISHED} ORDER BY c.received_on, c.id"
            ))?
            .query_map([], facts)?
            .collect::<Result<_, _>>()?;
        let mut rules = Rules::default();
        // Read once, not per case: the queue may list tens of thousands.
        let mut approvals: HashMap<(i64, String), (Option<i64>, String)> = HashMap::new();
        for row in self
            .conn
            .prepare("SELECT case_id, scope, approved_by, approved_at FROM disposal_approvals")?
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?
        {
            let (k, v) = row?;
            approvals.insert(k, v);
        }
        let mut holds: HashMap<i64, LegalHold> = HashMap::new();
        for id in self
            .conn
            .prepare("SELECT case_id FROM legal_holds")?
            .query_map([], |r| r.get::<_, i64>(0))?
        {
            let id = id?;
            if let Some(h) = hold_of(&self.conn, id)? {
                holds.insert(id, h);
            }
        }
        let mut originals: HashMap<i64, Vec<String>> = HashMap::new();
        for row in self
            .conn
            .prepare("SELECT case_id, doc_type FROM originals WHERE returned_on = '' ORDER BY id")?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        {
            let (id, code) = row?;
            originals.entry(id).or_default().push(code);
        }
        let mut names: HashMap<Option<i64>, String> = HashMap::new();
        let mut out = Vec::new();
        for f in all {
            let s = schedule(
                &rules.of(&self.conn, f.policy_version_id)?.0,
                f.received_on,
                f.replied_on,
            );
            let pick = match (s.documents, s.case) {
                (_, Some(c)) if c.from <= until => Some((DisposalScope::Case, c)),
                (Some(d), _) if d.from <= until && f.documents_disposed_on.is_none() => {
                    Some((DisposalScope::Documents, d))
                }
                _ => None,
            };
            let Some((scope, due)) = pick else { continue };
            let approval = approvals.get(&(f.id, scope.code().to_string()));
            let approved_by = match approval {
                Some((by, _)) => Some(match names.get(by) {
                    Some(n) => n.clone(),
                    None => {
                        let n = user_name(&self.conn, *by)?;
                        names.insert(*by, n.clone());
                        n
                    }
                }),
                None => None,
            };
            let paper = if scope == DisposalScope::Case && f.documents_disposed_on.is_some() {
                Vec::new()
            } else {
                paper_items(originals.get(&f.id).map_or(&[][..], |v| v), &f)
            };
            out.push(DisposalItem {
                case_id: f.id,
                receipt_no: f.receipt_no.clone(),
                complaint: f.complaint,
                scope,
                status: f.status,
                kinds: f.kinds.clone(),
                received_on: f.received_on.to_string(),
                replied_on: f.replied_on.map(|d| d.to_string()),
                rule: due.rule,
                disposable_from: due.from.to_string(),
                hold: holds.get(&f.id).cloned(),
                approved_by,
                approved_at: approval.map(|(_, at)| at.clone()),
                paper_items: paper,
            });
        }
        out.sort_by(|a, b| {
            (&a.disposable_from, &a.receipt_no).cmp(&(&b.disposable_from, &b.receipt_no))
        });
        Ok(out)
    }

    /// A 管理者 approves disposals. Each must be due and not on hold.
    pub fn approve_disposals(
        &mut self,
        items: &[(i64, DisposalScope)],
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let actor = self.require_named_admin()?;
        // The queue is computed once for the whole batch.
        let due = self.disposal_items(today)?;
        let checked = items
            .iter()
            .map(|&(id, scope)| {
                self.case(id)?;
                let item = due
                    .iter()
                    .find(|i| i.case_id == id && i.scope == scope)
                    .ok_or_else(|| {
                        StoreError::invalid(
                        "caseId",
                        "この案件はまだ廃棄できません（保存期間中か、回答が完了していません）。",
                    )
                    })?;
                if item.hold.is_some() {
                    return Err(StoreError::invalid(
                        "caseId",
                        format!("{} は保全中のため承認できません。", item.receipt_no),
                    ));
                }
                Ok(item.clone())
            })
            .collect::<Result<Vec<_>, _>>()?;

        for item in checked {
            self.write(
                Action::DisposalApproved,
                Target::of("case", item.case_id),
                &format!("scope={}", item.scope.code()),
                |tx, now| {
                    tx.execute(
                        "INSERT INTO disposal_approvals (case_id, scope, approved_by, approved_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT DO UPDATE SET approved_by = excluded.approved_by, approved_at = excluded.approved_at",
                        params![item.case_id, item.scope.code(), actor, now],
                    )?;
                    Ok(())
                },
            )?;
        }
        Ok(())
    }

    /// A 管理者 takes an approval back before the disposal is performed.
    pub fn withdraw_disposal_approval(
        &mut self,
        case_id: i64,
        scope: DisposalScope,
    ) -> Result<(), StoreError> {
        self.require_admin()?;
        self.case(case_id)?;
        self.write(
            Action::DisposalApprovalWithdrawn,
            Target::of("case", case_id),
            &format!("scope={}", scope.code()),
            |tx, _| {
                let n = tx.execute(
                    "DELETE FROM disposal_approvals WHERE case_id = ?1 AND scope = ?2",
                    params![case_id, scope.code()],
                )?;
                if n == 0 {
                    return Err(StoreError::invalid(
                        "caseId",
                        "この廃棄は承認されていません。",
                    ));
                }
                Ok(())
            },
        )
    }

    /// 保全: keeps a case from disposal (e.g. a dispute), with the reason shown.
    pub fn set_legal_hold(
        &mut self,
        case_id: i64,
        reason: &str,
    ) -> Result<RetentionInfo, StoreError> {
        self.case(case_id)?;
        let reason = crate::kernel::text::free_text_only("reason", reason, 200)?;
        if reason.is_empty() {
            return Err(StoreError::invalid(
                "reason",
                "保全の理由を入力してください。",
            ));
        }
        let actor = self.actor_id();
        self.write(Action::LegalHoldSet, Target::of("case", case_id), "", |tx, now| {
            tx.execute(
                "INSERT INTO legal_holds (case_id, reason, set_at, set_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO UPDATE SET reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by",
                params![case_id, reason, now, actor],
            )?;
            // An approval given before the dispute no longer stands.
            tx.execute("DELETE FROM disposal_approvals WHERE case_id = ?1", [case_id])?;
            add_event(tx, case_id, actor, &Event::LegalHoldSet { reason: reason.clone() }, now)
        })?;
        self.case_retention(case_id)
    }

    /// Lifts a hold; only a 管理者 may.
    pub fn release_legal_hold(&mut self, case_id: i64) -> Result<RetentionInfo, StoreError> {
        self.require_admin()?;
        self.case(case_id)?;
        let actor = self.actor_id();
        self.write(
            Action::LegalHoldReleased,
            Target::of("case", case_id),
            "",
            |tx, now| {
                if tx.execute("DELETE FROM legal_holds WHERE case_id = ?1", [case_id])? == 0 {
                    return Err(StoreError::invalid(
                        "caseId",
                        "この案件は保全されていません。",
                    ));
                }
                add_event(tx, case_id, actor, &Event::LegalHoldReleased {}, now)
            },
        )?;
        self.case_retention(case_id)
    }

    /// Performs every approved disposal that is due and not on hold, one
    /// transaction each, then destroys the files and rebuilds the database.
    pub fn perform_disposals(&mut self, today: NaiveDate) -> Result<DisposalRun, StoreError> {
        let approved: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT case_id, scope FROM disposal_approvals ORDER BY case_id, scope")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let due = self.disposal_items(today)?;
        let mut run = DisposalRun {
            done: Vec::new(),
            skipped: Vec::new(),
        };
        for (case_id, scope) in approved {
            let scope = DisposalScope::from_code(&scope).unwrap_or(DisposalScope::Case);
            let receipt_no = self.case(case_id)?.receipt_no;
            let skip = |reason: String| SkippedDisposal {
                receipt_no: receipt_no.clone(),
                scope,
                reason,
            };
            match due
                .iter()
                .find(|i| i.case_id == case_id && i.scope == scope)
            {
                None => run
                    .skipped
                    .push(skip("廃棄可能日前か、対象でなくなりました。".into())),
                Some(item) if item.hold.is_some() => run.skipped.push(skip(format!(
                    "保全中：{}",
                    item.hold
                        .as_ref()
                        .map(|h| h.reason.as_str())
                        .unwrap_or_default()
                ))),
                Some(item) => {
                    let id = self.dispose(item)?;
                    run.done.push(self.disposal_record(id)?);
                }
            }
        }
        // Due but on hold and never approved: shown too, so the run says why
        // a case that has reached its day is still here.
        for item in due
            .iter()
            .filter(|i| i.hold.is_some() && i.disposable_from <= today.to_string())
        {
            if !run
                .skipped
                .iter()
                .any(|s| s.receipt_no == item.receipt_no && s.scope == item.scope)
            {
                run.skipped.push(SkippedDisposal {
                    receipt_no: item.receipt_no.clone(),
                    scope: item.scope,
                    reason: format!(
                        "保全中：{}",
                        item.hold
                            .as_ref()
                            .map(|h| h.reason.as_str())
                            .unwrap_or_default()
                    ),
                });
            }
        }
        if !run.done.is_empty() {
            self.destroy_orphan_files()?;
            self.compact()?;
        }
        Ok(run)
    }

    /// One disposal, in one transaction: the record and its paper checklist
    /// written, the rows deleted. The files go afterwards
    /// ([`Store::destroy_orphan_files`]): a crash in between leaves only
    /// encrypted files nothing points to, destroyed on the next run.
    fn dispose(&mut self, item: &DisposalItem) -> Result<i64, StoreError> {
        let actor = self.actor_id();
        let case_id = item.case_id;
        let scope = item.scope;
        let count = |tx: &Connection, sql: &str| -> Result<i64, StoreError> {
            Ok(tx.query_row(sql, [case_id], |r| r.get(0))?)
        };
        self.write_with(|tx, now| {
            let destroyed = Destroyed {
                files: count(tx, "SELECT count(*) FROM attachments WHERE case_id = ?1")?,
                mails: count(tx, "SELECT count(*) FROM case_mails WHERE case_id = ?1")?,
                letters: if scope == DisposalScope::Case { count(tx, "SELECT count(*) FROM letters WHERE case_id = ?1")? } else { 0 },
                events: if scope == DisposalScope::Case { count(tx, "SELECT count(*) FROM case_events WHERE case_id = ?1")? } else { 0 },
            };
            let (channel, final_status): (String, String) =
                tx.query_row("SELECT channel, status FROM cases WHERE id = ?1", [case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let outcomes: Vec<(String, String)> = tx
                .prepare("SELECT kind, outcome FROM decisions WHERE case_id = ?1 ORDER BY kind")?
                .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let (approved_by, approved_at): (Option<i64>, String) = tx.query_row(
                "SELECT approved_by, approved_at FROM disposal_approvals WHERE case_id = ?1 AND scope = ?2",
                params![case_id, scope.code()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            tx.execute(
                "INSERT INTO disposal_records (case_id, receipt_no, scope, kinds, channel, received_on, replied_on, final_status, outcomes, rule, disposable_from, destroyed, approved_by, approved_at, performed_by, performed_at, complaint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                params![
                    case_id, item.receipt_no, scope.code(), json(&item.kinds), channel, item.received_on,
                    item.replied_on, final_status, json(&outcomes), item.rule, item.disposable_from,
                    json(&destroyed), approved_by, approved_at, actor, now, item.complaint
                ],
            )?;
            let record_id = tx.last_insert_rowid();
            for p in &item.paper_items {
                tx.execute("INSERT INTO paper_disposals (record_id, item) VALUES (?1, ?2)", params![record_id, p])?;
            }
            match scope {
                DisposalScope::Case => {
                    // The foreign keys cascade to every table that holds the
                    // case; the search index is not a table they reach.
                    tx.execute("DELETE FROM case_search WHERE rowid = ?1", [case_id])?;
                    tx.execute("DELETE FROM cases WHERE id = ?1", [case_id])?;
                }
                DisposalScope::Documents => {
                    tx.execute("DELETE FROM attachments WHERE case_id = ?1", [case_id])?;
                    tx.execute("DELETE FROM case_mails WHERE case_id = ?1", [case_id])?;
                    tx.execute("DELETE FROM disposal_approvals WHERE case_id = ?1 AND scope = 'documents'", [case_id])?;
                    let day = crate::kernel::clock::day_of_stamp(now).map(|d| d.to_string());
                    tx.execute("UPDATE cases SET documents_disposed_on = ?3, updated_at = ?2 WHERE id = ?1", params![case_id, now, day])?;
                    add_event(tx, case_id, actor, &Event::DocumentsDisposed { files: destroyed.files as u64, mails: destroyed.mails as u64 }, now)?;
                }
            }
            let detail = format!(
                "scope={};record={record_id};files={};mails={};letters={};paper={}",
                scope.code(), destroyed.files, destroyed.mails, destroyed.letters, item.paper_items.len()
            );
            Ok((record_id, Action::CaseDisposed, Target::of("case", case_id), detail))
        })
    }

    /// Overwrites and removes every encrypted file no attachment row points to.
    fn destroy_orphan_files(&self) -> Result<usize, StoreError> {
        let blobs = self.blobs();
        let mut known = std::collections::HashSet::new();
        let mut stmt = self.conn.prepare("SELECT blob_id FROM attachments")?;
        for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
            known.insert(id?);
        }
        let mut n = 0;
        for path in blobs.list()? {
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            if !known.contains(&id) {
                blobs.destroy(&id)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Rebuilds the database so nothing of a disposed case can be read back:
    /// the search index's segments are merged (a deleted text's trigrams
    /// otherwise stay in older segments), the planner's statistics are
    /// recomputed (sqlite_stat4 keeps sample index keys, e.g. names),
    /// `secure_delete` has zeroed the deleted cells, VACUUM writes a fresh
    /// file, and the WAL, which still holds old page images, is truncated.
    fn compact(&self) -> Result<(), StoreError> {
        let checkpoint = |c: &Connection| -> Result<(), StoreError> {
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        };
        self.conn.execute_batch(
            "INSERT INTO case_search (case_search) VALUES ('optimize');
             ANALYZE;",
        )?;
        checkpoint(&self.conn)?;
        self.conn.execute_batch("VACUUM")?;
        checkpoint(&self.conn)
    }

    /// 廃棄記録, newest first; `year` filters on the day performed, in Japan.
    pub fn disposal_records(&self, year: Option<i32>) -> Result<Vec<DisposalRecord>, StoreError> {
        let bounds = year.and_then(|y| {
            let start = NaiveDate::from_ymd_opt(y, 1, 1)?;
            let end = NaiveDate::from_ymd_opt(y + 1, 1, 1)?;
            Some((crate::kernel::clock::day_start_text(start), crate::kernel::clock::day_start_text(end)))
        });
        let (start, end) = bounds.unzip();
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM disposal_records WHERE ?1 IS NULL OR (performed_at >= ?1 AND performed_at < ?2) ORDER BY id DESC")?
            .query_map(params![start, end], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| self.disposal_record(id)).collect()
    }

    pub fn disposal_record(&self, id: i64) -> Result<DisposalRecord, StoreError> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            String,
            String,
            String,
            String,
            Option<i64>,
            String,
            Option<i64>,
            String,
            bool,
        );
        let r: Row = self
            .conn
            .query_row(
                "SELECT receipt_no, scope, kinds, channel, received_on, replied_on, final_status, outcomes, rule, disposable_from, destroyed, approved_by, approved_at, performed_by, performed_at, complaint FROM disposal_records WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let outcomes: Vec<(String, String)> = serde_json::from_str(&r.7).unwrap_or_default();
        let paper = self
            .conn
            .prepare("SELECT id, item, shredded_on, shredded_by FROM paper_disposals WHERE record_id = ?1 ORDER BY id")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, Option<i64>>(3)?)))?
            .collect::<Result<Vec<(i64, String, Option<String>, Option<i64>)>, _>>()?
            .into_iter()
            .map(|(id, item, on, by)| {
                Ok(PaperItem {
                    id,
                    item,
                    shredded_by: match (&on, by) {
                        (Some(_), by) => Some(user_name(&self.conn, by)?),
                        (None, _) => None,
                    },
                    shredded_on: on,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(DisposalRecord {
            id,
            complaint: r.15,
            receipt_no: r.0,
            scope: DisposalScope::from_code(&r.1).unwrap_or(DisposalScope::Case),
            kinds: serde_json::from_str(&r.2).unwrap_or_default(),
            channel: Channel::from_code(&r.3).unwrap_or(Channel::Post),
            received_on: r.4,
            replied_on: r.5,
            final_status: CaseStatus::from_code(&r.6).unwrap_or(CaseStatus::Completed),
            outcomes: outcomes
                .iter()
                .map(|(k, o)| {
                    format!(
                        "{}：{}",
                        RequestKind::from_code(k).map_or("", |k| k.label()),
                        Outcome::from_code(o).map_or("", |o| o.label())
                    )
                })
                .collect(),
            rule: r.8,
            disposable_from: r.9,
            destroyed: serde_json::from_str(&r.10).unwrap_or_default(),
            approved_by: user_name(&self.conn, r.11)?,
            approved_at: r.12,
            performed_by: user_name(&self.conn, r.13)?,
            performed_at: r.14,
            paper,
        })
    }

    /// シュレッダー済: ticks one paper item of a disposal record.
    pub fn mark_paper_shredded(
        &mut self,
        item_id: i64,
        shredded_on: &str,
        today: NaiveDate,
    ) -> Result<DisposalRecord, StoreError> {
        let on = crate::case::validate::parse_date("shreddedOn", "廃棄日", shredded_on)
            .map_err(|e| StoreError::Invalid(vec![e]))?;
        if on > today {
            return Err(StoreError::invalid(
                "shreddedOn",
                "廃棄日に未来の日付は入力できません。",
            ));
        }
        let (record_id, done): (i64, Option<String>) = self
            .conn
            .query_row(
                "SELECT record_id, shredded_on FROM paper_disposals WHERE id = ?1",
                [item_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        if done.is_some() {
            return Err(StoreError::invalid(
                "itemId",
                "この書類はすでにシュレッダー済です。",
            ));
        }
        let actor = self.actor_id();
        self.write(Action::PaperShredded, Target::of("disposal", record_id), &format!("item={item_id}"), |tx, now| {
            tx.execute(
                "UPDATE paper_disposals SET shredded_on = ?2, shredded_by = ?3, noted_at = ?4 WHERE id = ?1",
                params![item_id, on.to_string(), actor, now],
            )?;
            Ok(())
        })?;
        self.disposal_record(record_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn rule(
        record: RetainedRecord,
        years: u32,
        months: u32,
        after: RetentionStart,
    ) -> RetentionRule {
        RetentionRule {
            record,
            years,
            months,
            after,
        }
    }

    #[test]
    fn the_period_runs_through_its_last_day() {
        assert_eq!(disposable_from(d("2026-12-10"), 1, 0), d("2027-12-11"));
        assert_eq!(disposable_from(d("2026-12-01"), 3, 0), d("2029-12-02"));
        assert_eq!(disposable_from(d("2026-12-31"), 0, 6), d("2027-07-01"));
        // 2/29 plus a year is 2/28, so disposable from 3/1.
        assert_eq!(disposable_from(d("2028-02-29"), 1, 0), d("2029-03-01"));
        assert_eq!(disposable_from(d("2026-08-31"), 0, 6), d("2027-03-01"));
    }

    #[test]
    fn labels_say_the_rule() {
        use RetentionStart::*;
        assert_eq!(
            rule_label(&rule(RetainedRecord::CaseRecord, 1, 0, ReplyCompleted)),
            "回答完了から1年"
        );
        assert_eq!(
            rule_label(&rule(RetainedRecord::CaseRecord, 0, 6, Receipt)),
            "受付日から6か月"
        );
        assert_eq!(
            rule_label(&rule(RetainedRecord::CaseRecord, 3, 6, Receipt)),
            "受付日から3年6か月"
        );
    }

    #[test]
    fn schedules() {
        use RetainedRecord::*;
        use RetentionStart::*;
        let received = d("2026-12-01");
        let replied = Some(d("2026-12-10"));
        // The default: both 1 year after the reply; one disposal of the case.
        let s = schedule(&crate::policy::default_retention(), received, replied);
        assert_eq!(s.case.unwrap().from, d("2027-12-11"));
        assert_eq!(s.documents, None);
        // No reply yet: not known.
        assert_eq!(
            schedule(&crate::policy::default_retention(), received, None),
            Schedule::default()
        );
        // Documents for less time than the case: two stages.
        let s = schedule(
            &[
                rule(RequestDocuments, 1, 0, ReplyCompleted),
                rule(CaseRecord, 3, 0, Receipt),
            ],
            received,
            replied,
        );
        assert_eq!(s.documents.unwrap().from, d("2027-12-11"));
        assert_eq!(s.case.unwrap().from, d("2029-12-02"));
        // Documents for longer: the case waits for them.
        let s = schedule(
            &[
                rule(RequestDocuments, 5, 0, Receipt),
                rule(CaseRecord, 1, 0, ReplyCompleted),
            ],
            received,
            replied,
        );
        assert_eq!(s.documents, None);
        assert_eq!(s.case.as_ref().unwrap().from, d("2031-12-02"));
        assert_eq!(s.case.unwrap().rule, "受付日から5年");
        // One record named: the other follows it. Two rules for one record: the longer.
        let s = schedule(
            &[
                rule(CaseRecord, 1, 0, Receipt),
                rule(CaseRecord, 0, 18, Receipt),
            ],
            received,
            replied,
        );
        assert_eq!(s.case.unwrap().from, d("2028-06-02"));
        assert_eq!(s.documents, None);
        // A reply-based rule without a reply makes the record's day unknown.
        let s = schedule(
            &[
                rule(CaseRecord, 1, 0, Receipt),
                rule(CaseRecord, 1, 0, ReplyCompleted),
            ],
            received,
            None,
        );
        assert_eq!(s.case, None);
    }
}
