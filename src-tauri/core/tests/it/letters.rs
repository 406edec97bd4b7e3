//! Letters against a real store, one per template, with the seed scenarios'
//! data: the PDF's text (pdftotext) holds the phrases and figures the
//! scenario names, the font is an embedded subset, a one-page letter stays
//! under 150 KB, and a letter the case lacks data for is refused, naming the
//! missing item and changing nothing.

use crate::common::*;
use madoguchi_core::case::model::*;
use madoguchi_core::case::register::CaseQuery;
use madoguchi_core::case::timeline::*;
use madoguchi_core::intake::channel::*;
use madoguchi_core::intake::documents::DocType;
use madoguchi_core::kernel::error::Coded;
use madoguchi_core::kernel::error::ErrorCode;
use madoguchi_core::kernel::secret::Password;
use madoguchi_core::output::letters::*;
use madoguchi_core::policy::law::*;
use madoguchi_core::policy::FeeMethod;
use madoguchi_core::procedure::fees::*;
use madoguchi_core::procedure::verification::OriginalInput;
use madoguchi_core::store::users::{NewUser, Role};
use madoguchi_core::store::Store;

fn case_with(
    s: &mut Store,
    policy_file_name: &str,
    received: &str,
    kinds: &[RequestKind],
    edit: impl FnOnce(&mut CaseInput),
) -> i64 {
    let policy = seed_policy(s, policy_file_name);
    let mut input = CaseInput::blank(Channel::Post, d(received));
    input.requester.name = "見本 花子".into();
    input.requester.postal_code = "150-0001".into();
    input.requester.address = "東京都渋谷区見本町4-5-6 見本コーポ202".into();
    input.kinds = kinds.to_vec();
    input.policy_id = Some(policy);
    edit(&mut input);
    s.create_case(&input, None, &[], d(received))
        .unwrap()
        .case
        .id
}

fn case(s: &mut Store, policy_file_name: &str, received: &str, kinds: &[RequestKind]) -> i64 {
    case_with(s, policy_file_name, received, kinds, |_| {})
}

/// The text with the layout's spaces and line breaks taken out, so phrases
/// can be found wherever a line was broken.
fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Issues the letter and checks its text holds every phrase; returns the PDF.
fn issue_and_read(s: &mut Store, id: i64, key: &str, on: &str, phrases: &[&str]) -> Vec<u8> {
    let letter = s
        .issue_letter(id, key, d(on))
        .unwrap_or_else(|e| panic!("{key}: {}", e.message()));
    let pdf = s.letter_pdf(letter.id).unwrap();
    let out = std::env::var_os("MADOGUCHI_LETTERS_OUT").map(std::path::PathBuf::from);
    if let Some(dir) = &out {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(format!("{key}.pdf")), &pdf).unwrap();
    }
    assert_page_is_drawn(&pdf, key, out.as_deref());
    if let Some(text) = pdf_text(&pdf) {
        let flat = squashed(&text);
        for p in phrases {
            assert!(
                flat.contains(&squashed(p)),
                "{key}: 「{p}」 not in:\n{text}"
            );
        }
        // 行頭禁則: no line of the letter starts with closing punctuation.
        for line in text.lines() {
            let first = line.trim_start().chars().next();
            assert!(
                !first.is_some_and(|c| "、。」）".contains(c)),
                "{key}: a line starts with {first:?}:\n{text}"
            );
        }
    }
    assert_subset_font(&pdf, key);
    pdf
}

/// pdffonts: IPAex Mincho only, embedded as a subset with a Unicode map.
fn assert_subset_font(pdf: &[u8], key: &str) {
    let Some(fonts) = pdf_tool("pdffonts", &[], pdf, false) else {
        return;
    };
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{key}: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+' && cols[0].contains("IPAexMincho"),
            "{key}: {fonts}"
        );
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            &["yes", "yes", "yes"],
            "{key}: {fonts}"
        );
    }
}

