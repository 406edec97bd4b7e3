//! ポリシー (policy profiles): one company's or one service's promised
//! procedure — channels, 本人確認, 代理人, 手数料, 回答期限, 保存期間. A
//! store holds several; each save is a new version, and a case keeps the
//! version it was received under.
//!
//! A profile is plain data (`PolicyBody`), validated here, linted against
//! APPI 38条 (fees only for 利用目的の通知 and 開示), and exported/imported
//! as a JSON file that is treated as hostile until it validates.

pub mod deadline;
pub mod fee;
pub mod law;

use crate::intake::channel::Channel;
use crate::intake::documents::DocType;
use crate::kernel::error::FieldError;
use crate::kernel::text::yen;
use crate::policy::law::fee_allowed;
use crate::policy::law::RequestKind;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

coded_enum!(
    /// 本人確認の方法: any one of a profile's methods verifies the requester.
    IdentityMethod {
        RegisteredEmail = "registered_email", "登録メールアドレスとの一致";
        RegisteredPhone = "registered_phone", "登録電話番号との一致";
        HeldData = "held_data", "保有データとの照合";
        IdDocument = "id_document", "本人確認書類";
    }
);

coded_enum!(
    /// When a copy of an ID document is required.
    ScanRequired {
        Always = "always", "常に必要";
        UnlessMatched = "unless_matched", "登録情報と一致しない場合に必要";
        Never = "never", "不要";
    }
);

coded_enum!(
    /// Whether all of an agent's documents are needed, or any one.
    DocumentsNeeded {
        All = "all", "すべて必要";
        Any = "any", "いずれか1つ";
    }
);

coded_enum!(
    /// How a fee adds up. A request that names several kinds is one
    /// application: per-request fees are charged once (the highest applies).
    /// Per document and per page count what is disclosed: the count is
    /// recorded with the decision (`policy::fee`).
    FeeUnit {
        PerRequest = "per_request", "1回の請求ごと";
        PerKind = "per_kind", "請求の種類ごと";
        PerDocument = "per_document", "開示する書類1件ごと";
        PerPage = "per_page", "開示する書面1枚ごと";
    }
);

coded_enum!(
    /// When the fee is asked for, and so when the desk starts waiting for it
    /// (`policy::fee::ExpectedFee::asked_on`).
    FeeTiming {
        WithRequest = "with_request", "請求時に同封";
        AfterAcceptance = "after_acceptance", "受付後に案内";
        AfterDecision = "after_decision", "決定後に案内";
    }
);

coded_enum!(
    FeeMethod {
        Stamps = "stamps", "郵便切手";
        MoneyOrder = "money_order", "定額小為替";
        BankTransfer = "bank_transfer", "銀行振込";
        CashRegistered = "cash_registered", "現金書留";
    }
);

coded_enum!(
    DayKind {
        Calendar = "calendar", "暦日";
        Business = "business", "営業日";
    }
);

coded_enum!(
    /// From when the reply period counts.
    DeadlineStart {
        Receipt = "receipt", "受付日の翌日から";
        Complete = "complete", "書類がそろった日の翌日から";
    }
);

coded_enum!(
    RetainedRecord {
        RequestDocuments = "request_documents", "請求書類・本人確認書類";
        CaseRecord = "case_record", "案件の記録";
    }
);

