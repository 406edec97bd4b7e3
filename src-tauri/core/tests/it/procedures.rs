//! Procedures beyond the five seeds (issue 16): what other companies'
//! ordinary policies ask, from intake to 発送, with the letters' text read
//! back by pdftotext. Profiles are in `tests/policies/x*.json`.

use crate::common::*;
use madoguchi_core::case::model::*;
use madoguchi_core::case::register::{CaseQuery, Queue};
use madoguchi_core::intake::channel::Channel;
use madoguchi_core::kernel::clock;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::output::letters::MailingInput;
use madoguchi_core::policy::law::{Outcome, RequestKind};
use madoguchi_core::policy::FeeMethod;
use madoguchi_core::procedure::decisions::DecisionInput;
use madoguchi_core::procedure::fees::{FeeState, PaymentInput};
use madoguchi_core::store::Store;

fn in_queue(s: &Store, queue: Queue, id: i64) -> bool {
    s.list_cases(&CaseQuery { queue: Some(queue), page_size: 100, ..Default::default() })
        .unwrap()
        .items
        .iter()
        .any(|c| c.id == id)
}

fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The letter's text, squashed, after checking it holds every phrase.
fn letter_text(s: &mut Store, id: i64, key: &str, on: &str, phrases: &[&str]) -> String {
    let letter = s.issue_letter(id, key, d(on)).unwrap_or_else(|e| panic!("{key}: {}", e.message()));
    let pdf = s.letter_pdf(letter.id).unwrap();
    if let Some(dir) = std::env::var_os("MADOGUCHI_LETTERS_OUT").map(std::path::PathBuf::from) {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("x1-{key}.pdf")), &pdf).unwrap();
    }
    let text = squashed(&pdf_text(&pdf).expect("pdftotext (poppler-utils) reads the letter"));
    for p in phrases {
        assert!(text.contains(&squashed(p)), "{key}: 「{p}」 not in:\n{text}");
    }
    text
}

fn decision(outcome: Outcome, detail: &str, fee_count: Option<u32>) -> DecisionInput {
    DecisionInput {
        kind: RequestKind::Disclosure,
        outcome,
        legal_ground: None,
        reasons: String::new(),
        detail: detail.into(),
        fee_count,
    }
}

