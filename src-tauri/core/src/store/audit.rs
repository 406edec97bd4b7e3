//! 監査ログ: an append-only, hash-chained record of who did what, when, to
//! which record. Entries never contain personal data: actors are user ids,
//! targets are a kind and an id, details are codes and counts.
//!
//! Each entry's hash covers its fields and the previous entry's hash; the
//! newest (seq, hash) is also kept in `meta`, so deleting the last entries is
//! detected as well as changing or deleting one in the middle. Triggers refuse
//! UPDATE and DELETE on the table.

use crate::store::error::StoreError;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const HEAD_KEY: &str = "audit_head";

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    User(i64),
    /// Opened with the recovery key (admin CLI, restore, re-binding to a PC).
    Recovery,
    /// The app itself, e.g. recording failed sign-ins nobody was signed in for.
    System,
}

impl Actor {
    fn kind(&self) -> &'static str {
        match self {
            Actor::User(_) => "user",
            Actor::Recovery => "recovery",
            Actor::System => "system",
        }
    }
    fn id(&self) -> Option<i64> {
        match self {
            Actor::User(id) => Some(*id),
            _ => None,
        }
    }
}

/// What happened. The string codes are stable: they are hashed into the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    StoreCreated,
    SignIn,
    SignInFailed,
    SignInRecovery,
    Lock,
    IdleLock,
    Unlock,
    DeviceRebound,
    UserCreated,
    UserDisabled,
    UserEnabled,
    PasswordReset,
    PasswordChanged,
    OrganisationChanged,
    SettingsChanged,
    BackupCreated,
    StoreRestored,
    AuditExported,
    CaseCreated,
    CaseEdited,
    CaseStatusChanged,
    CaseViewed,
    AttachmentAdded,
    AttachmentViewed,
    /// A document type, dates or a mask set on a kept attachment.
    AttachmentChanged,
    /// A scan that needed masking was refused and discarded instead.
    ScanRefused,
    PolicySaved,
    /// A policy saved although it breaks APPI 38条 (fees); the 管理者's choice.
    PolicySavedWithWarnings,
    PolicyImported,
    PolicyExported,
    PolicyDefaultChanged,
    VerificationMarked,
    OriginalLogged,
    PaymentRecorded,
    /// The 管理者 kept (or waived) a fee APPI 38条 does not allow, on one case.
    FeeWarningDecided,
    InvestigationNoted,
    DecisionRecorded,
    /// A 管理者 approved decisions or sent them back.
    DecisionsReviewed,
    ClockPaused,
    ClockResumed,
    /// A 管理者 saved a letter template (a new version).
    LetterTemplateSaved,
    /// A letter was issued (文書番号 taken) from a template and a case.
    LetterIssued,
    /// A letter was sent to a printer.
    LetterPrinted,
    /// A letter left the app as a PDF file (save as, admin CLI).
    LetterExported,
    /// A disclosure package (letter and annex as PDF and CSV) left the app.
    DisclosurePackageExported,
    /// 発送: how a letter was mailed.
    LetterMailed,
    /// 保全 set on a case (it will not be disposed of).
    LegalHoldSet,
    LegalHoldReleased,
    /// A 管理者 approved a disposal.
    DisposalApproved,
    DisposalApprovalWithdrawn,
    /// A case (or its request documents) destroyed; a 廃棄記録 remains.
    CaseDisposed,
    /// A paper item of a disposal shredded (シュレッダー済).
    PaperShredded,
    /// A 苦情・相談 logged.
    ComplaintCreated,
    /// One of its four steps recorded.
    ComplaintStepRecorded,
    /// The report left the app as XLSX or CSV (with or without personal data).
    ReportExported,
    /// Test-only writes (the crash test's write loop).
    TestWrite,
}

