//! The `cases` table: a case's row, its search text, its 受付番号 (gapless
//! per year, in the desk's format) and the policy version it follows.

use crate::case::events::add_event;
use crate::case::events::Event;
use crate::case::model::{
    Agent, Case, CaseInput, CaseMail, CaseStatus, DisclosureMethod, Enclosure, Requester,
    RequesterType,
};
use crate::intake::channel::Channel;
use crate::kernel::text::search_key;
use crate::policy::law::RequestKind;
use crate::store::error::StoreError;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub(crate) const CASE_COLUMNS: &str = "id, receipt_no, status, status_reason, channel, received_on, requester_name, requester_kana,
    postal_code, address, phone, email, registered_email, registered_phone, requester_type, agent_name, agent_kana,
    agent_contact, agent_relationship, kinds, data_concerned, requested_correction, disclosure_method,
    specific_personal_info, enclosures, enclosures_note, memo, created_at, updated_at,
    (SELECT policy_id FROM policy_versions WHERE policy_versions.id = cases.policy_version_id), policy_version_id";

pub(crate) fn codes<T: Serialize>(v: &[T]) -> String {
    serde_json::to_string(v).expect("codes serialise")
}

pub(crate) fn decode_list<T: for<'de> Deserialize<'de>>(s: &str) -> Vec<T> {
    serde_json::from_str(s).unwrap_or_default()
}

pub(crate) fn kinds_json(kinds: &[RequestKind]) -> String {
    codes(&kinds.iter().map(|k| k.code()).collect::<Vec<_>>())
}

/// The kinds as bits (bit n = the n-th of `RequestKind::ALL`).
pub(crate) fn kind_mask(kinds: &[RequestKind]) -> i64 {
    kinds
        .iter()
        .filter_map(|k| RequestKind::ALL.iter().position(|a| a == k))
        .fold(0, |m, i| m | (1 << i))
}

pub(crate) fn kinds_from_json(s: &str) -> Vec<RequestKind> {
    decode_list::<String>(s)
        .iter()
        .filter_map(|c| RequestKind::from_code(c))
        .collect()
}

pub(crate) fn row_to_case(r: &rusqlite::Row<'_>) -> rusqlite::Result<Case> {
    let received: String = r.get(5)?;
    let enclosures: String = r.get(24)?;
    Ok(Case {
        id: r.get(0)?,
        receipt_no: r.get(1)?,
        status: CaseStatus::from_code(&r.get::<_, String>(2)?).unwrap_or(CaseStatus::Received),
        status_reason: r.get(3)?,
        received_on: NaiveDate::parse_from_str(&received, "%Y-%m-%d").unwrap_or_default(),
        input: CaseInput {
            channel: Channel::from_code(&r.get::<_, String>(4)?).unwrap_or(Channel::Post),
            received_on: received,
            requester: Requester {
                name: r.get(6)?,
                kana: r.get(7)?,
                postal_code: r.get(8)?,
                address: r.get(9)?,
                phone: r.get(10)?,
                email: r.get(11)?,
                registered_email: r.get(12)?,
                registered_phone: r.get(13)?,
            },
            requester_type: RequesterType::from_code(&r.get::<_, String>(14)?)
                .unwrap_or(RequesterType::Person),
            agent: Agent {
                name: r.get(15)?,
                kana: r.get(16)?,
                contact: r.get(17)?,
                relationship: r.get(18)?,
            },
            kinds: kinds_from_json(&r.get::<_, String>(19)?),
            data_concerned: r.get(20)?,
            requested_correction: r.get(21)?,
            disclosure_method: DisclosureMethod::from_code(&r.get::<_, String>(22)?)
                .unwrap_or(DisclosureMethod::Unspecified),
            specific_personal_info: r.get(23)?,
            enclosures: decode_list::<String>(&enclosures)
                .iter()
                .filter_map(|c| Enclosure::from_code(c))
                .collect(),
            enclosures_note: r.get(25)?,
            memo: r.get(26)?,
            policy_id: r.get(29)?,
        },
        created_at: r.get(27)?,
        updated_at: r.get(28)?,
        policy_version_id: r.get(30)?,
    })
}