/// Renders page 1 with pdftoppm (as a viewer or printer would) and checks ink
/// is on it; keeps the PNG beside the PDF when asked (CI artifacts).
fn assert_page_is_drawn(pdf: &[u8], key: &str, keep_in: Option<&std::path::Path>) {
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("pdftoppm not on PATH: skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.pdf");
    std::fs::write(&path, pdf).unwrap();
    let png = dir.path().join("page");
    let ok = std::process::Command::new("pdftoppm")
        .args(["-r", "50", "-png", "-singlefile", "-f", "1"])
        .arg(&path)
        .arg(&png)
        .status()
        .unwrap();
    assert!(ok.success());
    let png = png.with_extension("png");
    let img = image::open(&png).unwrap().to_luma8();
    assert!(
        (413..=414).contains(&img.width()) && img.height() == 585,
        "A4 at 50 dpi: {}×{}",
        img.width(),
        img.height()
    );
    // Small type at 50 dpi is grey, not black: count what is not paper.
    let ink = img.pixels().filter(|p| p.0[0] < 200).count();
    assert!(ink > 3000, "{key}: page 1 looks blank ({ink} inked pixels)");
    if let Some(out) = keep_in {
        std::fs::copy(&png, out.join(format!("{key}.png"))).unwrap();
    }
}

#[test]
fn s0a_fee_guidance_then_disclosure_and_deletion_letters_and_mailing_moves_the_case() {
    let (_fx, mut s) = Fixture::new();
    let id = case_with(
        &mut s,
        "s0-email-desk.json",
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::Deletion],
        |i| {
            i.channel = Channel::Email;
            i.requester.email = "hanako@example.jp".into();
            i.requester.registered_email = "hanako@example.jp".into();
            i.disclosure_method = DisclosureMethod::Paper;
        },
    );
    let receipt = s.case(id).unwrap().receipt_no;
    let pdf = issue_and_read(
        &mut s,
        id,
        "fee_guidance",
        "2026-12-02",
        &[
            "手数料のご案内",
            "1,100円",
            "見本銀行 見本支店 普通 0000000",
            "令和8年12月2日",
            "令和8年12月1日",
            &receipt,
            "第2026-0001号",
            "〒150-0001",
            "見本 花子　様",
            "拝啓",
            "敬具",
            "記",
            "以上",
        ],
    );
    assert!(
        pdf.len() <= 150 * 1024,
        "one-page letter is {} bytes",
        pdf.len()
    );
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
        &mut s,
        id,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        "氏名：見本 花子\nメールアドレス：hanako@example.jp\n会員登録日：2024年4月1日",
    );
    decide(
        &mut s,
        id,
        RequestKind::Deletion,
        Outcome::Done,
        None,
        "",
        "会員情報（氏名・メールアドレス）を削除しました。",
    );
    s.set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap();

    let pdf = issue_and_read(
        &mut s,
        id,
        "disclosure_decision",
        "2026-12-10",
        &[
            "保有個人データ開示決定通知書",
            "令和8年12月10日",
            &receipt,
            "開示：全部開示",
            "書面の交付（郵送）",
            "別紙　開示する保有個人データ",
            "会員登録日：2024年4月1日",
            "第2026-0002号",
        ],
    );
    // The annex is on its own page; pages are numbered.
    if let Some(info) = pdf_tool("pdfinfo", &[], &pdf, false) {
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(" 2")),
            "{info}"
        );
        assert!(squashed(&pdf_text(&pdf).unwrap()).contains("1/2"));
    }
    let deletion = issue_and_read(
        &mut s,
        id,
        "correction_result",
        "2026-12-10",
        &[
            "訂正等の結果",
            "削除：実施",
            "会員情報（氏名・メールアドレス）を削除しました。",
            "法律第34条第3項",
        ],
    );
    let text = pdf_text(&deletion).unwrap_or_default();
    assert!(
        !text.contains("開示：全部開示"),
        "the deletion notice speaks only of 削除:\n{text}"
    );

    // 発送: a decision letter mailed moves the case to 発送済.
    let letters = s.case_letters(id).unwrap();
    assert_eq!(letters.len(), 3);
    assert_eq!(s.print_queue().unwrap().len(), 3);
    let disclosure = letters
        .iter()
        .find(|l| l.template_key == "disclosure_decision")
        .unwrap()
        .id;
    s.record_letter_output(disclosure, Output::Printed).unwrap();
    assert_eq!(s.print_queue().unwrap().len(), 2);
    let out = s
        .record_mailing(
            disclosure,
            &MailingInput {
                sent_on: "2026-12-10".into(),
                method: MailMethod::SimpleRegistered,
                tracking_no: "1234-5678-9012".into(),
                postage_yen: 460,
                note: String::new(),
            },
            d("2026-12-10"),
        )
        .unwrap();
    assert_eq!(out.moved_to, Some(CaseStatus::Sent));
    assert!(out.message.contains("発送済"), "{}", out.message);
    assert_eq!(s.case(id).unwrap().status, CaseStatus::Sent);
    assert_eq!(out.letter.mailings[0].tracking_no, "123456789012");
    let actions: Vec<String> = s
        .audit_entries(4)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"letter.mailed".to_string())
            && actions.contains(&"case.status_changed".to_string()),
        "{actions:?}"
    );
    // A second letter mailed leaves the case where it is, and says so.
    let deletion_id = letters
        .iter()
        .find(|l| l.template_key == "correction_result")
        .unwrap()
        .id;
    let out = s
        .record_mailing(
            deletion_id,
            &MailingInput {
                sent_on: "2026-12-10".into(),
                method: MailMethod::Ordinary,
                tracking_no: String::new(),
                postage_yen: 110,
                note: String::new(),
            },
            d("2026-12-10"),
        )
        .unwrap();
    assert_eq!(out.moved_to, None);
    assert!(out.message.contains("発送済」のまま"), "{}", out.message);
}

