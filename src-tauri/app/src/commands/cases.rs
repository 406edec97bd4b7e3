//! Commands of the case register: list, view, intake, edit, status, files.

use madoguchi_core::kernel::clock::today;
use crate::ctx::Ctx;
use crate::ipc::*;
use crate::staging::{self, Expect, StagedItem};
use crate::state::AppState;
use madoguchi_core::case::attachments::{IncomingFile, IncomingMail};
use madoguchi_core::case::model::{AttachmentOrigin, CaseSummary};
use madoguchi_core::case::record::CaseDetail;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::store::Store;
use std::collections::HashMap;

type Res<T> = Result<T, ApiError>;

pub fn row(s: CaseSummary) -> CaseRow {
    CaseRow {
        id: s.id,
        receipt_no: s.receipt_no,
        received_on: s.received_on,
        channel: s.channel,
        status: s.status,
        requester_name: s.requester_name,
        requester_kana: s.requester_kana,
        kinds: s.kinds,
        specific_personal_info: s.specific_personal_info,
        due_on: s.due_on,
        clock_paused: s.clock_paused,
    }
}

fn view(store: &Store, d: CaseDetail) -> Res<CaseView> {
    let names: HashMap<i64, String> = store
        .users()?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let c = d.case;
    Ok(CaseView {
        id: c.id,
        receipt_no: c.receipt_no,
        status: c.status,
        next_statuses: c.status.next().to_vec(),
        status_reason: c.status_reason,
        input: c.input,
        created_at: c.created_at,
        updated_at: c.updated_at,
        attachments: d
            .attachments
            .into_iter()
            .map(|a| AttachmentInfo {
                id: a.id,
                origin_label: AttachmentOrigin::from_code(&a.origin)
                    .map_or_else(|| a.origin.clone(), |o| o.label().into()),
                origin: a.origin,
                file_name: a.file_name,
                kind: a.kind.code().into(),
                kind_label: a.kind.label_ja().into(),
                size: a.size,
                added_at: a.added_at,
            })
            .collect(),
        mail: d.mail.map(|m| MailView {
            from_name: m.from_name,
            from_address: m.from_address,
            sent_at: m.sent_at,
            subject: m.subject,
            body_text: m.body_text,
            problems: m.problems,
        }),
        events: d
            .events
            .iter()
            .map(|e| CaseEventView {
                id: e.id,
                at: e.at.clone(),
                actor: e
                    .actor_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_default(),
                kind: e.event.kind(),
                summary: madoguchi_core::case::timeline::event_summary(e),
            })
            .collect(),
    })
}

fn with_store<T>(
    state: &AppState,
    f: impl FnOnce(&mut Store, &mut HashMap<String, StagedItem>) -> Res<T>,
) -> Res<T> {
    state.with_open(f)
}

pub fn list_cases(state: &Ctx, query: CaseQuery) -> Res<CasePage> {
    with_store(state, |s, _| {
        let page = s.list_cases(&query)?;
        Ok(CasePage {
            total: page.total,
            page: page.page,
            page_size: page.page_size,
            items: page.items.into_iter().map(row).collect(),
        })
    })
}

/// The home screen's work queues (期限超過, 今週が期限, 入金待ち, 書類待ち, 承認待ち).
pub fn queue_counts(state: &Ctx) -> Res<Vec<QueueCount>> {
    with_store(state, |s, _| Ok(s.queue_counts(today())?))
}

pub fn get_case(state: &Ctx, id: i64) -> Res<CaseView> {
    with_store(state, |s, _| {
        let d = s.view_case(id)?;
        view(s, d)
    })
}

pub fn new_case_input(_ctx: &Ctx, channel: Channel) -> Res<CaseInput> {
    Ok(CaseInput::blank(channel, today()))
}

pub fn check_duplicates(
    state: &Ctx,
    input: CaseInput,
    exclude_id: Option<i64>,
) -> Res<Vec<CaseRow>> {
    with_store(state, |s, _| {
        Ok(s.possible_duplicates(&input, exclude_id)?
            .into_iter()
            .map(row)
            .collect())
    })
}

fn missing_files() -> ApiError {
    ApiError::new(
        ErrorCode::StagedMissing,
        "添付するファイルが見つかりません。もう一度選んでください。",
    )
}

/// Takes the staged files `ids`, all or none.
fn take_files(staged: &mut HashMap<String, StagedItem>, ids: &[String]) -> Res<Vec<IncomingFile>> {
    if !ids
        .iter()
        .all(|id| matches!(staged.get(id), Some(StagedItem::File(_))))
    {
        return Err(missing_files());
    }
    Ok(ids
        .iter()
        .filter_map(|id| match staged.remove(id) {
            Some(StagedItem::File(f)) => Some(f),
            _ => None,
        })
        .collect())
}

