//! The five seed procedures (S0–S4 of the shared scenarios), each as one
//! story against a real encrypted store: intake, identity, fee, clock,
//! decisions and approval, letters (their text), mailing, the reply, and
//! disposal on the first day allowed — checking every figure the scenario
//! names. The pieces are tested in detail elsewhere (policies, fees,
//! decisions, letters, retention, complaints); here they must hold together,
//! in order, in one store, and the store must verify at the end.

use crate::common::*;
use madoguchi_core::case::attachments::*;
use madoguchi_core::case::complaints::*;
use madoguchi_core::case::model::CheckStatus;
use madoguchi_core::case::model::MailMethod;
use madoguchi_core::case::model::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::intake::documents::{DocInfo, DocType};
use madoguchi_core::intake::mail;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::output::letters::MailingInput;
use madoguchi_core::policy::law::*;
use madoguchi_core::policy::{self, FeeMethod};
use madoguchi_core::procedure::fees::*;
use madoguchi_core::procedure::verification::{OriginalInput, Verification};
use madoguchi_core::retention::{DisposalRecord, DisposalScope};
use madoguchi_core::store::error::StoreError;
use madoguchi_core::store::Store;

const NAME: &str = "見本 花子";
const ADDRESS: &str = "東京都渋谷区見本町4-5-6 見本コーポ202";

/// One desk's store through a story, signed in as 管理者 `kanri`.
struct Desk {
    fx: Fixture,
    s: Option<Store>,
}

impl Desk {
    fn new() -> Desk {
        let (fx, s) = Fixture::new();
        Desk { fx, s: Some(s) }
    }

    fn s(&mut self) -> &mut Store {
        self.s.as_mut().unwrap()
    }

    /// Hands the store to a second 管理者 for `f` (approvals are never by
    /// who decided), then signs `kanri` back in.
    fn as_second_admin(&mut self, f: impl FnOnce(&mut Store)) {
        let s = self.s.take().unwrap();
        let mut other = if s.users().unwrap().iter().any(|u| u.username == "kanri2") {
            s.lock(false).unwrap();
            self.fx.unlock("kanri2", "kanri2-pass-2026").unwrap()
        } else {
            second_admin(&self.fx, s)
        };
        f(&mut other);
        other.lock(false).unwrap();
        self.s = Some(self.fx.unlock(ADMIN, ADMIN_PW).unwrap());
    }

    fn case(
        &mut self,
        seed: &str,
        channel: Channel,
        received: &str,
        kinds: &[RequestKind],
        edit: impl FnOnce(&mut CaseInput),
    ) -> i64 {
        let policy = seed_policy(self.s(), seed);
        let mut input = CaseInput::blank(channel, d(received));
        input.requester.name = NAME.into();
        input.requester.postal_code = "150-0001".into();
        input.requester.address = ADDRESS.into();
        input.kinds = kinds.to_vec();
        input.policy_id = Some(policy);
        edit(&mut input);
        self.s()
            .create_case(&input, None, &[], d(received))
            .unwrap()
            .case
            .id
    }

    /// Issues the letter; its text (pdftotext, spaces taken out) must hold
    /// every phrase. Returns the letter's id.
    fn letter(&mut self, id: i64, key: &str, on: &str, phrases: &[&str]) -> i64 {
        let letter = self
            .s()
            .issue_letter(id, key, d(on))
            .unwrap_or_else(|e| panic!("{key}: {}", e.message()));
        let pdf = self.s().letter_pdf(letter.id).unwrap();
        if let Some(text) = pdf_text(&pdf) {
            let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            for p in phrases {
                let p: String = p.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(flat.contains(&p), "{key}: 「{p}」 not in:\n{text}");
            }
        }
        letter.id
    }

    /// Mails the letter on the day; returns the status it moved the case to.
    fn mail(&mut self, letter: i64, on: &str) -> Option<CaseStatus> {
        self.s()
            .record_mailing(
                letter,
                &MailingInput {
                    sent_on: on.into(),
                    method: MailMethod::Ordinary,
                    tracking_no: String::new(),
                    postage_yen: 110,
                    note: String::new(),
                },
                d(on),
            )
            .unwrap()
            .moved_to
    }