/// Text kept as typed (issue 16, point 7): ㈱, ①, （）, full-width digits
/// and 﨑 / 塚 (U+FA10) are stored and printed as written, and still found
/// by their ordinary forms.
#[test]
fn names_and_addresses_are_stored_and_printed_as_typed() {
    let (_fx, mut s) = Fixture::new();
    // 﨑 (U+FA11) and 塚 (U+FA10, which even NFC rewrites to 塚 U+585A).
    const NAME: &str = "山\u{FA11} \u{FA10}子";
    const ADDRESS: &str = "東京都渋谷区見本町１２３（見本ビル）①号室 ㈱見本内";
    let id = case_with(&mut s, "s0-email-desk.json", "2026-12-01", &[RequestKind::Disclosure], |i| {
        i.requester.name = format!("　{NAME} ");
        i.requester.address = ADDRESS.into();
        i.requester.phone = "０３－１２３４－５６７８".into();
    });
    let view = s.case_detail(id).unwrap().case;
    assert_eq!(view.input.requester.name, NAME, "only the spaces around it go");
    assert_eq!(view.input.requester.address, ADDRESS);
    assert_eq!(view.input.requester.phone, "０３－１２３４－５６７８");
    issue_and_read(&mut s, id, "id_documents_request", "2026-12-02", &[NAME, ADDRESS]);
    let found = s
        .list_cases(&CaseQuery { search: "山崎".into(), page_size: 10, ..Default::default() })
        .unwrap()
        .items;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].requester_name, NAME);
}

#[test]
fn s0b_asking_for_id_documents_lists_what_is_missing() {
    let (_fx, mut s) = Fixture::new();
    let id = case_with(
        &mut s,
        "s0-email-desk.json",
        "2026-12-01",
        &[RequestKind::Disclosure],
        |i| {
            i.channel = Channel::Email;
            i.requester.email = "other@example.jp".into();
            i.requester.registered_email = "hanako@example.jp".into();
        },
    );
    issue_and_read(
        &mut s,
        id,
        "id_documents_request",
        "2026-12-02",
        &[
            "本人確認書類の追加提出のお願い",
            "本人確認書類が必要です",
            "マイナンバーカードの写しは表面のみ",
        ],
    );
    // Mailing it moves a 受付 case to 本人確認中.
    let letter = s.case_letters(id).unwrap()[0].id;
    let out = s
        .record_mailing(
            letter,
            &MailingInput {
                sent_on: "2026-12-02".into(),
                method: MailMethod::Email,
                tracking_no: String::new(),
                postage_yen: 0,
                note: String::new(),
            },
            d("2026-12-02"),
        )
        .unwrap();
    assert_eq!(out.moved_to, Some(CaseStatus::Verifying));
}

