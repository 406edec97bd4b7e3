//! Investigation and decisions against a real store: S0-a (全部開示 and 削除
//! 実施), S1-a (訂正した, with the new address), S2-a (一部開示 under 33条2項2号
//! needs another 管理者's approval), S2-b (利用停止しない with reasons), and
//! 特定個人情報 always approved.

use crate::common::*;
use madoguchi_core::case::model::*;
use madoguchi_core::case::timeline::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::policy::law::*;
use madoguchi_core::procedure::decisions::*;
use madoguchi_core::store::Store;

fn case(s: &mut Store, kinds: &[RequestKind], specific: bool) -> i64 {
    let mut input = CaseInput::blank(Channel::Email, d("2026-12-01"));
    input.requester.name = "見本 花子".into();
    input.kinds = kinds.to_vec();
    input.specific_personal_info = specific;
    let id = s
        .create_case(&input, None, &[], d("2026-12-01"))
        .unwrap()
        .case
        .id;
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    id
}

fn decide(
    kind: RequestKind,
    outcome: Outcome,
    ground: Option<LegalGround>,
    reasons: &str,
    detail: &str,
) -> DecisionInput {
    DecisionInput {
        kind,
        outcome,
        legal_ground: ground,
        reasons: reasons.into(),
        detail: detail.into(),
        fee_count: None,
    }
}

#[test]
fn s0a_full_disclosure_and_deletion_done_need_no_approval() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        &[RequestKind::Disclosure, RequestKind::Deletion],
        false,
    );
    s.add_investigation_note(
        id,
        "会員データベース、問合せ履歴",
        "登録情報と利用履歴を確認",
    )
    .unwrap();
    s.record_decision(
        id,
        &decide(
            RequestKind::Disclosure,
            Outcome::FullDisclosure,
            None,
            "",
            "",
        ),
    )
    .unwrap();
    let dd = s
        .record_decision(
            id,
            &decide(
                RequestKind::Deletion,
                Outcome::Done,
                None,
                "",
                "会員情報を削除",
            ),
        )
        .unwrap();
    assert!(dd.complete && !dd.needs_approval);
    assert_eq!(dd.notes.len(), 1);
    s.set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap();
    let events: Vec<String> = s
        .case_detail(id)
        .unwrap()
        .events
        .iter()
        .map(event_summary)
        .collect();
    assert!(
        events.iter().any(|e| e == "決定を記録: 削除 → 実施"),
        "{events:?}"
    );
}

#[test]
fn s1a_correction_done_with_the_new_address() {
    let (_fx, mut s) = Fixture::new();
    let id = case(&mut s, &[RequestKind::Correction], false);
    let dd = s
        .record_decision(
            id,
            &decide(
                RequestKind::Correction,
                Outcome::Done,
                None,
                "",
                "住所を「東京都千代田区見本町2-2-2」に訂正しました。",
            ),
        )
        .unwrap();
    assert_eq!(
        dd.decisions[0].decision.as_ref().unwrap().input.detail,
        "住所を「東京都千代田区見本町2-2-2」に訂正しました。"
    );
    s.set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap();
}

#[test]
fn s2a_partial_disclosure_needs_a_ground_reasons_and_another_admins_approval() {
    let (fx, mut s) = Fixture::new();
    let id = case(&mut s, &[RequestKind::Disclosure], false);
    // Without ground and reasons: refused at the fields, nothing saved.
    let e = s
        .record_decision(
            id,
            &decide(
                RequestKind::Disclosure,
                Outcome::PartialDisclosure,
                None,
                "",
                "",
            ),
        )
        .unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["legalGround", "reasons", "detail"]);
    // A ground that does not fit 開示.
    let e = s
        .record_decision(
            id,
            &decide(
                RequestKind::Disclosure,
                Outcome::PartialDisclosure,
                Some(LegalGround::Appi34_2),
                "調査の結果によるため開示しません",
                "x",
            ),
        )
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "legalGround");
    let dd = s
        .record_decision(
            id,
            &decide(
                RequestKind::Disclosure,
                Outcome::PartialDisclosure,
                Some(LegalGround::Appi33_2_2),
                "社内の不正調査に関する記録は、開示すると調査の適正な実施に著しい支障を及ぼすおそれがあるため",
                "不正調査に関する記録（2026年11月分）",
            ),
        )
        .unwrap();
    assert!(dd.needs_approval && !dd.approved);
    assert_eq!(dd.approval_reasons, ["開示: 一部開示"]);
    // Straight to 回答準備 is refused; via 承認待ち.
    assert!(s
        .set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap_err()
        .message()
        .contains("管理者の承認が必要です"));
    s.set_case_status(id, CaseStatus::AwaitingApproval, "")
        .unwrap();
    // The one who decided cannot approve.
    assert!(s
        .review_decisions(id, true, "")
        .unwrap_err()
        .message()
        .contains("自分が行った決定は承認できません"));
    let mut other = second_admin(&fx, s);
    // Sending back needs a reason.
    assert_eq!(
        other.review_decisions(id, false, " ").unwrap_err().fields()[0].field,
        "note"
    );
    let dd = other
        .review_decisions(id, true, "根拠・理由とも妥当")
        .unwrap();
    assert!(dd.approved);
    assert_eq!(dd.approval.as_ref().unwrap().by, "見本 承認者");
    assert_eq!(other.case(id).unwrap().status, CaseStatus::PreparingReply);
    assert_eq!(
        other.audit_entries(1).unwrap()[0].action,
        "decisions.reviewed"
    );
}

