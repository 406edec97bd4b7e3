//! The case as the desk records it: who asked (本人 or 代理人), what for, how
//! it came, its status in the workflow, and the closed lists its history
//! speaks of (本人確認 marks, 発送方法, the steps of a 苦情・相談). Plain
//! types; storage is in `rows`, validation in `validate`.

use crate::intake::channel::Channel;
use crate::intake::content::FileKind;
use crate::policy::law::RequestKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

coded_enum!(
    /// Where a kept file came from.
    AttachmentOrigin {
        /// The mail itself, as received (its attachments inside).
        Eml = "eml", "メール（原本）";
        MailAttachment = "mail_attachment", "メールの添付";
        Scan = "scan", "スキャン";
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    /// An [`AttachmentOrigin`] code.
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

// The closed lists a case's history (its events) speaks of. They are kept
// with the case so the timeline can name them; the modules that work with
// them (verification, letters, complaints) are in the layers above.

coded_enum!(
    CheckStatus {
        Pending = "pending", "未確認";
        Ok = "ok", "確認済";
        Ng = "ng", "不備";
    }
);

coded_enum!(
    /// 発送方法.
    MailMethod {
        Ordinary = "ordinary", "普通郵便";
        SpecifiedRecord = "specified_record", "特定記録";
        SimpleRegistered = "simple_registered", "簡易書留";
        RestrictedDelivery = "restricted_delivery", "本人限定受取郵便";
        Email = "email", "メール添付";
    }
);

coded_enum!(
    ComplaintCategory {
        Complaint = "complaint", "苦情";
        Consultation = "consultation", "相談";
    }
);

coded_enum!(
    /// The four steps, in order.
    ComplaintStep {
        FirstResponse = "first_response", "一次対応";
        Investigation = "investigation", "調査・検討";
        Improvement = "improvement", "改善措置";
        Reply = "reply", "回答・報告";
    }
);

coded_enum!(
    /// Why the clock stopped.
    PauseReason {
        IdDocuments = "id_documents", "本人確認書類待ち";
        Fee = "fee", "手数料待ち";
        Clarification = "clarification", "請求内容の確認待ち";
    }
);

coded_enum!(
    PaymentDirection {
        In = "in", "受領";
        Refund = "refund", "返金・返却";
    }
);

#[allow(clippy::derivable_impls)] // coded_enum! derives no Default
impl Default for PaymentDirection {
    fn default() -> Self {
        PaymentDirection::In
    }
}

/// The SQL condition of an open case ([`CaseStatus::is_open`]) on `cases c`.
pub(crate) const OPEN: &str = "c.status NOT IN ('completed', 'withdrawn', 'mistaken')";
