//! Commands for policy profiles, documents at intake (type, masking,
//! refusal) and 本人確認 on the case page. Thin: the core decides.

use madoguchi_core::kernel::clock::today;
use crate::ctx::Ctx;
use crate::ipc::*;
use crate::staging::{StagedDoc, StagedItem};
use crate::state::AppState;
use madoguchi_core::intake::documents::{self, RenderedPage};
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::policy;
use madoguchi_core::store::Store;
use std::collections::HashMap;

type Res<T> = Result<T, ApiError>;

fn with_store<T>(
    state: &AppState,
    f: impl FnOnce(&mut Store, &mut HashMap<String, StagedItem>) -> Res<T>,
) -> Res<T> {
    state.with_open(f)
}

fn labelled<T: Copy>(all: &[T], label: fn(&T) -> &'static str) -> Vec<Labelled<T>> {
    all.iter()
        .map(|v| Labelled {
            code: *v,
            label: label(v).into(),
        })
        .collect()
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(&T) -> &'static str,
    label: fn(&T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(v).into(),
            label: label(v).into(),
        })
        .collect()
}

pub fn vocabulary(_ctx: &Ctx) -> Res<Vocabulary> {
    use madoguchi_core::case::model::PauseReason;
    use madoguchi_core::case::model::PaymentDirection;
    use madoguchi_core::policy::law::*;
    use madoguchi_core::policy::*;
    use madoguchi_core::procedure::fees::FeeState;
    Ok(Vocabulary {
        channels: labelled(Channel::ALL, Channel::label),
        request_kinds: labelled(RequestKind::ALL, RequestKind::label),
        requester_types: labelled(RequesterType::ALL, RequesterType::label),
        disclosure_methods: labelled(DisclosureMethod::ALL, DisclosureMethod::label),
        case_statuses: labelled(CaseStatus::ALL, CaseStatus::label),
        enclosures: labelled(Enclosure::ALL, Enclosure::label),
        correction_kinds: RequestKind::ALL
            .iter()
            .copied()
            .filter(|k| k.states_correction())
            .collect(),
        roles: madoguchi_core::store::users::Role::ALL
            .iter()
            .map(|r| Labelled {
                code: (*r).into(),
                label: r.label().into(),
            })
            .collect(),
        complaint_categories: labelled(ComplaintCategory::ALL, ComplaintCategory::label),
        complaint_steps: labelled(ComplaintStep::ALL, ComplaintStep::label),
        disposal_scopes: labelled(DisposalScope::ALL, DisposalScope::label),
        doc_types: DocType::ALL
            .iter()
            .map(|&d| DocTypeInfo {
                doc_type: d,
                label: d.label().into(),
                photo_id: d.is_photo_id(),
                non_photo_id: d.is_non_photo_id(),
                mask_rule: d.mask_rule(),
                mask_reason: d.mask_reason().into(),
            })
            .collect(),
        identity_methods: choices(
            IdentityMethod::ALL,
            IdentityMethod::code,
            IdentityMethod::label,
        ),
        scan_required: choices(ScanRequired::ALL, ScanRequired::code, ScanRequired::label),
        documents_needed: choices(
            DocumentsNeeded::ALL,
            DocumentsNeeded::code,
            DocumentsNeeded::label,
        ),
        fee_units: choices(FeeUnit::ALL, FeeUnit::code, FeeUnit::label),
        fee_timings: choices(FeeTiming::ALL, FeeTiming::code, FeeTiming::label),
        fee_methods: choices(FeeMethod::ALL, FeeMethod::code, FeeMethod::label),
        day_kinds: choices(DayKind::ALL, DayKind::code, DayKind::label),
        deadline_starts: choices(
            DeadlineStart::ALL,
            DeadlineStart::code,
            DeadlineStart::label,
        ),
        retained_records: choices(
            RetainedRecord::ALL,
            RetainedRecord::code,
            RetainedRecord::label,
        ),
        retention_starts: choices(
            RetentionStart::ALL,
            RetentionStart::code,
            RetentionStart::label,
        ),
        check_statuses: choices(CheckStatus::ALL, CheckStatus::code, CheckStatus::label),
        payment_directions: choices(
            PaymentDirection::ALL,
            PaymentDirection::code,
            PaymentDirection::label,
        ),
        pause_reasons: choices(PauseReason::ALL, PauseReason::code, PauseReason::label),
        fee_states: choices(FeeState::ALL, FeeState::code, FeeState::label),
        queues: choices(
            madoguchi_core::case::register::Queue::ALL,
            madoguchi_core::case::register::Queue::code,
            madoguchi_core::case::register::Queue::label,
        ),
        decision_choices: RequestKind::ALL
            .iter()
            .map(|&kind| {
                use madoguchi_core::policy::law::{
                    detail_label, grounds_for, outcomes_for, LegalGround,
                };
                KindChoices {
                    kind,
                    outcomes: outcomes_for(kind)
                        .iter()
                        .map(|&o| OutcomeChoice {
                            code: o,
                            label: o.label().into(),
                            full: o.is_full(),
                            refusal: o.is_refusal(),
                            needs_detail: o.needs_detail(),
                            detail_label: detail_label(kind, o).into(),
                            discloses: o.discloses(),
                        })
                        .collect(),
                    grounds: choices(grounds_for(kind), LegalGround::code, LegalGround::label),
                }
            })
            .collect(),
        fee_allowed_kinds: RequestKind::ALL
            .iter()
            .copied()
            .filter(|&k| fee_allowed(k))
            .collect(),
    })
}

