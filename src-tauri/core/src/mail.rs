//! Request e-mails (.eml) as an officer receives them, decoded robustly.
//!
//! `mail-parser` finds the structure (headers, MIME tree, offsets); everything
//! that decides whether Japanese text comes out right is done here, on the raw
//! bytes, so it can be controlled and tested:
//!
//! * charsets: `Shift_JIS` and its aliases are decoded as Windows-31J (CP932,
//!   which is what `encoding_rs` calls Shift_JIS: 髙, ①, ㈱ come out right);
//!   ISO-2022-JP, EUC-JP, UTF-8; an unlabelled or mislabelled part is sniffed;
//! * RFC 2047 encoded words, with adjacent words of one charset joined *before*
//!   decoding (mailers split a character across two words);
//! * RFC 2231 file names, with continuations joined as bytes before decoding;
//! * base64 / quoted-printable decoded leniently, so a mail cut off in the
//!   middle still yields what is there, and we know what is missing;
//! * attachments are typed by their bytes ([`detect_kind`]), never by their
//!   name or declared type.
//!
//! What could not be read is reported in [`ParsedMail::problems`]: a code and a
//! fixed Japanese sentence that names at most an attachment's position, never
//! a name, address or anything else taken from the mail.

use chrono::{DateTime, FixedOffset, NaiveDate};
use encoding_rs::{Encoding, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_8};
use mail_parser::{Address, MessageParser, MessagePart, MimeHeaders, PartType};
use unicode_normalization::UnicodeNormalization;

use crate::error::Coded;

/// Larger files are refused before parsing.
pub const MAX_EML_BYTES: usize = 50 * 1024 * 1024;

/// What was read from one .eml.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedMail {
    /// Decoded display name (RFC 2047), NFC, e.g. "見本 花子".
    pub from_name: Option<String>,
    /// Lower-cased addr-spec of the (first) sender.
    pub from_address: Option<String>,
    /// Lower-cased addresses of the To header.
    pub to: Vec<String>,
    /// The Date header.
    pub date: Option<DateTime<FixedOffset>>,
    pub subject: Option<String>,
    /// Without the angle brackets.
    pub message_id: Option<String>,
    /// text/plain preferred, else HTML reduced to readable text; NFC, `\n` line ends.
    pub body_text: String,
    /// The attachments that could be read completely, in the order of the mail.
    pub attachments: Vec<MailAttachment>,
    /// What could not be read; empty for a clean mail.
    pub problems: Vec<MailProblem>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct MailAttachment {
    /// RFC 2231 / RFC 2047 decoded, NFC, without any directory part.
    pub file_name: Option<String>,
    /// Content-Type as declared (`type/subtype`, lower case, no parameters).
    pub declared_type: Option<String>,
    /// Detected from the bytes, not from the name or the declared type.
    pub detected: FileKind,
    pub bytes: Vec<u8>,
    /// 1-based position among the mail's attachments, counting those that
    /// could not be imported — the number the problem messages use.
    pub position: usize,
    /// Where the part's encoded body lies in the raw .eml (for redaction).
    pub body_range: (usize, usize),
}

impl std::fmt::Debug for MailAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailAttachment")
            .field("file_name", &self.file_name)
            .field("declared_type", &self.declared_type)
            .field("detected", &self.detected)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("position", &self.position)
            .finish()
    }
}

/// What a file is, judged by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    /// HEIC/HEIF, what iPhones send.
    Heic,
    Tiff,
    Bmp,
    Pdf,
    Zip,
    /// A program (Windows PE, ELF, Mach-O).
    Executable,
    /// An e-mail message (an .eml, or a forwarded message/rfc822 part).
    Eml,
    Text,
    /// Recognised, but none of the above (an Office document, a video…).
    Other,
    /// Not recognised, or empty.
    Unknown,
}

impl FileKind {
    pub const ALL: [FileKind; 14] = [
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Gif,
        FileKind::Webp,
        FileKind::Heic,
        FileKind::Tiff,
        FileKind::Bmp,
        FileKind::Pdf,
        FileKind::Zip,
        FileKind::Executable,
        FileKind::Eml,
        FileKind::Text,
        FileKind::Other,
        FileKind::Unknown,
    ];

