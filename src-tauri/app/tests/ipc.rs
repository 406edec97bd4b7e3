//! The IPC surface through Tauri's own IPC layer (mock runtime, the real
//! config and capabilities): every declared command is registered and
//! granted, the first-run/lock/unlock flow, errors as {code, message}, and the
//! committed TypeScript bindings are what ts-rs generates now.

use madoguchi_app::ipc::ErrorCode;
use madoguchi_app::ipc::*;
use madoguchi_app::{app, AppState, COMMANDS};
use madoguchi_core::store::credential::{CredentialStore, MemoryCredentialStore};
use madoguchi_core::store::DataDir;
use serde_json::{json, Value};
use std::sync::Arc;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use ts_rs::TS;

struct Harness {
    _tmp: tempfile::TempDir,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _app: tauri::App<tauri::test::MockRuntime>,
}

impl Harness {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let creds: Arc<dyn CredentialStore> = Arc::new(MemoryCredentialStore::new());
        let state = AppState::new(DataDir::new(tmp.path().join("data")), Ok(creds));
        let app = app(mock_builder(), state)
            .build(tauri::generate_context!())
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Harness {
            _tmp: tmp,
            webview,
            _app: app,
        }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    /// First-run setup through the commands, the admin signed in.
    fn set_up(&self) {
        let started: SetupStarted =
            serde_json::from_value(self.ok("begin_setup", setup_request("100-0001"))).unwrap();
        let groups: Vec<&str> = started.recovery_key.split('-').collect();
        let answers: Vec<String> = started
            .confirm_groups
            .iter()
            .map(|n| groups[*n as usize - 1].to_string())
            .collect();
        self.ok("finish_setup", json!({ "request": { "answers": answers } }));
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> ApiError {
        let e = self.call(cmd, args).expect_err(cmd);
        serde_json::from_value(e.clone()).unwrap_or_else(|_| panic!("{cmd}: not an ApiError: {e}"))
    }
}

fn setup_request(postal: &str) -> Value {
    json!({ "request": {
        "organisation": { "name": "見本商事株式会社", "deskName": "", "postalCode": postal, "address": "東京都千代田区見本1-1",
                          "phone": "03-1234-5678", "email": "privacy@example.co.jp" },
        "admin": { "username": "kanri", "displayName": "見本 管理者", "password": "kanri-pass-2026" }
    }})
}

#[test]
fn every_declared_command_is_registered_and_granted() {
    let h = Harness::new();
    for cmd in COMMANDS {
        if matches!(
            *cmd,
            "save_recovery_sheet"
                | "pick_eml_files"
                | "pick_scan_files"
                | "save_calibration_page"
                | "save_letter_pdf"
                | "save_disclosure_package"
                | "export_audit_csv"
                | "create_backup"
                | "save_report_pdf"
                | "export_report"
        ) {
            continue; // open native dialogs
        }
        if let Err(e) = h.call(cmd, json!({})) {
            let text = e.to_string();
            assert!(
                !text.contains("not found") && !text.contains("not allowed"),
                "{cmd}: {text}"
            );
        }
    }
    let e = h
        .call("no_such_command", json!({}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("not found") || e.contains("not allowed"), "{e}");
}

#[test]
fn first_run_lock_and_unlock_through_ipc() {
    let h = Harness::new();
    assert_eq!(h.ok("app_status", json!({}))["phase"], "setup");

    let e = h.err("begin_setup", setup_request("12-34"));
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(e.fields[0].field, "postalCode");
    assert!(e.fields[0].message.contains("7桁"));
    assert_eq!(
        h.ok("app_status", json!({}))["phase"],
        "setup",
        "nothing created"
    );

    let started: SetupStarted =
        serde_json::from_value(h.ok("begin_setup", setup_request("１００ー０００１"))).unwrap();
    let groups: Vec<&str> = started.recovery_key.split('-').collect();
    assert_eq!(groups.len(), 13);
    assert_eq!(started.confirm_groups.len(), 2);
    let answer = |i: usize| groups[started.confirm_groups[i] as usize - 1].to_string();

    let e = h.err(
        "finish_setup",
        json!({ "request": { "answers": [answer(0), "ZZZZ"] } }),
    );
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e
        .message
        .contains(&format!("第{}組", started.confirm_groups[1])));
    assert_eq!(h.ok("app_status", json!({}))["phase"], "setup");

    let session = h.ok(
        "finish_setup",
        json!({ "request": { "answers": [answer(0).to_lowercase(), answer(1)] } }),
    );
    assert_eq!(session["role"], "admin");
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["phase"], "unlocked");
    assert_eq!(status["credentialBackend"], "memory-test-only");
    assert_eq!(
        h.ok("get_organisation", json!({}))["postalCode"],
        "100-0001"
    );
    assert_eq!(h.ok("audit_status", json!({}))["ok"], true);