/// The text a case is found by, already normalised.
pub(crate) fn search_text(receipt_no: &str, input: &CaseInput, mail: Option<&CaseMail>) -> String {
    let r = &input.requester;
    let mut parts = vec![
        receipt_no,
        &r.name,
        &r.kana,
        &r.email,
        &r.registered_email,
        &r.phone,
        &r.registered_phone,
        &input.agent.name,
        &input.agent.kana,
    ];
    if let Some(m) = mail {
        parts.extend([&*m.from_name, &m.from_address, &m.subject, &m.body_text]);
    }
    keys(&parts)
}

/// The search keys of the non-empty parts, one text.
fn keys(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| search_key(p))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// Rebuilds every case's search index and name key when they were built by
/// another version of `search_key` (a new 異体字 table, say), in one
/// transaction; the stored fields are not touched. Returns the cases
/// re-indexed (0 when the store was current).
pub(crate) fn refresh_search_keys(conn: &mut Connection) -> Result<usize, StoreError> {
    use crate::kernel::text::SEARCH_KEY_VERSION;
    let built: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'search_keys'", [], |r| r.get(0))
        .optional()?;
    if built.as_deref() == Some(SEARCH_KEY_VERSION) {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    let mut n = 0;
    {
        let mut read = tx.prepare(
            "SELECT c.id, c.receipt_no, c.requester_name, c.requester_kana, c.email, c.registered_email, c.phone,
                    c.registered_phone, c.agent_name, c.agent_kana,
                    coalesce(m.from_name, ''), coalesce(m.from_address, ''), coalesce(m.subject, ''), coalesce(m.body_text, '')
             FROM cases c LEFT JOIN case_mails m ON m.case_id = c.id",
        )?;
        let mut search = tx.prepare("UPDATE case_search SET text = ?2 WHERE rowid = ?1")?;
        let mut names = tx.prepare("UPDATE case_names SET key = ?2 WHERE case_id = ?1")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let f: Vec<String> = (1..14).map(|i| r.get(i)).collect::<Result<_, _>>()?;
            let all: Vec<&str> = f.iter().map(String::as_str).collect();
            search.execute(params![id, keys(&all)])?;
            // 氏名, フリガナ, 代理人の氏名とフリガナ: as `name_key`.
            names.execute(params![id, keys(&[all[1], all[2], all[7], all[8]])])?;
            n += 1;
        }
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('search_keys', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SEARCH_KEY_VERSION],
    )?;
    tx.commit()?;
    Ok(n)
}