    /// The MIME type to hand the file out with. Programs and unknown content
    /// get `application/octet-stream`, so nothing tries to render them.
    pub fn mime(&self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Heic => "image/heic",
            FileKind::Tiff => "image/tiff",
            FileKind::Bmp => "image/bmp",
            FileKind::Pdf => "application/pdf",
            FileKind::Zip => "application/zip",
            FileKind::Executable => "application/octet-stream",
            FileKind::Eml => "message/rfc822",
            FileKind::Text => "text/plain",
            FileKind::Other | FileKind::Unknown => "application/octet-stream",
        }
    }

    pub fn label_ja(&self) -> &'static str {
        match self {
            FileKind::Jpeg => "JPEG画像",
            FileKind::Png => "PNG画像",
            FileKind::Gif => "GIF画像",
            FileKind::Webp => "WebP画像",
            FileKind::Heic => "HEIC画像",
            FileKind::Tiff => "TIFF画像",
            FileKind::Bmp => "BMP画像",
            FileKind::Pdf => "PDF",
            FileKind::Zip => "ZIP圧縮ファイル",
            FileKind::Executable => "実行ファイル（プログラム）",
            FileKind::Eml => "メール",
            FileKind::Text => "テキスト",
            FileKind::Other => "その他のファイル",
            FileKind::Unknown => "不明な形式",
        }
    }

    /// Stable code for storage and IPC.
    pub fn code(&self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpeg",
            FileKind::Png => "png",
            FileKind::Gif => "gif",
            FileKind::Webp => "webp",
            FileKind::Heic => "heic",
            FileKind::Tiff => "tiff",
            FileKind::Bmp => "bmp",
            FileKind::Pdf => "pdf",
            FileKind::Zip => "zip",
            FileKind::Executable => "executable",
            FileKind::Eml => "eml",
            FileKind::Text => "text",
            FileKind::Other => "other",
            FileKind::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn is_image(&self) -> bool {
        matches!(
            self,
            FileKind::Jpeg
                | FileKind::Png
                | FileKind::Gif
                | FileKind::Webp
                | FileKind::Heic
                | FileKind::Tiff
                | FileKind::Bmp
        )
    }
}

/// Something in the mail that could not be read. The message is a fixed
/// Japanese sentence; it may name an attachment's position, never its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailProblem {
    pub code: &'static str,
    pub message: String,
}

impl MailProblem {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        MailProblem {
            code,
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("not an email")]
    NotAMail,
    #[error("too large")]
    TooLarge,
}

impl Coded for MailError {
    fn code(&self) -> &'static str {
        match self {
            MailError::NotAMail => "not_a_mail",
            MailError::TooLarge => "mail_too_large",
        }
    }

    fn message(&self) -> String {
        match self {
            MailError::NotAMail => {
                "このファイルはメール（.eml）として読み取れませんでした。メールソフトから「名前を付けて保存」した .eml ファイルを選んでください。".into()
            }
            MailError::TooLarge => format!(
                "メールが大きすぎるため取り込めません（{}MB未満にしてください）。",
                MAX_EML_BYTES / (1024 * 1024)
            ),
        }
    }
}

// ---------------------------------------------------------------------------
// Content detection

/// What the bytes are, by magic numbers (and, for text and mail, by content).
pub fn detect_kind(bytes: &[u8]) -> FileKind {
    if bytes.is_empty() {
        return FileKind::Unknown;
    }
    // Readers accept a PDF header anywhere in the first kilobyte.
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return FileKind::Pdf;
    }
    if let Some(t) = infer::get(bytes) {
        let kind = match t.mime_type() {
            "image/jpeg" => FileKind::Jpeg,
            "image/png" => FileKind::Png,
            "image/gif" => FileKind::Gif,
            "image/webp" => FileKind::Webp,
            "image/heif" | "image/heic" | "image/avif" => FileKind::Heic,
            "image/tiff" => FileKind::Tiff,
            "image/bmp" => FileKind::Bmp,
            "application/pdf" => FileKind::Pdf,
            "application/zip" => FileKind::Zip,
            "application/vnd.microsoft.portable-executable"
            | "application/x-executable"
            | "application/x-mach-binary"
            | "application/x-msdownload" => FileKind::Executable,
            m if m.starts_with("text/") => {
                if is_text(bytes) {
                    FileKind::Text
                } else {
                    FileKind::Other
                }
            }
            _ => FileKind::Other,
        };
        return kind;
    }
    if mail_start(bytes).is_some() {
        return FileKind::Eml;
    }
    if is_text(bytes) {
        return FileKind::Text;
    }
    FileKind::Unknown
}

/// Readable text in UTF-8, ISO-2022-JP, Shift_JIS or EUC-JP: decodes without
/// error and has no control characters other than tab, line ends, form feed
/// and the escapes of ISO-2022-JP.
fn is_text(bytes: &[u8]) -> bool {
    let (text, errors) = decode_text(bytes, None);
    !errors
        && !text.chars().any(|c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{fffd}'
        })
}

/// Whether a salvaged file looks whole: the end marker of its format is there.
/// Only formats with an end marker can be vouched for.
fn looks_complete(kind: FileKind, bytes: &[u8]) -> bool {
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], 0 | b'\r' | b'\n' | b' ' | b'\t') {
        end -= 1;
    }
    let trimmed = &bytes[..end];
    match kind {
        FileKind::Jpeg => trimmed.ends_with(&[0xFF, 0xD9]),
        FileKind::Png => find(&bytes[bytes.len().saturating_sub(16)..], b"IEND").is_some(),
        FileKind::Pdf => find(&bytes[bytes.len().saturating_sub(1024)..], b"%%EOF").is_some(),
        FileKind::Gif => trimmed.ends_with(b";"),
        _ => false,
    }
}

/// The kind a file name promises, for the extensions worth checking.
fn promised_by_name(file_name: &str) -> Option<(&'static str, bool)> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    // (extension as we may quote it, is an image extension)
    const IMAGES: [&str; 12] = [
        "jpg", "jpeg", "jpe", "jfif", "png", "gif", "heic", "heif", "webp", "tif", "tiff", "bmp",
    ];
    if let Some(e) = IMAGES.iter().find(|e| **e == ext) {
        return Some((e, true));
    }
    if ext == "pdf" {
        return Some(("pdf", false));
    }
    None
}