    fn status(&mut self, id: i64, to: CaseStatus) {
        self.s().set_case_status(id, to, "").unwrap();
    }

    /// Not due the day before `from`; due, approved and disposed of on
    /// `from`. The record holds the 受付番号 and dates and none of `personal`;
    /// the case is gone and the store verifies.
    fn dispose(&mut self, id: i64, from: &str, personal: &[&str]) -> DisposalRecord {
        let receipt = self.s().case(id).unwrap().receipt_no;
        assert_eq!(
            self.s()
                .case_retention(id)
                .unwrap()
                .disposable_from
                .as_deref(),
            Some(from)
        );
        let day_before = d(from).pred_opt().unwrap();
        let q = self.s().disposal_queue(day_before).unwrap();
        assert!(q.due.iter().all(|i| i.case_id != id), "due before {from}");
        assert!(self
            .s()
            .approve_disposals(&[(id, DisposalScope::Case)], day_before)
            .is_err());
        let q = self.s().disposal_queue(d(from)).unwrap();
        let item = q.due.iter().find(|i| i.case_id == id).expect("due");
        assert_eq!(item.disposable_from, from);
        self.s()
            .approve_disposals(&[(id, DisposalScope::Case)], d(from))
            .unwrap();
        let run = self.s().perform_disposals(d(from)).unwrap();
        let record = run
            .done
            .into_iter()
            .find(|r| r.receipt_no == receipt)
            .expect("disposed");
        assert_eq!(record.disposable_from, from);
        let json = serde_json::to_string(&record).unwrap();
        for pd in personal.iter().chain(&[NAME, ADDRESS]) {
            assert!(!json.contains(pd), "the disposal record holds {pd}");
        }
        assert!(matches!(self.s().case(id), Err(StoreError::NotFound)));
        self.s().verify().unwrap();
        record
    }
}

