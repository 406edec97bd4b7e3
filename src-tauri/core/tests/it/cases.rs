//! The case register: intake (post and email), receipt numbers, validation,
//! search, filters, timeline, status, encrypted files.

use crate::common::*;
use madoguchi_core::case::attachments::*;
use madoguchi_core::case::model::*;
use madoguchi_core::case::register::*;
use madoguchi_core::case::timeline::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::intake::mail;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::policy::law::*;
use madoguchi_core::store::error::StoreError;

fn postal(name: &str, kana: &str, received: &str) -> CaseInput {
    let mut i = CaseInput::blank(Channel::Post, d(received));
    i.received_on = received.into();
    i.requester.name = name.into();
    i.requester.kana = kana.into();
    i.requester.postal_code = "100-0001".into();
    i.requester.address = "東京都千代田区見本町1-1".into();
    i.requester.phone = "090-1234-5678".into();
    i.kinds = vec![RequestKind::Disclosure];
    i
}

#[test]
fn receipt_numbers_are_gapless_per_year_and_bad_input_uses_none() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2027-01-10");
    let a = s
        .create_case(
            &postal("見本 花子", "ミホン ハナコ", "2026-12-01"),
            None,
            &[],
            today,
        )
        .unwrap();
    let mut bad = postal("見本 太郎", "", "2026-12-02");
    bad.requester.postal_code = "12345".into();
    assert_eq!(
        s.create_case(&bad, None, &[], today).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    let b = s
        .create_case(&postal("見本 太郎", "", "2026-12-02"), None, &[], today)
        .unwrap();
    let c = s
        .create_case(&postal("見本 次郎", "", "2027-01-05"), None, &[], today)
        .unwrap();
    assert_eq!(a.case.receipt_no, "2026-0001");
    assert_eq!(
        b.case.receipt_no, "2026-0002",
        "the refused input took no number"
    );
    assert_eq!(c.case.receipt_no, "2027-0001");
    assert_eq!(a.events[0].event.kind(), "created");
    let actions: Vec<_> = s
        .audit_entries(1)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["case.created"]);
}

#[test]
fn the_receipt_number_format_is_a_setting() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2027-01-10");
    let mut settings = s.settings().unwrap();
    settings.receipt_format = "{NNNN}".into();
    let err = s.update_settings(settings.clone()).unwrap_err();
    assert!(err.message().contains("年"), "{}", err.message());
    assert_eq!(
        s.settings().unwrap().receipt_format,
        "{YYYY}-{NNNN}",
        "nothing changed"
    );

    settings.receipt_format = " 開示{R}-{NNN} ".into();
    s.update_settings(settings.clone()).unwrap();
    let a = s
        .create_case(&postal("見本 花子", "", "2026-12-01"), None, &[], today)
        .unwrap();
    assert_eq!(a.case.receipt_no, "開示R8-001");
    let b = s
        .create_case(&postal("見本 太郎", "", "2027-01-05"), None, &[], today)
        .unwrap();
    assert_eq!(b.case.receipt_no, "開示R9-001");

    // A format changed so that it repeats an earlier number is caught at the
    // next case, which is not saved and takes no number.
    settings.receipt_format = "{YYYY}-{N}3".into();
    s.update_settings(settings.clone()).unwrap();
    let c = s
        .create_case(&postal("見本 次郎", "", "2026-12-03"), None, &[], today)
        .unwrap();
    assert_eq!(c.case.receipt_no, "2026-23"); // the 2nd of 2026
    settings.receipt_format = "{YYYY}-2{N}".into();
    s.update_settings(settings.clone()).unwrap();
    let before = s.list_cases(&CaseQuery::default()).unwrap().total;
    let err = s
        .create_case(&postal("見本 三郎", "", "2026-12-04"), None, &[], today)
        .unwrap_err();
    assert!(
        err.message().contains("「2026-23」は既に使われています"),
        "{}",
        err.message()
    );
    assert_eq!(s.list_cases(&CaseQuery::default()).unwrap().total, before);
    settings.receipt_format = "{YYYY}-{NNNN}".into();
    s.update_settings(settings).unwrap();
    let e = s
        .create_case(&postal("見本 三郎", "", "2026-12-04"), None, &[], today)
        .unwrap();
    assert_eq!(
        e.case.receipt_no, "2026-0003",
        "the refused case took no number"
    );
}