/// Inserts a validated case with its kinds and its "created" event; returns
/// its id and 受付番号. The caller owns the transaction and the audit entry.
pub(crate) fn insert_case(
    tx: &Connection,
    input: &CaseInput,
    received: NaiveDate,
    mail: Option<&CaseMail>,
    actor: Option<i64>,
    now: &str,
) -> Result<(i64, String), StoreError> {
    let year = chrono::Datelike::year(&received);
    let (seq, receipt_no) = next_receipt_no(tx, received)?;
    let r = &input.requester;
    tx.prepare_cached(
        // The id is past every disposed case's too (migration 0013).
        "INSERT INTO cases (id, receipt_no, receipt_year, receipt_seq, channel, received_on, requester_name, requester_kana,
            postal_code, address, phone, email, registered_email, registered_phone, requester_type, agent_name, agent_kana,
            agent_contact, agent_relationship, kinds, data_concerned, requested_correction, disclosure_method,
            specific_personal_info, enclosures, enclosures_note, memo, kind_mask, created_at, updated_at, created_by, policy_version_id)
         VALUES (1 + max(coalesce((SELECT max(id) FROM cases), 0), coalesce((SELECT max(case_id) FROM disposal_records), 0)),
            ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?28, ?29, ?30)",
    )?
    .execute(params![
        receipt_no, year, seq, input.channel.code(), input.received_on, r.name, r.kana,
        r.postal_code, r.address, r.phone, r.email, r.registered_email, r.registered_phone,
        input.requester_type.code(), input.agent.name, input.agent.kana, input.agent.contact, input.agent.relationship,
        kinds_json(&input.kinds), input.data_concerned, input.requested_correction, input.disclosure_method.code(),
        input.specific_personal_info, codes(&input.enclosures.iter().map(|e| e.code()).collect::<Vec<_>>()),
        input.enclosures_note, input.memo, kind_mask(&input.kinds), now, actor,
        policy_version_for(tx, input.policy_id, None)?
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO case_search (rowid, text) VALUES (?1, ?2)")?
        .execute(params![id, search_text(&receipt_no, input, mail)])?;
    tx.prepare_cached("INSERT INTO case_names (case_id, key) VALUES (?1, ?2)")?
        .execute(params![id, name_key(input)])?;
    add_event(
        tx,
        id,
        actor,
        &Event::Created {
            channel: Some(input.channel),
        },
        now,
    )?;
    // The due date, and a fee sent with the request waited for from 受付日.
    crate::case::due::sync_fee_pause(tx, id, actor, now)?;
    Ok((id, receipt_no))
}

/// The requester's and agent's names and フリガナ, normalised, for short searches.
pub(crate) fn name_key(input: &CaseInput) -> String {
    keys(&[&input.requester.name, &input.requester.kana, &input.agent.name, &input.agent.kana])
}

/// The policy version a case follows: `current` while the profile is
/// unchanged (a case keeps the version it was received under), else the
/// latest version of the chosen profile, else of the default profile.
pub(crate) fn policy_version_for(
    tx: &Connection,
    policy_id: Option<i64>,
    current: Option<(Option<i64>, Option<i64>)>,
) -> Result<Option<i64>, StoreError> {
    if let Some((current_policy, current_version)) = current {
        if current_policy == policy_id {
            return Ok(current_version);
        }
    }
    let policy_id = match policy_id {
        Some(id) => Some(id),
        None if current.is_none() => crate::policy::default_policy_id(tx)?,
        None => None,
    };
    match policy_id {
        None => Ok(None),
        Some(id) => crate::policy::latest_version_id(tx, id)?
            .map(Some)
            .ok_or_else(|| {
                StoreError::invalid(
                    "policyId",
                    "選んだポリシーが見つかりません。選び直してください。",
                )
            }),
    }
}

pub(crate) fn next_receipt_no(
    tx: &Connection,
    received: NaiveDate,
) -> Result<(i64, String), StoreError> {
    let year = chrono::Datelike::year(&received);
    tx.execute(
        "INSERT INTO receipt_counters (year, last_seq) VALUES (?1, 1)
         ON CONFLICT(year) DO UPDATE SET last_seq = last_seq + 1",
        [year],
    )?;
    let seq: i64 = tx.query_row(
        "SELECT last_seq FROM receipt_counters WHERE year = ?1",
        [year],
        |r| r.get(0),
    )?;
    let receipt_no = crate::desk::settings::receipt_format(tx)?.render(received, seq);
    // A format changed in mid-year could repeat an earlier number: refuse
    // rather than let the UNIQUE constraint fail with an opaque error.
    let taken: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM cases WHERE receipt_no = ?1)")?
        .query_row([&receipt_no], |r| r.get(0))?;
    if taken {
        return Err(StoreError::invalid(
            "receiptFormat",
            format!("受付番号「{receipt_no}」は既に使われています。設定の受付番号の形式を見直してください。"),
        ));
    }
    Ok((seq, receipt_no))
}
