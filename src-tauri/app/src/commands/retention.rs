//! Commands for 保存期間と廃棄 (the 廃棄 page, the case's 保存期間 panel) and
//! the audit viewer. Thin: the core decides what is due, who may approve and
//! what a disposal destroys.

use madoguchi_core::kernel::clock::today;
use crate::ctx::Ctx;
use crate::ipc::*;
use crate::state::AppState;
use madoguchi_core::store::Store;

type Res<T> = Result<T, ApiError>;

fn with_store<T>(state: &AppState, f: impl FnOnce(&mut Store) -> Res<T>) -> Res<T> {
    state.with_open(|s, _| f(s))
}

pub fn disposal_queue(state: &Ctx) -> Res<DisposalQueue> {
    with_store(state, |s| Ok(s.disposal_queue(today())?))
}

pub fn case_retention(state: &Ctx, case_id: i64) -> Res<RetentionInfo> {
    with_store(state, |s| Ok(s.case_retention(case_id)?))
}

pub fn approve_disposals(state: &Ctx, items: Vec<DisposalTarget>) -> Res<DisposalQueue> {
    with_store(state, |s| {
        let items: Vec<_> = items.iter().map(|i| (i.case_id, i.scope)).collect();
        s.approve_disposals(&items, today())?;
        Ok(s.disposal_queue(today())?)
    })
}

pub fn withdraw_disposal_approval(state: &Ctx, item: DisposalTarget) -> Res<DisposalQueue> {
    with_store(state, |s| {
        s.withdraw_disposal_approval(item.case_id, item.scope)?;
        Ok(s.disposal_queue(today())?)
    })
}

pub fn perform_disposals(state: &Ctx) -> Res<DisposalRun> {
    with_store(state, |s| Ok(s.perform_disposals(today())?))
}

pub fn set_legal_hold(state: &Ctx, case_id: i64, reason: String) -> Res<RetentionInfo> {
    with_store(state, |s| Ok(s.set_legal_hold(case_id, &reason)?))
}

pub fn release_legal_hold(state: &Ctx, case_id: i64) -> Res<RetentionInfo> {
    with_store(state, |s| Ok(s.release_legal_hold(case_id)?))
}

pub fn disposal_records(state: &Ctx, year: Option<i32>) -> Res<Vec<DisposalRecord>> {
    with_store(state, |s| Ok(s.disposal_records(year)?))
}

pub fn mark_paper_shredded(state: &Ctx, item_id: i64, shredded_on: String) -> Res<DisposalRecord> {
    with_store(state, |s| {
        Ok(s.mark_paper_shredded(item_id, &shredded_on, today())?)
    })
}

pub fn search_audit(state: &Ctx, filter: AuditFilter) -> Res<AuditPage> {
    with_store(state, |s| Ok(s.search_audit(&filter)?))
}

/// The actions the viewer filters on: groups first, then each action
/// (「サインイン」 is itself the group of sign-in entries: `signin` matches
/// `signin.*` too).
pub fn audit_actions(_ctx: &Ctx) -> Res<Vec<Choice>> {
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
pub fn export_audit_csv(state: &Ctx, filter: AuditFilter) -> Res<bool> {
    let (csv, n) = with_store(state, |s| Ok(s.audit_csv(&filter)?))?;
    let name = format!("監査ログ_{}.csv", today().format("%Y%m%d"));
    if !crate::desktop::save_file(
        state.desktop(),
        "監査ログの保存先",
        &name,
        "CSV",
        &["csv"],
        &csv,
    )? {
        return Ok(false);
    }
    with_store(state, |s| {
        s.record_audit_export(n)?;
        Ok(true)
    })
}

/// Writes an encrypted backup where the 管理者 chooses (窓口バックアップ_YYYYMMDD.mdgbak)
/// and reads it back before saying it is done; `None` if the dialog was
/// cancelled. The core refuses an officer and audits the backup.
pub fn create_backup(state: &Ctx) -> Res<Option<BackupDone>> {
    // Asked before the dialog, so an officer is not sent to pick a folder for nothing.
    with_store(state, |s| Ok(s.require_admin()?))?;
    let name = format!("窓口バックアップ_{}.mdgbak", today().format("%Y%m%d"));
    let Some(path) = state.desktop().pick_save_path(
        "バックアップの保存先",
        &name,
        "窓口バックアップ",
        &["mdgbak"],
    )?
    else {
        return Ok(None);
    };
    let report = with_store(state, |s| Ok(s.backup(&path)?))?;
    Ok(Some(BackupDone {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(name),
        bytes: report.bytes,
        audit_entries: report.audit_entries,
    }))
}
