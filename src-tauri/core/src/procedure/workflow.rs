//! The workflow: a case moves only along `CaseStatus::next`, and the moves
//! the procedure guards (to 承認待ち and 回答準備) need their decisions
//! (`decisions::check_move`). 取下げ and 誤登録 need a reason.

use crate::case::events::add_event;
use crate::case::events::Event;
use crate::case::model::CaseStatus;
use crate::case::record::CaseDetail;
use crate::kernel::text;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::params;

impl Store {
    /// Moves a case along its workflow ([`CaseStatus::next`]); 取下げ and
    /// 誤登録 need a reason.
    pub fn set_case_status(
        &mut self,
        id: i64,
        status: CaseStatus,
        reason: &str,
    ) -> Result<CaseDetail, StoreError> {
        self.set_case_status_on(id, status, reason, None)
    }

    /// Moves a case, dated: `on` is the 回答完了日 of a move to 発送済 (the
    /// mailing's day) and the 終了日 of a move to 完了, 取下げ or 誤登録;
    /// today when None. Retention counts from these days.
    pub fn set_case_status_on(
        &mut self,
        id: i64,
        status: CaseStatus,
        reason: &str,
        on: Option<NaiveDate>,
    ) -> Result<CaseDetail, StoreError> {
        let before = self.case(id)?;
        // A given day is checked against the case (an edge checks it against
        // today); the default is today.
        if on.is_some_and(|on| on < before.received_on) {
            return Err(StoreError::invalid(
                "on",
                "受付日より前の日付は指定できません。",
            ));
        }
        let on = on.unwrap_or_else(crate::kernel::clock::today);
        let reason = text::as_typed(reason);
        if !before.status.next().contains(&status) {
            let allowed: Vec<&str> = before.status.next().iter().map(|s| s.label()).collect();
            let message = if allowed.is_empty() {
                format!(
                    "「{}」の案件の状態は変えられません。",
                    before.status.label()
                )
            } else {
                format!(
                    "「{}」の案件は「{}」にだけ進められます。",
                    before.status.label(),
                    allowed.join("」「")
                )
            };
            return Err(StoreError::invalid("status", message));
        }
        crate::procedure::decisions::check_move(self, id, status)?;
        if status.needs_reason() && reason.is_empty() {
            return Err(StoreError::invalid("reason", "理由を入力してください。"));
        }
        if crate::kernel::mynumber::contains_individual_number(&reason) {
            return Err(StoreError::invalid(
                "reason",
                crate::kernel::mynumber::INDIVIDUAL_NUMBER_MESSAGE,
            ));
        }
        let actor = self.actor_id();
        self.write(Action::CaseStatusChanged, Target::of("case", id), &format!("status={}", status.code()), |tx, now| {
            tx.execute(
                "UPDATE cases SET status = ?2, status_reason = ?3, updated_at = ?4,
                    replied_on = CASE WHEN ?2 = 'sent' THEN ?5 ELSE replied_on END,
                    closed_on = CASE WHEN ?2 IN ('completed', 'withdrawn', 'mistaken') THEN ?5 ELSE closed_on END
                 WHERE id = ?1",
                params![id, status.code(), reason, now, on.to_string()],
            )?;
            add_event(tx, id, actor, &Event::StatusChanged { from: Some(before.status), to: Some(status), reason: reason.clone() }, now)
        })?;
        self.case_detail(id)
    }
}