/// 開示 at 300円 per document disclosed, asked after the decision, the clock
/// paused while the desk waits: the count comes with the decision, the
/// 手数料のご案内 states count × unit = total and that the disclosure follows
/// the payment, no 過払い shows before the count is known, the case is in
/// 入金待ち exactly while the fee is asked and unpaid.
#[test]
fn a_fee_per_document_asked_after_the_decision() {
    let (_fx, mut s) = Fixture::new();
    let policy = seed_policy(&mut s, "x1-per-document-after-decision.json");
    let mut input = CaseInput::blank(Channel::Post, d("2026-12-01"));
    input.requester.name = "見本 花子".into();
    input.requester.postal_code = "150-0001".into();
    input.requester.address = "東京都渋谷区見本町4-5-6".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(policy);
    let id = s.create_case(&input, None, &[], d("2026-12-01")).unwrap().case.id;

    // Before the decision: nothing owed, nothing waited for, the clock runs.
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.state, l.expected_yen, l.owed_since.as_deref()), (FeeState::NotAsked, 0, None));
    assert_eq!(l.summary, "件数の決定後に請求");
    assert!(l.lines[0].pending && l.lines[0].label.contains("件数は決定時に確定"), "{:?}", l.lines);
    assert!(!in_queue(&s, Queue::AwaitingFee, id));
    assert!(!s.clock(id, d("2026-12-02")).unwrap().paused);
    // The 手数料のご案内 cannot be issued before the count is known.
    let e = s.issue_letter(id, "fee_guidance", d("2026-12-02")).unwrap_err();
    assert!(e.message().contains("開示する件数が決まっていません"), "{}", e.message());
    // Stamps sent early are 受領済, not 過払い.
    s.record_payment(
        id,
        &PaymentInput {
            method: FeeMethod::Stamps,
            received_on: "2026-12-02".into(),
            stamps: vec![madoguchi_core::procedure::fees::StampLine { face_yen: 100, count: 3 }],
            ..Default::default()
        },
        d("2026-12-02"),
    )
    .unwrap();
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.state, l.summary.as_str()), (FeeState::NotAsked, "件数の決定後に請求（受領済 300円）"));

    // The decision asks for the count where something is disclosed, and refuses a bad one.
    s.set_case_status(id, CaseStatus::Investigating, "").unwrap();
    let kd = &s.case_decisions(id).unwrap().decisions[0];
    let ask = kd.fee_count.as_ref().expect("the decision asks for the count");
    assert_eq!((ask.counter.as_str(), ask.unit_yen), ("件", 300));
    for bad in [None, Some(0), Some(10_001)] {
        let e = s.record_decision(id, &decision(Outcome::FullDisclosure, "氏名：見本 花子", bad)).unwrap_err();
        assert_eq!(e.fields()[0].field, "feeCount", "{bad:?}: {}", e.message());
        assert!(s.case_decisions(id).unwrap().decisions[0].decision.is_none(), "nothing recorded");
    }
    s.record_decision(id, &decision(Outcome::FullDisclosure, "氏名：見本 花子\n購入履歴：3件", Some(3))).unwrap();
    let decided = clock::today();
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.expected_yen, l.paid_yen, l.state), (900, 300, FeeState::Short));
    assert_eq!(l.owed_since, Some(decided.to_string()));
    assert_eq!(l.lines[0].label, "開示（1件につき300円×3件）");
    assert!(in_queue(&s, Queue::AwaitingFee, id), "asked and unpaid: 入金待ち, whatever the status");
    let c = s.clock(id, decided).unwrap();
    assert!(c.paused && c.pauses[0].from_on == decided.to_string(), "{c:?}");

    let on = decided.to_string();
    letter_text(
        &mut s,
        id,
        "fee_guidance",
        &on,
        &[
            "手数料のご案内",
            "開示の決定をいたしましたので、所定の手数料を下記のとおりご案内いたします。",
            "手数料の確認ができ次第、開示いたします。",
            "１．手数料　900円",
            "開示（1件につき300円×3件）　900円",
            "銀行振込：見本銀行",
        ],
    );
    // The rest arrives: paid, the pause ends that day, out of 入金待ち.
    s.record_payment(
        id,
        &PaymentInput {
            method: FeeMethod::BankTransfer,
            received_on: on.clone(),
            amount_yen: 600,
            payer_kana: "ミホン ハナコ".into(),
            ..Default::default()
        },
        decided,
    )
    .unwrap();
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.state, l.balance_yen), (FeeState::Paid, 0));
    assert!(!in_queue(&s, Queue::AwaitingFee, id));
    assert!(!s.clock(id, decided).unwrap().paused);

    // The disclosure, then 発送.
    s.set_case_status(id, CaseStatus::PreparingReply, "").unwrap();
    letter_text(&mut s, id, "disclosure_decision", &on, &["保有個人データ開示決定通知書", "開示：全部開示", "購入履歴：3件"]);
    let letter = s.case_letters(id).unwrap().into_iter().find(|l| l.template_key == "disclosure_decision").unwrap();
    let out = s
        .record_mailing(
            letter.id,
            &MailingInput {
                sent_on: on.clone(),
                method: MailMethod::SimpleRegistered,
                tracking_no: "1234-5678-9012".into(),
                postage_yen: 460,
                note: String::new(),
            },
            decided,
        )
        .unwrap();
    assert_eq!(out.moved_to, Some(CaseStatus::Sent));
}