impl Action {
    pub fn code(&self) -> &'static str {
        match self {
            Action::StoreCreated => "store.created",
            Action::SignIn => "signin",
            Action::SignInFailed => "signin.failed",
            Action::SignInRecovery => "signin.recovery",
            Action::Lock => "lock",
            Action::IdleLock => "lock.idle",
            Action::Unlock => "unlock",
            Action::DeviceRebound => "device.rebound",
            Action::UserCreated => "user.created",
            Action::UserDisabled => "user.disabled",
            Action::UserEnabled => "user.enabled",
            Action::PasswordReset => "user.password_reset",
            Action::PasswordChanged => "user.password_changed",
            Action::OrganisationChanged => "organisation.changed",
            Action::SettingsChanged => "settings.changed",
            Action::BackupCreated => "backup.created",
            Action::StoreRestored => "store.restored",
            Action::AuditExported => "audit.exported",
            Action::CaseCreated => "case.created",
            Action::CaseEdited => "case.edited",
            Action::CaseStatusChanged => "case.status_changed",
            Action::CaseViewed => "case.viewed",
            Action::AttachmentAdded => "attachment.added",
            Action::AttachmentViewed => "attachment.viewed",
            Action::AttachmentChanged => "attachment.changed",
            Action::ScanRefused => "scan.refused",
            Action::PolicySaved => "policy.saved",
            Action::PolicySavedWithWarnings => "policy.saved_with_warnings",
            Action::PolicyImported => "policy.imported",
            Action::PolicyExported => "policy.exported",
            Action::PolicyDefaultChanged => "policy.default_changed",
            Action::VerificationMarked => "verification.marked",
            Action::OriginalLogged => "original.logged",
            Action::PaymentRecorded => "payment.recorded",
            Action::FeeWarningDecided => "fee.warning_decided",
            Action::InvestigationNoted => "investigation.noted",
            Action::DecisionRecorded => "decision.recorded",
            Action::DecisionsReviewed => "decisions.reviewed",
            Action::ClockPaused => "clock.paused",
            Action::ClockResumed => "clock.resumed",
            Action::LetterTemplateSaved => "letter_template.saved",
            Action::LetterIssued => "letter.issued",
            Action::LetterPrinted => "letter.printed",
            Action::LetterExported => "letter.exported",
            Action::DisclosurePackageExported => "letter.disclosure_package_exported",
            Action::LetterMailed => "letter.mailed",
            Action::LegalHoldSet => "legal_hold.set",
            Action::LegalHoldReleased => "legal_hold.released",
            Action::DisposalApproved => "disposal.approved",
            Action::DisposalApprovalWithdrawn => "disposal.approval_withdrawn",
            Action::CaseDisposed => "case.disposed",
            Action::PaperShredded => "disposal.paper_shredded",
            Action::ComplaintCreated => "complaint.created",
            Action::ComplaintStepRecorded => "complaint.step_recorded",
            Action::ReportExported => "report.exported",
            Action::TestWrite => "test.write",
        }
    }

    /// The label an officer or auditor reads.
    pub fn label_ja(code: &str) -> &'static str {
        LABELS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("その他", |(_, l)| l)
    }
}

/// Every action code with its label, in the order the audit viewer offers them.
pub const LABELS: &[(&str, &str)] = &[
    ("store.created", "データ作成"),
    ("signin", "サインイン"),
    ("signin.failed", "サインイン失敗"),
    ("signin.recovery", "回復キーで開く"),
    ("lock", "ロック"),
    ("lock.idle", "自動ロック"),
    ("unlock", "ロック解除"),
    ("device.rebound", "このPCへの再登録"),
    ("user.created", "利用者追加"),
    ("user.disabled", "利用者無効化"),
    ("user.enabled", "利用者再有効化"),
    ("user.password_reset", "パスワード再設定"),
    ("user.password_changed", "パスワード変更"),
    ("organisation.changed", "組織情報変更"),
    ("settings.changed", "設定変更"),
    ("backup.created", "バックアップ作成"),
    ("store.restored", "バックアップから復元"),
    ("audit.exported", "監査ログ出力"),
    ("case.created", "案件登録"),
    ("case.edited", "案件修正"),
    ("case.status_changed", "案件の状態変更"),
    ("case.viewed", "案件閲覧"),
    ("attachment.changed", "添付ファイルの書類情報変更"),
    ("scan.refused", "マスクが必要な書類の受取拒否・破棄"),
    ("policy.saved", "ポリシー保存"),
    (
        "policy.saved_with_warnings",
        "ポリシー保存（法38条の警告を承知のうえ）",
    ),
    ("policy.imported", "ポリシー取込"),
    ("policy.exported", "ポリシー書出し"),
    ("policy.default_changed", "既定のポリシー変更"),
    ("verification.marked", "本人確認の記録"),
    ("original.logged", "原本の受領・返却の記録"),
    ("payment.recorded", "手数料の入金・返金の記録"),
    ("fee.warning_decided", "法38条の警告に対する管理者の判断"),
    ("investigation.noted", "調査の記録"),
    ("decision.recorded", "決定の記録"),
    ("decisions.reviewed", "決定の承認・差戻し"),
    ("clock.paused", "期限の停止"),
    ("clock.resumed", "期限の再開"),
    ("attachment.added", "添付ファイル追加"),
    ("attachment.viewed", "添付ファイル閲覧"),
    ("letter_template.saved", "文書ひな形の保存"),
    ("letter.issued", "文書の発行"),
    ("letter.printed", "文書の印刷"),
    ("letter.exported", "文書のPDF書出し"),
    ("letter.disclosure_package_exported", "開示データの書出し"),
    ("letter.mailed", "発送の記録"),
    ("legal_hold.set", "保全の設定"),
    ("legal_hold.released", "保全の解除"),
    ("disposal.approved", "廃棄の承認"),
    ("disposal.approval_withdrawn", "廃棄承認の取消し"),
    ("case.disposed", "廃棄の実施"),
    ("disposal.paper_shredded", "紙書類のシュレッダー処理"),
    ("complaint.created", "苦情・相談の登録"),
    ("complaint.step_recorded", "苦情・相談の対応記録"),
    ("report.exported", "報告の書出し"),
    ("test.write", "試験書き込み"),
];

