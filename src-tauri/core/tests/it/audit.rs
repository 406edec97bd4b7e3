//! The audit viewer's filters against a real store: by person, period, case
//! (also after the case is disposed of) and action; the filtered CSV export
//! is itself audited; an officer may not browse the log; bad filters are
//! refused in Japanese.

use crate::common::*;
use madoguchi_core::case::model::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::kernel::secret::Password;
use madoguchi_core::policy::law::*;
use madoguchi_core::store::audit::AuditFilter;
use madoguchi_core::store::users::{NewUser, Role};

#[test]
fn filters_by_person_period_case_and_action() {
    let (fx, mut s) = Fixture::new();
    let officer = s
        .add_user(&NewUser {
            username: "tanto".into(),
            display_name: "見本 担当".into(),
            role: Role::Officer,
            password: Password::new("tanto-pass-2026"),
        })
        .unwrap();
    let mut input = CaseInput::blank(Channel::Post, d("2026-12-01"));
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Disclosure];
    let first = s
        .create_case(&input, None, &[], d("2026-12-01"))
        .unwrap()
        .case;
    s.lock(false).unwrap();
    let mut o = fx.unlock("tanto", "tanto-pass-2026").unwrap();
    let second = o
        .create_case(&input, None, &[], d("2026-12-01"))
        .unwrap()
        .case;
    o.set_case_status(second.id, CaseStatus::Verifying, "")
        .unwrap();
    assert_eq!(
        o.search_audit(&AuditFilter::default()).unwrap_err().code(),
        ErrorCode::PermissionDenied
    );
    o.lock(false).unwrap();
    let mut s = fx.unlock(ADMIN, ADMIN_PW).unwrap();

    let all = s.search_audit(&AuditFilter::default()).unwrap();
    assert!(all.total >= 8, "{}", all.total);
    assert!(
        all.rows.windows(2).all(|w| w[0].seq > w[1].seq),
        "newest first"
    );

    let by_officer = s
        .search_audit(&AuditFilter {
            actor_id: Some(officer.id),
            ..Default::default()
        })
        .unwrap();
    assert!(by_officer.rows.iter().all(|r| r.actor == "見本 担当"));
    assert!(by_officer
        .rows
        .iter()
        .any(|r| r.action == "case.status_changed"));

    let case = s
        .search_audit(&AuditFilter {
            receipt_no: second.receipt_no.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(case.total, 2, "{:?}", case.rows);
    assert!(case
        .rows
        .iter()
        .all(|r| r.target == format!("案件 {}", second.receipt_no)));
    // Full-width input is normalised.
    let wide: String = second
        .receipt_no
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect();
    assert_eq!(
        s.search_audit(&AuditFilter {
            receipt_no: wide,
            ..Default::default()
        })
        .unwrap()
        .total,
        2
    );

    let created = s
        .search_audit(&AuditFilter {
            action: "case.created".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(created.total, 2);
    assert_eq!(created.rows[0].action_label, "案件登録");
    let group = s
        .search_audit(&AuditFilter {
            action: "case".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(group.total, 3, "case.created ×2 and case.status_changed");

    let today = madoguchi_core::kernel::clock::today();
    let tomorrow = today.succ_opt().unwrap().to_string();
    let yesterday = today.pred_opt().unwrap().to_string();
    assert_eq!(
        s.search_audit(&AuditFilter {
            from: today.to_string(),
            to: today.to_string(),
            ..Default::default()
        })
        .unwrap()
        .total,
        all.total
    );
    assert_eq!(
        s.search_audit(&AuditFilter {
            from: tomorrow.clone(),
            ..Default::default()
        })
        .unwrap()
        .total,
        0
    );
    assert_eq!(
        s.search_audit(&AuditFilter {
            to: yesterday,
            ..Default::default()
        })
        .unwrap()
        .total,
        0
    );
    let page = s
        .search_audit(&AuditFilter {
            limit: 2,
            offset: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.rows.len(), 2);
    assert_eq!(page.rows[0].seq, all.rows[1].seq);

    // Bad filters are refused and say which field.
    let e = s
        .search_audit(&AuditFilter {
            from: "12月1日".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "from");
    let e = s
        .search_audit(&AuditFilter {
            from: tomorrow,
            to: today.to_string(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(
        e.message().contains("終了日は開始日以降"),
        "{}",
        e.message()
    );
    let e = s
        .search_audit(&AuditFilter {
            receipt_no: "2099-9999".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.message().contains("受付番号"), "{}", e.message());

    // The filtered CSV: BOM, header, only the case's entries; the export is audited.
    let before = s.search_audit(&AuditFilter::default()).unwrap().total;
    let mut csv = Vec::new();
    let n = s
        .export_audit_csv(
            &AuditFilter {
                receipt_no: first.receipt_no.clone(),
                ..Default::default()
            },
            &mut csv,
        )
        .unwrap();
    assert_eq!(n, 1);
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("\u{feff}連番,"));
    assert!(text.contains(&first.receipt_no) && text.contains("案件登録"));
    assert!(
        !text.contains("見本 花子"),
        "the log holds no personal data"
    );
    let after = s.search_audit(&AuditFilter::default()).unwrap();
    assert_eq!(after.total, before + 1);
    assert_eq!(after.rows[0].action, "audit.exported");
}
