//! Retention and disposal against a real encrypted store: S0-a (disposable
//! from 2027-12-11, not 2027-12-10; the disposal record holds no personal
//! data; nothing of the case is readable afterwards, not even with the key),
//! S4-b (3 years from the inquiry: 2029-12-02), 保全 (legal hold), the paper
//! checklist, documents kept for less time than the case, and bad inputs.

use crate::common::*;
use madoguchi_core::case::attachments::*;
use madoguchi_core::case::model::MailMethod;
use madoguchi_core::case::model::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::intake::documents::DocType;
use madoguchi_core::intake::mail;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::kernel::secret::Password;
use madoguchi_core::output::letters::MailingInput;
use madoguchi_core::policy::law::*;
use madoguchi_core::policy::FeeMethod;
use madoguchi_core::procedure::fees::PaymentInput;
use madoguchi_core::procedure::verification::OriginalInput;
use madoguchi_core::retention::DisposalScope;
use madoguchi_core::store::error::StoreError;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::Store;

const NAME: &str = "見本 花子";
const ADDRESS: &str = "東京都渋谷区見本町4-5-6 見本コーポ202";
const DETAIL: &str = "会員登録日：2024年4月1日（見本）";

/// S0-a up to the reply mailed on `replied` and the case closed: an email
/// from the registered address (the .eml and its parts kept), a scan, the
/// fee paid, 全部開示 and 削除 実施, the decision letter mailed.
fn s0a_case(s: &mut Store, replied: &str) -> (i64, String) {
    let policy = seed_policy(s, "s0-email-desk.json");
    let eml = std::fs::read(fixtures().join("mail/s0a-registered-iso2022jp.eml")).unwrap();
    let parsed = mail::parse_eml(&eml).unwrap();
    let mut input = CaseInput::from_mail(&parsed, d("2026-12-01"));
    input.requester.name = NAME.into();
    input.requester.postal_code = "150-0001".into();
    input.requester.address = ADDRESS.into();
    input.requester.registered_email = input.requester.email.clone();
    input.kinds = vec![RequestKind::Disclosure, RequestKind::Deletion];
    input.disclosure_method = DisclosureMethod::Paper;
    input.policy_id = Some(policy);
    let scan = std::fs::read(fixtures().join("scans/license-front.jpg")).unwrap();
    let c = s
        .create_case(
            &input,
            Some(&IncomingMail::new("s0a.eml".into(), eml, parsed)),
            &[IncomingFile::new("免許証.jpg", scan)],
            d("2026-12-01"),
        )
        .unwrap();
    let id = c.case.id;
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
    .unwrap();
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        s,
        id,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        DETAIL,
    );
    decide(
        s,
        id,
        RequestKind::Deletion,
        Outcome::Done,
        None,
        "",
        DETAIL,
    );
    s.set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap();
    let letter = s
        .issue_letter(id, "disclosure_decision", d(replied))
        .unwrap();
    s.record_mailing(
        letter.id,
        &MailingInput {
            sent_on: replied.into(),
            method: MailMethod::Ordinary,
            tracking_no: String::new(),
            postage_yen: 110,
            note: String::new(),
        },
        d(replied),
    )
    .unwrap();
    s.set_case_status(id, CaseStatus::Completed, "").unwrap();
    let email = s.case(id).unwrap().input.requester.email;
    assert!(!email.is_empty());
    (id, email)
}

