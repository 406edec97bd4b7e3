//! 個人番号 (My Number) in free text. The 番号法 forbids keeping a 個人番号
//! where it is not needed, so every field an officer types freely refuses
//! one; this is the check (12 digits with a valid check digit).

use unicode_normalization::UnicodeNormalization;

/// The check digit of a 12-digit 個人番号 (行政手続における特定の個人を識別
/// するための番号の利用等に関する法律施行令 第8条).
fn check_digit(first11: &[u8]) -> u8 {
    // P_n is the n-th digit counted from the right of the first eleven.
    let sum: u32 = first11
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &p)| {
            let n = i as u32 + 1;
            let q = if n <= 6 { n + 1 } else { n - 5 };
            u32::from(p) * q
        })
        .sum();
    let r = sum % 11;
    if r <= 1 {
        0
    } else {
        (11 - r) as u8
    }
}

/// Whether `text` holds something that looks like a 個人番号: 12 digits
/// (full- or half-width, optionally as 4-4-4 with spaces or hyphens), not
/// part of a longer number, with a valid check digit.
pub fn contains_individual_number(text: &str) -> bool {
    let normalised: Vec<char> = text.nfkc().collect();
    let mut i = 0;
    while i < normalised.len() {
        if !normalised[i].is_ascii_digit() || (i > 0 && normalised[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Collect a run of digits, allowing single separators between groups.
        let mut digits: Vec<u8> = Vec::new();
        let mut j = i;
        while j < normalised.len() {
            let c = normalised[j];
            if let Some(d) = c.to_digit(10) {
                digits.push(d as u8);
                j += 1;
            } else if matches!(c, ' ' | '-' | '‐' | '−' | 'ー')
                && j + 1 < normalised.len()
                && normalised[j + 1].is_ascii_digit()
                && digits.len().is_multiple_of(4)
                && !digits.is_empty()
            {
                j += 1;
            } else {
                break;
            }
        }
        if digits.len() == 12 && check_digit(&digits[..11]) == digits[11] {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

/// The message shown at a field holding a 個人番号.
pub const INDIVIDUAL_NUMBER_MESSAGE: &str = "個人番号（マイナンバー）と思われる12桁の番号が含まれています。番号法により、個人番号は必要な場合を除き記録できません。番号を削除してください。";

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid 個人番号 for tests (見本: computed, not anyone's).
    fn sample_number() -> String {
        let base = [1u8, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1];
        let c = check_digit(&base);
        base.iter()
            .chain(std::iter::once(&c))
            .map(|d| char::from(b'0' + d))
            .collect()
    }

    #[test]
    fn individual_numbers_are_found_in_any_width_and_grouping() {
        let n = sample_number();
        assert!(contains_individual_number(&n));
        assert!(contains_individual_number(&format!("番号は{}です", n)));
        let grouped = format!("{}-{}-{}", &n[0..4], &n[4..8], &n[8..12]);
        assert!(contains_individual_number(&grouped));
        let spaced = format!("{} {} {}", &n[0..4], &n[4..8], &n[8..12]);
        assert!(contains_individual_number(&spaced));
        let wide: String = n
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
            .collect();
        assert!(contains_individual_number(&wide));
    }

    #[test]
    fn other_numbers_are_not_individual_numbers() {
        let n = sample_number();
        let wrong_check = format!("{}{}", &n[..11], (n.as_bytes()[11] - b'0' + 1) % 10);
        assert!(!contains_individual_number(&wrong_check));
        assert!(
            !contains_individual_number(&format!("1{n}")),
            "part of a longer number"
        );
        assert!(!contains_individual_number("090-1234-5678"));
        assert!(!contains_individual_number(
            "〒100-0001 東京都千代田区見本町1-2-3"
        ));
        assert!(!contains_individual_number("2026-0001"));
    }

    #[test]
    fn check_digit_matches_a_published_example() {
        // The example number commonly used in documentation, 1234 5678 9018.
        assert_eq!(check_digit(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]), 8);
    }
}