/// A failed save keeps what was staged: the officer fixes the form and saves again.
fn put_back(
    staged: &mut HashMap<String, StagedItem>,
    mail: Option<(String, IncomingMail)>,
    files: Vec<IncomingFile>,
    ids: &[String],
) {
    if let Some((id, m)) = mail {
        staged.insert(id, StagedItem::Mail(Box::new(m)));
    }
    for (f, id) in files.into_iter().zip(ids) {
        staged.insert(id.clone(), StagedItem::File(f));
    }
}

pub fn create_case(
    state: &Ctx,
    input: CaseInput,
    staged_mail_id: Option<String>,
    staged_file_ids: Vec<String>,
) -> Res<CaseView> {
    with_store(state, |s, staged| {
        let mail = match staged_mail_id {
            None => None,
            Some(id) => match staged.remove(&id) {
                Some(StagedItem::Mail(m)) => Some((id, *m)),
                other => {
                    if let Some(item) = other {
                        staged.insert(id, item);
                    }
                    return Err(ApiError::new(
                        ErrorCode::StagedMissing,
                        "取り込んだメールが見つかりません。もう一度取り込んでください。",
                    ));
                }
            },
        };
        let files = match take_files(staged, &staged_file_ids) {
            Ok(f) => f,
            Err(e) => {
                put_back(staged, mail, Vec::new(), &[]);
                return Err(e);
            }
        };
        match s.create_case(&input, mail.as_ref().map(|(_, m)| m), &files, today()) {
            Ok(d) => view(s, d),
            Err(e) => {
                put_back(staged, mail, files, &staged_file_ids);
                Err(e.into())
            }
        }
    })
}

pub fn update_case(state: &Ctx, id: i64, input: CaseInput) -> Res<CaseView> {
    with_store(state, |s, _| {
        let d = s.update_case(id, &input, today())?;
        view(s, d)
    })
}

pub fn set_case_status(state: &Ctx, id: i64, status: CaseStatus, reason: String) -> Res<CaseView> {
    with_store(state, |s, _| {
        let d = s.set_case_status(id, status, &reason)?;
        view(s, d)
    })
}

fn stage(state: &AppState, paths: &[std::path::PathBuf], expect: Expect) -> Res<Staged> {
    with_store(state, |s, staged| {
        let dup = |input: &CaseInput| {
            s.possible_duplicates(input, None)
                .map(|v| v.into_iter().map(row).collect())
                .unwrap_or_default()
        };
        Ok(staging::stage_paths(paths, expect, today(), staged, &dup))
    })
}

pub fn pick_eml_files(state: &Ctx) -> Res<Staged> {
    with_store(state, |_, _| Ok(()))?; // no dialog while locked
    let paths = state
        .desktop()
        .pick_files("メール（.eml）を選択", "メール", &["eml"])?;
    stage(state, &paths, Expect::Mail)
}

pub fn pick_scan_files(state: &Ctx) -> Res<Staged> {
    with_store(state, |_, _| Ok(()))?;
    let paths = state.desktop().pick_files(
        "スキャンを選択",
        "画像・PDF",
        &["jpg", "jpeg", "png", "pdf"],
    )?;
    stage(state, &paths, Expect::Scan)
}

/// Files dropped on the window, staged by content; sent to the UI as an
/// event, so a refusal (e.g. the store is locked) travels as its problem.
pub fn stage_dropped(state: &AppState, paths: &[std::path::PathBuf]) -> Staged {
    stage(state, paths, Expect::Any).unwrap_or_else(|e| Staged {
        problems: vec![e.message],
        ..Default::default()
    })
}

pub fn discard_staged(state: &Ctx, ids: Vec<String>) -> Res<()> {
    let mut inner = state.guard();
    for id in ids {
        inner.staged.remove(&id);
    }
    Ok(())
}

pub fn add_case_files(state: &Ctx, id: i64, staged_file_ids: Vec<String>) -> Res<CaseView> {
    with_store(state, |s, staged| {
        let files = take_files(staged, &staged_file_ids)?;
        match s.add_files(id, &files) {
            Ok(d) => view(s, d),
            Err(e) => {
                put_back(staged, None, files, &staged_file_ids);
                Err(e.into())
            }
        }
    })
}

pub fn get_attachment(state: &Ctx, attachment_id: i64) -> Res<AttachmentData> {
    with_store(state, |s, _| {
        let (a, bytes) = s.attachment_bytes(attachment_id)?;
        Ok(AttachmentData {
            file_name: a.file_name,
            kind: a.kind.code().into(),
            mime: a.kind.mime().into(),
            data_base64: data_encoding::BASE64.encode(&bytes),
        })
    })
}