// ---------------------------------------------------------------------------
// Parsing

/// Decode one .eml. Never panics; garbage is `Err(NotAMail)`, a damaged or
/// truncated mail is read as far as it goes, with `problems` saying what is missing.
/// The placeholder left where a redacted attachment's data was.
pub const REDACTED_NOTE: &str =
    "This attachment was masked or refused at the privacy desk; its original data is not kept.";

/// The .eml with the bodies of the given attachments (indices into
/// `parsed.attachments`) replaced by a short ASCII note: what the desk keeps
/// when an attachment was masked (its masked copy is kept separately) or
/// refused. Headers stay, so the mail still shows that there was a file.
pub fn redact_attachments(raw: &[u8], parsed: &ParsedMail, indices: &[usize]) -> Vec<u8> {
    let mut ranges: Vec<(usize, usize)> = indices
        .iter()
        .filter_map(|&i| parsed.attachments.get(i).map(|a| a.body_range))
        .filter(|&(start, end)| start <= end && end <= raw.len())
        .collect();
    ranges.sort_unstable();
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for (start, end) in ranges {
        if start < at {
            continue;
        }
        out.extend_from_slice(&raw[at..start]);
        // Base64 of the note, so a part declared base64 stays well-formed.
        let note = data_encoding::BASE64.encode(REDACTED_NOTE.as_bytes());
        out.extend_from_slice(note.as_bytes());
        out.extend_from_slice(b"\r\n");
        at = end;
    }
    out.extend_from_slice(&raw[at..]);
    out
}

pub fn parse_eml(bytes: &[u8]) -> Result<ParsedMail, MailError> {
    if bytes.len() >= MAX_EML_BYTES {
        return Err(MailError::TooLarge);
    }
    let start = mail_start(bytes).ok_or(MailError::NotAMail)?;
    let raw = &bytes[start..];
    // Belt and braces: a panic inside the MIME library on some input must not
    // take the app down.
    let mut parsed =
        std::panic::catch_unwind(|| parse_inner(raw)).unwrap_or(Err(MailError::NotAMail))?;
    // Ranges into `bytes`, the file as kept: redact_attachments gets the
    // whole file, BOM or mbox "From " line included.
    for a in &mut parsed.attachments {
        a.body_range = (a.body_range.0 + start, a.body_range.1 + start);
    }
    Ok(parsed)
}

/// Where the header block starts (after a BOM or an mbox "From " line), if
/// the bytes begin like a mail: a header field on the first line and at least
/// one well-known mail header before the body.
fn mail_start(bytes: &[u8]) -> Option<usize> {
    let mut start = 0;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        start = 3;
    }
    if bytes[start..].starts_with(b"From ") {
        start += bytes[start..].iter().position(|&b| b == b'\n')? + 1;
    }
    const KNOWN: [&[u8]; 17] = [
        b"from",
        b"to",
        b"cc",
        b"subject",
        b"date",
        b"message-id",
        b"mime-version",
        b"content-type",
        b"content-transfer-encoding",
        b"received",
        b"return-path",
        b"sender",
        b"reply-to",
        b"delivered-to",
        b"x-mailer",
        b"user-agent",
        b"in-reply-to",
    ];
    let mut known = 0;
    let mut pos = start;
    let mut first = true;
    let limit = bytes.len().min(start + 256 * 1024);
    while pos < limit {
        let line_end = bytes[pos..limit]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(limit, |p| pos + p);
        let line = &bytes[pos..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if first {
                return None;
            }
        } else {
            match header_field_name(line) {
                Some(name) => {
                    if KNOWN.iter().any(|k| name.eq_ignore_ascii_case(k)) {
                        known += 1;
                    }
                }
                None if first => return None,
                None => break,
            }
        }
        first = false;
        pos = line_end + 1;
    }
    (known > 0).then_some(start)
}

fn header_field_name(line: &[u8]) -> Option<&[u8]> {
    let colon = line.iter().take(78).position(|&b| b == b':')?;
    let mut name = &line[..colon];
    while let [rest @ .., b' ' | b'\t'] = name {
        name = rest;
    }
    (!name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b))).then_some(name)
}

