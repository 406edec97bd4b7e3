//! The store half of `scripts/bench` (docs/BENCHMARKS.md):
//! `bench_store <data dir> [N] [scan]` builds an encrypted store of N
//! (default 100,000) synthetic cases with 3 timeline events each, plus 1,000
//! cases received with an ID scan (encrypted files), in `<data dir>` (kept,
//! so the app can be measured on it afterwards), and prints each figure
//! beside its baseline measured in the same run: a plain SQLite copy of the
//! same data (`sqlcipher_export`) or a raw copy of the files.
//!
//! Under `scripts/with-keyring` (MADOGUCHI_REAL_KEYRING=1) the store is bound
//! to the OS credential store, so the app can sign in to it as kanri.

use chrono::NaiveDate;
use madoguchi_core::case::attachments::IncomingFile;
use madoguchi_core::case::model::{CaseInput, CaseStatus};
use madoguchi_core::case::register::{query_cases, CaseQuery, CaseSort};
use madoguchi_core::desk::org::Organisation;
use madoguchi_core::intake::channel::Channel;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::policy::law::Outcome;
use madoguchi_core::policy::law::RequestKind;
use madoguchi_core::procedure::decisions::DecisionInput;
use madoguchi_core::store::credential::{
    CredentialStore, MemoryCredentialStore, OsCredentialStore,
};
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{backup, DataDir, Store};
use rusqlite::Connection;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Median of `runs` timings of `f`.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn row(figure: &str, ours: Duration, baseline: &str, base: Option<Duration>) {
    let ratio = base
        .map(|b| format!("{:.2}×", ours.as_secs_f64() / b.as_secs_f64().max(1e-9)))
        .unwrap_or_else(|| "—".into());
    let base = base
        .map(|b| format!("{baseline}: {}", ms(b)))
        .unwrap_or_else(|| baseline.into());
    println!("| {figure} | {} | {base} | {ratio} |", ms(ours));
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let m = e.metadata().unwrap();
                    if m.is_dir() {
                        dir_size(&e.path())
                    } else {
                        m.len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
    std::fs::File::open(to).unwrap().sync_all().unwrap();
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("data dir"));
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let scan_path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fixtures/scans/license-front.jpg"
        )
        .into()
    });
    let scan = std::fs::read(&scan_path).expect("scan fixture (third argument)");
    let work = tempfile::tempdir().unwrap();
    let dir = DataDir::new(&root);
    let creds: Arc<dyn CredentialStore> =
        if std::env::var("MADOGUCHI_REAL_KEYRING").as_deref() == Ok("1") {
            Arc::new(OsCredentialStore::new().expect("OS credential store"))
        } else {
            Arc::new(MemoryCredentialStore::new())
        };
    let setup = Setup {
        organisation: Organisation {
            name: "見本商事株式会社".into(),
            desk_name: "個人情報問合せ窓口".into(),
            postal_code: "100-0001".into(),
            address: "東京都千代田区見本町1-2-3".into(),
            phone: "03-1234-5678".into(),
            email: "privacy@example.co.jp".into(),
        },
        admin: NewUser {
            username: "kanri".into(),
            display_name: "見本 管理者".into(),
            role: Role::Admin,
            password: Password::new("kanri-pass-2026"),
        },
        store_id: None,
    };
    let recovery = RecoveryKey::random();
    let mut s = Store::create(&dir, creds.clone(), &setup, &recovery).unwrap();
    let policy_file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/policies/s0-email-desk.json"
    );
    let policy = s
        .import_policy(&std::fs::read(policy_file).unwrap(), true)
        .unwrap()
        .id;

    // The store: N cases like a desk a few years in, then 1,000 received
    // with an ID scan each, through the real intake.
    let t = Instant::now();
    s.insert_synthetic(n, 42, d("2021-01-01"), d("2026-11-30"), 3, 5_000)
        .unwrap();
    s.raw_connection_for_tests()
        .execute_batch(
            "UPDATE cases SET status = 'completed' WHERE received_on < '2026-10-01';
             UPDATE cases SET due_on = date(received_on, '+30 days');",
        )
        .unwrap();
    let mut scanned = Vec::new();
    for i in 0..1000 {
        let mut input = CaseInput::blank(Channel::Post, d("2026-11-20"));
        input.requester.name = format!("見本 花子{i}");
        input.requester.postal_code = "150-0001".into();
        input.requester.address = "東京都渋谷区見本町4-5-6".into();
        input.kinds = vec![RequestKind::Disclosure];
        input.policy_id = Some(policy);
        let c = s
            .create_case(
                &input,
                None,
                &[IncomingFile::new("免許証.jpg", scan.clone())],
                d("2026-11-20"),
            )
            .unwrap();
        scanned.push(c.case.id);
    }
    s.raw_connection_for_tests()
        .execute_batch("ANALYZE; PRAGMA optimize;")
        .unwrap();
    let fill = t.elapsed();

    // The plain baseline: the same data, unencrypted, same cache settings.
    let plain_path = work.path().join("plain.db");
    let enc = s.raw_connection_for_tests();
    enc.execute(
        &format!("ATTACH DATABASE '{}' AS plain KEY ''", plain_path.display()),
        [],
    )
    .unwrap();
    enc.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
    enc.execute("DETACH DATABASE plain", []).unwrap();
    let plain = Connection::open(&plain_path).unwrap();
    plain
        .execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -131072;")
        .unwrap();
    rusqlite::vtab::array::load_module(&plain).unwrap();

    let files = root.join("files");
    println!(
        "bench_store: {} cases ({n} synthetic with {} events, 1,000 with a scan of {} KB), fill {:.0} s; encrypted db {} MB, scans {} MB, plain copy {} MB",
        n + 1000,
        n * 3,
        scan.len() / 1024,
        fill.as_secs_f64(),
        std::fs::metadata(dir.db_path()).unwrap().len() / 1_000_000,
        dir_size(&files) / 1_000_000,
        std::fs::metadata(&plain_path).unwrap().len() / 1_000_000,
    );
    println!("| figure | Madoguchi | baseline | ratio |");
    println!("|---|---|---|---|");

    // Register: the first page of 50 by received date, with the total.
    let page = CaseQuery {
        page_size: 50,
        sort: CaseSort::ReceivedDesc,
        ..Default::default()
    };
    let enc = s.raw_connection_for_tests();
    row(
        "register: first page of 50 + total, median of 15",
        median(15, || query_cases(enc, &page).unwrap().total),
        "plain SQLite, same query",
        Some(median(15, || query_cases(&plain, &page).unwrap().total)),
    );
    let search = CaseQuery {
        search: "たかはし".into(),
        ..page.clone()
    };
    row(
        "search: kana 「たかはし」, median of 15",
        median(15, || query_cases(enc, &search).unwrap().total),
        "plain SQLite",
        Some(median(15, || query_cases(&plain, &search).unwrap().total)),
    );
    let surname = CaseQuery {
        search: "佐藤".into(),
        ..page.clone()
    };
    row(
        "search: 2-character surname 「佐藤」 (scan of names), median of 15",
        median(15, || query_cases(enc, &surname).unwrap().total),
        "plain SQLite",
        Some(median(15, || query_cases(&plain, &surname).unwrap().total)),
    );

    let variant = CaseQuery {
        search: "高橋".into(),
        ..page.clone()
    };
    row(
        "search: 「高橋」 finds the 髙橋 cases (異体字 folded, scan of names), median of 15",
        median(15, || query_cases(enc, &variant).unwrap().total),
        "plain SQLite",
        Some(median(15, || query_cases(&plain, &variant).unwrap().total)),
    );

    // Case page: what the app loads when a case opens.
    let id = scanned[500];
    let open = median(15, || {
        (
            s.case_detail(id).unwrap(),
            s.verification(id).unwrap(),
            s.fee_ledger(id).unwrap(),
            s.case_decisions(id).unwrap(),
            s.case_letters(id).unwrap(),
            s.clock(id, d("2026-12-01")).unwrap(),
            s.case_retention(id).unwrap(),
        )
    });
    let plain_open = median(15, || {
        let case: String = plain
            .query_row(
                "SELECT requester_name FROM cases WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        let events: Vec<String> = plain
            .prepare("SELECT kind FROM case_events WHERE case_id = ?1")
            .unwrap()
            .query_map([id], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (case, events)
    });
    row(
        "case page open: case, timeline, 本人確認, fees, decisions, letters, clock, retention; median of 15",
        open,
        "plain SQLite: the case row and its events",
        Some(plain_open),
    );

    // Letters: one, then 100, issued and drawn.
    let decide = |s: &mut Store, id: i64| {
        s.set_case_status(id, CaseStatus::Investigating, "")
            .unwrap();
        s.record_decision(
            id,
            &DecisionInput {
                kind: RequestKind::Disclosure,
                outcome: Outcome::FullDisclosure,
                legal_ground: None,
                reasons: String::new(),
                detail: "会員登録日：2024年4月1日（見本）".into(),
                fee_count: None,
            },
        )
        .unwrap();
        s.set_case_status(id, CaseStatus::PreparingReply, "")
            .unwrap();
    };
    for &id in &scanned[..101] {
        decide(&mut s, id);
    }
    let _warm = s
        .issue_letter(scanned[0], "fee_guidance", d("2026-12-01"))
        .unwrap();
    let mut k = 1;
    let one = median(9, || {
        let l = s
            .issue_letter(scanned[k], "fee_guidance", d("2026-12-01"))
            .unwrap();
        k += 1;
        s.letter_pdf(l.id).unwrap().len()
    });
    let pdf = s.letter_pdf(_warm.id).unwrap();
    let out = work.path().join("letters");
    std::fs::create_dir_all(&out).unwrap();
    let write_one = median(9, || std::fs::write(out.join("one.pdf"), &pdf).unwrap());
    row(
        "one letter (手数料のご案内): issue + draw, median of 9",
        one,
        "raw copy: write the finished PDF to a file",
        Some(write_one),
    );
    let t = Instant::now();
    let mut pdfs = Vec::new();
    for &id in &scanned[1..101] {
        let l = s
            .issue_letter(id, "disclosure_decision", d("2026-12-10"))
            .unwrap();
        pdfs.push(s.letter_pdf(l.id).unwrap());
    }
    let hundred = t.elapsed();
    let t = Instant::now();
    for (i, p) in pdfs.iter().enumerate() {
        std::fs::write(out.join(format!("{i}.pdf")), p).unwrap();
    }
    row(
        "100 letters (開示決定通知書, 2 pages): issue + draw",
        hundred,
        "raw copy: write the 100 PDFs to files",
        Some(t.elapsed()),
    );

    // Backup (with its read-back check) and a separate verify, against a raw copy.
    let bak = work.path().join("store.madoguchi-backup");
    let t = Instant::now();
    s.backup(&bak).unwrap();
    let took_backup = t.elapsed();
    let t = Instant::now();
    backup::verify(&bak, Some(&recovery)).unwrap();
    let took_verify = t.elapsed();
    let t = Instant::now();
    copy_dir(&root, &work.path().join("raw-copy"));
    let raw = t.elapsed();
    row(
        &format!(
            "backup incl. read-back check ({} MB file)",
            std::fs::metadata(&bak).unwrap().len() / 1_000_000
        ),
        took_backup,
        "raw copy of the data folder (cp -r, synced)",
        Some(raw),
    );
    row(
        "verify a backup with the recovery key",
        took_verify,
        "raw copy of the data folder",
        Some(raw),
    );

    // Unlock: Argon2id + key unwrap + open + audit write.
    s.lock(false).unwrap();
    let unlock = median(5, || {
        let s = Store::unlock(
            &dir,
            creds.clone(),
            "kanri",
            &Password::new("kanri-pass-2026"),
            madoguchi_core::store::audit::Action::SignIn,
        )
        .unwrap();
        s.lock(false).unwrap();
    });
    let plain_read = median(5, || {
        let c = Connection::open(&plain_path).unwrap();
        c.query_row("SELECT count(*) FROM users", [], |r| r.get::<_, i64>(0))
            .unwrap()
    });
    row(
        "unlock: Argon2id (64 MiB, t=3) + unwrap + open + first audit write, median of 5",
        unlock,
        "plain SQLite open + first read",
        Some(plain_read),
    );
}
