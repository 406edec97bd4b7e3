//! 案件: the register of requests (開示等の請求). A case is created from a
//! letter, an email (.eml) or a call; it gets a gapless 受付番号 per year, a
//! timeline of events, and encrypted attachments. Cases are never deleted
//! here: a mistaken entry is marked 誤登録, a withdrawn one 取下げ; destruction
//! belongs to retention.

use crate::audit::{Action, Target};
use crate::documents::DocInfo;
use crate::error::{FieldError, StoreError};
use crate::files::{Blobs, FileError};
use crate::mail::{FileKind, ParsedMail};
use crate::org::{normalise_email, normalise_phone, normalise_postal_code};
use crate::store::Store;
use crate::text;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

coded_enum!(
    /// 受付経路: how the request arrived.
    Channel {
        Post = "post", "郵送";
        Email = "email", "メール";
        Phone = "phone", "電話";
        Form = "form", "フォーム";
        Counter = "counter", "窓口";
    }
);

coded_enum!(
    /// 請求の種類 (APPI 32–35 and その他).
    RequestKind {
        /// 利用目的の通知
        PurposeNotice = "purpose_notice", "利用目的の通知";
        /// 開示
        Disclosure = "disclosure", "開示";
        /// 第三者提供記録の開示
        ThirdPartyRecord = "third_party_record", "第三者提供記録の開示";
        Correction = "correction", "訂正";
        Addition = "addition", "追加";
        Deletion = "deletion", "削除";
        /// 利用停止
        Suspension = "suspension", "利用停止";
        Erasure = "erasure", "消去";
        /// 第三者提供の停止
        StopThirdParty = "stop_third_party", "第三者提供の停止";
        Other = "other", "その他";
    }
);

coded_enum!(
    /// 本人 or 代理人.
    RequesterType {
        Person = "self", "本人";
        /// 法定代理人 (of a minor or an adult ward)
        LegalAgent = "legal_agent", "法定代理人";
        /// 任意代理人 (with a 委任状)
        AppointedAgent = "appointed_agent", "任意代理人";
    }
);

coded_enum!(
    /// 開示の方法 the requester asked for.
    DisclosureMethod {
        Unspecified = "", "指定なし";
        Paper = "paper", "書面";
        Electronic = "electronic", "電磁的記録";
    }
);

coded_enum!(
    /// 状態. Later issues add the working states (確認待ち, 決定 …).
    /// The workflow of a case, from 受付 to 完了 (or 取下げ / 誤登録).
    CaseStatus {
        Received = "received", "受付";
        Verifying = "verifying", "本人確認中";
        AwaitingFee = "awaiting_fee", "手数料待ち";
        Investigating = "investigating", "調査中";
        AwaitingApproval = "awaiting_approval", "承認待ち";
        PreparingReply = "preparing_reply", "回答準備";
        Sent = "sent", "発送済";
        Completed = "completed", "完了";
        Withdrawn = "withdrawn", "取下げ";
        Mistaken = "mistaken", "誤登録";
    }
);

impl CaseStatus {
    /// The statuses a case may move to from this one. 取下げ is possible
    /// until the reply is sent, 誤登録 until work has begun on the request.
    pub fn next(self) -> &'static [CaseStatus] {
        use CaseStatus::*;
        match self {
            Received => &[Verifying, AwaitingFee, Investigating, Withdrawn, Mistaken],
            Verifying => &[AwaitingFee, Investigating, Withdrawn, Mistaken],
            AwaitingFee => &[Verifying, Investigating, Withdrawn, Mistaken],
            Investigating => &[
                AwaitingApproval,
                PreparingReply,
                Verifying,
                AwaitingFee,
                Withdrawn,
            ],
            AwaitingApproval => &[PreparingReply, Investigating, Withdrawn],
            PreparingReply => &[Sent, Investigating, Withdrawn],
            Sent => &[Completed],
            Completed | Withdrawn | Mistaken => &[],
        }
    }

    /// Still being worked on (not 完了, 取下げ or 誤登録).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseStatus::Completed | CaseStatus::Withdrawn | CaseStatus::Mistaken
        )
    }

    /// A move to this status needs a reason on record.
    pub fn needs_reason(self) -> bool {
        matches!(self, CaseStatus::Withdrawn | CaseStatus::Mistaken)
    }
}

coded_enum!(
    /// 同封物: what came with a postal request.
    Enclosure {
        IdCopy = "id_copy", "本人確認書類の写し";
        RequestForm = "request_form", "請求書・申請書";
        Stamps = "stamps", "郵便切手";
        MoneyOrder = "money_order", "定額小為替";
        PowerOfAttorney = "power_of_attorney", "委任状";
        SealCertificate = "seal_certificate", "印鑑登録証明書";
        ReturnEnvelope = "return_envelope", "返信用封筒";
        Other = "other", "その他";
    }
);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Requester {
    pub name: String,
    /// フリガナ
    pub kana: String,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The contact details the company holds (for 本人確認 by match).
    pub registered_email: String,
    pub registered_phone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agent {
    pub name: String,
    pub kana: String,
    pub contact: String,
    /// 本人との関係 (親権者, 成年後見人, 弁護士 …)
    pub relationship: String,
}

/// What the intake form collects. Dates are typed text (YYYY-MM-DD, 全角 ok).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseInput {
    pub channel: Channel,
    pub received_on: String,
    pub requester: Requester,
    pub requester_type: RequesterType,
    pub agent: Agent,
    pub kinds: Vec<RequestKind>,
    pub data_concerned: String,
    pub requested_correction: String,
    pub disclosure_method: DisclosureMethod,
    pub specific_personal_info: bool,
    pub enclosures: Vec<Enclosure>,
    pub enclosures_note: String,
    pub memo: String,
    /// The policy profile the case follows; None on a new case means the
    /// default one. The case keeps the version it was received under.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub policy_id: Option<i64>,
}

