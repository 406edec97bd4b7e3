//! What officers type. Japanese input arrives full-width (１２３, ＠), with
//! IME-produced dashes (ー, －, ‐) and ideographic spaces. Names, addresses
//! and notes are kept as typed ([`as_typed`]): a letter prints ㈱, ①, （）,
//! １２３ and 﨑 as the person wrote them. Codes, numbers and addresses for
//! machines (〒, e-mail, 受付番号, days) are normalised ([`clean`],
//! [`digits`]), and search and comparisons use [`search_key`].

use crate::kernel::error::{FieldError, Invalid};
use crate::kernel::mynumber;
use crate::kernel::variants;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// NFKC (full-width ASCII to half-width, half-width kana to full-width), kept
/// in a zeroizing buffer because it is also used on secrets.
pub fn nfkc(s: &str) -> Zeroizing<String> {
    Zeroizing::new(s.nfkc().collect())
}

/// Text kept as the person wrote it: only the spaces around it (half- or
/// full-width) are dropped. No normalisation at all — even NFC would turn
/// the compatibility ideograph 塚 (U+FA10) into 塚.
pub fn as_typed(s: &str) -> String {
    s.trim().to_string()
}

/// NFKC plus trimming, for codes and machine-read values (a 受付番号, an
/// e-mail address, a typed day), never for what a letter prints.
pub fn clean(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_string()
}

/// The digits of a number typed with any dash or space: `〒１２３ー４５６７` → `1234567`.
/// Returns `None` if anything other than digits, dashes, spaces or 〒 is present.
pub fn digits(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.nfkc() {
        match c {
            '0'..='9' => out.push(c),
            '-' | 'ー' | '‐' | '−' | '—' | '―' | ' ' | '〒' | '(' | ')' => {}
            _ => return None,
        }
    }
    Some(out)
}

/// A day as stored (`YYYY-MM-DD`); None for anything else.
pub fn iso_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A typed day (`2026/12/5`, `２０２６-１２-０５`) in its stored form, or ""
/// when left empty; a problem is reported at `field` (an empty `required`
/// day too).
pub fn day_field(
    field: &str,
    label: &str,
    value: &str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    let t = clean(value).replace('/', "-");
    if t.is_empty() {
        if required {
            errors.push(FieldError::new(
                field,
                format!("{label}を入力してください。"),
            ));
        }
        return String::new();
    }
    match iso_day(&t) {
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => {
            errors.push(FieldError::new(
                field,
                format!("{label}は「2026-12-05」の形で入力してください。"),
            ));
            String::new()
        }
    }
}

/// Free text an officer types (a note, a reason): trimmed, at most `max`
/// characters, and never a 個人番号. A problem is reported at `field`.
pub fn free_text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim().to_string();
    if v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("{max}文字以内で入力してください。"),
        ));
    } else if mynumber::contains_individual_number(&v) {
        errors.push(FieldError::new(field, mynumber::INDIVIDUAL_NUMBER_MESSAGE));
    }
    v
}

/// [`free_text`] for a command with that one field: its error, or the text.
pub fn free_text_only(field: &str, value: &str, max: usize) -> Result<String, Invalid> {
    let mut errors = Vec::new();
    let v = free_text(field, value, max, &mut errors);
    if errors.is_empty() {
        Ok(v)
    } else {
        Err(Invalid(errors))
    }
}

/// Search key: NFKC, lower case, katakana folded to hiragana, 異体字 folded
/// (`variants`), without spaces, dashes and variation selectors — so
/// 全角/半角, カナ/かな, 髙橋/高橋 and 03-1234 / 031234 all meet. Only keys
/// are folded; what is stored keeps what was typed.
pub fn search_key(s: &str) -> String {
    nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | 'ー' | '‐' | '−' | '—' | '―' | '・'))
        .filter(|&c| !variants::is_variation_selector(c))
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            c => variants::fold(c.to_lowercase().next().unwrap_or(c)),
        })
        .collect()
}

/// Changes whenever [`search_key`] does: a store whose indexes were built
/// with another version has them rebuilt when it is opened (`lifecycle`).
pub const SEARCH_KEY_VERSION: &str = "2 (MJ縮退マップ 1.2.0, family-register folds)";

/// `1100` → `1,100`.
pub fn yen(amount: u32) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One CSV cell for a spreadsheet: quoted, with a leading `=`, `+`, `-`,
/// `@`, tab or carriage return defused by an apostrophe so Excel does not
/// run it as a formula (OWASP's list: Excel skips a leading tab or CR and
/// then reads the `=` behind it).
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A CSV line (CRLF, as Excel writes it) of cells.
pub fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_key_folds_width_kana_and_dashes() {
        assert_eq!(search_key("タカハシ　ハナコ"), "たかはしはなこ");
        assert_eq!(search_key("ﾀｶﾊｼ"), "たかはし");
        assert_eq!(search_key("03-1234-5678"), "0312345678");
        assert_eq!(search_key("ＨＡＮＡＫＯ@Example.JP"), "hanako@example.jp");
        assert_eq!(search_key("髙橋"), search_key("高橋"));
        assert_eq!(search_key("葛\u{E0100}飾"), search_key("葛飾"));
    }

    #[test]
    fn full_width_and_ime_dashes_are_normalised() {
        assert_eq!(digits("〒１２３ー４５６７").as_deref(), Some("1234567"));
        assert_eq!(digits("03-1234-5678").as_deref(), Some("0312345678"));
        assert_eq!(digits("12a-4567"), None);
        assert_eq!(clean("　ＡＢＣ株式会社　"), "ABC株式会社");
        assert_eq!(clean("ｶﾌﾞｼｷｶﾞｲｼｬ"), "カブシキガイシャ");
    }
}