/// Every value of every row of every table, as text.
fn all_rows(s: &Store) -> String {
    let conn = s.raw_connection_for_tests();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("[{t}]\n"));
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                        out.push_str(&String::from_utf8_lossy(b));
                        out.push('\n');
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// The decrypted bytes of every page of the database file, free pages
/// included, through SQLite's `sqlite_dbpage` (None where it is not built in).
fn all_pages(s: &Store) -> Option<Vec<u8>> {
    let conn = s.raw_connection_for_tests();
    let mut stmt = conn.prepare("SELECT data FROM sqlite_dbpage").ok()?;
    let pages: Vec<Vec<u8>> = stmt
        .query_map([], |r| r.get(0))
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    Some(pages.concat())
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn s0a_disposable_from_2027_12_11_and_nothing_readable_afterwards() {
    let (fx, mut s) = Fixture::new();
    let (id, email) = s0a_case(&mut s, "2026-12-10");
    let receipt = s.case(id).unwrap().receipt_no;

    let info = s.case_retention(id).unwrap();
    assert_eq!(info.disposable_from.as_deref(), Some("2027-12-11"));
    assert!(!info.is_default);
    assert!(
        info.rules.iter().any(|r| r.contains("回答完了から1年")),
        "{:?}",
        info.rules
    );

    // 2027-12-10: still kept (shown as coming), and cannot be approved.
    let q = s.disposal_queue(d("2027-12-10")).unwrap();
    assert!(q.due.is_empty());
    assert_eq!(q.upcoming.len(), 1);
    let before = s.audit_entries(1).unwrap();
    let e = s
        .approve_disposals(&[(id, DisposalScope::Case)], d("2027-12-10"))
        .unwrap_err();
    assert!(
        e.message().contains("まだ廃棄できません"),
        "{}",
        e.message()
    );
    assert_eq!(
        s.audit_entries(1).unwrap(),
        before,
        "a refused approval writes nothing"
    );

    // 2027-12-11: due.
    let q = s.disposal_queue(d("2027-12-11")).unwrap();
    assert_eq!(q.due.len(), 1);
    let item = &q.due[0];
    assert_eq!(
        (
            item.case_id,
            item.scope,
            item.disposable_from.as_str(),
            item.rule.as_str()
        ),
        (id, DisposalScope::Case, "2027-12-11", "回答完了から1年")
    );
    assert_eq!(item.replied_on.as_deref(), Some("2026-12-10"));
    // Performing without approval does nothing.
    let run = s.perform_disposals(d("2027-12-11")).unwrap();
    assert!(run.done.is_empty());
    assert!(s.case(id).is_ok());

    s.approve_disposals(&[(id, DisposalScope::Case)], d("2027-12-11"))
        .unwrap();
    let q = s.disposal_queue(d("2027-12-11")).unwrap();
    assert!(q.due[0].approved_by.is_some());
    let files_before = std::fs::read_dir(fx.dir.root().join("files"))
        .unwrap()
        .count();
    assert!(
        files_before >= 2,
        "the .eml and the scan are kept encrypted"
    );

    // The page scan below can fail: before the disposal it finds the case.
    let pages = all_pages(&s).expect("sqlite_dbpage is built in (see .cargo/config.toml)");
    assert!(contains(&pages, NAME) && contains(&pages, &email));

    let run = s.perform_disposals(d("2027-12-11")).unwrap();
    assert!(run.skipped.is_empty(), "{:?}", run.skipped);
    assert_eq!(run.done.len(), 1);
    let record = &run.done[0];
    assert_eq!(record.receipt_no, receipt);
    assert_eq!(record.received_on, "2026-12-01");
    assert_eq!(record.replied_on.as_deref(), Some("2026-12-10"));
    assert_eq!(record.disposable_from, "2027-12-11");
    assert_eq!(record.final_status, CaseStatus::Completed);
    assert_eq!(record.outcomes, vec!["削除：実施", "開示：全部開示"]);
    assert!(
        record.destroyed.files >= 2 && record.destroyed.mails == 1 && record.destroyed.letters == 1
    );
    assert!(record.paper.is_empty(), "an email case leaves no paper");

    // The record holds no personal data.
    let json = serde_json::to_string(&s.disposal_records(None).unwrap()).unwrap();
    for pd in [NAME, ADDRESS, email.as_str(), DETAIL, "ミホン"] {
        assert!(!json.contains(pd), "the disposal record holds {pd}");
    }

    // Nothing of the case is left: not its rows, not its files...
    assert!(matches!(s.case(id), Err(StoreError::NotFound)));
    let rows = all_rows(&s);
    for pd in [
        NAME,
        ADDRESS,
        email.as_str(),
        DETAIL,
        "ミホン ハナコ",
        "hanako",
    ] {
        assert!(!rows.contains(pd), "{pd} is still in a table:\n{rows}");
    }
    let left: Vec<_> = std::fs::read_dir(fx.dir.root().join("files"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "files left: {left:?}");
    // ...nor free pages or the WAL, read back with the key.
    let free: i64 = s
        .raw_connection_for_tests()
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0, "VACUUM left free pages");
    let wal = fx.dir.db_path().with_extension("db-wal");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the WAL still holds pages"
    );
    match all_pages(&s) {
        Some(pages) => {
            for pd in [NAME, ADDRESS, email.as_str(), DETAIL] {
                assert!(
                    !contains(&pages, pd),
                    "{pd} is readable in a page of the database"
                );
            }
        }
        None => panic!("sqlite_dbpage is not built in (see .cargo/config.toml)"),
    }
    // The disposal is audited and the chain holds.
    let actions: Vec<String> = s
        .audit_entries(5)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"case.disposed".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"disposal.approved".to_string()),
        "{actions:?}"
    );
    s.verify().unwrap();
    // And it holds after reopening the store.
    s.lock(false).unwrap();
    let s = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    // Records are filed by the day the disposal was performed.
    let year: i32 = chrono::Datelike::year(&chrono::Utc::now());
    assert_eq!(s.disposal_records(Some(year)).unwrap().len(), 1);
    assert!(s.disposal_records(Some(year + 1)).unwrap().is_empty());
}