/// A case as validated and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: i64,
    pub receipt_no: String,
    pub status: CaseStatus,
    pub status_reason: String,
    pub received_on: NaiveDate,
    pub input: CaseInput,
    pub created_at: String,
    pub updated_at: String,
    /// The policy version the case follows (see `policy_versions`).
    pub policy_version_id: Option<i64>,
}

/// A row of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub id: i64,
    pub receipt_no: String,
    pub received_on: String,
    pub channel: Channel,
    pub status: CaseStatus,
    pub requester_name: String,
    pub requester_kana: String,
    pub kinds: Vec<RequestKind>,
    pub specific_personal_info: bool,
    /// 回答期限 `YYYY-MM-DD` (None without a policy).
    pub due_on: Option<String>,
    /// The clock is stopped (waiting for the requester).
    pub clock_paused: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub origin: String,
    pub file_name: String,
    pub kind: FileKind,
    pub size: i64,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseMail {
    pub from_name: String,
    pub from_address: String,
    pub sent_at: String,
    pub subject: String,
    pub body_text: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub kind: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetail {
    pub case: Case,
    pub attachments: Vec<Attachment>,
    pub mail: Option<CaseMail>,
    pub events: Vec<CaseEvent>,
}

/// An .eml on its way into a case: the original bytes and what was decoded.
pub struct IncomingMail {
    pub file_name: String,
    pub eml: Vec<u8>,
    pub parsed: ParsedMail,
    /// Per attachment of `parsed` (same order): its type, whether its bytes
    /// were masked, whether it was refused. Missing entries are unclassified.
    pub docs: Vec<IntakeDoc>,
}

impl IncomingMail {
    pub fn new(file_name: String, eml: Vec<u8>, parsed: ParsedMail) -> Self {
        let docs = vec![IntakeDoc::default(); parsed.attachments.len()];
        IncomingMail {
            file_name,
            eml,
            parsed,
            docs,
        }
    }

    fn doc(&self, i: usize) -> IntakeDoc {
        self.docs.get(i).cloned().unwrap_or_default()
    }
}

/// A scan or other file added by the officer.
pub struct IncomingFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub intake: IntakeDoc,
}

impl IncomingFile {
    pub fn new(file_name: impl Into<String>, bytes: Vec<u8>) -> Self {
        IncomingFile {
            file_name: file_name.into(),
            bytes,
            intake: IntakeDoc::default(),
        }
    }
}

/// A document on its way into a case, as the officer classified it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeDoc {
    pub info: DocInfo,
    /// The bytes are the masked image (burnt in memory, before saving).
    pub masked: bool,
    /// The officer refused it: it is not kept, and a mail's copy is redacted.
    pub refused: bool,
}

impl IntakeDoc {
    /// Refuses to keep a document whose type needs masking until it is
    /// masked. `n` numbers the file in the message (never its name: names of
    /// files can be personal data).
    pub fn check_keepable(&self, n: usize) -> Result<(), StoreError> {
        if self.info.needs_mask() && !self.masked {
            return Err(StoreError::invalid(
                "documents",
                format!(
                    "{n}番目のファイル（{}）はマスクしてから保存してください。{}",
                    self.info.doc_type.label(),
                    self.info.doc_type.mask_reason()
                ),
            ));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Validation

/// Search key: NFKC, lower case, katakana folded to hiragana, without spaces
/// and dashes — so 全角/半角, カナ/かな and 03-1234 / 031234 all meet.
pub fn search_key(s: &str) -> String {
    text::nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | 'ー' | '‐' | '−' | '—' | '―' | '・'))
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

pub fn parse_date(field: &'static str, label: &str, input: &str) -> Result<NaiveDate, FieldError> {
    let t = text::clean(input)
        .replace(['/', '.', '年', '月'], "-")
        .replace('日', "");
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            format!("{label}は西暦の年-月-日（例: 2026-12-01）で入力してください。"),
        )
    })
}

impl CaseInput {
    /// An empty form for a channel, received today.
    pub fn blank(channel: Channel, today: NaiveDate) -> Self {
        CaseInput {
            channel,
            received_on: today.format("%Y-%m-%d").to_string(),
            requester: Requester::default(),
            requester_type: RequesterType::Person,
            agent: Agent::default(),
            kinds: Vec::new(),
            data_concerned: String::new(),
            requested_correction: String::new(),
            disclosure_method: DisclosureMethod::Unspecified,
            specific_personal_info: false,
            enclosures: Vec::new(),
            enclosures_note: String::new(),
            memo: String::new(),
            policy_id: None,
        }
    }

