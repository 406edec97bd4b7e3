//! The timeline's words: one line of Japanese per event of a case.

use crate::case::events::{CaseEvent, Event, LetterOutputHow, OriginalState};
use crate::case::model::{
    CaseStatus, CheckStatus, ComplaintCategory, ComplaintStep, MailMethod, PauseReason,
    PaymentDirection,
};
use crate::intake::channel::Channel;
use crate::intake::documents::DocType;
use crate::kernel::text::yen;
use crate::policy::law::{Outcome, RequestKind};

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
    fn label<T>(v: &Option<T>, of: fn(&T) -> &'static str, missing: &'static str) -> &'static str {
        v.as_ref().map_or(missing, of)
    }
    match &e.event {
        Event::Created { channel } => {
            format!(
                "登録（受付経路: {}）",
                label(channel, Channel::label, "不明")
            )
        }
        Event::MailImported {
            attachments,
            problems,
        } => {
            let mut t = format!("メールを取り込み（添付{attachments}件）");
            if *problems > 0 {
                t.push_str(&format!("・読み取れなかった部分{problems}件"));
            }
            t
        }
        Event::AttachmentAdded {
            file_name,
            doc_type,
            masked,
            ..
        } => {
            let mut t = format!("ファイルを添付: {file_name}");
            if let Some(d) = doc_type.filter(|d| *d != DocType::Unclassified) {
                t.push_str(&format!(
                    "（{}{}）",
                    d.label(),
                    if *masked { "・マスク済" } else { "" }
                ));
            }
            t
        }
        Event::ScanRefused { doc_type } => format!(
            "マスクが必要な書類を保存せず破棄: {}",
            label(doc_type, DocType::label, "書類")
        ),
        Event::DocumentClassified { doc_type } => {
            format!(
                "書類の種類を設定: {}",
                label(doc_type, DocType::label, "未分類")
            )
        }
        Event::AttachmentMasked {} => "添付ファイルを黒塗りして置き換え（元の画像は削除）".into(),
        Event::ComplaintCreated { category } => {
            format!(
                "{}を登録",
                label(category, ComplaintCategory::label, "苦情・相談")
            )
        }
        Event::ComplaintStep { step, done_on } => {
            format!(
                "{}を記録（{done_on}）",
                label(step, ComplaintStep::label, "対応")
            )
        }
        Event::LegalHoldSet { reason } => format!("保全を設定: {reason}"),
        Event::LegalHoldReleased {} => "保全を解除".into(),
        Event::DocumentsDisposed { files, mails } => {
            format!("保存期間の満了により請求書類を廃棄（ファイル{files}件・メール{mails}件）")
        }
        Event::PaymentRecorded {
            direction,
            amount,
            breakdown,
            ..
        } => {
            let verb = if *direction == Some(PaymentDirection::Refund) {
                "返金・返却"
            } else {
                "入金"
            };
            format!("手数料の{verb}: {}円（{breakdown}）", yen(*amount))
        }
        Event::ClockPaused { reason, from } => format!(
            "期限を停止（{}、{from}から）",
            label(reason, PauseReason::label, "停止")
        ),
        Event::ClockResumed { to } => format!("期限を再開（{to}から）"),
        Event::InvestigationNoted {} => "調査を記録".into(),
        Event::LetterIssued {
            name, document_no, ..
        } => {
            format!("文書を発行: {name}（{document_no}）")
        }
        Event::LetterOutput {
            document_no, how, ..
        } => format!(
            "文書を{}: {document_no}",
            match how {
                LetterOutputHow::Printed => "印刷",
                LetterOutputHow::Saved => "PDFで保存",
            }
        ),
        Event::LetterMailed {
            document_no,
            sent_on,
            method,
            tracking_no,
            ..
        } => {
            let mut t = format!(
                "文書を発送: {document_no}（{sent_on}・{}",
                label(method, MailMethod::label, "発送")
            );
            if !tracking_no.is_empty() {
                t.push_str(&format!("・お問い合わせ番号 {tracking_no}"));
            }
            t.push('）');
            t
        }
        Event::DecisionRecorded { kind, outcome } => format!(
            "決定を記録: {} → {}",
            label(kind, RequestKind::label, ""),
            label(outcome, Outcome::label, "")
        ),
        Event::DecisionsReviewed { approved: true, .. } => "管理者が決定を承認".into(),
        Event::DecisionsReviewed {
            approved: false,
            note,
        } => {
            format!("管理者が決定を差戻し（理由: {note}）")
        }
        Event::FeeWarningDecided { keep: true } => {
            "法第38条の警告を承知のうえ、ポリシーどおり手数料を請求".into()
        }
        Event::FeeWarningDecided { keep: false } => {
            "法第38条で認められない手数料を請求しないことに決定".into()
        }
        Event::VerificationMarked { item, status } => format!(
            "本人確認: {item} を「{}」に",
            label(status, CheckStatus::label, "")
        ),
        Event::OriginalLogged {
            doc_type,
            state,
            received_on,
            returned_on,
            return_method,
        } => {
            let doc = label(doc_type, DocType::label, "書類");
            match state {
                OriginalState::Returned => {
                    format!("原本を返却: {doc}（{returned_on}・{return_method}）")
                }
                OriginalState::Kept => format!("原本を保管: {doc}"),
                OriginalState::Received => format!("原本を受領: {doc}（{received_on}）"),
            }
        }
        Event::Edited { fields } => format!(
            "修正: {}",
            fields
                .iter()
                .map(|f| field_label(f))
                .collect::<Vec<_>>()
                .join("、")
        ),
        Event::StatusChanged { from, to, reason } => {
            let (from, to) = (
                label(from, CaseStatus::label, "不明"),
                label(to, CaseStatus::label, "不明"),
            );
            if reason.is_empty() {
                format!("状態を変更: {from} → {to}")
            } else {
                format!("状態を変更: {from} → {to}（理由: {reason}）")
            }
        }
        Event::Unknown => "記録".to_string(),
    }
}