#[test]
fn s0c_originals_returned_are_listed() {
    let (_fx, mut s) = Fixture::new();
    let id = case_with(
        &mut s,
        "s0-email-desk.json",
        "2026-12-01",
        &[RequestKind::Disclosure],
        |i| {
            i.requester_type = RequesterType::AppointedAgent;
            i.agent.name = "見本 一郎".into();
        },
    );
    // Nothing returned yet: the letter cannot be made, and says why.
    let e = s
        .issue_letter(id, "originals_return", d("2026-12-10"))
        .unwrap_err();
    assert!(
        e.message()
            .contains("返却書類：返却した原本の記録がありません"),
        "{}",
        e.message()
    );
    s.save_original(
        id,
        None,
        &OriginalInput {
            doc_type: DocType::PowerOfAttorney,
            received_on: "2026-12-05".into(),
            issued_on: String::new(),
            returned_on: "2026-12-10".into(),
            return_method: "簡易書留".into(),
            kept_reason: String::new(),
            note: String::new(),
        },
        d("2026-12-10"),
    )
    .unwrap();
    issue_and_read(
        &mut s,
        id,
        "originals_return",
        "2026-12-10",
        &[
            "ご提出書類（原本）の返却について",
            "委任状（原本）",
            "令和8年12月10日",
            "簡易書留",
        ],
    );
}

#[test]
fn s1a_correction_notice_carries_the_new_address() {
    let (_fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s1-form-no-fee.json",
        "2026-12-02",
        &[RequestKind::Correction],
    );
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        &mut s,
        id,
        RequestKind::Correction,
        Outcome::Done,
        None,
        "",
        "登録住所を「東京都千代田区見本町2-2-2」に訂正しました。",
    );
    issue_and_read(
        &mut s,
        id,
        "correction_result",
        "2026-12-09",
        &["訂正：実施", "東京都千代田区見本町2-2-2", "令和8年12月2日"],
    );
    // The acknowledgement states the due date of S1 (14 days): 2026-12-16.
    issue_and_read(
        &mut s,
        id,
        "acknowledgement",
        "2026-12-02",
        &["令和8年12月16日までにご回答", "訂正"],
    );
}

#[test]
fn s2a_partial_disclosure_names_the_ground_and_reasons_only_once_approved() {
    let (fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s2-disclosure-fee.json",
        "2026-12-01",
        &[RequestKind::Disclosure],
    );
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    let reasons = "社内の不正調査に関する記録は、開示すると調査の適正な実施に著しい支障を及ぼすおそれがあるため";
    decide(
        &mut s,
        id,
        RequestKind::Disclosure,
        Outcome::PartialDisclosure,
        Some(LegalGround::Appi33_2_2),
        reasons,
        "購入履歴（2025年1月〜2026年11月）",
    );
    let before = s.audit_entries(1).unwrap()[0].seq;
    let e = s
        .issue_letter(id, "partial_disclosure_decision", d("2026-12-08"))
        .unwrap_err();
    assert!(
        e.message().contains("管理者の承認がまだです"),
        "{}",
        e.message()
    );
    assert_eq!(
        s.audit_entries(1).unwrap()[0].seq,
        before,
        "a refused letter writes nothing"
    );
    assert!(s.case_letters(id).unwrap().is_empty());
    // The preview still shows the letter, with the gaps marked.
    let preview = s
        .letter_preview(id, "partial_disclosure_decision", d("2026-12-08"))
        .unwrap();
    assert!(preview.missing.iter().any(|m| m.name == "決定内容"));
    if let Some(text) = pdf_text(&preview.pdf) {
        assert!(squashed(&text).contains("〔決定内容：なし〕"), "{text}");
    }
    s.set_case_status(id, CaseStatus::AwaitingApproval, "")
        .unwrap();
    let mut other = second_admin(&fx, s);
    other.review_decisions(id, true, "妥当").unwrap();
    issue_and_read(
        &mut other,
        id,
        "partial_disclosure_decision",
        "2026-12-08",
        &[
            "一部開示・不開示決定通知書",
            "開示：一部開示",
            "法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）",
            reasons,
            "法律第33条第3項",
            "第36条",
            "購入履歴（2025年1月〜2026年11月）",
        ],
    );
}