    h.ok("lock", json!({}));
    assert_eq!(h.ok("app_status", json!({}))["phase"], "locked");
    assert_eq!(h.err("get_organisation", json!({})).code, ErrorCode::Locked);

    let e = h.err(
        "unlock",
        json!({ "request": { "username": "kanri", "password": "wrong-password" } }),
    );
    assert_eq!(e.code, ErrorCode::WrongPassword);
    assert_eq!(e.message, "ユーザー名またはパスワードが正しくありません。");
    h.ok(
        "unlock",
        json!({ "request": { "username": "kanri", "password": "kanri-pass-2026" } }),
    );

    let officer = h.ok("add_user", json!({ "request": { "username": "tanto", "displayName": "見本 担当", "role": "officer", "password": "tanto-pass-1" } }));
    let users = h.ok("list_users", json!({}));
    assert_eq!(users.as_array().unwrap().len(), 2);
    let e = h.err(
        "set_user_active",
        json!({ "request": { "userId": officer["id"], "active": true, "password": null } }),
    );
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(
        h.ok(
            "update_settings",
            json!({ "settings": { "idleLockMinutes": 3, "receiptFormat": "{YYYY}-{NNNN}" } })
        )["idleLockMinutes"],
        3
    );
    assert_eq!(
        h.err(
            "update_settings",
            json!({ "settings": { "idleLockMinutes": 0, "receiptFormat": "{YYYY}-{NNNN}" } })
        )
        .fields[0]
            .field,
        "idleLockMinutes"
    );
}

