//! madoguchi-admin: the headless CLI for IT. It only translates arguments
//! into calls on madoguchi-core and errors into Japanese messages; it never
//! prints personal data beyond the user names it is asked about.
//!
//! Secrets: `--password-stdin` / `--recovery-key-stdin` read the first line of
//! standard input (restore reads the recovery key, then the new password);
//! otherwise the secret is prompted for on the terminal, without echo.

use clap::{Args, Parser, Subcommand};
use madoguchi_core::desk::org::Organisation;
use madoguchi_core::intake::mail;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::store::audit::Action;
use madoguchi_core::store::credential::{CredentialStore, OsCredentialStore};
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{backup, DataDir, Store};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(
    name = "madoguchi-admin",
    version,
    about = "窓口（Madoguchi）管理コマンド: 初期化・状態・バックアップ・復元・検証・監査ログ出力"
)]
struct Cli {
    /// データフォルダ（既定: アプリと同じOS標準のフォルダ、または MADOGUCHI_DATA_DIR）
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Args)]
struct Auth {
    /// サインインする利用者のユーザー名（パスワードが必要）
    #[arg(long, conflicts_with = "recovery_key_stdin")]
    user: Option<String>,
    /// パスワードを標準入力の1行目から読む
    #[arg(long)]
    password_stdin: bool,
    /// 回復キーを標準入力の1行目から読む（--user の代わり）
    #[arg(long)]
    recovery_key_stdin: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// 新しいデータを作成する（初回起動画面と同じ結果）
    Init {
        /// 会社名
        #[arg(long)]
        org: String,
        /// 最初の管理者のユーザー名
        #[arg(long)]
        admin: String,
        /// 管理者の氏名（省略時はユーザー名）
        #[arg(long)]
        admin_name: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        /// 回復キーをこのファイルに1行で書き出す（省略時は一度だけ表示）
        #[arg(long)]
        recovery_key_out: Option<PathBuf>,
        #[arg(long)]
        desk: Option<String>,
        #[arg(long)]
        postal_code: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// バージョン、スキーマ、利用者、資格情報ストアを表示する
    Status {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        auth: Auth,
    },
    /// 暗号化したバックアップを作成し、書き込み後に検証する（アプリ起動中でも可）
    Backup {
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        auth: Auth,
    },
    /// バックアップを空のデータフォルダ（--data-dir）に回復キーで復元する
    Restore {
        file: PathBuf,
        /// このPCで新しいパスワードを設定する管理者
        #[arg(long)]
        admin: String,
        /// 標準入力の1行目が回復キー、2行目が新しいパスワード
        #[arg(long)]
        recovery_key_stdin: bool,
    },
    /// データベースの整合性と監査ログの連鎖を検証する（異常時は終了コード1）
    Verify {
        #[command(flatten)]
        auth: Auth,
        /// バックアップファイルも検証する
        #[arg(long)]
        backup: Option<PathBuf>,
    },
    /// .eml ファイルを案件として一括で取り込む（受付番号またはエラーをファイルごとに表示）
    ImportEml {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        auth: Auth,
    },
    /// 案件の一覧・検索
    Cases {
        /// 受付番号・氏名・フリガナ・メール・電話・メール本文で検索
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long)]
        json: bool,
        /// 最大件数
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[command(flatten)]
        auth: Auth,
    },
    /// 監査ログ
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// 文書（回答書など）を発行してPDFに書き出す。--list でテンプレートの一覧
    Letter {
        /// テンプレートの一覧（キーと名前）を表示する
        #[arg(long, conflicts_with_all = ["case", "template", "out"])]
        list: bool,
        /// 案件の受付番号（例: 2026-0001）
        #[arg(long, required_unless_present = "list")]
        case: Option<String>,
        /// テンプレートのキーまたは名前（例: fee_guidance、手数料のご案内）
        #[arg(long, required_unless_present = "list")]
        template: Option<String>,
        /// 書き出すPDFファイル
        #[arg(long, required_unless_present = "list")]
        out: Option<PathBuf>,
        /// 文書の日付（YYYY-MM-DD、省略時は今日）
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        auth: Auth,
    },
    /// 保存期間を過ぎた案件の廃棄。--dry-run で対象の一覧、なしで管理者が承認済みのものを廃棄する
    Purge {
        /// 何も消さずに、廃棄の対象（承認済み・未承認・保全中）を表示する
        #[arg(long)]
        dry_run: bool,
        /// --dry-run で、この日（YYYY-MM-DD）に対象となるものを表示する（廃棄は常に今日の日付で判断）
        #[arg(long, requires = "dry_run")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        auth: Auth,
    },
    /// 年次・月次の集計（件数、回答日数、期限内回答率、手数料、不開示等の根拠）
    Stats {
        /// 年（例: 2026）
        #[arg(long)]
        year: i32,
        /// 月（1〜12、省略時は年間）
        #[arg(long)]
        month: Option<u32>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        auth: Auth,
    },
    /// ポリシー（会社・サービスごとの手続き）の一覧・取込・書出し
    Policy {
        #[command(subcommand)]
        cmd: PolicyCmd,
    },
}