coded_enum!(
    RetentionStart {
        Receipt = "receipt", "受付日から";
        ReplyCompleted = "reply_completed", "回答完了から";
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IdentityRules {
    /// Any one of these verifies the requester.
    pub methods: Vec<IdentityMethod>,
    /// Accepted ID documents: one with a photo, or `nonPhotoCount` without.
    pub id_documents: Vec<DocType>,
    pub non_photo_count: u8,
    pub scan_required: ScanRequired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentDocRule {
    pub doc: DocType,
    /// 原本が必要 (e.g. by post).
    pub original_required: bool,
    /// 発行後Nか月以内 (of the day it was received), if any.
    pub issued_within_months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentRules {
    pub accepted: bool,
    pub documents: Vec<AgentDocRule>,
    pub documents_needed: DocumentsNeeded,
    /// 代理人本人の本人確認書類.
    pub agent_id_required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeRule {
    pub kind: RequestKind,
    pub amount_yen: u32,
    pub per: FeeUnit,
    pub when: FeeTiming,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeMethodRule {
    pub method: FeeMethod,
    /// Printed in the fee letter, e.g. the bank account for 銀行振込.
    pub instructions: String,
}

/// 休業期間, e.g. 12-29 to 01-03 (wrapping the year end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Closure {
    /// `MM-DD`
    pub from: String,
    /// `MM-DD`
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeadlineRule {
    pub days: u32,
    pub day_kind: DayKind,
    pub from: DeadlineStart,
    pub closures: Vec<Closure>,
    /// The clock stops while the desk waits for the requester (ID, fee).
    pub pause_while_waiting: bool,
    /// The policy's own words, e.g. 「合理的な期間内」「遅滞なく」.
    pub wording: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionRule {
    pub record: RetainedRecord,
    pub years: u32,
    pub months: u32,
    pub after: RetentionStart,
}

/// One version of a profile: everything the desk promised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyBody {
    pub name: String,
    pub description: String,
    pub channels: Vec<Channel>,
    /// The desk first sends its own 申請書 for the requester to return.
    pub sends_own_form: bool,
    pub form_name: String,
    pub identity: IdentityRules,
    pub legal_agent: AgentRules,
    pub appointed_agent: AgentRules,
    pub fees: Vec<FeeRule>,
    pub fee_methods: Vec<FeeMethodRule>,
    pub deadline: DeadlineRule,
    /// Empty: the product default applies ([`default_retention`]).
    pub retention: Vec<RetentionRule>,
    /// 特定個人情報 needs the 特定個人情報保護管理者's approval.
    pub specific_info_approval: bool,
    /// 不開示の理由 the policy names.
    pub refusal_grounds: Vec<String>,
}

/// What applies when a policy states no retention: request documents and
/// the case record kept 1 year after the reply is complete (what the seed
/// policies that state a period promise), shown as 既定 in the app.
pub fn default_retention() -> Vec<RetentionRule> {
    [RetainedRecord::RequestDocuments, RetainedRecord::CaseRecord]
        .into_iter()
        .map(|record| RetentionRule {
            record,
            years: 1,
            months: 0,
            after: RetentionStart::ReplyCompleted,
        })
        .collect()
}

impl PolicyBody {
    /// A starting point for a new profile: post and email, ID document
    /// unless the registered email matches, agents with 委任状, no fee, 30
    /// calendar days, the default retention.
    pub fn template() -> Self {
        let agent = |docs: &[DocType]| AgentRules {
            accepted: true,
            documents: docs
                .iter()
                .map(|&doc| AgentDocRule {
                    doc,
                    original_required: false,
                    issued_within_months: None,
                })
                .collect(),
            documents_needed: DocumentsNeeded::All,
            agent_id_required: true,
        };
        PolicyBody {
            name: String::new(),
            description: String::new(),
            channels: vec![Channel::Post, Channel::Email],
            sends_own_form: false,
            form_name: String::new(),
            identity: IdentityRules {
                methods: vec![IdentityMethod::RegisteredEmail, IdentityMethod::IdDocument],
                id_documents: vec![
                    DocType::DriversLicense,
                    DocType::MynumberFront,
                    DocType::Passport,
                    DocType::ResidenceCard,
                    DocType::HealthInsurance,
                    DocType::PensionBook,
                    DocType::ResidentRecord,
                ],
                non_photo_count: 2,
                scan_required: ScanRequired::UnlessMatched,
            },
            legal_agent: agent(&[DocType::FamilyRegister]),
            appointed_agent: agent(&[DocType::PowerOfAttorney]),
            fees: Vec::new(),
            fee_methods: Vec::new(),
            deadline: DeadlineRule {
                days: 30,
                day_kind: DayKind::Calendar,
                from: DeadlineStart::Receipt,
                closures: Vec::new(),
                pause_while_waiting: true,
                wording: "遅滞なく".into(),
            },
            retention: Vec::new(),
            specific_info_approval: false,
            refusal_grounds: Vec::new(),
        }
    }

    /// The retention rules in force and whether they are the default.
    pub fn retention_in_force(&self) -> (Vec<RetentionRule>, bool) {
        if self.retention.is_empty() {
            (default_retention(), true)
        } else {
            (self.retention.clone(), false)
        }
    }

    /// The fee for one request kind, if the profile charges for it.
    pub fn fee_for(&self, kind: RequestKind) -> Option<&FeeRule> {
        self.fees
            .iter()
            .find(|f| f.kind == kind && f.amount_yen > 0)
    }
}

// ---------------------------------------------------------------------------
// Validation and the APPI lint

const MAX_NAME: usize = 60;
const MAX_TEXT: usize = 2000;
const MAX_LIST: usize = 30;
const MAX_FEE_YEN: u32 = 100_000;

/// [`crate::kernel::text::free_text`]'s checks, and no control characters (a file
/// can carry what a keyboard cannot).
fn text_field(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    let before = errors.len();
    crate::kernel::text::free_text(field, value, max, errors);
    if errors.len() == before
        && value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.push(FieldError::new(field, "使えない制御文字が含まれています。"));
    }
}

/// The first repeated choice of a list. Unchecked, a file could repeat one
/// thousands of times, and its export would be too large to import again.
fn no_repeats<T: Copy + Eq + std::hash::Hash>(
    errors: &mut Vec<FieldError>,
    field: &str,
    items: &[T],
    label: impl Fn(T) -> &'static str,
) {
    let mut seen = std::collections::HashSet::new();
    if let Some(&dup) = items.iter().find(|&&x| !seen.insert(x)) {
        errors.push(FieldError::new(
            field,
            format!("{}が重複しています。", label(dup)),
        ));
    }
}

/// `MM-DD` (a closure day) as (month, day), if it is one.
pub(crate) fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2024 is a leap year, so 02-29 is a valid closure day.
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

fn agent_rules(errors: &mut Vec<FieldError>, prefix: &str, a: &AgentRules) {
    if a.documents.len() > MAX_LIST {
        errors.push(FieldError::new(
            format!("{prefix}.documents"),
            "書類は30件までです。",
        ));
    }
    if a.accepted && a.documents.is_empty() {
        errors.push(FieldError::new(
            format!("{prefix}.documents"),
            "代理人を受け付ける場合は、必要な書類を1つ以上選んでください。",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, d) in a.documents.iter().enumerate() {
        if !seen.insert(d.doc) {
            errors.push(FieldError::new(
                format!("{prefix}.documents.{i}.doc"),
                format!("{}が重複しています。", d.doc.label()),
            ));
        }
        if d.doc == DocType::Unclassified {
            errors.push(FieldError::new(
                format!("{prefix}.documents.{i}.doc"),
                "書類の種類を選んでください。",
            ));
        }
        if let Some(m) = d.issued_within_months {
            if !(1..=24).contains(&m) {
                errors.push(FieldError::new(
                    format!("{prefix}.documents.{i}.issuedWithinMonths"),
                    "有効期間は1〜24か月で指定してください。",
                ));
            }
        }
    }
}

/// Checks a body; every problem is reported at its field.
pub fn validate(body: &PolicyBody) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    let name = body.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "ポリシーの名前を入力してください。",
        ));
    } else {
        text_field(&mut errors, "name", name, MAX_NAME);
    }
    text_field(&mut errors, "description", &body.description, MAX_TEXT);
    text_field(&mut errors, "formName", &body.form_name, 100);
    if body.sends_own_form && body.form_name.trim().is_empty() {
        errors.push(FieldError::new(
            "formName",
            "送付する申請書の名前を入力してください。",
        ));
    }
    if body.channels.is_empty() {
        errors.push(FieldError::new(
            "channels",
            "受け付ける経路を1つ以上選んでください。",
        ));
    }
    no_repeats(&mut errors, "channels", &body.channels, |c| c.label());
    let id = &body.identity;
    if id.methods.is_empty() {
        errors.push(FieldError::new(
            "identity.methods",
            "本人確認の方法を1つ以上選んでください。",
        ));
    }
    no_repeats(&mut errors, "identity.methods", &id.methods, |m| m.label());
    no_repeats(&mut errors, "identity.idDocuments", &id.id_documents, |d| {
        d.label()
    });
    let wants_docs =
        id.methods.contains(&IdentityMethod::IdDocument) || id.scan_required != ScanRequired::Never;
    if wants_docs && id.id_documents.is_empty() {
        errors.push(FieldError::new(
            "identity.idDocuments",
            "本人確認書類として認める書類を1つ以上選んでください。",
        ));
    }
    if id
        .id_documents
        .iter()
        .any(|d| !d.is_photo_id() && !d.is_non_photo_id())
    {
        errors.push(FieldError::new(
            "identity.idDocuments",
            "本人確認書類にできない書類が含まれています。",
        ));
    }
    if id.id_documents.contains(&DocType::MynumberBack) {
        errors.push(FieldError::new(
            "identity.idDocuments",
            "個人番号カードの裏面は本人確認書類として求められません（個人番号の収集になります）。表面を選んでください。",
        ));
    }
    if !(1..=3).contains(&id.non_photo_count) {
        errors.push(FieldError::new(
            "identity.nonPhotoCount",
            "顔写真のない書類の必要数は1〜3で指定してください。",
        ));
    }
    agent_rules(&mut errors, "legalAgent", &body.legal_agent);
    agent_rules(&mut errors, "appointedAgent", &body.appointed_agent);
    if body.fees.len() > MAX_LIST {
        errors.push(FieldError::new("fees", "手数料は30件までです。"));
    }
    let mut kinds = std::collections::HashSet::new();
    for (i, f) in body.fees.iter().enumerate() {
        if !kinds.insert(f.kind) {
            errors.push(FieldError::new(
                format!("fees.{i}.kind"),
                format!("{}の手数料が重複しています。", f.kind.label()),
            ));
        }
        if f.amount_yen > MAX_FEE_YEN {
            errors.push(FieldError::new(
                format!("fees.{i}.amountYen"),
                "手数料は100,000円以下で指定してください。",
            ));
        }
    }
    if body.fees.iter().any(|f| f.amount_yen > 0) && body.fee_methods.is_empty() {
        errors.push(FieldError::new(
            "feeMethods",
            "手数料を定める場合は、支払方法を1つ以上選んでください。",
        ));
    }
    let mut methods = std::collections::HashSet::new();
    for (i, m) in body.fee_methods.iter().enumerate() {
        if !methods.insert(m.method) {
            errors.push(FieldError::new(
                format!("feeMethods.{i}.method"),
                format!("{}が重複しています。", m.method.label()),
            ));
        }
        text_field(
            &mut errors,
            &format!("feeMethods.{i}.instructions"),
            &m.instructions,
            500,
        );
        if m.method == FeeMethod::BankTransfer && m.instructions.trim().is_empty() {
            errors.push(FieldError::new(
                format!("feeMethods.{i}.instructions"),
                "銀行振込の場合は、案内する振込先を入力してください。",
            ));
        }
    }
    let d = &body.deadline;
    if !(1..=365).contains(&d.days) {
        errors.push(FieldError::new(
            "deadline.days",
            "回答期限は1〜365日で指定してください。",
        ));
    }
    text_field(&mut errors, "deadline.wording", &d.wording, 100);
    if d.closures.len() > 12 {
        errors.push(FieldError::new(
            "deadline.closures",
            "休業期間は12件までです。",
        ));
    }
    for (i, c) in d.closures.iter().enumerate() {
        for (part, value) in [("from", &c.from), ("to", &c.to)] {
            if month_day(value).is_none() {
                errors.push(FieldError::new(
                    format!("deadline.closures.{i}.{part}"),
                    "月日はMM-DD（例: 12-29）で入力してください。",
                ));
            }
        }
    }
    for (i, r) in body.retention.iter().enumerate() {
        if r.years > 30 || r.months > 11 || (r.years == 0 && r.months == 0) {
            errors.push(FieldError::new(
                format!("retention.{i}.years"),
                "保存期間は1か月〜30年で指定してください。",
            ));
        }
    }
    if body.retention.len() > 4 {
        errors.push(FieldError::new("retention", "保存期間は4件までです。"));
    }
    if body.refusal_grounds.len() > MAX_LIST {
        errors.push(FieldError::new(
            "refusalGrounds",
            "不開示の理由は30件までです。",
        ));
    }
    for (i, g) in body.refusal_grounds.iter().enumerate() {
        if g.trim().is_empty() {
            errors.push(FieldError::new(
                format!("refusalGrounds.{i}"),
                "空の理由は登録できません。",
            ));
        }
        text_field(&mut errors, &format!("refusalGrounds.{i}"), g, 500);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// A warning the 管理者 may override (and whose override is audited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyWarning {
    pub field: String,
    pub message: String,
}

/// APPI lint: what a 管理者 should know before saving.
pub fn lint(body: &PolicyBody) -> Vec<PolicyWarning> {
    body.fees
        .iter()
        .enumerate()
        .filter(|(_, f)| !fee_allowed(f.kind) && f.amount_yen > 0)
        .map(|(i, f)| PolicyWarning {
            field: format!("fees.{i}.kind"),
            // Short, one per fee row: the screen says once what 38条 allows.
            message: format!(
                "「{}」に{}円の手数料を定めています（個人情報保護法第38条第1項の対象外）。",
                f.kind.label(),
                yen(f.amount_yen)
            ),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Files: export and import

pub const FILE_FORMAT: &str = "madoguchi-policy";
pub const FILE_VERSION: u32 = 1;
pub const MAX_FILE_BYTES: usize = 256 * 1024;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    format: String,
    version: u32,
    policy: PolicyBody,
}

/// The export file's text (pretty JSON, UTF-8).
pub fn to_file(body: &PolicyBody) -> String {
    let file = PolicyFile {
        format: FILE_FORMAT.into(),
        version: FILE_VERSION,
        policy: body.clone(),
    };
    serde_json::to_string_pretty(&file).expect("a policy serialises") + "\n"
}

fn import_error(message: impl Into<String>) -> StoreError {
    StoreError::invalid("file", message)
}

/// Reads an export file. Anything that is not exactly a valid policy file is
/// refused with a message; nothing is stored here.
pub fn from_file(bytes: &[u8]) -> Result<PolicyBody, StoreError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(import_error(
            "ファイルが大きすぎます（256KBまで）。ポリシーのファイルではないようです。",
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| import_error("ファイルの文字コードがUTF-8ではありません。窓口から書き出したポリシーのファイルを選んでください。"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| import_error(format!("ファイルをJSONとして読めません（{}行目）。窓口から書き出したポリシーのファイルを選んでください。", e.line())))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FILE_FORMAT) {
        return Err(import_error("窓口のポリシーのファイルではありません。"));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FILE_VERSION) => {}
        Some(v) if v > u64::from(FILE_VERSION) => {
            return Err(import_error(
                "新しい版の窓口で書き出されたファイルです。窓口を更新してから取り込んでください。",
            ))
        }
        _ => return Err(import_error("ファイルの版が正しくありません。")),
    }
    let file: PolicyFile = serde_json::from_value(value).map_err(|e| {
        import_error(format!(
            "ポリシーの内容が正しくありません: {}",
            describe_serde(&e)
        ))
    })?;
    validate(&file.policy)?;
    Ok(file.policy)
}

/// serde's message without the values it quotes (they could be anything).
fn describe_serde(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if text.contains("unknown field") {
        "知らない項目があります。".into()
    } else if text.contains("missing field") {
        let field = text.split('`').nth(1).unwrap_or("");
        if field.chars().all(|c| c.is_ascii_alphanumeric()) && !field.is_empty() {
            format!("項目「{field}」がありません。")
        } else {
            "必要な項目がありません。".into()
        }
    } else if text.contains("unknown variant") {
        "選べない値が入っています。".into()
    } else {
        "値の型が正しくありません。".into()
    }
}

// ---------------------------------------------------------------------------
// The store

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicySummary {
    pub id: i64,
    pub name: String,
    pub version: i64,
    pub is_default: bool,
    pub channels: Vec<Channel>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyVersionInfo {
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    /// Saved with APPI warnings the 管理者 chose to keep.
    pub warnings_kept: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyDetail {
    pub id: i64,
    /// The id of this version (what a case records).
    pub version_id: i64,
    pub version: i64,
    pub is_default: bool,
    pub body: PolicyBody,
    pub warnings: Vec<PolicyWarning>,
    pub versions: Vec<PolicyVersionInfo>,
    /// Cases received under any version of this profile.
    pub case_count: i64,
}

/// The body of one stored version (a case's, say).
pub(crate) fn version_body(
    conn: &Connection,
    version_id: i64,
) -> Result<Option<(i64, i64, PolicyBody)>, StoreError> {
    let row: Option<(i64, i64, String)> = conn
        .prepare_cached("SELECT policy_id, version, body FROM policy_versions WHERE id = ?1")?
        .query_row([version_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    row.map(|(policy, version, body)| {
        serde_json::from_str(&body)
            .map(|b| (policy, version, b))
            .map_err(|_| StoreError::Integrity)
    })
    .transpose()
}

/// The latest version id of a policy.
pub(crate) fn latest_version_id(
    conn: &Connection,
    policy_id: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM policy_versions WHERE policy_id = ?1 ORDER BY version DESC LIMIT 1",
        )?
        .query_row([policy_id], |r| r.get(0))
        .optional()?)
}

/// The default policy's id, if any.
pub(crate) fn default_policy_id(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM policies WHERE is_default = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

fn insert_version(
    tx: &Connection,
    policy_id: i64,
    body: &PolicyBody,
    warnings_kept: bool,
    actor: Option<i64>,
    now: &str,
) -> Result<i64, StoreError> {
    let version: i64 = tx.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM policy_versions WHERE policy_id = ?1",
        [policy_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO policy_versions (policy_id, version, body, warnings_kept, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![policy_id, version, serde_json::to_string(body).expect("serialises"), warnings_kept, now, actor],
    )?;
    tx.execute(
        "UPDATE policies SET name = ?2, updated_at = ?3 WHERE id = ?1",
        params![policy_id, body.name.trim(), now],
    )?;
    Ok(version)
}

fn trimmed(mut body: PolicyBody) -> PolicyBody {
    body.name = body.name.trim().to_string();
    body.description = body.description.trim().to_string();
    body.form_name = body.form_name.trim().to_string();
    body.deadline.wording = body.deadline.wording.trim().to_string();
    for g in &mut body.refusal_grounds {
        *g = g.trim().to_string();
    }
    for m in &mut body.fee_methods {
        m.instructions = m.instructions.trim().to_string();
    }
    body
}

impl Store {
    pub fn list_policies(&self) -> Result<Vec<PolicySummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.name, p.is_default, p.updated_at, v.version, v.body FROM policies p
             JOIN policy_versions v ON v.policy_id = p.id
             AND v.version = (SELECT max(version) FROM policy_versions WHERE policy_id = p.id)
             ORDER BY p.is_default DESC, p.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, is_default, updated_at, version, body) = row?;
            let body: PolicyBody =
                serde_json::from_str(&body).map_err(|_| StoreError::Integrity)?;
            out.push(PolicySummary {
                id,
                name,
                version,
                is_default,
                channels: body.channels,
                updated_at,
            });
        }
        Ok(out)
    }

    pub fn policy(&self, id: i64) -> Result<PolicyDetail, StoreError> {
        let is_default: bool = self
            .conn
            .query_row("SELECT is_default FROM policies WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let version_id = latest_version_id(&self.conn, id)?.ok_or(StoreError::NotFound)?;
        let (_, version, body) =
            version_body(&self.conn, version_id)?.ok_or(StoreError::NotFound)?;
        let mut stmt = self.conn.prepare(
            "SELECT v.version, v.created_at, coalesce(u.display_name, ''), v.warnings_kept FROM policy_versions v
             LEFT JOIN users u ON u.id = v.created_by WHERE v.policy_id = ?1 ORDER BY v.version DESC",
        )?;
        let versions = stmt
            .query_map([id], |r| {
                Ok(PolicyVersionInfo {
                    version: r.get(0)?,
                    created_at: r.get(1)?,
                    created_by: r.get(2)?,
                    warnings_kept: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let case_count: i64 = self.conn.query_row(
            "SELECT count(*) FROM cases WHERE policy_version_id IN (SELECT id FROM policy_versions WHERE policy_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        Ok(PolicyDetail {
            id,
            version_id,
            version,
            is_default,
            warnings: lint(&body),
            body,
            versions,
            case_count,
        })
    }

    /// Saves a new profile (`id` None) or a new version of one. APPI
    /// warnings refuse the save unless `keep_warnings`; then the 管理者's
    /// choice is in the audit entry. An unchanged body makes no version.
    pub fn save_policy(
        &mut self,
        id: Option<i64>,
        body: PolicyBody,
        keep_warnings: bool,
    ) -> Result<PolicyDetail, StoreError> {
        self.require_admin()?;
        let body = trimmed(body);
        validate(&body)?;
        let warnings = lint(&body);
        if !warnings.is_empty() && !keep_warnings {
            return Err(StoreError::Warnings(
                warnings
                    .into_iter()
                    .map(|w| FieldError::new(w.field, w.message))
                    .collect(),
            ));
        }
        let duplicate: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM policies WHERE name = ?1",
                [&body.name],
                |r| r.get(0),
            )
            .optional()?;
        if duplicate.is_some() && duplicate != id {
            return Err(StoreError::invalid(
                "name",
                "同じ名前のポリシーがあります。別の名前にしてください。",
            ));
        }
        if let Some(id) = id {
            let current = self.policy(id)?;
            if current.body == body {
                return Ok(current);
            }
        }
        let actor = self.actor_id();
        let action = if warnings.is_empty() {
            Action::PolicySaved
        } else {
            Action::PolicySavedWithWarnings
        };
        // The audit names which kinds were kept against 38条; no personal data.
        let detail = if warnings.is_empty() {
            String::new()
        } else {
            let kinds: Vec<&str> = body
                .fees
                .iter()
                .filter(|f| !fee_allowed(f.kind) && f.amount_yen > 0)
                .map(|f| f.kind.code())
                .collect();
            format!("appi38 fee kept for {}", kinds.join(","))
        };
        let id = self.write_with(|tx, now| {
            let id = match id {
                Some(id) => id,
                None => {
                    let first = !tx.query_row("SELECT EXISTS (SELECT 1 FROM policies)", [], |r| r.get::<_, bool>(0))?;
                    tx.execute(
                        "INSERT INTO policies (name, is_default, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                        params![body.name, first, now],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            let version = insert_version(tx, id, &body, !warnings.is_empty(), actor, now)?;
            Ok((id, action, Target::of("policy", id), format!("version={version} {detail}").trim().to_string()))
        })?;
        self.policy(id)
    }

    /// Imports an export file as a new profile (its name must be free).
    pub fn import_policy(
        &mut self,
        bytes: &[u8],
        keep_warnings: bool,
    ) -> Result<PolicyDetail, StoreError> {
        self.require_admin()?;
        let body = from_file(bytes)?;
        let detail = self.save_policy(None, body, keep_warnings)?;
        self.write(
            Action::PolicyImported,
            Target::of("policy", detail.id),
            "",
            |_, _| Ok(()),
        )?;
        Ok(detail)
    }

    /// The export file of a profile's latest version (audited).
    pub fn export_policy(&mut self, id: i64) -> Result<String, StoreError> {
        let detail = self.policy(id)?;
        self.write(
            Action::PolicyExported,
            Target::of("policy", id),
            &format!("version={}", detail.version),
            |_, _| Ok(()),
        )?;
        Ok(to_file(&detail.body))
    }

    /// The profile new cases get unless the officer picks another.
    pub fn set_default_policy(&mut self, id: i64) -> Result<(), StoreError> {
        self.require_admin()?;
        self.policy(id)?;
        self.write(
            Action::PolicyDefaultChanged,
            Target::of("policy", id),
            "",
            |tx, _| {
                tx.execute("UPDATE policies SET is_default = (id = ?1)", [id])?;
                Ok(())
            },
        )
    }
}
