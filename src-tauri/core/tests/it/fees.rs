//! The fee ledger and the clock against a real store, with the scenario
//! dates: S0-a (1,100円 by transfer), S2-c (訂正 not charged), S3-a/S3-b
//! (stamps by denomination; a shortfall pauses the clock until paid), S4-a
//! (300円 for 開示 only; waiting for the ID moves the due date).

use crate::common::*;
use madoguchi_core::case::model::*;
use madoguchi_core::case::register::*;
use madoguchi_core::case::timeline::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::policy::law::*;
use madoguchi_core::policy::FeeMethod;
use madoguchi_core::procedure::fees::*;
use madoguchi_core::store::Store;

fn case(s: &mut Store, policy_file_name: &str, received: &str, kinds: &[RequestKind]) -> i64 {
    let policy = seed_policy(s, policy_file_name);
    let mut input = CaseInput::blank(Channel::Post, d(received));
    input.requester.name = "見本 花子".into();
    input.kinds = kinds.to_vec();
    input.policy_id = Some(policy);
    s.create_case(&input, None, &[], d(received))
        .unwrap()
        .case
        .id
}

fn stamps(on: &str, lines: &[(u32, u32)]) -> PaymentInput {
    PaymentInput {
        method: FeeMethod::Stamps,
        received_on: on.into(),
        stamps: lines
            .iter()
            .map(|&(face_yen, count)| StampLine { face_yen, count })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn s0a_one_fee_per_request_paid_by_transfer() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s0-email-desk.json",
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::Deletion],
    );
    // S0's policy asks for the fee after acceptance: nothing is due (nor
    // waited for) until the 手数料のご案内 goes out, then it is.
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.expected_yen, l.state, l.owed_since.as_deref()), (1100, FeeState::NotAsked, None));
    assert_eq!(l.summary, "手数料のご案内の発行後に請求");
    let mut with_address = s.case_detail(id).unwrap().case.input;
    with_address.requester.postal_code = "150-0001".into();
    with_address.requester.address = "東京都渋谷区見本町4-5-6".into();
    s.update_case(id, &with_address, d("2026-12-02")).unwrap();
    s.issue_letter(id, "fee_guidance", d("2026-12-02")).unwrap();
    let l = s.fee_ledger(id).unwrap();
    assert_eq!((l.expected_yen, l.state, l.owed_since.as_deref()), (1100, FeeState::Due, Some("2026-12-02")));
    assert!(
        l.lines[0]
            .warning
            .as_deref()
            .is_some_and(|w| w.contains("第38条") && w.contains("削除")),
        "{:?}",
        l.lines
    );
    let transfer = PaymentInput {
        method: FeeMethod::BankTransfer,
        received_on: "2026-12-04".into(),
        amount_yen: 1100,
        payer_kana: "ミホン ハナコ".into(),
        ..Default::default()
    };
    let l = s.record_payment(id, &transfer, d("2026-12-04")).unwrap();
    assert_eq!(
        (l.paid_yen, l.balance_yen, l.state),
        (1100, 0, FeeState::Paid)
    );
    assert_eq!(s.audit_entries(1).unwrap()[0].action, "payment.recorded");
}

#[test]
fn s2c_only_disclosure_is_charged() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s2-disclosure-fee.json",
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::Correction],
    );
    let l = s.fee_ledger(id).unwrap();
    assert_eq!(l.expected_yen, 1000);
    assert_eq!(l.lines.len(), 1);
    assert!(l.lines[0].label.starts_with("開示") && l.lines[0].warning.is_none());
    let only_correction = case(
        &mut s,
        "s4-phone-email-300yen.json",
        "2026-12-01",
        &[RequestKind::Correction],
    );
    assert_eq!(
        s.fee_ledger(only_correction).unwrap().state,
        FeeState::NoFee
    );
}

#[test]
fn s3a_stamps_by_denomination_make_1000_yen() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s3-designated-form-stamps.json",
        "2026-12-03",
        &[RequestKind::Disclosure],
    );
    let l = s
        .record_payment(
            id,
            &stamps("2026-12-09", &[(110, 9), (10, 1)]),
            d("2026-12-09"),
        )
        .unwrap();
    assert_eq!((l.paid_yen, l.state), (1000, FeeState::Paid));
    assert_eq!(l.payments[0].breakdown, "110円×9、10円×1");
    assert!(!s.clock(id, d("2026-12-09")).unwrap().paused);
}

