//! The MIME structure: where the mail starts, its parts (mail-parser finds
//! them), and what each leaf holds, read from the raw bytes.

use super::address::clean_address;
use super::address::parse_mailbox;
use super::body::html_to_text;
use super::body::normalise_body;
use super::header::clean_file_name;
use super::header::decode_unstructured;
use super::header::param_value;
use super::header::tidy_line;
use super::transfer::decode_base64_lenient;
use super::transfer::decode_qp;
use super::transfer::Decoded;
use crate::intake::charset::decode_text;
use crate::intake::content::detect_kind;
use crate::intake::content::looks_complete;
use crate::intake::content::promised_by_name;
use crate::intake::content::FileKind;
use crate::intake::mail::MailAttachment;
use crate::intake::mail::MailError;
use crate::intake::mail::MailProblem;
use crate::intake::mail::ParsedMail;
use chrono::FixedOffset;
use chrono::NaiveDate;
use mail_parser::Address;
use mail_parser::MessageParser;
use mail_parser::PartType;
use mail_parser::{MessagePart, MimeHeaders};
use memchr::memmem;
/// One leaf of the MIME tree, as we judge it.
pub(super) struct Leaf {
    id: usize,
    declared: Option<String>,
    charset: Option<String>,
    file_name: Option<String>,
    name_garbled: bool,
    is_attachment_disposition: bool,
    truncated: bool,
    damaged: bool,
    bytes: Vec<u8>,
    body_range: (usize, usize),
}