/// S4 (phone, then ID and form by post): 開示 and 利用目的の通知, replied and closed.
fn s4_case(s: &mut Store) -> i64 {
    let policy = seed_policy(s, "s4-phone-email-300yen.json");
    let mut input = CaseInput::blank(Channel::Phone, d("2026-12-01"));
    input.requester.name = NAME.into();
    input.requester.address = ADDRESS.into();
    input.requester.phone = "03-0000-0000".into();
    input.kinds = vec![RequestKind::Disclosure, RequestKind::PurposeNotice];
    input.enclosures = vec![Enclosure::IdCopy, Enclosure::RequestForm, Enclosure::Stamps];
    input.policy_id = Some(policy);
    let id = s
        .create_case(&input, None, &[], d("2026-12-01"))
        .unwrap()
        .case
        .id;
    s.record_payment(
        id,
        &PaymentInput {
            method: FeeMethod::Stamps,
            received_on: "2026-12-10".into(),
            amount_yen: 300,
            stamps: vec![madoguchi_core::procedure::fees::StampLine {
                face_yen: 100,
                count: 3,
            }],
            ..Default::default()
        },
        d("2026-12-10"),
    )
    .unwrap();
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        s,
        id,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        DETAIL,
    );
    decide(
        s,
        id,
        RequestKind::PurposeNotice,
        Outcome::Notified,
        None,
        "",
        DETAIL,
    );
    s.set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap();
    s.set_case_status(id, CaseStatus::Sent, "").unwrap();
    s.set_case_status(id, CaseStatus::Completed, "").unwrap();
    id
}

#[test]
fn s4b_disposable_three_years_from_the_inquiry() {
    let (_fx, mut s) = Fixture::new();
    let id = s4_case(&mut s);
    let info = s.case_retention(id).unwrap();
    assert_eq!(info.disposable_from.as_deref(), Some("2029-12-02"));
    assert!(s.disposal_queue(d("2029-12-01")).unwrap().due.is_empty());
    let q = s.disposal_queue(d("2029-12-02")).unwrap();
    assert_eq!(q.due.len(), 1);
    assert_eq!(q.due[0].rule, "受付日から3年");
    // The paper the desk holds: the ID copy and the form (stamps are used up).
    assert_eq!(
        q.due[0].paper_items,
        vec![
            "本人確認書類の写し（郵送で受領）",
            "請求書・申請書（郵送で受領）"
        ]
    );
    s.approve_disposals(&[(id, DisposalScope::Case)], d("2029-12-02"))
        .unwrap();
    let run = s.perform_disposals(d("2029-12-02")).unwrap();
    let record = &run.done[0];
    assert_eq!(record.paper.len(), 2);
    assert!(record.paper.iter().all(|p| p.shredded_on.is_none()));

    // シュレッダー済: a future day and a second tick are refused.
    let item = record.paper[0].id;
    let e = s
        .mark_paper_shredded(item, "2029-12-03", d("2029-12-02"))
        .unwrap_err();
    assert!(e.message().contains("未来"), "{}", e.message());
    let e = s
        .mark_paper_shredded(item, "12月2日", d("2029-12-02"))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let r = s
        .mark_paper_shredded(item, "2029-12-02", d("2029-12-02"))
        .unwrap();
    assert_eq!(r.paper[0].shredded_on.as_deref(), Some("2029-12-02"));
    assert_eq!(r.paper[0].shredded_by.as_deref(), Some("見本 管理者"));
    let e = s
        .mark_paper_shredded(item, "2029-12-02", d("2029-12-02"))
        .unwrap_err();
    assert!(e.message().contains("すでに"), "{}", e.message());
}

