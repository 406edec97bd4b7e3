//! 受付番号の形式: how a case's number is written, e.g. `2026-0001`,
//! `R8-001`, `開示2026第12号`.
//!
//! The number itself is a gapless sequence per calendar year (the counter
//! lives in `receipt_counters`); the format only decides how year and
//! sequence are written. It must contain one year token and one sequence
//! token, so that two cases can never be given the same number.

use crate::store::error::StoreError;
use chrono::{Datelike, NaiveDate};

pub const DEFAULT_FORMAT: &str = "{YYYY}-{NNNN}";
const MAX_LITERAL_CHARS: usize = 20;
const MAX_PAD: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    /// 西暦4桁 (2026).
    Year4,
    /// 西暦下2桁 (26).
    Year2,
    /// 令和などの年 as letter and number (R8, H31).
    EraYear,
    /// The sequence, zero-padded to this width (1 = no padding).
    Seq(usize),
}

/// A parsed, valid format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptFormat(Vec<Piece>);

const FIELD: &str = "receiptFormat";

fn bad(message: impl Into<String>) -> StoreError {
    StoreError::invalid(FIELD, message)
}

impl ReceiptFormat {
    /// Parses a format such as `{YYYY}-{NNNN}`. Errors are written for the
    /// officer who typed it.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(bad("受付番号の形式を入力してください。"));
        }
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if c == '{' {
                let Some(end) = rest.find('}') else {
                    return Err(bad("「{」に対応する「}」がありません。"));
                };
                let token = &rest[1..end];
                let piece = match token {
                    "YYYY" => Piece::Year4,
                    "YY" => Piece::Year2,
                    "R" => Piece::EraYear,
                    t if !t.is_empty() && t.chars().all(|c| c == 'N') => {
                        if t.len() > MAX_PAD {
                            return Err(bad(format!("連番の桁数は{MAX_PAD}桁までです。")));
                        }
                        Piece::Seq(t.len())
                    }
                    other => {
                        return Err(bad(format!(
                            "「{{{other}}}」は使えません。使えるのは {{YYYY}}・{{YY}}・{{R}}・{{NNNN}} です。"
                        )))
                    }
                };
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(piece);
                rest = &rest[end + 1..];
            } else if c == '}' {
                return Err(bad("「}」に対応する「{」がありません。"));
            } else if c.is_control() || c.is_whitespace() {
                return Err(bad("受付番号の形式に空白や制御文字は使えません。"));
            } else {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        let years = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Year4 | Piece::Year2 | Piece::EraYear))
            .count();
        let seqs = pieces.iter().filter(|p| matches!(p, Piece::Seq(_))).count();
        if years != 1 {
            return Err(bad(
                "年（{YYYY}・{YY}・{R} のいずれか）をちょうど1つ入れてください。連番は年ごとに1から振り直すため、年がないと番号が重複します。",
            ));
        }
        if seqs != 1 {
            return Err(bad("連番（{NNNN} など）をちょうど1つ入れてください。"));
        }
        let literal_chars: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Literal(s) => s.chars().count(),
                _ => 0,
            })
            .sum();
        if literal_chars > MAX_LITERAL_CHARS {
            return Err(bad(format!(
                "固定の文字は{MAX_LITERAL_CHARS}文字までにしてください。"
            )));
        }
        Ok(ReceiptFormat(pieces))
    }

    /// The number of the `seq`-th case received on `received` (its year).
    pub fn render(&self, received: NaiveDate, seq: i64) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Literal(s) => out.push_str(s),
                Piece::Year4 => out.push_str(&received.year().to_string()),
                Piece::Year2 => out.push_str(&format!("{:02}", received.year().rem_euclid(100))),
                Piece::EraYear => out.push_str(&crate::kernel::wareki::era_letter_year(received)),
                Piece::Seq(width) => out.push_str(&format!("{seq:0width$}")),
            }
        }
        out
    }
}

/// How `text` numbers the 1st and the 123rd case received `today`: the
/// settings screen's preview, or the reason the format is refused.
pub fn preview(text: &str, today: NaiveDate) -> Result<Vec<String>, StoreError> {
    let f = ReceiptFormat::parse(text)?;
    Ok(vec![f.render(today, 1), f.render(today, 123)])
}

impl Default for ReceiptFormat {
    fn default() -> Self {
        ReceiptFormat::parse(DEFAULT_FORMAT).expect("the default format is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn message(text: &str) -> String {
        match ReceiptFormat::parse(text) {
            Err(StoreError::Invalid(errors)) => errors[0].message.clone(),
            other => panic!("{text:?} should be refused, got {other:?}"),
        }
    }

    #[test]
    fn the_default_writes_2026_0001() {
        let f = ReceiptFormat::default();
        assert_eq!(f.render(d(2026, 12, 1), 1), "2026-0001");
        assert_eq!(f.render(d(2026, 12, 1), 12345), "2026-12345");
    }

    #[test]
    fn other_formats() {
        let f = ReceiptFormat::parse("開示{R}-{NNN}").unwrap();
        assert_eq!(f.render(d(2026, 12, 1), 7), "開示R8-007");
        assert_eq!(f.render(d(2019, 4, 30), 7), "開示H31-007");
        assert_eq!(f.render(d(2019, 5, 1), 7), "開示R1-007");
        let f = ReceiptFormat::parse("{YY}第{N}号").unwrap();
        assert_eq!(f.render(d(2026, 1, 5), 42), "26第42号");
    }

    #[test]
    fn bad_formats_are_explained() {
        assert!(message("").contains("入力"));
        assert!(message("{NNNN}").contains("年"));
        assert!(message("{YYYY}").contains("連番"));
        assert!(message("{YYYY}-{NNNN}-{N}").contains("連番"));
        assert!(message("{YYYY}{YY}-{NNNN}").contains("年"));
        assert!(message("{YYYY}-{NNNN").contains("}"));
        assert!(message("{YYYY}}-{NNNN}").contains("{"));
        assert!(message("{MM}-{YYYY}-{NNNN}").contains("{MM}"));
        assert!(message("{YYYY} {NNNN}").contains("空白"));
        assert!(message("{YYYY}-{NNNNNNNNN}").contains("8桁"));
        assert!(
            message("とてもながいとてもながいとてもながい固定文字{YYYY}{NNNN}").contains("20文字")
        );
    }
}