#[test]
fn future_dates_and_missing_kinds_are_refused_at_their_fields() {
    let (_fx, mut s) = Fixture::new();
    let mut i = postal("見本 花子", "", "2026-12-11");
    i.kinds.clear();
    let err = s.create_case(&i, None, &[], d("2026-12-10")).unwrap_err();
    let StoreError::Invalid(f) = &err else {
        panic!()
    };
    assert_eq!(
        f.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["receivedOn", "kinds"]
    );
    assert_eq!(
        s.list_cases(&CaseQuery {
            page_size: 50,
            ..Default::default()
        })
        .unwrap()
        .total,
        0
    );
}

#[test]
fn search_finds_by_kana_width_phone_and_receipt_no() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    s.create_case(
        &postal("髙橋 花子", "タカハシ ハナコ", "2026-12-01"),
        None,
        &[],
        today,
    )
    .unwrap();
    let mut other = postal("見本 太郎", "ミホン タロウ", "2026-12-02");
    other.requester.email = "taro@example.jp".into();
    other.requester.phone = "03-9999-0000".into();
    s.create_case(&other, None, &[], today).unwrap();
    let find = |q: &str| -> Vec<String> {
        s.list_cases(&CaseQuery {
            search: q.into(),
            page_size: 50,
            ..Default::default()
        })
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.requester_name)
        .collect()
    };
    assert_eq!(find("髙橋"), ["髙橋 花子"]);
    assert_eq!(find("たかはし"), ["髙橋 花子"]);
    assert_eq!(find("ﾀｶﾊｼ"), ["髙橋 花子"]);
    assert_eq!(find("タカハシ　ハナコ"), ["髙橋 花子"]);
    assert_eq!(find("０３９９９９"), ["見本 太郎"]);
    assert_eq!(find("03-9999-0000"), ["見本 太郎"]);
    assert_eq!(find("TARO@EXAMPLE"), ["見本 太郎"]);
    assert_eq!(find("2026-0002"), ["見本 太郎"]);
    assert!(find("存在しない").is_empty());
    // Percent and underscore are ordinary characters, not wildcards.
    assert!(find("%").is_empty() && find("_").is_empty());
    // FTS syntax in the query is text, not syntax.
    assert!(find("\"見本\" OR x").is_empty() && find("a\"b*").is_empty());
    assert_eq!(find("はなこ"), ["髙橋 花子"]);
}

/// 異体字 both ways (issue 16, point 8): a name written with one form is
/// found by the other, in long (trigram) and short (name key) searches, and
/// the register shows the name as it was written.
#[test]
fn search_finds_variant_kanji_both_ways() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    let names = ["髙橋 一郎", "山崎 二郎", "齋藤 三郎", "渡邉 四郎", "濵田 五郎", "德永 六郎", "櫻井 七郎", "斉藤 八郎"];
    for (i, n) in names.iter().enumerate() {
        s.create_case(&postal(n, "", &format!("2026-12-{:02}", i + 1)), None, &[], today).unwrap();
    }
    let find = |q: &str| -> Vec<String> {
        let mut found: Vec<String> = s
            .list_cases(&CaseQuery { search: q.into(), page_size: 50, ..Default::default() })
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.requester_name)
            .collect();
        found.sort();
        found
    };
    assert_eq!(find("高橋"), ["髙橋 一郎"]);
    assert_eq!(find("髙橋一郎"), ["髙橋 一郎"]);
    assert_eq!(find("山﨑"), ["山崎 二郎"]);
    assert_eq!(find("山﨑 二郎"), ["山崎 二郎"]);
    // 齋/齊/斎/斉: every form finds both 齋藤 and 斉藤.
    for q in ["斎藤", "齊藤", "齋藤", "斉藤"] {
        assert_eq!(find(q), ["斉藤 八郎", "齋藤 三郎"], "{q}");
    }
    for q in ["渡辺", "渡邊", "渡邉"] {
        assert_eq!(find(q), ["渡邉 四郎"], "{q}");
    }
    assert_eq!(find("浜田"), ["濵田 五郎"]);
    assert_eq!(find("濱田五郎"), ["濵田 五郎"]);
    assert_eq!(find("徳永"), ["德永 六郎"]);
    assert_eq!(find("桜井"), ["櫻井 七郎"]);
    // Distinct characters stay distinct.
    assert!(find("埼").is_empty());
    assert!(find("高田").is_empty());
}

