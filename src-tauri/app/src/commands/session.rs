//! Tauri commands: each one translates IPC types, calls the core, and turns
//! errors into `ApiError`. No logic lives here that the CLI would also need.
//! Commands are async so Argon2 and file work never block the window thread.

use crate::ctx::Ctx;
use crate::ipc::*;
use crate::state::{AppState, PendingSetup};
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::output::recovery_sheet;
use madoguchi_core::store::audit::Action;
use madoguchi_core::store::error::StoreError;
use madoguchi_core::store::keyslot::KeySlotError;
use madoguchi_core::store::users::NewUser;
use madoguchi_core::store::Store;
use std::time::Instant;

type Res<T> = Result<T, ApiError>;

/// Runs `f` on the open store, counting as activity; `locked` if there is none.
fn with_store<T>(state: &AppState, f: impl FnOnce(&mut Store) -> Res<T>) -> Res<T> {
    state.with_open(|store, _| f(store))
}

/// Is the credential store usable for this data folder? Checked while locked
/// so the sign-in screen can offer the recovery key before a failed attempt.
fn credential_problem(state: &AppState) -> Option<ApiError> {
    let creds = match state.credentials() {
        Ok(c) => c,
        Err(e) => return Some(e.into()),
    };
    let slots = state.dir.load_slots().ok()?;
    match creds
        .get(&slots.device_binding)
        .and_then(|d| slots.check_device(&d))
    {
        Ok(()) => None,
        Err(e) => Some(e.into()),
    }
}

pub fn app_status(state: &Ctx) -> Res<AppStatus> {
    let backend = state
        .credentials()
        .map(|c| c.backend().to_string())
        .unwrap_or_else(|_| "unavailable".into());
    let inner = state.guard();
    let demo = inner.demo;
    let (phase, session, idle) = match &inner.store {
        Some(store) => (
            Phase::Unlocked,
            store.session().map(SessionInfo::from),
            inner.idle_minutes,
        ),
        None if state.dir.is_initialised() => (Phase::Locked, None, inner.idle_minutes),
        None => (Phase::Setup, None, inner.idle_minutes),
    };
    drop(inner);
    let problem = match phase {
        Phase::Locked => credential_problem(state),
        Phase::Setup => state.credentials().err().map(ApiError::from),
        Phase::Unlocked => None,
    };
    Ok(AppStatus {
        phase,
        version: madoguchi_core::kernel::APP_VERSION.into(),
        credential_backend: backend,
        credential_problem: problem,
        session,
        idle_lock_minutes: idle,
        demo,
    })
}

fn pick_confirm_groups() -> Vec<u32> {
    use rand::seq::index::sample;
    let mut picked: Vec<u32> = sample(&mut rand::thread_rng(), 13, 2)
        .into_iter()
        .map(|i| i as u32 + 1)
        .collect();
    picked.sort_unstable();
    picked
}

pub fn begin_setup(state: &Ctx, request: SetupRequest) -> Res<SetupStarted> {
    if state.dir.is_initialised() {
        return Err(StoreError::AlreadyInitialised.into());
    }
    state.credentials()?;
    let setup = Setup {
        organisation: request.organisation.into(),
        admin: NewUser {
            username: request.admin.username,
            display_name: request.admin.display_name,
            role: madoguchi_core::store::users::Role::Admin,
            password: request.admin.password,
        },
        store_id: Some(madoguchi_core::store::new_store_id()),
    }
    .validated()?;
    let recovery = RecoveryKey::random();
    let started = SetupStarted {
        recovery_key: recovery.to_display().to_string(),
        confirm_groups: pick_confirm_groups(),
    };
    state.guard().pending_setup = Some(PendingSetup {
        setup,
        recovery,
        confirm_groups: started.confirm_groups.clone(),
    });
    Ok(started)
}

pub fn cancel_setup(state: &Ctx) -> Res<()> {
    state.guard().pending_setup = None;
    Ok(())
}

pub fn finish_setup(state: &Ctx, request: FinishSetupRequest) -> Res<SessionInfo> {
    let creds = state.credentials()?;
    let mut inner = state.guard();
    let pending = inner.pending_setup.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::SetupNotStarted,
            "初期設定をはじめからやり直してください。",
        )
    })?;
    if request.answers.len() != pending.confirm_groups.len() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "確認欄をすべて入力してください。",
        ));
    }
    for (n, answer) in pending.confirm_groups.iter().zip(&request.answers) {
        if !pending.recovery.group_matches(*n as usize, answer) {
            let message = format!(
                "回復キーの第{n}組が一致しません。書き写した回復キーをもう一度確認してください。"
            );
            return Err(ApiError {
                code: ErrorCode::InvalidInput,
                message: message.clone(),
                fields: vec![FieldError {
                    field: "answers".into(),
                    message,
                }],
            });
        }
    }
    let store = Store::create(&state.dir, creds, &pending.setup, &pending.recovery)?;
    let session = store
        .session()
        .map(SessionInfo::from)
        .expect("a new store has its admin signed in");
    inner.idle_minutes = store.settings()?.idle_lock_minutes;
    inner.store = Some(store);
    inner.pending_setup = None; // drops (and zeroizes) the recovery key
    inner.had_session = true;
    inner.last_activity = Instant::now();
    Ok(session)
}

