//! The admin CLI end to end, through its binary: init → status → backup →
//! restore on a "new PC" → verify → audit export; and its failure messages.
//! Uses the real OS credential store, so it runs only inside a Secret Service
//! session (scripts/test does that); elsewhere it says why it did not run.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn admin(args: &[&str], stdin: &str, home: &std::path::Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_madoguchi-admin"))
        .args(args)
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// True inside scripts/test's Secret Service session. In CI the session is
/// mandatory: a run without it fails instead of silently skipping.
fn real_keyring_available() -> bool {
    let on = std::env::var("MADOGUCHI_REAL_KEYRING").as_deref() == Ok("1");
    assert!(
        on || std::env::var("CI").as_deref() != Ok("true"),
        "CI must run this with the real credential store"
    );
    on
}

/// The store in `data_dir` opened as the CLI tests' 管理者 "kanri", through
/// the core as the app would, to prepare data for a command.
fn unlock_as_kanri(data_dir: &std::path::Path) -> madoguchi_core::Store {
    madoguchi_core::Store::unlock(
        &madoguchi_core::DataDir::new(data_dir.to_path_buf()),
        std::sync::Arc::new(madoguchi_core::store::credential::OsCredentialStore::new().unwrap()),
        "kanri",
        &madoguchi_core::kernel::secret::Password::new("kanri-pass-2026"),
        madoguchi_core::store::audit::Action::SignIn,
    )
    .unwrap()
}