/// A record an entry is about.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub kind: Option<&'static str>,
    pub id: Option<String>,
}

impl Target {
    pub fn none() -> Self {
        Self::default()
    }
    pub fn of(kind: &'static str, id: impl ToString) -> Self {
        Self {
            kind: Some(kind),
            id: Some(id.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

fn entry_hash(e: &Entry) -> String {
    // JSON of a fixed tuple: unambiguous field boundaries, stable across versions.
    let canonical = serde_json::to_vec(&(
        e.seq,
        &e.at,
        &e.actor_kind,
        e.actor_id,
        &e.action,
        &e.target_kind,
        &e.target_id,
        &e.detail,
        &e.prev_hash,
    ))
    .expect("tuple serialises");
    hex::encode(Sha256::digest(canonical))
}

fn head(conn: &Connection) -> Result<(i64, String), StoreError> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [HEAD_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(match v.as_deref().and_then(|v| v.split_once(':')) {
        Some((seq, hash)) => (seq.parse().unwrap_or(-1), hash.to_string()),
        None => (0, GENESIS.to_string()),
    })
}

/// Appends one entry. Call it inside the transaction of the write it records,
/// so the write and its audit entry commit or vanish together.
pub fn append(
    conn: &Connection,
    actor: Actor,
    action: Action,
    target: Target,
    detail: &str,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let (last_seq, prev_hash) = head(conn)?;
    let mut e = Entry {
        seq: last_seq + 1,
        at: at.to_rfc3339_opts(SecondsFormat::Millis, true),
        actor_kind: actor.kind().to_string(),
        actor_id: actor.id(),
        action: action.code().to_string(),
        target_kind: target.kind.map(str::to_string),
        target_id: target.id,
        detail: detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    e.hash = entry_hash(&e);
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor_kind, actor_id, action, target_kind, target_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![e.seq, e.at, e.actor_kind, e.actor_id, e.action, e.target_kind, e.target_id, e.detail, e.prev_hash, e.hash],
    )?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![HEAD_KEY, format!("{}:{}", e.seq, e.hash)],
    )?;
    Ok(e.seq)
}

fn row_to_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor_kind: r.get(2)?,
        actor_id: r.get(3)?,
        action: r.get(4)?,
        target_kind: r.get(5)?,
        target_id: r.get(6)?,
        detail: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
    })
}

const SELECT: &str = "SELECT seq, at, actor_kind, actor_id, action, target_kind, target_id, detail, prev_hash, hash FROM audit_log";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStatus {
    pub entries: i64,
    pub head_hash: String,
}

/// Walks the whole chain. `Err(AuditBroken { seq })` names the first entry
/// that does not fit (a changed field, a gap, a missing tail).
pub fn verify(conn: &Connection) -> Result<ChainStatus, StoreError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_string();
    while let Some(row) = rows.next()? {
        let e = row_to_entry(row)?;
        if e.seq != expected_seq || e.prev_hash != prev || entry_hash(&e) != e.hash {
            return Err(StoreError::AuditBroken { seq: expected_seq });
        }
        prev = e.hash;
        expected_seq += 1;
    }
    let count = expected_seq - 1;
    let (head_seq, head_hash) = head(conn)?;
    if head_seq != count || head_hash != prev {
        return Err(StoreError::AuditBroken { seq: count + 1 });
    }
    Ok(ChainStatus {
        entries: count,
        head_hash: prev,
    })
}