    /// The form prefilled from a mail: sender, the Date header's day,
    /// request kinds suggested by words in the subject and body.
    pub fn from_mail(mail: &ParsedMail, today: NaiveDate) -> Self {
        let mut input = CaseInput::blank(Channel::Email, today);
        if let Some(date) = mail.date {
            let day = date
                .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("JST"))
                .date_naive();
            if day <= today {
                input.received_on = day.format("%Y-%m-%d").to_string();
            }
        }
        input.requester.name = mail.from_name.clone().unwrap_or_default();
        input.requester.email = mail.from_address.clone().unwrap_or_default();
        let words = format!(
            "{}\n{}",
            mail.subject.as_deref().unwrap_or(""),
            mail.body_text
        );
        input.kinds = suggest_kinds(&words);
        input.disclosure_method = if words.contains("電磁的") || words.contains("電子データ")
        {
            DisclosureMethod::Electronic
        } else if words.contains("書面") || words.contains("郵送で") {
            DisclosureMethod::Paper
        } else {
            DisclosureMethod::Unspecified
        };
        input
    }

    /// The cleaned input, or every field error at once. `today` bounds the
    /// received date (it cannot be in the future).
    pub fn validated(&self, today: NaiveDate) -> Result<(CaseInput, NaiveDate), StoreError> {
        let mut errors = Vec::new();
        let mut v = self.clone();
        let received = match parse_date("receivedOn", "受付日", &self.received_on) {
            Ok(d) if d > today => {
                errors.push(FieldError::new(
                    "receivedOn",
                    "受付日に未来の日付は指定できません。",
                ));
                today
            }
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                today
            }
        };
        v.received_on = received.format("%Y-%m-%d").to_string();
        let r = &mut v.requester;
        r.name = text::clean(&r.name);
        if r.name.is_empty() {
            errors.push(FieldError::new(
                "requester.name",
                "請求者の氏名を入力してください。",
            ));
        } else if r.name.chars().count() > 100 {
            errors.push(FieldError::new(
                "requester.name",
                "氏名は100文字以内で入力してください。",
            ));
        }
        r.kana = text::clean(&r.kana);
        if r.kana
            .chars()
            .any(|c| !(matches!(c, 'ぁ'..='ゖ' | 'ァ'..='ヺ' | 'ー' | '・' | ' ' | '　')))
        {
            errors.push(FieldError::new(
                "requester.kana",
                "フリガナはカタカナかひらがなで入力してください。",
            ));
        }
        let mut opt = |field: &'static str,
                       value: &mut String,
                       check: fn(&str) -> Result<String, FieldError>| {
            if text::clean(value).is_empty() {
                value.clear();
                return;
            }
            match check(value) {
                Ok(ok) => *value = ok,
                Err(e) => errors.push(FieldError::new(field, e.message)),
            }
        };
        opt(
            "requester.postalCode",
            &mut r.postal_code,
            normalise_postal_code,
        );
        opt("requester.phone", &mut r.phone, normalise_phone);
        opt("requester.email", &mut r.email, normalise_email);
        opt(
            "requester.registeredEmail",
            &mut r.registered_email,
            normalise_email,
        );
        opt(
            "requester.registeredPhone",
            &mut r.registered_phone,
            normalise_phone,
        );
        r.address = text::clean(&r.address);
        if v.requester_type != RequesterType::Person {
            v.agent.name = text::clean(&v.agent.name);
            if v.agent.name.is_empty() {
                errors.push(FieldError::new(
                    "agent.name",
                    "代理人の氏名を入力してください。",
                ));
            }
            v.agent.kana = text::clean(&v.agent.kana);
            v.agent.contact = text::clean(&v.agent.contact);
            v.agent.relationship = text::clean(&v.agent.relationship);
        } else {
            v.agent = Agent::default();
        }
        v.kinds
            .sort_by_key(|k| RequestKind::ALL.iter().position(|a| a == k));
        v.kinds.dedup();
        if v.kinds.is_empty() {
            errors.push(FieldError::new(
                "kinds",
                "請求の種類を一つ以上選んでください。",
            ));
        }
        v.enclosures
            .sort_by_key(|k| Enclosure::ALL.iter().position(|a| a == k));
        v.enclosures.dedup();
        for (field, value, max) in [
            ("dataConcerned", &mut v.data_concerned, 2000),
            ("requestedCorrection", &mut v.requested_correction, 2000),
            ("enclosuresNote", &mut v.enclosures_note, 500),
            ("memo", &mut v.memo, 4000),
        ] {
            *value = value.trim().to_string();
            if value.chars().count() > max {
                errors.push(FieldError::new(
                    field,
                    format!("{max}文字以内で入力してください。"),
                ));
            }
        }
        // A 個人番号 may not be recorded anywhere the officer types freely.
        for (field, value) in [
            ("requester.name", &v.requester.name),
            ("requester.kana", &v.requester.kana),
            ("agent.name", &v.agent.name),
            ("requester.address", &v.requester.address),
            ("agent.contact", &v.agent.contact),
            ("agent.relationship", &v.agent.relationship),
            ("dataConcerned", &v.data_concerned),
            ("requestedCorrection", &v.requested_correction),
            ("enclosuresNote", &v.enclosures_note),
            ("memo", &v.memo),
        ] {
            if crate::documents::contains_individual_number(value)
                && !errors.iter().any(|e| e.field == field)
            {
                errors.push(FieldError::new(
                    field,
                    crate::documents::INDIVIDUAL_NUMBER_MESSAGE,
                ));
            }
        }
        if errors.is_empty() {
            Ok((v, received))
        } else {
            Err(StoreError::Invalid(errors))
        }
    }
}

/// Request kinds named in a text (subject and body of a mail).
pub fn suggest_kinds(text: &str) -> Vec<RequestKind> {
    use RequestKind::*;
    let mut out = Vec::new();
    let mut has = |words: &[&str], k: RequestKind| {
        if words.iter().any(|w| text.contains(w)) && !out.contains(&k) {
            out.push(k);
        }
    };
    has(&["第三者提供記録"], ThirdPartyRecord);
    has(
        &[
            "第三者提供の停止",
            "第三者への提供の停止",
            "第三者提供を停止",
        ],
        StopThirdParty,
    );
    has(&["利用目的の通知"], PurposeNotice);
    has(&["開示"], Disclosure);
    has(&["訂正"], Correction);
    has(&["追加"], Addition);
    has(&["削除"], Deletion);
    has(&["利用停止", "利用の停止"], Suspension);
    has(&["消去"], Erasure);
    if out.contains(&ThirdPartyRecord) && !text.replace("第三者提供記録の開示", "").contains("開示")
    {
        out.retain(|k| *k != Disclosure);
    }
    out.sort_by_key(|k| RequestKind::ALL.iter().position(|a| a == k));
    out
}

// ---------------------------------------------------------------------------
// Storage

const CASE_COLUMNS: &str = "id, receipt_no, status, status_reason, channel, received_on, requester_name, requester_kana,
    postal_code, address, phone, email, registered_email, registered_phone, requester_type, agent_name, agent_kana,
    agent_contact, agent_relationship, kinds, data_concerned, requested_correction, disclosure_method,
    specific_personal_info, enclosures, enclosures_note, memo, created_at, updated_at,
    (SELECT policy_id FROM policy_versions WHERE policy_versions.id = cases.policy_version_id), policy_version_id";

fn codes<T: Serialize>(v: &[T]) -> String {
    serde_json::to_string(v).expect("codes serialise")
}

fn decode_list<T: for<'de> Deserialize<'de>>(s: &str) -> Vec<T> {
    serde_json::from_str(s).unwrap_or_default()
}