#[derive(Subcommand)]
enum PolicyCmd {
    /// ポリシーの一覧（既定のものが先頭）
    List {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        auth: Auth,
    },
    /// 書き出したポリシーのファイルを新しいポリシーとして取り込む（管理者）
    Import {
        file: PathBuf,
        /// 個人情報保護法第38条の警告（手数料）があっても取り込む。判断は監査ログに残る
        #[arg(long)]
        keep_warnings: bool,
        #[command(flatten)]
        auth: Auth,
    },
    /// ポリシーの最新版をファイルに書き出す
    Export {
        id: i64,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        auth: Auth,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// 監査ログをCSV（UTF-8 BOM付き）で出力する
    Export {
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        auth: Auth,
    },
}

/// A failure to report: a Japanese message and a stable code, never personal data.
struct Failure {
    code: String,
    message: String,
}

impl<E: Coded> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure {
            code: e.code().to_string(),
            message: e.message(),
        }
    }
}

fn fail(code: &str, message: &str) -> Failure {
    Failure {
        code: code.into(),
        message: message.into(),
    }
}

/// Reads secrets from stdin lines or prompts, in order.
struct Secrets {
    lines: Option<std::io::Lines<std::io::StdinLock<'static>>>,
}

impl Secrets {
    fn new(from_stdin: bool) -> Self {
        Secrets {
            lines: from_stdin.then(|| std::io::stdin().lock().lines()),
        }
    }
    fn next(&mut self, prompt: &str) -> Result<Zeroizing<String>, Failure> {
        if let Some(lines) = self.lines.as_mut() {
            return match lines.next() {
                Some(Ok(l)) => Ok(Zeroizing::new(l.trim_end_matches(['\r', '\n']).to_string())),
                _ => Err(fail(
                    "stdin_empty",
                    "標準入力から秘密情報を読み取れませんでした。",
                )),
            };
        }
        if !std::io::stdin().is_terminal() {
            return Err(fail("no_terminal", "端末がないため入力できません。--password-stdin または --recovery-key-stdin を使ってください。"));
        }
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|_| fail("prompt_failed", "入力を読み取れませんでした。"))
    }
}

fn credentials() -> Result<Arc<dyn CredentialStore>, Failure> {
    Ok(Arc::new(OsCredentialStore::new()?))
}

fn open(dir: &DataDir, auth: &Auth) -> Result<Store, Failure> {
    if auth.recovery_key_stdin {
        let secret = Secrets::new(true).next("回復キー: ")?;
        let key = RecoveryKey::parse(&secret).ok_or_else(|| {
            Failure::from(madoguchi_core::store::keyslot::KeySlotError::MalformedRecoveryKey)
        })?;
        // The recovery key needs no device secret; the credential store is
        // only consulted if it can be reached.
        let creds: Arc<dyn CredentialStore> = match OsCredentialStore::new() {
            Ok(c) => Arc::new(c),
            Err(_) => Arc::new(madoguchi_core::store::credential::MemoryCredentialStore::new()),
        };
        return Ok(Store::open_with_recovery(dir, creds, &key)?);
    }
    let Some(user) = &auth.user else {
        return Err(fail(
            "auth_required",
            "--user ユーザー名（とパスワード）または --recovery-key-stdin を指定してください。",
        ));
    };
    let pw = Secrets::new(auth.password_stdin).next("パスワード: ")?;
    Ok(Store::unlock(
        dir,
        credentials()?,
        user,
        &Password::new(pw.as_str()),
        Action::SignIn,
    )?)
}