/// One leaf of the MIME tree, as we judge it.
struct Leaf {
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

fn parse_inner(raw: &[u8]) -> Result<ParsedMail, MailError> {
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
    if find(raw, b"\n\n").is_none() && find(raw, b"\r\n\r\n").is_none() {
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

fn read_leaf(raw: &[u8], id: usize, part: &MessagePart<'_>) -> Leaf {
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
fn raw_header<'a>(raw: &'a [u8], part: &MessagePart<'_>, name: &str) -> Option<&'a [u8]> {
    let h = part
        .headers
        .iter()
        .find(|h| h.name.as_str().eq_ignore_ascii_case(name))?;
    raw.get(h.offset_start as usize..h.offset_end as usize)
}

// ---------------------------------------------------------------------------
// Addresses

/// `display-name <addr>`, `addr (comment)` or a bare `addr`: the decoded name,
/// the lower-cased address and whether the name had undecodable characters.
/// Also copes with a whole `name <addr>` inside one encoded word.
fn parse_mailbox(raw: &[u8]) -> (Option<String>, Option<String>, bool) {
    let s = unfold(raw);
    let s = first_mailbox(&s);
    if let Some(found) = split_mailbox(s) {
        return found;
    }
    // Some mailers encode "name <addr>" as one encoded word; decode, then look again.
    let (decoded, bad) = decode_unstructured(s);
    if let Some((name, addr, bad2)) = split_mailbox(decoded.as_bytes()) {
        return (name, addr, bad || bad2);
    }
    let name = tidy_line(&decoded);
    ((!name.is_empty()).then_some(name), None, bad)
}

fn split_mailbox(s: &[u8]) -> Option<(Option<String>, Option<String>, bool)> {
    // <addr> outside quotes and comments
    let (mut in_quote, mut depth, mut escaped) = (false, 0usize, false);
    let mut lt = None;
    for (i, &b) in s.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if in_quote || depth > 0 => escaped = true,
            b'"' if depth == 0 => in_quote = !in_quote,
            b'(' if !in_quote => depth += 1,
            b')' if !in_quote && depth > 0 => depth -= 1,
            b'<' if !in_quote && depth == 0 => {
                lt = Some(i);
                break;
            }
            _ => {}
        }
    }
    if let Some(lt) = lt {
        let gt = s[lt..].iter().position(|&b| b == b'>').map(|p| lt + p)?;
        let addr = clean_address(&String::from_utf8_lossy(&s[lt + 1..gt]))?;
        let (name, bad) = display_name(&s[..lt]);
        return Some((name, Some(addr), bad));
    }
    // addr (comment)
    let mut comment = Vec::new();
    let mut rest = Vec::new();
    let (mut in_quote, mut depth, mut escaped) = (false, 0usize, false);
    for &b in s {
        if escaped {
            escaped = false;
            if depth > 0 {
                comment.push(b)
            } else {
                rest.push(b)
            }
            continue;
        }
        match b {
            b'\\' if in_quote || depth > 0 => escaped = true,
            b'"' if depth == 0 => {
                in_quote = !in_quote;
                rest.push(b);
            }
            b'(' if !in_quote => {
                if depth > 0 {
                    comment.push(b);
                }
                depth += 1;
            }
            b')' if !in_quote && depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    comment.push(b);
                }
            }
            _ if depth > 0 => comment.push(b),
            _ => rest.push(b),
        }
    }
    let rest = String::from_utf8_lossy(&rest);
    let token = rest.split_whitespace().find(|t| t.contains('@'))?;
    let addr = clean_address(token)?;
    let (name, bad) = if comment.is_empty() {
        (None, false)
    } else {
        display_name(&comment)
    };
    Some((name, Some(addr), bad))
}

/// The first mailbox of an address list (split at a comma outside quotes,
/// comments and angle brackets).
fn first_mailbox(s: &[u8]) -> &[u8] {
    let (mut in_quote, mut depth, mut angle, mut escaped) = (false, 0usize, false, false);
    for (i, &b) in s.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if in_quote || depth > 0 => escaped = true,
            b'"' if depth == 0 => in_quote = !in_quote,
            b'(' if !in_quote => depth += 1,
            b')' if !in_quote && depth > 0 => depth -= 1,
            b'<' if !in_quote && depth == 0 => angle = true,
            b'>' if !in_quote && depth == 0 => angle = false,
            b',' if !in_quote
                && depth == 0
                && !angle
                && s[..i].iter().any(|b| !b.is_ascii_whitespace()) =>
            {
                return &s[..i];
            }
            _ => {}
        }
    }
    s
}

/// A display name: quotes removed (escapes honoured), encoded words decoded,
/// whitespace tidied, NFC.
fn display_name(raw: &[u8]) -> (Option<String>, bool) {
    let mut unquoted = Vec::with_capacity(raw.len());
    let (mut in_quote, mut escaped) = (false, false);
    for &b in raw {
        if escaped {
            unquoted.push(b);
            escaped = false;
        } else if b == b'\\' && in_quote {
            escaped = true;
        } else if b == b'"' {
            in_quote = !in_quote;
        } else {
            unquoted.push(b);
        }
    }
    let (name, bad) = decode_unstructured(&unquoted);
    let name = tidy_line(&name);
    let name = name
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .to_string();
    ((!name.is_empty()).then_some(name), bad)
}

fn clean_address(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c| c == '<' || c == '>').trim();
    let s = s.strip_prefix("mailto:").unwrap_or(s);
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    (s.contains('@') && s.len() <= 320 && !s.starts_with('@') && !s.ends_with('@')).then_some(s)
}

// ---------------------------------------------------------------------------
// Headers: RFC 2047 and RFC 2231

/// Remove line folding (CRLF followed by white space keeps the white space).
fn unfold(raw: &[u8]) -> Vec<u8> {
    raw.iter()
        .copied()
        .filter(|&b| b != b'\r' && b != b'\n')
        .collect()
}

enum Segment {
    Text(Vec<u8>),
    Word { charset: String, bytes: Vec<u8> },
}

