//! Japanese text in whatever charset it came in: labels mapped the way
//! Japanese mail means them (`Shift_JIS` is CP932, …), and text without a
//! usable label sniffed. Mail headers and bodies use it, and so does the
//! check whether a file is text at all.

use encoding_rs::Encoding;
use encoding_rs::EUC_JP;
use encoding_rs::ISO_2022_JP;
use encoding_rs::SHIFT_JIS;
use encoding_rs::UTF_8;
use memchr::memmem;
/// The encoding for a MIME charset label, with the Japanese aliases mailers
/// really use. `None` means "not declared or not usable: sniff".
pub(crate) fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
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

pub(crate) fn has_jis_escape(bytes: &[u8]) -> bool {
    [
        &b"\x1b$B"[..],
        b"\x1b$@",
        b"\x1b(J",
        b"\x1b(I",
        b"\x1b$(D",
        b"\x1b$(Q",
    ]
    .iter()
    .any(|esc| memmem::find(bytes, esc).is_some())
}

/// Decode text in a declared charset, sniffing when the label is missing,
/// unknown or evidently wrong. Returns (text, had undecodable bytes).
pub(crate) fn decode_text(bytes: &[u8], label: Option<&str>) -> (String, bool) {
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
pub(crate) fn mostly_utf8(bytes: &[u8]) -> bool {
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{fffd}').count();
    let good = lossy
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{fffd}')
        .count();
    good >= 2 * bad.max(1)
}

pub(crate) fn sniff_decode(bytes: &[u8]) -> (String, bool) {
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
