//! 苦情・相談 against a real store. S4-c: a complaint about a late reply is
//! logged and goes through 一次対応 → 調査・検討 → 改善措置 → 回答・報告, each
//! with its day and person; it is linked to the request, kept out of the
//! request register, counted in the report, and disposed of under the
//! profile's retention (3 years from the inquiry).

use crate::common::*;
use madoguchi_core::case::complaints::*;
use madoguchi_core::case::model::*;
use madoguchi_core::case::register::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::output::reports::Period;
use madoguchi_core::policy::law::*;
use madoguchi_core::retention::DisposalScope;

fn step(step: ComplaintStep, on: &str, person: &str, notes: &str) -> StepInput {
    StepInput {
        step,
        done_on: on.into(),
        person: person.into(),
        notes: notes.into(),
    }
}

#[test]
fn s4c_a_complaint_about_a_late_reply_goes_through_four_steps() {
    let (_fx, mut s) = Fixture::new();
    let policy = seed_policy(&mut s, "s4-phone-email-300yen.json");
    let mut input = CaseInput::blank(Channel::Phone, d("2026-12-01"));
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(policy);
    let request = s
        .create_case(&input, None, &[], d("2026-12-01"))
        .unwrap()
        .case;

    let today = d("2027-01-20");
    let bad = s
        .create_complaint(
            &ComplaintInput {
                category: ComplaintCategory::Complaint,
                channel: Channel::Phone,
                received_on: "2027-02-01".into(),
                name: "見本 花子".into(),
                contact: "090-0000-0000".into(),
                summary: " ".into(),
                linked_receipt_no: String::new(),
                policy_id: None,
            },
            today,
        )
        .unwrap_err();
    let fields: Vec<String> = bad.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        vec!["receivedOn", "summary"],
        "every problem at once"
    );
    let e = s
        .create_complaint(
            &ComplaintInput {
                category: ComplaintCategory::Complaint,
                channel: Channel::Phone,
                received_on: "2027-01-12".into(),
                name: String::new(),
                contact: String::new(),
                summary: "回答が遅い".into(),
                linked_receipt_no: "2026-9999".into(),
                policy_id: None,
            },
            today,
        )
        .unwrap_err();
    assert!(
        e.message().contains("その受付番号の請求はありません"),
        "{}",
        e.message()
    );

    let c = s
        .create_complaint(
            &ComplaintInput {
                category: ComplaintCategory::Complaint,
                channel: Channel::Phone,
                received_on: "2027-01-12".into(),
                name: "見本 花子".into(),
                contact: "090-0000-0000".into(),
                summary: "開示請求の回答が期限を過ぎても届かない（見本）".into(),
                linked_receipt_no: request.receipt_no.clone(),
                policy_id: None,
            },
            today,
        )
        .unwrap();
    let id = c.summary.case_id;
    assert_eq!(
        c.summary.linked_receipt_no.as_deref(),
        Some(request.receipt_no.as_str())
    );
    assert_eq!(c.summary.status, CaseStatus::Received);
    assert_eq!(c.next_step, Some(ComplaintStep::FirstResponse));
    assert_eq!(
        c.steps.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
        ["一次対応", "調査・検討", "改善措置", "回答・報告"]
    );

    // Out of order, a future day, no person: refused, nothing changes.
    let e = s
        .record_complaint_step(
            id,
            &step(ComplaintStep::Investigation, "2027-01-13", "見本 担当", ""),
            today,
        )
        .unwrap_err();
    assert!(e.message().contains("先に「一次対応」"), "{}", e.message());
    let e = s
        .record_complaint_step(
            id,
            &step(ComplaintStep::FirstResponse, "2027-01-21", "", ""),
            today,
        )
        .unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["doneOn", "person"]);
    let e = s
        .record_complaint_step(
            id,
            &step(ComplaintStep::FirstResponse, "2027-01-11", "見本 担当", ""),
            today,
        )
        .unwrap_err();
    assert!(e.message().contains("受付日以降"), "{}", e.message());
    assert_eq!(s.complaint(id).unwrap(), c);

    let c = s
        .record_complaint_step(
            id,
            &step(
                ComplaintStep::FirstResponse,
                "2027-01-13",
                "見本 担当",
                "お詫びし、調査のうえ回答すると伝えた",
            ),
            today,
        )
        .unwrap();
    assert_eq!(c.summary.status, CaseStatus::Investigating);
    let e = s
        .record_complaint_step(
            id,
            &step(ComplaintStep::Investigation, "2027-01-12", "見本 担当", ""),
            today,
        )
        .unwrap_err();
    assert!(e.message().contains("前の段階"), "{}", e.message());
    s.record_complaint_step(
        id,
        &step(
            ComplaintStep::Investigation,
            "2027-01-14",
            "見本 管理者",
            "本人確認書類の到着待ちで期限を過ぎていた",
        ),
        today,
    )
    .unwrap();
    let c = s
        .record_complaint_step(
            id,
            &step(
                ComplaintStep::Improvement,
                "2027-01-16",
                "見本 管理者",
                "期限7日前に催促する手順を追加",
            ),
            today,
        )
        .unwrap();
    assert_eq!(c.summary.status, CaseStatus::PreparingReply);
    let c = s
        .record_complaint_step(
            id,
            &step(
                ComplaintStep::Reply,
                "2027-01-18",
                "見本 管理者",
                "経緯と改善策を書面で回答",
            ),
            today,
        )
        .unwrap();
    assert_eq!(c.summary.status, CaseStatus::Completed);
    assert_eq!(c.next_step, None);
    assert!(c
        .steps
        .iter()
        .all(|s| s.done_on.is_some() && !s.person.is_empty()));
    assert_eq!(c.steps[3].done_on.as_deref(), Some("2027-01-18"));
    // A correction keeps the order of the days.
    let e = s
        .record_complaint_step(
            id,
            &step(
                ComplaintStep::Investigation,
                "2027-01-17",
                "見本 管理者",
                "",
            ),
            today,
        )
        .unwrap_err();
    assert!(e.message().contains("次の段階"), "{}", e.message());

    // Not in the request register; in the complaints list and the report.
    let page = s
        .list_cases(&CaseQuery {
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(s.complaints(false).unwrap().len(), 1);
    assert!(s.complaints(true).unwrap().is_empty());
    let r = s
        .report(Period {
            year: 2027,
            month: Some(1),
        })
        .unwrap();
    assert_eq!((r.received, r.complaints, r.complaints_closed), (0, 1, 1));
    assert_eq!(r.complaints_by_category[0].count, 1);
    let actions: Vec<String> = s
        .audit_entries(3)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.iter().all(|a| a == "complaint.step_recorded"),
        "{actions:?}"
    );

    // Retention: the linked request's profile (3 years from the inquiry).
    let info = s.case_retention(id).unwrap();
    assert_eq!(info.disposable_from.as_deref(), Some("2030-01-13"));
    let q = s.disposal_queue(d("2030-01-13")).unwrap();
    let item = q.due.iter().find(|i| i.case_id == id).unwrap();
    assert!(item.complaint);
    s.approve_disposals(&[(id, DisposalScope::Case)], d("2030-01-13"))
        .unwrap();
    let run = s.perform_disposals(d("2030-01-13")).unwrap();
    assert!(run.done[0].complaint);
    assert!(s.complaint(id).is_err());
    assert!(s.complaints(false).unwrap().is_empty());
}
