//! 苦情・相談: complaints and consultations about how the desk handles
//! personal information, in the four steps of seed 004 §9 — 一次対応 →
//! 調査・検討 → 改善措置 → 回答・報告 — each with its day, who and notes,
//! optionally linked to the request it is about.
//!
//! A complaint is a row of `cases` with no request kinds, so it takes a
//! 受付番号 from the same series, follows the profile's retention and is
//! disposed of like any case; its details live in `complaints` and
//! `complaint_steps`. Its status follows its steps: 受付 → 調査中 (一次対応,
//! 調査・検討) → 回答準備 (改善措置) → 完了 (回答・報告, which is also its
//! 回答完了日).

use crate::case::events::add_event;
use crate::case::events::Event;
use crate::case::model::ComplaintCategory;
use crate::case::model::ComplaintStep;
use crate::case::model::{CaseInput, CaseStatus};
use crate::case::rows::insert_case;
use crate::intake::channel::Channel;
use crate::kernel::error::FieldError;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

impl ComplaintStep {
    fn index(self) -> usize {
        ComplaintStep::ALL
            .iter()
            .position(|s| *s == self)
            .expect("listed")
    }
    /// The status a complaint has once this step is its latest.
    fn status(self) -> CaseStatus {
        match self {
            ComplaintStep::FirstResponse | ComplaintStep::Investigation => {
                CaseStatus::Investigating
            }
            ComplaintStep::Improvement => CaseStatus::PreparingReply,
            ComplaintStep::Reply => CaseStatus::Completed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComplaintInput {
    pub category: ComplaintCategory,
    pub channel: Channel,
    /// `YYYY-MM-DD`
    pub received_on: String,
    /// Empty: 匿名.
    pub name: String,
    /// 連絡先 (phone or email), as given.
    pub contact: String,
    /// 内容: what the person complains about or asks.
    pub summary: String,
    /// The request it is about (受付番号), if any.
    pub linked_receipt_no: String,
    /// The profile whose retention applies; None: the linked request's, else the default.
    pub policy_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepInput {
    pub step: ComplaintStep,
    pub done_on: String,
    /// 対応者.
    pub person: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepView {
    pub step: ComplaintStep,
    pub label: String,
    /// None until recorded.
    pub done_on: Option<String>,
    pub person: String,
    pub notes: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComplaintSummary {
    pub case_id: i64,
    pub receipt_no: String,
    pub category: ComplaintCategory,
    pub channel: Channel,
    pub received_on: String,
    pub name: String,
    pub status: CaseStatus,
    /// The latest step done, if any.
    pub last_step: Option<ComplaintStep>,
    pub linked_receipt_no: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComplaintDetail {
    pub summary: ComplaintSummary,
    pub contact: String,
    pub text: String,
    pub linked_case_id: Option<i64>,
    /// All four, in order; those not yet done have no day.
    pub steps: Vec<StepView>,
    /// The step to record next (None once 回答・報告 is done).
    pub next_step: Option<ComplaintStep>,
}

const ANONYMOUS: &str = "（匿名）";

/// A day the desk already lived: well formed and not after `today`.
fn past_day(
    field: &str,
    label: &str,
    value: &str,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let day = crate::kernel::text::iso_day(&crate::kernel::text::day_field(
        field, label, value, true, errors,
    ))?;
    if day > today {
        errors.push(FieldError::new(
            field,
            format!("{label}に未来の日付は入力できません。"),
        ));
        return None;
    }
    Some(day)
}

/// [`crate::kernel::text::free_text`] that must not be empty.
fn required_text(
    field: &str,
    label: &str,
    value: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let v = crate::kernel::text::free_text(field, value, max, errors);
    if v.is_empty() {
        errors.push(FieldError::new(
            field,
            format!("{label}を入力してください。"),
        ));
    }
    v
}

impl Store {
    /// Logs a 苦情・相談; returns it.
    pub fn create_complaint(
        &mut self,
        input: &ComplaintInput,
        today: NaiveDate,
    ) -> Result<ComplaintDetail, StoreError> {
        let mut errors = Vec::new();
        let received = past_day(
            "receivedOn",
            "受付日",
            &input.received_on,
            today,
            &mut errors,
        );
        let name = crate::kernel::text::free_text("name", &input.name, 100, &mut errors);
        let contact = crate::kernel::text::free_text("contact", &input.contact, 200, &mut errors);
        let summary = required_text("summary", "内容", &input.summary, 4000, &mut errors);
        let Some(received) = received.filter(|_| errors.is_empty()) else {
            return Err(StoreError::Invalid(errors));
        };
        let linked_receipt = crate::kernel::text::clean(&input.linked_receipt_no);
        let linked: Option<(i64, Option<i64>)> = if linked_receipt.is_empty() {
            None
        } else {
            let found = self
                .conn
                .query_row(
                    "SELECT c.id, v.policy_id FROM cases c LEFT JOIN policy_versions v ON v.id = c.policy_version_id WHERE c.receipt_no = ?1 AND c.kind_mask > 0",
                    [&linked_receipt],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            Some(found.ok_or_else(|| {
                StoreError::invalid("linkedReceiptNo", "その受付番号の請求はありません。")
            })?)
        };
        let mut case = CaseInput::blank(input.channel, received);
        case.requester.name = if name.is_empty() {
            ANONYMOUS.into()
        } else {
            name
        };
        case.policy_id = input.policy_id.or(linked.and_then(|(_, p)| p));
        let actor = self.actor_id();
        let category = input.category;
        let id = self.write_with(|tx, now| {
            let (id, _) = insert_case(tx, &case, received, None, actor, now)?;
            // A complaint has no 回答期限 of the request kind.
            tx.execute("UPDATE cases SET due_on = NULL WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO complaints (case_id, category, contact, summary, linked_case_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, category.code(), contact, summary, linked.map(|(l, _)| l)],
            )?;
            add_event(tx, id, actor, &Event::ComplaintCreated { category: Some(category) }, now)?;
            Ok((id, Action::ComplaintCreated, Target::of("case", id), format!("category={}", category.code())))
        })?;
        self.complaint(id)
    }

    /// Records (or corrects) one step. Steps go in order, and each day is
    /// on or after the one before it and not in the future.
    pub fn record_complaint_step(
        &mut self,
        case_id: i64,
        input: &StepInput,
        today: NaiveDate,
    ) -> Result<ComplaintDetail, StoreError> {
        let before = self.complaint(case_id)?;
        let i = input.step.index();
        if i > 0 && before.steps[i - 1].done_on.is_none() {
            return Err(StoreError::invalid(
                "step",
                format!(
                    "先に「{}」を記録してください。",
                    ComplaintStep::ALL[i - 1].label()
                ),
            ));
        }
        let mut errors = Vec::new();
        let day = past_day("doneOn", "対応日", &input.done_on, today, &mut errors);
        let person = required_text("person", "対応者", &input.person, 50, &mut errors);
        let notes = crate::kernel::text::free_text("notes", &input.notes, 4000, &mut errors);
        let Some(day) = day.filter(|_| errors.is_empty()) else {
            return Err(StoreError::Invalid(errors));
        };
        let received =
            NaiveDate::parse_from_str(&before.summary.received_on, "%Y-%m-%d").unwrap_or(day);
        let prev = before.steps[..i]
            .iter()
            .rev()
            .find_map(|s| s.done_on.clone());
        let next = before.steps[i + 1..].iter().find_map(|s| s.done_on.clone());
        if day < received {
            return Err(StoreError::invalid(
                "doneOn",
                "対応日は受付日以降にしてください。",
            ));
        }
        if prev.is_some_and(|p| day.to_string() < p) {
            return Err(StoreError::invalid(
                "doneOn",
                "対応日は前の段階の日付以降にしてください。",
            ));
        }
        if next.is_some_and(|n| day.to_string() > n) {
            return Err(StoreError::invalid(
                "doneOn",
                "対応日は次の段階の日付以前にしてください。",
            ));
        }
        // The status follows the latest step done.
        let latest = ComplaintStep::ALL
            .iter()
            .copied()
            .rfind(|s| *s == input.step || before.steps[s.index()].done_on.is_some())
            .expect("this step");
        let status = latest.status();
        let reply_on = if latest == ComplaintStep::Reply {
            Some(if input.step == ComplaintStep::Reply {
                day.to_string()
            } else {
                before.steps[3].done_on.clone().unwrap_or_default()
            })
        } else {
            None
        };
        let actor = self.actor_id();
        let step = input.step;
        self.write(Action::ComplaintStepRecorded, Target::of("case", case_id), &format!("step={}", step.code()), |tx, now| {
            tx.execute(
                "INSERT INTO complaint_steps (case_id, step, done_on, person, notes, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT DO UPDATE SET done_on = excluded.done_on, person = excluded.person, notes = excluded.notes,
                    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                params![case_id, step.code(), day.to_string(), person, notes, actor, now],
            )?;
            tx.execute(
                "UPDATE cases SET status = ?2, replied_on = ?3, closed_on = ?3, updated_at = ?4 WHERE id = ?1",
                params![case_id, status.code(), reply_on, now],
            )?;
            add_event(tx, case_id, actor, &Event::ComplaintStep { step: Some(step), done_on: day.to_string() }, now)
        })?;
        self.complaint(case_id)
    }

    /// 苦情・相談, newest first (`open_only`: not yet 回答・報告).
    pub fn complaints(&self, open_only: bool) -> Result<Vec<ComplaintSummary>, StoreError> {
        let ids: Vec<i64> = self
            .conn
            .prepare(
                "SELECT c.id FROM complaints k JOIN cases c ON c.id = k.case_id
                 WHERE (?1 = 0 OR c.status != 'completed') ORDER BY c.received_on DESC, c.id DESC",
            )?
            .query_map([open_only], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter()
            .map(|id| Ok(self.complaint(id)?.summary))
            .collect()
    }

    /// One 苦情・相談 with its steps.
    pub fn complaint(&self, case_id: i64) -> Result<ComplaintDetail, StoreError> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
        );
        let r: Row = self
            .conn
            .query_row(
                "SELECT c.receipt_no, k.category, c.channel, c.received_on, c.requester_name, c.status, k.contact, k.summary, k.linked_case_id, l.receipt_no
                 FROM complaints k JOIN cases c ON c.id = k.case_id LEFT JOIN cases l ON l.id = k.linked_case_id WHERE k.case_id = ?1",
                [case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let mut stmt = self.conn.prepare(
            "SELECT s.step, s.done_on, s.person, s.notes, coalesce(u.display_name, ''), s.recorded_at
             FROM complaint_steps s LEFT JOIN users u ON u.id = s.recorded_by WHERE s.case_id = ?1",
        )?;
        let done: Vec<(String, String, String, String, String, String)> = stmt
            .query_map([case_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let steps: Vec<StepView> = ComplaintStep::ALL
            .iter()
            .map(|&step| {
                let d = done.iter().find(|d| d.0 == step.code());
                StepView {
                    step,
                    label: step.label().into(),
                    done_on: d.map(|d| d.1.clone()),
                    person: d.map(|d| d.2.clone()).unwrap_or_default(),
                    notes: d.map(|d| d.3.clone()).unwrap_or_default(),
                    recorded_by: d.map(|d| d.4.clone()).unwrap_or_default(),
                    recorded_at: d.map(|d| d.5.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let last_step = steps
            .iter()
            .rev()
            .find(|s| s.done_on.is_some())
            .map(|s| s.step);
        let next_step = steps.iter().find(|s| s.done_on.is_none()).map(|s| s.step);
        Ok(ComplaintDetail {
            summary: ComplaintSummary {
                case_id,
                receipt_no: r.0,
                category: ComplaintCategory::from_code(&r.1)
                    .unwrap_or(ComplaintCategory::Complaint),
                channel: Channel::from_code(&r.2).unwrap_or(Channel::Phone),
                received_on: r.3,
                name: r.4,
                status: CaseStatus::from_code(&r.5).unwrap_or(CaseStatus::Received),
                last_step,
                linked_receipt_no: r.9,
            },
            contact: r.6,
            text: r.7,
            linked_case_id: r.8,
            steps,
            next_step,
        })
    }
}
