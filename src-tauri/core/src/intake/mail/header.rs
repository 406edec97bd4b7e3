//! Header text: unfolding, RFC 2047 encoded words, RFC 2231 parameters and
//! file names made safe to keep.

use super::transfer::decode_base64_lenient;
use crate::intake::charset::decode_text;
use memchr::memmem;
use unicode_normalization::UnicodeNormalization;
/// Remove line folding (CRLF followed by white space keeps the white space).
pub(super) fn unfold(raw: &[u8]) -> Vec<u8> {
    raw.iter()
        .copied()
        .filter(|&b| b != b'\r' && b != b'\n')
        .collect()
}

pub(super) enum Segment {
    Text(Vec<u8>),
    Word { charset: String, bytes: Vec<u8> },
}

/// Decode an unstructured header value (or a phrase): RFC 2047 encoded words,
/// with adjacent words of the same charset joined as bytes before decoding,
/// and raw 8-bit text sniffed. Returns the text and whether anything could
/// not be decoded.
pub(super) fn decode_unstructured(raw: &[u8]) -> (String, bool) {
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
pub(super) fn encoded_word(s: &[u8]) -> Option<(String, Vec<u8>, usize)> {
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
    let data_len = memmem::find(&rest[data_start..], b"?=")?;
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
pub(super) fn param_value(raw: &[u8], wanted: &str) -> Option<(String, bool)> {
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
pub(super) fn parse_params(s: &[u8]) -> Vec<(String, Vec<u8>)> {
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

pub(super) fn percent_decode(v: &[u8]) -> Vec<u8> {
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

pub(super) fn hex_pair(a: u8, b: u8) -> Option<u8> {
    let h = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    Some(h(a)? << 4 | h(b)?)
}

/// A file name as it may be shown and stored: no directories, no control
/// characters, NFC.
pub(super) fn clean_file_name(name: &str) -> Option<String> {
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

pub(super) fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The name a received file is kept under (shown, never used as a path):
/// cleaned as a mail attachment's is, or 「ファイル」 when nothing is left.
pub fn stored_file_name(name: &str) -> String {
    clean_file_name(name).unwrap_or_else(|| "ファイル".into())
}

/// One line of header text: white space runs collapsed, trimmed, NFC.
pub(super) fn tidy_line(s: &str) -> String {
    let collapsed = s
        .split(|c: char| c.is_whitespace() && c != '\u{3000}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    collapsed.trim().nfc().collect()
}