/// Decode an unstructured header value (or a phrase): RFC 2047 encoded words,
/// with adjacent words of the same charset joined as bytes before decoding,
/// and raw 8-bit text sniffed. Returns the text and whether anything could
/// not be decoded.
fn decode_unstructured(raw: &[u8]) -> (String, bool) {
    let s = unfold(raw);
    let mut segments: Vec<Segment> = Vec::new();
    let mut text = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'=' && s.get(i + 1) == Some(&b'?') {
            if let Some((charset, bytes, len)) = encoded_word(&s[i..]) {
                if !text.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut text)));
                }
                // White space between two encoded words is not part of the text.
                if let (Some(Segment::Text(t)), Some(Segment::Word { .. })) = (
                    segments.last(),
                    segments.len().checked_sub(2).and_then(|k| segments.get(k)),
                ) {
                    if t.iter().all(|b| b.is_ascii_whitespace()) {
                        segments.pop();
                    }
                }
                match segments.last_mut() {
                    Some(Segment::Word {
                        charset: c,
                        bytes: b,
                    }) if c.eq_ignore_ascii_case(&charset) => b.extend_from_slice(&bytes),
                    _ => segments.push(Segment::Word { charset, bytes }),
                }
                i += len;
                continue;
            }
        }
        text.push(s[i]);
        i += 1;
    }
    if !text.is_empty() {
        segments.push(Segment::Text(text));
    }
    let mut out = String::new();
    let mut bad = false;
    for seg in segments {
        let (t, b) = match seg {
            Segment::Text(t) => decode_text(&t, None),
            Segment::Word { charset, bytes } => decode_text(&bytes, Some(&charset)),
        };
        bad |= b || t.contains('\u{fffd}');
        out.push_str(&t);
    }
    (out, bad)
}

/// `=?charset[*lang]?B|Q?data?=` at the start of `s`: (charset, bytes, length).
fn encoded_word(s: &[u8]) -> Option<(String, Vec<u8>, usize)> {
    let rest = s.strip_prefix(b"=?")?;
    let q1 = rest.iter().take(64).position(|&b| b == b'?')?;
    let charset = &rest[..q1];
    if charset.is_empty()
        || charset
            .iter()
            .any(|b| b.is_ascii_whitespace() || !b.is_ascii())
    {
        return None;
    }
    let enc = *rest.get(q1 + 1)?;
    if rest.get(q1 + 2) != Some(&b'?') {
        return None;
    }
    let data_start = q1 + 3;
    let data_len = find(&rest[data_start..], b"?=")?;
    let data = &rest[data_start..data_start + data_len];
    if data.len() > 4096 || data.iter().any(|&b| b == b'?' || b == b'\n') {
        return None;
    }
    let bytes = match enc {
        b'B' | b'b' => decode_base64_lenient(data).bytes,
        b'Q' | b'q' => {
            let mut out = Vec::with_capacity(data.len());
            let mut k = 0;
            while k < data.len() {
                match data[k] {
                    b'_' => out.push(b' '),
                    b'=' if k + 2 < data.len() && hex_pair(data[k + 1], data[k + 2]).is_some() => {
                        out.push(hex_pair(data[k + 1], data[k + 2]).unwrap_or(b'='));
                        k += 2;
                    }
                    b => out.push(b),
                }
                k += 1;
            }
            out
        }
        _ => return None,
    };
    let charset = String::from_utf8_lossy(charset).into_owned();
    // RFC 2231 language suffix: =?ISO-2022-JP*ja?B?...?=
    let charset = charset.split('*').next().unwrap_or_default().to_string();
    Some((charset, bytes, 2 + data_start + data_len + 2))
}

/// The value of a MIME parameter (`filename`, `name`) from a raw header value:
/// RFC 2231 (`filename*`, `filename*0*`, …, joined as bytes, then decoded with
/// the declared charset) preferred over the plain parameter, which may carry
/// RFC 2047 encoded words or raw 8-bit text. Returns (value, garbled).
fn param_value(raw: &[u8], wanted: &str) -> Option<(String, bool)> {
    let s = unfold(raw);
    let params = parse_params(&s);
    let mut plain: Option<&Vec<u8>> = None;
    let mut pieces: Vec<(u32, bool, &Vec<u8>)> = Vec::new();
    for (name, value) in &params {
        if name == wanted {
            plain.get_or_insert(value);
            continue;
        }
        let Some(rest) = name.strip_prefix(wanted).and_then(|r| r.strip_prefix('*')) else {
            continue;
        };
        if rest.is_empty() {
            pieces.push((0, true, value));
        } else {
            let (num, ext) = match rest.strip_suffix('*') {
                Some(n) => (n, true),
                None => (rest, false),
            };
            if let Ok(n) = num.parse::<u32>() {
                pieces.push((n, ext, value));
            }
        }
    }
    if !pieces.is_empty() {
        pieces.sort_by_key(|p| p.0);
        pieces.dedup_by_key(|p| p.0);
        let mut charset: Option<String> = None;
        let mut bytes = Vec::new();
        for (k, (_, ext, value)) in pieces.iter().enumerate() {
            let mut v: &[u8] = value;
            if *ext {
                if k == 0 {
                    // charset'language'value
                    let mut it = v.splitn(3, |&b| b == b'\'');
                    if let (Some(cs), Some(_lang), Some(val)) = (it.next(), it.next(), it.next()) {
                        charset = Some(String::from_utf8_lossy(cs).trim().to_string())
                            .filter(|c| !c.is_empty());
                        v = val;
                    }
                }
                bytes.extend(percent_decode(v));
            } else {
                bytes.extend_from_slice(v);
            }
        }
        let (text, bad) = decode_text(&bytes, charset.as_deref());
        // Some mailers put encoded words into the pieces.
        if text.contains("=?") {
            return Some(decode_unstructured(text.as_bytes()));
        }
        return Some((text, bad));
    }
    plain.map(|v| decode_unstructured(v))
}

