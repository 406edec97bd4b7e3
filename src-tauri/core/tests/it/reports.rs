//! The report's figures against a hand-computed fixture set (S4's profile:
//! 30 calendar days, 300円 for 開示):
//!
//! | case | received   | channel | kinds        | fee                          | decisions              | replied    | days | due        |
//! |------|------------|---------|--------------|------------------------------|------------------------|------------|------|------------|
//! | c1   | 2026-11-02 | 郵送     | 開示          | 切手 300 on 11-05, 100 back 11-06 | 全部開示               | 2026-11-20 | 18   | 2026-12-02 in time |
//! | c2   | 2026-10-10 | メール   | 開示・利用目的 | 為替 300 on 10-12            | 一部開示 (33条2項2号), 通知 | 2026-11-19 | 40   | 2026-11-09 late |
//! | c3   | 2026-12-01 | 電話     | 訂正          | —                            | 実施                   | 2026-12-02 | 1    | 2026-12-31 in time |
//! | c4   | 2026-12-02 | 郵送     | 削除          | —                            | —                      | —          |      |            |
//! | c5   | 2025-12-20 | メール   | 開示          | —                            | —                      | —          |      |            |
//!
//! 2026: 4 received; 開示 2, 利用目的 1, 訂正 1, 削除 1; 郵送 2, メール 1, 電話 1;
//! replied 3, days [1, 18, 40]: median 18, p90 40 (rank ⌈2.7⌉ = 3); due known
//! for 3, in time 2: 66.7%; fees: 切手 1 payment, 200円 net; 為替 1, 300円;
//! total 500円; refusals: 33条2項2号 ×1. November: 1 received (c1), median
//! 18; fees 200円 (the 為替 came in October).

use crate::common::*;
use madoguchi_core::case::model::PaymentDirection;
use madoguchi_core::case::model::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::output::reports::Period;
use madoguchi_core::policy::law::*;
use madoguchi_core::policy::FeeMethod;
use madoguchi_core::procedure::fees::{PaymentInput, StampLine};
use madoguchi_core::store::Store;

fn new_case(
    s: &mut Store,
    policy: i64,
    received: &str,
    channel: Channel,
    kinds: &[RequestKind],
) -> i64 {
    let mut input = CaseInput::blank(channel, d(received));
    input.requester.name = "見本 花子".into();
    input.kinds = kinds.to_vec();
    input.policy_id = Some(policy);
    s.create_case(&input, None, &[], d(received))
        .unwrap()
        .case
        .id
}

fn count(list: &[madoguchi_core::output::reports::Count], code: &str) -> i64 {
    list.iter().find(|c| c.code == code).map_or(0, |c| c.count)
}