/// The test hooks are environment variables: one test at a time sets them.
#[cfg(feature = "test-hooks")]
static ENV: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `f` with the file dialog answering `paths` and saves going to `save_dir`.
#[cfg(feature = "test-hooks")]
fn with_dialogs<T>(
    h: &Harness,
    paths: &[std::path::PathBuf],
    save_dir: Option<&std::path::Path>,
    f: impl FnOnce() -> T,
) -> T {
    let _env = ENV.lock().unwrap_or_else(|e| e.into_inner());
    let pick = h._tmp.path().join("pick.txt");
    std::fs::write(
        &pick,
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    std::env::set_var("MADOGUCHI_TEST_PICK_FILE", &pick);
    if let Some(dir) = save_dir {
        std::env::set_var("MADOGUCHI_TEST_SAVE_DIR", dir);
    }
    let out = f();
    std::env::remove_var("MADOGUCHI_TEST_PICK_FILE");
    std::env::remove_var("MADOGUCHI_TEST_SAVE_DIR");
    out
}

#[test]
#[cfg(feature = "test-hooks")] // the file dialogs answer from the test hooks
fn the_back_of_a_my_number_card_is_masked_before_the_case_is_saved() {
    let h = Harness::new();
    h.set_up();
    let policies = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/policies");
    // A profile imported through the dialog: S0 warns (38条) until the admin keeps it.
    let e = with_dialogs(&h, &[policies.join("s0-email-desk.json")], None, || {
        h.err("import_policy", json!({ "keepWarnings": false }))
    });
    assert_eq!(e.code, ErrorCode::Warnings);
    // Keeping the warnings uses the file already read: no second pick (the dialog would answer nothing).
    let s0: PolicyDetail = with_dialogs(&h, &[], None, || {
        serde_json::from_value(h.ok("import_policy", json!({ "keepWarnings": true }))).unwrap()
    });
    let out = h._tmp.path().join("export");
    std::fs::create_dir_all(&out).unwrap();
    assert_eq!(
        with_dialogs(&h, &[], Some(&out), || h
            .ok("export_policy", json!({ "id": s0.id }))),
        json!(true)
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);

    let staged: Staged = with_dialogs(
        &h,
        &[fixtures().join("mail/s0b-unregistered-utf8-with-scans.eml")],
        None,
        || serde_json::from_value(h.ok("pick_eml_files", json!({}))).unwrap(),
    );
    let mail = &staged.mails[0];
    let back = std::fs::read(fixtures().join("scans/mynumber-back.jpg")).unwrap();
    let back_id = (0..mail.attachments.len())
        .map(|i| format!("{}-{i}", mail.staged_id))
        .find(|id| {
            let data: AttachmentData =
                serde_json::from_value(h.ok("get_staged_data", json!({ "stagedId": id }))).unwrap();
            data_encoding::BASE64
                .decode(data.data_base64.as_bytes())
                .unwrap()
                == back
        })
        .unwrap();
    let doc = json!({ "docType": "mynumber_back", "honsekiPrinted": false, "issuedOn": "", "expiresOn": "" });
    let f: StagedFile =
        serde_json::from_value(h.ok("set_staged_doc", json!({ "stagedId": back_id, "doc": doc })))
            .unwrap();
    assert!(f.needs_mask && !f.masked && f.mask_reason.contains("個人番号"));
    let mut input = mail.input.clone();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(s0.id);
    let e = h.err(
        "create_case",
        json!({ "input": input, "stagedMailId": mail.staged_id, "stagedFileIds": [] }),
    );
    assert_eq!(
        (e.code.as_str(), e.fields[0].field.as_str()),
        ("invalid_input", "documents")
    );
    // The mail is still staged; masking it lets the case be saved.
    let bad = h.err(
        "mask_staged",
        json!({ "stagedId": back_id, "mask": { "rects": [], "pages": [] } }),
    );
    assert!(bad.message.contains("1つ以上"));
    let f: StagedFile = serde_json::from_value(h.ok("mask_staged", json!({ "stagedId": back_id, "mask": { "rects": [{ "x": 0.05, "y": 0.2, "w": 0.9, "h": 0.3 }], "pages": [] } }))).unwrap();
    assert!(f.masked && !f.needs_mask);
    let c: CaseView = serde_json::from_value(h.ok(
        "create_case",
        json!({ "input": input, "stagedMailId": mail.staged_id, "stagedFileIds": [] }),
    ))
    .unwrap();
    let v: Verification =
        serde_json::from_value(h.ok("get_verification", json!({ "caseId": c.id }))).unwrap();
    let masked = v
        .documents
        .iter()
        .find(|d| d.doc.doc_type == DocType::MynumberBack)
        .unwrap();
    assert!(masked.masked);
    let data: AttachmentData = serde_json::from_value(h.ok(
        "get_attachment",
        json!({ "attachmentId": masked.attachment_id }),
    ))
    .unwrap();
    assert_ne!(
        data_encoding::BASE64
            .decode(data.data_base64.as_bytes())
            .unwrap(),
        back
    );
    assert!(
        v.missing.iter().any(|m| m.contains("本人確認書類が必要")),
        "{:?}",
        v.missing
    );
    let vocabulary: Vocabulary = serde_json::from_value(h.ok("vocabulary", json!({}))).unwrap();
    assert!(vocabulary
        .doc_types
        .iter()
        .any(|d| d.doc_type == DocType::MynumberBack && d.mask_rule == MaskRule::Required));
}

fn fixtures() -> std::path::PathBuf {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if p.exists() {
        return p;
    }
    std::env::var_os("MADOGUCHI_FIXTURES")
        .map(Into::into)
        .expect("fixtures: ../shared/fixtures beside the repository, or MADOGUCHI_FIXTURES")
}

#[test]
#[cfg(feature = "test-hooks")] // the file dialogs answer from the test hooks
fn intake_by_mail_and_by_post_through_ipc() {
    let h = Harness::new();
    h.set_up();

    // Pick two mails (the test hook stands in for the native dialog).
    let mails = fixtures().join("mail");
    let list = format!(
        "{}\n{}",
        mails.join("s0a-registered-iso2022jp.eml").display(),
        mails.join("broken-truncated.eml").display()
    );
    let pick = h._tmp.path().join("pick.txt");
    std::fs::write(&pick, list).unwrap();
    let staged: Staged = {
        let _env = ENV.lock().unwrap();
        std::env::set_var("MADOGUCHI_TEST_PICK_FILE", &pick);
        let staged = serde_json::from_value(h.ok("pick_eml_files", json!({}))).unwrap();
        std::env::remove_var("MADOGUCHI_TEST_PICK_FILE");
        staged
    };
    assert_eq!(staged.mails.len(), 2, "{:?}", staged.problems);
    let s0a = &staged.mails[0];
    assert_eq!(s0a.input.channel, Channel::Email);
    assert!(!s0a.input.requester.name.is_empty());
    assert!(
        !staged.mails[1].mail.problems.is_empty(),
        "the truncated mail says what could not be read"
    );

    let mut input = s0a.input.clone();
    if input.kinds.is_empty() {
        input.kinds.push(RequestKind::Disclosure);
    }
    let created: CaseView = serde_json::from_value(h.ok(
        "create_case",
        json!({ "input": input, "stagedMailId": s0a.staged_id, "stagedFileIds": [] }),
    ))
    .unwrap();
    assert!(created.receipt_no.ends_with("-0001"));
    assert_eq!(created.attachments[0].origin, "eml");
    assert!(created
        .events
        .iter()
        .any(|e| e.summary.starts_with("メールを取り込み")));
    // The staged mail is used up.
    assert_eq!(
        h.err(
            "create_case",
            json!({ "input": input, "stagedMailId": s0a.staged_id, "stagedFileIds": [] })
        )
        .code,
        ErrorCode::StagedMissing
    );

    // A postal case with a bad value: the field error, nothing saved.
    let mut post: CaseInput =
        serde_json::from_value(h.ok("new_case_input", json!({ "channel": "post" }))).unwrap();
    post.requester.name = "見本 一郎".into();
    post.requester.postal_code = "12-345".into();
    post.kinds = vec![RequestKind::Correction];
    let e = h.err(
        "create_case",
        json!({ "input": post, "stagedMailId": null, "stagedFileIds": [] }),
    );
    assert_eq!(e.fields[0].field, "requester.postalCode");
    post.requester.postal_code = "１００－０００１".into();
    let c: CaseView = serde_json::from_value(h.ok(
        "create_case",
        json!({ "input": post, "stagedMailId": null, "stagedFileIds": [] }),
    ))
    .unwrap();
    assert_eq!(c.input.requester.postal_code, "100-0001");

    let page: CasePage = serde_json::from_value(h.ok("list_cases", json!({ "query": {
        "search": "ミホン", "statuses": [], "kinds": [], "channels": ["post"], "specificPersonalInfo": null,
        "sort": "received_desc", "page": 0, "pageSize": 50 } }))).unwrap();
    assert_eq!(page.total, 0, "no kana was given for the postal case");
    let page: CasePage = serde_json::from_value(h.ok("list_cases", json!({ "query": {
        "search": "", "statuses": ["received"], "kinds": [], "channels": [], "specificPersonalInfo": null,
        "sort": "receipt_no_asc", "page": 0, "pageSize": 50 } }))).unwrap();
    assert_eq!(page.total, 2);
    let v: CaseView = serde_json::from_value(h.ok("get_case", json!({ "id": c.id }))).unwrap();
    assert_eq!(v.receipt_no, c.receipt_no);
    h.ok(
        "set_case_status",
        json!({ "id": c.id, "status": "withdrawn", "reason": "本人から取下げの連絡" }),
    );

    // Locking drops what was staged.
    h.ok("lock", json!({}));
    assert_eq!(h.err("list_cases", json!({ "query": { "search": "", "statuses": [], "kinds": [], "channels": [], "specificPersonalInfo": null, "sort": "received_desc", "page": 0, "pageSize": 50 } })).code, ErrorCode::Locked);
}

#[test]
fn the_demo_store_opens_from_the_first_run_screen_and_ends_on_lock() {
    let h = Harness::new();
    assert_eq!(h.ok("app_status", json!({}))["phase"], "setup");
    let session = h.ok("open_demo", json!({}));
    assert_eq!(session["username"], "demo");
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["phase"], "unlocked");
    assert_eq!(status["demo"], true);
    let page: CasePage = serde_json::from_value(h.ok(
        "list_cases",
        json!({ "query": {
        "search": "", "statuses": [], "kinds": [], "channels": [], "specificPersonalInfo": null,
        "sort": "received_desc", "page": 0, "pageSize": 50 } }),
    ))
    .unwrap();
    assert_eq!(
        page.total, 43,
        "40 recent requests and 3 answered over a year ago"
    );
    h.ok("lock", json!({}));
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["demo"], false);
    assert_eq!(
        status["phase"], "setup",
        "the real store still needs its first-run setup"
    );
}

