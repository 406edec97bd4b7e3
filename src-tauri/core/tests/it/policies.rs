//! Policy profiles and 本人確認 against a real store: the five seed
//! procedures as profiles, hostile profile files, versions kept by cases,
//! and the verification parts of S0-a, S0-b, S0-c and S1-a, masking burnt
//! into the stored pixels, the 個人番号 check.

use crate::common::*;
use madoguchi_core::case::attachments::*;
use madoguchi_core::case::model::CheckStatus;
use madoguchi_core::case::model::*;
use madoguchi_core::case::record::*;
use madoguchi_core::case::register::*;
use madoguchi_core::case::timeline::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::intake::documents::{DocInfo, DocType, MaskRect};
use madoguchi_core::intake::mail;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::policy::law::*;
use madoguchi_core::policy::{self, PolicyBody};
use madoguchi_core::procedure::verification::{OriginalInput, Verification};
use madoguchi_core::store::Store;

const SEEDS: [&str; 5] = [
    "s0-email-desk.json",
    "s1-form-no-fee.json",
    "s2-disclosure-fee.json",
    "s3-designated-form-stamps.json",
    "s4-phone-email-300yen.json",
];

fn import(s: &mut Store, file: &str) -> i64 {
    s.import_policy(&policy_file(file), true).unwrap().id
}

fn item<'a>(
    v: &'a Verification,
    key: &str,
) -> &'a madoguchi_core::procedure::verification::CheckItem {
    v.groups
        .iter()
        .flat_map(|g| &g.items)
        .find(|i| i.key == key)
        .unwrap_or_else(|| panic!("no item {key} in {:#?}", v.groups))
}

fn mail_case(
    s: &mut Store,
    fixture: &str,
    policy: i64,
    received: &str,
    registered_email: &str,
) -> (CaseDetail, IncomingMail) {
    let eml = std::fs::read(fixtures().join("mail").join(fixture)).unwrap();
    let parsed = mail::parse_eml(&eml).unwrap();
    let today = d(received);
    let mut input = CaseInput::from_mail(&parsed, today);
    input.received_on = received.into();
    input.policy_id = Some(policy);
    input.requester.registered_email = registered_email.into();
    if input.kinds.is_empty() {
        input.kinds = vec![RequestKind::Disclosure, RequestKind::Deletion];
    }
    let incoming = IncomingMail::new(fixture.into(), eml, parsed);
    let c = s.create_case(&input, Some(&incoming), &[], today).unwrap();
    (c, incoming)
}

#[test]
fn the_five_seed_procedures_are_profiles_and_only_fees_beyond_38_warn() {
    let (_fx, mut s) = Fixture::new();
    for file in SEEDS {
        let body = policy::from_file(&policy_file(file)).unwrap();
        let warned = !policy::lint(&body).is_empty();
        // S0 and S3 charge for every kind (seeds 000 and 003); the others only for 開示.
        assert_eq!(
            warned,
            file.starts_with("s0") || file.starts_with("s3"),
            "{file}"
        );
        let result = s.import_policy(&policy_file(file), false);
        if warned {
            let e = result.unwrap_err();
            assert_eq!(e.code(), ErrorCode::Warnings);
            assert!(
                e.message().contains("個人情報保護法第38条"),
                "{}",
                e.message()
            );
            assert!(e.fields().iter().any(|f| f.field.starts_with("fees.")));
            s.import_policy(&policy_file(file), true).unwrap();
        } else {
            result.unwrap();
        }
    }
    let list = s.list_policies().unwrap();
    assert_eq!(list.len(), 5);
    assert!(list[0].is_default, "the first profile becomes the default");
    let actions: Vec<String> = s
        .audit_entries(50)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "policy.saved_with_warnings")
            .count(),
        2
    );
    assert_eq!(
        actions.iter().filter(|a| *a == "policy.imported").count(),
        5
    );

    // S1 states no retention: the product default applies and says so.
    let s1 = list.iter().find(|p| p.name.starts_with("S1")).unwrap();
    let (rules, is_default) = s.policy(s1.id).unwrap().body.retention_in_force();
    assert!(is_default);
    assert_eq!(
        (rules[0].years, rules[0].after),
        (1, policy::RetentionStart::ReplyCompleted)
    );
    // S0: 1,100円 for 削除 is named in the warning.
    let s0 = list.iter().find(|p| p.name.starts_with("S0")).unwrap();
    let detail = s.policy(s0.id).unwrap();
    assert!(detail
        .warnings
        .iter()
        .any(|w| w.message.contains("「削除」に1,100円")));
    assert!(detail.versions[0].warnings_kept);
    // An export reads back to the same body.
    let text = s.export_policy(s0.id).unwrap();
    assert_eq!(policy::from_file(text.as_bytes()).unwrap(), detail.body);
}

