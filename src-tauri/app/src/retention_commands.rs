//! Commands for 保存期間と廃棄 (the 廃棄 page, the case's 保存期間 panel) and
//! the audit viewer. Thin: the core decides what is due, who may approve and
//! what a disposal destroys.

use crate::ipc::*;
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

#[tauri::command]
pub async fn disposal_queue(state: State<'_, AppState>) -> Res<DisposalQueue> {
    with_store(&state, |s| Ok(s.disposal_queue(today())?))
}

#[tauri::command]
pub async fn case_retention(state: State<'_, AppState>, case_id: i64) -> Res<RetentionInfo> {
    with_store(&state, |s| Ok(s.case_retention(case_id)?))
}

#[tauri::command]
pub async fn approve_disposals(
    state: State<'_, AppState>,
    items: Vec<DisposalTarget>,
) -> Res<DisposalQueue> {
    with_store(&state, |s| {
        let items: Vec<_> = items.iter().map(|i| (i.case_id, i.scope)).collect();
        s.approve_disposals(&items, today())?;
        Ok(s.disposal_queue(today())?)
    })
}

#[tauri::command]
pub async fn withdraw_disposal_approval(
    state: State<'_, AppState>,
    item: DisposalTarget,
) -> Res<DisposalQueue> {
    with_store(&state, |s| {
        s.withdraw_disposal_approval(item.case_id, item.scope)?;
        Ok(s.disposal_queue(today())?)
    })
}

#[tauri::command]
pub async fn perform_disposals(state: State<'_, AppState>) -> Res<DisposalRun> {
    with_store(&state, |s| Ok(s.perform_disposals(today())?))
}

#[tauri::command]
pub async fn set_legal_hold(
    state: State<'_, AppState>,
    case_id: i64,
    reason: String,
) -> Res<RetentionInfo> {
    with_store(&state, |s| Ok(s.set_legal_hold(case_id, &reason)?))
}

#[tauri::command]
pub async fn release_legal_hold(state: State<'_, AppState>, case_id: i64) -> Res<RetentionInfo> {
    with_store(&state, |s| Ok(s.release_legal_hold(case_id)?))
}

#[tauri::command]
pub async fn disposal_records(
    state: State<'_, AppState>,
    year: Option<i32>,
) -> Res<Vec<DisposalRecord>> {
    with_store(&state, |s| Ok(s.disposal_records(year)?))
}

#[tauri::command]
pub async fn mark_paper_shredded(
    state: State<'_, AppState>,
    item_id: i64,
    shredded_on: String,
) -> Res<DisposalRecord> {
    with_store(&state, |s| {
        Ok(s.mark_paper_shredded(item_id, &shredded_on, today())?)
    })
}

#[tauri::command]
pub async fn search_audit(state: State<'_, AppState>, filter: AuditFilter) -> Res<AuditPage> {
    with_store(&state, |s| Ok(s.search_audit(&filter)?))
}

/// The actions the viewer filters on: groups first, then each action
/// (「サインイン」 is itself the group of sign-in entries: `signin` matches
/// `signin.*` too).
#[tauri::command]
pub async fn audit_actions() -> Res<Vec<Choice>> {
    let groups = [
        ("case", "案件（すべて）"),
        ("letter", "文書（すべて）"),
        ("disposal", "廃棄（すべて）"),
        ("user", "利用者（すべて）"),
        ("policy", "ポリシー（すべて）"),
    ];
    Ok(groups
        .iter()
        .chain(
            madoguchi_core::store::audit::LABELS
                .iter()
                .filter(|(c, _)| *c != "test.write"),
        )
        .map(|(code, label)| Choice {
            code: code.to_string(),
            label: label.to_string(),
        })
        .collect())
}

/// Saves what the filter selects as CSV (監査ログ_YYYYMMDD.csv). The export
/// is audited once the file is written; `false` if the dialog was cancelled.
#[tauri::command]
pub async fn export_audit_csv<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    filter: AuditFilter,
) -> Res<bool> {
    let (csv, n) = with_store(&state, |s| Ok(s.audit_csv(&filter)?))?;
    let name = format!("監査ログ_{}.csv", today().format("%Y%m%d"));
    if !crate::dialog::save_file(&app, "監査ログの保存先", &name, "CSV", &["csv"], &csv)? {
        return Ok(false);
    }
    with_store(&state, |s| {
        s.record_audit_export(n)?;
        Ok(true)
    })
}

/// Writes an encrypted backup where the 管理者 chooses (窓口バックアップ_YYYYMMDD.mdgbak)
/// and reads it back before saying it is done; `None` if the dialog was
/// cancelled. The core refuses an officer and audits the backup.
#[tauri::command]
pub async fn create_backup<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<Option<BackupDone>> {
    // Asked before the dialog, so an officer is not sent to pick a folder for nothing.
    with_store(&state, |s| Ok(s.require_admin()?))?;
    let name = format!("窓口バックアップ_{}.mdgbak", today().format("%Y%m%d"));
    let Some(path) = crate::dialog::pick_save_path(
        &app,
        "バックアップの保存先",
        &name,
        "窓口バックアップ",
        &["mdgbak"],
    )?
    else {
        return Ok(None);
    };
    let report = with_store(&state, |s| Ok(s.backup(&path)?))?;
    Ok(Some(BackupDone {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(name),
        bytes: report.bytes,
        audit_entries: report.audit_entries,
    }))
}