#[test]
fn idle_time_locks_the_store_and_is_audited() {
    use tauri::Manager;
    let h = Harness::new();
    h.set_up();
    h.ok(
        "update_settings",
        json!({ "settings": { "idleLockMinutes": 1, "receiptFormat": "{YYYY}-{NNNN}" } }),
    );
    let state = h._app.state::<AppState>();
    let now = std::time::Instant::now();
    assert!(
        !state.lock_if_idle(now + std::time::Duration::from_secs(30)),
        "30 s is not idle yet"
    );
    assert_eq!(h.ok("app_status", json!({}))["phase"], "unlocked");
    assert!(state.lock_if_idle(now + std::time::Duration::from_secs(61)));
    assert_eq!(h.ok("app_status", json!({}))["phase"], "locked");
    h.ok(
        "unlock",
        json!({ "request": { "username": "kanri", "password": "kanri-pass-2026" } }),
    );
    let entries = state
        .guard()
        .store
        .as_ref()
        .unwrap()
        .audit_entries(2)
        .unwrap();
    assert_eq!(
        entries
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["unlock", "lock.idle"]
    );
}

#[test]
fn recovery_path_when_the_credential_entry_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let creds = Arc::new(MemoryCredentialStore::new());
    let dir = DataDir::new(tmp.path().join("data"));
    let key = madoguchi_core::kernel::secret::RecoveryKey::random();
    let setup = madoguchi_core::lifecycle::Setup {
        organisation: madoguchi_core::desk::org::Organisation {
            name: "見本株式会社".into(),
            ..Default::default()
        },
        admin: madoguchi_core::store::users::NewUser {
            username: "kanri".into(),
            display_name: "見本".into(),
            role: madoguchi_core::store::users::Role::Admin,
            password: madoguchi_core::kernel::secret::Password::new("kanri-pass-2026"),
        },
        store_id: None,
    };
    madoguchi_core::Store::create(&dir, creds.clone(), &setup, &key)
        .unwrap()
        .lock(false)
        .unwrap();
    creds.remove_all();

    let state = AppState::new(dir, Ok(creds.clone() as Arc<dyn CredentialStore>));
    let app = app(mock_builder(), state)
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let h = Harness {
        _tmp: tmp,
        webview,
        _app: app,
    };

    let status = h.ok("app_status", json!({}));
    assert_eq!(status["phase"], "locked");
    assert_eq!(status["credentialProblem"]["code"], "credential_missing");
    assert_eq!(h.err("recover", json!({ "request": { "recoveryKey": "ABCD", "username": "kanri", "newPassword": "new-pass-123" } })).code, ErrorCode::MalformedRecoveryKey);
    let session = h.ok("recover", json!({ "request": { "recoveryKey": key.to_display().as_str(), "username": "kanri", "newPassword": "new-pass-123" } }));
    assert_eq!(session["viaRecovery"], true);
    h.ok("lock", json!({}));
    assert_eq!(
        h.ok("app_status", json!({}))["credentialProblem"],
        Value::Null
    );
    h.ok(
        "unlock",
        json!({ "request": { "username": "kanri", "password": "new-pass-123" } }),
    );
}

