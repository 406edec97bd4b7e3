//! The stored due date (回答期限) of a case, the pauses that move it, and
//! where its fee stands. The date and the day the desk started waiting for a
//! fee are kept on the case row so the register and the work queues can
//! filter on them; every change to what they depend on (received date,
//! policy version, a pause, a payment, a decision's count, a 手数料のご案内)
//! recomputes them here, in the same transaction.

use crate::case::events::Event;
use crate::case::model::PauseReason;
use crate::kernel::text::iso_day as day;
use crate::policy::deadline::Pause;
use crate::policy::fee::{expected_fee, ExpectedFee, FeeDays};
use crate::policy::law::RequestKind;
use crate::store::error::StoreError;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

/// Recomputes a case's stored due date (and whether its clock is stopped)
/// from its policy version, received date and pauses. An open pause counts
/// as ending the day it began, so the stored date is "if it ran again now
/// from where it stopped"; the clock view adds the days paused so far.
pub(crate) fn refresh_due(tx: &rusqlite::Connection, case_id: i64) -> Result<(), StoreError> {
    let (received, version): (String, Option<i64>) = tx
        .prepare_cached("SELECT received_on, policy_version_id FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut stmt =
        tx.prepare_cached("SELECT from_on, to_on FROM clock_pauses WHERE case_id = ?1")?;
    let pauses: Vec<(String, Option<String>)> = stmt
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let paused = pauses.iter().any(|(_, to)| to.is_none());
    let spans: Vec<Pause> = pauses
        .iter()
        .filter_map(|(from, to)| {
            let from = day(from)?;
            Some(Pause {
                from,
                to: Some(to.as_deref().and_then(day).unwrap_or(from)),
            })
        })
        .collect();
    let due = match (version, day(&received)) {
        (Some(v), Some(received)) => crate::policy::version_body(tx, v)?.map(|(_, _, body)| {
            crate::policy::deadline::due_date(&body.deadline, received, None, &spans, received)
                .format("%Y-%m-%d")
                .to_string()
        }),
        _ => None,
    };
    let waiting = fee_position(tx, case_id)?
        .filter(FeePosition::unpaid)
        .and_then(|f| f.owed_since)
        .map(|d| d.to_string());
    tx.prepare_cached("UPDATE cases SET due_on = ?2, clock_paused = ?3, fee_waiting_since = ?4 WHERE id = ?1")?
        .execute(params![case_id, due, paused, waiting])?;
    Ok(())
}

/// Changes whenever what `refresh_due` stores does: a store written by an
/// earlier version has it recomputed for its open cases once, when opened.
const STORED_VERSION: &str = "2 (fee_waiting_since)";

/// Recomputes the stored due date and fee position of every open case when
/// they were stored by another version (in one transaction). Pauses are not
/// opened or closed: what was recorded keeps its meaning.
pub(crate) fn refresh_stored(conn: &mut rusqlite::Connection) -> Result<usize, StoreError> {
    let stored: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'due_state'", [], |r| r.get(0))
        .optional()?;
    if stored.as_deref() == Some(STORED_VERSION) {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    let ids: Vec<i64> = tx
        .prepare(&format!("SELECT c.id FROM cases c WHERE {}", crate::case::model::OPEN))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for &id in &ids {
        refresh_due(&tx, id)?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('due_state', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [STORED_VERSION],
    )?;
    tx.commit()?;
    Ok(ids.len())
}

/// Where the fee of a case stands: what its policy version asks, what was
/// paid and refunded, and since when it is asked. None without a policy.
#[derive(Debug, Clone)]
pub struct FeePosition {
    pub expected: ExpectedFee,
    pub paid_yen: u32,
    pub refunded_yen: u32,
    /// The day the fee is owed from (`ExpectedFee::owed_since`).
    pub owed_since: Option<NaiveDate>,
    /// The day the desk started waiting for it (`ExpectedFee::waited_since`).
    pub waited_since: Option<NaiveDate>,
    /// The day the last payment arrived.
    pub last_paid_on: Option<NaiveDate>,
    /// A 管理者's decision on fees APPI 38条 does not allow: keep (true) or waive.
    pub keep_warned: Option<bool>,
    /// The policy stops the clock while the desk waits (`pauseWhileWaiting`).
    pub pauses_while_waiting: bool,
}

impl FeePosition {
    /// Paid minus refunded minus expected: negative is 不足, positive 過払い.
    pub fn balance_yen(&self) -> i64 {
        i64::from(self.paid_yen) - i64::from(self.refunded_yen) - i64::from(self.expected.total_yen)
    }

    /// The fee is owed and not paid in full: the case is in 入金待ち.
    pub fn unpaid(&self) -> bool {
        self.owed_since.is_some() && self.balance_yen() < 0
    }
}

/// The request kinds (stored JSON) of a case.
fn kinds_of(json: &str) -> Vec<RequestKind> {
    serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| RequestKind::from_code(c))
        .collect()
}

/// The fee position of a case, read in the caller's transaction.
pub fn fee_position(conn: &rusqlite::Connection, case_id: i64) -> Result<Option<FeePosition>, StoreError> {
    let (kinds, received, version): (String, String, Option<i64>) = conn
        .prepare_cached("SELECT kinds, received_on, policy_version_id FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let Some(version) = version else { return Ok(None) };
    let Some((_, _, policy)) = crate::policy::version_body(conn, version)? else {
        return Ok(None);
    };
    let kinds = kinds_of(&kinds);
    let keep_warned: Option<bool> = conn
        .prepare_cached("SELECT keep FROM fee_decisions WHERE case_id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?;
    let decided: Vec<(String, Option<u32>, String)> = conn
        .prepare_cached("SELECT kind, fee_count, decided_at FROM decisions WHERE case_id = ?1")?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let counts: Vec<(RequestKind, u32)> = decided
        .iter()
        .filter_map(|(k, n, _)| Some((RequestKind::from_code(k)?, (*n)?)))
        .collect();
    let expected = expected_fee(&policy, &kinds, &counts, keep_warned == Some(false));
    // After the decision: once every kind the fee is for is decided, from the last.
    let charged: Vec<RequestKind> = expected.lines.iter().map(|l| l.kind).collect();
    let decided_on = charged
        .iter()
        .map(|k| {
            decided
                .iter()
                .find(|(c, _, _)| c == k.code())
                .and_then(|(_, _, at)| crate::kernel::clock::day_of_stamp(at))
        })
        .collect::<Option<Vec<NaiveDate>>>()
        .and_then(|days| days.into_iter().max());
    let (guidance_on, asked_on): (Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT min(CASE WHEN t.key = 'fee_guidance' THEN l.issued_on END), min(l.issued_on)
             FROM letters l JOIN letter_template_versions v ON v.id = l.template_version_id
             JOIN letter_templates t ON t.id = v.template_id
             WHERE l.case_id = ?1 AND t.key IN ('fee_guidance', 'fee_shortfall')",
        )?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (paid_yen, refunded_yen, first_paid_on, last_paid_on): (u32, u32, Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT coalesce(sum(CASE WHEN direction = 'in' THEN amount_yen END), 0),
                    coalesce(sum(CASE WHEN direction = 'refund' THEN amount_yen END), 0),
                    min(CASE WHEN direction = 'in' THEN received_on END),
                    max(CASE WHEN direction = 'in' THEN received_on END)
             FROM payments WHERE case_id = ?1",
        )?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let days = FeeDays {
        received_on: day(&received),
        guidance_on: guidance_on.as_deref().and_then(day),
        decided_on,
        first_asked_or_paid: [asked_on.as_deref().and_then(day), first_paid_on.as_deref().and_then(day)]
            .into_iter()
            .flatten()
            .min(),
    };
    Ok(Some(FeePosition {
        owed_since: expected.owed_since(days),
        waited_since: expected.waited_since(days),
        expected,
        paid_yen,
        refunded_yen,
        last_paid_on: last_paid_on.as_deref().and_then(day),
        keep_warned,
        pauses_while_waiting: policy.deadline.pause_while_waiting,
    }))
}

/// Where the policy stops the clock while the desk waits for its fee
/// (`deadline.pauseWhileWaiting`): a 手数料待ち pause is open exactly while
/// the fee is owed and unpaid and the desk waits for it — from the day it
/// asked in writing or a payment arrived short (`ExpectedFee::waited_since`;
/// the first payment as well as the rest) to the day the payment that
/// settles it arrived. Called by every write that can change
/// that; a fee pause the officer opened by hand on a policy that does not
/// pause is left alone.
pub(crate) fn sync_fee_pause(
    tx: &rusqlite::Connection,
    case_id: i64,
    actor: Option<i64>,
    now: &str,
) -> Result<(), StoreError> {
    // One read of the policy: the fee position carries whether it pauses.
    let Some(fee) = fee_position(tx, case_id)?.filter(|f| f.pauses_while_waiting) else {
        return refresh_due(tx, case_id);
    };
    let open: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, from_on FROM clock_pauses WHERE case_id = ?1 AND reason = 'fee' AND to_on IS NULL")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let any_open: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM clock_pauses WHERE case_id = ?1 AND to_on IS NULL)")?
        .query_row([case_id], |r| r.get(0))?;
    let waiting = fee.unpaid() && fee.waited_since.is_some();
    match (waiting, open) {
        (true, None) if !any_open => {
            let from = fee.waited_since.expect("waiting has a start").to_string();
            let note = if fee.paid_yen > 0 { "手数料の不足分を待っています。" } else { "手数料の入金を待っています。" };
            open_pause(tx, case_id, PauseReason::Fee, &from, note, actor, now)
        }
        (false, Some((id, from))) => {
            // Ends the day the settling payment arrived (never before it began).
            let to = fee.last_paid_on.map(|d| d.to_string()).filter(|t| *t >= from).unwrap_or(from);
            close_pause(tx, case_id, id, &to, actor, now)
        }
        _ => refresh_due(tx, case_id),
    }
}

pub(crate) fn open_pause(
    tx: &rusqlite::Connection,
    case_id: i64,
    reason: PauseReason,
    from: &str,
    note: &str,
    actor: Option<i64>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO clock_pauses (case_id, reason, from_on, note, created_at, actor_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![case_id, reason.code(), from, note, now, actor],
    )?;
    crate::case::events::add_event(
        tx,
        case_id,
        actor,
        &Event::ClockPaused {
            reason: Some(reason),
            from: from.to_string(),
        },
        now,
    )?;
    refresh_due(tx, case_id)
}

pub(crate) fn close_pause(
    tx: &rusqlite::Connection,
    case_id: i64,
    pause_id: i64,
    to: &str,
    actor: Option<i64>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE clock_pauses SET to_on = ?2 WHERE id = ?1",
        params![pause_id, to],
    )?;
    crate::case::events::add_event(
        tx,
        case_id,
        actor,
        &Event::ClockResumed { to: to.to_string() },
        now,
    )?;
    refresh_due(tx, case_id)
}
