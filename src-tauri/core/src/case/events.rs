//! A case's timeline: one row per thing that happened to it, written in the
//! same transaction as the change itself. Each kind of event is a variant of
//! [`Event`]; `case_events` keeps its code (`kind`) and its fields as JSON
//! (`detail`), so a timeline row names no more than the event does. The
//! words shown for each are `timeline.rs`'s, a match the compiler checks.

use crate::case::model::{
    CaseStatus, CheckStatus, ComplaintCategory, ComplaintStep, MailMethod, PauseReason,
    PaymentDirection,
};
use crate::intake::channel::Channel;
use crate::intake::content::FileKind;
use crate::intake::documents::DocType;
use crate::policy::law::{Outcome, RequestKind};
use crate::policy::FeeMethod;
use crate::store::error::StoreError;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// What happened. Fields that an earlier version did not write are
/// optional or default, so every stored event still reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "detail",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    /// 登録.
    Created {
        channel: Option<Channel>,
    },
    /// The .eml the case came from was kept.
    MailImported {
        #[serde(default)]
        attachments: u64,
        #[serde(default)]
        problems: u64,
    },
    AttachmentAdded {
        #[serde(default)]
        file_name: String,
        #[serde(default)]
        origin: String,
        kind: Option<FileKind>,
        doc_type: Option<DocType>,
        #[serde(default)]
        masked: bool,
    },
    /// A document that needed masking was discarded instead of kept.
    ScanRefused {
        doc_type: Option<DocType>,
    },
    DocumentClassified {
        doc_type: Option<DocType>,
    },
    AttachmentMasked {},
    Edited {
        /// The form's field paths (`requester.name` …), never their values.
        #[serde(default)]
        fields: Vec<String>,
    },
    StatusChanged {
        from: Option<CaseStatus>,
        to: Option<CaseStatus>,
        #[serde(default)]
        reason: String,
    },
    VerificationMarked {
        #[serde(default)]
        item: String,
        status: Option<CheckStatus>,
    },
    OriginalLogged {
        doc_type: Option<DocType>,
        #[serde(default)]
        state: OriginalState,
        #[serde(default)]
        received_on: String,
        #[serde(default)]
        returned_on: String,
        #[serde(default)]
        return_method: String,
    },
    PaymentRecorded {
        method: Option<FeeMethod>,
        direction: Option<PaymentDirection>,
        #[serde(default)]
        amount: u32,
        /// e.g. 「110円×9、10円×1」
        #[serde(default)]
        breakdown: String,
    },
    FeeWarningDecided {
        #[serde(default)]
        keep: bool,
    },
    ClockPaused {
        reason: Option<PauseReason>,
        #[serde(default)]
        from: String,
    },
    ClockResumed {
        #[serde(default)]
        to: String,
    },
    InvestigationNoted {},
    DecisionRecorded {
        kind: Option<RequestKind>,
        outcome: Option<Outcome>,
    },
    DecisionsReviewed {
        #[serde(default)]
        approved: bool,
        #[serde(default)]
        note: String,
    },
    LetterIssued {
        #[serde(default)]
        letter: i64,
        #[serde(default)]
        name: String,
        #[serde(default)]
        document_no: String,
    },
    LetterOutput {
        #[serde(default)]
        letter: i64,
        #[serde(default)]
        document_no: String,
        #[serde(default)]
        how: LetterOutputHow,
    },
    LetterMailed {
        #[serde(default)]
        letter: i64,
        #[serde(default)]
        document_no: String,
        #[serde(default)]
        sent_on: String,
        method: Option<MailMethod>,
        #[serde(default)]
        tracking_no: String,
    },
    ComplaintCreated {
        category: Option<ComplaintCategory>,
    },
    ComplaintStep {
        step: Option<ComplaintStep>,
        #[serde(default)]
        done_on: String,
    },
    LegalHoldSet {
        #[serde(default)]
        reason: String,
    },
    LegalHoldReleased {},
    DocumentsDisposed {
        #[serde(default)]
        files: u64,
        #[serde(default)]
        mails: u64,
    },
    /// A kind this version does not know (written by a newer one).
    #[serde(other)]
    Unknown,
}