#[test]
fn s3b_a_shortfall_pauses_the_clock_until_the_rest_arrives() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s3-designated-form-stamps.json",
        "2026-12-03",
        &[RequestKind::Disclosure],
    );
    let due_before = s.clock(id, d("2026-12-09")).unwrap().due_on.unwrap();
    assert_eq!(due_before, "2027-01-02");
    let l = s
        .record_payment(id, &stamps("2026-12-09", &[(110, 8)]), d("2026-12-09"))
        .unwrap();
    assert_eq!(
        (l.paid_yen, l.balance_yen, l.state),
        (880, -120, FeeState::Short)
    );
    assert_eq!(l.summary, "不足 120円");
    let c = s.clock(id, d("2026-12-11")).unwrap();
    assert!(c.paused);
    assert_eq!(c.pauses[0].reason, PauseReason::Fee);
    assert_eq!(c.pauses[0].from_on, "2026-12-09");
    // The rest arrives on 12-14: paid, the clock runs again, due moved by 5 days.
    let l = s
        .record_payment(id, &stamps("2026-12-14", &[(120, 1)]), d("2026-12-14"))
        .unwrap();
    assert_eq!(l.state, FeeState::Paid);
    let c = s.clock(id, d("2026-12-20")).unwrap();
    assert!(!c.paused);
    assert_eq!(c.paused_days, 5);
    assert_eq!(c.due_on.as_deref(), Some("2027-01-07"));
    assert_eq!(
        c.received_on, "2026-12-03",
        "the received date stays as received"
    );
    let events: Vec<String> = s
        .case_detail(id)
        .unwrap()
        .events
        .iter()
        .map(event_summary)
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e.contains("手数料の入金: 880円（110円×8）")),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.contains("期限を停止（手数料待ち、2026-12-09から）")),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.contains("期限を再開（2026-12-14から）")),
        "{events:?}"
    );
    // Returned stamps are a refund: the balance goes back to short.
    let mut back = stamps("2026-12-15", &[(120, 1)]);
    back.direction = PaymentDirection::Refund;
    let l = s.record_payment(id, &back, d("2026-12-15")).unwrap();
    assert_eq!((l.refunded_yen, l.state), (120, FeeState::Short));
}

#[test]
fn s4a_fee_for_disclosure_only_and_waiting_for_the_id_moves_the_due_date() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s4-phone-email-300yen.json",
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::PurposeNotice],
    );
    assert_eq!(s.fee_ledger(id).unwrap().expected_yen, 300);
    let today = d("2026-12-20");
    assert_eq!(
        s.clock(id, d("2026-12-02")).unwrap().due_on.as_deref(),
        Some("2026-12-31")
    );
    s.pause_clock(
        id,
        PauseReason::IdDocuments,
        "2026-12-03",
        "本人確認書類の提出待ち",
        today,
    )
    .unwrap();
    assert!(
        s.pause_clock(id, PauseReason::Fee, "2026-12-04", "", today)
            .is_err(),
        "one pause at a time"
    );
    let e = s.resume_clock(id, "2026-12-02", today).unwrap_err();
    assert_eq!(e.fields()[0].field, "to");
    let c = s.resume_clock(id, "2026-12-10", today).unwrap();
    assert_eq!(
        (c.paused_days, c.due_on.as_deref()),
        (7, Some("2027-01-07"))
    );
    assert_eq!(c.days_left, Some(18));
}

#[test]
fn bad_payments_are_refused_and_old_money_orders_flagged() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s4-phone-email-300yen.json",
        "2026-12-01",
        &[RequestKind::Disclosure],
    );
    let today = d("2026-12-10");
    let e = s
        .record_payment(id, &stamps("2026-12-11", &[(110, 1)]), today)
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "receivedOn");
    let e = s
        .record_payment(id, &stamps("2026-12-10", &[]), today)
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "stamps");
    let mut order = PaymentInput {
        method: FeeMethod::MoneyOrder,
        received_on: "2026-12-10".into(),
        money_order_count: 1,
        money_order_face_yen: 310,
        money_order_issued_on: "2026-05-01".into(),
        ..Default::default()
    };
    assert_eq!(
        s.record_payment(id, &order, today).unwrap_err().fields()[0].field,
        "moneyOrderFaceYen"
    );
    assert!(
        s.fee_ledger(id).unwrap().payments.is_empty(),
        "nothing saved"
    );
    order.money_order_face_yen = 300;
    let l = s.record_payment(id, &order, today).unwrap();
    assert_eq!(l.state, FeeState::Paid);
    assert!(
        l.payments[0].problems[0].contains("6か月を過ぎています"),
        "{:?}",
        l.payments[0].problems
    );
}