/// Entries newest first, for viewers and exports.
pub fn entries(conn: &Connection, limit: i64) -> Result<Vec<Entry>, StoreError> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY seq DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit], row_to_entry)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What the audit viewer asks for. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditFilter {
    /// 実行者 (a user id).
    pub actor_id: Option<i64>,
    /// 期間 `YYYY-MM-DD`, local days, both ends included.
    pub from: String,
    pub to: String,
    /// 受付番号 of a case (also one disposed of since).
    pub receipt_no: String,
    /// An action code, or a group (`case`, `letter`, `disposal` …).
    pub action: String,
    pub offset: i64,
    pub limit: i64,
}

/// One line of the audit viewer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditRow {
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_label: String,
    /// 「案件 2026-0001」, 「利用者 3」 …
    pub target: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditPage {
    pub total: i64,
    pub rows: Vec<AuditRow>,
}

/// The WHERE clause and its parameters for a filter.
fn filter_sql(
    conn: &Connection,
    f: &AuditFilter,
) -> Result<(String, Vec<rusqlite::types::Value>), StoreError> {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(id) = f.actor_id {
        clauses.push("a.actor_id = ?".to_string());
        args.push(Value::Integer(id));
    }
    let mut errors = Vec::new();
    let mut day = |field: &str, label: &str, v: &str| {
        crate::kernel::text::iso_day(&crate::kernel::text::day_field(
            field,
            label,
            v,
            false,
            &mut errors,
        ))
    };
    let (from, to) = (day("from", "開始日", &f.from), day("to", "終了日", &f.to));
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(StoreError::invalid(
                "to",
                "終了日は開始日以降にしてください。",
            ));
        }
    }
    if let Some(d) = from {
        clauses.push("a.at >= ?".into());
        args.push(Value::Text(crate::kernel::clock::day_start_text(d)));
    }
    if let Some(d) = to.and_then(|d| d.succ_opt()) {
        clauses.push("a.at < ?".into());
        args.push(Value::Text(crate::kernel::clock::day_start_text(d)));
    }
    let receipt = crate::kernel::text::clean(&f.receipt_no);
    if !receipt.is_empty() {
        let id: Option<i64> = conn
            .query_row(
                "SELECT id FROM cases WHERE receipt_no = ?1 UNION ALL SELECT case_id FROM disposal_records WHERE receipt_no = ?1 LIMIT 1",
                [&receipt],
                |r| r.get(0),
            )
            .optional()?;
        let id =
            id.ok_or_else(|| StoreError::invalid("receiptNo", "その受付番号の案件はありません。"))?;
        clauses.push("a.target_kind = 'case' AND a.target_id = ?".into());
        args.push(Value::Text(id.to_string()));
    }
    let action = f.action.trim();
    if !action.is_empty() {
        clauses.push("(a.action = ? OR a.action LIKE ? || '.%')".into());
        args.push(Value::Text(action.to_string()));
        args.push(Value::Text(action.to_string()));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, args))
}

/// Who, in words: the user's display name, or how the store was opened.
fn actor_label(kind: &str, name: Option<String>, id: Option<i64>) -> String {
    match (kind, name, id) {
        ("recovery", _, _) => "回復キー".into(),
        ("system", _, _) => "システム".into(),
        (_, Some(n), _) => n,
        (_, None, Some(id)) => format!("利用者{id}"),
        _ => "不明".into(),
    }
}

fn target_label(kind: Option<&str>, id: Option<&str>, receipt: Option<String>) -> String {
    let id = id.unwrap_or_default();
    match (kind, receipt) {
        (Some("case"), Some(r)) => format!("案件 {r}"),
        (Some("case"), None) => format!("案件（内部番号{id}）"),
        (Some("user"), _) => format!("利用者 {id}"),
        (Some("policy"), _) => format!("ポリシー {id}"),
        (Some("letter"), _) => format!("文書 {id}"),
        (Some("disposal"), _) => format!("廃棄記録 {id}"),
        (Some(k), _) => format!("{k} {id}"),
        (None, _) => String::new(),
    }
}

const VIEW: &str = "SELECT a.seq, a.at, a.actor_kind, a.actor_id, u.display_name, a.action, a.target_kind, a.target_id, a.detail,
        coalesce(c.receipt_no, (SELECT r.receipt_no FROM disposal_records r WHERE a.target_kind = 'case' AND r.case_id = CAST(a.target_id AS INTEGER) LIMIT 1)),
        u.username, a.prev_hash, a.hash
    FROM audit_log a
    LEFT JOIN users u ON u.id = a.actor_id
    LEFT JOIN cases c ON a.target_kind = 'case' AND c.id = CAST(a.target_id AS INTEGER)";