#[test]
fn s2b_suspension_refused_with_reasons() {
    let (fx, mut s) = Fixture::new();
    let id = case(
        &mut s,
        "s2-disclosure-fee.json",
        "2026-12-01",
        &[RequestKind::Suspension],
    );
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    let reasons = "調査の結果、お客様の個人情報は利用目的の範囲内で取り扱われており、法令違反の事実が認められないため";
    decide(
        &mut s,
        id,
        RequestKind::Suspension,
        Outcome::NotDone,
        Some(LegalGround::Appi35),
        reasons,
        "",
    );
    s.set_case_status(id, CaseStatus::AwaitingApproval, "")
        .unwrap();
    let mut other = second_admin(&fx, s);
    other.review_decisions(id, true, "").unwrap();
    issue_and_read(
        &mut other,
        id,
        "suspension_result",
        "2026-12-09",
        &[
            "利用停止等の結果",
            "利用停止：実施しない",
            "法第35条（違反の事実が認められない）",
            reasons,
            "第35条第7項",
            "第36条",
        ],
    );
}

#[test]
fn s3_the_request_form_and_the_stamp_shortfall() {
    let (_fx, mut s) = Fixture::new();
    let id = case_with(
        &mut s,
        "s3-designated-form-stamps.json",
        "2026-12-03",
        &[RequestKind::Disclosure],
        |i| i.channel = Channel::Email,
    );
    let form = issue_and_read(
        &mut s,
        id,
        "request_form",
        "2026-12-03",
        &[
            "個人情報開示等申請書の送付について",
            "個人情報開示等申請書",
            "□開示",
            "□利用停止・消去",
            "氏名（フリガナ）",
            "請求の対象となる個人情報",
            "□電磁的記録",
            "1/2",
            "2/2",
        ],
    );
    assert_eq!(
        pdf_tool("pdfinfo", &[], &form, false).map(|i| i.contains("Pages:           2")),
        Some(true)
            .filter(|_| true)
            .or(None)
            .map(|_| true)
            .and(Some(true))
    );
    // Which letters the case can have now: not the shortfall notice yet.
    let ready = s.letter_readiness(id, d("2026-12-09")).unwrap();
    assert_eq!(ready.len(), 11);
    let lacks = |key: &str| {
        ready
            .iter()
            .find(|r| r.key == key)
            .unwrap()
            .missing
            .iter()
            .map(|m| m.name.clone())
            .collect::<Vec<_>>()
    };
    assert!(lacks("fee_guidance").is_empty() && lacks("acknowledgement").is_empty());
    assert_eq!(lacks("fee_shortfall"), ["不足額"]);
    assert_eq!(
        lacks("disclosure_decision"),
        ["決定内容", "開示する保有個人データ"]
    );
    // Not short yet: nothing to ask for.
    assert!(s
        .issue_letter(id, "fee_shortfall", d("2026-12-09"))
        .unwrap_err()
        .message()
        .contains("手数料に不足はありません"));
    s.record_payment(
        id,
        &PaymentInput {
            method: FeeMethod::Stamps,
            received_on: "2026-12-09".into(),
            stamps: vec![StampLine {
                face_yen: 110,
                count: 8,
            }],
            ..Default::default()
        },
        d("2026-12-09"),
    )
    .unwrap();
    issue_and_read(
        &mut s,
        id,
        "fee_shortfall",
        "2026-12-09",
        &[
            "手数料不足のお知らせ",
            "所定の手数料1,000円",
            "受領した額880円",
            "不足額120円",
            "1,000円分の郵便切手",
        ],
    );
}

#[test]
fn s4a_purpose_notice_and_acknowledgement_with_the_due_date() {
    let (_fx, mut s) = Fixture::new();
    let id = case_with(
        &mut s,
        "s4-phone-email-300yen.json",
        "2026-12-01",
        &[RequestKind::Disclosure, RequestKind::PurposeNotice],
        |i| i.channel = Channel::Phone,
    );
    issue_and_read(
        &mut s,
        id,
        "acknowledgement",
        "2026-12-01",
        &["令和8年12月31日までにご回答", "利用目的の通知、開示"],
    );
    issue_and_read(
        &mut s,
        id,
        "fee_guidance",
        "2026-12-01",
        &["300円", "郵便切手", "定額小為替"],
    );
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        &mut s,
        id,
        RequestKind::PurposeNotice,
        Outcome::Notified,
        None,
        "",
        "・商品の発送のため\n・お問い合わせへの回答のため",
    );
    // 開示 is not decided yet, but the purpose notice speaks only of its own kind.
    issue_and_read(
        &mut s,
        id,
        "purpose_notice",
        "2026-12-10",
        &[
            "利用目的の通知書",
            "商品の発送のため",
            "お問い合わせへの回答のため",
            "法律第32条第2項",
        ],
    );
}