// --- Documents at intake ---------------------------------------------------

fn staged_missing() -> ApiError {
    ApiError::new(
        ErrorCode::StagedMissing,
        "ファイルが見つかりません。もう一度取り込んでください。",
    )
}

pub fn get_staged_data(state: &Ctx, staged_id: String) -> Res<AttachmentData> {
    with_store(state, |_, staged| {
        let doc = StagedDoc::find(staged, &staged_id).ok_or_else(staged_missing)?;
        let kind = madoguchi_core::intake::content::detect_kind(doc.bytes());
        Ok(AttachmentData {
            file_name: doc.name(),
            kind: kind.code().into(),
            mime: kind.mime().into(),
            data_base64: data_encoding::BASE64.encode(doc.bytes()),
        })
    })
}

pub fn set_staged_doc(state: &Ctx, staged_id: String, doc: DocInfo) -> Res<StagedFile> {
    let doc = doc.validated()?;
    with_store(state, |_, staged| {
        let mut found = StagedDoc::find(staged, &staged_id).ok_or_else(staged_missing)?;
        found.intake().info = doc;
        Ok(found.view(&staged_id))
    })
}

fn masked_bytes(bytes: &[u8], mask: &MaskRequest) -> Res<Vec<u8>> {
    let kind = madoguchi_core::intake::content::detect_kind(bytes);
    if mask.pages.is_empty() {
        if !kind.is_image() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "PDFはページごとに黒塗りしてください。",
            ));
        }
        return Ok(documents::mask_image(bytes, &mask.rects)?);
    }
    if kind != madoguchi_core::intake::content::FileKind::Pdf {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "画像のファイルにPDFのページは指定できません。",
        ));
    }
    let pages = mask
        .pages
        .iter()
        .map(|p| {
            data_encoding::BASE64
                .decode(p.png_base64.as_bytes())
                .map(|png| RenderedPage {
                    png,
                    rects: p.rects.clone(),
                })
                .map_err(|_| {
                    ApiError::new(
                        ErrorCode::InvalidInput,
                        "ページの画像を読み取れませんでした。もう一度お試しください。",
                    )
                })
        })
        .collect::<Res<Vec<_>>>()?;
    Ok(documents::mask_pdf(&pages)?)
}

pub fn mask_staged(state: &Ctx, staged_id: String, mask: MaskRequest) -> Res<StagedFile> {
    with_store(state, |_, staged| {
        let mut found = StagedDoc::find(staged, &staged_id).ok_or_else(staged_missing)?;
        let masked = masked_bytes(found.bytes(), &mask)?;
        found.replace_masked(masked);
        Ok(found.view(&staged_id))
    })
}