/// `type/subtype; a=b; c="d"` → [(a, b), (c, d)], names lower-cased, quotes removed.
fn parse_params(s: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    // skip the value before the first ';'
    let Some(mut i) = s.iter().position(|&b| b == b';') else {
        return out;
    };
    i += 1;
    while i < s.len() {
        while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b';') {
            i += 1;
        }
        let name_start = i;
        while i < s.len() && s[i] != b'=' && s[i] != b';' {
            i += 1;
        }
        let name = String::from_utf8_lossy(&s[name_start..i])
            .trim()
            .to_ascii_lowercase();
        if i >= s.len() || s[i] == b';' {
            continue;
        }
        i += 1; // '='
        while i < s.len() && (s[i] == b' ' || s[i] == b'\t') {
            i += 1;
        }
        let mut value = Vec::new();
        if s.get(i) == Some(&b'"') {
            i += 1;
            while i < s.len() && s[i] != b'"' {
                if s[i] == b'\\' && i + 1 < s.len() {
                    i += 1;
                }
                value.push(s[i]);
                i += 1;
            }
            i += 1; // closing quote
            while i < s.len() && s[i] != b';' {
                i += 1;
            }
        } else {
            while i < s.len() && s[i] != b';' {
                value.push(s[i]);
                i += 1;
            }
            while value.last().is_some_and(|b| b.is_ascii_whitespace()) {
                value.pop();
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

fn percent_decode(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'%' && i + 2 < v.len() {
            if let Some(b) = hex_pair(v[i + 1], v[i + 2]) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(v[i]);
        i += 1;
    }
    out
}

fn hex_pair(a: u8, b: u8) -> Option<u8> {
    let h = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    Some(h(a)? << 4 | h(b)?)
}

/// A file name as it may be shown and stored: no directories, no control
/// characters, NFC.
fn clean_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // Control characters, and the bidirectional marks that can make
    // 「scan\u{202e}gpj.exe」 read as 「scanexe.jpg」.
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_mark(*c))
        .collect::<String>()
        .nfc()
        .collect();
    let mut cleaned = cleaned.trim().to_string();
    // 255 bytes, as most file systems allow; the extension is kept.
    if cleaned.len() > 255 {
        let ext = cleaned
            .rfind('.')
            .map(|i| cleaned[i..].to_string())
            .filter(|e| e.len() <= 16)
            .unwrap_or_default();
        let mut stem: String = cleaned[..cleaned.len() - ext.len()].to_string();
        while stem.len() + ext.len() > 255 {
            stem.pop();
        }
        cleaned = stem + &ext;
    }
    (!cleaned.is_empty() && cleaned != "." && cleaned != "..").then_some(cleaned)
}

fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The name a received file is kept under (shown, never used as a path):
/// cleaned as a mail attachment's is, or 「ファイル」 when nothing is left.
pub(crate) fn stored_file_name(name: &str) -> String {
    clean_file_name(name).unwrap_or_else(|| "ファイル".into())
}

/// One line of header text: white space runs collapsed, trimmed, NFC.
fn tidy_line(s: &str) -> String {
    let collapsed = s
        .split(|c: char| c.is_whitespace() && c != '\u{3000}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    collapsed.trim().nfc().collect()
}

// ---------------------------------------------------------------------------
// Charsets

/// The encoding for a MIME charset label, with the Japanese aliases mailers
/// really use. `None` means "not declared or not usable: sniff".
fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let l = label
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    match l.as_str() {
        "" | "us-ascii" | "ascii" | "us_ascii" | "ansi_x3.4-1968" | "unknown-8bit"
        | "x-unknown" | "unknown" | "8bit" | "default" | "x-user-defined" => None,
        "utf-8" | "utf8" | "x-utf8" | "unicode-1-1-utf-8" => Some(UTF_8),
        // encoding_rs's Shift_JIS *is* Windows-31J (CP932): NEC and IBM extensions included.
        "shift_jis" | "shift-jis" | "sjis" | "x-sjis" | "s-jis" | "cp932" | "ms932"
        | "windows-31j" | "x-ms-cp932" | "ibm-943" | "ms_kanji" | "csshiftjis" | "sjis-win"
        | "sjis-open" | "shift_jisx0213" | "shift_jis-2004" | "x-sjis-cp932" | "windows-932" => {
            Some(SHIFT_JIS)
        }
        "iso-2022-jp"
        | "iso2022jp"
        | "iso-2022-jp-1"
        | "iso-2022-jp-2"
        | "iso-2022-jp-3"
        | "iso-2022-jp-2004"
        | "iso-2022-jp-ms"
        | "csiso2022jp"
        | "jis"
        | "x-windows-iso2022jp"
        | "cp50220"
        | "cp50221"
        | "cp50222" => Some(ISO_2022_JP),
        "euc-jp"
        | "eucjp"
        | "x-euc-jp"
        | "eucjp-ms"
        | "eucjp-win"
        | "euc-jis-2004"
        | "cp51932"
        | "cseucpkdfmtjapanese" => Some(EUC_JP),
        _ => Encoding::for_label(l.as_bytes()),
    }
}

fn has_jis_escape(bytes: &[u8]) -> bool {
    [
        &b"\x1b$B"[..],
        b"\x1b$@",
        b"\x1b(J",
        b"\x1b(I",
        b"\x1b$(D",
        b"\x1b$(Q",
    ]
    .iter()
    .any(|esc| find(bytes, esc).is_some())
}

/// Decode text in a declared charset, sniffing when the label is missing,
/// unknown or evidently wrong. Returns (text, had undecodable bytes).
fn decode_text(bytes: &[u8], label: Option<&str>) -> (String, bool) {
    let seven_bit = bytes.is_ascii();
    let declared = label.and_then(encoding_for_label);
    let encoding = match declared {
        // 7-bit bytes with JIS escapes are ISO-2022-JP whatever the label says.
        _ if seven_bit && has_jis_escape(bytes) => Some(ISO_2022_JP),
        Some(e) if e == UTF_8 => {
            if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
                Some(UTF_8)
            } else {
                None
            }
        }
        other => other,
    };
    let (text, bad) = match encoding {
        Some(e) => {
            let (text, bad) = e.decode_without_bom_handling(bytes);
            if bad && e != UTF_8 {
                // A wrong label is common; take a sniffed charset only if it is clean.
                let (sniffed, sniff_bad) = sniff_decode(bytes);
                if !sniff_bad {
                    (sniffed, false)
                } else {
                    (text.into_owned(), true)
                }
            } else {
                (text.into_owned(), bad)
            }
        }
        None => sniff_decode(bytes),
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    (text, bad)
}

/// Declared UTF-8 with a few bad sequences is damaged UTF-8, not another
/// charset: most of its non-ASCII text decodes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{fffd}').count();
    let good = lossy
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{fffd}')
        .count();
    good >= 2 * bad.max(1)
}