fn item<'a>(
    v: &'a Verification,
    key: &str,
) -> &'a madoguchi_core::procedure::verification::CheckItem {
    v.groups
        .iter()
        .flat_map(|g| &g.items)
        .find(|i| i.key == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

fn mail_fixture(name: &str) -> (Vec<u8>, mail::ParsedMail) {
    let eml = std::fs::read(fixtures().join("mail").join(name)).unwrap();
    let parsed = mail::parse_eml(&eml).unwrap();
    (eml, parsed)
}

#[test]
fn s0_email_desk_from_the_mail_to_the_disposal_record() {
    let mut desk = Desk::new();
    // The profile charges 1,100円 for 削除 too: warned when saved, kept as written.
    let body = policy::from_file(&policy_file("s0-email-desk.json")).unwrap();
    assert!(
        policy::lint(&body)
            .iter()
            .any(|w| w.message.contains("削除")),
        "{:?}",
        policy::lint(&body)
    );
    let s0 = seed_policy(desk.s(), "s0-email-desk.json");
    assert!(!desk.s().policy(s0).unwrap().warnings.is_empty());

    // S0-a. 2026-12-01, an email from the registered address: 開示 and 削除.
    let (eml, parsed) = mail_fixture("s0a-registered-iso2022jp.eml");
    let mut input = CaseInput::from_mail(&parsed, d("2026-12-01"));
    input.requester.name = NAME.into();
    input.requester.postal_code = "150-0001".into();
    input.requester.address = ADDRESS.into();
    input.requester.registered_email = input.requester.email.clone();
    input.kinds = vec![RequestKind::Disclosure, RequestKind::Deletion];
    input.disclosure_method = DisclosureMethod::Paper;
    input.policy_id = Some(s0);
    let email = input.requester.email.clone();
    let c = desk
        .s()
        .create_case(
            &input,
            Some(&IncomingMail::new("s0a.eml".into(), eml, parsed)),
            &[],
            d("2026-12-01"),
        )
        .unwrap();
    let id = c.case.id;
    let receipt = c.case.receipt_no.clone();
    // Identity by the email match, no scan.
    let v = desk.s().verification(id).unwrap();
    assert_eq!(
        item(&v, "identity.registered_email").status,
        CheckStatus::Ok
    );
    assert!(v.verified && v.documents.is_empty());
    // The fee on 削除 is warned about on the case too.
    assert!(v
        .fee_warnings
        .iter()
        .any(|w| w.contains("「削除」に1,100円")));
    desk.letter(
        id,
        "fee_guidance",
        "2026-12-02",
        &[
            "手数料のご案内",
            "1,100円",
            "見本銀行 見本支店 普通 0000000",
            &receipt,
        ],
    );
    let ledger = desk
        .s()
        .record_payment(
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
    assert_eq!((ledger.paid_yen, ledger.state), (1100, FeeState::Paid));
    desk.status(id, CaseStatus::Investigating);
    decide(
        desk.s(),
        id,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        "会員登録日：2024年4月1日（見本）",
    );
    decide(
        desk.s(),
        id,
        RequestKind::Deletion,
        Outcome::Done,
        None,
        "",
        "会員情報を削除しました。",
    );
    desk.status(id, CaseStatus::PreparingReply);
    let decision = desk.letter(
        id,
        "disclosure_decision",
        "2026-12-10",
        &[
            "保有個人データ開示決定通知書",
            "開示：全部開示",
            "令和8年12月10日",
        ],
    );
    let deletion = desk.letter(
        id,
        "correction_result",
        "2026-12-10",
        &["訂正等の結果", "削除：実施"],
    );
    assert_eq!(desk.mail(decision, "2026-12-10"), Some(CaseStatus::Sent));
    assert_eq!(desk.mail(deletion, "2026-12-10"), None);
    desk.status(id, CaseStatus::Completed);

    // S0-b. From an unregistered address: an ID is needed; the back of a
    // My Number card is refused unless masked.
    let (eml, parsed) = mail_fixture("s0b-unregistered-utf8-with-scans.eml");
    let mut input = CaseInput::from_mail(&parsed, d("2026-12-01"));
    input.policy_id = Some(s0);
    input.requester.registered_email = "registered.mihon@example.jp".into();
    input.requester.postal_code = "150-0001".into();
    input.requester.address = ADDRESS.into();
    input.kinds = vec![RequestKind::Disclosure];
    let mut incoming = IncomingMail::new("s0b.eml".into(), eml, parsed);
    for doc in &mut incoming.docs {
        doc.info = DocInfo::of(DocType::MynumberBack);
    }
    let e = desk
        .s()
        .create_case(&input, Some(&incoming), &[], d("2026-12-01"))
        .unwrap_err();
    assert!(e.message().contains("個人番号"), "{}", e.message());
    for doc in &mut incoming.docs {
        doc.refused = true;
    }
    let b = desk
        .s()
        .create_case(&input, Some(&incoming), &[], d("2026-12-01"))
        .unwrap()
        .case
        .id;
    let v = desk.s().verification(b).unwrap();
    assert!(v.missing.iter().any(|m| m.contains("本人確認書類が必要")));
    desk.letter(
        b,
        "id_documents_request",
        "2026-12-02",
        &["本人確認書類の追加提出のお願い"],
    );

    // S0-c. An agent: originals by post on 2026-12-05, the certificate of
    // 2026-08-20 flagged, both returned with date and method.
    let agent = desk.case(
        "s0-email-desk.json",
        Channel::Email,
        "2026-12-02",
        &[RequestKind::Disclosure],
        |i| {
            i.requester_type = RequesterType::AppointedAgent;
            i.agent.name = "見本 代理人".into();
        },
    );
    let original = |doc, issued: &str| OriginalInput {
        doc_type: doc,
        received_on: "2026-12-05".into(),
        issued_on: issued.into(),
        ..Default::default()
    };
    desk.s()
        .save_original(
            agent,
            None,
            &original(DocType::PowerOfAttorney, ""),
            d("2026-12-05"),
        )
        .unwrap();
    let v = desk
        .s()
        .save_original(
            agent,
            None,
            &original(DocType::SealCertificate, "2026-08-20"),
            d("2026-12-05"),
        )
        .unwrap();
    assert_eq!(item(&v, "agent.seal_certificate").status, CheckStatus::Ng);
    for o in v.originals.clone() {
        let mut back = original(o.doc_type, &o.issued_on);
        back.returned_on = "2026-12-10".into();
        back.return_method = "簡易書留".into();
        desk.s()
            .save_original(agent, Some(o.id), &back, d("2026-12-10"))
            .unwrap();
    }
    let v = desk.s().verification(agent).unwrap();
    assert!(v.originals.iter().all(|o| o.state == "返却済"
        && o.returned_on == "2026-12-10"
        && o.return_method == "簡易書留"));
    desk.letter(
        agent,
        "originals_return",
        "2026-12-10",
        &["委任状（原本）", "印鑑登録証明書（原本）", "簡易書留"],
    );

    // S0-a ends: disposable from 2027-12-11, not on 2027-12-10.
    let record = desk.dispose(id, "2027-12-11", &[&email, "ミホン"]);
    assert_eq!(record.receipt_no, receipt);
    assert_eq!(record.received_on, "2026-12-01");
    assert_eq!(record.replied_on.as_deref(), Some("2026-12-10"));
    assert_eq!(record.outcomes, vec!["削除：実施", "開示：全部開示"]);
    assert!(record.destroyed.mails == 1 && record.destroyed.letters == 3);
}

#[test]
fn s1_form_inquiry_without_fee_corrected_and_kept_by_the_default() {
    let mut desk = Desk::new();
    let new_address = "東京都千代田区見本町2-2-2";
    let id = desk.case(
        "s1-form-no-fee.json",
        Channel::Form,
        "2026-12-02",
        &[RequestKind::Correction],
        |i| i.requested_correction = format!("住所を{new_address}に訂正"),
    );
    // Due 2026-12-16 (14 days); identity by held data, marked by the officer.
    assert_eq!(
        desk.s()
            .clock(id, d("2026-12-02"))
            .unwrap()
            .due_on
            .as_deref(),
        Some("2026-12-16")
    );
    let v = desk
        .s()
        .mark_verification(id, "identity.held_data", CheckStatus::Ok, "登録情報と一致")
        .unwrap();
    assert!(v.verified);
    // No fee is asked.
    let ledger = desk.s().fee_ledger(id).unwrap();
    assert_eq!(ledger.expected_yen, 0);
    assert!(desk
        .s()
        .issue_letter(id, "fee_guidance", d("2026-12-02"))
        .is_err());
    desk.letter(
        id,
        "acknowledgement",
        "2026-12-02",
        &["令和8年12月16日までにご回答"],
    );
    desk.status(id, CaseStatus::Investigating);
    decide(
        desk.s(),
        id,
        RequestKind::Correction,
        Outcome::Done,
        None,
        "",
        &format!("登録住所を「{new_address}」に訂正しました。"),
    );
    desk.status(id, CaseStatus::PreparingReply);
    let l = desk.letter(
        id,
        "correction_result",
        "2026-12-09",
        &["訂正等の結果", "訂正：実施", new_address],
    );
    assert_eq!(desk.mail(l, "2026-12-09"), Some(CaseStatus::Sent));
    desk.status(id, CaseStatus::Completed);
    // No retention stated: the product's default applies and says so.
    let info = desk.s().case_retention(id).unwrap();
    assert!(info.is_default, "{info:?}");
    let from = info.disposable_from.clone().unwrap();
    assert!(from.as_str() > "2026-12-09");
    desk.dispose(id, &from, &[new_address]);
}

#[test]
fn s2_disclosure_fee_partial_disclosure_and_refused_suspension_with_reasons() {
    let mut desk = Desk::new();
    // S2-a and S2-c in one case: 開示 and 訂正, only 開示 charged (1,000円).
    let id = desk.case(
        "s2-disclosure-fee.json",
        Channel::Post,
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::Correction],
        |i| i.requested_correction = "電話番号の訂正".into(),
    );
    assert_eq!(desk.s().fee_ledger(id).unwrap().expected_yen, 1000);
    let ledger = desk
        .s()
        .record_payment(
            id,
            &PaymentInput {
                method: FeeMethod::MoneyOrder,
                received_on: "2026-12-03".into(),
                amount_yen: 1000,
                money_order_count: 1,
                money_order_face_yen: 1000,
                money_order_issued_on: "2026-11-30".into(),
                ..Default::default()
            },
            d("2026-12-03"),
        )
        .unwrap();
    assert_eq!(ledger.state, FeeState::Paid);
    desk.status(id, CaseStatus::Investigating);
    let reasons = "社内の不正調査に関する記録は、開示すると調査の適正な実施に著しい支障を及ぼすおそれがあるため";
    decide(
        desk.s(),
        id,
        RequestKind::Disclosure,
        Outcome::PartialDisclosure,
        Some(LegalGround::Appi33_2_2),
        reasons,
        "購入履歴（2025年1月〜2026年11月）",
    );
    decide(
        desk.s(),
        id,
        RequestKind::Correction,
        Outcome::Done,
        None,
        "",
        "電話番号を訂正しました。",
    );
    // Not final until another 管理者 approves.
    let e = desk
        .s()
        .issue_letter(id, "partial_disclosure_decision", d("2026-12-08"))
        .unwrap_err();
    assert!(
        e.message().contains("管理者の承認がまだです"),
        "{}",
        e.message()
    );
    desk.status(id, CaseStatus::AwaitingApproval);
    desk.as_second_admin(|s| {
        s.review_decisions(id, true, "妥当").unwrap();
    });
    let l = desk.letter(
        id,
        "partial_disclosure_decision",
        "2026-12-08",
        &[
            "一部開示・不開示決定通知書",
            "法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）",
            reasons,
        ],
    );
    assert_eq!(desk.mail(l, "2026-12-08"), Some(CaseStatus::Sent));
    desk.status(id, CaseStatus::Completed);

    // S2-b. 利用停止: within the stated purpose, so 利用停止しない, with reasons.
    let b = desk.case(
        "s2-disclosure-fee.json",
        Channel::Post,
        "2026-12-01",
        &[RequestKind::Suspension],
        |_| {},
    );
    assert_eq!(desk.s().fee_ledger(b).unwrap().expected_yen, 0);
    desk.status(b, CaseStatus::Investigating);
    let why = "調査の結果、お客様の個人情報は利用目的の範囲内で取り扱われており、法令違反の事実が認められないため";
    decide(
        desk.s(),
        b,
        RequestKind::Suspension,
        Outcome::NotDone,
        Some(LegalGround::Appi35),
        why,
        "",
    );
    desk.status(b, CaseStatus::AwaitingApproval);
    desk.as_second_admin(|s| {
        s.review_decisions(b, true, "").unwrap();
    });
    let l = desk.letter(
        b,
        "suspension_result",
        "2026-12-09",
        &["利用停止等の結果", "利用停止：実施しない", why, "第36条"],
    );
    assert_eq!(desk.mail(l, "2026-12-09"), Some(CaseStatus::Sent));
    desk.status(b, CaseStatus::Completed);

    for (case, replied) in [(id, "2026-12-08"), (b, "2026-12-09")] {
        let from = desk
            .s()
            .case_retention(case)
            .unwrap()
            .disposable_from
            .unwrap();
        assert!(from.as_str() > replied);
        let r = desk.dispose(case, &from, &[reasons, why]);
        assert_eq!(r.replied_on.as_deref(), Some(replied));
    }
}

#[test]
fn s3_designated_form_stamps_by_denomination_and_a_shortfall() {
    let mut desk = Desk::new();
    // S3-a. 2026-12-03 email → the form is sent; 2026-12-09 it comes back
    // with 110円×9 + 10円×1.
    let id = desk.case(
        "s3-designated-form-stamps.json",
        Channel::Email,
        "2026-12-03",
        &[RequestKind::Disclosure],
        |_| {},
    );
    desk.letter(
        id,
        "request_form",
        "2026-12-03",
        &["個人情報開示等申請書の送付について", "個人情報開示等申請書"],
    );
    let stamps = |on: &str, lines: &[(u32, u32)]| PaymentInput {
        method: FeeMethod::Stamps,
        received_on: on.into(),
        stamps: lines
            .iter()
            .map(|&(face_yen, count)| StampLine { face_yen, count })
            .collect(),
        ..Default::default()
    };
    let l = desk
        .s()
        .record_payment(
            id,
            &stamps("2026-12-09", &[(110, 9), (10, 1)]),
            d("2026-12-09"),
        )
        .unwrap();
    assert_eq!((l.paid_yen, l.state), (1000, FeeState::Paid));
    assert_eq!(l.payments[0].breakdown, "110円×9、10円×1");

    // S3-b. 110円×8: 880円, short by 120円; the clock waits until the rest.
    let b = desk.case(
        "s3-designated-form-stamps.json",
        Channel::Email,
        "2026-12-03",
        &[RequestKind::Disclosure],
        |_| {},
    );
    let l = desk
        .s()
        .record_payment(b, &stamps("2026-12-09", &[(110, 8)]), d("2026-12-09"))
        .unwrap();
    assert_eq!((l.paid_yen, l.balance_yen), (880, -120));
    assert!(desk.s().clock(b, d("2026-12-10")).unwrap().paused);
    desk.letter(
        b,
        "fee_shortfall",
        "2026-12-09",
        &["手数料不足のお知らせ", "不足額120円"],
    );
    desk.s()
        .record_payment(b, &stamps("2026-12-14", &[(120, 1)]), d("2026-12-14"))
        .unwrap();
    let c = desk.s().clock(b, d("2026-12-14")).unwrap();
    assert!(!c.paused);
    assert_eq!(
        (c.paused_days, c.due_on.as_deref()),
        (5, Some("2027-01-07"))
    );

    // S3-a to the end: disclosed, replied 2026-12-18, kept 1 year after.
    desk.status(id, CaseStatus::Investigating);
    decide(
        desk.s(),
        id,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        "購入履歴（見本）",
    );
    desk.status(id, CaseStatus::PreparingReply);
    let l = desk.letter(id, "disclosure_decision", "2026-12-18", &["開示：全部開示"]);
    assert_eq!(desk.mail(l, "2026-12-18"), Some(CaseStatus::Sent));
    desk.status(id, CaseStatus::Completed);
    let r = desk.dispose(id, "2027-12-19", &["購入履歴（見本）"]);
    // The form and stamps came by post; the stamps are used up, the form is paper to shred.
    assert!(
        r.paper.iter().all(|p| !p.item.contains("切手")),
        "{:?}",
        r.paper
    );
}

#[test]
fn s4_phone_request_paused_for_the_id_a_complaint_and_three_years_kept() {
    let mut desk = Desk::new();
    // S4-a. By phone on 2026-12-01: 開示 and 利用目的の通知, due 2026-12-31.
    let id = desk.case(
        "s4-phone-email-300yen.json",
        Channel::Phone,
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::PurposeNotice],
        |i| {
            i.enclosures = vec![Enclosure::IdCopy, Enclosure::RequestForm, Enclosure::Stamps];
        },
    );
    assert_eq!(
        desk.s()
            .clock(id, d("2026-12-01"))
            .unwrap()
            .due_on
            .as_deref(),
        Some("2026-12-31")
    );
    // 300円, 利用目的の通知 free.
    assert_eq!(desk.s().fee_ledger(id).unwrap().expected_yen, 300);
    desk.s()
        .pause_clock(
            id,
            PauseReason::IdDocuments,
            "2026-12-03",
            "本人確認書類の提出待ち",
            d("2026-12-03"),
        )
        .unwrap();
    let c = desk
        .s()
        .resume_clock(id, "2026-12-10", d("2026-12-10"))
        .unwrap();
    assert_eq!(
        (c.paused_days, c.due_on.as_deref()),
        (7, Some("2027-01-07"))
    );
    let l = desk
        .s()
        .record_payment(
            id,
            &PaymentInput {
                method: FeeMethod::Stamps,
                received_on: "2026-12-10".into(),
                stamps: vec![StampLine {
                    face_yen: 100,
                    count: 3,
                }],
                ..Default::default()
            },
            d("2026-12-10"),
        )
        .unwrap();
    assert_eq!((l.paid_yen, l.state), (300, FeeState::Paid));
    desk.status(id, CaseStatus::Investigating);
    decide(
        desk.s(),
        id,
        RequestKind::PurposeNotice,
        Outcome::Notified,
        None,
        "",
        "・商品の発送のため",
    );
    decide(
        desk.s(),
        id,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        "購入履歴（見本）",
    );
    desk.status(id, CaseStatus::PreparingReply);
    desk.letter(
        id,
        "purpose_notice",
        "2027-01-05",
        &["利用目的の通知書", "商品の発送のため"],
    );
    let l = desk.letter(id, "disclosure_decision", "2027-01-05", &["開示：全部開示"]);
    assert_eq!(desk.mail(l, "2027-01-05"), Some(CaseStatus::Sent));
    desk.status(id, CaseStatus::Completed);

    // S4-c. A complaint about a late reply, through the four steps.
    let receipt = desk.s().case(id).unwrap().receipt_no;
    let today = d("2027-01-20");
    let complaint = desk
        .s()
        .create_complaint(
            &ComplaintInput {
                category: ComplaintCategory::Complaint,
                channel: Channel::Phone,
                received_on: "2027-01-12".into(),
                name: NAME.into(),
                contact: "090-0000-0000".into(),
                summary: "回答が遅いとの苦情（見本）".into(),
                linked_receipt_no: receipt,
                policy_id: None,
            },
            today,
        )
        .unwrap()
        .summary
        .case_id;
    let steps = [
        (ComplaintStep::FirstResponse, "2027-01-13", "見本 担当"),
        (ComplaintStep::Investigation, "2027-01-14", "見本 管理者"),
        (ComplaintStep::Improvement, "2027-01-16", "見本 管理者"),
        (ComplaintStep::Reply, "2027-01-18", "見本 管理者"),
    ];
    for (step, on, person) in steps {
        desk.s()
            .record_complaint_step(
                complaint,
                &StepInput {
                    step,
                    done_on: on.into(),
                    person: person.into(),
                    notes: "経過（見本）".into(),
                },
                today,
            )
            .unwrap();
    }
    let c = desk.s().complaint(complaint).unwrap();
    assert_eq!(c.summary.status, CaseStatus::Completed);
    assert_eq!(
        c.steps
            .iter()
            .map(|s| (s.label.as_str(), s.done_on.as_deref().unwrap()))
            .collect::<Vec<_>>(),
        [
            ("一次対応", "2027-01-13"),
            ("調査・検討", "2027-01-14"),
            ("改善措置", "2027-01-16"),
            ("回答・報告", "2027-01-18"),
        ]
    );

    // S4-b. Kept 3 years from the inquiry: disposable from 2029-12-02.
    let r = desk.dispose(id, "2029-12-02", &["090-0000-0000"]);
    assert_eq!(r.rule, "受付日から3年");
    assert_eq!(
        r.paper.len(),
        2,
        "the ID copy and the form; stamps are used up"
    );
    // The complaint follows the linked request's profile (3 years from its own receipt).
    desk.dispose(complaint, "2030-01-13", &["090-0000-0000", "回答が遅い"]);
}
