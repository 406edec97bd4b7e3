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

use crate::intake::content::mail_start;
use crate::intake::mail::parse::parse_inner;
use crate::kernel::error::ErrorCode;
mod address;
mod body;

mod header;
mod parse;
#[cfg(test)]
mod tests;
mod transfer;

pub use header::stored_file_name;

use crate::intake::content::FileKind;
use crate::kernel::error::Coded;
use chrono::{DateTime, FixedOffset};

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
    fn code(&self) -> ErrorCode {
        match self {
            MailError::NotAMail => ErrorCode::NotAMail,
            MailError::TooLarge => ErrorCode::MailTooLarge,
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

/// Decodes one .eml. Never panics; garbage is `Err(NotAMail)`, a damaged or
/// truncated mail is read as far as it goes, with `problems` saying what is missing.
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