pub fn refuse_staged(state: &Ctx, staged_id: String) -> Res<()> {
    with_store(state, |s, staged| {
        let doc_type = {
            let mut found = StagedDoc::find(staged, &staged_id).ok_or_else(staged_missing)?;
            let doc_type = found.intake().info.doc_type;
            if let StagedDoc::MailAttachment { .. } = found {
                found.intake().refused = true;
            }
            doc_type
        };
        if let Some(StagedItem::File(mut f)) = staged.remove(&staged_id) {
            use zeroize::Zeroize;
            f.bytes.zeroize();
        }
        s.log_refused_scan(None, doc_type)?;
        Ok(())
    })
}

// --- Policies --------------------------------------------------------------

pub fn list_policies(state: &Ctx) -> Res<Vec<PolicySummary>> {
    with_store(state, |s, _| Ok(s.list_policies()?))
}

pub fn get_policy(state: &Ctx, id: i64) -> Res<PolicyDetail> {
    with_store(state, |s, _| Ok(s.policy(id)?))
}

pub fn new_policy_body(_ctx: &Ctx) -> Res<PolicyBody> {
    Ok(PolicyBody::template())
}

pub fn lint_policy(_ctx: &Ctx, body: PolicyBody) -> Res<Vec<PolicyWarning>> {
    Ok(policy::lint(&body))
}

pub fn save_policy(
    state: &Ctx,
    id: Option<i64>,
    body: PolicyBody,
    keep_warnings: bool,
) -> Res<PolicyDetail> {
    with_store(state, |s, _| Ok(s.save_policy(id, body, keep_warnings)?))
}

pub fn set_default_policy(state: &Ctx, id: i64) -> Res<Vec<PolicySummary>> {
    with_store(state, |s, _| {
        s.set_default_policy(id)?;
        Ok(s.list_policies()?)
    })
}

pub fn export_policy(state: &Ctx, id: i64) -> Res<bool> {
    let (name, text) = with_store(state, |s, _| {
        let name = s.policy(id)?.body.name;
        Ok((name, s.export_policy(id)?))
    })?;
    // The name is the 管理者's own label for a procedure, not personal data.
    let file_name = format!(
        "{}.madoguchi-policy.json",
        crate::desktop::safe_file_name(&name)
    );
    crate::desktop::save_file(
        state.desktop(),
        "ポリシーの書き出し先",
        &file_name,
        "ポリシー（JSON）",
        &["json"],
        text.as_bytes(),
    )
}

/// Where a file whose import stopped at APPI warnings waits (in memory,
/// dropped on lock) so that 「警告を承知して取り込む」 needs no second pick.
const PENDING_IMPORT: &str = "policy-import";

pub fn import_policy(state: &Ctx, keep_warnings: bool) -> Res<Option<PolicyDetail>> {
    let pending = with_store(state, |s, staged| {
        s.require_admin()?;
        Ok(match staged.remove(PENDING_IMPORT) {
            Some(StagedItem::File(f)) if keep_warnings => Some(f.bytes),
            _ => None,
        })
    })?;
    let bytes = match pending {
        Some(bytes) => bytes,
        None => {
            let paths = state.desktop().pick_files(
                "取り込むポリシーを選択",
                "ポリシー（JSON）",
                &["json"],
            )?;
            let Some(path) = paths.first() else {
                return Ok(None);
            };
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            if size as usize > policy::MAX_FILE_BYTES {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    "ファイルが大きすぎます（256KBまで）。ポリシーのファイルではないようです。",
                ));
            }
            std::fs::read(path).map_err(|_| {
                ApiError::new(ErrorCode::IoError, "ファイルを読み込めませんでした。")
            })?
        }
    };
    with_store(state, |s, staged| {
        match s.import_policy(&bytes, keep_warnings) {
            Ok(detail) => Ok(Some(detail)),
            Err(e) => {
                if e.code() == ErrorCode::Warnings {
                    staged.insert(
                        PENDING_IMPORT.into(),
                        StagedItem::File(madoguchi_core::case::attachments::IncomingFile::new(
                            "policy.json",
                            bytes,
                        )),
                    );
                }
                Err(e.into())
            }
        }
    })
}