fn kinds_json(kinds: &[RequestKind]) -> String {
    codes(&kinds.iter().map(|k| k.code()).collect::<Vec<_>>())
}

/// The kinds as bits (bit n = the n-th of `RequestKind::ALL`).
fn kind_mask(kinds: &[RequestKind]) -> i64 {
    kinds
        .iter()
        .filter_map(|k| RequestKind::ALL.iter().position(|a| a == k))
        .fold(0, |m, i| m | (1 << i))
}

fn kinds_from_json(s: &str) -> Vec<RequestKind> {
    decode_list::<String>(s)
        .iter()
        .filter_map(|c| RequestKind::from_code(c))
        .collect()
}

fn row_to_case(r: &rusqlite::Row<'_>) -> rusqlite::Result<Case> {
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
fn search_text(receipt_no: &str, input: &CaseInput, mail: Option<&CaseMail>) -> String {
    let r = &input.requester;
    let mut parts = vec![
        receipt_no.to_string(),
        r.name.clone(),
        r.kana.clone(),
        r.email.clone(),
        r.registered_email.clone(),
        r.phone.clone(),
        r.registered_phone.clone(),
        input.agent.name.clone(),
        input.agent.kana.clone(),
    ];
    if let Some(m) = mail {
        parts.extend([
            m.from_name.clone(),
            m.from_address.clone(),
            m.subject.clone(),
            m.body_text.clone(),
        ]);
    }
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| search_key(p))
        .collect::<Vec<_>>()
        .join("\u{1f}")
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
    crate::fees::refresh_due(tx, id)?;
    add_event(
        tx,
        id,
        actor,
        "created",
        serde_json::json!({ "channel": input.channel.code() }),
        now,
    )?;
    Ok((id, receipt_no))
}

/// The requester's and agent's names and フリガナ, normalised, for short searches.
fn name_key(input: &CaseInput) -> String {
    [
        &input.requester.name,
        &input.requester.kana,
        &input.agent.name,
        &input.agent.kana,
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .map(|s| search_key(s))
    .collect::<Vec<_>>()
    .join("\u{1f}")
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

fn next_receipt_no(tx: &Connection, received: NaiveDate) -> Result<(i64, String), StoreError> {
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
    let receipt_no = crate::settings::receipt_format(tx)?.render(received, seq);
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

pub(crate) fn add_event(
    tx: &Connection,
    case_id: i64,
    actor: Option<i64>,
    kind: &str,
    detail: serde_json::Value,
    now: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_id, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![case_id, now, actor, kind, detail.to_string()])?;
    Ok(())
}

/// The fields that differ between two inputs, as the form names them.
fn changed_fields(a: &CaseInput, b: &CaseInput) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cmp = |name: &'static str, x: bool| {
        if x {
            out.push(name);
        }
    };
    cmp("channel", a.channel != b.channel);
    cmp("receivedOn", a.received_on != b.received_on);
    cmp("requester.name", a.requester.name != b.requester.name);
    cmp("requester.kana", a.requester.kana != b.requester.kana);
    cmp(
        "requester.postalCode",
        a.requester.postal_code != b.requester.postal_code,
    );
    cmp(
        "requester.address",
        a.requester.address != b.requester.address,
    );
    cmp("requester.phone", a.requester.phone != b.requester.phone);
    cmp("requester.email", a.requester.email != b.requester.email);
    cmp(
        "requester.registeredEmail",
        a.requester.registered_email != b.requester.registered_email,
    );
    cmp(
        "requester.registeredPhone",
        a.requester.registered_phone != b.requester.registered_phone,
    );
    cmp("requesterType", a.requester_type != b.requester_type);
    cmp("agent", a.agent != b.agent);
    cmp("kinds", a.kinds != b.kinds);
    cmp("policyId", a.policy_id != b.policy_id);
    cmp("dataConcerned", a.data_concerned != b.data_concerned);
    cmp(
        "requestedCorrection",
        a.requested_correction != b.requested_correction,
    );
    cmp(
        "disclosureMethod",
        a.disclosure_method != b.disclosure_method,
    );
    cmp(
        "specificPersonalInfo",
        a.specific_personal_info != b.specific_personal_info,
    );
    cmp(
        "enclosures",
        a.enclosures != b.enclosures || a.enclosures_note != b.enclosures_note,
    );
    cmp("memo", a.memo != b.memo);
    out
}

/// Accepts JPEG, PNG and PDF scans only, by content.
pub fn check_scan(file: &IncomingFile) -> Result<FileKind, StoreError> {
    if file.bytes.len() >= crate::files::MAX_FILE_BYTES {
        return Err(StoreError::invalid(
            "file",
            crate::error::Coded::message(&FileError::TooLarge),
        ));
    }
    match crate::mail::detect_kind(&file.bytes) {
        k @ (FileKind::Jpeg | FileKind::Png | FileKind::Pdf) => Ok(k),
        _ => Err(StoreError::invalid("file", "対応していないファイル形式です。JPEG、PNG、PDFのファイルを選んでください（内容で判定しています）。")),
    }
}

/// A file written (encrypted) for a case, waiting for its row.
struct Written {
    blob: String,
    origin: &'static str,
    name: String,
    kind: FileKind,
    size: usize,
    sha: String,
    doc: IntakeDoc,
}

impl IntakeDoc {
    fn validated_copy(&self) -> Result<IntakeDoc, StoreError> {
        Ok(IntakeDoc {
            info: self.info.validated()?,
            ..self.clone()
        })
    }
}

fn insert_attachment(
    tx: &Connection,
    case_id: i64,
    w: &Written,
    actor: Option<i64>,
    now: &str,
) -> Result<(), StoreError> {
    let d = &w.doc.info;
    tx.prepare_cached(
        "INSERT INTO attachments (case_id, origin, file_name, kind, size, sha256, blob_id, added_at, added_by,
            doc_type, masked, honseki_printed, issued_on, expires_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        case_id, w.origin, w.name, w.kind.code(), w.size as i64, w.sha, w.blob, now, actor,
        d.doc_type.code(), w.doc.masked, d.honseki_printed, d.issued_on, d.expires_on
    ])?;
    add_event(
        tx,
        case_id,
        actor,
        "attachment_added",
        serde_json::json!({ "fileName": w.name, "origin": w.origin, "kind": w.kind.code(), "docType": d.doc_type.code(), "masked": w.doc.masked }),
        now,
    )
}

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