#[test]
fn s2b_suspension_refused_with_reasons_and_a_changed_decision_needs_approval_again() {
    let (fx, mut s) = Fixture::new();
    let id = case(&mut s, &[RequestKind::Suspension], false);
    s.add_investigation_note(
        id,
        "利用目的と実際の利用状況",
        "利用目的の範囲内での利用であることを確認",
    )
    .unwrap();
    let reasons = "調査の結果、お客様の個人情報は利用目的の範囲内で取り扱われており、法令違反の事実が認められないため";
    s.record_decision(
        id,
        &decide(
            RequestKind::Suspension,
            Outcome::NotDone,
            Some(LegalGround::Appi35),
            reasons,
            "",
        ),
    )
    .unwrap();
    s.set_case_status(id, CaseStatus::AwaitingApproval, "")
        .unwrap();
    let mut other = second_admin(&fx, s);
    let dd = other.review_decisions(id, true, "").unwrap();
    assert!(dd.approved);
    assert_eq!(
        dd.decisions[0]
            .decision
            .as_ref()
            .unwrap()
            .input
            .legal_ground,
        Some(LegalGround::Appi35)
    );
    // Changed after approval: approval is needed again before 回答準備.
    other
        .set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let dd = other
        .record_decision(
            id,
            &decide(
                RequestKind::Suspension,
                Outcome::Alternative,
                Some(LegalGround::Appi35Cost),
                reasons,
                "配信停止の設定で代替",
            ),
        )
        .unwrap();
    assert!(!dd.approved);
    assert!(other
        .set_case_status(id, CaseStatus::PreparingReply, "")
        .is_err());
}

#[test]
fn specific_personal_info_is_approved_where_the_policy_says_and_outcomes_fit_their_kind() {
    let (_fx, mut s) = Fixture::new();
    // The default profile does not ask for the 特定個人情報 approval
    // (`specificInfoApproval: false`): full disclosure needs none.
    let id = case(&mut s, &[RequestKind::Disclosure], true);
    let dd = s
        .record_decision(id, &decide(RequestKind::Disclosure, Outcome::FullDisclosure, None, "", ""))
        .unwrap();
    assert!(!dd.needs_approval, "{:?}", dd.approval_reasons);
    // S0's profile does: the same case under it needs a 管理者's approval.
    let policy = seed_policy(&mut s, "s0-email-desk.json");
    let mut input = CaseInput::blank(Channel::Email, d("2026-12-01"));
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.specific_personal_info = true;
    input.policy_id = Some(policy);
    let id = s.create_case(&input, None, &[], d("2026-12-01")).unwrap().case.id;
    s.set_case_status(id, CaseStatus::Investigating, "").unwrap();
    let dd = s
        .record_decision(
            id,
            &decide(
                RequestKind::Disclosure,
                Outcome::FullDisclosure,
                None,
                "",
                "",
            ),
        )
        .unwrap();
    assert!(dd.needs_approval);
    assert_eq!(dd.approval_reasons, ["特定個人情報を含む案件"]);
    let e = s
        .record_decision(
            id,
            &decide(RequestKind::Disclosure, Outcome::Done, None, "", ""),
        )
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "outcome");
    let e = s
        .record_decision(
            id,
            &decide(RequestKind::Deletion, Outcome::Done, None, "", ""),
        )
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "kind");
}