fn run(cli: Cli) -> Result<(), Failure> {
    let dir = DataDir::new(
        cli.data_dir
            .clone()
            .unwrap_or_else(DataDir::default_location),
    );
    match cli.cmd {
        Cmd::Init {
            org,
            admin,
            admin_name,
            password_stdin,
            recovery_key_out,
            desk,
            postal_code,
            address,
            phone,
            email,
        } => {
            let pw = Secrets::new(password_stdin).next("管理者のパスワード: ")?;
            let setup = Setup {
                organisation: Organisation {
                    name: org,
                    desk_name: desk.unwrap_or_default(),
                    postal_code: postal_code.unwrap_or_default(),
                    address: address.unwrap_or_default(),
                    phone: phone.unwrap_or_default(),
                    email: email.unwrap_or_default(),
                },
                admin: NewUser {
                    display_name: admin_name.unwrap_or_else(|| admin.clone()),
                    username: admin,
                    role: Role::Admin,
                    password: Password::new(pw.as_str()),
                },
                store_id: None,
            };
            let setup = setup.validated()?;
            let recovery = RecoveryKey::random();
            // Write the key file before creating the store: a store whose
            // recovery key was lost on the way is worse than no store.
            if let Some(path) = &recovery_key_out {
                write_secret_file(path, &format!("{}\n", recovery.to_display().as_str()))?;
            }
            let store =
                Store::create(&dir, credentials()?, &setup, &recovery).inspect_err(|_| {
                    if let Some(path) = &recovery_key_out {
                        let _ = std::fs::remove_file(path);
                    }
                })?;
            println!("データを作成しました: {}", dir.root().display());
            println!("資格情報ストア: {}", store.credential_backend());
            if recovery_key_out.is_none() {
                println!("\n回復キー（この一度しか表示されません。印刷して安全な場所に保管してください）:\n\n    {}\n", recovery.to_display().as_str());
            } else {
                println!("回復キーを書き出しました。印刷して安全な場所に保管し、ファイルは削除してください。");
            }
            store.lock(false)?;
        }
        Cmd::Status { json, auth } => {
            let store = open(&dir, &auth)?;
            let users = store.users()?;
            let chain = store.verify_audit();
            if json {
                let v = serde_json::json!({
                    "version": madoguchi_core::kernel::APP_VERSION,
                    "schemaVersion": madoguchi_core::store::schema_version(),
                    "storeId": store.store_id(),
                    "dataDir": dir.root(),
                    "credentialBackend": store.credential_backend(),
                    "users": users.iter().map(|u| serde_json::json!({
                        "id": u.id, "username": u.username, "role": u.role.code(), "active": u.active
                    })).collect::<Vec<_>>(),
                    "auditEntries": chain.as_ref().map(|c| c.entries).ok(),
                    "auditOk": chain.is_ok(),
                });
                println!("{}", serde_json::to_string_pretty(&v).expect("json"));
            } else {
                println!(
                    "窓口 バージョン      {}",
                    madoguchi_core::kernel::APP_VERSION
                );
                println!(
                    "スキーマ            {}",
                    madoguchi_core::store::schema_version()
                );
                println!("データフォルダ      {}", dir.root().display());
                println!("資格情報ストア      {}", store.credential_backend());
                match &chain {
                    Ok(c) => println!("監査ログ            {}件（正常）", c.entries),
                    Err(e) => println!("監査ログ            異常: {}", e.message()),
                }
                println!("利用者:");
                for u in &users {
                    println!(
                        "  {:<24} {}  {}",
                        u.username,
                        u.role.label(),
                        if u.active { "有効" } else { "無効" }
                    );
                }
            }
            store.lock(false)?;
        }
        Cmd::Backup { out, auth } => {
            let mut store = open(&dir, &auth)?;
            let report = store.backup(&out)?;
            println!(
                "バックアップを作成し検証しました: {}（{} バイト、監査ログ {}件）",
                out.display(),
                report.bytes,
                report.audit_entries
            );
            store.lock(false)?;
        }
        Cmd::Restore {
            file,
            admin,
            recovery_key_stdin,
        } => {
            let mut secrets = Secrets::new(recovery_key_stdin);
            let key_text = secrets.next("回復キー: ")?;
            let key = RecoveryKey::parse(&key_text).ok_or_else(|| {
                Failure::from(madoguchi_core::store::keyslot::KeySlotError::MalformedRecoveryKey)
            })?;
            let pw = secrets.next("新しいパスワード: ")?;
            let (store, _) = backup::restore(
                &file,
                &dir,
                credentials()?,
                &key,
                &admin,
                &Password::new(pw.as_str()),
            )?;
            println!(
                "復元しました: {}（管理者 {} はこのPCで新しいパスワードでサインインできます）",
                dir.root().display(),
                admin
            );
            store.lock(false)?;
        }
        Cmd::Verify {
            auth,
            backup: backup_file,
        } => {
            let store = open(&dir, &auth)?;
            let status = store.verify()?;
            println!(
                "データベース: 正常 / 監査ログ: {}件、連鎖は正常です。",
                status.entries
            );
            store.lock(false)?;
            if let Some(b) = backup_file {
                backup::verify(&b, None)?;
                println!("バックアップ {}: チェックサム正常", b.display());
            }
        }
        Cmd::ImportEml { files, json, auth } => {
            let mut store = open(&dir, &auth)?;
            let today = madoguchi_core::kernel::clock::today();
            let mut results = Vec::new();
            let mut failed = 0;
            for path in &files {
                let result = import_one(&mut store, path, today);
                if result.is_err() {
                    failed += 1;
                }
                results.push((path, result));
            }
            if json {
                let v: Vec<_> = results
                    .iter()
                    .map(|(p, r)| match r {
                        Ok((no, problems)) => serde_json::json!({ "file": p, "receiptNo": no, "problems": problems }),
                        Err(f) => serde_json::json!({ "file": p, "error": { "code": f.code, "message": f.message } }),
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v).expect("json"));
            } else {
                for (p, r) in &results {
                    match r {
                        Ok((no, problems)) if problems.is_empty() => {
                            println!("{}\t{}", no, p.display())
                        }
                        Ok((no, problems)) => println!(
                            "{}\t{}\t（一部読み取れず: {}）",
                            no,
                            p.display(),
                            problems.join(" / ")
                        ),
                        Err(f) => println!("エラー\t{}\t{}", p.display(), f.message),
                    }
                }
            }
            store.lock(false)?;
            if failed > 0 {
                return Err(fail(
                    "import_partial",
                    &format!("{failed}件のファイルを取り込めませんでした。"),
                ));
            }
        }
        Cmd::Cases {
            search,
            json,
            limit,
            auth,
        } => {
            let store = open(&dir, &auth)?;
            let page = store.list_cases(&madoguchi_core::case::register::CaseQuery {
                search,
                page_size: limit,
                ..Default::default()
            })?;
            let rows: Vec<_> = page
                .items
                .iter()
                .map(|c| -> Result<_, Failure> {
                    let d = store.case_detail(c.id)?;
                    Ok((c, d))
                })
                .collect::<Result<_, _>>()?;
            if json {
                let v: Vec<_> = rows
                    .iter()
                    .map(|(c, d)| serde_json::json!({
                        "receiptNo": c.receipt_no, "receivedOn": c.received_on, "status": c.status.code(),
                        "name": c.requester_name, "kana": c.requester_kana, "email": d.case.input.requester.email,
                        "subject": d.mail.as_ref().map(|m| m.subject.clone()),
                        "kinds": c.kinds.iter().map(|k| k.code()).collect::<Vec<_>>(),
                        "channel": c.channel.code(),
                    }))
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({ "total": page.total, "cases": v })
                    )
                    .expect("json")
                );
            } else {
                println!("全{}件", page.total);
                for (c, d) in &rows {
                    let kinds: Vec<_> = c.kinds.iter().map(|k| k.label()).collect();
                    let subject = d.mail.as_ref().map(|m| m.subject.as_str()).unwrap_or("");
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        c.receipt_no,
                        c.received_on,
                        c.status.label(),
                        c.requester_name,
                        d.case.input.requester.email,
                        kinds.join("・"),
                        subject
                    );
                }
            }
            store.lock(false)?;
        }
        Cmd::Policy {
            cmd: PolicyCmd::List { json, auth },
        } => {
            let store = open(&dir, &auth)?;
            let list = store.list_policies()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).expect("json"));
            } else {
                for p in &list {
                    println!(
                        "{}\t第{}版\t{}\t{}",
                        p.id,
                        p.version,
                        if p.is_default { "既定" } else { "" },
                        p.name
                    );
                }
            }
            store.lock(false)?;
        }
        Cmd::Policy {
            cmd:
                PolicyCmd::Import {
                    file,
                    keep_warnings,
                    auth,
                },
        } => {
            let mut store = open(&dir, &auth)?;
            let bytes = std::fs::read(&file)
                .map_err(|_| fail("io_error", "ファイルを読み込めませんでした。"))?;
            let result = store.import_policy(&bytes, keep_warnings);
            store.lock(false)?;
            let detail = result?;
            for w in &detail.warnings {
                println!("警告（承知のうえ取込）: {}", w.message);
            }
            println!(
                "{}\t第{}版\t{}",
                detail.id, detail.version, detail.body.name
            );
        }
        Cmd::Policy {
            cmd: PolicyCmd::Export { id, out, auth },
        } => {
            let mut store = open(&dir, &auth)?;
            let text = store.export_policy(id);
            store.lock(false)?;
            madoguchi_core::kernel::fsio::write_atomic(&out, text?.as_bytes())
                .map_err(madoguchi_core::StoreError::from)?;
            println!("ポリシーを書き出しました: {}", out.display());
        }
        Cmd::Letter { list: true, .. } => {
            for d in madoguchi_core::output::letters::DEFAULTS {
                println!("{}\t{}", d.key, d.name);
            }
        }
        Cmd::Letter {
            case,
            template,
            out,
            date,
            auth,
            ..
        } => {
            let (Some(case), Some(template), Some(out)) = (case, template, out) else {
                return Err(fail(
                    "invalid_input",
                    "--case、--template、--out を指定してください。",
                ));
            };
            let on = match date {
                Some(d) => parse_day(&d)?,
                None => madoguchi_core::kernel::clock::today(),
            };
            let mut store = open(&dir, &auth)?;
            let result = (|| -> Result<(String, Vec<u8>), Failure> {
                let id = store.case_id_by_receipt_no(&case).map_err(|e| match e {
                    madoguchi_core::StoreError::NotFound => {
                        fail("not_found", "その受付番号の案件はありません。")
                    }
                    e => e.into(),
                })?;
                let key = store.letter_template_key(&template)?;
                let letter = store.issue_letter(id, &key, on)?;
                let pdf = store.letter_pdf(letter.id)?;
                madoguchi_core::kernel::fsio::write_atomic(&out, &pdf)
                    .map_err(madoguchi_core::StoreError::from)?;
                store.record_letter_output(
                    letter.id,
                    madoguchi_core::output::letters::Output::Saved,
                )?;
                Ok((letter.document_no, pdf))
            })();
            store.lock(false)?;
            let (no, pdf) = result?;
            println!(
                "{no} を書き出しました: {}（{} KB）",
                out.display(),
                pdf.len().div_ceil(1024)
            );
        }
        Cmd::Stats {
            year,
            month,
            json,
            auth,
        } => {
            let store = open(&dir, &auth)?;
            let result = store.report(madoguchi_core::output::reports::Period { year, month });
            store.lock(false)?;
            let r = result?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            } else {
                print!("{}", madoguchi_core::output::reports::as_text(&r));
            }
        }
        Cmd::Purge {
            dry_run,
            date,
            json,
            auth,
        } => {
            let today = match date {
                Some(d) => parse_day(&d)?,
                None => madoguchi_core::kernel::clock::today(),
            };
            let mut store = open(&dir, &auth)?;
            let result = if dry_run {
                store.disposal_queue(today).map(Purge::Due)
            } else {
                store
                    .require_admin()
                    .and_then(|_| store.perform_disposals(today))
                    .map(Purge::Done)
            };
            store.lock(false)?;
            match result? {
                Purge::Due(q) if json => println!(
                    "{}",
                    serde_json::to_string_pretty(&q.due).unwrap_or_default()
                ),
                Purge::Done(run) if json => {
                    println!("{}", serde_json::to_string_pretty(&run).unwrap_or_default())
                }
                Purge::Due(q) => {
                    println!("{} 時点で廃棄できるもの: {}件", q.today, q.due.len());
                    for i in &q.due {
                        let state = match (&i.hold, &i.approved_by) {
                            (Some(h), _) => format!("保全中（{}）", h.reason),
                            (None, Some(by)) => format!("承認済（{by}）"),
                            (None, None) => "未承認".to_string(),
                        };
                        println!(
                            "{}\t{}\t{}\t{}から\t{}",
                            i.receipt_no,
                            i.scope.label(),
                            i.rule,
                            i.disposable_from,
                            state
                        );
                    }
                }
                Purge::Done(run) => {
                    println!("廃棄しました: {}件", run.done.len());
                    for r in &run.done {
                        println!("{}\t{}\t廃棄記録 {}", r.receipt_no, r.scope.label(), r.id);
                    }
                    for s in &run.skipped {
                        println!(
                            "{}\t{}\t見送り: {}",
                            s.receipt_no,
                            s.scope.label(),
                            s.reason
                        );
                    }
                }
            }
        }
        Cmd::Audit {
            cmd: AuditCmd::Export { out, auth },
        } => {
            let mut store = open(&dir, &auth)?;
            let mut buf = Vec::new();
            let n = store.export_audit_csv(&Default::default(), &mut buf)?;
            madoguchi_core::kernel::fsio::write_atomic(&out, &buf)
                .map_err(madoguchi_core::StoreError::from)?;
            println!("監査ログ {n}件を書き出しました: {}", out.display());
            store.lock(false)?;
        }
    }
    Ok(())
}