impl Store {
    /// The home screen's queues as of `today`.
    pub fn queue_counts(&self, today: NaiveDate) -> Result<Vec<QueueCount>, StoreError> {
        queue_counts(&self.conn, today)
    }

    pub(crate) fn blobs(&self) -> Blobs {
        Blobs::new(self.dir.root(), &self.data_key)
    }

    pub(crate) fn actor_id(&self) -> Option<i64> {
        self.session().map(|s| s.user.id)
    }

    /// Creates a case, with the mail it came from and files, in one transaction.
    pub fn create_case(
        &mut self,
        input: &CaseInput,
        mail: Option<&IncomingMail>,
        files: &[IncomingFile],
        today: NaiveDate,
    ) -> Result<CaseDetail, StoreError> {
        let (input, received) = input.validated(today)?;
        let mut n = 0;
        if let Some(m) = mail {
            for (i, _) in m.parsed.attachments.iter().enumerate() {
                n += 1;
                let doc = m.doc(i);
                if !doc.refused {
                    doc.info.validated()?;
                    doc.check_keepable(n)?;
                }
            }
        }
        for f in files {
            n += 1;
            check_scan(f)?;
            f.intake.info.validated()?;
            f.intake.check_keepable(n)?;
        }
        // Files are encrypted and written first; if the transaction fails they
        // are removed again, so no file outlives its row.
        let blobs = self.blobs();
        let mut written: Vec<Written> = Vec::new();
        let store_file = |bytes: &[u8],
                          origin: &'static str,
                          name: &str,
                          kind: FileKind,
                          doc: IntakeDoc,
                          written: &mut Vec<Written>|
         -> Result<(), StoreError> {
            let blob = blobs.put(bytes)?;
            written.push(Written {
                blob,
                origin,
                name: crate::mail::stored_file_name(name),
                kind,
                size: bytes.len(),
                sha: hex::encode(Sha256::digest(bytes)),
                doc,
            });
            Ok(())
        };
        let mut refused: Vec<DocInfo> = Vec::new();
        let result = (|| {
            if let Some(m) = mail {
                // A masked or refused attachment's original bytes are also
                // inside the .eml: the kept copy of the mail goes without them.
                let redact: Vec<usize> = (0..m.parsed.attachments.len())
                    .filter(|&i| m.doc(i).masked || m.doc(i).refused)
                    .collect();
                let eml = if redact.is_empty() {
                    std::borrow::Cow::Borrowed(&m.eml[..])
                } else {
                    std::borrow::Cow::Owned(crate::mail::redact_attachments(
                        &m.eml, &m.parsed, &redact,
                    ))
                };
                store_file(
                    &eml,
                    "eml",
                    &m.file_name,
                    FileKind::Eml,
                    IntakeDoc::default(),
                    &mut written,
                )?;
                for (i, a) in m.parsed.attachments.iter().enumerate() {
                    let doc = m.doc(i);
                    if doc.refused {
                        refused.push(doc.info);
                        continue;
                    }
                    let name = a
                        .file_name
                        .clone()
                        .unwrap_or_else(|| format!("添付{}", i + 1));
                    let kind = if doc.masked {
                        crate::mail::detect_kind(&a.bytes)
                    } else {
                        a.detected
                    };
                    store_file(
                        &a.bytes,
                        "mail_attachment",
                        &name,
                        kind,
                        doc.validated_copy()?,
                        &mut written,
                    )?;
                }
            }
            for f in files {
                store_file(
                    &f.bytes,
                    "scan",
                    &f.file_name,
                    crate::mail::detect_kind(&f.bytes),
                    f.intake.validated_copy()?,
                    &mut written,
                )?;
            }
            let case_mail = mail.map(|m| CaseMail {
                from_name: m.parsed.from_name.clone().unwrap_or_default(),
                from_address: m.parsed.from_address.clone().unwrap_or_default(),
                sent_at: m.parsed.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
                subject: m.parsed.subject.clone().unwrap_or_default(),
                body_text: m.parsed.body_text.clone(),
                problems: m
                    .parsed
                    .problems
                    .iter()
                    .map(|p| p.message.clone())
                    .collect(),
            });
            let actor = self.actor_id();
            let written_ref = &written;
            self.write_with(|tx, now| {
                let (id, _) = insert_case(tx, &input, received, case_mail.as_ref(), actor, now)?;
                if let Some(m) = &case_mail {
                    tx.execute(
                        "INSERT INTO case_mails (case_id, from_name, from_address, sent_at, subject, body_text, problems)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![id, m.from_name, m.from_address, m.sent_at, m.subject, m.body_text, codes(&m.problems)],
                    )?;
                    add_event(tx, id, actor, "mail_imported", serde_json::json!({ "attachments": mail.map_or(0, |m| m.parsed.attachments.len()), "problems": m.problems.len() }), now)?;
                }
                for w in written_ref {
                    insert_attachment(tx, id, w, actor, now)?;
                }
                for doc in &refused {
                    add_event(tx, id, actor, "scan_refused", serde_json::json!({ "docType": doc.doc_type.code() }), now)?;
                }
                let detail = format!("channel={} files={}", input.channel.code(), written_ref.len());
                Ok((id, Action::CaseCreated, Target::of("case", id), detail))
            })
        })();
        match result {
            Ok(id) => self.case_detail(id),
            Err(e) => {
                for w in &written {
                    blobs.remove(&w.blob);
                }
                Err(e)
            }
        }
    }