#[test]
fn bindings_are_fresh() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let cfg = ts_rs::Config::new().with_large_int("number");
    let update = std::env::var("UPDATE_BINDINGS").is_ok();
    let mut stale = Vec::new();
    macro_rules! check {
        // A generic type is written once, with its parameter (`Labelled<T>`).
        ($t:ident $(<$g:ty>)?) => {{
            let fresh = <$t $(<$g>)? as TS>::export_to_string(&cfg).unwrap();
            let path = dir.join(concat!(stringify!($t), ".ts"));
            if update {
                std::fs::write(&path, &fresh).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
                stale.push(stringify!($t));
            }
        }};
    }
    madoguchi_app::for_each_ipc_type!(check);
    // Their index, and the client written from api.rs.
    let mut names = Vec::new();
    macro_rules! name {
        ($t:ident $(<$g:ty>)?) => {
            names.push(stringify!($t))
        };
    }
    madoguchi_app::for_each_ipc_type!(name);
    names.sort_unstable();
    let mut index = String::from("// Re-exports of the types generated by ts-rs into ../bindings (one file per\n// Rust type), written by `bindings_are_fresh` (src-tauri/app/tests/ipc.rs).\n// Import from here, not from ../bindings.\n");
    for n in names {
        index.push_str(&format!(
            "export type {{ {n} }} from \"../bindings/{n}\";\n"
        ));
    }
    let types = dir.join("../backend/types.ts");
    if update {
        std::fs::write(&types, &index).unwrap();
    } else if std::fs::read_to_string(&types).ok().as_deref() != Some(index.as_str()) {
        stale.push("types.ts");
    }
    let client = dir.join("../backend/commands.ts");
    let fresh = madoguchi_app::typescript_client();
    if update {
        std::fs::write(&client, &fresh).unwrap();
    } else if std::fs::read_to_string(&client).ok().as_deref() != Some(fresh.as_str()) {
        stale.push("commands.ts");
    }
    assert!(stale.is_empty(), "stale TypeScript bindings {stale:?}: run `UPDATE_BINDINGS=1 cargo test -p madoguchi --features custom-protocol,test-hooks --test ipc bindings` and commit ui/src/bindings and ui/src/backend/commands.ts");
}