/// A store indexed by an older `search_key` (no 異体字 folds) is re-indexed
/// once when it is opened; the names stay as written.
#[test]
fn an_old_search_index_is_rebuilt_on_open() {
    let (fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    s.create_case(&postal("髙橋 花子", "", "2026-12-01"), None, &[], today).unwrap();
    // What an earlier version wrote: the name's key without folds.
    s.raw_connection_for_tests()
        .execute_batch(
            "UPDATE case_search SET text = '髙橋花子'; UPDATE case_names SET key = '髙橋花子';
             UPDATE meta SET value = '1' WHERE key = 'search_keys';",
        )
        .unwrap();
    assert!(s.list_cases(&CaseQuery { search: "高橋".into(), page_size: 50, ..Default::default() }).unwrap().items.is_empty());
    s.lock(false).unwrap();
    let s = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    let found = s
        .list_cases(&CaseQuery { search: "高橋".into(), page_size: 50, ..Default::default() })
        .unwrap()
        .items;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].requester_name, "髙橋 花子");
}

#[test]
fn filters_sort_and_paging() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    for day in 1..=12 {
        let mut i = postal(&format!("見本 {day}"), "", &format!("2026-12-{day:02}"));
        if day % 3 == 0 {
            i.kinds = vec![RequestKind::Correction];
            i.channel = Channel::Email;
        }
        i.specific_personal_info = day == 5;
        s.create_case(&i, None, &[], today).unwrap();
    }
    let page = s
        .list_cases(&CaseQuery {
            page_size: 5,
            page: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 12);
    assert_eq!(
        page.items
            .iter()
            .map(|c| c.received_on.as_str())
            .collect::<Vec<_>>(),
        [
            "2026-12-07",
            "2026-12-06",
            "2026-12-05",
            "2026-12-04",
            "2026-12-03"
        ]
    );
    let corr = s
        .list_cases(&CaseQuery {
            kinds: vec![RequestKind::Correction],
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(corr.total, 4);
    let mail = s
        .list_cases(&CaseQuery {
            channels: vec![Channel::Email],
            sort: CaseSort::ReceivedAsc,
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(mail.items[0].received_on, "2026-12-03");
    let sp = s
        .list_cases(&CaseQuery {
            specific_personal_info: Some(true),
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(sp.total, 1);
    let first = s
        .list_cases(&CaseQuery {
            sort: CaseSort::ReceiptNoAsc,
            page_size: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(first.items[0].receipt_no, "2026-0001");

    // The counts kept by triggers follow edits and status changes: every
    // filter's total equals the number of cases its pages list.
    let corr_id = corr.items[0].id;
    let mut edited = s.case_detail(corr_id).unwrap().case.input;
    edited.kinds = vec![RequestKind::Disclosure, RequestKind::Deletion];
    edited.specific_personal_info = true;
    s.update_case(corr_id, &edited, today).unwrap();
    s.set_case_status(first.items[0].id, CaseStatus::Withdrawn, "本人より取下げ")
        .unwrap();
    let queries = [
        CaseQuery::default(),
        CaseQuery {
            kinds: vec![RequestKind::Correction],
            ..Default::default()
        },
        CaseQuery {
            kinds: vec![RequestKind::Deletion, RequestKind::Correction],
            ..Default::default()
        },
        CaseQuery {
            statuses: vec![CaseStatus::Received],
            ..Default::default()
        },
        CaseQuery {
            statuses: vec![CaseStatus::Withdrawn],
            channels: vec![Channel::Post],
            ..Default::default()
        },
        CaseQuery {
            specific_personal_info: Some(true),
            ..Default::default()
        },
        CaseQuery {
            specific_personal_info: Some(false),
            channels: vec![Channel::Email],
            ..Default::default()
        },
    ];
    let expected = [12, 3, 4, 11, 1, 2, 3];
    for (q, want) in queries.into_iter().zip(expected) {
        let all = s
            .list_cases(&CaseQuery {
                page_size: 500,
                ..q.clone()
            })
            .unwrap();
        assert_eq!((all.total, all.items.len() as i64), (want, want), "{q:?}");
    }
}

#[test]
fn edits_are_on_the_timeline_and_status_needs_a_reason() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    let c = s
        .create_case(&postal("見本 花子", "", "2026-12-01"), None, &[], today)
        .unwrap();
    let mut edit = c.case.input.clone();
    edit.requester.address = "大阪府見本市2-2".into();
    edit.kinds.push(RequestKind::Deletion);
    let after = s.update_case(c.case.id, &edit, today).unwrap();
    let last = after.events.last().unwrap();
    assert_eq!(last.event.kind(), "edited");
    assert_eq!(event_summary(last), "修正: 住所、請求の種類");
    let audit = &s.audit_entries(1).unwrap()[0];
    assert_eq!(audit.action, "case.edited");
    assert!(
        !audit.detail.contains("大阪"),
        "values stay out of the audit log"
    );

    assert_eq!(
        s.set_case_status(c.case.id, CaseStatus::Mistaken, "  ")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    let marked = s
        .set_case_status(c.case.id, CaseStatus::Mistaken, "二重登録のため")
        .unwrap();
    assert_eq!(marked.case.status, CaseStatus::Mistaken);
    assert!(event_summary(marked.events.last().unwrap()).contains("受付 → 誤登録"));
    assert_eq!(
        s.set_case_status(c.case.id, CaseStatus::Withdrawn, "x")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    // Still in the register, never deleted.
    assert_eq!(
        s.list_cases(&CaseQuery {
            page_size: 50,
            ..Default::default()
        })
        .unwrap()
        .total,
        1
    );
}

#[test]
fn possible_duplicates_match_email_name_or_kana_of_open_cases() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    let mut a = postal("見本 花子", "ミホン ハナコ", "2026-12-01");
    a.requester.email = "hanako@example.jp".into();
    s.create_case(&a, None, &[], today).unwrap();
    let mut probe = CaseInput::blank(Channel::Email, today);
    probe.requester.email = "HANAKO@example.jp".into();
    assert_eq!(s.possible_duplicates(&probe, None).unwrap().len(), 1);
    let mut probe = CaseInput::blank(Channel::Email, today);
    probe.requester.kana = "みほん　はなこ".into();
    assert_eq!(s.possible_duplicates(&probe, None).unwrap().len(), 1);
    let mut probe = CaseInput::blank(Channel::Email, today);
    probe.requester.name = "別人 一郎".into();
    assert!(s.possible_duplicates(&probe, None).unwrap().is_empty());
}

#[test]
fn scans_are_stored_encrypted_and_checked_by_content() {
    let (fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    let scans = fixtures().join("scans");
    let jpeg = std::fs::read(scans.join("license-front.jpg")).unwrap();
    let pdf = std::fs::read(scans.join("postal-request-letter.pdf")).unwrap();
    let c = s
        .create_case(
            &postal("見本 花子", "", "2026-12-01"),
            None,
            &[
                IncomingFile::new("免許証.jpg", jpeg.clone()),
                IncomingFile::new("請求書.pdf", pdf.clone()),
            ],
            today,
        )
        .unwrap();
    assert_eq!(
        c.attachments.iter().map(|a| a.kind).collect::<Vec<_>>(),
        [
            madoguchi_core::intake::content::FileKind::Jpeg,
            madoguchi_core::intake::content::FileKind::Pdf
        ]
    );
    let (_, back) = s.attachment_bytes(c.attachments[0].id).unwrap();
    assert_eq!(&back[..], &jpeg[..]);
    assert_eq!(s.audit_entries(1).unwrap()[0].action, "attachment.viewed");
    // On disk, nothing looks like the JPEG or the PDF.
    for e in std::fs::read_dir(fx.dir.root().join("files")).unwrap() {
        let raw = std::fs::read(e.unwrap().path()).unwrap();
        assert!(!raw.windows(4).any(|w| w == b"%PDF") && !raw.starts_with(&[0xFF, 0xD8, 0xFF]));
    }
    // A text file named .jpg is refused, and nothing is saved.
    let before = std::fs::read_dir(fx.dir.root().join("files"))
        .unwrap()
        .count();
    let err = s
        .add_files(
            c.case.id,
            &[IncomingFile::new("x.jpg", b"not an image at all".to_vec())],
        )
        .unwrap_err();
    assert!(
        err.message().contains("テキストは保存できません")
            && err.message().contains("JPEG・PNG・PDF"),
        "{}",
        err.message()
    );
    assert_eq!(
        std::fs::read_dir(fx.dir.root().join("files"))
            .unwrap()
            .count(),
        before
    );
}

#[test]
fn every_fixture_mail_imports_into_a_case() {
    let (fx, mut s) = Fixture::new();
    let today = d("2026-12-31");
    let mut names = Vec::new();
    for e in std::fs::read_dir(fixtures().join("mail")).unwrap() {
        let path = e.unwrap().path();
        let eml = std::fs::read(&path).unwrap();
        let parsed = mail::parse_eml(&eml).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let mut input = CaseInput::from_mail(&parsed, today);
        if input.requester.name.is_empty() {
            input.requester.name = "（差出人不明）".into();
        }
        if input.kinds.is_empty() {
            input.kinds = vec![RequestKind::Other];
        }
        let file_name = path.file_name().unwrap().to_string_lossy().to_string();
        let c = s
            .create_case(
                &input,
                Some(&IncomingMail::new(file_name.clone(), eml, parsed.clone())),
                &[],
                today,
            )
            .unwrap();
        // The mail, and each attachment the desk can keep as a document; a
        // program under a picture's name (fake-image-attachment.eml) stays
        // inside the kept mail only.
        let documents: Vec<&str> = parsed
            .attachments
            .iter()
            .filter(|a| {
                document_problem(a.detected, a.bytes.len(), FileSource::MailAttachment).is_none()
            })
            .map(|a| a.file_name.as_deref().unwrap_or_default())
            .collect();
        if file_name == "fake-image-attachment.eml" {
            assert!(documents.is_empty() && parsed.attachments.len() == 1);
        }
        assert_eq!(
            c.attachments
                .iter()
                .skip(1)
                .map(|a| a.file_name.as_str())
                .collect::<Vec<_>>(),
            documents,
            "{file_name}"
        );
        assert_eq!(c.attachments[0].origin, "eml");
        assert!(c.mail.is_some());
        names.push(input.requester.name.clone());
        if let Some(a) = &parsed.from_address {
            names.push(a.clone());
        }
    }
    assert!(names.len() >= 6);
    // The imported mail's text is searchable...
    let found = s
        .list_cases(&CaseQuery {
            search: "見本".into(),
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(found.total >= 1);
    // ...and no name or address appears in clear in any file of the data folder.
    let mut files = Vec::new();
    let mut stack = vec![fx.dir.root().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                files.push(p)
            }
        }
    }
    for f in files {
        let raw = std::fs::read(&f).unwrap();
        for n in names.iter().filter(|n| n.chars().count() >= 3) {
            assert!(
                !raw.windows(n.len()).any(|w| w == n.as_bytes()),
                "{n} in clear in {}",
                f.display()
            );
        }
    }
}

#[test]
fn the_demo_store_opens_with_synthetic_cases_and_reopens() {
    let tmp = tempfile::tempdir().unwrap();
    let real = madoguchi_core::DataDir::new(tmp.path().join("jp.madoguchi.desk"));
    let creds =
        std::sync::Arc::new(madoguchi_core::store::credential::MemoryCredentialStore::new());
    let today = d("2026-11-21");
    let demo = madoguchi_core::demo::open_demo(&real, creds.clone(), today).unwrap();
    assert!(demo.data_dir().root().ends_with("jp.madoguchi.desk-demo"));
    assert!(!real.is_initialised(), "the real store is untouched");
    let page = demo
        .list_cases(&CaseQuery {
            page_size: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        page.total, 43,
        "40 recent requests and 3 answered over a year ago"
    );
    let recent = |c: &&CaseSummary| c.received_on.as_str() >= "2026-09-22";
    assert_eq!(page.items.iter().filter(recent).count(), 40);
    assert!(page
        .items
        .iter()
        .all(|c| c.received_on.as_str() <= "2026-11-21"));
    // The three old ones were answered over a year ago: the 廃棄 page has work.
    assert_eq!(demo.disposal_queue(today).unwrap().due.len(), 3);
    assert!(demo.organisation().unwrap().name.contains("デモ"));
    demo.lock(false).unwrap();
    let again = madoguchi_core::demo::open_demo(&real, creds, today).unwrap();
    assert_eq!(
        again
            .list_cases(&CaseQuery {
                page_size: 1,
                ..Default::default()
            })
            .unwrap()
            .total,
        43
    );
}

#[test]
fn the_workflow_offers_only_valid_moves() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-10");
    let c = s
        .create_case(&postal("見本 花子", "", "2026-12-01"), None, &[], today)
        .unwrap();
    let id = c.case.id;
    assert_eq!(c.case.status, CaseStatus::Received);
    // 受付 cannot jump to 発送済.
    let e = s.set_case_status(id, CaseStatus::Sent, "").unwrap_err();
    assert!(e.message().contains("「受付」の案件は「本人確認中」「手数料待ち」「調査中」「取下げ」「誤登録」にだけ進められます"), "{}", e.message());
    s.set_case_status(id, CaseStatus::Verifying, "").unwrap();
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    // 回答準備 needs every requested kind decided.
    let e = s
        .set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap_err();
    assert!(
        e.message().contains("決定していない請求があります: 開示"),
        "{}",
        e.message()
    );
    s.record_decision(
        id,
        &madoguchi_core::procedure::decisions::DecisionInput {
            kind: RequestKind::Disclosure,
            outcome: madoguchi_core::policy::law::Outcome::FullDisclosure,
            legal_ground: None,
            reasons: String::new(),
            detail: String::new(),
            fee_count: None,
        },
    )
    .unwrap();
    for next in [
        CaseStatus::PreparingReply,
        CaseStatus::Sent,
        CaseStatus::Completed,
    ] {
        let d = s.set_case_status(id, next, "").unwrap();
        assert_eq!(d.case.status, next);
    }
    assert!(!CaseStatus::Completed.is_open());
    assert!(s
        .set_case_status(id, CaseStatus::Withdrawn, "遅すぎる取下げ")
        .unwrap_err()
        .message()
        .contains("変えられません"));
    // A completed case no longer counts as an open duplicate.
    assert!(s
        .possible_duplicates(&postal("見本 花子", "", "2026-12-05"), None)
        .unwrap()
        .is_empty());
    let events: Vec<String> = s
        .case_detail(id)
        .unwrap()
        .events
        .iter()
        .map(event_summary)
        .collect();
    assert!(
        events.iter().any(|e| e.contains("発送済 → 完了")),
        "{events:?}"
    );
    let page = s
        .list_cases(&CaseQuery {
            statuses: vec![CaseStatus::Completed],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
}