pub(super) fn parse_inner(raw: &[u8]) -> Result<ParsedMail, MailError> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(MailError::NotAMail)?;
    let root = message.parts.first().ok_or(MailError::NotAMail)?;
    let mut problems: Vec<MailProblem> = Vec::new();
    let mut mail_truncated = false;

    // --- headers
    let subject = raw_header(raw, root, "Subject").map(decode_unstructured);
    let subject_garbled = subject.as_ref().is_some_and(|(_, bad)| *bad);
    let subject = subject
        .map(|(s, _)| tidy_line(&s))
        .filter(|s| !s.is_empty());

    let from_raw = raw_header(raw, root, "From");
    let (mut from_name, mut from_address, name_garbled) =
        from_raw.map(parse_mailbox).unwrap_or((None, None, false));
    if from_address.is_none() {
        if let Some(Address::List(list)) = message.from() {
            if let Some(addr) = list.iter().find(|a| a.address.is_some()) {
                from_address = addr.address.as_deref().and_then(clean_address);
                if from_name.is_none() {
                    from_name = addr
                        .name
                        .as_deref()
                        .map(tidy_line)
                        .filter(|s| !s.is_empty());
                }
            }
        }
    }

    let to = message
        .to()
        .map(|a| {
            a.iter()
                .filter_map(|addr| addr.address.as_deref().and_then(clean_address))
                .collect()
        })
        .unwrap_or_default();

    let date = message.date().and_then(|d| {
        let offset_secs = (i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60)
            * if d.tz_before_gmt { -1 } else { 1 };
        let offset = FixedOffset::east_opt(offset_secs)?;
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?
            .and_hms_opt(u32::from(d.hour), u32::from(d.minute), u32::from(d.second))?
            .and_local_timezone(offset)
            .single()
    });
    let message_id = message
        .message_id()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());

    // --- is the structure complete? Every multipart needs its closing delimiter.
    // The closing delimiters are collected in one pass: searching the rest
    // of the mail once per multipart was quadratic (a hostile mail nesting
    // 10,000 parts took minutes).
    let closing: std::collections::HashSet<&[u8]> = raw
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let line = line.trim_ascii_end();
            (line.len() >= 4 && line.starts_with(b"--") && line.ends_with(b"--"))
                .then(|| &line[2..line.len() - 2])
        })
        .collect();
    for part in &message.parts {
        if let PartType::Multipart(_) = part.body {
            if let Some(boundary) = part.content_type().and_then(|ct| ct.attribute("boundary")) {
                if !closing.contains(boundary.as_bytes()) {
                    mail_truncated = true;
                }
            }
        }
    }
    // A header block that never ends is a mail cut off in its headers.
    if memmem::find(raw, b"\n\n").is_none() && memmem::find(raw, b"\r\n\r\n").is_none() {
        mail_truncated = true;
    }

    // --- the leaves
    let mut body_ids: Vec<usize> = message.text_body.iter().map(|&i| i as usize).collect();
    let html_ids: Vec<usize> = message.html_body.iter().map(|&i| i as usize).collect();
    let attachment_ids: Vec<usize> = message.attachments.iter().map(|&i| i as usize).collect();
    let mut leaves: Vec<Leaf> = Vec::new();
    for (id, part) in message.parts.iter().enumerate() {
        if let PartType::Multipart(_) = part.body {
            continue;
        }
        if !body_ids.contains(&id) && !html_ids.contains(&id) && !attachment_ids.contains(&id) {
            continue;
        }
        leaves.push(read_leaf(raw, id, part));
    }

    // A text part that could not be decoded is still the body, not an attachment.
    for leaf in &leaves {
        let text_like = matches!(
            leaf.declared.as_deref(),
            None | Some("text/plain") | Some("text/html")
        );
        if (leaf.truncated || leaf.damaged)
            && text_like
            && leaf.file_name.is_none()
            && !leaf.is_attachment_disposition
            && !body_ids.contains(&leaf.id)
        {
            body_ids.push(leaf.id);
        }
    }
    // Inline images are listed with the body by mail-parser; the body is text only.
    body_ids.retain(|id| {
        leaves
            .iter()
            .any(|l| l.id == *id && l.declared.as_deref().is_none_or(|t| t.starts_with("text/")))
    });
    body_ids.sort_unstable();
    body_ids.dedup();

    // --- body text
    let mut body_garbled = false;
    let mut body_truncated = false;
    let mut body_damaged = false;
    let mut render = |ids: &[usize]| -> String {
        let mut out: Vec<String> = Vec::new();
        for leaf in leaves.iter().filter(|l| ids.contains(&l.id)) {
            if leaf
                .declared
                .as_deref()
                .is_some_and(|t| t.starts_with("multipart/"))
            {
                continue; // the preamble of a multipart whose parts were never found
            }
            let (text, bad) = decode_text(&leaf.bytes, leaf.charset.as_deref());
            let text = if leaf.declared.as_deref() == Some("text/html") {
                html_to_text(&text)
            } else {
                text
            };
            if text.trim().is_empty() {
                continue;
            }
            body_garbled |= bad || text.contains('\u{fffd}');
            body_truncated |= leaf.truncated;
            body_damaged |= leaf.damaged;
            out.push(text);
        }
        out.join("\n\n")
    };
    let mut body_text = render(&body_ids);
    if body_text.trim().is_empty() {
        let html_only: Vec<usize> = html_ids
            .iter()
            .copied()
            .filter(|id| {
                leaves
                    .iter()
                    .any(|l| l.id == *id && l.declared.as_deref() == Some("text/html"))
            })
            .collect();
        body_text = render(&html_only);
    }
    let body_text = normalise_body(&body_text);

    // --- attachments
    let mut attachments = Vec::new();
    let mut attachment_problems = Vec::new();
    let mut position = 0;
    for leaf in leaves {
        if body_ids.contains(&leaf.id) || !attachment_ids.contains(&leaf.id) {
            continue;
        }
        if leaf
            .declared
            .as_deref()
            .is_some_and(|t| t.starts_with("multipart/"))
        {
            mail_truncated = true;
            continue;
        }
        position += 1;
        let n = position;
        let detected = detect_kind(&leaf.bytes);
        if leaf.truncated && !looks_complete(detected, &leaf.bytes) {
            mail_truncated = true;
            attachment_problems.push(MailProblem::new(
                "attachment_truncated",
                format!("{n}番目の添付ファイルは途中で切れているため取り込めませんでした。送信者に再送を依頼してください。"),
            ));
            continue;
        }
        if leaf.damaged {
            attachment_problems.push(MailProblem::new(
                "attachment_undecodable",
                format!("{n}番目の添付ファイルは符号化が壊れているため取り込めませんでした。送信者に再送を依頼してください。"),
            ));
            continue;
        }
        if leaf.bytes.is_empty() {
            attachment_problems.push(MailProblem::new(
                "attachment_empty",
                format!("{n}番目の添付ファイルは中身が空のため取り込みませんでした。"),
            ));
            continue;
        }
        if leaf.name_garbled {
            attachment_problems.push(MailProblem::new(
                "attachment_name_garbled",
                format!("{n}番目の添付ファイルの名前の一部の文字を読み取れませんでした。"),
            ));
        }
        if let Some((ext, is_image_ext)) = leaf.file_name.as_deref().and_then(promised_by_name) {
            let label = detected.label_ja();
            if is_image_ext && !detected.is_image() {
                attachment_problems.push(MailProblem::new(
                    "attachment_not_image",
                    format!("{n}番目の添付ファイルは名前が画像（.{ext}）ですが、内容は画像ではありません。内容から判定した種類：{label}。"),
                ));
            } else if !is_image_ext && detected != FileKind::Pdf {
                attachment_problems.push(MailProblem::new(
                    "attachment_not_pdf",
                    format!("{n}番目の添付ファイルは名前がPDF（.{ext}）ですが、内容はPDFではありません。内容から判定した種類：{label}。"),
                ));
            }
        }
        if detected == FileKind::Executable {
            attachment_problems.push(MailProblem::new(
                "attachment_executable",
                format!(
                    "{n}番目の添付ファイルはプログラム（実行ファイル）です。開かないでください。"
                ),
            ));
        }
        attachments.push(MailAttachment {
            file_name: leaf.file_name,
            declared_type: leaf.declared,
            detected,
            bytes: leaf.bytes,
            position: n,
            body_range: leaf.body_range,
        });
    }

    // --- problems, most important first
    if mail_truncated {
        problems.push(MailProblem::new(
            "mail_truncated",
            "メールが途中で切れています。読み取れた部分だけを取り込みました。",
        ));
    }
    if from_address.is_none() {
        problems.push(if from_raw.is_some() {
            MailProblem::new(
                "from_unreadable",
                "差出人のメールアドレスを読み取れませんでした。",
            )
        } else {
            MailProblem::new("from_missing", "差出人（From）がありません。")
        });
    }
    if name_garbled {
        problems.push(MailProblem::new(
            "from_name_garbled",
            "差出人名の一部の文字を読み取れませんでした。",
        ));
    }
    if date.is_none() {
        problems.push(if raw_header(raw, root, "Date").is_some() {
            MailProblem::new(
                "date_unreadable",
                "送信日時（Date）を読み取れませんでした。",
            )
        } else {
            MailProblem::new("date_missing", "送信日時（Date）がありません。")
        });
    }
    if subject_garbled {
        problems.push(MailProblem::new(
            "subject_garbled",
            "件名の一部の文字を読み取れませんでした。",
        ));
    }
    if body_truncated {
        problems.push(MailProblem::new(
            "body_truncated",
            "本文が途中で切れています。読み取れた部分だけを取り込みました。",
        ));
    } else if body_damaged {
        problems.push(MailProblem::new(
            "body_undecodable",
            "本文の符号化が壊れているため、一部を正しく読み取れなかった可能性があります。",
        ));
    }
    if body_garbled {
        problems.push(MailProblem::new(
            "body_garbled",
            "本文の一部の文字を読み取れませんでした（文字化け）。",
        ));
    }
    problems.extend(attachment_problems);

    Ok(ParsedMail {
        from_name,
        from_address,
        to,
        date,
        subject,
        message_id,
        body_text,
        attachments,
        problems,
    })
}