#[test]
fn hostile_or_malformed_profile_files_are_refused_and_change_nothing() {
    let (fx, mut s) = Fixture::new();
    let good = String::from_utf8(policy_file("s2-disclosure-fee.json")).unwrap();
    let before_audit = s.audit_entries(100).unwrap().len();
    let before_files = fx.snapshot().len();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not json at all".to_vec(), "JSON"),
        (
            b"{\"format\":\"something-else\",\"version\":1}".to_vec(),
            "ポリシーのファイルではありません",
        ),
        (
            good.replace("\"version\": 1", "\"version\": 99")
                .into_bytes(),
            "新しい版",
        ),
        (
            good.replace("\"name\":", "\"evil\": 1, \"name\":")
                .into_bytes(),
            "知らない項目",
        ),
        (
            good.replace("\"channels\": [\n      \"email\"\n    ],", "")
                .into_bytes(),
            "channels",
        ),
        (
            good.replace("\"email\"", "\"pigeon\"").into_bytes(),
            "選べない値",
        ),
        (
            good.replace("\"days\": 30", "\"days\": 0").into_bytes(),
            "1〜365日",
        ),
        (
            good.replace("\"days\": 30", "\"days\": \"30\"")
                .into_bytes(),
            "型",
        ),
        (
            good.replace("\"amountYen\": 1000", "\"amountYen\": 5000000")
                .into_bytes(),
            "100,000円",
        ),
        (vec![0xff, 0xfe, 0x00, 0x7b], "UTF-8"),
        (vec![b' '; policy::MAX_FILE_BYTES + 1], "大きすぎます"),
        ("[".repeat(100_000).into_bytes(), "JSON"),
        (
            good.replace("\"name\": \"S2", "\"name\": \"123456789018 S2")
                .into_bytes(),
            "個人番号",
        ),
    ];
    for (bytes, expected) in cases {
        let e = s.import_policy(&bytes, true).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(
            e.message().contains(expected),
            "expected {expected:?} in {:?}",
            e.message()
        );
    }
    assert!(s.list_policies().unwrap().is_empty());
    assert_eq!(s.audit_entries(100).unwrap().len(), before_audit);
    assert_eq!(fx.snapshot().len(), before_files);
    // With a BOM the good file imports.
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(good.as_bytes());
    s.import_policy(&bom, false).unwrap();
    // The same name twice is refused.
    assert!(s
        .import_policy(good.as_bytes(), false)
        .unwrap_err()
        .message()
        .contains("同じ名前"));
}

#[test]
fn bad_profiles_are_reported_at_their_fields() {
    let (_fx, mut s) = Fixture::new();
    let mut b = PolicyBody::template();
    b.channels.clear();
    b.deadline.days = 400;
    b.deadline.closures.push(policy::Closure {
        from: "12-29".into(),
        to: "13-03".into(),
    });
    b.fees.push(policy::FeeRule {
        kind: RequestKind::Disclosure,
        amount_yen: 300,
        per: policy::FeeUnit::PerRequest,
        when: policy::FeeTiming::WithRequest,
    });
    b.fee_methods.push(policy::FeeMethodRule {
        method: policy::FeeMethod::BankTransfer,
        instructions: " ".into(),
    });
    b.appointed_agent.documents[0].issued_within_months = Some(0);
    let e = s.save_policy(None, b, false).unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    for f in [
        "name",
        "channels",
        "deadline.days",
        "deadline.closures.0.to",
        "feeMethods.0.instructions",
        "appointedAgent.documents.0.issuedWithinMonths",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
    }
    assert!(s.list_policies().unwrap().is_empty());
}

