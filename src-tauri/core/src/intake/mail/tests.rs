//! Decoding tests: the shared 見本 fixtures and hand-made mails.

use super::address::parse_mailbox;
use super::header::clean_file_name;
use super::header::decode_unstructured;
use super::header::param_value;
use super::transfer::decode_base64_lenient;
use super::transfer::decode_qp;
use super::*;
use crate::intake::content::detect_kind;
use crate::kernel::error::ErrorCode;
use chrono::TimeZone;
use data_encoding::BASE64;
use encoding_rs::ISO_2022_JP;
use encoding_rs::SHIFT_JIS;
use std::path::{Path, PathBuf};

// ---- fixtures

fn fixtures_dir() -> PathBuf {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/mail");
    if beside.is_dir() {
        return beside;
    }
    if let Ok(dir) = std::env::var("MADOGUCHI_FIXTURES") {
        let dir = PathBuf::from(dir);
        if dir.join("mail").is_dir() {
            return dir.join("mail");
        }
        if dir.is_dir() {
            return dir;
        }
    }
    panic!(
        "mail fixtures not found: neither {} exists nor MADOGUCHI_FIXTURES points at the fixtures (or their mail/ folder)",
        beside.display()
    );
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn scan(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join("../scans").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read scan {}: {e}", path.display()))
}

fn parse_fixture(name: &str) -> ParsedMail {
    parse_eml(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn jst(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(9 * 3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
}

fn codes(m: &ParsedMail) -> Vec<&'static str> {
    m.problems.iter().map(|p| p.code).collect()
}

fn names_and_kinds(m: &ParsedMail) -> Vec<(Option<&str>, FileKind)> {
    m.attachments
        .iter()
        .map(|a| (a.file_name.as_deref(), a.detected))
        .collect()
}

/// Problem messages must never carry what the mail says.
fn assert_no_personal_data(m: &ParsedMail) {
    let mut secrets: Vec<String> = Vec::new();
    secrets.extend(m.from_name.clone());
    secrets.extend(m.from_address.clone());
    secrets.extend(m.subject.clone());
    secrets.extend(m.to.clone());
    secrets.extend(m.attachments.iter().filter_map(|a| a.file_name.clone()));
    secrets.extend(
        [
            "見本",
            "花子",
            "一郎",
            "髙橋",
            "example",
            "@",
            "免許証",
            "マイナンバー",
            "委任状",
        ]
        .map(String::from),
    );
    for p in &m.problems {
        for s in &secrets {
            assert!(
                !p.message.contains(s.as_str()),
                "problem {} leaks {s:?}: {}",
                p.code,
                p.message
            );
        }
    }
}

const FIXTURES: [&str; 6] = [
    "s0a-registered-iso2022jp.eml",
    "s0b-unregistered-utf8-with-scans.eml",
    "s0c-agent-with-poa.eml",
    "s4-shiftjis-cp932.eml",
    "broken-truncated.eml",
    "fake-image-attachment.eml",
];

#[test]
fn every_fixture_is_covered_and_parses() {
    let dir = fixtures_dir();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("read fixtures dir") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            FIXTURES.contains(&name.as_str()),
            "fixture {name} has no expectations in mail.rs tests: add them"
        );
        let m = parse_eml(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_no_personal_data(&m);
        assert!(
            !m.body_text.contains('\r') && !m.body_text.contains('\u{fffd}'),
            "{name}"
        );
        seen += 1;
    }
    assert_eq!(
        seen,
        FIXTURES.len(),
        "expected every known fixture in {}",
        dir.display()
    );
}

#[test]
fn s0a_iso_2022_jp_from_the_registered_address() {
    let m = parse_fixture("s0a-registered-iso2022jp.eml");
    assert_eq!(m.from_name.as_deref(), Some("見本 花子"));
    assert_eq!(m.from_address.as_deref(), Some("hanako.mihon@example.jp"));
    assert_eq!(m.to, vec!["privacy-desk@sample-corp.example".to_string()]);
    assert_eq!(m.subject.as_deref(), Some("個人情報の開示等のお願い"));
    assert_eq!(m.date, Some(jst(2026, 12, 1, 9, 12)));
    assert_eq!(
        m.message_id.as_deref(),
        Some("20261201091200.96044044@example.jp")
    );
    assert!(
        m.body_text.starts_with(
            "株式会社サンプル\n個人情報問合せ窓口ご担当者様\n\nお世話になっております。"
        ),
        "{}",
        m.body_text
    );
    for fragment in [
        "貴社サービスの会員の見本花子と申します。",
        "個人情報保護法に基づき、下記のとおり請求いたします。",
        "1. ご登録時のメールアドレス：hanako.mihon@example.jp",
        "3. 本名：見本 花子（ミホン ハナコ）",
        "4. 請求の内容：b) 開示、f) 削除",
        "\n　対象：会員登録情報、マッチング履歴、メッセージ履歴\n",
        "　開示の方法：書面での郵送を希望します",
    ] {
        assert!(
            m.body_text.contains(fragment),
            "missing {fragment:?} in {}",
            m.body_text
        );
    }
    assert!(m
        .body_text
        .ends_with("よろしくお願いいたします。\n見本 花子"));
    assert!(m.attachments.is_empty());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn s0b_utf8_with_rfc2231_japanese_names_and_the_back_of_a_my_number_card() {
    let m = parse_fixture("s0b-unregistered-utf8-with-scans.eml");
    assert_eq!(m.from_name.as_deref(), Some("Hanako"));
    assert_eq!(
        m.from_address.as_deref(),
        Some("hanako.private@example.net")
    );
    assert_eq!(
        m.subject.as_deref(),
        Some("【開示請求】会員情報の開示について")
    );
    assert_eq!(m.date, Some(jst(2026, 12, 1, 22, 40)));
    assert_eq!(
        m.message_id.as_deref(),
        Some("20261201224000.61792770@example.jp")
    );
    for fragment in [
        "① ご登録時のメールアドレス：hanako.mihon@example.jp",
        "③ 本名：見本 花子（ミホン ハナコ）",
        "※登録と異なるアドレスから送信しているため、本人確認書類を添付します。",
    ] {
        assert!(m.body_text.contains(fragment), "missing {fragment:?}");
    }
    assert_eq!(
        names_and_kinds(&m),
        vec![
            (Some("運転免許証.jpg"), FileKind::Jpeg),
            (Some("マイナンバーカード.jpg"), FileKind::Jpeg)
        ]
    );
    assert_eq!(
        m.attachments[0].declared_type.as_deref(),
        Some("image/jpeg")
    );
    assert_eq!(m.attachments[0].bytes, scan("license-front.jpg"));
    // the second attachment is the back of the card, with the 個人番号
    assert_eq!(m.attachments[1].bytes, scan("mynumber-back.jpg"));
    assert_eq!(
        m.attachments.iter().map(|a| a.position).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn s0c_agent_with_power_of_attorney() {
    let m = parse_fixture("s0c-agent-with-poa.eml");
    // the whole "name <addr>" is one encoded word in this mail
    assert_eq!(m.from_name.as_deref(), Some("代理 一郎"));
    assert_eq!(m.from_address.as_deref(), Some("dairi.ichiro@example.org"));
    assert_eq!(m.subject.as_deref(), Some("代理人による開示請求のご連絡"));
    assert_eq!(m.date, Some(jst(2026, 12, 2, 14, 0)));
    assert!(m.body_text.contains(
        "代理人として請求します。本人：見本 花子（登録メール hanako.mihon@example.jp）。"
    ));
    assert!(m
        .body_text
        .contains("委任状の写しを添付します。原本と印鑑登録証明書は郵送いたします。"));
    assert_eq!(
        names_and_kinds(&m),
        vec![(Some("委任状.pdf"), FileKind::Pdf)]
    );
    assert_eq!(
        m.attachments[0].declared_type.as_deref(),
        Some("application/pdf")
    );
    assert_eq!(m.attachments[0].bytes, scan("power-of-attorney.pdf"));
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn s4_shift_jis_is_decoded_as_cp932() {
    let m = parse_fixture("s4-shiftjis-cp932.eml");
    assert_eq!(m.from_name, None);
    assert_eq!(
        m.from_address.as_deref(),
        Some("ichiro.takahashi@example.jp")
    );
    assert_eq!(m.subject.as_deref(), Some("開示請求（髙橋）"));
    assert_eq!(m.date, Some(jst(2026, 12, 2, 10, 5)));
    assert_eq!(m.message_id, None);
    assert_eq!(
        m.body_text,
        "㈱サンプル 個人情報窓口 御中\n\n髙橋 一郎（タカハシ イチロウ）です。\n\
         ① 登録メール：ichiro.takahashi@example.jp\n\
         ② 請求：利用目的の通知、開示\n\
         ③ 電話番号：０８０－００００－００００\n\
         以上、よろしくお願いします。"
    );
    assert!(m.attachments.is_empty());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn broken_truncated_imports_what_is_there_and_says_what_is_not() {
    let m = parse_fixture("broken-truncated.eml");
    assert_eq!(m.from_name.as_deref(), Some("Hanako"));
    assert_eq!(
        m.from_address.as_deref(),
        Some("hanako.private@example.net")
    );
    assert_eq!(
        m.subject.as_deref(),
        Some("【開示請求】会員情報の開示について")
    );
    assert_eq!(m.date, Some(jst(2026, 12, 1, 22, 40)));
    assert!(m.body_text.contains("④ 請求の内容：b) 開示、f) 削除"));
    assert!(m.body_text.ends_with("本人確認書類を添付します。"));
    // the licence is complete; the My Number card was cut off
    assert_eq!(
        names_and_kinds(&m),
        vec![(Some("運転免許証.jpg"), FileKind::Jpeg)]
    );
    assert_eq!(m.attachments[0].bytes, scan("license-front.jpg"));
    assert_eq!(codes(&m), vec!["mail_truncated", "attachment_truncated"]);
    assert_eq!(
        m.problems[0].message,
        "メールが途中で切れています。読み取れた部分だけを取り込みました。"
    );
    assert!(
        m.problems[1]
            .message
            .starts_with("2番目の添付ファイルは途中で切れている"),
        "{}",
        m.problems[1].message
    );
}

#[test]
fn fake_image_is_detected_by_content() {
    let m = parse_fixture("fake-image-attachment.eml");
    assert_eq!(m.from_name, None);
    assert_eq!(m.from_address.as_deref(), Some("hanako.mihon@example.jp"));
    assert_eq!(m.subject.as_deref(), Some("本人確認書類"));
    assert_eq!(m.date, Some(jst(2026, 12, 3, 8, 0)));
    assert_eq!(
        m.message_id.as_deref(),
        Some("20261203080000.58786240@example.jp")
    );
    assert_eq!(m.body_text, "本人確認書類を送ります。");
    assert_eq!(
        names_and_kinds(&m),
        vec![(Some("免許証.jpg"), FileKind::Executable)]
    );
    assert_eq!(
        m.attachments[0].declared_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(m.attachments[0].bytes, b"MZ\x90\x00 this is not an image");
    assert_eq!(
        codes(&m),
        vec!["attachment_not_image", "attachment_executable"]
    );
    assert!(
        m.problems[0].message.starts_with(
            "1番目の添付ファイルは名前が画像（.jpg）ですが、内容は画像ではありません。"
        ),
        "{}",
        m.problems[0].message
    );
}

// ---- never panic

struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn must_not_panic(bytes: &[u8], what: &str) {
    // The inner layer, without parse_eml's catch_unwind safety net.
    let r = std::panic::catch_unwind(|| {
        let _ = detect_kind(bytes);
        match mail_start(bytes) {
            Some(start) => {
                if let Ok(m) = parse_inner(&bytes[start..]) {
                    assert!(!m.body_text.contains('\r'));
                    for a in &m.attachments {
                        assert!(!a.bytes.is_empty());
                    }
                }
            }
            None => assert!(matches!(parse_eml(bytes), Err(MailError::NotAMail))),
        }
    });
    assert!(r.is_ok(), "panicked on {what}");
}

#[test]
fn truncations_of_every_fixture_never_panic() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let mut cuts: Vec<usize> = (0..bytes.len().min(1200)).collect();
        let step = (bytes.len() / 150).max(1);
        cuts.extend((0..bytes.len()).step_by(step));
        // around every boundary line
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for (pos, _) in text.match_indices("\n--") {
            cuts.extend(pos.saturating_sub(4)..(pos + 72).min(bytes.len()));
        }
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts {
            must_not_panic(&bytes[..cut], &format!("{name} cut at {cut}"));
        }
    }
}

#[test]
fn truncated_fixtures_keep_their_headers() {
    let bytes = fixture("s0b-unregistered-utf8-with-scans.eml");
    // cut inside the second attachment
    let cut = bytes.len() - 2000;
    let m = parse_eml(&bytes[..cut]).unwrap();
    assert_eq!(
        m.from_address.as_deref(),
        Some("hanako.private@example.net")
    );
    assert_eq!(
        names_and_kinds(&m),
        vec![(Some("運転免許証.jpg"), FileKind::Jpeg)]
    );
    assert_eq!(codes(&m), vec!["mail_truncated", "attachment_truncated"]);
    // cut inside the body
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body_at = text.find("base64\n\n").unwrap() + 8;
    let m = parse_eml(&bytes[..body_at + 200]).unwrap();
    assert_eq!(
        m.subject.as_deref(),
        Some("【開示請求】会員情報の開示について")
    );
    assert!(
        m.body_text.starts_with("株式会社サンプル"),
        "{}",
        m.body_text
    );
    assert!(m.attachments.is_empty());
    assert!(codes(&m).contains(&"mail_truncated"));
    assert!(codes(&m).contains(&"body_truncated"));
    // cut inside the headers
    let m = parse_eml(&bytes[..300]).unwrap();
    assert_eq!(m.body_text, "");
    assert!(codes(&m).contains(&"mail_truncated"));
}

#[test]
fn random_and_mutated_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for i in 0..1500 {
        let len = rng.below(3000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        must_not_panic(&bytes, &format!("random #{i}"));
        // random bytes behind a plausible header, to get past the first check
        let mut with_header = b"From: =?utf-8?B?".to_vec();
        with_header.extend_from_slice(&bytes);
        must_not_panic(&with_header, &format!("header + random #{i}"));
    }
    let alphabet: &[u8] = b"=?:;\"<>@\r\n\t -_BQbq*'%0123456789ABCDEFabcdef\x1b$()/\\&#";
    for name in FIXTURES {
        let original = fixture(name);
        for i in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.below(20) {
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[at] = alphabet[rng.below(alphabet.len())],
                    1 => bytes[at] = rng.next() as u8,
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            must_not_panic(&bytes, &format!("{name} mutation #{i}"));
        }
    }
    // structured junk
    for i in 0..400 {
        let mut s = b"Content-Type: multipart/mixed; boundary=b\r\nFrom: a@b\r\n\r\n".to_vec();
        for _ in 0..rng.below(12) {
            let piece: &[u8] = match rng.below(9) {
                0 => b"--b\r\n",
                1 => b"--b--\r\n",
                2 => b"Content-Type: text/html; charset=iso-2022-jp\r\n",
                3 => b"Content-Transfer-Encoding: base64\r\n",
                4 => b"Content-Type: message/rfc822\r\n\r\n",
                5 => b"\r\n",
                6 => {
                    b"Content-Disposition: attachment; filename*0*=utf-8''%E5; filename*1*=%85\r\n"
                }
                7 => b"<p>&#x1F600;&amp<br\xe3\x81\x82",
                _ => b"=?iso-2022-jp?B?GyRCOCtLXBsoQg==?= \x1b$B3t\r\n",
            };
            s.extend_from_slice(piece);
        }
        must_not_panic(&s, &format!("structured junk #{i}"));
    }
}

// ---- decoding details

#[test]
fn garbage_and_non_mail_files_are_not_mails() {
    for bytes in [
        &b""[..],
        b"\x00\x01\x02garbage",
        b"just some text\nwithout headers\n",
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b": no name\n",
        b"X-Only-Unknown: header\n\nbody",
        b" From: folded first line\n",
    ] {
        assert!(
            matches!(parse_eml(bytes), Err(MailError::NotAMail)),
            "{bytes:?}"
        );
    }
    assert!(matches!(
        parse_eml(&scan("power-of-attorney.pdf")),
        Err(MailError::NotAMail)
    ));
    assert!(matches!(
        parse_eml(&scan("license-front.jpg")),
        Err(MailError::NotAMail)
    ));
}

#[test]
fn too_large_is_refused_before_parsing() {
    let mut big = b"From: a@example.jp\r\n\r\n".to_vec();
    big.resize(MAX_EML_BYTES + 1, b'a');
    assert!(matches!(parse_eml(&big), Err(MailError::TooLarge)));
    let e = MailError::TooLarge;
    assert_eq!(e.code(), ErrorCode::MailTooLarge);
    assert!(e.message().contains("50MB"));
    assert_eq!(MailError::NotAMail.code(), ErrorCode::NotAMail);
    assert!(!MailError::NotAMail.message().is_empty());
}

#[test]
fn mbox_line_and_bom_are_skipped() {
    let mut bytes = b"\xEF\xBB\xBFFrom hanako@example.jp Tue Dec  1 09:12:00 2026\n".to_vec();
    bytes.extend_from_slice(&fixture("s0a-registered-iso2022jp.eml"));
    let m = parse_eml(&bytes).unwrap();
    assert_eq!(m.from_name.as_deref(), Some("見本 花子"));
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn encoded_words_split_inside_a_character_are_joined() {
    // "髙橋" in UTF-8 split across two encoded words in the middle of 髙
    let bytes = "髙橋".as_bytes();
    let raw = format!(
        "=?UTF-8?B?{}?=\r\n =?utf-8?b?{}?= 様",
        BASE64.encode(&bytes[..2]),
        BASE64.encode(&bytes[2..])
    );
    assert_eq!(
        decode_unstructured(raw.as_bytes()),
        ("髙橋 様".to_string(), false)
    );
    // Q encoding, CP932 labelled Shift_JIS, ISO-2022-JP with a language tag
    let (sjis, _, _) = SHIFT_JIS.encode("①㈱髙");
    let q: String = sjis.iter().map(|b| format!("={b:02X}")).collect();
    assert_eq!(
        decode_unstructured(format!("=?Shift_JIS?Q?{q}?=").as_bytes()).0,
        "①㈱髙"
    );
    assert_eq!(
        decode_unstructured(format!("=?cp932?Q?{q}?=").as_bytes()).0,
        "①㈱髙"
    );
    let (jis, _, _) = ISO_2022_JP.encode("見本");
    let raw = format!("Re: =?ISO-2022-JP*ja?B?{}?= (SAMPLE)", BASE64.encode(&jis));
    assert_eq!(decode_unstructured(raw.as_bytes()).0, "Re: 見本 (SAMPLE)");
    // raw 8-bit headers are sniffed
    assert_eq!(decode_unstructured(&sjis).0, "①㈱髙");
    assert_eq!(decode_unstructured("見本".as_bytes()).0, "見本");
    // not an encoded word
    assert_eq!(decode_unstructured(b"a =? b ?= c").0, "a =? b ?= c");
}

#[test]
fn mailboxes_in_their_many_forms() {
    let p = |s: &str| parse_mailbox(s.as_bytes());
    assert_eq!(
        p("\"Mihon, Hanako\" <Hanako@Example.JP>"),
        (
            Some("Mihon, Hanako".into()),
            Some("hanako@example.jp".into()),
            false
        )
    );
    assert_eq!(
        p("hanako@example.jp (見本 花子)"),
        (
            Some("見本 花子".into()),
            Some("hanako@example.jp".into()),
            false
        )
    );
    assert_eq!(
        p(" <hanako@example.jp>"),
        (None, Some("hanako@example.jp".into()), false)
    );
    assert_eq!(
        p("a@example.jp, b@example.jp"),
        (None, Some("a@example.jp".into()), false)
    );
    let (jis, _, _) = ISO_2022_JP.encode("見本 花子");
    let quoted = format!(
        "\"=?ISO-2022-JP?B?{}?=\" <h@example.jp>",
        BASE64.encode(&jis)
    );
    assert_eq!(p(&quoted).0.as_deref(), Some("見本 花子"));
    assert_eq!(
        p("no address here"),
        (Some("no address here".into()), None, false)
    );
}

#[test]
fn rfc2231_continuations_are_joined_before_decoding() {
    let (jis, _, _) = ISO_2022_JP.encode("運転免許証.jpg");
    let pct: String = jis.iter().map(|b| format!("%{b:02X}")).collect();
    let (a, b) = pct.split_at(pct.len() / 2 / 3 * 3);
    let header = format!("attachment;\r\n filename*0*=iso-2022-jp'ja'{a};\r\n filename*1*={b}");
    assert_eq!(
        param_value(header.as_bytes(), "filename"),
        Some(("運転免許証.jpg".to_string(), false))
    );
    // UTF-8 split inside a character, one piece quoted and not extended
    let header = "attachment; filename*2=\".pdf\"; filename*1*=%A8%BC; filename*0*=UTF-8''%E5%85%8D%E8%A8%B1%E8";
    assert_eq!(
        param_value(header.as_bytes(), "filename"),
        Some(("免許証.pdf".to_string(), false))
    );
    // a broken UTF-8 name stays UTF-8 (and says so) rather than becoming Shift_JIS mojibake
    let header = "attachment; filename*=UTF-8''%E5%85%8D%E8%A8%B1%E8.pdf";
    assert_eq!(
        param_value(header.as_bytes(), "filename"),
        Some(("免許\u{fffd}.pdf".to_string(), true))
    );
    // RFC 2047 inside a quoted parameter (what many Japanese mailers send)
    let header = format!(
        "image/jpeg; name=\"=?ISO-2022-JP?B?{}?=\"",
        BASE64.encode(&jis)
    );
    assert_eq!(
        param_value(header.as_bytes(), "name").unwrap().0,
        "運転免許証.jpg"
    );
    // filename* wins over filename
    let header = "attachment; filename=\"fallback.jpg\"; filename*=utf-8''%E5%85%8D.jpg";
    assert_eq!(
        param_value(header.as_bytes(), "filename").unwrap().0,
        "免.jpg"
    );
    assert_eq!(
        clean_file_name("C:\\Users\\x\\免許証.jpg").as_deref(),
        Some("免許証.jpg")
    );
    assert_eq!(
        clean_file_name("../../etc/passwd").as_deref(),
        Some("passwd")
    );
    assert_eq!(clean_file_name(".."), None);
}

fn multipart(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut m = b"From: =?UTF-8?B?6KaL5pysIOiKseWtkA==?= <hanako.mihon@example.jp>\r\n\
To: desk@example.jp, =?utf-8?b?56qT5Y+j?= <Madoguchi@Example.JP>\r\n\
Subject: test\r\nDate: Fri, 4 Dec 2026 10:00:00 +0900\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\nThis is a multi-part message in MIME format.\r\n"
        .to_vec();
    for (headers, body) in parts {
        m.extend_from_slice(b"--XX\r\n");
        m.extend_from_slice(headers.as_bytes());
        m.extend_from_slice(b"\r\n\r\n");
        m.extend_from_slice(body);
        m.extend_from_slice(b"\r\n");
    }
    m.extend_from_slice(b"--XX--\r\n");
    m
}

#[test]
fn alternative_prefers_plain_text_and_falls_back_to_html() {
    let alt = b"--YY\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=E6=9C=AC=E6=96=87=E3=81=A7=E3=81=99=E3=80=82\r\n\
--YY\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML</p>\r\n--YY--";
    let m = parse_eml(&multipart(&[(
        "Content-Type: multipart/alternative; boundary=YY",
        alt,
    )]))
    .unwrap();
    assert_eq!(m.body_text, "本文です。");
    assert_eq!(m.from_name.as_deref(), Some("見本 花子"));
    assert_eq!(
        m.to,
        vec![
            "desk@example.jp".to_string(),
            "madoguchi@example.jp".to_string()
        ]
    );
    assert!(m.attachments.is_empty());
    assert!(m.problems.is_empty(), "{:?}", m.problems);

    let html = "<html><head><title>t</title><style>p{}</style></head><body>\
<div>株式会社サンプル<br>御中</div><div>見本\r\n花子 &amp; Co.&nbsp;様</div>\
<script>alert(1)</script><p>①&#x2460;&#9312;</p></body></html>";
    let (sjis, _, _) = SHIFT_JIS.encode(html);
    let body = BASE64.encode(&sjis);
    let m = parse_eml(&multipart(&[(
        "Content-Type: text/html; charset=\"Shift_JIS\"\r\nContent-Transfer-Encoding: base64",
        body.as_bytes(),
    )]))
    .unwrap();
    assert_eq!(
        m.body_text,
        "株式会社サンプル\n御中\n見本花子 & Co. 様\n①①①"
    );
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn mislabelled_and_unlabelled_japanese_bodies_are_sniffed() {
    let (jis, _, _) = ISO_2022_JP.encode("見本です");
    let mut mail = b"From: a@example.jp\r\nDate: Fri, 4 Dec 2026 10:00:00 +0900\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n".to_vec();
    mail.extend_from_slice(&jis);
    assert_eq!(parse_eml(&mail).unwrap().body_text, "見本です");
    let (sjis, _, _) = SHIFT_JIS.encode("髙橋です");
    let mut mail = b"From: a@example.jp\r\nDate: Fri, 4 Dec 2026 10:00:00 +0900\r\n\r\n".to_vec();
    mail.extend_from_slice(&sjis);
    let m = parse_eml(&mail).unwrap();
    assert_eq!(m.body_text, "髙橋です");
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn header_problems_are_reported() {
    let m = parse_eml(b"Subject: x\r\nDate: not a date at all\r\n\r\nbody").unwrap();
    assert_eq!(codes(&m), vec!["from_missing", "date_unreadable"]);
    let m = parse_eml(b"From: nobody\r\nSubject: x\r\n\r\nbody").unwrap();
    assert_eq!(codes(&m), vec!["from_unreadable", "date_missing"]);
    assert_eq!(m.from_name.as_deref(), Some("nobody"));
    assert_eq!(m.body_text, "body");
}

#[test]
fn attachments_are_judged_by_content() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x00IEND\xaeB`\x82";
    let pdf_named_jpg = scan("power-of-attorney.pdf");
    let mail = multipart(&[
        ("Content-Type: text/plain; charset=utf-8", "本文".as_bytes()),
        (
            "Content-Type: image/jpeg; name=\"scan.jpg\"\r\nContent-Transfer-Encoding: base64",
            BASE64.encode(png).as_bytes(),
        ),
        (
            "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"doc.PDF\"\r\nContent-Transfer-Encoding: base64",
            BASE64.encode(b"hello, plain text").as_bytes(),
        ),
        (
            "Content-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"photo.jpeg\"\r\nContent-Transfer-Encoding: base64",
            BASE64.encode(&pdf_named_jpg).as_bytes(),
        ),
        ("Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=memo.txt", "メモ".as_bytes()),
    ]);
    let m = parse_eml(&mail).unwrap();
    assert_eq!(m.body_text, "本文");
    assert_eq!(
        names_and_kinds(&m),
        vec![
            (Some("scan.jpg"), FileKind::Png), // an image, if not the promised one: no complaint
            (Some("doc.PDF"), FileKind::Text),
            (Some("photo.jpeg"), FileKind::Pdf),
            (Some("memo.txt"), FileKind::Text),
        ]
    );
    assert_eq!(m.attachments[2].bytes, pdf_named_jpg);
    assert_eq!(m.attachments[3].bytes, "メモ".as_bytes());
    assert_eq!(
        codes(&m),
        vec!["attachment_not_pdf", "attachment_not_image"]
    );
    assert!(m.problems[0]
        .message
        .starts_with("2番目の添付ファイルは名前がPDF（.pdf）ですが"));
    assert!(m.problems[1]
        .message
        .starts_with("3番目の添付ファイルは名前が画像（.jpeg）ですが、内容は画像ではありません。"));
    assert_no_personal_data(&m);
}

#[test]
fn a_forwarded_mail_is_an_eml_attachment() {
    let inner = fixture("s4-shiftjis-cp932.eml");
    let m = parse_eml(&multipart(&[
        ("Content-Type: text/plain", b"fwd"),
        ("Content-Type: message/rfc822", &inner),
    ]))
    .unwrap();
    assert_eq!(m.body_text, "fwd");
    assert_eq!(m.attachments.len(), 1);
    assert_eq!(m.attachments[0].detected, FileKind::Eml);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn detect_kind_by_magic_numbers() {
    assert_eq!(detect_kind(&scan("mynumber-front.jpg")), FileKind::Jpeg);
    assert_eq!(
        detect_kind(&scan("seal-certificate-old.pdf")),
        FileKind::Pdf
    );
    assert_eq!(
        detect_kind(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
        FileKind::Png
    );
    assert_eq!(detect_kind(b"MZ\x90\x00"), FileKind::Executable);
    let mut elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00".to_vec();
    elf.resize(64, 0);
    assert_eq!(detect_kind(&elf), FileKind::Executable);
    assert_eq!(
        detect_kind(b"PK\x03\x04\x14\x00\x00\x00\x08\x00"),
        FileKind::Zip
    );
    assert_eq!(
        detect_kind(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
        FileKind::Heic
    );
    assert_eq!(detect_kind("見本のテキスト\r\n".as_bytes()), FileKind::Text);
    assert_eq!(detect_kind(&SHIFT_JIS.encode("髙橋①").0), FileKind::Text);
    assert_eq!(
        detect_kind(&fixture("s0a-registered-iso2022jp.eml")),
        FileKind::Eml
    );
    assert_eq!(detect_kind(b""), FileKind::Unknown);
    assert_eq!(detect_kind(b"\x00\x01\x02\x03\xfe"), FileKind::Unknown);
    for k in FileKind::ALL {
        assert_eq!(FileKind::from_code(k.code()), Some(k));
        assert!(!k.label_ja().is_empty() && k.mime().contains('/'));
    }
    assert_eq!(FileKind::Jpeg.label_ja(), "JPEG画像");
    assert_eq!(FileKind::Pdf.label_ja(), "PDF");
    assert_eq!(FileKind::from_code("nope"), None);
}

#[test]
fn lenient_transfer_decoding() {
    let d = decode_base64_lenient(b"5pys5Lq6\r\n56K66KqN");
    assert_eq!(
        (d.bytes.as_slice(), d.invalid, d.partial),
        ("本人確認".as_bytes(), false, false)
    );
    let d = decode_base64_lenient(b"5pys5Lq656");
    assert!(d.partial && !d.invalid);
    let d = decode_base64_lenient(b"5py!s");
    assert!(d.invalid);
    assert_eq!(decode_qp(b"a=3Db=\r\nc=\nd=ZZ="), b"a=bcd=ZZ");
}