pub(super) fn read_leaf(raw: &[u8], id: usize, part: &MessagePart<'_>) -> Leaf {
    let declared = part.content_type().map(|ct| match ct.subtype() {
        Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
        None => ct.ctype().to_ascii_lowercase(),
    });
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .map(str::to_string);
    let is_attachment_disposition = part
        .content_disposition()
        .is_some_and(|cd| cd.is_attachment());

    let mut name = raw_header(raw, part, "Content-Disposition")
        .and_then(|v| param_value(v, "filename"))
        .or_else(|| raw_header(raw, part, "Content-Type").and_then(|v| param_value(v, "name")));
    if name.is_none() {
        name = part
            .attachment_name()
            .map(|n| (n.to_string(), n.contains('\u{fffd}')));
    }
    let (file_name, name_garbled) = match name {
        Some((n, bad)) => {
            let n = clean_file_name(&n);
            (n, bad)
        }
        None => (None, false),
    };

    let cte = raw_header(raw, part, "Content-Transfer-Encoding")
        .map(|v| String::from_utf8_lossy(v).trim().to_ascii_lowercase())
        .unwrap_or_default();
    let start = (part.offset_body as usize).min(raw.len());
    let end = (part.offset_end as usize).clamp(start, raw.len());
    let body = &raw[start..end];
    let decoded = if cte.starts_with("base64") {
        decode_base64_lenient(body)
    } else if cte.starts_with("quoted-printable") {
        Decoded {
            bytes: decode_qp(body),
            invalid: false,
            partial: false,
        }
    } else {
        Decoded {
            bytes: body.to_vec(),
            invalid: false,
            partial: false,
        }
    };

    // Inside a multipart, a part that runs to the end of the file never met
    // its boundary: the mail was cut off there.
    let at_eof = raw[end..].iter().all(u8::is_ascii_whitespace);
    let is_message = declared
        .as_deref()
        .is_some_and(|t| t.starts_with("message/"));
    let truncated = (part.is_encoding_problem && at_eof && id != 0) || decoded.partial;
    let damaged = !truncated && ((part.is_encoding_problem && !is_message) || decoded.invalid);

    Leaf {
        id,
        declared,
        charset,
        file_name,
        name_garbled,
        is_attachment_disposition,
        truncated,
        damaged,
        bytes: decoded.bytes,
        body_range: (part.offset_body as usize, part.offset_end as usize),
    }
}

/// The raw value of a part's header (after the colon, folded, as in the file).
pub(super) fn raw_header<'a>(
    raw: &'a [u8],
    part: &MessagePart<'_>,
    name: &str,
) -> Option<&'a [u8]> {
    let h = part
        .headers
        .iter()
        .find(|h| h.name.as_str().eq_ignore_ascii_case(name))?;
    raw.get(h.offset_start as usize..h.offset_end as usize)
}