#[test]
fn init_status_backup_restore_verify_export() {
    if !real_keyring_available() {
        eprintln!("skipped: needs MADOGUCHI_REAL_KEYRING=1 inside a Secret Service session (scripts/test)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let data = data.to_str().unwrap();
    let key_file = tmp.path().join("recovery.txt");

    let o = admin(
        &[
            "--data-dir",
            data,
            "init",
            "--org",
            "見本商事株式会社",
            "--admin",
            "kanri",
            "--password-stdin",
            "--recovery-key-out",
            key_file.to_str().unwrap(),
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert_eq!(key.trim().len(), 64, "52 characters in 13 groups");

    let o = admin(
        &[
            "--data-dir",
            data,
            "status",
            "--json",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["credentialBackend"], "secret-service");
    assert_eq!(v["schemaVersion"], madoguchi_core::store::schema_version());
    assert_eq!(v["users"][0]["username"], "kanri");
    assert_eq!(v["auditOk"], true);

    let o = admin(
        &[
            "--data-dir",
            data,
            "status",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "wrong-password\n",
        tmp.path(),
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("ユーザー名またはパスワードが正しくありません"),
        "{}",
        text(&o)
    );

    // Bulk import of every fixture mail, then list and search them.
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/mail");
    let fixtures = if fixtures.exists() {
        fixtures
    } else {
        std::path::PathBuf::from(std::env::var("MADOGUCHI_FIXTURES").expect("fixtures"))
            .join("mail")
    };
    let mut emls: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    emls.sort();
    let mut args = vec![
        "--data-dir",
        data,
        "import-eml",
        "--json",
        "--user",
        "kanri",
        "--password-stdin",
    ];
    args.extend(emls.iter().map(String::as_str));
    let o = admin(&args, "kanri-pass-2026\n", tmp.path());
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let results = v.as_array().unwrap();
    assert_eq!(results.len(), emls.len());
    assert!(
        results
            .iter()
            .all(|r| r["receiptNo"].as_str().is_some_and(|n| n.len() == 9)),
        "{v}"
    );
    let broken = results
        .iter()
        .find(|r| {
            r["file"]
                .as_str()
                .unwrap()
                .ends_with("broken-truncated.eml")
        })
        .unwrap();
    assert!(
        !broken["problems"].as_array().unwrap().is_empty(),
        "the broken mail says what could not be read"
    );
    let o = admin(
        &[
            "--data-dir",
            data,
            "cases",
            "--json",
            "--search",
            "見本",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["total"].as_i64().unwrap() >= 1);
    assert!(v["cases"][0]["subject"].is_string());
    let o = admin(
        &[
            "--data-dir",
            data,
            "import-eml",
            "--user",
            "kanri",
            "--password-stdin",
            bak_missing(),
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(
        !o.status.success(),
        "a missing file is reported and the exit code says so"
    );
    assert!(text(&o).contains("読み込めませんでした"), "{}", text(&o));

    // Policies: a hostile file is refused; S0 warns (38条) until kept; export reads back.
    let policies = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/policies");
    let junk = tmp.path().join("junk.json");
    std::fs::write(
        &junk,
        "{\"format\":\"madoguchi-policy\",\"version\":1,\"policy\":{\"name\":1}}",
    )
    .unwrap();
    let o = admin(
        &[
            "--data-dir",
            data,
            "policy",
            "import",
            junk.to_str().unwrap(),
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(
        !o.status.success() && text(&o).contains("ポリシーの内容が正しくありません"),
        "{}",
        text(&o)
    );
    let s0 = policies.join("s0-email-desk.json");
    let o = admin(
        &[
            "--data-dir",
            data,
            "policy",
            "import",
            s0.to_str().unwrap(),
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(
        !o.status.success() && text(&o).contains("第38条"),
        "{}",
        text(&o)
    );
    let o = admin(
        &[
            "--data-dir",
            data,
            "policy",
            "import",
            s0.to_str().unwrap(),
            "--keep-warnings",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(
        o.status.success() && text(&o).contains("承知のうえ"),
        "{}",
        text(&o)
    );
    let o = admin(
        &[
            "--data-dir",
            data,
            "policy",
            "list",
            "--json",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = v[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(v[0]["isDefault"], true);
    let exported = tmp.path().join("s0-out.json");
    let o = admin(
        &[
            "--data-dir",
            data,
            "policy",
            "export",
            &id,
            "--out",
            exported.to_str().unwrap(),
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        madoguchi_core::policy::from_file(&std::fs::read(&exported).unwrap()).unwrap(),
        madoguchi_core::policy::from_file(&std::fs::read(&s0).unwrap()).unwrap()
    );

    let bak = tmp.path().join("b.mdgbak");
    let o = admin(
        &[
            "--data-dir",
            data,
            "backup",
            "--out",
            bak.to_str().unwrap(),
            "--recovery-key-stdin",
        ],
        &key,
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("検証しました"));

    let new_data = tmp.path().join("new-pc");
    let o = admin(
        &[
            "--data-dir",
            new_data.to_str().unwrap(),
            "restore",
            bak.to_str().unwrap(),
            "--admin",
            "kanri",
            "--recovery-key-stdin",
        ],
        &format!("{}new-pc-password\n", key),
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = admin(
        &[
            "--data-dir",
            new_data.to_str().unwrap(),
            "verify",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "new-pc-password\n",
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));

    let csv = tmp.path().join("audit.csv");
    let o = admin(
        &[
            "--data-dir",
            data,
            "audit",
            "export",
            "--out",
            csv.to_str().unwrap(),
            "--user",
            "kanri",
            "--password-stdin",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.starts_with('\u{feff}'));
    assert!(body.contains("store.created") && body.contains("backup.created"));
    assert!(
        !body.contains("見本商事"),
        "no organisation data in the audit log"
    );

    // A flipped byte in the backup: verify says so and exits non-zero.
    let mut bytes = std::fs::read(&bak).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&bak, bytes).unwrap();
    let o = admin(
        &[
            "--data-dir",
            data,
            "verify",
            "--recovery-key-stdin",
            "--backup",
            bak.to_str().unwrap(),
        ],
        &key,
        tmp.path(),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("破損"), "{}", text(&o));
}

#[test]
fn commands_fail_clearly_without_a_store_or_credentials() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("none");
    let o = admin(
        &[
            "--data-dir",
            data.to_str().unwrap(),
            "verify",
            "--recovery-key-stdin",
        ],
        "0000-0000\n",
        tmp.path(),
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("回復キーの形式が正しくありません"),
        "{}",
        text(&o)
    );
    let o = admin(
        &["--data-dir", data.to_str().unwrap(), "status"],
        "",
        tmp.path(),
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("--user"), "{}", text(&o));
    let o = admin(
        &[
            "--data-dir",
            data.to_str().unwrap(),
            "init",
            "--org",
            "",
            "--admin",
            "x",
            "--password-stdin",
        ],
        "short\n",
        tmp.path(),
    );
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("会社名を入力してください") && t.contains("8文字以上"),
        "{t}"
    );
    assert!(!data.join("keyslots.json").exists());
}

fn bak_missing() -> &'static str {
    "/nonexistent/madoguchi-test.eml"
}

/// `letter --list`, then a letter rendered headlessly for a case named by its
/// 受付番号; and the refusals: an unknown case or template, a letter the
/// case lacks data for (the missing item is named, no file is written).
#[test]
fn letters_are_rendered_headlessly() {
    let o = admin(&["letter", "--list"], "", std::path::Path::new("/tmp"));
    assert!(o.status.success(), "{}", text(&o));
    let list = text(&o);
    assert_eq!(list.lines().count(), 11, "{list}");
    assert!(
        list.contains("fee_guidance\t手数料のご案内")
            && list.contains("disclosure_decision\t開示決定通知書"),
        "{list}"
    );
    if !real_keyring_available() {
        eprintln!("skipped: needs MADOGUCHI_REAL_KEYRING=1 inside a Secret Service session (scripts/test)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("data");
    let data = data_dir.to_str().unwrap();
    let o = admin(
        &[
            "--data-dir",
            data,
            "init",
            "--org",
            "見本商事株式会社",
            "--admin",
            "kanri",
            "--password-stdin",
            "--recovery-key-out",
            tmp.path().join("k.txt").to_str().unwrap(),
            "--desk",
            "個人情報問合せ窓口",
            "--postal-code",
            "100-0005",
            "--address",
            "東京都千代田区丸の内9-9-9",
            "--phone",
            "03-0000-0000",
        ],
        "kanri-pass-2026\n",
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    // A case with an address, made through the core as the app would.
    {
        use madoguchi_core::case::model::CaseInput;
        use madoguchi_core::intake::channel::Channel;
        use madoguchi_core::policy::law::RequestKind;
        let mut s = unlock_as_kanri(&data_dir);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut input = CaseInput::blank(Channel::Post, day);
        input.requester.name = "見本 花子".into();
        input.requester.postal_code = "150-0001".into();
        input.requester.address = "東京都渋谷区見本町4-5-6".into();
        input.kinds = vec![RequestKind::Disclosure];
        s.create_case(&input, None, &[], day).unwrap();
        s.lock(false).unwrap();
    }
    let pw = "kanri-pass-2026\n";
    let out = tmp.path().join("ack.pdf");
    let o = admin(
        &[
            "--data-dir",
            data,
            "letter",
            "--case",
            "2026-0001",
            "--template",
            "受付のお知らせ",
            "--out",
            out.to_str().unwrap(),
            "--date",
            "2026-12-01",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        pw,
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("第2026-0001号"), "{}", text(&o));
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF") && pdf.len() < 150 * 1024);
    if let Ok(t) = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&out)
        .arg("-")
        .output()
    {
        let t: String = String::from_utf8_lossy(&t.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            t.contains("見本花子") && t.contains("令和8年12月1日") && t.contains("2026-0001"),
            "{t}"
        );
    }

    let missing = tmp.path().join("short.pdf");
    let o = admin(
        &[
            "--data-dir",
            data,
            "letter",
            "--case",
            "2026-0001",
            "--template",
            "fee_shortfall",
            "--out",
            missing.to_str().unwrap(),
            "--user",
            "kanri",
            "--password-stdin",
        ],
        pw,
        tmp.path(),
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("不足額：手数料に不足はありません"),
        "{}",
        text(&o)
    );
    assert!(!missing.exists());
    let o = admin(
        &[
            "--data-dir",
            data,
            "letter",
            "--case",
            "2026-9999",
            "--template",
            "fee_guidance",
            "--out",
            missing.to_str().unwrap(),
            "--user",
            "kanri",
            "--password-stdin",
        ],
        pw,
        tmp.path(),
    );
    assert!(
        !o.status.success() && text(&o).contains("その受付番号の案件はありません"),
        "{}",
        text(&o)
    );
    let o = admin(
        &[
            "--data-dir",
            data,
            "letter",
            "--case",
            "2026-0001",
            "--template",
            "お礼状",
            "--out",
            missing.to_str().unwrap(),
            "--user",
            "kanri",
            "--password-stdin",
        ],
        pw,
        tmp.path(),
    );
    assert!(
        !o.status.success() && text(&o).contains("そのテンプレートはありません"),
        "{}",
        text(&o)
    );
    assert!(!missing.exists());
}

#[test]
fn purge_lists_what_is_due_and_performs_only_approved_disposals() {
    if !real_keyring_available() {
        eprintln!("skipped: needs MADOGUCHI_REAL_KEYRING=1 inside a Secret Service session (scripts/test)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("data");
    let data = data_dir.to_str().unwrap();
    let pw = "kanri-pass-2026\n";
    let o = admin(
        &[
            "--data-dir",
            data,
            "init",
            "--org",
            "見本商事株式会社",
            "--admin",
            "kanri",
            "--password-stdin",
            "--recovery-key-out",
            tmp.path().join("k.txt").to_str().unwrap(),
        ],
        pw,
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    // A case of 2022 under a profile keeping records 3 years from receipt,
    // answered and closed: disposable since 2025-11-02.
    let id = {
        use madoguchi_core::case::model::{CaseInput, CaseStatus};
        use madoguchi_core::intake::channel::Channel;
        use madoguchi_core::policy::law::RequestKind;
        let mut s = unlock_as_kanri(&data_dir);
        let policy = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/policies/s4-phone-email-300yen.json"
        ))
        .unwrap();
        let policy = s.import_policy(&policy, true).unwrap().id;
        let day = chrono::NaiveDate::from_ymd_opt(2022, 11, 1).unwrap();
        let mut input = CaseInput::blank(Channel::Phone, day);
        input.requester.name = "見本 花子".into();
        input.kinds = vec![RequestKind::PurposeNotice];
        input.policy_id = Some(policy);
        let id = s.create_case(&input, None, &[], day).unwrap().case.id;
        s.set_case_status(id, CaseStatus::Investigating, "")
            .unwrap();
        s.record_decision(
            id,
            &madoguchi_core::procedure::decisions::DecisionInput {
                kind: RequestKind::PurposeNotice,
                outcome: madoguchi_core::policy::law::Outcome::Notified,
                legal_ground: None,
                reasons: String::new(),
                detail: String::new(),
                fee_count: None,
            },
        )
        .unwrap();
        for st in [
            CaseStatus::PreparingReply,
            CaseStatus::Sent,
            CaseStatus::Completed,
        ] {
            s.set_case_status(id, st, "").unwrap();
        }
        s.lock(false).unwrap();
        id
    };
    let purge = |extra: &[&str]| {
        let mut args = vec![
            "--data-dir",
            data,
            "purge",
            "--user",
            "kanri",
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        admin(&args, pw, tmp.path())
    };
    // stats: the same figures as the app's report, as JSON or text.
    let stats = |args: &[&str]| {
        let mut a = vec![
            "--data-dir",
            data,
            "stats",
            "--user",
            "kanri",
            "--password-stdin",
        ];
        a.extend_from_slice(args);
        admin(&a, pw, tmp.path())
    };
    let o = stats(&["--year", "2022", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["received"], 1);
    assert_eq!(r["label"], "2022年");
    assert!(r["byKind"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["code"] == "purpose_notice" && k["count"] == 1));
    let o = stats(&["--year", "2022"]);
    assert!(
        text(&o).contains("受付件数: 1件") && text(&o).contains("利用目的の通知 1"),
        "{}",
        text(&o)
    );
    let o = stats(&["--year", "2022", "--month", "13"]);
    assert!(
        !o.status.success() && text(&o).contains("月は1〜12"),
        "{}",
        text(&o)
    );

    let o = purge(&["--dry-run"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("2022-0001")
            && text(&o).contains("未承認")
            && text(&o).contains("2025-11-02から"),
        "{}",
        text(&o)
    );
    assert!(
        !text(&o).contains("見本 花子"),
        "no personal data on the terminal"
    );
    // Before 2025-11-02 nothing was due.
    let o = purge(&["--dry-run", "--date", "2025-11-01"]);
    assert!(text(&o).contains("廃棄できるもの: 0件"), "{}", text(&o));
    // --date only previews: it cannot move a disposal forward.
    let o = purge(&["--date", "2030-01-01"]);
    assert!(!o.status.success());
    // Not approved: nothing is destroyed.
    let o = purge(&[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("廃棄しました: 0件"), "{}", text(&o));
    {
        let mut s = unlock_as_kanri(&data_dir);
        let today = madoguchi_core::kernel::clock::today();
        s.approve_disposals(
            &[(id, madoguchi_core::retention::DisposalScope::Case)],
            today,
        )
        .unwrap();
        s.lock(false).unwrap();
    }
    let o = purge(&["--dry-run", "--json"]);
    let due: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(due[0]["receiptNo"], "2022-0001");
    assert_eq!(due[0]["approvedBy"], "kanri");
    let o = purge(&[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("廃棄しました: 1件") && text(&o).contains("2022-0001\t案件全体"),
        "{}",
        text(&o)
    );
    let o = purge(&["--dry-run"]);
    assert!(text(&o).contains("0件"), "{}", text(&o));
    let year = chrono::Datelike::year(&madoguchi_core::kernel::clock::today()).to_string();
    let r: serde_json::Value =
        serde_json::from_slice(&stats(&["--year", &year, "--json"]).stdout).unwrap();
    assert_eq!(r["disposals"], 1);
    let r: serde_json::Value =
        serde_json::from_slice(&stats(&["--year", "2022", "--json"]).stdout).unwrap();
    assert_eq!(r["received"], 0, "a disposed case is no longer counted");
    let o = admin(
        &[
            "--data-dir",
            data,
            "verify",
            "--user",
            "kanri",
            "--password-stdin",
        ],
        pw,
        tmp.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
}