#[test]
fn a_case_keeps_the_policy_version_it_was_received_under() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-10");
    let s2 = import(&mut s, "s2-disclosure-fee.json");
    let mut input = CaseInput::blank(Channel::Email, today);
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Disclosure];
    // No policy chosen: the default (the only one) applies.
    let old = s.create_case(&input, None, &[], today).unwrap();
    assert_eq!(old.case.input.policy_id, Some(s2));
    let v1 = old.case.policy_version_id.unwrap();
    let mut body = s.policy(s2).unwrap().body;
    body.deadline.days = 20;
    let saved = s.save_policy(Some(s2), body.clone(), false).unwrap();
    assert_eq!(saved.version, 2);
    assert_eq!(
        s.save_policy(Some(s2), body, false).unwrap().version,
        2,
        "an unchanged body makes no version"
    );
    let new = s.create_case(&input, None, &[], today).unwrap();
    assert_ne!(new.case.policy_version_id.unwrap(), v1);
    // Editing the old case (not its policy) keeps its version.
    let mut edited = old.case.input.clone();
    edited.memo = "電話で確認".into();
    let after = s.update_case(old.case.id, &edited, today).unwrap();
    assert_eq!(after.case.policy_version_id, Some(v1));
    assert!(s
        .verification(old.case.id)
        .unwrap()
        .policy_label
        .contains("第1版"));
    assert_eq!(s.policy(s2).unwrap().case_count, 2);
    // A profile that does not exist is refused at the field.
    edited.policy_id = Some(999);
    let e = s.update_case(old.case.id, &edited, today).unwrap_err();
    assert_eq!(e.fields()[0].field, "policyId");
}

#[test]
fn s0a_registered_email_verifies_without_a_scan() {
    let (_fx, mut s) = Fixture::new();
    let s0 = import(&mut s, "s0-email-desk.json");
    let (c, _) = mail_case(&mut s, "s0a-registered-iso2022jp.eml", s0, "2026-12-01", "");
    let from = c.case.input.requester.email.clone();
    assert!(!from.is_empty());
    let v = s.verification(c.case.id).unwrap();
    assert_eq!(
        item(&v, "identity.registered_email").status,
        CheckStatus::Pending,
        "no registered email entered yet"
    );
    assert!(!v.verified);
    // The officer enters the address the company holds: it matches.
    let mut input = c.case.input.clone();
    input.requester.registered_email = from.to_uppercase();
    s.update_case(c.case.id, &input, d("2026-12-01")).unwrap();
    let v = s.verification(c.case.id).unwrap();
    let it = item(&v, "identity.registered_email");
    assert_eq!((it.status, it.auto), (CheckStatus::Ok, true));
    assert!(v.verified, "{v:#?}");
    assert_eq!(v.result, "本人確認済");
    assert!(v.missing.is_empty());
    assert!(v.documents.is_empty(), "no scan needed or kept");
    // S0 charges 1,100円 for 削除 too: the case says APPI 38条 does not allow it.
    assert_eq!(v.fee_warnings.len(), 1, "{:?}", v.fee_warnings);
    assert!(v.fee_warnings[0].contains("「削除」に1,100円"));
}