#[test]
fn a_case_on_legal_hold_is_skipped_with_its_reason() {
    let (fx, mut s) = Fixture::new();
    let id = s4_case(&mut s);
    s.add_user(&NewUser {
        username: "tanto".into(),
        display_name: "見本 担当".into(),
        role: Role::Officer,
        password: Password::new("tanto-pass-2026"),
    })
    .unwrap();
    s.approve_disposals(&[(id, DisposalScope::Case)], d("2029-12-02"))
        .unwrap();

    // Bad reasons change nothing.
    let before = s.audit_entries(1).unwrap();
    assert!(s.set_legal_hold(id, "  ").is_err());
    assert!(s.set_legal_hold(id, &"紛".repeat(201)).is_err());
    assert!(s.set_legal_hold(id, "個人番号 123456789018 の件").is_err());
    assert_eq!(s.audit_entries(1).unwrap(), before);

    // An officer may put a case on hold; it takes back the approval.
    s.lock(false).unwrap();
    let mut officer = fx.unlock("tanto", "tanto-pass-2026").unwrap();
    let info = officer.set_legal_hold(id, "訴訟対応中・見本").unwrap();
    assert_eq!(info.hold.as_ref().unwrap().reason, "訴訟対応中・見本");
    assert_eq!(
        officer
            .approve_disposals(&[(id, DisposalScope::Case)], d("2029-12-02"))
            .unwrap_err()
            .code(),
        ErrorCode::PermissionDenied
    );
    assert_eq!(
        officer.release_legal_hold(id).unwrap_err().code(),
        ErrorCode::PermissionDenied
    );
    officer.lock(false).unwrap();

    let mut s = fx.unlock(ADMIN, ADMIN_PW).unwrap();
    let q = s.disposal_queue(d("2029-12-02")).unwrap();
    assert_eq!(q.due[0].hold.as_ref().unwrap().reason, "訴訟対応中・見本");
    assert!(q.due[0].approved_by.is_none());
    let e = s
        .approve_disposals(&[(id, DisposalScope::Case)], d("2029-12-02"))
        .unwrap_err();
    assert!(e.message().contains("保全中"), "{}", e.message());
    let run = s.perform_disposals(d("2029-12-02")).unwrap();
    assert!(run.done.is_empty());
    assert_eq!(run.skipped.len(), 1);
    assert!(
        run.skipped[0].reason.contains("訴訟対応中"),
        "{:?}",
        run.skipped
    );
    assert!(s.case(id).is_ok());

    // Released by a 管理者, approved again, then disposed.
    s.release_legal_hold(id).unwrap();
    assert!(s.release_legal_hold(id).is_err());
    s.approve_disposals(&[(id, DisposalScope::Case)], d("2029-12-02"))
        .unwrap();
    assert_eq!(s.perform_disposals(d("2029-12-02")).unwrap().done.len(), 1);
    // The case's 履歴 went with it; the audit log still names the hold.
    let actions: Vec<String> = s
        .audit_entries(20)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"legal_hold.set".to_string())
            && actions.contains(&"legal_hold.released".to_string())
    );
}