fn sniff_decode(bytes: &[u8]) -> (String, bool) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), false);
    }
    if bytes.is_ascii() || has_jis_escape(bytes) {
        let (t, bad) = ISO_2022_JP.decode_without_bom_handling(bytes);
        return (t.into_owned(), bad);
    }
    for e in [SHIFT_JIS, EUC_JP] {
        let (t, bad) = e.decode_without_bom_handling(bytes);
        if !bad {
            return (t.into_owned(), false);
        }
    }
    (String::from_utf8_lossy(bytes).into_owned(), true)
}

// ---------------------------------------------------------------------------
// Transfer encodings (lenient)

struct Decoded {
    bytes: Vec<u8>,
    /// Characters that base64 does not have (other than white space).
    invalid: bool,
    /// The data ended inside a 4-character group: cut off.
    partial: bool,
}

fn decode_base64_lenient(data: &[u8]) -> Decoded {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut quad = [0u8; 4];
    let mut n = 0;
    let mut invalid = false;
    let mut padded = false;
    for &b in data {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                // padding: flush what we have
                match n {
                    2 => out.push(quad[0] << 2 | quad[1] >> 4),
                    3 => {
                        out.push(quad[0] << 2 | quad[1] >> 4);
                        out.push(quad[1] << 4 | quad[2] >> 2);
                    }
                    _ => {}
                }
                if n != 0 {
                    padded = true;
                }
                n = 0;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\x0b' => continue,
            _ => {
                invalid = true;
                continue;
            }
        };
        padded = false;
        quad[n] = v;
        n += 1;
        if n == 4 {
            out.push(quad[0] << 2 | quad[1] >> 4);
            out.push(quad[1] << 4 | quad[2] >> 2);
            out.push(quad[2] << 6 | quad[3]);
            n = 0;
        }
    }
    let partial = n != 0 && !padded;
    match n {
        2 => out.push(quad[0] << 2 | quad[1] >> 4),
        3 => {
            out.push(quad[0] << 2 | quad[1] >> 4);
            out.push(quad[1] << 4 | quad[2] >> 2);
        }
        _ => {}
    }
    Decoded {
        bytes: out,
        invalid,
        partial,
    }
}