#[test]
fn s0b_unregistered_address_needs_an_id_and_the_my_number_back_is_masked_or_refused() {
    let (fx, mut s) = Fixture::new();
    let s0 = import(&mut s, "s0-email-desk.json");
    let today = d("2026-12-01");
    let eml = std::fs::read(fixtures().join("mail/s0b-unregistered-utf8-with-scans.eml")).unwrap();
    let parsed = mail::parse_eml(&eml).unwrap();
    let back_index = parsed
        .attachments
        .iter()
        .position(|a| a.bytes == std::fs::read(fixtures().join("scans/mynumber-back.jpg")).unwrap())
        .unwrap();
    let licence_index = 1 - back_index;
    let mut input = CaseInput::from_mail(&parsed, today);
    input.received_on = "2026-12-01".into();
    input.policy_id = Some(s0);
    input.requester.registered_email = "registered.mihon@example.jp".into();
    input.kinds = vec![RequestKind::Disclosure, RequestKind::Deletion];

    // Typed as the back of a My Number card and not masked: refused, nothing saved.
    let mut incoming = IncomingMail::new("s0b.eml".into(), eml.clone(), parsed.clone());
    incoming.docs[back_index].info = DocInfo::of(DocType::MynumberBack);
    let files_before = fx.snapshot().len();
    let e = s
        .create_case(&input, Some(&incoming), &[], today)
        .unwrap_err();
    assert!(
        e.message().contains("マスクしてから保存してください") && e.message().contains("個人番号"),
        "{}",
        e.message()
    );
    assert_eq!(fx.snapshot().len(), files_before);
    assert_eq!(s.list_cases(&CaseQuery::default()).unwrap().total, 0);

    // Masked in memory: the box over the number is black in the stored image.
    let rect = MaskRect {
        x: 0.1,
        y: 0.3,
        w: 0.6,
        h: 0.2,
    };
    let original = incoming.parsed.attachments[back_index].bytes.clone();
    let masked = madoguchi_core::intake::documents::mask_image(&original, &[rect]).unwrap();
    incoming.parsed.attachments[back_index].bytes = masked;
    incoming.docs[back_index].masked = true;
    incoming.docs[licence_index].info = DocInfo {
        doc_type: DocType::DriversLicense,
        expires_on: "2030-01-01".into(),
        ..Default::default()
    };
    let c = s.create_case(&input, Some(&incoming), &[], today).unwrap();
    let stored: Vec<_> = c
        .attachments
        .iter()
        .filter(|a| a.origin == "mail_attachment")
        .collect();
    assert_eq!(stored.len(), 2);
    let v = s.verification(c.case.id).unwrap();
    let back = v
        .documents
        .iter()
        .find(|d| d.doc.doc_type == DocType::MynumberBack)
        .unwrap();
    assert!(back.masked && back.problems.is_empty());
    let (_, bytes) = s.attachment_bytes(back.attachment_id).unwrap();
    let img = image::load_from_memory(&bytes).unwrap().to_luma8();
    let (w, h) = img.dimensions();
    let (x0, y0) = ((0.1 * w as f64) as u32 + 2, (0.3 * h as f64) as u32 + 2);
    let (x1, y1) = ((0.7 * w as f64) as u32 - 2, (0.5 * h as f64) as u32 - 2);
    let mut worst = 0u8;
    for y in y0..y1 {
        for x in x0..x1 {
            worst = worst.max(img.get_pixel(x, y).0[0]);
        }
    }
    assert!(
        worst <= 16,
        "masked area must be black, brightest pixel {worst}"
    );
    let outside = img.get_pixel(w - 3, h - 3).0[0];
    assert!(outside > 60, "the rest of the card is still visible");
    // The original image is nowhere: not as the attachment, not inside the kept .eml.
    let eml_id = c.attachments.iter().find(|a| a.origin == "eml").unwrap().id;
    let (_, kept_eml) = s.attachment_bytes(eml_id).unwrap();
    let reparsed = mail::parse_eml(&kept_eml).unwrap();
    assert!(
        reparsed.attachments.iter().all(|a| a.bytes != original),
        "the .eml kept must not carry the unmasked scan"
    );
    assert!(
        reparsed
            .attachments
            .iter()
            .any(|a| a.bytes == std::fs::read(fixtures().join("scans/license-front.jpg")).unwrap()),
        "the other attachment is intact"
    );

    // Unregistered address: the email does not match, so an ID document decides.
    assert_eq!(
        item(&v, "identity.registered_email").status,
        CheckStatus::Ng
    );
    assert_eq!(
        item(&v, "identity.id_document").status,
        CheckStatus::Ok,
        "the licence, valid on the day"
    );
    assert!(v.verified);
}

#[test]
fn s0b_without_an_id_the_case_shows_what_is_missing_and_a_refused_scan_is_logged() {
    let (_fx, mut s) = Fixture::new();
    let s0 = import(&mut s, "s0-email-desk.json");
    let today = d("2026-12-01");
    let eml = std::fs::read(fixtures().join("mail/s0b-unregistered-utf8-with-scans.eml")).unwrap();
    let parsed = mail::parse_eml(&eml).unwrap();
    let mut input = CaseInput::from_mail(&parsed, today);
    input.received_on = "2026-12-01".into();
    input.policy_id = Some(s0);
    input.requester.registered_email = "registered.mihon@example.jp".into();
    input.kinds = vec![RequestKind::Disclosure];
    let mut incoming = IncomingMail::new("s0b.eml".into(), eml, parsed);
    // Both refused (the officer will ask for a proper copy).
    for doc in &mut incoming.docs {
        doc.info = DocInfo::of(DocType::MynumberBack);
        doc.refused = true;
    }
    let c = s.create_case(&input, Some(&incoming), &[], today).unwrap();
    assert!(c.attachments.iter().all(|a| a.origin == "eml"));
    assert_eq!(
        c.events
            .iter()
            .filter(|e| e.event.kind() == "scan_refused")
            .count(),
        2
    );
    let v = s.verification(c.case.id).unwrap();
    assert_eq!(v.result, "不備");
    assert!(
        v.missing.iter().any(|m| m.contains("本人確認書類が必要")),
        "{:?}",
        v.missing
    );
    // A refused scan outside a case is audited, with its type only.
    s.log_refused_scan(Some(c.case.id), DocType::HealthInsurance)
        .unwrap();
    let last = &s.audit_entries(1).unwrap()[0];
    assert_eq!(last.action, "scan.refused");
}

