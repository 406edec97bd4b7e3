//! Commands for 報告 (the yearly and monthly figures: preview, print, save,
//! XLSX/CSV export) and 苦情・相談. Thin: the core counts, draws and checks.

use madoguchi_core::kernel::clock::today;
use crate::ctx::Ctx;
use crate::ipc::*;
use crate::state::AppState;
use madoguchi_core::store::Store;

type Res<T> = Result<T, ApiError>;

fn with_store<T>(state: &AppState, f: impl FnOnce(&mut Store) -> Res<T>) -> Res<T> {
    state.with_open(|s, _| f(s))
}

/// `報告_2026年12月`: the name the save dialog offers.
fn base_name(period: &Period) -> String {
    crate::desktop::safe_file_name(&format!("報告_{}", period.label()))
}

pub fn get_report(state: &Ctx, period: Period) -> Res<Report> {
    with_store(state, |s| Ok(s.report(period)?))
}

/// The printable report as base64 PDF, for the preview.
pub fn report_pdf(state: &Ctx, period: Period) -> Res<String> {
    let pdf = with_store(state, |s| Ok(s.report_pdf(period, today())?))?;
    Ok(data_encoding::BASE64.encode(&pdf))
}

pub fn print_report(state: &Ctx, period: Period, printer: String) -> Res<()> {
    let pdf = with_store(state, |s| Ok(s.report_pdf(period, today())?))?;
    state
        .desktop()
        .print_pdf(&printer, "madoguchi-report", &pdf)?;
    Ok(())
}

/// Save as PDF through the save dialog; false if cancelled.
pub fn save_report_pdf(state: &Ctx, period: Period) -> Res<bool> {
    let pdf = with_store(state, |s| Ok(s.report_pdf(period, today())?))?;
    crate::desktop::save_pdf(
        state.desktop(),
        &format!("{}.pdf", base_name(&period)),
        &pdf,
    )
}

/// XLSX or CSV through the save dialog, audited once saved; false if
/// cancelled. With personal data: a 管理者 only (refused before the dialog).
pub fn export_report(
    state: &Ctx,
    period: Period,
    format: ExportFormat,
    personal: bool,
) -> Res<bool> {
    let (bytes, rows) = with_store(state, |s| Ok(s.report_export(period, format, personal)?))?;
    let suffix = if personal { "_個人情報あり" } else { "" };
    let name = format!("{}{suffix}.{}", base_name(&period), format.code());
    let (filter, ext) = match format {
        ExportFormat::Xlsx => ("Excel", "xlsx"),
        ExportFormat::Csv => ("CSV", "csv"),
    };
    if !crate::desktop::save_file(
        state.desktop(),
        "報告の保存先",
        &name,
        filter,
        &[ext],
        &bytes,
    )? {
        return Ok(false);
    }
    with_store(state, |s| {
        s.record_report_export(period, format, personal, rows)?;
        Ok(true)
    })
}

pub fn list_complaints(state: &Ctx, open_only: bool) -> Res<Vec<ComplaintSummary>> {
    with_store(state, |s| Ok(s.complaints(open_only)?))
}

pub fn get_complaint(state: &Ctx, case_id: i64) -> Res<ComplaintDetail> {
    with_store(state, |s| Ok(s.complaint(case_id)?))
}

pub fn create_complaint(state: &Ctx, input: ComplaintInput) -> Res<ComplaintDetail> {
    with_store(state, |s| Ok(s.create_complaint(&input, today())?))
}

pub fn record_complaint_step(state: &Ctx, case_id: i64, input: StepInput) -> Res<ComplaintDetail> {
    with_store(state, |s| {
        Ok(s.record_complaint_step(case_id, &input, today())?)
    })
}