#[test]
fn figures_match_the_hand_computed_fixture() {
    let (fx, mut s) = Fixture::new();
    let policy = seed_policy(&mut s, "s4-phone-email-300yen.json");

    let c1 = new_case(
        &mut s,
        policy,
        "2026-11-02",
        Channel::Post,
        &[RequestKind::Disclosure],
    );
    s.record_payment(
        c1,
        &PaymentInput {
            method: FeeMethod::Stamps,
            received_on: "2026-11-05".into(),
            amount_yen: 300,
            stamps: vec![StampLine {
                face_yen: 100,
                count: 3,
            }],
            ..Default::default()
        },
        d("2026-11-05"),
    )
    .unwrap();
    s.record_payment(
        c1,
        &PaymentInput {
            direction: PaymentDirection::Refund,
            method: FeeMethod::Stamps,
            received_on: "2026-11-06".into(),
            amount_yen: 100,
            stamps: vec![StampLine {
                face_yen: 100,
                count: 1,
            }],
            note: "過払い分を返却（見本）".into(),
            ..Default::default()
        },
        d("2026-11-06"),
    )
    .unwrap();
    s.set_case_status(c1, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        &mut s,
        c1,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        "見本の内容",
    );
    s.set_case_status(c1, CaseStatus::PreparingReply, "")
        .unwrap();
    s.set_case_status_on(c1, CaseStatus::Sent, "", Some(d("2026-11-20")))
        .unwrap();

    let c2 = new_case(
        &mut s,
        policy,
        "2026-10-10",
        Channel::Email,
        &[RequestKind::Disclosure, RequestKind::PurposeNotice],
    );
    s.record_payment(
        c2,
        &PaymentInput {
            method: FeeMethod::MoneyOrder,
            received_on: "2026-10-12".into(),
            amount_yen: 300,
            money_order_count: 1,
            money_order_face_yen: 300,
            money_order_issued_on: "2026-10-01".into(),
            ..Default::default()
        },
        d("2026-10-12"),
    )
    .unwrap();
    s.set_case_status(c2, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        &mut s,
        c2,
        RequestKind::Disclosure,
        Outcome::PartialDisclosure,
        Some(LegalGround::Appi33_2_2),
        "業務に著しい支障があるため（見本）",
        "見本の内容",
    );
    decide(
        &mut s,
        c2,
        RequestKind::PurposeNotice,
        Outcome::Notified,
        None,
        "",
        "見本の内容",
    );
    s.set_case_status(c2, CaseStatus::AwaitingApproval, "")
        .unwrap();
    let mut s = second_admin(&fx, s);
    s.review_decisions(c2, true, "妥当（見本）").unwrap();
    if s.case(c2).unwrap().status == CaseStatus::AwaitingApproval {
        s.set_case_status(c2, CaseStatus::PreparingReply, "")
            .unwrap();
    }
    s.set_case_status_on(c2, CaseStatus::Sent, "", Some(d("2026-11-19")))
        .unwrap();

    let c3 = new_case(
        &mut s,
        policy,
        "2026-12-01",
        Channel::Phone,
        &[RequestKind::Correction],
    );
    s.set_case_status(c3, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        &mut s,
        c3,
        RequestKind::Correction,
        Outcome::Done,
        None,
        "",
        "見本の内容",
    );
    s.set_case_status(c3, CaseStatus::PreparingReply, "")
        .unwrap();
    s.set_case_status_on(c3, CaseStatus::Sent, "", Some(d("2026-12-02")))
        .unwrap();

    new_case(
        &mut s,
        policy,
        "2026-12-02",
        Channel::Post,
        &[RequestKind::Deletion],
    );
    new_case(
        &mut s,
        policy,
        "2025-12-20",
        Channel::Email,
        &[RequestKind::Disclosure],
    );

    // A date before the receipt is refused and changes nothing.
    let e = s
        .set_case_status_on(c3, CaseStatus::Completed, "", Some(d("2026-11-30")))
        .unwrap_err();
    assert!(e.message().contains("受付日より前"), "{}", e.message());
    assert_eq!(s.case(c3).unwrap().status, CaseStatus::Sent);

    let r = s
        .report(Period {
            year: 2026,
            month: None,
        })
        .unwrap();
    assert_eq!(
        (r.label.as_str(), r.from.as_str(), r.to.as_str()),
        ("2026年", "2026-01-01", "2026-12-31")
    );
    assert_eq!(r.received, 4);
    assert_eq!(
        [
            count(&r.by_kind, "disclosure"),
            count(&r.by_kind, "purpose_notice"),
            count(&r.by_kind, "correction"),
            count(&r.by_kind, "deletion"),
            count(&r.by_kind, "suspension")
        ],
        [2, 1, 1, 1, 0]
    );
    assert_eq!(
        [
            count(&r.by_channel, "post"),
            count(&r.by_channel, "email"),
            count(&r.by_channel, "phone"),
            count(&r.by_channel, "form")
        ],
        [2, 1, 1, 0]
    );
    assert_eq!(
        [
            count(&r.by_outcome, "full_disclosure"),
            count(&r.by_outcome, "partial_disclosure"),
            count(&r.by_outcome, "notified"),
            count(&r.by_outcome, "done")
        ],
        [1, 1, 1, 1]
    );
    assert_eq!(
        [count(&r.by_status, "sent"), count(&r.by_status, "received")],
        [3, 1]
    );
    assert_eq!(r.replied, 3);
    assert_eq!(r.median_days, Some(18.0));
    assert_eq!(r.p90_days, Some(40));
    assert_eq!(
        (r.with_due, r.within_due, r.within_due_percent),
        (3, 2, Some(66.7))
    );
    let fee = |code: &str| {
        r.fees
            .iter()
            .find(|f| f.code == code)
            .map(|f| (f.count, f.net_yen))
            .unwrap()
    };
    assert_eq!(fee("stamps"), (1, 200));
    assert_eq!(fee("money_order"), (1, 300));
    assert_eq!(fee("bank_transfer"), (0, 0));
    assert_eq!(r.fees_total_yen, 500);
    assert_eq!(r.refusals_by_ground.len(), 1);
    assert_eq!(
        (
            r.refusals_by_ground[0].code.as_str(),
            r.refusals_by_ground[0].count
        ),
        ("appi_33_2_2", 1)
    );

    let nov = s
        .report(Period {
            year: 2026,
            month: Some(11),
        })
        .unwrap();
    assert_eq!(
        (
            nov.label.as_str(),
            nov.received,
            nov.replied,
            nov.median_days
        ),
        ("2026年11月", 1, 1, Some(18.0))
    );
    assert_eq!(nov.fees_total_yen, 200);
    let y2025 = s
        .report(Period {
            year: 2025,
            month: None,
        })
        .unwrap();
    assert_eq!(
        (
            y2025.received,
            y2025.replied,
            y2025.median_days,
            y2025.within_due_percent
        ),
        (1, 0, None, None)
    );

    // The printable report: the figures in its text, no personal data, pages drawn.
    let pdf = s
        .report_pdf(
            Period {
                year: 2026,
                month: None,
            },
            d("2026-12-03"),
        )
        .unwrap();
    if let Some(text) = pdf_text(&pdf) {
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for phrase in [
            "個人情報の開示等の請求への対応状況（2026年）",
            "受付件数4件",
            "回答日数の中央値18日",
            "回答日数の90パーセンタイル40日",
            "期限内回答率66.7%（3件中2件）",
            "手数料（受領額−返金額）500円",
            "開示2件",
            "郵便切手1件200円",
            "令和8年12月3日",
        ] {
            assert!(flat.contains(phrase), "「{phrase}」 not in:\n{text}");
        }
        assert!(
            !flat.contains("見本花子"),
            "the report holds no personal data"
        );
    }
    if let Some(dir) = std::env::var_os("MADOGUCHI_LETTERS_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("report-2026.pdf"), &pdf).unwrap();
    }

    // Exports: CSV without personal data for anyone; with it for a 管理者 only.
    use madoguchi_core::output::report_export::ExportFormat;
    let (csv, rows) = s
        .report_export(
            Period {
                year: 2026,
                month: None,
            },
            ExportFormat::Csv,
            false,
        )
        .unwrap();
    assert_eq!(rows, 4);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("\u{feff}\"受付番号\",\"受付日\""), "{csv}");
    assert!(
        csv.contains("\"利用目的の通知・開示\"") && csv.contains("\"×\"") && csv.contains("\"40\""),
        "{csv}"
    );
    assert!(!csv.contains("見本 花子") && !csv.contains("氏名"), "{csv}");
    let (csv, _) = s
        .report_export(
            Period {
                year: 2026,
                month: None,
            },
            ExportFormat::Csv,
            true,
        )
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("\"氏名\"") && csv.contains("\"見本 花子\""),
        "{csv}"
    );
    let (xlsx, _) = s
        .report_export(
            Period {
                year: 2026,
                month: None,
            },
            ExportFormat::Xlsx,
            false,
        )
        .unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip");
    assert!(xlsx.len() > 4000);
    s.record_report_export(
        Period {
            year: 2026,
            month: None,
        },
        ExportFormat::Xlsx,
        false,
        4,
    )
    .unwrap();
    let last = &s.audit_entries(1).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.detail.as_str()),
        (
            "report.exported",
            "period=2026年;format=xlsx;personal=0;rows=4"
        )
    );

    // Bad periods are refused in Japanese.
    let e = s
        .report(Period {
            year: 2026,
            month: Some(13),
        })
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "month");
}