#[test]
fn s0c_agent_originals_old_certificate_flagged_then_returned() {
    let (_fx, mut s) = Fixture::new();
    let s0 = import(&mut s, "s0-email-desk.json");
    let (c, _) = mail_case(&mut s, "s0c-agent-with-poa.eml", s0, "2026-12-02", "");
    let mut input = c.case.input.clone();
    input.requester_type = RequesterType::AppointedAgent;
    if input.agent.name.is_empty() {
        input.agent.name = "見本 代理人".into();
    }
    s.update_case(c.case.id, &input, d("2026-12-02")).unwrap();
    let today = d("2026-12-10");
    let v = s.verification(c.case.id).unwrap();
    assert_eq!(
        item(&v, "agent.power_of_attorney").status,
        CheckStatus::Pending
    );

    // The attached PDF is only a copy: originals are required.
    let poa_copy = c
        .attachments
        .iter()
        .find(|a| a.origin == "mail_attachment")
        .unwrap()
        .id;
    let v = s
        .set_attachment_doc(poa_copy, &DocInfo::of(DocType::PowerOfAttorney))
        .unwrap();
    assert!(item(&v, "agent.power_of_attorney")
        .detail
        .contains("原本が必要"));

    // Originals arrive by post on 2026-12-05; the certificate was issued 2026-08-20.
    let original = |doc, issued: &str| OriginalInput {
        doc_type: doc,
        received_on: "2026-12-05".into(),
        issued_on: issued.into(),
        ..Default::default()
    };
    s.save_original(
        c.case.id,
        None,
        &original(DocType::PowerOfAttorney, ""),
        today,
    )
    .unwrap();
    let v = s
        .save_original(
            c.case.id,
            None,
            &original(DocType::SealCertificate, "2026-08-20"),
            today,
        )
        .unwrap();
    let cert = item(&v, "agent.seal_certificate");
    assert_eq!(cert.status, CheckStatus::Ng);
    assert!(
        cert.detail.contains("令和8年8月20日")
            && cert.detail.contains("3か月以内（令和8年9月5日以降）"),
        "{}",
        cert.detail
    );
    assert_eq!(item(&v, "agent.power_of_attorney").status, CheckStatus::Ok);
    let logged = v
        .originals
        .iter()
        .find(|o| o.doc_type == DocType::SealCertificate)
        .unwrap();
    assert!(!logged.problems.is_empty());
    // An automatic 不備 cannot be ticked away.
    let e = s
        .mark_verification(c.case.id, "agent.seal_certificate", CheckStatus::Ok, "")
        .unwrap_err();
    assert!(e.message().contains("確認済にできません"));

    // Returned by 簡易書留 on 2026-12-10; a return date before receipt is refused.
    let mut back = original(DocType::SealCertificate, "2026-08-20");
    back.returned_on = "2026-12-01".into();
    back.return_method = "簡易書留".into();
    let e = s
        .save_original(c.case.id, Some(logged.id), &back, today)
        .unwrap_err();
    assert_eq!(e.fields()[0].field, "returnedOn");
    back.returned_on = "2026-12-10".into();
    let mut no_method = back.clone();
    no_method.return_method.clear();
    assert_eq!(
        s.save_original(c.case.id, Some(logged.id), &no_method, today)
            .unwrap_err()
            .fields()[0]
            .field,
        "returnMethod"
    );
    let v = s
        .save_original(c.case.id, Some(logged.id), &back, today)
        .unwrap();
    let returned = v.originals.iter().find(|o| o.id == logged.id).unwrap();
    assert_eq!(
        (
            returned.state.as_str(),
            returned.returned_on.as_str(),
            returned.return_method.as_str()
        ),
        ("返却済", "2026-12-10", "簡易書留")
    );
    let d2 = s.case_detail(c.case.id).unwrap();
    let summaries: Vec<String> = d2.events.iter().map(event_summary).collect();
    assert!(
        summaries
            .iter()
            .any(|t| t.contains("原本を受領: 印鑑登録証明書")),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .any(|t| t.contains("原本を返却: 印鑑登録証明書（2026-12-10・簡易書留）")),
        "{summaries:?}"
    );
    // S0 accepts 委任状 or 印鑑登録証明書: the 委任状 original carries the case.
    assert!(v.groups[0].satisfied);
}

