//! Normalising what officers type. Japanese input arrives full-width (１２３,
//! ＠), with IME-produced dashes (ー, －, ‐) and ideographic spaces; values
//! are stored in one canonical form so search and validation see the same thing.

use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// NFKC (full-width ASCII to half-width, half-width kana to full-width), kept
/// in a zeroizing buffer because it is also used on secrets.
pub fn nfkc(s: &str) -> Zeroizing<String> {
    Zeroizing::new(s.nfkc().collect())
}

/// NFKC plus trimming, for ordinary text fields.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_ime_dashes_are_normalised() {
        assert_eq!(digits("〒１２３ー４５６７").as_deref(), Some("1234567"));
        assert_eq!(digits("03-1234-5678").as_deref(), Some("0312345678"));
        assert_eq!(digits("12a-4567"), None);
        assert_eq!(clean("　ＡＢＣ株式会社　"), "ABC株式会社");
        assert_eq!(clean("ｶﾌﾞｼｷｶﾞｲｼｬ"), "カブシキガイシャ");
    }
}