#[test]
fn documents_kept_for_less_time_go_first_and_the_case_later() {
    let (_fx, mut s) = Fixture::new();
    // A profile keeping request documents 1 year after the reply, the case 3 years from receipt.
    let mut v: serde_json::Value =
        serde_json::from_slice(&policy_file("s0-email-desk.json")).unwrap();
    v["policy"]["name"] = "見本 書類1年・記録3年".into();
    v["policy"]["retention"] = serde_json::json!([
        { "record": "request_documents", "years": 1, "months": 0, "after": "reply_completed" },
        { "record": "case_record", "years": 3, "months": 0, "after": "receipt" }
    ]);
    let policy = s
        .import_policy(&serde_json::to_vec(&v).unwrap(), true)
        .unwrap()
        .id;
    let (id, _) = s0a_case(&mut s, "2026-12-10");
    let mut case = s.case(id).unwrap();
    case.input.policy_id = Some(policy);
    s.update_case(id, &case.input, d("2026-12-11")).unwrap();
    s.save_original(
        id,
        None,
        &OriginalInput {
            doc_type: DocType::PowerOfAttorney,
            received_on: "2026-12-05".into(),
            issued_on: String::new(),
            returned_on: String::new(),
            return_method: String::new(),
            kept_reason: String::new(),
            note: String::new(),
        },
        d("2026-12-10"),
    )
    .unwrap();
    let info = s.case_retention(id).unwrap();
    assert_eq!(info.documents_from.as_deref(), Some("2027-12-11"));
    assert_eq!(info.disposable_from.as_deref(), Some("2029-12-02"));

    let q = s.disposal_queue(d("2027-12-11")).unwrap();
    assert_eq!(q.due.len(), 1);
    assert_eq!(q.due[0].scope, DisposalScope::Documents);
    assert_eq!(q.due[0].paper_items, vec!["委任状（原本）"]);
    s.approve_disposals(&[(id, DisposalScope::Documents)], d("2027-12-11"))
        .unwrap();
    let run = s.perform_disposals(d("2027-12-11")).unwrap();
    assert_eq!(run.done[0].scope, DisposalScope::Documents);
    let detail = s.case_detail(id).unwrap();
    assert!(detail.attachments.is_empty() && detail.mail.is_none());
    assert_eq!(
        s.case_retention(id)
            .unwrap()
            .documents_disposed_on
            .as_deref(),
        Some(&*chrono::Utc::now().date_naive().to_string())
    );
    assert!(
        s.disposal_queue(d("2028-06-01")).unwrap().due.is_empty(),
        "documents go once"
    );

    let q = s.disposal_queue(d("2029-12-02")).unwrap();
    assert_eq!(q.due[0].scope, DisposalScope::Case);
    assert!(
        q.due[0].paper_items.is_empty(),
        "the paper was listed with the documents"
    );
    s.approve_disposals(&[(id, DisposalScope::Case)], d("2029-12-02"))
        .unwrap();
    s.perform_disposals(d("2029-12-02")).unwrap();
    assert!(s.case(id).is_err());
    assert_eq!(s.disposal_records(None).unwrap().len(), 2);
}

#[test]
fn open_cases_are_never_due_and_bad_requests_change_nothing() {
    let (_fx, mut s) = Fixture::new();
    let policy = seed_policy(&mut s, "s4-phone-email-300yen.json");
    let mut input = CaseInput::blank(Channel::Phone, d("2026-12-01"));
    input.requester.name = NAME.into();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(policy);
    let id = s
        .create_case(&input, None, &[], d("2026-12-01"))
        .unwrap()
        .case
        .id;
    // Receipt-based, but the case is still open: not due, no date shown.
    assert_eq!(s.case_retention(id).unwrap().disposable_from, None);
    assert!(s.disposal_queue(d("2035-01-01")).unwrap().due.is_empty());
    let before = s.audit_entries(1).unwrap();
    assert!(s
        .approve_disposals(&[(id, DisposalScope::Case)], d("2035-01-01"))
        .is_err());
    assert!(s
        .approve_disposals(&[(9999, DisposalScope::Case)], d("2035-01-01"))
        .is_err());
    assert!(s
        .withdraw_disposal_approval(id, DisposalScope::Case)
        .is_err());
    assert!(s
        .mark_paper_shredded(9999, "2026-12-01", d("2026-12-02"))
        .is_err());
    assert_eq!(s.audit_entries(1).unwrap(), before);
}