/// Where a letter went when it left the app.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterOutputHow {
    #[default]
    Printed,
    Saved,
}

/// What became of an original (原本) the desk received by post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginalState {
    #[default]
    Received,
    Returned,
    Kept,
}

impl Event {
    /// The stored code of the event's kind (`created`, `status_changed` …).
    pub fn kind(&self) -> String {
        self.stored().0
    }

    /// (kind, detail) as `case_events` keeps them.
    fn stored(&self) -> (String, serde_json::Value) {
        let value = serde_json::to_value(self).expect("an event serialises");
        let kind = value
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or("unknown")
            .to_string();
        let detail = value
            .get("detail")
            .cloned()
            .unwrap_or_else(|| serde_json::json!({}));
        (kind, detail)
    }

    /// An event as stored; anything this version cannot read is `Unknown`.
    pub fn from_stored(kind: &str, detail: &str) -> Event {
        let detail: serde_json::Value =
            serde_json::from_str(detail).unwrap_or_else(|_| serde_json::json!({}));
        serde_json::from_value(serde_json::json!({ "kind": kind, "detail": detail }))
            .unwrap_or(Event::Unknown)
    }
}

/// One event of a case, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub event: Event,
}

/// Records `event` on the case, inside the caller's transaction.
pub(crate) fn add_event(
    tx: &Connection,
    case_id: i64,
    actor: Option<i64>,
    event: &Event,
    now: &str,
) -> Result<(), StoreError> {
    let (kind, detail) = event.stored();
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_id, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![case_id, now, actor, kind, detail.to_string()])?;
    Ok(())
}

/// A case's events, oldest first.
pub(crate) fn case_events(conn: &Connection, case_id: i64) -> Result<Vec<CaseEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor_id, kind, detail FROM case_events WHERE case_id = ?1 ORDER BY id",
    )?;
    let events = stmt
        .query_map([case_id], |r| {
            Ok(CaseEvent {
                id: r.get(0)?,
                at: r.get(1)?,
                actor_id: r.get(2)?,
                event: Event::from_stored(&r.get::<_, String>(3)?, &r.get::<_, String>(4)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored shape is the one earlier versions wrote: a snake_case kind
    /// and a camelCase detail object, so old stores read and new rows look
    /// like old ones.
    #[test]
    fn events_are_stored_as_before() {
        let e = Event::LetterMailed {
            letter: 3,
            document_no: "個窓発第1号".into(),
            sent_on: "2026-12-10".into(),
            method: Some(MailMethod::SimpleRegistered),
            tracking_no: "123".into(),
        };
        let (kind, detail) = e.stored();
        assert_eq!(kind, "letter_mailed");
        assert_eq!(
            detail,
            serde_json::json!({ "letter": 3, "documentNo": "個窓発第1号", "sentOn": "2026-12-10", "method": "simple_registered", "trackingNo": "123" })
        );
        assert_eq!(Event::from_stored(&kind, &detail.to_string()), e);
        assert_eq!(
            Event::InvestigationNoted {}.stored().1,
            serde_json::json!({})
        );
    }

    #[test]
    fn old_and_unknown_events_still_read() {
        // Written before `docType` and `masked` existed.
        assert_eq!(
            Event::from_stored(
                "attachment_added",
                r#"{"fileName":"a.jpg","origin":"scan","kind":"jpeg"}"#
            ),
            Event::AttachmentAdded {
                file_name: "a.jpg".into(),
                origin: "scan".into(),
                kind: Some(FileKind::Jpeg),
                doc_type: None,
                masked: false
            }
        );
        // The demo's edits carry an extra field.
        assert_eq!(
            Event::from_stored("edited", r#"{"fields":["memo"],"n":3}"#),
            Event::Edited {
                fields: vec!["memo".into()]
            }
        );
        assert_eq!(Event::from_stored("made_up_later", "{}"), Event::Unknown);
        assert_eq!(
            Event::from_stored("created", "not json"),
            Event::Created { channel: None }
        );
    }
}
