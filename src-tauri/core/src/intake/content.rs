//! What a file is, judged by its bytes (magic numbers, and for text and mail
//! by content), never by its name or declared type: scans, mail attachments
//! and dropped files alike.

use crate::intake::charset::decode_text;
use memchr::memmem;
/// What a file is, judged by its content. Serialised as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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

/// What the bytes are, by magic numbers (and, for text and mail, by content).
pub fn detect_kind(bytes: &[u8]) -> FileKind {
    if bytes.is_empty() {
        return FileKind::Unknown;
    }
    // Readers accept a PDF header anywhere in the first kilobyte.
    if memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
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
pub(crate) fn is_text(bytes: &[u8]) -> bool {
    let (text, errors) = decode_text(bytes, None);
    !errors
        && !text.chars().any(|c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{fffd}'
        })
}

/// Whether a salvaged file looks whole: the end marker of its format is there.
/// Only formats with an end marker can be vouched for.
pub(crate) fn looks_complete(kind: FileKind, bytes: &[u8]) -> bool {
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], 0 | b'\r' | b'\n' | b' ' | b'\t') {
        end -= 1;
    }
    let trimmed = &bytes[..end];
    match kind {
        FileKind::Jpeg => trimmed.ends_with(&[0xFF, 0xD9]),
        FileKind::Png => memmem::find(&bytes[bytes.len().saturating_sub(16)..], b"IEND").is_some(),
        FileKind::Pdf => {
            memmem::find(&bytes[bytes.len().saturating_sub(1024)..], b"%%EOF").is_some()
        }
        FileKind::Gif => trimmed.ends_with(b";"),
        _ => false,
    }
}

/// The kind a file name promises, for the extensions worth checking.
pub(crate) fn promised_by_name(file_name: &str) -> Option<(&'static str, bool)> {
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

/// Where the header block starts (after a BOM or an mbox "From " line), if
/// the bytes begin like a mail: a header field on the first line and at least
/// one well-known mail header before the body.
pub(crate) fn mail_start(bytes: &[u8]) -> Option<usize> {
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