/// Letters through IPC on the demo store: preview, issue, save through the
/// (test-hooked) save dialog, the calibration page; a printer that does not
/// exist and a bad mailing are refused in Japanese and change nothing.
#[test]
#[cfg(feature = "test-hooks")] // the file dialogs answer from the test hooks
fn letters_are_previewed_issued_and_saved_through_ipc() {
    let h = Harness::new();
    h.ok("open_demo", json!({}));
    let page: CasePage = serde_json::from_value(h.ok(
        "list_cases",
        json!({ "query": {
        "search": "", "statuses": [], "kinds": [], "channels": [], "specificPersonalInfo": null,
        "sort": "received_desc", "page": 0, "pageSize": 1 } }),
    ))
    .unwrap();
    let case_id = page.items[0].id;
    let templates = h.ok("list_letter_templates", json!({}));
    assert_eq!(templates.as_array().unwrap().len(), 11);
    let preview = h.ok(
        "preview_letter",
        json!({ "caseId": case_id, "key": "acknowledgement" }),
    );
    let pdf = data_encoding::BASE64
        .decode(preview["pdfBase64"].as_str().unwrap().as_bytes())
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(preview["missing"].as_array().unwrap().len(), 0, "{preview}");
    let letter = h.ok(
        "issue_letter",
        json!({ "caseId": case_id, "key": "acknowledgement" }),
    );
    let id = letter["id"].as_i64().unwrap();
    assert_eq!(h.ok("print_queue", json!({})).as_array().unwrap().len(), 1);

    let e = h.err(
        "print_letter",
        json!({ "letterId": id, "printer": "no-such-printer" }),
    );
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("プリンター"), "{}", e.message);
    let e = h.err("record_mailing", json!({ "letterId": id, "input": { "sentOn": "2026-11-20", "method": "simple_registered", "trackingNo": "", "postageYen": 460, "note": "" } }));
    assert_eq!(e.fields[0].field, "trackingNo");
    assert!(
        h.ok("case_letters", json!({ "caseId": case_id }))[0]["mailings"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let out = h._tmp.path().join("saved");
    std::fs::create_dir_all(&out).unwrap();
    let saved = with_dialogs(&h, &[], Some(&out), || {
        h.ok("save_letter_pdf", json!({ "letterId": id }))
    });
    assert!(saved["printedAt"].is_string());
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.ends_with("_受付のお知らせ.pdf") && name.contains("第"),
        "{name}"
    );
    assert!(std::fs::read(&files[0]).unwrap().starts_with(b"%PDF"));
    assert_eq!(
        h.ok("print_queue", json!({})).as_array().unwrap().len(),
        0,
        "saved leaves the queue"
    );

    assert_eq!(
        with_dialogs(&h, &[], Some(&out), || h
            .ok("save_calibration_page", json!({}))),
        json!(true)
    );
    assert!(out.join("宛名位置の確認用紙.pdf").exists());
    let e = h.err(
        "set_letter_offsets",
        json!({ "offsets": { "xMm": 45.0, "yMm": 0.0 } }),
    );
    assert_eq!(e.fields[0].field, "xMm");
}