    /// Saves an edited case; the timeline records what changed, the audit
    /// log only which fields.
    pub fn update_case(
        &mut self,
        id: i64,
        input: &CaseInput,
        today: NaiveDate,
    ) -> Result<CaseDetail, StoreError> {
        let before = self.case(id)?;
        let (input, received) = input.validated(today)?;
        let changed = changed_fields(&before.input, &input);
        if changed.is_empty() {
            return self.case_detail(id);
        }
        let mail = self.case_mail(id)?;
        let actor = self.actor_id();
        self.write(Action::CaseEdited, Target::of("case", id), &format!("fields={}", changed.join(",")), |tx, now| {
            let r = &input.requester;
            tx.execute(
                "UPDATE cases SET channel = ?2, received_on = ?3, requester_name = ?4, requester_kana = ?5, postal_code = ?6,
                    address = ?7, phone = ?8, email = ?9, registered_email = ?10, registered_phone = ?11, requester_type = ?12,
                    agent_name = ?13, agent_kana = ?14, agent_contact = ?15, agent_relationship = ?16, kinds = ?17,
                    data_concerned = ?18, requested_correction = ?19, disclosure_method = ?20, specific_personal_info = ?21,
                    enclosures = ?22, enclosures_note = ?23, memo = ?24, kind_mask = ?25, updated_at = ?26,
                    policy_version_id = ?27
                 WHERE id = ?1",
                params![
                    id, input.channel.code(), received.format("%Y-%m-%d").to_string(), r.name, r.kana, r.postal_code, r.address,
                    r.phone, r.email, r.registered_email, r.registered_phone, input.requester_type.code(), input.agent.name,
                    input.agent.kana, input.agent.contact, input.agent.relationship, kinds_json(&input.kinds), input.data_concerned,
                    input.requested_correction, input.disclosure_method.code(), input.specific_personal_info,
                    codes(&input.enclosures.iter().map(|e| e.code()).collect::<Vec<_>>()), input.enclosures_note, input.memo,
                    kind_mask(&input.kinds), now,
                    policy_version_for(tx, input.policy_id, Some((before.input.policy_id, before.policy_version_id)))?
                ],
            )?;
            tx.execute(
                "UPDATE case_search SET text = ?2 WHERE rowid = ?1",
                params![id, search_text(&before.receipt_no, &input, mail.as_ref())],
            )?;
            tx.execute("UPDATE case_names SET key = ?2 WHERE case_id = ?1", params![id, name_key(&input)])?;
            crate::fees::refresh_due(tx, id)?;
            add_event(tx, id, actor, "edited", serde_json::json!({ "fields": changed }), now)
        })?;
        self.case_detail(id)
    }

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
        let on = on.unwrap_or_else(|| chrono::Local::now().date_naive());
        let reason = text::clean(reason);
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
        crate::decisions::check_move(self, id, status)?;
        if status.needs_reason() && reason.is_empty() {
            return Err(StoreError::invalid("reason", "理由を入力してください。"));
        }
        if crate::documents::contains_individual_number(&reason) {
            return Err(StoreError::invalid(
                "reason",
                crate::documents::INDIVIDUAL_NUMBER_MESSAGE,
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
            add_event(tx, id, actor, "status_changed", serde_json::json!({ "from": before.status.code(), "to": status.code(), "reason": reason }), now)
        })?;
        self.case_detail(id)
    }

    /// Adds scans to a case (JPEG, PNG, PDF; under 50 MB; judged by content).
    pub fn add_files(&mut self, id: i64, files: &[IncomingFile]) -> Result<CaseDetail, StoreError> {
        self.case(id)?;
        let kinds = files
            .iter()
            .map(check_scan)
            .collect::<Result<Vec<_>, _>>()?;
        let docs = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                f.intake.check_keepable(i + 1)?;
                f.intake.validated_copy()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let blobs = self.blobs();
        let mut written = Vec::new();
        for f in files {
            match blobs.put(&f.bytes) {
                Ok(b) => written.push(b),
                Err(e) => {
                    written.iter().for_each(|b| blobs.remove(b));
                    return Err(e.into());
                }
            }
        }
        let actor = self.actor_id();
        let result = self.write(
            Action::AttachmentAdded,
            Target::of("case", id),
            &format!("files={}", files.len()),
            |tx, now| {
                for (((f, kind), blob), doc) in files.iter().zip(&kinds).zip(&written).zip(&docs) {
                    let w = Written {
                        blob: blob.clone(),
                        origin: "scan",
                        name: crate::mail::stored_file_name(&f.file_name),
                        kind: *kind,
                        size: f.bytes.len(),
                        sha: hex::encode(Sha256::digest(&f.bytes)),
                        doc: doc.clone(),
                    };
                    insert_attachment(tx, id, &w, actor, now)?;
                }
                Ok(())
            },
        );
        if let Err(e) = result {
            written.iter().for_each(|b| blobs.remove(b));
            return Err(e);
        }
        self.case_detail(id)
    }

    /// The decrypted bytes of an attachment; the view is audited.
    pub fn attachment_bytes(
        &mut self,
        attachment_id: i64,
    ) -> Result<(Attachment, zeroize::Zeroizing<Vec<u8>>), StoreError> {
        let (case_id, blob, att): (i64, String, Attachment) = self
            .conn
            .query_row(
                "SELECT case_id, blob_id, id, origin, file_name, kind, size, added_at FROM attachments WHERE id = ?1",
                [attachment_id],
                |r| Ok((r.get(0)?, r.get(1)?, row_to_attachment_at(r, 2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let bytes = self.blobs().get(&blob)?;
        self.write(
            Action::AttachmentViewed,
            Target::of("attachment", attachment_id),
            &format!("case={case_id}"),
            |_, _| Ok(()),
        )?;
        Ok((att, bytes))
    }

    pub fn case(&self, id: i64) -> Result<Case, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?1"),
                [id],
                row_to_case,
            )
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    fn case_mail(&self, id: i64) -> Result<Option<CaseMail>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT from_name, from_address, sent_at, subject, body_text, problems FROM case_mails WHERE case_id = ?1",
                [id],
                |r| {
                    Ok(CaseMail {
                        from_name: r.get(0)?,
                        from_address: r.get(1)?,
                        sent_at: r.get(2)?,
                        subject: r.get(3)?,
                        body_text: r.get(4)?,
                        problems: decode_list(&r.get::<_, String>(5)?),
                    })
                },
            )
            .optional()?)
    }

