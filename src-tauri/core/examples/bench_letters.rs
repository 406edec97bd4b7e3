//! `cargo run --release -p madoguchi-core --example bench_letters` — a
//! letter's render time and size, and a batch of 100, beside the raw copy of
//! the finished bytes (see docs/BENCHMARKS.md). Targets: ≤ 100 ms and
//! ≤ 150 KB for one letter, ≤ 5 s for 100.

use chrono::NaiveDate;
use madoguchi_core::case::model::{CaseInput, CaseStatus};
use madoguchi_core::desk::org::Organisation;
use madoguchi_core::intake::channel::Channel;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::lifecycle::Setup;
use madoguchi_core::policy::law::Outcome;
use madoguchi_core::policy::law::RequestKind;
use madoguchi_core::procedure::decisions::DecisionInput;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::{DataDir, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path().join("data"));
    let setup = Setup {
        organisation: Organisation {
            name: "見本商事株式会社".into(),
            desk_name: "個人情報問合せ窓口".into(),
            postal_code: "100-0005".into(),
            address: "東京都千代田区丸の内9-9-9 見本ビル12階".into(),
            phone: "03-0000-0000".into(),
            email: "privacy@example.jp".into(),
        },
        admin: NewUser {
            username: "kanri".into(),
            display_name: "見本".into(),
            role: Role::Admin,
            password: Password::new("kanri-pass-2026"),
        },
        store_id: None,
    };
    let mut s = Store::create(
        &dir,
        Arc::new(MemoryCredentialStore::new()),
        &setup,
        &RecoveryKey::random(),
    )
    .unwrap();
    let policy = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/policies/s0-email-desk.json"
    ))
    .unwrap();
    let policy_id = s.import_policy(&policy, true).unwrap().id;
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let reply = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();

    let mut cases = Vec::new();
    for i in 0..100 {
        let mut input = CaseInput::blank(Channel::Post, day);
        input.requester.name = format!("見本 花子{i}");
        input.requester.postal_code = "150-0001".into();
        input.requester.address = "東京都渋谷区見本町4-5-6 見本コーポ202".into();
        input.kinds = vec![RequestKind::Disclosure];
        input.policy_id = Some(policy_id);
        let id = s.create_case(&input, None, &[], day).unwrap().case.id;
        s.set_case_status(id, CaseStatus::Investigating, "")
            .unwrap();
        let detail = "氏名：見本 花子\n住所：東京都渋谷区見本町4-5-6\n会員番号：000123\n購入履歴：2025年4月〜2026年11月（12件）";
        s.record_decision(
            id,
            &DecisionInput {
                kind: RequestKind::Disclosure,
                outcome: Outcome::FullDisclosure,
                legal_ground: None,
                reasons: String::new(),
                detail: detail.into(),
                fee_count: None,
            },
        )
        .unwrap();
        cases.push(id);
    }

    // The first letter in a process parses the 7.8 MB font once.
    let t = Instant::now();
    let first = s.issue_letter(cases[0], "fee_guidance", day).unwrap();
    let pdf = s.letter_pdf(first.id).unwrap();
    let cold = t.elapsed();

    // One letter: issue (resolve the case's data, take a 文書番号, keep it) + draw.
    let mut one = Vec::new();
    let mut sizes = Vec::new();
    for &id in &cases[1..21] {
        let t = Instant::now();
        let l = s.issue_letter(id, "fee_guidance", day).unwrap();
        let pdf = s.letter_pdf(l.id).unwrap();
        one.push(t.elapsed());
        sizes.push(pdf.len());
    }
    // Drawing an issued letter again (what print and save do).
    let mut redraw = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let _ = s.letter_pdf(first.id).unwrap();
        redraw.push(t.elapsed());
    }
    // A two-page letter (開示決定通知書 with its annex).
    let t = Instant::now();
    let two = s
        .issue_letter(cases[0], "disclosure_decision", reply)
        .unwrap();
    let two_pdf = s.letter_pdf(two.id).unwrap();
    let two_time = t.elapsed();

    // Batch: 100 letters issued and drawn, as 「すべて印刷」 does before handing each to lp.
    let t = Instant::now();
    let mut total_bytes = 0;
    for &id in &cases {
        let l = s.issue_letter(id, "disclosure_decision", reply).unwrap();
        total_bytes += s.letter_pdf(l.id).unwrap().len();
    }
    let batch = t.elapsed();

    // Baseline: writing the finished bytes of 100 letters to files (raw copy).
    let out = tmp.path().join("copy");
    std::fs::create_dir_all(&out).unwrap();
    let t = Instant::now();
    for i in 0..100 {
        std::fs::write(out.join(format!("{i}.pdf")), &pdf).unwrap();
    }
    let copy = t.elapsed();

    sizes.sort();
    println!(
        "first letter in the process (font parsed once): {}",
        ms(cold)
    );
    println!(
        "one letter (issue + draw), median of 20: {}",
        ms(median(one))
    );
    println!(
        "draw an issued letter again, median of 20: {}",
        ms(median(redraw))
    );
    println!(
        "one-page letter size: {:.1} KB (min {:.1}, max {:.1})",
        pdf.len() as f64 / 1024.0,
        sizes[0] as f64 / 1024.0,
        sizes[sizes.len() - 1] as f64 / 1024.0
    );
    println!(
        "two-page 開示決定通知書: {} , {:.1} KB",
        ms(two_time),
        two_pdf.len() as f64 / 1024.0
    );
    println!(
        "100 letters (issue + draw): {} ({:.1} MB in all)",
        ms(batch),
        total_bytes as f64 / 1_048_576.0
    );
    println!("baseline: write 100 finished PDFs to files: {}", ms(copy));
}