#[test]
fn templates_are_versioned_and_an_issued_letter_is_drawn_as_it_was() {
    let (fx, mut s) = Fixture::new();
    assert_eq!(s.letter_templates().unwrap().len(), 11);
    let id = case(
        &mut s,
        "s1-form-no-fee.json",
        "2026-12-02",
        &[RequestKind::Correction],
    );
    let first = s
        .issue_letter(id, "acknowledgement", d("2026-12-02"))
        .unwrap();
    let before = pdf_text(&s.letter_pdf(first.id).unwrap());

    let mut t = s.letter_template("acknowledgement").unwrap();
    assert_eq!(t.version, 1);
    t.body.text = t
        .body
        .text
        .replace("ありがとうございます。", "誠にありがとうございます。");
    let saved = s
        .save_letter_template("acknowledgement", t.body.clone())
        .unwrap();
    assert_eq!((saved.version, saved.history.len()), (2, 2));
    assert_eq!(saved.history[0].created_by, "見本 管理者");
    assert!(!s.letter_templates().unwrap()[0].is_default);
    // Saving the same text again adds no version.
    assert_eq!(
        s.save_letter_template("acknowledgement", t.body.clone())
            .unwrap()
            .version,
        2
    );
    // A bad edit is refused at the field and changes nothing.
    let mut bad = t.body.clone();
    bad.text.push_str("\n{{口座番号}}");
    let e = s.save_letter_template("acknowledgement", bad).unwrap_err();
    assert_eq!(e.fields()[0].field, "text");
    assert_eq!(s.letter_template("acknowledgement").unwrap().version, 2);

    // The letter issued before the edit is drawn as it was sent.
    assert_eq!(pdf_text(&s.letter_pdf(first.id).unwrap()), before);
    let second = s
        .issue_letter(id, "acknowledgement", d("2026-12-02"))
        .unwrap();
    assert_eq!((first.template_version, second.template_version), (1, 2));
    assert_eq!(
        (first.document_no.as_str(), second.document_no.as_str()),
        ("第2026-0001号", "第2026-0002号")
    );
    if let Some(text) = pdf_text(&s.letter_pdf(second.id).unwrap()) {
        assert!(squashed(&text).contains("誠にありがとうございます"));
    }

    // Only a 管理者 edits templates.
    s.add_user(&NewUser {
        username: "tanto".into(),
        display_name: "見本 担当".into(),
        role: Role::Officer,
        password: Password::new("tanto-pass-2026"),
    })
    .unwrap();
    s.lock(false).unwrap();
    let mut officer = fx.unlock("tanto", "tanto-pass-2026").unwrap();
    assert_eq!(
        officer
            .save_letter_template("acknowledgement", t.body)
            .unwrap_err()
            .code(),
        ErrorCode::PermissionDenied
    );
    assert_eq!(
        officer
            .set_letter_offsets(Offsets {
                x_mm: 1.0,
                y_mm: 0.0
            })
            .unwrap_err()
            .code(),
        ErrorCode::PermissionDenied
    );
}