// --- Verification -----------------------------------------------------------

pub fn get_verification(state: &Ctx, case_id: i64) -> Res<Verification> {
    with_store(state, |s, _| Ok(s.verification(case_id)?))
}

pub fn mark_verification(
    state: &Ctx,
    case_id: i64,
    item: String,
    status: CheckStatus,
    note: String,
) -> Res<Verification> {
    with_store(state, |s, _| {
        Ok(s.mark_verification(case_id, &item, status, &note)?)
    })
}

pub fn set_attachment_doc(state: &Ctx, attachment_id: i64, doc: DocInfo) -> Res<Verification> {
    with_store(state, |s, _| Ok(s.set_attachment_doc(attachment_id, &doc)?))
}

pub fn mask_attachment(state: &Ctx, attachment_id: i64, mask: MaskRequest) -> Res<Verification> {
    with_store(state, |s, _| {
        let (_, bytes) = s.attachment_bytes(attachment_id)?;
        let masked = masked_bytes(&bytes, &mask)?;
        Ok(s.mask_attachment(attachment_id, &masked)?)
    })
}

pub fn save_original(
    state: &Ctx,
    case_id: i64,
    original_id: Option<i64>,
    original: OriginalInput,
) -> Res<Verification> {
    with_store(state, |s, _| {
        Ok(s.save_original(case_id, original_id, &original, today())?)
    })
}

// --- Investigation and decisions ----------------------------------------------

pub fn get_decisions(state: &Ctx, case_id: i64) -> Res<CaseDecisions> {
    with_store(state, |s, _| Ok(s.case_decisions(case_id)?))
}

pub fn add_investigation_note(
    state: &Ctx,
    case_id: i64,
    searched: String,
    found: String,
) -> Res<CaseDecisions> {
    with_store(state, |s, _| {
        Ok(s.add_investigation_note(case_id, &searched, &found)?)
    })
}

pub fn record_decision(state: &Ctx, case_id: i64, decision: DecisionInput) -> Res<CaseDecisions> {
    with_store(state, |s, _| Ok(s.record_decision(case_id, &decision)?))
}

/// 管理者: approve the decisions (→ 回答準備) or send them back (→ 調査中).
pub fn review_decisions(
    state: &Ctx,
    case_id: i64,
    approve: bool,
    note: String,
) -> Res<CaseDecisions> {
    with_store(state, |s, _| {
        Ok(s.review_decisions(case_id, approve, &note)?)
    })
}

// --- Fees and the clock ---------------------------------------------------------

pub fn get_fee_ledger(state: &Ctx, case_id: i64) -> Res<FeeLedger> {
    with_store(state, |s, _| Ok(s.fee_ledger(case_id)?))
}

pub fn record_payment(state: &Ctx, case_id: i64, payment: PaymentInput) -> Res<FeeLedger> {
    with_store(state, |s, _| {
        Ok(s.record_payment(case_id, &payment, today())?)
    })
}

/// 管理者: charge a fee APPI 38条 does not allow, knowingly (`keep`), or waive it.
pub fn decide_fee_warning(state: &Ctx, case_id: i64, keep: bool) -> Res<FeeLedger> {
    with_store(state, |s, _| Ok(s.decide_fee_warning(case_id, keep)?))
}

pub fn get_clock(state: &Ctx, case_id: i64) -> Res<Clock> {
    with_store(state, |s, _| Ok(s.clock(case_id, today())?))
}

pub fn pause_clock(
    state: &Ctx,
    case_id: i64,
    reason: PauseReason,
    from: String,
    note: String,
) -> Res<Clock> {
    with_store(state, |s, _| {
        Ok(s.pause_clock(case_id, reason, &from, &note, today())?)
    })
}

pub fn resume_clock(state: &Ctx, case_id: i64, to: String) -> Res<Clock> {
    with_store(state, |s, _| Ok(s.resume_clock(case_id, &to, today())?))
}