/// Nothing disclosed, nothing owed: a 不開示 keeps a count of 0 and the fee
/// is never asked. A policy that charges per request keeps no count.
#[test]
fn no_count_where_nothing_is_disclosed_or_the_fee_is_per_request() {
    let (_fx, mut s) = Fixture::new();
    let policy = seed_policy(&mut s, "x1-per-document-after-decision.json");
    let mut input = CaseInput::blank(Channel::Post, d("2026-12-01"));
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(policy);
    let id = s.create_case(&input, None, &[], d("2026-12-01")).unwrap().case.id;
    s.set_case_status(id, CaseStatus::Investigating, "").unwrap();
    let mut refusal = decision(Outcome::NoData, "", Some(5));
    refusal.reasons = "該当する保有個人データはありませんでした。".into();
    s.record_decision(id, &refusal).unwrap();
    let kd = &s.case_decisions(id).unwrap().decisions[0];
    assert_eq!(kd.decision.as_ref().unwrap().input.fee_count, Some(0));
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.expected_yen, l.state), (0, FeeState::NoFee));
    assert!(!in_queue(&s, Queue::AwaitingFee, id));

    let per_request = seed_policy(&mut s, "s2-disclosure-fee.json");
    let mut input = CaseInput::blank(Channel::Email, d("2026-12-01"));
    input.requester.name = "見本 太郎".into();
    input.requester.postal_code = "150-0001".into();
    input.requester.address = "東京都渋谷区見本町4-5-6".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(per_request);
    let id = s.create_case(&input, None, &[], d("2026-12-01")).unwrap().case.id;
    assert!(s.case_decisions(id).unwrap().decisions[0].fee_count.is_none());
    // A fee that should have come with the request is owed from 受付日: the
    // case is in 入金待ち at once, whatever its status …
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.state, l.owed_since.as_deref()), (FeeState::Due, Some("2026-12-01")));
    assert!(in_queue(&s, Queue::AwaitingFee, id));
    // … but the clock waits only once the desk asks for it: the first payment
    // is waited for from the 手数料のご案内, as a shortfall is.
    let c = s.clock(id, d("2026-12-02")).unwrap();
    assert!(!c.paused);
    assert_eq!(c.due_on.as_deref(), Some("2026-12-31"), "S2: 30 days from 受付日");
    s.issue_letter(id, "fee_guidance", d("2026-12-02")).unwrap();
    let c = s.clock(id, d("2026-12-05")).unwrap();
    assert!(c.paused);
    assert_eq!((c.pauses[0].reason, c.pauses[0].from_on.as_str()), (PauseReason::Fee, "2026-12-02"));
    s.record_payment(
        id,
        &PaymentInput { method: FeeMethod::BankTransfer, received_on: "2026-12-07".into(), amount_yen: 1000, ..Default::default() },
        d("2026-12-07"),
    )
    .unwrap();
    let c = s.clock(id, d("2026-12-08")).unwrap();
    assert!(!c.paused);
    assert_eq!(c.paused_days, 5);
    assert_eq!(c.due_on.as_deref(), Some("2027-01-05"), "the due date moved by the 5 days waited");
    assert!(!in_queue(&s, Queue::AwaitingFee, id));
}

/// How a request is made is part of the procedure (APPI 32条1項): a case
/// received through a channel the profile does not accept is flagged until
/// the desk says why it accepts it; a profile with its own 申請書 asks for it
/// by name, in the checklist and in the 追加提出のお願い, until it arrives.
/// A profile that sets neither asks nothing.
#[test]
fn the_profiles_channels_and_own_form_are_asked_for() {
    let (_fx, mut s) = Fixture::new();
    // S3: requests by e-mail or post, on the company's 個人情報開示等申請書.
    let policy = seed_policy(&mut s, "s3-designated-form-stamps.json");
    let mut input = CaseInput::blank(Channel::Phone, d("2026-12-03"));
    input.requester.name = "見本 花子".into();
    input.requester.postal_code = "150-0001".into();
    input.requester.address = "東京都渋谷区見本町4-5-6".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(policy);
    let id = s.create_case(&input, None, &[], d("2026-12-03")).unwrap().case.id;
    let v = s.verification(id).unwrap();
    let group = v.groups.iter().find(|g| g.key == "request").expect("a 請求の方法 group");
    let keys: Vec<&str> = group.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["request.channel", "request.form"]);
    assert_eq!(group.items[0].label, "受付経路（ポリシーの定め: メール・郵送）");
    assert!(group.items[0].detail.contains("「電話」で受け付けた請求です"), "{}", group.items[0].detail);
    assert!(!group.satisfied && !v.verified);
    assert!(v.missing.contains(&"所定の申請書（個人情報開示等申請書）".to_string()), "{:?}", v.missing);
    letter_text(&mut s, id, "id_documents_request", "2026-12-04", &["所定の申請書（個人情報開示等申請書）"]);
    // The form arrives; the desk accepts the phone request and says why.
    s.mark_verification(id, "request.form", CheckStatus::Ok, "2026-12-09 郵送で受領").unwrap();
    let v = s.mark_verification(id, "request.channel", CheckStatus::Ok, "申請書が郵送で届いたため").unwrap();
    let group = v.groups.iter().find(|g| g.key == "request").unwrap();
    assert!(group.satisfied);
    assert!(!v.missing.iter().any(|m| m.contains("申請書")), "{:?}", v.missing);

    // S4 takes phone requests and has no form of its own: nothing is asked.
    let s4 = seed_policy(&mut s, "s4-phone-email-300yen.json");
    input.policy_id = Some(s4);
    let id = s.create_case(&input, None, &[], d("2026-12-03")).unwrap().case.id;
    assert!(s.verification(id).unwrap().groups.iter().all(|g| g.key != "request"));
}