/// 廃棄 through IPC on the demo store (three requests answered over a year
/// ago): the queue, 保全 with a bad reason refused, approval, disposal, the
/// 廃棄記録 and its paper checklist; then the audit viewer finds it all.
#[test]
fn disposals_and_the_audit_viewer_through_ipc() {
    let h = Harness::new();
    h.ok("open_demo", json!({}));
    let q: DisposalQueue = serde_json::from_value(h.ok("disposal_queue", json!({}))).unwrap();
    assert_eq!(q.due.len(), 3, "{q:?}");
    let first = q.due[0].clone();
    assert_eq!(first.rule, "回答完了から1年");
    let info: RetentionInfo =
        serde_json::from_value(h.ok("case_retention", json!({ "caseId": first.case_id }))).unwrap();
    assert_eq!(
        info.disposable_from.as_deref(),
        Some(first.disposable_from.as_str())
    );
    assert!(info.is_default);

    let e = h.err(
        "set_legal_hold",
        json!({ "caseId": first.case_id, "reason": "" }),
    );
    assert_eq!(e.fields[0].field, "reason");
    let held = q.due[1].clone();
    h.ok(
        "set_legal_hold",
        json!({ "caseId": held.case_id, "reason": "紛争中" }),
    );
    let e = h.err(
        "approve_disposals",
        json!({ "items": [{ "caseId": held.case_id, "scope": "case" }] }),
    );
    assert!(e.message.contains("保全中"), "{}", e.message);

    let q: DisposalQueue = serde_json::from_value(h.ok(
        "approve_disposals",
        json!({ "items": [{ "caseId": first.case_id, "scope": "case" }, { "caseId": q.due[2].case_id, "scope": "case" }] }),
    ))
    .unwrap();
    assert_eq!(q.due.iter().filter(|i| i.approved_by.is_some()).count(), 2);
    let q: DisposalQueue = serde_json::from_value(h.ok(
        "withdraw_disposal_approval",
        json!({ "item": { "caseId": q.due[2].case_id, "scope": "case" } }),
    ))
    .unwrap();
    assert_eq!(q.due.iter().filter(|i| i.approved_by.is_some()).count(), 1);

    let run: DisposalRun = serde_json::from_value(h.ok("perform_disposals", json!({}))).unwrap();
    assert_eq!(run.done.len(), 1);
    assert_eq!(run.done[0].receipt_no, first.receipt_no);
    assert_eq!(
        run.skipped.len(),
        1,
        "the held case is named with its reason"
    );
    assert!(run.skipped[0].reason.contains("紛争中"));
    let e = h.err("get_case", json!({ "id": first.case_id }));
    assert_eq!(e.code, ErrorCode::NotFound);
    let records: Vec<DisposalRecord> =
        serde_json::from_value(h.ok("disposal_records", json!({ "year": null }))).unwrap();
    assert_eq!(records.len(), 1);

    let actions: Vec<Choice> = serde_json::from_value(h.ok("audit_actions", json!({}))).unwrap();
    assert!(actions
        .iter()
        .any(|c| c.code == "case.disposed" && c.label == "廃棄の実施"));
    let page: AuditPage = serde_json::from_value(h.ok(
        "search_audit",
        json!({ "filter": { "actorId": null, "from": "", "to": "", "receiptNo": first.receipt_no, "action": "", "offset": 0, "limit": 50 } }),
    ))
    .unwrap();
    let labels: Vec<&str> = page.rows.iter().map(|r| r.action_label.as_str()).collect();
    assert!(
        labels.contains(&"廃棄の実施") && labels.contains(&"廃棄の承認"),
        "{labels:?}"
    );
    assert!(page
        .rows
        .iter()
        .all(|r| r.target == format!("案件 {}", first.receipt_no)));
    let e = h.err(
        "search_audit",
        json!({ "filter": { "actorId": null, "from": "昨日", "to": "", "receiptNo": "", "action": "", "offset": 0, "limit": 50 } }),
    );
    assert_eq!(e.fields[0].field, "from");
}

