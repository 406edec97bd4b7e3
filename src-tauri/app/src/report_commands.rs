//! Commands for 報告 (the yearly and monthly figures: preview, print, save,
//! XLSX/CSV export) and 苦情・相談. Thin: the core counts, draws and checks.

use crate::ipc::*;
use crate::printing;
use crate::state::AppState;
use madoguchi_core::store::Store;
use tauri::State;

type Res<T> = Result<T, ApiError>;

fn with_store<T>(state: &AppState, f: impl FnOnce(&mut Store) -> Res<T>) -> Res<T> {
    state.with_open(|s, _| f(s))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// `報告_2026年12月`: the name the save dialog offers.
fn base_name(period: &Period) -> String {
    crate::dialog::safe_file_name(&format!("報告_{}", period.label()))
}

#[tauri::command]
pub async fn get_report(state: State<'_, AppState>, period: Period) -> Res<Report> {
    with_store(&state, |s| Ok(s.report(period)?))
}

/// The printable report as base64 PDF, for the preview.
#[tauri::command]
pub async fn report_pdf(state: State<'_, AppState>, period: Period) -> Res<String> {
    let pdf = with_store(&state, |s| Ok(s.report_pdf(period, today())?))?;
    Ok(data_encoding::BASE64.encode(&pdf))
}

#[tauri::command]
pub async fn print_report(state: State<'_, AppState>, period: Period, printer: String) -> Res<()> {
    let pdf = with_store(&state, |s| Ok(s.report_pdf(period, today())?))?;
    printing::print_pdf(&printer, "madoguchi-report", &pdf)?;
    Ok(())
}

/// Save as PDF through the save dialog; false if cancelled.
#[tauri::command]
pub async fn save_report_pdf<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    period: Period,
) -> Res<bool> {
    let pdf = with_store(&state, |s| Ok(s.report_pdf(period, today())?))?;
    crate::dialog::save_pdf(&app, &format!("{}.pdf", base_name(&period)), &pdf)
}

/// XLSX or CSV through the save dialog, audited once saved; false if
/// cancelled. With personal data: a 管理者 only (refused before the dialog).
#[tauri::command]
pub async fn export_report<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    period: Period,
    format: ExportFormat,
    personal: bool,
) -> Res<bool> {
    let (bytes, rows) = with_store(&state, |s| Ok(s.report_export(period, format, personal)?))?;
    let suffix = if personal { "_個人情報あり" } else { "" };
    let name = format!("{}{suffix}.{}", base_name(&period), format.code());
    let (filter, ext) = match format {
        ExportFormat::Xlsx => ("Excel", "xlsx"),
        ExportFormat::Csv => ("CSV", "csv"),
    };
    if !crate::dialog::save_file(&app, "報告の保存先", &name, filter, &[ext], &bytes)? {
        return Ok(false);
    }
    with_store(&state, |s| {
        s.record_report_export(period, format, personal, rows)?;
        Ok(true)
    })
}

#[tauri::command]
pub async fn list_complaints(
    state: State<'_, AppState>,
    open_only: bool,
) -> Res<Vec<ComplaintSummary>> {
    with_store(&state, |s| Ok(s.complaints(open_only)?))
}

#[tauri::command]
pub async fn get_complaint(state: State<'_, AppState>, case_id: i64) -> Res<ComplaintDetail> {
    with_store(&state, |s| Ok(s.complaint(case_id)?))
}

#[tauri::command]
pub async fn create_complaint(
    state: State<'_, AppState>,
    input: ComplaintInput,
) -> Res<ComplaintDetail> {
    with_store(&state, |s| Ok(s.create_complaint(&input, today())?))
}

#[tauri::command]
pub async fn record_complaint_step(
    state: State<'_, AppState>,
    case_id: i64,
    input: StepInput,
) -> Res<ComplaintDetail> {
    with_store(&state, |s| {
        Ok(s.record_complaint_step(case_id, &input, today())?)
    })
}
