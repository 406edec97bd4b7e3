//! The stored due date (回答期限) of a case and the pauses that move it. The
//! date is kept on the case row so the register and the work queues can
//! filter on it; every change to what it depends on (received date, policy
//! version, a pause opened or closed) recomputes it here, in the same
//! transaction.

use crate::case::events::Event;
use crate::case::model::PauseReason;
use crate::kernel::text::iso_day as day;
use crate::policy::deadline::Pause;
use crate::store::error::StoreError;
use rusqlite::params;

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
    tx.prepare_cached("UPDATE cases SET due_on = ?2, clock_paused = ?3 WHERE id = ?1")?
        .execute(params![case_id, due, paused])?;
    Ok(())
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
