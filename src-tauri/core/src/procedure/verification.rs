//! 本人確認: the checklist a case's policy version asks for, evaluated from
//! what the desk has — the registered contact details, the documents (with
//! their types and dates), the originals received by post — and the
//! officer's marks. The result is 本人確認済, or 不備 with what is missing
//! (what the 追加提出のお願い letter will list).
//!
//! Automatic findings that fail (an email that does not match, an expired
//! licence, a certificate issued too long ago) cannot be overridden by a
//! mark: the fix is to get the right document, not to tick a box.

use crate::case::model::{Case, RequesterType};
use crate::intake::documents::{DocInfo, DocType};
use crate::kernel::error::FieldError;
use crate::kernel::wareki::wareki;
use crate::policy::{AgentRules, DocumentsNeeded, IdentityMethod, PolicyBody, ScanRequired};
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::{Months, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckItem {
    /// Stable within a case, e.g. `identity.registered_email`, `agent.seal_certificate`.
    pub key: String,
    pub label: String,
    pub status: CheckStatus,
    /// Decided by the app from the case's data (not by a mark).
    pub auto: bool,
    /// Why: what matched, what failed and how, what is still needed.
    pub detail: String,
    pub note: String,
    pub marked_by: String,
    pub marked_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckGroup {
    pub key: String,
    pub title: String,
    /// How the items combine, e.g. 「いずれか1つで確認できれば足ります」.
    pub rule: String,
    pub satisfied: bool,
    pub items: Vec<CheckItem>,
}

/// A kept attachment as a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentCheck {
    pub attachment_id: i64,
    pub file_name: String,
    pub kind: String,
    pub doc: DocInfo,
    pub masked: bool,
    pub needs_mask: bool,
    pub problems: Vec<String>,
}

/// 原本の記録.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OriginalRecord {
    pub id: i64,
    pub doc_type: DocType,
    pub received_on: String,
    pub issued_on: String,
    pub returned_on: String,
    pub return_method: String,
    pub kept_reason: String,
    pub note: String,
    /// 受領のみ / 返却済 / 保管
    pub state: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OriginalInput {
    pub doc_type: DocType,
    pub received_on: String,
    pub issued_on: String,
    pub returned_on: String,
    /// 簡易書留, 特定記録郵便, 普通郵便, 手渡し …
    pub return_method: String,
    /// Why it is kept instead of returned.
    pub kept_reason: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    pub case_id: i64,
    /// The policy version the case follows, e.g. 「MeeTwo（第2版）」; empty
    /// without one.
    pub policy_label: String,
    pub groups: Vec<CheckGroup>,
    pub verified: bool,
    /// 本人確認済 / 不備 / ポリシー未設定
    pub result: String,
    /// What is still needed, in the words of the 追加提出のお願い letter.
    pub missing: Vec<String>,
    pub documents: Vec<DocumentCheck>,
    pub originals: Vec<OriginalRecord>,
    /// APPI 38条: the policy charges a fee for a kind this case requests
    /// that the law allows no fee for (the desk must decide before asking).
    pub fee_warnings: Vec<String>,
}

struct Mark {
    status: CheckStatus,
    note: String,
    by: String,
    at: String,
}

use crate::case::events::Event;
use crate::case::events::OriginalState;
use crate::case::model::CheckStatus;
use crate::kernel::text::{day_field, iso_day as day};

/// Whether a document issued on `issued` may be accepted on `received`
/// under "issued within `months` months"; the failure explained.
pub fn issued_within(issued: NaiveDate, received: NaiveDate, months: u32) -> Result<(), String> {
    let earliest = received
        .checked_sub_months(Months::new(months))
        .unwrap_or(received);
    if issued < earliest {
        Err(format!(
            "発行日 {} は、受領日 {} から{}か月以内（{}以降）ではありません。",
            wareki(issued),
            wareki(received),
            months,
            wareki(earliest)
        ))
    } else if issued > received {
        Err(format!(
            "発行日 {} が受領日 {} より後になっています。日付を確認してください。",
            wareki(issued),
            wareki(received)
        ))
    } else {
        Ok(())
    }
}

/// An ID document must be valid on the day the request was received.
pub fn valid_on(expires: NaiveDate, received: NaiveDate) -> Result<(), String> {
    if expires < received {
        Err(format!(
            "有効期限 {} が受付日 {} より前に切れています。",
            wareki(expires),
            wareki(received)
        ))
    } else {
        Ok(())
    }
}

/// One document the desk has: a kept attachment or a logged original.
struct Held {
    doc: DocType,
    original: bool,
    received: NaiveDate,
    issued: Option<NaiveDate>,
    expires: Option<NaiveDate>,
}

fn item(
    key: &str,
    label: impl Into<String>,
    status: CheckStatus,
    auto: bool,
    detail: impl Into<String>,
) -> CheckItem {
    CheckItem {
        key: key.into(),
        label: label.into(),
        status,
        auto,
        detail: detail.into(),
        note: String::new(),
        marked_by: String::new(),
        marked_at: String::new(),
    }
}

/// Applies an officer's mark where the app's own finding did not fail.
fn apply_mark(mut it: CheckItem, marks: &std::collections::HashMap<String, Mark>) -> CheckItem {
    if let Some(m) = marks.get(&it.key) {
        it.note = m.note.clone();
        it.marked_by = m.by.clone();
        it.marked_at = m.at.clone();
        if !(it.auto && it.status == CheckStatus::Ng) {
            it.status = m.status;
            it.auto = false;
        }
    }
    it
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

fn identity_group(
    case: &Case,
    policy: &PolicyBody,
    held: &[Held],
    marks: &std::collections::HashMap<String, Mark>,
    missing: &mut Vec<String>,
) -> CheckGroup {
    let rules = &policy.identity;
    let r = &case.input.requester;
    let mut items = Vec::new();
    for method in &rules.methods {
        let key = format!("identity.{}", method.code());
        let it = match method {
            IdentityMethod::RegisteredEmail => {
                if r.registered_email.is_empty() {
                    item(&key, method.label(), CheckStatus::Pending, true, "登録メールアドレスが未入力です。会社が保有する登録情報を案件に入力すると、自動で照合します。")
                } else if r.email.is_empty() {
                    item(&key, method.label(), CheckStatus::Pending, true, "請求者のメールアドレスが未入力です。")
                } else if lower(&r.email) == lower(&r.registered_email) {
                    item(&key, method.label(), CheckStatus::Ok, true, "請求者のメールアドレスが登録メールアドレスと一致しました。")
                } else {
                    item(&key, method.label(), CheckStatus::Ng, true, "請求者のメールアドレスが登録メールアドレスと一致しません。ほかの方法で本人確認が必要です。")
                }
            }
            IdentityMethod::RegisteredPhone => {
                let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
                if r.registered_phone.is_empty() || r.phone.is_empty() {
                    item(&key, method.label(), CheckStatus::Pending, true, "電話番号または登録電話番号が未入力です。")
                } else if digits(&r.phone) == digits(&r.registered_phone) {
                    item(&key, method.label(), CheckStatus::Ok, true, "請求者の電話番号が登録電話番号と一致しました。")
                } else {
                    item(&key, method.label(), CheckStatus::Ng, true, "請求者の電話番号が登録電話番号と一致しません。")
                }
            }
            IdentityMethod::HeldData => item(
                &key,
                method.label(),
                CheckStatus::Pending,
                false,
                "請求書の氏名・住所・生年月日などを、会社が保有するデータと照合して記録してください。",
            ),
            IdentityMethod::IdDocument => id_document_item(&key, case, policy, held),
        };
        items.push(apply_mark(it, marks));
    }
    let ok = |code: &str| {
        items
            .iter()
            .any(|i| i.key == format!("identity.{code}") && i.status == CheckStatus::Ok)
    };
    let by_document = ok("id_document");
    let by_match = ok("registered_email") || ok("registered_phone") || ok("held_data");
    let satisfied = match rules.scan_required {
        ScanRequired::Always => by_document,
        ScanRequired::UnlessMatched | ScanRequired::Never => by_match || by_document,
    };
    let rule = match rules.scan_required {
        ScanRequired::Always => "本人確認書類の写しが必要です。",
        ScanRequired::UnlessMatched => {
            "いずれか1つで確認できれば足ります。登録情報と一致しない場合は本人確認書類が必要です。"
        }
        ScanRequired::Never => "いずれか1つで確認できれば足ります。",
    };
    if !satisfied {
        let needs_document = rules.scan_required != ScanRequired::Never
            && (rules.scan_required == ScanRequired::Always
                || rules.methods.contains(&IdentityMethod::IdDocument)
                || !by_match);
        if needs_document && rules.methods.contains(&IdentityMethod::IdDocument) {
            missing.push(format!(
                "本人確認書類が必要です（{}）",
                accepted_documents_text(policy)
            ));
        } else {
            missing.push("ご本人であることの確認（登録情報との照合）".into());
        }
    }
    CheckGroup {
        key: "identity".into(),
        title: "本人確認".into(),
        rule: rule.into(),
        satisfied,
        items,
    }
}

fn accepted_documents_text(policy: &PolicyBody) -> String {
    let photo: Vec<&str> = policy
        .identity
        .id_documents
        .iter()
        .filter(|d| d.is_photo_id())
        .map(|d| d.label())
        .collect();
    let other: Vec<&str> = policy
        .identity
        .id_documents
        .iter()
        .filter(|d| d.is_non_photo_id())
        .map(|d| d.label())
        .collect();
    match (photo.is_empty(), other.is_empty()) {
        (false, false) => format!(
            "{}のいずれか1点、または{}のうち{}点の写し",
            photo.join("・"),
            other.join("・"),
            policy.identity.non_photo_count
        ),
        (false, true) => format!("{}のいずれか1点の写し", photo.join("・")),
        (true, false) => format!(
            "{}のうち{}点の写し",
            other.join("・"),
            policy.identity.non_photo_count
        ),
        (true, true) => "本人確認書類の写し".into(),
    }
}

fn id_document_item(key: &str, case: &Case, policy: &PolicyBody, held: &[Held]) -> CheckItem {
    let label = "写真付き本人確認書類（または写真なし2点）";
    let accepted: Vec<&Held> = held
        .iter()
        .filter(|h| policy.identity.id_documents.contains(&h.doc))
        .collect();
    let mut failures = Vec::new();
    let mut photo = 0;
    let mut non_photo = 0;
    for h in &accepted {
        if let Some(expires) = h.expires {
            if let Err(why) = valid_on(expires, case.received_on) {
                failures.push(format!("{}: {why}", h.doc.label()));
                continue;
            }
        }
        if h.doc.is_photo_id() {
            photo += 1;
        } else {
            non_photo += 1;
        }
    }
    let needed = usize::from(policy.identity.non_photo_count);
    if photo >= 1 {
        item(
            key,
            label,
            CheckStatus::Ok,
            true,
            "顔写真付きの本人確認書類を受領しています。",
        )
    } else if non_photo >= needed {
        item(
            key,
            label,
            CheckStatus::Ok,
            true,
            format!("顔写真のない本人確認書類を{non_photo}点受領しています。"),
        )
    } else if !failures.is_empty() {
        item(key, label, CheckStatus::Ng, true, failures.join(" "))
    } else if non_photo > 0 {
        item(
            key,
            label,
            CheckStatus::Pending,
            true,
            format!("顔写真のない書類はあと{}点必要です。", needed - non_photo),
        )
    } else {
        item(
            key,
            label,
            CheckStatus::Pending,
            true,
            "本人確認書類がまだありません。添付ファイルに書類の種類を設定すると自動で判定します。",
        )
    }
}

fn agent_group(
    case: &Case,
    rules: &AgentRules,
    kind_label: &str,
    held: &[Held],
    marks: &std::collections::HashMap<String, Mark>,
    missing: &mut Vec<String>,
) -> CheckGroup {
    let mut items = Vec::new();
    if !rules.accepted {
        items.push(item(
            "agent.not_accepted",
            format!("{kind_label}による請求"),
            CheckStatus::Ng,
            true,
            format!("このポリシーでは{kind_label}による請求を受け付けていません。"),
        ));
        missing.push(format!("{kind_label}による請求は受け付けていません"));
        return CheckGroup {
            key: "agent".into(),
            title: format!("代理権の確認（{kind_label}）"),
            rule: String::new(),
            satisfied: false,
            items,
        };
    }
    for rule in &rules.documents {
        let mut label = rule.doc.label().to_string();
        let mut conditions = Vec::new();
        if rule.original_required {
            conditions.push("原本".to_string());
        }
        if let Some(m) = rule.issued_within_months {
            conditions.push(format!("発行後{m}か月以内"));
        }
        if !conditions.is_empty() {
            label = format!("{label}（{}）", conditions.join("・"));
        }
        let key = format!("agent.{}", rule.doc.code());
        let candidates: Vec<&Held> = held.iter().filter(|h| h.doc == rule.doc).collect();
        let usable: Vec<&&Held> = candidates
            .iter()
            .filter(|h| h.original || !rule.original_required)
            .collect();
        let it = if candidates.is_empty() {
            item(
                &key,
                &label,
                CheckStatus::Pending,
                true,
                "まだ受領していません。",
            )
        } else if usable.is_empty() {
            item(&key, &label, CheckStatus::Pending, true, "写しのみ受領しています。原本が必要です（原本を受領したら「原本の記録」に登録してください）。")
        } else if let Some(months) = rule.issued_within_months {
            let mut failures = Vec::new();
            let mut ok = false;
            let mut undated = false;
            for h in &usable {
                match h.issued {
                    None => undated = true,
                    Some(issued) => match issued_within(issued, h.received, months) {
                        Ok(()) => ok = true,
                        Err(why) => failures.push(why),
                    },
                }
            }
            if ok {
                item(
                    &key,
                    &label,
                    CheckStatus::Ok,
                    true,
                    format!("発行後{months}か月以内のものを受領しています。"),
                )
            } else if undated {
                item(
                    &key,
                    &label,
                    CheckStatus::Pending,
                    true,
                    "発行日を入力すると有効期間を判定します。",
                )
            } else {
                item(
                    &key,
                    &label,
                    CheckStatus::Ng,
                    true,
                    format!("受け付けられません。{}", failures.join(" ")),
                )
            }
        } else {
            item(
                &key,
                &label,
                CheckStatus::Ok,
                true,
                if rule.original_required {
                    "原本を受領しています。"
                } else {
                    "受領しています。"
                },
            )
        };
        items.push(apply_mark(it, marks));
    }
    if rules.agent_id_required {
        items.push(apply_mark(
            item(
                "agent.agent_id",
                "代理人の本人確認書類",
                CheckStatus::Pending,
                false,
                "代理人本人の本人確認書類を確認して記録してください。",
            ),
            marks,
        ));
    }
    let doc_items: Vec<&CheckItem> = items.iter().filter(|i| i.key != "agent.agent_id").collect();
    let docs_ok = match rules.documents_needed {
        DocumentsNeeded::All => doc_items.iter().all(|i| i.status == CheckStatus::Ok),
        DocumentsNeeded::Any => doc_items.iter().any(|i| i.status == CheckStatus::Ok),
    };
    let id_ok = items
        .iter()
        .filter(|i| i.key == "agent.agent_id")
        .all(|i| i.status == CheckStatus::Ok);
    if !docs_ok {
        let names: Vec<String> = doc_items
            .iter()
            .filter(|i| i.status != CheckStatus::Ok)
            .map(|i| i.label.clone())
            .collect();
        match rules.documents_needed {
            DocumentsNeeded::All => missing.extend(names),
            DocumentsNeeded::Any => missing.push(format!("{}のいずれか", names.join("または"))),
        }
    }
    if !id_ok {
        missing.push("代理人の本人確認書類".into());
    }
    let _ = case;
    CheckGroup {
        key: "agent".into(),
        title: format!("代理権の確認（{kind_label}）"),
        rule: match rules.documents_needed {
            DocumentsNeeded::All => "すべての書類が必要です。".into(),
            DocumentsNeeded::Any => "書類はいずれか1つで足ります。".into(),
        },
        satisfied: docs_ok && id_ok,
        items,
    }
}

/// The checklist of a case under a policy, from what is held and marked.
fn evaluate(
    case: &Case,
    policy: Option<(&str, &PolicyBody)>,
    documents: Vec<DocumentCheck>,
    originals: Vec<OriginalRecord>,
    marks: &std::collections::HashMap<String, Mark>,
) -> Verification {
    let mut held: Vec<Held> = documents
        .iter()
        .filter(|d| d.doc.doc_type != DocType::Unclassified)
        .map(|d| Held {
            doc: d.doc.doc_type,
            original: false,
            received: case.received_on,
            issued: day(&d.doc.issued_on),
            expires: day(&d.doc.expires_on),
        })
        .collect();
    held.extend(originals.iter().map(|o| Held {
        doc: o.doc_type,
        original: true,
        received: day(&o.received_on).unwrap_or(case.received_on),
        issued: day(&o.issued_on),
        expires: None,
    }));
    let mut missing = Vec::new();
    let Some((label, body)) = policy else {
        return Verification {
            case_id: case.id,
            policy_label: String::new(),
            groups: Vec::new(),
            verified: false,
            result: "ポリシー未設定".into(),
            missing: vec!["案件にポリシーを設定してください".into()],
            documents,
            originals,
            fee_warnings: Vec::new(),
        };
    };
    let mut groups = Vec::new();
    match case.input.requester_type {
        RequesterType::Person => {
            groups.push(identity_group(case, body, &held, marks, &mut missing))
        }
        RequesterType::LegalAgent => groups.push(agent_group(
            case,
            &body.legal_agent,
            "法定代理人",
            &held,
            marks,
            &mut missing,
        )),
        RequesterType::AppointedAgent => groups.push(agent_group(
            case,
            &body.appointed_agent,
            "任意代理人",
            &held,
            marks,
            &mut missing,
        )),
    }
    if let Some(g) = request_group(case, body, marks, &mut missing) {
        groups.push(g);
    }
    if documents.iter().any(|d| d.needs_mask && !d.masked) {
        missing.push("マスクが必要な書類の黒塗り".into());
    }
    let verified = groups.iter().all(|g| g.satisfied) && missing.is_empty();
    let fee_warnings = case
        .input
        .kinds
        .iter()
        .filter_map(|&k| {
            body.fee_for(k)
                .and_then(|f| crate::policy::law::fee_warning(k, f.amount_yen))
        })
        .collect();
    Verification {
        case_id: case.id,
        policy_label: label.into(),
        groups,
        verified,
        result: if verified {
            "本人確認済".into()
        } else {
            "不備".into()
        },
        missing,
        documents,
        originals,
        fee_warnings,
    }
}

/// 請求の方法: what the profile sets about how a request is made (APPI
/// 32条1項 lets a company set the 受付経路 and the form to use). Shown only
/// where it asks something of this case:
/// - a case received through a channel the profile does not accept — the
///   desk asks for the designated way, or accepts it and says why;
/// - the company's own 申請書 (`sendsOwnForm`), until it is received; the
///   追加提出のお願い then asks for it by its name (`formName`).
fn request_group(
    case: &Case,
    policy: &PolicyBody,
    marks: &std::collections::HashMap<String, Mark>,
    missing: &mut Vec<String>,
) -> Option<CheckGroup> {
    let mut items = Vec::new();
    if !policy.channels.is_empty() && !policy.channels.contains(&case.input.channel) {
        let accepted = policy.channels.iter().map(|c| c.label()).collect::<Vec<_>>().join("・");
        items.push(apply_mark(
            item(
                "request.channel",
                format!("受付経路（ポリシーの定め: {accepted}）"),
                CheckStatus::Pending,
                false,
                format!(
                    "「{}」で受け付けた請求です。このポリシーは{accepted}による請求を受け付けています。所定の方法で請求し直すよう案内するか、このまま受け付ける場合は「確認済」にして理由をメモに残してください。",
                    case.input.channel.label()
                ),
            ),
            marks,
        ));
    }
    if policy.sends_own_form {
        let form = format!("所定の申請書（{}）", policy.form_name);
        let it = apply_mark(
            item(
                "request.form",
                form.clone(),
                CheckStatus::Pending,
                false,
                "記入済みの申請書を受け取ったら「確認済」にしてください。",
            ),
            marks,
        );
        if it.status != CheckStatus::Ok {
            missing.push(form);
        }
        items.push(it);
    }
    if items.is_empty() {
        return None;
    }
    Some(CheckGroup {
        key: "request".into(),
        title: "請求の方法".into(),
        rule: "ポリシーが定める請求の方法です。".into(),
        satisfied: items.iter().all(|i| i.status == CheckStatus::Ok),
        items,
    })
}

impl OriginalInput {
    pub fn validated(&self, today: NaiveDate) -> Result<OriginalInput, StoreError> {
        let mut errors = Vec::new();
        let mut v = self.clone();
        if v.doc_type == DocType::Unclassified {
            errors.push(FieldError::new("docType", "書類の種類を選んでください。"));
        }
        v.received_on = day_field("receivedOn", "受領日", &v.received_on, true, &mut errors);
        v.issued_on = day_field("issuedOn", "発行日", &v.issued_on, false, &mut errors);
        v.returned_on = day_field("returnedOn", "返却日", &v.returned_on, false, &mut errors);
        for (field, value) in [
            ("receivedOn", &v.received_on),
            ("returnedOn", &v.returned_on),
        ] {
            if day(value).is_some_and(|d| d > today) {
                errors.push(FieldError::new(field, "未来の日付は指定できません。"));
            }
        }
        if let (Some(r), Some(b)) = (day(&v.received_on), day(&v.returned_on)) {
            if b < r {
                errors.push(FieldError::new(
                    "returnedOn",
                    "返却日が受領日より前になっています。",
                ));
            }
        }
        v.return_method = crate::kernel::text::clean(&v.return_method);
        v.return_method =
            crate::kernel::text::free_text("returnMethod", &v.return_method, 50, &mut errors);
        v.kept_reason =
            crate::kernel::text::free_text("keptReason", &v.kept_reason, 500, &mut errors);
        v.note = crate::kernel::text::free_text("note", &v.note, 1000, &mut errors);
        if !v.returned_on.is_empty() && v.return_method.is_empty() {
            errors.push(FieldError::new(
                "returnMethod",
                "返却の方法（簡易書留など）を入力してください。",
            ));
        }
        if !v.returned_on.is_empty() && !v.kept_reason.is_empty() {
            errors.push(FieldError::new(
                "keptReason",
                "返却した原本に保管の理由は記録できません。どちらかにしてください。",
            ));
        }
        if errors.is_empty() {
            Ok(v)
        } else {
            Err(StoreError::Invalid(errors))
        }
    }
}

impl Store {
    /// The case's checklist, documents and originals.
    pub fn verification(&self, case_id: i64) -> Result<Verification, StoreError> {
        let case = self.case(case_id)?;
        let policy = match case.policy_version_id {
            Some(v) => crate::policy::version_body(&self.conn, v)?
                .map(|(_, version, body)| (format!("{}（第{version}版）", body.name), body)),
            None => None,
        };
        let mut stmt = self.conn.prepare(
            "SELECT id, file_name, kind, doc_type, honseki_printed, issued_on, expires_on, masked FROM attachments
             WHERE case_id = ?1 AND origin != 'eml' ORDER BY id",
        )?;
        let rules_by_doc = |doc: DocType| -> Option<u32> {
            let p = policy.as_ref()?;
            p.1.legal_agent
                .documents
                .iter()
                .chain(&p.1.appointed_agent.documents)
                .find(|r| r.doc == doc)
                .and_then(|r| r.issued_within_months)
        };
        let documents: Vec<DocumentCheck> = stmt
            .query_map([case_id], |r| {
                let doc = DocInfo {
                    doc_type: DocType::from_code(&r.get::<_, String>(3)?).unwrap_or_default(),
                    honseki_printed: r.get(4)?,
                    issued_on: r.get(5)?,
                    expires_on: r.get(6)?,
                };
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    doc,
                    r.get::<_, bool>(7)?,
                ))
            })?
            .map(|row| {
                row.map(|(attachment_id, file_name, kind, doc, masked)| {
                    let mut problems = Vec::new();
                    let needs_mask = doc.needs_mask();
                    if needs_mask && !masked {
                        problems.push(format!("マスクが必要です。{}", doc.doc_type.mask_reason()));
                    }
                    if let Some(e) = day(&doc.expires_on) {
                        if let Err(why) = valid_on(e, case.received_on) {
                            problems.push(why);
                        }
                    }
                    if let (Some(i), Some(m)) = (day(&doc.issued_on), rules_by_doc(doc.doc_type)) {
                        if let Err(why) = issued_within(i, case.received_on, m) {
                            problems.push(why);
                        }
                    }
                    DocumentCheck {
                        attachment_id,
                        file_name,
                        kind,
                        doc,
                        masked,
                        needs_mask,
                        problems,
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, doc_type, received_on, issued_on, returned_on, return_method, kept_reason, note FROM originals WHERE case_id = ?1 ORDER BY id",
        )?;
        let originals: Vec<OriginalRecord> = stmt
            .query_map([case_id], |r| {
                let doc_type = DocType::from_code(&r.get::<_, String>(1)?).unwrap_or_default();
                let received_on: String = r.get(2)?;
                let issued_on: String = r.get(3)?;
                let returned_on: String = r.get(4)?;
                let kept_reason: String = r.get(6)?;
                let mut problems = Vec::new();
                if let (Some(i), Some(rv), Some(m)) =
                    (day(&issued_on), day(&received_on), rules_by_doc(doc_type))
                {
                    if let Err(why) = issued_within(i, rv, m) {
                        problems.push(why);
                    }
                }
                let state = if !returned_on.is_empty() {
                    "返却済"
                } else if !kept_reason.is_empty() {
                    "保管"
                } else {
                    "受領（未返却）"
                };
                Ok(OriginalRecord {
                    id: r.get(0)?,
                    doc_type,
                    received_on,
                    issued_on,
                    returned_on,
                    return_method: r.get(5)?,
                    kept_reason,
                    note: r.get(7)?,
                    state: state.into(),
                    problems,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT m.item, m.status, m.note, coalesce(u.display_name, ''), m.at FROM verification_marks m
             LEFT JOIN users u ON u.id = m.actor_id WHERE m.case_id = ?1",
        )?;
        let marks = stmt
            .query_map([case_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Mark {
                        status: CheckStatus::from_code(&r.get::<_, String>(1)?)
                            .unwrap_or(CheckStatus::Pending),
                        note: r.get(2)?,
                        by: r.get(3)?,
                        at: r.get(4)?,
                    },
                ))
            })?
            .collect::<Result<std::collections::HashMap<_, _>, _>>()?;
        Ok(evaluate(
            &case,
            policy.as_ref().map(|(l, b)| (l.as_str(), b)),
            documents,
            originals,
            &marks,
        ))
    }

    /// The officer's mark on a checklist item (with a note), audited and on
    /// the timeline.
    pub fn mark_verification(
        &mut self,
        case_id: i64,
        item: &str,
        status: CheckStatus,
        note: &str,
    ) -> Result<Verification, StoreError> {
        let current = self.verification(case_id)?;
        let Some(it) = current
            .groups
            .iter()
            .flat_map(|g| &g.items)
            .find(|i| i.key == item)
        else {
            return Err(StoreError::invalid(
                "item",
                "この案件の確認項目ではありません。画面を更新してください。",
            ));
        };
        if it.auto && it.status == CheckStatus::Ng && status == CheckStatus::Ok {
            return Err(StoreError::invalid(
                "item",
                format!(
                    "自動判定で不備になっている項目は確認済にできません。{}",
                    it.detail
                ),
            ));
        }
        let note = crate::kernel::text::free_text_only("note", note, 500)?;
        let actor = self.actor_id();
        let label = it.label.clone();
        let key = it.key.clone();
        self.write(Action::VerificationMarked, Target::of("case", case_id), &format!("item={key} status={}", status.code()), |tx, now| {
            tx.execute(
                "INSERT INTO verification_marks (case_id, item, status, note, actor_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (case_id, item) DO UPDATE SET status = excluded.status, note = excluded.note, actor_id = excluded.actor_id, at = excluded.at",
                params![case_id, key, status.code(), note, actor, now],
            )?;
            crate::case::events::add_event(tx, case_id, actor, &Event::VerificationMarked { item: label.to_string(), status: Some(status) }, now)
        })?;
        self.verification(case_id)
    }

    /// Sets what a kept attachment is (type, dates). A type that needs
    /// masking on an attachment kept unmasked is reported by the checklist
    /// until [`Store::mask_attachment`] replaces it.
    pub fn set_attachment_doc(
        &mut self,
        attachment_id: i64,
        doc: &DocInfo,
    ) -> Result<Verification, StoreError> {
        let doc = doc.validated()?;
        let case_id: i64 = self
            .conn
            .query_row(
                "SELECT case_id FROM attachments WHERE id = ?1 AND origin != 'eml'",
                [attachment_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let actor = self.actor_id();
        self.write(
            Action::AttachmentChanged,
            Target::of("attachment", attachment_id),
            &format!("doc_type={}", doc.doc_type.code()),
            |tx, now| {
                tx.execute(
                    "UPDATE attachments SET doc_type = ?2, honseki_printed = ?3, issued_on = ?4, expires_on = ?5 WHERE id = ?1",
                    params![attachment_id, doc.doc_type.code(), doc.honseki_printed, doc.issued_on, doc.expires_on],
                )?;
                crate::case::events::add_event(tx, case_id, actor, &Event::DocumentClassified { doc_type: Some(doc.doc_type) }, now)
            },
        )?;
        self.verification(case_id)
    }

    /// Replaces a kept attachment with its masked copy: the new encrypted
    /// file is written, the row points at it, the old file is removed.
    pub fn mask_attachment(
        &mut self,
        attachment_id: i64,
        masked: &[u8],
    ) -> Result<Verification, StoreError> {
        let (case_id, old_blob): (i64, String) = self
            .conn
            .query_row(
                "SELECT case_id, blob_id FROM attachments WHERE id = ?1 AND origin != 'eml'",
                [attachment_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let kind = crate::intake::content::detect_kind(masked);
        let blobs = crate::store::files::Blobs::new(self.dir.root(), &self.data_key);
        let blob = blobs.put(masked)?;
        let actor = self.actor_id();
        let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(masked));
        let result = self.write(Action::AttachmentChanged, Target::of("attachment", attachment_id), "masked", |tx, now| {
            tx.execute(
                "UPDATE attachments SET blob_id = ?2, masked = 1, kind = ?3, size = ?4, sha256 = ?5 WHERE id = ?1",
                params![attachment_id, blob, kind.code(), masked.len() as i64, sha],
            )?;
            crate::case::events::add_event(tx, case_id, actor, &Event::AttachmentMasked {}, now)
        });
        match result {
            Ok(()) => {
                blobs.remove(&old_blob);
                self.verification(case_id)
            }
            Err(e) => {
                blobs.remove(&blob);
                Err(e)
            }
        }
    }

    /// Logs a scan the officer refused to keep (it needed masking): audited,
    /// on the case's timeline when there is a case. Never the file itself.
    pub fn log_refused_scan(
        &mut self,
        case_id: Option<i64>,
        doc_type: DocType,
    ) -> Result<(), StoreError> {
        let actor = self.actor_id();
        let target = case_id.map_or(Target::none(), |id| Target::of("case", id));
        self.write(
            Action::ScanRefused,
            target,
            &format!("doc_type={}", doc_type.code()),
            |tx, now| {
                if let Some(id) = case_id {
                    crate::case::events::add_event(
                        tx,
                        id,
                        actor,
                        &Event::ScanRefused {
                            doc_type: Some(doc_type),
                        },
                        now,
                    )?;
                }
                Ok(())
            },
        )
    }

    /// Logs an original received by post (and, later, its return).
    pub fn save_original(
        &mut self,
        case_id: i64,
        id: Option<i64>,
        input: &OriginalInput,
        today: NaiveDate,
    ) -> Result<Verification, StoreError> {
        self.case(case_id)?;
        let v = input.validated(today)?;
        if let Some(id) = id {
            let found: Option<i64> = self
                .conn
                .query_row("SELECT case_id FROM originals WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            if found != Some(case_id) {
                return Err(StoreError::NotFound);
            }
        }
        let actor = self.actor_id();
        let state = if !v.returned_on.is_empty() {
            OriginalState::Returned
        } else if !v.kept_reason.is_empty() {
            OriginalState::Kept
        } else {
            OriginalState::Received
        };
        let state_code = match state {
            OriginalState::Returned => "returned",
            OriginalState::Kept => "kept",
            OriginalState::Received => "received",
        };
        self.write(Action::OriginalLogged, Target::of("case", case_id), &format!("doc_type={} state={state_code}", v.doc_type.code()), |tx, now| {
            match id {
                None => {
                    tx.execute(
                        "INSERT INTO originals (case_id, doc_type, received_on, issued_on, returned_on, return_method, kept_reason, note, created_at, updated_at, actor_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
                        params![case_id, v.doc_type.code(), v.received_on, v.issued_on, v.returned_on, v.return_method, v.kept_reason, v.note, now, actor],
                    )?;
                }
                Some(id) => {
                    tx.execute(
                        "UPDATE originals SET doc_type = ?2, received_on = ?3, issued_on = ?4, returned_on = ?5, return_method = ?6,
                            kept_reason = ?7, note = ?8, updated_at = ?9, actor_id = ?10 WHERE id = ?1",
                        params![id, v.doc_type.code(), v.received_on, v.issued_on, v.returned_on, v.return_method, v.kept_reason, v.note, now, actor],
                    )?;
                }
            }
            crate::case::events::add_event(
                tx,
                case_id,
                actor,
                &Event::OriginalLogged { doc_type: Some(v.doc_type), state, received_on: v.received_on.clone(), returned_on: v.returned_on.clone(), return_method: v.return_method.clone() },
                now,
            )
        })?;
        self.verification(case_id)
    }
}
