//! Commands for policy profiles, documents at intake (type, masking,
//! refusal) and 本人確認 on the case page. Thin: the core decides.

use crate::ipc::*;
use crate::staging::{StagedDoc, StagedItem};
use crate::state::AppState;
use madoguchi_core::intake::documents::{self, RenderedPage};
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::policy;
use madoguchi_core::store::Store;
use std::collections::HashMap;
use tauri::State;

type Res<T> = Result<T, ApiError>;

fn with_store<T>(
    state: &AppState,
    f: impl FnOnce(&mut Store, &mut HashMap<String, StagedItem>) -> Res<T>,
) -> Res<T> {
    state.with_open(f)
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
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

#[tauri::command]
pub async fn vocabulary() -> Res<Vocabulary> {
    use madoguchi_core::case::model::PauseReason;
    use madoguchi_core::case::model::PaymentDirection;
    use madoguchi_core::policy::law::*;
    use madoguchi_core::policy::*;
    use madoguchi_core::procedure::fees::FeeState;
    Ok(Vocabulary {
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
                    grounds_for, outcomes_for, LegalGround, Outcome,
                };
                KindChoices {
                    kind,
                    outcomes: choices(outcomes_for(kind), Outcome::code, Outcome::label),
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
        "staged_missing",
        "ファイルが見つかりません。もう一度取り込んでください。",
    )
}

#[tauri::command]
pub async fn get_staged_data(state: State<'_, AppState>, staged_id: String) -> Res<AttachmentData> {
    with_store(&state, |_, staged| {
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

#[tauri::command]
pub async fn set_staged_doc(
    state: State<'_, AppState>,
    staged_id: String,
    doc: DocInfo,
) -> Res<StagedFile> {
    let doc = doc.validated()?;
    with_store(&state, |_, staged| {
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
                "invalid_input",
                "PDFはページごとに黒塗りしてください。",
            ));
        }
        return Ok(documents::mask_image(bytes, &mask.rects)?);
    }
    if kind != madoguchi_core::intake::content::FileKind::Pdf {
        return Err(ApiError::new(
            "invalid_input",
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
                        "invalid_input",
                        "ページの画像を読み取れませんでした。もう一度お試しください。",
                    )
                })
        })
        .collect::<Res<Vec<_>>>()?;
    Ok(documents::mask_pdf(&pages)?)
}

#[tauri::command]
pub async fn mask_staged(
    state: State<'_, AppState>,
    staged_id: String,
    mask: MaskRequest,
) -> Res<StagedFile> {
    with_store(&state, |_, staged| {
        let mut found = StagedDoc::find(staged, &staged_id).ok_or_else(staged_missing)?;
        let masked = masked_bytes(found.bytes(), &mask)?;
        found.replace_masked(masked);
        Ok(found.view(&staged_id))
    })
}

#[tauri::command]
pub async fn refuse_staged(state: State<'_, AppState>, staged_id: String) -> Res<()> {
    with_store(&state, |s, staged| {
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

#[tauri::command]
pub async fn list_policies(state: State<'_, AppState>) -> Res<Vec<PolicySummary>> {
    with_store(&state, |s, _| Ok(s.list_policies()?))
}

#[tauri::command]
pub async fn get_policy(state: State<'_, AppState>, id: i64) -> Res<PolicyDetail> {
    with_store(&state, |s, _| Ok(s.policy(id)?))
}

#[tauri::command]
pub async fn new_policy_body() -> Res<PolicyBody> {
    Ok(PolicyBody::template())
}

#[tauri::command]
pub async fn lint_policy(body: PolicyBody) -> Res<Vec<PolicyWarning>> {
    Ok(policy::lint(&body))
}

#[tauri::command]
pub async fn save_policy(
    state: State<'_, AppState>,
    id: Option<i64>,
    body: PolicyBody,
    keep_warnings: bool,
) -> Res<PolicyDetail> {
    with_store(&state, |s, _| Ok(s.save_policy(id, body, keep_warnings)?))
}

#[tauri::command]
pub async fn set_default_policy(state: State<'_, AppState>, id: i64) -> Res<Vec<PolicySummary>> {
    with_store(&state, |s, _| {
        s.set_default_policy(id)?;
        Ok(s.list_policies()?)
    })
}

#[tauri::command]
pub async fn export_policy<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
) -> Res<bool> {
    let (name, text) = with_store(&state, |s, _| {
        let name = s.policy(id)?.body.name;
        Ok((name, s.export_policy(id)?))
    })?;
    // The name is the 管理者's own label for a procedure, not personal data.
    let file_name = format!(
        "{}.madoguchi-policy.json",
        crate::dialog::safe_file_name(&name)
    );
    crate::dialog::save_file(
        &app,
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

#[tauri::command]
pub async fn import_policy<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    keep_warnings: bool,
) -> Res<Option<PolicyDetail>> {
    let pending = with_store(&state, |s, staged| {
        s.require_admin()?;
        Ok(match staged.remove(PENDING_IMPORT) {
            Some(StagedItem::File(f)) if keep_warnings => Some(f.bytes),
            _ => None,
        })
    })?;
    let bytes = match pending {
        Some(bytes) => bytes,
        None => {
            let paths = crate::dialog::pick_files(
                &app,
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
                    "invalid_input",
                    "ファイルが大きすぎます（256KBまで）。ポリシーのファイルではないようです。",
                ));
            }
            std::fs::read(path)
                .map_err(|_| ApiError::new("io_error", "ファイルを読み込めませんでした。"))?
        }
    };
    with_store(&state, |s, staged| {
        match s.import_policy(&bytes, keep_warnings) {
            Ok(detail) => Ok(Some(detail)),
            Err(e) => {
                if e.code() == "warnings" {
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

#[tauri::command]
pub async fn get_verification(state: State<'_, AppState>, case_id: i64) -> Res<Verification> {
    with_store(&state, |s, _| Ok(s.verification(case_id)?))
}

#[tauri::command]
pub async fn mark_verification(
    state: State<'_, AppState>,
    case_id: i64,
    item: String,
    status: CheckStatus,
    note: String,
) -> Res<Verification> {
    with_store(&state, |s, _| {
        Ok(s.mark_verification(case_id, &item, status, &note)?)
    })
}

#[tauri::command]
pub async fn set_attachment_doc(
    state: State<'_, AppState>,
    attachment_id: i64,
    doc: DocInfo,
) -> Res<Verification> {
    with_store(
        &state,
        |s, _| Ok(s.set_attachment_doc(attachment_id, &doc)?),
    )
}

#[tauri::command]
pub async fn mask_attachment(
    state: State<'_, AppState>,
    attachment_id: i64,
    mask: MaskRequest,
) -> Res<Verification> {
    with_store(&state, |s, _| {
        let (_, bytes) = s.attachment_bytes(attachment_id)?;
        let masked = masked_bytes(&bytes, &mask)?;
        Ok(s.mask_attachment(attachment_id, &masked)?)
    })
}

#[tauri::command]
pub async fn save_original(
    state: State<'_, AppState>,
    case_id: i64,
    original_id: Option<i64>,
    original: OriginalInput,
) -> Res<Verification> {
    with_store(&state, |s, _| {
        Ok(s.save_original(case_id, original_id, &original, today())?)
    })
}

// --- Investigation and decisions ----------------------------------------------

#[tauri::command]
pub async fn get_decisions(state: State<'_, AppState>, case_id: i64) -> Res<CaseDecisions> {
    with_store(&state, |s, _| Ok(s.case_decisions(case_id)?))
}

#[tauri::command]
pub async fn add_investigation_note(
    state: State<'_, AppState>,
    case_id: i64,
    searched: String,
    found: String,
) -> Res<CaseDecisions> {
    with_store(&state, |s, _| {
        Ok(s.add_investigation_note(case_id, &searched, &found)?)
    })
}

#[tauri::command]
pub async fn record_decision(
    state: State<'_, AppState>,
    case_id: i64,
    decision: DecisionInput,
) -> Res<CaseDecisions> {
    with_store(&state, |s, _| Ok(s.record_decision(case_id, &decision)?))
}

/// 管理者: approve the decisions (→ 回答準備) or send them back (→ 調査中).
#[tauri::command]
pub async fn review_decisions(
    state: State<'_, AppState>,
    case_id: i64,
    approve: bool,
    note: String,
) -> Res<CaseDecisions> {
    with_store(&state, |s, _| {
        Ok(s.review_decisions(case_id, approve, &note)?)
    })
}

// --- Fees and the clock ---------------------------------------------------------

#[tauri::command]
pub async fn get_fee_ledger(state: State<'_, AppState>, case_id: i64) -> Res<FeeLedger> {
    with_store(&state, |s, _| Ok(s.fee_ledger(case_id)?))
}

#[tauri::command]
pub async fn record_payment(
    state: State<'_, AppState>,
    case_id: i64,
    payment: PaymentInput,
) -> Res<FeeLedger> {
    with_store(&state, |s, _| {
        Ok(s.record_payment(case_id, &payment, today())?)
    })
}

/// 管理者: charge a fee APPI 38条 does not allow, knowingly (`keep`), or waive it.
#[tauri::command]
pub async fn decide_fee_warning(
    state: State<'_, AppState>,
    case_id: i64,
    keep: bool,
) -> Res<FeeLedger> {
    with_store(&state, |s, _| Ok(s.decide_fee_warning(case_id, keep)?))
}

#[tauri::command]
pub async fn get_clock(state: State<'_, AppState>, case_id: i64) -> Res<Clock> {
    with_store(&state, |s, _| Ok(s.clock(case_id, today())?))
}

#[tauri::command]
pub async fn pause_clock(
    state: State<'_, AppState>,
    case_id: i64,
    reason: PauseReason,
    from: String,
    note: String,
) -> Res<Clock> {
    with_store(&state, |s, _| {
        Ok(s.pause_clock(case_id, reason, &from, &note, today())?)
    })
}

#[tauri::command]
pub async fn resume_clock(state: State<'_, AppState>, case_id: i64, to: String) -> Res<Clock> {
    with_store(&state, |s, _| Ok(s.resume_clock(case_id, &to, today())?))
}