pub fn save_recovery_sheet(state: &Ctx) -> Res<bool> {
    let pdf = {
        let inner = state.guard();
        let pending = inner.pending_setup.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::SetupNotStarted,
                "初期設定をはじめからやり直してください。",
            )
        })?;
        let org = &pending.setup.organisation;
        let groups = pending.recovery.groups();
        let key_groups: Vec<&str> = groups.iter().map(|g| g.as_str()).collect();
        let input = recovery_sheet::SheetInput {
            organisation: &org.name,
            desk: &org.desk_name,
            created_on: madoguchi_core::kernel::clock::today(),
            store_id: pending.setup.store_id.as_deref().unwrap_or(""),
            key_groups: &key_groups,
        };
        zeroize::Zeroizing::new(recovery_sheet::recovery_sheet_pdf(&input)?)
    };
    crate::desktop::save_pdf(state.desktop(), "窓口_回復キー.pdf", &pdf)
}

fn open_session(state: &AppState, store: Store) -> Res<SessionInfo> {
    let session = store
        .session()
        .map(SessionInfo::from)
        .ok_or_else(|| ApiError::new(ErrorCode::NoSession, "サインインできませんでした。"))?;
    let mut inner = state.guard();
    inner.idle_minutes = store.settings()?.idle_lock_minutes;
    inner.store = Some(store);
    inner.had_session = true;
    inner.last_activity = Instant::now();
    Ok(session)
}

pub fn unlock(state: &Ctx, request: UnlockRequest) -> Res<SessionInfo> {
    let creds = state.credentials()?;
    let action = if state.guard().had_session {
        Action::Unlock
    } else {
        Action::SignIn
    };
    let store = Store::unlock(
        &state.dir,
        creds,
        &request.username,
        &request.password,
        action,
    )?;
    open_session(state, store)
}

pub fn recover(state: &Ctx, request: RecoverRequest) -> Res<SessionInfo> {
    let creds = state.credentials()?;
    let key = RecoveryKey::parse(request.recovery_key.expose())
        .ok_or(KeySlotError::MalformedRecoveryKey)?;
    let mut store = Store::open_with_recovery(&state.dir, creds, &key)?;
    store.rebind_to_this_pc(&request.username, &request.new_password)?;
    open_session(state, store)
}

pub fn lock(state: &Ctx) -> Res<()> {
    let store = state.guard().end_session();
    if let Some(store) = store {
        store.lock(false)?;
    }
    Ok(())
}

pub fn touch(state: &Ctx) -> Res<()> {
    state.guard().last_activity = Instant::now();
    Ok(())
}

pub fn get_organisation(state: &Ctx) -> Res<Organisation> {
    with_store(state, |s| Ok(s.organisation()?.into()))
}

pub fn update_organisation(state: &Ctx, organisation: Organisation) -> Res<Organisation> {
    with_store(state, |s| {
        Ok(s.update_organisation(&organisation.into())?.into())
    })
}

pub fn list_users(state: &Ctx) -> Res<Vec<UserInfo>> {
    with_store(state, |s| {
        s.require_admin()?;
        Ok(s.users()?.into_iter().map(UserInfo::from).collect())
    })
}

pub fn add_user(state: &Ctx, request: NewUserRequest) -> Res<UserInfo> {
    with_store(state, |s| {
        let u = NewUser {
            username: request.username,
            display_name: request.display_name,
            role: request.role.into(),
            password: request.password,
        };
        Ok(s.add_user(&u)?.into())
    })
}

pub fn set_user_active(state: &Ctx, request: SetUserActiveRequest) -> Res<UserInfo> {
    with_store(state, |s| {
        let user = if request.active {
            let pw = request.password.unwrap_or_else(|| Password::new(""));
            s.enable_user(request.user_id, &pw)?
        } else {
            s.disable_user(request.user_id)?
        };
        Ok(user.into())
    })
}

pub fn reset_password(state: &Ctx, request: ResetPasswordRequest) -> Res<()> {
    with_store(state, |s| {
        Ok(s.reset_password(request.user_id, &request.new_password)?)
    })
}

pub fn get_settings(state: &Ctx) -> Res<Settings> {
    with_store(state, |s| Ok(s.settings()?))
}

/// Pure: needs no store, so it answers even while the settings load.
pub fn preview_receipt_no(_ctx: &Ctx, format: String) -> Res<Vec<String>> {
    Ok(madoguchi_core::desk::receipt_no::preview(
        &format,
        madoguchi_core::kernel::clock::today(),
    )?)
}

pub fn update_settings(state: &Ctx, settings: Settings) -> Res<Settings> {
    let saved = with_store(state, |s| Ok(s.update_settings(settings)?))?;
    state.guard().idle_minutes = saved.idle_lock_minutes;
    Ok(saved)
}

pub fn audit_status(state: &Ctx) -> Res<AuditStatus> {
    with_store(state, |s| {
        Ok(match s.verify_audit() {
            Ok(c) => AuditStatus {
                entries: c.entries,
                ok: true,
                broken_at: None,
                head_hash: c.head_hash,
            },
            Err(StoreError::AuditBroken { seq }) => AuditStatus {
                entries: seq - 1,
                ok: false,
                broken_at: Some(seq),
                head_hash: String::new(),
            },
            Err(e) => return Err(e.into()),
        })
    })
}

/// Opens the demo store (synthetic data, clearly marked デモ), creating it the
/// first time. Any open store is locked first.
pub fn open_demo(state: &Ctx) -> Res<SessionInfo> {
    let creds = state.credentials()?;
    let previous = state.guard().end_session();
    if let Some(store) = previous {
        store.lock(false)?;
    }
    let store =
        madoguchi_core::demo::open_demo(&state.dir, creds, madoguchi_core::kernel::clock::today())?;
    let session = open_session(state, store)?;
    state.guard().demo = true;
    Ok(session)
}