/// 報告 and 苦情・相談 through IPC on the demo store: a complaint logged and
/// its first step recorded, the year's report counts it, the PDF preview is
/// a PDF, and bad input is refused per field.
#[test]
fn reports_and_complaints_through_ipc() {
    let h = Harness::new();
    h.ok("open_demo", json!({}));
    let today = madoguchi_core::kernel::clock::today();
    let year = chrono::Datelike::year(&today);
    let e = h.err(
        "create_complaint",
        json!({ "input": { "category": "complaint", "channel": "phone", "receivedOn": today.to_string(), "name": "", "contact": "",
                           "summary": "", "linkedReceiptNo": "", "policyId": null } }),
    );
    assert_eq!(e.fields[0].field, "summary");
    let c: ComplaintDetail = serde_json::from_value(h.ok(
        "create_complaint",
        json!({ "input": { "category": "consultation", "channel": "phone", "receivedOn": today.to_string(), "name": "見本 次郎", "contact": "03-0000-0000",
                           "summary": "利用目的について知りたい（見本）", "linkedReceiptNo": "", "policyId": null } }),
    ))
    .unwrap();
    assert_eq!(c.summary.name, "見本 次郎");
    let c: ComplaintDetail = serde_json::from_value(h.ok(
        "record_complaint_step",
        json!({ "caseId": c.summary.case_id, "input": { "step": "first_response", "doneOn": today.to_string(), "person": "デモ 担当者", "notes": "" } }),
    ))
    .unwrap();
    assert_eq!(c.next_step, Some(ComplaintStep::Investigation));
    let list: Vec<ComplaintSummary> =
        serde_json::from_value(h.ok("list_complaints", json!({ "openOnly": true }))).unwrap();
    assert_eq!(list.len(), 1);

    let r: Report = serde_json::from_value(h.ok(
        "get_report",
        json!({ "period": { "year": year, "month": null } }),
    ))
    .unwrap();
    assert_eq!(r.complaints, 1);
    assert!(r.received >= 1);
    let pdf: String = serde_json::from_value(h.ok(
        "report_pdf",
        json!({ "period": { "year": year, "month": null } }),
    ))
    .unwrap();
    assert!(pdf.starts_with("JVBER"), "base64 of %PDF");
    let e = h.err(
        "get_report",
        json!({ "period": { "year": year, "month": 13 } }),
    );
    assert_eq!(e.fields[0].field, "month");
}