#[test]
fn envelope_offsets_move_the_address_and_are_range_checked() {
    let (_fx, mut s) = Fixture::new();
    assert!(s
        .set_letter_offsets(Offsets {
            x_mm: 31.0,
            y_mm: 0.0
        })
        .is_err());
    assert!(s
        .set_letter_offsets(Offsets {
            x_mm: f32::NAN,
            y_mm: 0.0
        })
        .is_err());
    assert_eq!(s.letter_offsets().unwrap(), Offsets::default());
    let o = s
        .set_letter_offsets(Offsets {
            x_mm: 2.54,
            y_mm: -3.0,
        })
        .unwrap();
    assert_eq!(
        o,
        Offsets {
            x_mm: 2.5,
            y_mm: -3.0
        }
    );
    let id = case(
        &mut s,
        "s1-form-no-fee.json",
        "2026-12-02",
        &[RequestKind::Correction],
    );
    let letter = s
        .issue_letter(id, "acknowledgement", d("2026-12-02"))
        .unwrap();
    // Where the 〒 line is drawn: pdftotext -bbox gives its position in pt.
    if let Some(html) = pdf_tool(
        "pdftotext",
        &["-bbox"],
        &s.letter_pdf(letter.id).unwrap(),
        true,
    ) {
        let line = html
            .lines()
            .find(|l| l.contains("〒150-0001"))
            .expect("postal code on the page");
        let x: f32 = line
            .split("xMin=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let x_mm = x * 25.4 / 72.0;
        assert!((x_mm - (24.0 + 2.5)).abs() < 0.5, "〒 at {x_mm} mm");
    }
    let calibration = calibration_pdf(s.letter_offsets().unwrap(), d("2026-12-02")).unwrap();
    if let Some(text) = pdf_text(&calibration) {
        assert!(
            squashed(&text).contains("宛名位置の確認用紙")
                && squashed(&text).contains("横+2.5mm縦-3.0mm"),
            "{text}"
        );
    }
}

#[test]
fn the_disclosure_package_and_the_timeline() {
    let (_fx, mut s) = Fixture::new();
    let id = case_with(
        &mut s,
        "s1-form-no-fee.json",
        "2026-12-02",
        &[RequestKind::Disclosure],
        |i| i.disclosure_method = DisclosureMethod::Electronic,
    );
    s.set_case_status(id, CaseStatus::Investigating, "")
        .unwrap();
    decide(
        &mut s,
        id,
        RequestKind::Disclosure,
        Outcome::FullDisclosure,
        None,
        "",
        "氏名：見本 花子\n購入履歴：=2件（2026年）\n備考欄の記録なし",
    );
    let letter = s
        .issue_letter(id, "disclosure_decision", d("2026-12-09"))
        .unwrap();
    assert!(letter.has_package);
    issue_and_read(
        &mut s,
        id,
        "disclosure_decision",
        "2026-12-09",
        &["電磁的記録の提供"],
    );
    let files = s.disclosure_package(letter.id).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 3);
    assert!(
        names[0].ends_with("_開示決定通知書.pdf")
            && names[1].ends_with("_別紙_開示データ.pdf")
            && names[2].ends_with("_別紙_開示データ.csv"),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("見本")),
        "no name in the file names: {names:?}"
    );
    let csv = String::from_utf8(files[2].bytes.clone()).unwrap();
    assert!(
        csv.contains("\"氏名\",\"見本 花子\"") && csv.contains("\"購入履歴\",\"'=2件（2026年）\""),
        "{csv}"
    );
    if let Some(text) = pdf_text(&files[1].bytes) {
        assert!(
            squashed(&text).contains("別紙開示する保有個人データ")
                && squashed(&text).contains("備考欄の記録なし"),
            "{text}"
        );
    }
    assert_eq!(
        s.audit_entries(1).unwrap()[0].action,
        "letter.disclosure_package_exported"
    );
    // A letter on paper has no package.
    let paper = s
        .issue_letter(id, "acknowledgement", d("2026-12-09"))
        .unwrap();
    assert!(!paper.has_package);
    assert!(s.disclosure_package(paper.id).is_err());

    // Issue, print and 発送 are on the case's timeline.
    s.record_letter_output(letter.id, Output::Printed).unwrap();
    s.set_case_status(id, CaseStatus::PreparingReply, "")
        .unwrap();
    s.record_mailing(
        letter.id,
        &MailingInput {
            sent_on: "2026-12-09".into(),
            method: MailMethod::Email,
            tracking_no: String::new(),
            postage_yen: 0,
            note: String::new(),
        },
        d("2026-12-09"),
    )
    .unwrap();
    let events: Vec<String> = s
        .case_detail(id)
        .unwrap()
        .events
        .iter()
        .map(event_summary)
        .collect();
    for e in [
        "文書を発行: 開示決定通知書（第2026-0001号）",
        "文書を印刷: 第2026-0001号",
        "文書を発送: 第2026-0001号（2026-12-09・メール添付）",
    ] {
        assert!(events.iter().any(|x| x == e), "{e} not in {events:?}");
    }
    assert_eq!(s.case(id).unwrap().status, CaseStatus::Sent);
}
