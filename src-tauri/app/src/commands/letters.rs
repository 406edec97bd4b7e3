//! Commands for letters: templates (設定 › 文書), preview, issue, print,
//! save, 発送, the disclosure package and the calibration page. Thin: the
//! core draws and decides; this file moves bytes to dialogs and printers.

use madoguchi_core::kernel::clock::today;
use crate::ctx::Ctx;
use crate::ipc::*;
use crate::state::AppState;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::output::letters::{self, Output};
use madoguchi_core::store::Store;

type Res<T> = Result<T, ApiError>;

fn with_store<T>(state: &AppState, f: impl FnOnce(&mut Store) -> Res<T>) -> Res<T> {
    state.with_open(|s, _| f(s))
}

fn preview(p: letters::LetterPreview) -> LetterPreview {
    LetterPreview {
        pdf_base64: data_encoding::BASE64.encode(&p.pdf),
        missing: p.missing,
        document_no: p.document_no,
    }
}

/// `2026-0001_第2026-0003号_開示決定通知書.pdf`: what the officer sees in the
/// save dialog (the 受付番号, not the person's name).
fn file_name(l: &Letter) -> String {
    crate::desktop::safe_file_name(&format!(
        "{}_{}_{}.pdf",
        l.receipt_no, l.document_no, l.template_name
    ))
}

pub fn letter_vocabulary(_ctx: &Ctx) -> Res<LetterVocabulary> {
    Ok(LetterVocabulary {
        fields: letters::FIELDS.to_vec(),
        markup_help: letters::MARKUP_HELP.into(),
        mail_methods: MailMethod::ALL
            .iter()
            .map(|m| Choice {
                code: m.code().into(),
                label: m.label().into(),
            })
            .collect(),
        tracked_methods: MailMethod::ALL
            .iter()
            .copied()
            .filter(|m| m.tracked())
            .collect(),
        scopes: Scope::ALL
            .iter()
            .map(|m| Choice {
                code: m.code().into(),
                label: m.label().into(),
            })
            .collect(),
    })
}

pub fn list_letter_templates(state: &Ctx) -> Res<Vec<TemplateSummary>> {
    with_store(state, |s| Ok(s.letter_templates()?))
}

pub fn get_letter_template(state: &Ctx, key: String) -> Res<TemplateDetail> {
    with_store(state, |s| Ok(s.letter_template(&key)?))
}

pub fn save_letter_template(state: &Ctx, key: String, body: TemplateBody) -> Res<TemplateDetail> {
    with_store(state, |s| Ok(s.save_letter_template(&key, body)?))
}

/// The editor's live preview: a draft, with 見本 data or a chosen case.
pub fn preview_letter_template(
    state: &Ctx,
    body: TemplateBody,
    case_id: Option<i64>,
) -> Res<LetterPreview> {
    with_store(state, |s| {
        Ok(preview(s.preview_template(&body, case_id, today())?))
    })
}

pub fn preview_letter(state: &Ctx, case_id: i64, key: String) -> Res<LetterPreview> {
    with_store(state, |s| {
        Ok(preview(s.letter_preview(case_id, &key, today())?))
    })
}

/// Which templates a case can have now (the 文書 tab's list).
pub fn letter_readiness(state: &Ctx, case_id: i64) -> Res<Vec<TemplateReadiness>> {
    with_store(state, |s| Ok(s.letter_readiness(case_id, today())?))
}

pub fn issue_letter(state: &Ctx, case_id: i64, key: String) -> Res<Letter> {
    with_store(state, |s| Ok(s.issue_letter(case_id, &key, today())?))
}

pub fn case_letters(state: &Ctx, case_id: i64) -> Res<Vec<Letter>> {
    with_store(state, |s| Ok(s.case_letters(case_id)?))
}

pub fn print_queue(state: &Ctx) -> Res<Vec<Letter>> {
    with_store(state, |s| Ok(s.print_queue()?))
}

/// An issued letter drawn again, for the viewer.
pub fn get_letter_pdf(state: &Ctx, letter_id: i64) -> Res<String> {
    with_store(state, |s| {
        Ok(data_encoding::BASE64.encode(&s.letter_pdf(letter_id)?))
    })
}

pub fn list_printers(ctx: &Ctx) -> Res<Printers> {
    Ok(ctx.desktop().printers())
}

/// Prints one issued letter; the batch screen calls this letter by letter
/// to show its progress.
pub fn print_letter(state: &Ctx, letter_id: i64, printer: String) -> Res<Letter> {
    let pdf = with_store(state, |s| Ok(s.letter_pdf(letter_id)?))?;
    state
        .desktop()
        .print_pdf(&printer, &format!("madoguchi-letter-{letter_id}"), &pdf)?;
    with_store(state, |s| {
        Ok(s.record_letter_output(letter_id, Output::Printed)?)
    })
}

/// Save as PDF through the save dialog. `None` if cancelled.
pub fn save_letter_pdf(state: &Ctx, letter_id: i64) -> Res<Option<Letter>> {
    let (letter, pdf) = with_store(state, |s| {
        Ok((s.letter(letter_id)?, s.letter_pdf(letter_id)?))
    })?;
    if !crate::desktop::save_pdf(state.desktop(), &file_name(&letter), &pdf)? {
        return Ok(None);
    }
    with_store(state, |s| {
        Ok(Some(s.record_letter_output(letter_id, Output::Saved)?))
    })
}

pub fn record_mailing(state: &Ctx, letter_id: i64, input: MailingInput) -> Res<MailingOutcome> {
    with_store(state, |s| {
        Ok(s.record_mailing(letter_id, &input, today())?)
    })
}

/// Writes the disclosure package into a folder the officer picks; returns
/// the file names written, or `None` if cancelled.
pub fn save_disclosure_package(state: &Ctx, letter_id: i64) -> Res<Option<Vec<String>>> {
    let Some(dir) = state.desktop().pick_folder("開示データの保存先フォルダ")? else {
        return Ok(None);
    };
    let files = with_store(state, |s| Ok(s.disclosure_package(letter_id)?))?;
    let mut names = Vec::new();
    for f in files {
        madoguchi_core::kernel::fsio::write_atomic(&dir.join(&f.name), &f.bytes).map_err(|_| {
            ApiError::new(
                ErrorCode::IoError,
                "開示データを保存できませんでした。保存先を変えてもう一度お試しください。",
            )
        })?;
        names.push(f.name);
    }
    Ok(Some(names))
}

pub fn get_letter_offsets(state: &Ctx) -> Res<Offsets> {
    with_store(state, |s| Ok(s.letter_offsets()?))
}

pub fn set_letter_offsets(state: &Ctx, offsets: Offsets) -> Res<Offsets> {
    with_store(state, |s| Ok(s.set_letter_offsets(offsets)?))
}

fn calibration(state: &AppState) -> Res<Vec<u8>> {
    let offsets = with_store(state, |s| Ok(s.letter_offsets()?))?;
    letters::calibration_pdf(offsets, today()).map_err(|_| {
        ApiError::new(
            ErrorCode::PdfFailed,
            "確認用紙のPDFを作成できませんでした。",
        )
    })
}

pub fn save_calibration_page(state: &Ctx) -> Res<bool> {
    let pdf = calibration(state)?;
    crate::desktop::save_pdf(state.desktop(), "宛名位置の確認用紙.pdf", &pdf)
}

pub fn print_calibration_page(state: &Ctx, printer: String) -> Res<()> {
    let pdf = calibration(state)?;
    state
        .desktop()
        .print_pdf(&printer, "madoguchi-calibration", &pdf)
        .map(|_| ())
}