#[test]
fn the_home_queues_follow_due_dates_pauses_and_statuses() {
    let (_fx, mut s) = Fixture::new();
    // S4: due 2026-12-31.
    let late = case(
        &mut s,
        "s4-phone-email-300yen.json",
        "2026-12-01",
        &[RequestKind::Disclosure],
    );
    let count = |s: &Store, queue: Queue, on: &str| {
        let counts = s.queue_counts(d(on)).unwrap();
        counts.iter().find(|c| c.queue == queue).unwrap().count
    };
    assert_eq!(
        count(&s, Queue::DueThisWeek, "2026-12-28"),
        1,
        "Mon 12-28: due Thu 12-31 is this week"
    );
    assert_eq!(count(&s, Queue::DueThisWeek, "2026-12-20"), 0);
    assert_eq!(count(&s, Queue::Overdue, "2027-01-02"), 1);
    let listed = s
        .list_cases(&CaseQuery {
            queue: Some(Queue::Overdue),
            as_of: Some(d("2027-01-02")),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (listed.total, listed.items[0].due_on.as_deref()),
        (1, Some("2026-12-31"))
    );
    // Waiting for the ID: the clock stops, the case is 書類待ち and not overdue.
    s.pause_clock(
        late,
        PauseReason::IdDocuments,
        "2026-12-03",
        "",
        d("2026-12-03"),
    )
    .unwrap();
    assert_eq!(count(&s, Queue::Overdue, "2027-01-02"), 0);
    assert_eq!(count(&s, Queue::AwaitingDocuments, "2027-01-02"), 1);
    assert!(s.list_cases(&CaseQuery::default()).unwrap().items[0].clock_paused);
    s.resume_clock(late, "2026-12-10", d("2026-12-10")).unwrap();
    assert_eq!(
        s.list_cases(&CaseQuery::default()).unwrap().items[0]
            .due_on
            .as_deref(),
        Some("2027-01-07")
    );
    // A short stamp payment: 入金待ち. 承認待ち follows the status.
    let stamps_case = case(
        &mut s,
        "s3-designated-form-stamps.json",
        "2026-12-03",
        &[RequestKind::Disclosure],
    );
    s.record_payment(
        stamps_case,
        &stamps("2026-12-09", &[(110, 8)]),
        d("2026-12-09"),
    )
    .unwrap();
    // Both are 入金待ち: the S4 case's 300円 has not arrived either (a fee
    // owed with the request is waited for whatever the case's status).
    assert_eq!(count(&s, Queue::AwaitingFee, "2026-12-10"), 2);
    s.set_case_status(late, CaseStatus::Investigating, "")
        .unwrap();
    s.record_decision(
        late,
        &madoguchi_core::procedure::decisions::DecisionInput {
            kind: RequestKind::Disclosure,
            outcome: madoguchi_core::policy::law::Outcome::NonDisclosure,
            legal_ground: Some(madoguchi_core::policy::law::LegalGround::Appi33_2_2),
            reasons: "業務の適正な実施に著しい支障を及ぼすおそれがあるため".into(),
            detail: String::new(),
            fee_count: None,
        },
    )
    .unwrap();
    s.set_case_status(late, CaseStatus::AwaitingApproval, "")
        .unwrap();
    assert_eq!(count(&s, Queue::AwaitingApproval, "2026-12-10"), 1);
    let approval = s
        .list_cases(&CaseQuery {
            queue: Some(Queue::AwaitingApproval),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(approval.items[0].id, late);
}

#[test]
fn a_fee_38_does_not_allow_needs_the_admins_decision_on_the_case() {
    let (fx, mut s) = Fixture::new();
    // S0 charges 1,100円 per request, 削除 included.
    let only_deletion = case(
        &mut s,
        "s0-email-desk.json",
        "2026-12-01",
        &[RequestKind::Deletion],
    );
    let l = s.fee_ledger(only_deletion).unwrap();
    assert!(l.needs_decision && l.decision.is_none());
    assert_eq!(l.expected_yen, 1100);
    // An officer cannot decide.
    s.add_user(&madoguchi_core::store::users::NewUser {
        username: "tanto".into(),
        display_name: "見本 担当".into(),
        role: madoguchi_core::store::users::Role::Officer,
        password: madoguchi_core::kernel::secret::Password::new("tanto-pass-2026"),
    })
    .unwrap();
    let mut officer = {
        s.lock(false).unwrap();
        fx.unlock("tanto", "tanto-pass-2026").unwrap()
    };
    assert_eq!(
        officer
            .decide_fee_warning(only_deletion, false)
            .unwrap_err()
            .code(),
        ErrorCode::PermissionDenied
    );
    officer.lock(false).unwrap();
    let mut s = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    // Waived: nothing is due for 削除 alone.
    let l = s.decide_fee_warning(only_deletion, false).unwrap();
    assert_eq!(
        (l.expected_yen, l.state, l.needs_decision),
        (0, FeeState::NoFee, false)
    );
    assert_eq!(
        l.decision.as_ref().map(|d| (d.keep, d.by.as_str())),
        Some((false, "見本 管理者"))
    );
    assert_eq!(s.audit_entries(1).unwrap()[0].action, "fee.warning_decided");
    // 開示 + 削除, kept knowingly: 1,100円 as the policy says.
    let both = case(
        &mut s,
        "s0-email-desk.json",
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::Deletion],
    );
    let l = s.decide_fee_warning(both, true).unwrap();
    assert_eq!((l.expected_yen, l.decision.unwrap().keep), (1100, true));
    // A case without such a fee has nothing to decide.
    let lawful = case(
        &mut s,
        "s2-disclosure-fee.json",
        "2026-12-01",
        &[RequestKind::Disclosure],
    );
    assert_eq!(
        s.decide_fee_warning(lawful, true).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}
