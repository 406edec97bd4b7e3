//! Used by tests/crash.rs: opens a store with the recovery key (first stdin
//! line) and runs the S0-a story over and over, through the domain's real
//! writes — intake with a scan, payment, decision, letter, mailing, then
//! approval and disposal (with its VACUUM) — printing
//! `committed <step> <case id> <受付番号>` after each write returns, until it
//! is killed. Arguments: data dir, path of a scan image.

use madoguchi_core::case::attachments::IncomingFile;

use madoguchi_core::case::model::{CaseInput, CaseStatus};

use madoguchi_core::intake::channel::Channel;

use madoguchi_core::case::model::MailMethod;
use madoguchi_core::kernel::secret::{Password, RecoveryKey};
use madoguchi_core::output::letters::MailingInput;
use madoguchi_core::policy::law::Outcome;
use madoguchi_core::policy::law::RequestKind;
use madoguchi_core::policy::FeeMethod;
use madoguchi_core::procedure::decisions::DecisionInput;
use madoguchi_core::procedure::fees::PaymentInput;
use madoguchi_core::retention::DisposalScope;
use madoguchi_core::store::credential::MemoryCredentialStore;
use madoguchi_core::store::{DataDir, Store};
use std::io::{BufRead, Write};
use std::sync::Arc;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = DataDir::new(args.next().expect("data dir"));
    let scan = std::fs::read(args.next().expect("scan")).expect("scan file");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).unwrap();
    let key = RecoveryKey::parse(&line).expect("recovery key");
    let mut s = Store::open_with_recovery(&dir, Arc::new(MemoryCredentialStore::new()), &key)
        .expect("open");
    // Approvals name a person: sign in as the 管理者 (a new password binds
    // this process's in-memory credential store).
    s.rebind_to_this_pc("kanri", &Password::new("kanri-pass-2026"))
        .expect("rebind");
    let policy = s.list_policies().unwrap()[0].id;
    let mut out = std::io::stdout().lock();
    let mut say = |step: &str, id: i64, receipt: &str| {
        writeln!(out, "committed {step} {id} {receipt}").unwrap();
        out.flush().unwrap();
    };
    loop {
        let mut input = CaseInput::blank(Channel::Email, d("2026-12-01"));
        input.requester.name = "見本 花子".into();
        input.requester.postal_code = "150-0001".into();
        input.requester.address = "東京都渋谷区見本町4-5-6".into();
        input.requester.email = "hanako@example.jp".into();
        input.requester.registered_email = "hanako@example.jp".into();
        input.kinds = vec![RequestKind::Disclosure];
        input.policy_id = Some(policy);
        let c = s
            .create_case(
                &input,
                None,
                &[IncomingFile::new("免許証.jpg", scan.clone())],
                d("2026-12-01"),
            )
            .expect("intake");
        let (id, receipt) = (c.case.id, c.case.receipt_no.clone());
        say("intake", id, &receipt);
        s.record_payment(
            id,
            &PaymentInput {
                method: FeeMethod::BankTransfer,
                received_on: "2026-12-04".into(),
                amount_yen: 1100,
                payer_kana: "ミホン ハナコ".into(),
                ..Default::default()
            },
            d("2026-12-04"),
        )
        .expect("payment");
        say("payment", id, &receipt);
        s.set_case_status(id, CaseStatus::Investigating, "")
            .expect("status");
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
        .expect("decision");
        say("decision", id, &receipt);
        s.set_case_status(id, CaseStatus::PreparingReply, "")
            .expect("status");
        let letter = s
            .issue_letter(id, "disclosure_decision", d("2026-12-10"))
            .expect("letter");
        say("letter", id, &receipt);
        s.record_mailing(
            letter.id,
            &MailingInput {
                sent_on: "2026-12-10".into(),
                method: MailMethod::Ordinary,
                tracking_no: String::new(),
                postage_yen: 110,
                note: String::new(),
            },
            d("2026-12-10"),
        )
        .expect("mailing");
        say("mailing", id, &receipt);
        s.set_case_status(id, CaseStatus::Completed, "")
            .expect("status");
        s.approve_disposals(&[(id, DisposalScope::Case)], d("2027-12-11"))
            .expect("approval");
        let run = s.perform_disposals(d("2027-12-11")).expect("disposal");
        assert!(run.done.iter().any(|r| r.receipt_no == receipt));
        say("disposal", id, &receipt);
    }
}