#[test]
fn s1a_held_data_match_is_marked_by_the_officer() {
    let (_fx, mut s) = Fixture::new();
    let s1 = import(&mut s, "s1-form-no-fee.json");
    let today = d("2026-12-02");
    let mut input = CaseInput::blank(Channel::Form, today);
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Correction];
    input.requested_correction = "住所を東京都千代田区見本町2-2-2に訂正".into();
    input.policy_id = Some(s1);
    let c = s.create_case(&input, None, &[], today).unwrap();
    let v = s.verification(c.case.id).unwrap();
    assert_eq!(v.groups[0].items.len(), 1);
    assert_eq!(item(&v, "identity.held_data").status, CheckStatus::Pending);
    assert!(!v.verified);
    let v = s
        .mark_verification(
            c.case.id,
            "identity.held_data",
            CheckStatus::Ok,
            "氏名・住所・生年月日が登録データと一致",
        )
        .unwrap();
    let it = item(&v, "identity.held_data");
    assert_eq!(
        (it.status, it.marked_by.as_str()),
        (CheckStatus::Ok, "見本 管理者")
    );
    assert!(v.verified);
    assert_eq!(s.audit_entries(1).unwrap()[0].action, "verification.marked");
    // Not a key of this checklist.
    assert!(s
        .mark_verification(c.case.id, "identity.registered_email", CheckStatus::Ok, "")
        .is_err());
}

#[test]
fn a_stored_scan_typed_later_as_an_insurance_card_is_masked_in_place() {
    let (fx, mut s) = Fixture::new();
    let s4 = import(&mut s, "s4-phone-email-300yen.json");
    let today = d("2026-12-10");
    let mut input = CaseInput::blank(Channel::Post, today);
    input.requester.name = "見本 太郎".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.policy_id = Some(s4);
    let card = std::fs::read(fixtures().join("scans/insurance-card.jpg")).unwrap();
    let c = s
        .create_case(
            &input,
            None,
            &[IncomingFile::new("card.jpg", card.clone())],
            today,
        )
        .unwrap();
    let id = c.attachments[0].id;
    let v = s
        .set_attachment_doc(id, &DocInfo::of(DocType::HealthInsurance))
        .unwrap();
    assert!(v.documents[0].needs_mask && !v.documents[0].masked);
    assert!(v.missing.iter().any(|m| m.contains("黒塗り")));
    let blobs_before: Vec<_> = std::fs::read_dir(fx.dir.root().join("files"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let masked = madoguchi_core::intake::documents::mask_image(
        &card,
        &[MaskRect {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 0.5,
        }],
    )
    .unwrap();
    let v = s.mask_attachment(id, &masked).unwrap();
    assert!(v.documents[0].masked && v.documents[0].problems.is_empty());
    let blobs_after: Vec<_> = std::fs::read_dir(fx.dir.root().join("files"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(blobs_after.len(), blobs_before.len());
    assert!(
        blobs_after.iter().all(|b| !blobs_before.contains(b)),
        "the unmasked file is gone"
    );
    let (_, stored) = s.attachment_bytes(id).unwrap();
    assert_ne!(&stored[..], &card[..]);
    // Two non-photo documents are needed under S4; one insurance card is not enough.
    assert_eq!(
        item(&v, "identity.id_document").status,
        CheckStatus::Pending
    );
    assert!(item(&v, "identity.id_document").detail.contains("あと1点"));
}

#[test]
fn an_individual_number_typed_into_free_text_is_refused_at_the_field() {
    let (_fx, mut s) = Fixture::new();
    let today = d("2026-12-10");
    let mut input = CaseInput::blank(Channel::Post, today);
    input.requester.name = "見本 花子".into();
    input.kinds = vec![RequestKind::Disclosure];
    input.memo = "マイナンバー １２３４ ５６７８ ９０１８ を確認".into();
    let e = s.create_case(&input, None, &[], today).unwrap_err();
    assert_eq!(e.fields()[0].field, "memo");
    assert!(e.message().contains("個人番号"));
    assert!(
        !e.message().contains("9018"),
        "the message never repeats the number"
    );
    input.memo = "電話 090-1234-5678、受付番号 2026-0001".into();
    s.create_case(&input, None, &[], today).unwrap();
}
