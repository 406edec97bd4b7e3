//! 異体字 in names: 髙橋 is found by 高橋, 﨑 by 崎, 齋藤 by 斎藤. Search
//! keys (`text::search_key`) fold every character to one form; what is
//! stored and printed keeps the character the person wrote.
//!
//! The table is `assets/variants/mj-family-folds.tsv`, derived from IPA's
//! MJ縮退マップ (the map Japan's 戸籍 and 住基 systems use to match names
//! across character sets), keeping only the relations a family-register
//! notice records; `assets/variants/README.md` says why and how it is
//! rebuilt.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../../assets/variants/mj-family-folds.tsv");

/// Names people write one for the other that the MJ map keeps apart, because
/// the 戸籍 treats them as different characters (斉藤 and 斎藤 are two
/// surnames). A search at the desk must still find both: a requester who
/// signs 斉藤 on the form may be 斎藤 in the register.
const DESK_FOLDS: &[(char, char)] = &[('斉', '斎')];

fn table() -> &'static HashMap<char, char> {
    static FOLDS: OnceLock<HashMap<char, char>> = OnceLock::new();
    FOLDS.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (from, to) = l.split_once('\t')?;
                let mut f = from.chars();
                let mut t = to.chars();
                match (f.next(), f.next(), t.next(), t.next()) {
                    (Some(from), None, Some(to), None) => Some((from, to)),
                    _ => None,
                }
            })
            .collect()
    })
}

/// The form a character is searched by (itself if it has no variant).
pub fn fold(c: char) -> char {
    let c = table().get(&c).copied().unwrap_or(c);
    DESK_FOLDS.iter().find(|(from, _)| *from == c).map_or(c, |(_, to)| *to)
}

/// A variation selector (IVS/SVS) picks a glyph, not a character.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        s.chars().map(fold).collect()
    }

    #[test]
    fn the_common_name_variants_meet() {
        for group in [
            &["髙橋", "高橋"][..],
            &["山﨑", "山崎"],
            &["齋藤", "齊藤", "斎藤", "斉藤"],
            &["渡邊", "渡邉", "渡辺"],
            &["濵田", "濱田", "浜田"],
            &["德永", "徳永"],
            &["櫻井", "桜井"],
            &["嶋田", "島田"],
        ] {
            let keys: Vec<String> = group.iter().map(|n| folded(n)).collect();
            assert!(keys.iter().all(|k| *k == keys[0]), "{group:?} → {keys:?}");
        }
    }

    #[test]
    fn distinct_characters_stay_apart() {
        // 常用漢字 are never folded into another character, and shape or
        // dictionary analogies are not in the table.
        for (a, b) in [("功", "切"), ("梅", "某"), ("崎", "埼"), ("高", "髪"), ("辺", "邸")] {
            assert_ne!(folded(a), folded(b), "{a} / {b}");
        }
        assert_eq!(folded("窓口 太郎 ABC"), "窓口 太郎 ABC");
    }

    #[test]
    fn the_table_is_whole() {
        assert!(table().len() > 10_000, "{} folds", table().len());
        assert!(is_variation_selector('\u{E0100}') && !is_variation_selector('葛'));
    }
}