enum Purge {
    Due(madoguchi_core::retention::DisposalQueue),
    Done(madoguchi_core::retention::DisposalRun),
}

/// `--date`: 2026-12-10 (or 2026/12/10, full-width digits).
fn parse_day(input: &str) -> Result<chrono::NaiveDate, Failure> {
    madoguchi_core::kernel::text::iso_day(
        &madoguchi_core::kernel::text::clean(input).replace('/', "-"),
    )
    .ok_or_else(|| {
        fail(
            "invalid_input",
            "--date は 2026-12-10 のように指定してください。",
        )
    })
}

/// One .eml into one case: the form as the app would prefill it; a mail with
/// no sender name is filed under its address, one with no recognisable kind
/// as その他, for the officer to complete.
fn import_one(
    store: &mut Store,
    path: &std::path::Path,
    today: chrono::NaiveDate,
) -> Result<(String, Vec<String>), Failure> {
    let eml =
        std::fs::read(path).map_err(|_| fail("io_error", "ファイルを読み込めませんでした。"))?;
    let parsed = mail::parse_eml(&eml)?;
    let mut input = madoguchi_core::case::model::CaseInput::from_mail(&parsed, today);
    if input.requester.name.is_empty() {
        input.requester.name = parsed
            .from_address
            .clone()
            .unwrap_or_else(|| "（差出人不明）".into());
    }
    if input.kinds.is_empty() {
        input.kinds = vec![madoguchi_core::policy::law::RequestKind::Other];
    }
    let problems = parsed.problems.iter().map(|p| p.message.clone()).collect();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let d = store.create_case(
        &input,
        Some(&madoguchi_core::case::attachments::IncomingMail::new(
            file_name, eml, parsed,
        )),
        &[],
        today,
    )?;
    Ok((d.case.receipt_no, problems))
}

/// Secret files are created readable by their owner only.
fn write_secret_file(path: &std::path::Path, content: &str) -> Result<(), Failure> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|_| {
        fail(
            "io_error",
            "回復キーのファイルを作成できませんでした（既に存在するか、書き込めません）。",
        )
    })?;
    f.write_all(content.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|_| fail("io_error", "回復キーのファイルに書き込めませんでした。"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("エラー: {}\n（コード: {}）", f.message, f.code);
            ExitCode::FAILURE
        }
    }
}