    /// Everything about a case, for its page. Not audited (see `view_case`).
    pub fn case_detail(&self, id: i64) -> Result<CaseDetail, StoreError> {
        let case = self.case(id)?;
        let mut stmt = self.conn.prepare("SELECT id, origin, file_name, kind, size, added_at FROM attachments WHERE case_id = ?1 ORDER BY id")?;
        let attachments = stmt
            .query_map([id], |r| row_to_attachment_at(r, 0))?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, at, actor_id, kind, detail FROM case_events WHERE case_id = ?1 ORDER BY id",
        )?;
        let events = stmt
            .query_map([id], |r| {
                Ok(CaseEvent {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor_id: r.get(2)?,
                    kind: r.get(3)?,
                    detail: serde_json::from_str(&r.get::<_, String>(4)?)
                        .unwrap_or(serde_json::Value::Null),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(CaseDetail {
            case,
            attachments,
            mail: self.case_mail(id)?,
            events,
        })
    }

    /// Opens a case page: the view is audited (who looked at which case).
    pub fn view_case(&mut self, id: i64) -> Result<CaseDetail, StoreError> {
        let detail = self.case_detail(id)?;
        self.write(
            Action::CaseViewed,
            Target::of("case", id),
            "",
            |_, _| Ok(()),
        )?;
        Ok(detail)
    }

    /// The register: filtered, sorted, one page.
    pub fn list_cases(&self, q: &CaseQuery) -> Result<CasePage, StoreError> {
        query_cases(&self.conn, q)
    }
}

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

const OPEN: &str = "c.status NOT IN ('completed', 'withdrawn', 'mistaken')";

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
        Queue::AwaitingFee => format!(
            "{OPEN} AND (c.status = 'awaiting_fee' OR {})",
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
            q.as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
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

fn row_to_attachment_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(at)?,
        origin: r.get(at + 1)?,
        file_name: r.get(at + 2)?,
        kind: FileKind::from_code(&r.get::<_, String>(at + 3)?).unwrap_or(FileKind::Unknown),
        size: r.get(at + 4)?,
        added_at: r.get(at + 5)?,
    })
}

/// The label a form field is shown with, for timeline summaries.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "channel" => "受付経路",
        "receivedOn" => "受付日",
        "requester.name" => "氏名",
        "requester.kana" => "フリガナ",
        "requester.postalCode" => "郵便番号",
        "requester.address" => "住所",
        "requester.phone" => "電話番号",
        "requester.email" => "メールアドレス",
        "requester.registeredEmail" => "登録メールアドレス",
        "requester.registeredPhone" => "登録電話番号",
        "requesterType" => "本人・代理人の別",
        "agent" => "代理人",
        "kinds" => "請求の種類",
        "dataConcerned" => "対象となる個人データ",
        "requestedCorrection" => "訂正等の内容",
        "disclosureMethod" => "開示の方法",
        "specificPersonalInfo" => "特定個人情報",
        "enclosures" => "同封物",
        "memo" => "メモ",
        "policyId" => "ポリシー",
        _ => "その他の項目",
    }
}