/// The entries a filter selects, newest first, a page at a time.
pub fn search(conn: &Connection, f: &AuditFilter) -> Result<AuditPage, StoreError> {
    let (clause, args) = filter_sql(conn, f)?;
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM audit_log a {clause}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let limit = if f.limit <= 0 { 100 } else { f.limit.min(1000) };
    let mut args = args;
    args.push(rusqlite::types::Value::Integer(limit));
    args.push(rusqlite::types::Value::Integer(f.offset.max(0)));
    let mut stmt = conn.prepare(&format!(
        "{VIEW} {clause} ORDER BY a.seq DESC LIMIT ? OFFSET ?"
    ))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            let action: String = r.get(5)?;
            let kind: Option<String> = r.get(6)?;
            let id: Option<String> = r.get(7)?;
            Ok(AuditRow {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: actor_label(&r.get::<_, String>(2)?, r.get(4)?, r.get(3)?),
                action_label: Action::label_ja(&action).to_string(),
                action,
                target: target_label(kind.as_deref(), id.as_deref(), r.get(9)?),
                detail: r.get(8)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(AuditPage { total, rows })
}

/// Writes the entries a filter selects as CSV (UTF-8 with BOM so Excel reads
/// the Japanese), oldest first, with the hashes an auditor re-checks.
pub fn export_csv(
    conn: &Connection,
    f: &AuditFilter,
    out: &mut dyn std::io::Write,
) -> Result<i64, StoreError> {
    let (clause, args) = filter_sql(conn, f)?;
    let mut stmt = conn.prepare(&format!("{VIEW} {clause} ORDER BY a.seq"))?;
    out.write_all("\u{feff}連番,日時(日本時間),記録時刻(UTC・ハッシュ計算用),実行者種別,利用者ID,ユーザー名,操作コード,操作,対象種別,対象ID,受付番号,詳細,前ハッシュ,ハッシュ\r\n".as_bytes())?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let action: String = r.get(5)?;
        let fields: Vec<String> = vec![
            r.get::<_, i64>(0)?.to_string(),
            crate::kernel::clock::japan_stamp(&r.get::<_, String>(1)?),
            r.get(1)?,
            r.get(2)?,
            r.get::<_, Option<i64>>(3)?
                .map(|v| v.to_string())
                .unwrap_or_default(),
            r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            action.clone(),
            Action::label_ja(&action).to_string(),
            r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            r.get::<_, Option<String>>(7)?.unwrap_or_default(),
            r.get::<_, Option<String>>(9)?.unwrap_or_default(),
            r.get(8)?,
            r.get(11)?,
            r.get(12)?,
        ];
        out.write_all(crate::kernel::text::csv_line(&fields).as_bytes())?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(include_str!("migrations/0001_foundation.sql"))
            .unwrap();
        c
    }

    #[test]
    fn chain_verifies_and_detects_changes_gaps_and_truncation() {
        let c = db();
        for i in 0..5 {
            append(
                &c,
                Actor::User(1),
                Action::SettingsChanged,
                Target::of("setting", i),
                "",
                Utc::now(),
            )
            .unwrap();
        }
        assert_eq!(verify(&c).unwrap().entries, 5);

        // The table refuses changes outright...
        assert!(c
            .execute("UPDATE audit_log SET detail = 'x' WHERE seq = 3", [])
            .is_err());
        assert!(c
            .execute("DELETE FROM audit_log WHERE seq = 5", [])
            .is_err());

        // ...and if someone drops the triggers, verify still notices.
        c.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            .unwrap();
        c.execute("UPDATE audit_log SET detail = 'x' WHERE seq = 3", [])
            .unwrap();
        assert!(matches!(
            verify(&c),
            Err(StoreError::AuditBroken { seq: 3 })
        ));
    }

    #[test]
    fn deleting_the_newest_entry_is_detected() {
        let c = db();
        for _ in 0..3 {
            append(
                &c,
                Actor::System,
                Action::TestWrite,
                Target::none(),
                "",
                Utc::now(),
            )
            .unwrap();
        }
        c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;")
            .unwrap();
        assert!(matches!(
            verify(&c),
            Err(StoreError::AuditBroken { seq: 3 })
        ));
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        use crate::kernel::text::csv_cell;
        assert_eq!(csv_cell("=HYPERLINK()"), "\"'=HYPERLINK()\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("x\"y"), "\"x\"\"y\"");
        // Excel skips a leading tab or CR and reads the formula behind it.
        assert_eq!(csv_cell("\t=1+1"), "\"'\t=1+1\"");
        assert_eq!(csv_cell("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(csv_cell("a\t=1"), "\"a\t=1\"");
    }
}