fn decode_qp(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b == b'=' {
            // soft line break: '=' then optional white space then line end
            let mut j = i + 1;
            while j < data.len() && (data[j] == b' ' || data[j] == b'\t') {
                j += 1;
            }
            if j < data.len() && data[j] == b'\n' {
                i = j + 1;
                continue;
            }
            if j + 1 < data.len() && data[j] == b'\r' && data[j + 1] == b'\n' {
                i = j + 2;
                continue;
            }
            if j >= data.len() {
                break; // '=' at the very end
            }
            if i + 2 < data.len() {
                if let Some(v) = hex_pair(data[i + 1], data[i + 2]) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------
// Text

/// `\r\n` and lone `\r` to `\n`, NFC, no trailing white space at the end.
fn normalise_body(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let s: String = s.nfc().collect();
    s.trim_end().to_string()
}

/// HTML reduced to readable text: block elements become line breaks, script,
/// style and head are dropped, entities decoded, white space collapsed (a line
/// break between two Japanese characters disappears rather than becoming a space).
fn html_to_text(html: &str) -> String {
    const BLOCKS: [&str; 24] = [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "ul",
        "ol",
        "hr",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "dt",
        "dd",
        "address",
    ];
    let mut out = String::with_capacity(html.len());
    let mut pending_space = false;
    let mut pending_newline_only = false;
    let mut skip_until: Option<&'static str> = None;
    let mut in_pre = 0usize;
    let bytes = html.as_bytes();
    let mut i = 0;
    let push_text = |out: &mut String, text: &str, pending_space: &mut bool, nl_only: &mut bool| {
        for c in text.chars() {
            if *pending_space {
                let prev_wide = out
                    .chars()
                    .next_back()
                    .is_some_and(|p| !p.is_ascii() && p != '\n');
                let drop = *nl_only && prev_wide && !c.is_ascii();
                if !drop && !out.is_empty() && !out.ends_with('\n') && !out.ends_with(' ') {
                    out.push(' ');
                }
                *pending_space = false;
                *nl_only = false;
            }
            out.push(c);
        }
    };
    while i < bytes.len() {
        if bytes[i] == b'<' {
            // comment
            if html[i..].starts_with("<!--") {
                i = html[i + 4..]
                    .find("-->")
                    .map_or(bytes.len(), |p| i + 4 + p + 3);
                continue;
            }
            let (tag, end) = match html[i..].find('>') {
                Some(p) => (&html[i + 1..i + p], i + p + 1),
                None => (&html[i + 1..], bytes.len()),
            };
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            i = end;
            if let Some(until) = skip_until {
                if closing && name == until {
                    skip_until = None;
                }
                continue;
            }
            match name.as_str() {
                "script" if !closing => skip_until = Some("script"),
                "style" if !closing => skip_until = Some("style"),
                "head" if !closing => skip_until = Some("head"),
                "title" if !closing => skip_until = Some("title"),
                "pre" => {
                    if closing {
                        in_pre = in_pre.saturating_sub(1)
                    } else {
                        in_pre += 1
                    }
                    out.push('\n');
                    pending_space = false;
                }
                "td" | "th" if !closing => {
                    pending_space = true;
                    pending_newline_only = false;
                }
                n if BLOCKS.contains(&n) => {
                    // <br> always breaks; other blocks do not stack blank lines
                    if n == "br" || !out.ends_with('\n') {
                        out.push('\n');
                    }
                    pending_space = false;
                }
                _ => {}
            }
            continue;
        }
        let next = html[i..].find('<').map_or(bytes.len(), |p| i + p);
        let chunk = &html[i..next];
        i = next;
        if skip_until.is_some() {
            continue;
        }
        let decoded = decode_entities(chunk);
        if in_pre > 0 {
            out.push_str(&decoded);
            continue;
        }
        let mut word = String::new();
        for c in decoded.chars() {
            if c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
                if !word.is_empty() {
                    push_text(
                        &mut out,
                        &word,
                        &mut pending_space,
                        &mut pending_newline_only,
                    );
                    word.clear();
                }
                if !pending_space {
                    pending_newline_only = true;
                }
                if c != '\n' && c != '\r' {
                    pending_newline_only = false;
                }
                pending_space = true;
            } else {
                word.push(if c == '\u{a0}' { ' ' } else { c });
            }
        }
        if !word.is_empty() {
            push_text(
                &mut out,
                &word,
                &mut pending_space,
                &mut pending_newline_only,
            );
        }
    }
    // tidy: no spaces at line ends, at most one blank line in a row
    let mut tidy = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 || tidy.is_empty() {
                continue;
            }
            tidy.push('\n');
            continue;
        }
        blank = 0;
        tidy.push_str(line);
        tidy.push('\n');
    }
    tidy.trim_end().to_string()
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(k, _)| k);
        let replacement = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(num) = ent.strip_prefix('#') {
                let v = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                v.map(|v| char::from_u32(v).unwrap_or('\u{fffd}'))
            } else {
                match ent {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "yen" => Some('¥'),
                    "copy" => Some('©'),
                    "reg" => Some('®'),
                    "hellip" => Some('…'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "middot" => Some('·'),
                    "times" => Some('×'),
                    "laquo" => Some('«'),
                    "raquo" => Some('»'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match replacement {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use data_encoding::BASE64;
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
        std::fs::read(&path)
            .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
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
            let m =
                parse_eml(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
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
                    6 => b"Content-Disposition: attachment; filename*0*=utf-8''%E5; filename*1*=%85\r\n",
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
        assert_eq!(e.code(), "mail_too_large");
        assert!(e.message().contains("50MB"));
        assert_eq!(MailError::NotAMail.code(), "not_a_mail");
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
        let mut mail =
            b"From: a@example.jp\r\nDate: Fri, 4 Dec 2026 10:00:00 +0900\r\n\r\n".to_vec();
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
        assert!(m.problems[1].message.starts_with(
            "3番目の添付ファイルは名前が画像（.jpeg）ですが、内容は画像ではありません。"
        ));
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
        let mut elf =
            b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00".to_vec();
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
}