/// One line of Japanese for a timeline event, e.g. 「修正: 氏名、住所」.
pub fn event_summary(e: &CaseEvent) -> String {
    let s = |k: &str| {
        e.detail
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    match e.kind.as_str() {
        "created" => format!(
            "登録（受付経路: {}）",
            Channel::from_code(&s("channel"))
                .map(|c| c.label())
                .unwrap_or("不明")
        ),
        "mail_imported" => {
            let n = e
                .detail
                .get("attachments")
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            let p = e
                .detail
                .get("problems")
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            let mut t = format!("メールを取り込み（添付{n}件）");
            if p > 0 {
                t.push_str(&format!("・読み取れなかった部分{p}件"));
            }
            t
        }
        "attachment_added" => {
            let doc = crate::documents::DocType::from_code(&s("docType"))
                .filter(|d| *d != crate::documents::DocType::Unclassified);
            let masked = e
                .detail
                .get("masked")
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            let mut t = format!("ファイルを添付: {}", s("fileName"));
            if let Some(d) = doc {
                t.push_str(&format!(
                    "（{}{}）",
                    d.label(),
                    if masked { "・マスク済" } else { "" }
                ));
            }
            t
        }
        "scan_refused" => format!(
            "マスクが必要な書類を保存せず破棄: {}",
            crate::documents::DocType::from_code(&s("docType"))
                .map(|d| d.label())
                .unwrap_or("書類")
        ),
        "document_classified" => format!(
            "書類の種類を設定: {}",
            crate::documents::DocType::from_code(&s("docType"))
                .map(|d| d.label())
                .unwrap_or("未分類")
        ),
        "attachment_masked" => "添付ファイルを黒塗りして置き換え（元の画像は削除）".into(),
        "complaint_created" => format!(
            "{}を登録",
            crate::complaints::ComplaintCategory::from_code(&s("category"))
                .map_or("苦情・相談", |c| c.label())
        ),
        "complaint_step" => format!(
            "{}を記録（{}）",
            crate::complaints::ComplaintStep::from_code(&s("step")).map_or("対応", |c| c.label()),
            s("doneOn")
        ),
        "legal_hold_set" => format!("保全を設定: {}", s("reason")),
        "legal_hold_released" => "保全を解除".into(),
        "documents_disposed" => {
            let n = |k: &str| e.detail.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
            format!(
                "保存期間の満了により請求書類を廃棄（ファイル{}件・メール{}件）",
                n("files"),
                n("mails")
            )
        }
        "payment_recorded" => {
            let amount = e.detail.get("amount").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
            let verb = if s("direction") == "refund" {
                "返金・返却"
            } else {
                "入金"
            };
            format!(
                "手数料の{verb}: {}円（{}）",
                crate::policy::yen(amount),
                s("breakdown")
            )
        }
        "clock_paused" => format!(
            "期限を停止（{}、{}から）",
            crate::fees::PauseReason::from_code(&s("reason"))
                .map(|r| r.label())
                .unwrap_or("停止"),
            s("from")
        ),
        "clock_resumed" => format!("期限を再開（{}から）", s("to")),
        "investigation_noted" => "調査を記録".into(),
        "letter_issued" => format!("文書を発行: {}（{}）", s("name"), s("documentNo")),
        "letter_output" => format!(
            "文書を{}: {}",
            if s("how") == "printed" {
                "印刷"
            } else {
                "PDFで保存"
            },
            s("documentNo")
        ),
        "letter_mailed" => {
            let method = crate::letters::MailMethod::from_code(&s("method"))
                .map(|m| m.label())
                .unwrap_or("発送");
            let tracking = s("trackingNo");
            let mut t = format!(
                "文書を発送: {}（{}・{}",
                s("documentNo"),
                s("sentOn"),
                method
            );
            if !tracking.is_empty() {
                t.push_str(&format!("・お問い合わせ番号 {tracking}"));
            }
            t.push('）');
            t
        }
        "decision_recorded" => format!(
            "決定を記録: {} → {}",
            RequestKind::from_code(&s("kind"))
                .map(|k| k.label())
                .unwrap_or(""),
            crate::decisions::Outcome::from_code(&s("outcome"))
                .map(|o| o.label())
                .unwrap_or("")
        ),
        "decisions_reviewed" => {
            if e.detail
                .get("approved")
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
            {
                "管理者が決定を承認".into()
            } else {
                format!("管理者が決定を差戻し（理由: {}）", s("note"))
            }
        }
        "fee_warning_decided" => {
            if e.detail
                .get("keep")
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
            {
                "法第38条の警告を承知のうえ、ポリシーどおり手数料を請求".into()
            } else {
                "法第38条で認められない手数料を請求しないことに決定".into()
            }
        }
        "verification_marked" => format!(
            "本人確認: {} を「{}」に",
            s("item"),
            crate::verification::CheckStatus::from_code(&s("status"))
                .map(|c| c.label())
                .unwrap_or("")
        ),
        "original_logged" => {
            let doc = crate::documents::DocType::from_code(&s("docType"))
                .map(|d| d.label())
                .unwrap_or("書類");
            match s("state").as_str() {
                "returned" => format!(
                    "原本を返却: {doc}（{}・{}）",
                    s("returnedOn"),
                    s("returnMethod")
                ),
                "kept" => format!("原本を保管: {doc}"),
                _ => format!("原本を受領: {doc}（{}）", s("receivedOn")),
            }
        }
        "edited" => {
            let fields: Vec<&str> = e
                .detail
                .get("fields")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.as_str())
                        .map(field_label)
                        .collect()
                })
                .unwrap_or_default();
            format!("修正: {}", fields.join("、"))
        }
        "status_changed" => {
            let label = |k: &str| {
                CaseStatus::from_code(&s(k))
                    .map(|c| c.label())
                    .unwrap_or("不明")
            };
            let reason = s("reason");
            if reason.is_empty() {
                format!("状態を変更: {} → {}", label("from"), label("to"))
            } else {
                format!(
                    "状態を変更: {} → {}（理由: {reason}）",
                    label("from"),
                    label("to")
                )
            }
        }
        _ => "記録".to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn summary_len_counts_the_summary_columns() {
        assert_eq!(SUMMARY_COLUMNS.split(',').count(), SUMMARY_LEN);
    }

    use super::*;

    #[test]
    fn search_key_folds_width_kana_and_dashes() {
        assert_eq!(search_key("タカハシ　ハナコ"), "たかはしはなこ");
        assert_eq!(search_key("ﾀｶﾊｼ"), "たかはし");
        assert_eq!(search_key("03-1234-5678"), "0312345678");
        assert_eq!(search_key("ＨＡＮＡＫＯ@Example.JP"), "hanako@example.jp");
        assert_eq!(search_key("髙橋"), "髙橋");
    }

    #[test]
    fn kinds_are_suggested_from_words() {
        assert_eq!(
            suggest_kinds("保有個人データの開示および削除を請求します"),
            vec![RequestKind::Disclosure, RequestKind::Deletion]
        );
        assert_eq!(
            suggest_kinds("第三者提供記録の開示請求"),
            vec![RequestKind::ThirdPartyRecord]
        );
        assert_eq!(
            suggest_kinds("利用停止のお願い"),
            vec![RequestKind::Suspension]
        );
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()
    }

    #[test]
    fn bad_values_are_reported_at_their_fields() {
        let mut input = CaseInput::blank(Channel::Post, today());
        input.received_on = "2026-12-11".into();
        input.requester.postal_code = "123456".into();
        input.requester.email = "hanako.example.jp".into();
        input.requester.kana = "hanako".into();
        let StoreError::Invalid(errors) = input.validated(today()).unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "receivedOn",
                "requester.name",
                "requester.kana",
                "requester.postalCode",
                "requester.email",
                "kinds"
            ]
        );
        assert!(errors[0].message.contains("未来"));
    }

    #[test]
    fn full_width_input_is_accepted_and_normalised() {
        let mut input = CaseInput::blank(Channel::Post, today());
        input.received_on = "２０２６年１２月１日".into();
        input.requester.name = "見本　花子".into();
        input.requester.kana = "ミホン　ハナコ".into();
        input.requester.postal_code = "〒１００ー０００１".into();
        input.kinds = vec![
            RequestKind::Deletion,
            RequestKind::Disclosure,
            RequestKind::Disclosure,
        ];
        let (v, d) = input.validated(today()).unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(v.requester.postal_code, "100-0001");
        assert_eq!(
            v.kinds,
            vec![RequestKind::Disclosure, RequestKind::Deletion]
        );
        assert_eq!(v.requester.name, "見本 花子");
    }
}
