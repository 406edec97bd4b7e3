//! The printed 回復キー sheet: one A4 portrait page, made with printpdf.
//!
//! IPAex Gothic is compiled into the binary and embedded in the PDF as a
//! subset (only the glyphs on the page), so the file is small and prints the
//! same everywhere. The key is drawn one character per box, four boxes per
//! group, each group numbered ①–⑬, so it can be read back group by group.
//!
//! The PDF holds the key as text (so it can be checked and copied from the
//! file); treat the returned bytes like the key itself.

use crate::kernel::error::ErrorCode;
use chrono::{Datelike, NaiveDate};

use crate::kernel::wareki::{seireki, wareki};
use crate::output::pdf::{circled, pt_to_mm, Document, Face, PAGE_H, PAGE_W};

pub struct SheetInput<'a> {
    /// 会社名
    pub organisation: &'a str,
    /// 窓口名
    pub desk: &'a str,
    pub created_on: NaiveDate,
    /// Shown small, to match the sheet to its store.
    pub store_id: &'a str,
    /// 13 groups of 4 characters, e.g. `["7K3M", "ABCD", …]`.
    pub key_groups: &'a [&'a str],
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("pdf: {0}")]
    Pdf(String),
}

impl crate::kernel::error::Coded for SheetError {
    fn code(&self) -> ErrorCode {
        match self {
            SheetError::Pdf(_) => ErrorCode::RecoverySheetFailed,
        }
    }
    fn message(&self) -> String {
        match self {
            SheetError::Pdf(_) => "回復キーの印刷用PDFを作成できませんでした。".into(),
        }
    }
}

/// The explanation printed under the key, one paragraph per item.
const EXPLANATION: [&str; 4] = [
    "この回復キーは、パスワードを忘れた場合、PCを入れ替えた場合、バックアップから復元する場合に、窓口のデータを開くために必要です。",
    "窓口はこのキーを再表示できません。",
    "施錠できる場所に保管し、コピーを作らないでください。",
    "紛失した場合は管理者がすぐに新しい回復キーを発行してください。",
];

// Page geometry, in millimetres from the top-left corner.
const LEFT: f32 = 25.0;
const RIGHT: f32 = PAGE_W - 25.0;
const CONTENT_W: f32 = RIGHT - LEFT;
const FOOTER_RULE: f32 = PAGE_H - 17.0;

/// The key table: two columns of up to 7 groups each.
const KEY_ROWS_MAX: usize = 7;
const KEY_GROUP_CHARS_MAX: usize = 6;
const KEY_ROW_H: f32 = 12.0;
const KEY_BOX: f32 = 9.6; // one character box (square)
const KEY_BOX_GAP: f32 = 1.2;
const KEY_FONT: f32 = 20.0; // pt
const KEY_NUMBER_FONT: f32 = 15.0; // pt

fn check_key(groups: &[&str]) -> Result<(), SheetError> {
    let ok = !groups.is_empty()
        && groups.len() <= 2 * KEY_ROWS_MAX
        && groups.iter().all(|g| {
            let n = g.chars().count();
            (1..=KEY_GROUP_CHARS_MAX).contains(&n) && g.chars().all(|c| c.is_ascii_graphic())
        });
    if ok {
        Ok(())
    } else {
        // Never put the key itself into an error.
        Err(SheetError::Pdf(format!(
            "the key does not fit the sheet: {} groups given, up to {} groups of up to {} ASCII characters fit",
            groups.len(),
            2 * KEY_ROWS_MAX,
            KEY_GROUP_CHARS_MAX
        )))
    }
}

/// 2026年11月21日（令和8年11月21日）
fn created_on_label(date: NaiveDate) -> String {
    let w = wareki(date);
    if w == seireki(date) {
        w
    } else {
        format!("{}（{}）", seireki(date), w)
    }
}

/// Builds the one-page A4 回復キー sheet.
pub fn recovery_sheet_pdf(input: &SheetInput) -> Result<Vec<u8>, SheetError> {
    check_key(input.key_groups)?;

    let mut doc =
        Document::new("窓口 回復キー", Face::Gothic, input.created_on).map_err(SheetError::Pdf)?;
    let c = &mut doc.page;

    // --- Heading ------------------------------------------------------------
    // 取扱注意 box, top right.
    let mark = "取扱注意";
    let mark_w = c.width(mark, 10.5) + 6.0;
    c.rect(RIGHT - mark_w, 15.0, mark_w, 7.5, 1.0, 0.0);
    c.text_centred(RIGHT - mark_w / 2.0, 20.3, 10.5, 0.0, mark);

    c.text_centred(PAGE_W / 2.0, 36.0, 26.0, 0.0, "窓口 回復キー");
    c.line(LEFT, 41.5, RIGHT, 41.5, 1.2, 0.0);

    // --- Who and when -------------------------------------------------------
    let label_w = 22.0;
    let value_x = LEFT + label_w;
    let value_w = RIGHT - value_x;
    let info_pt = 11.5;
    let info_lh = 6.4;
    let mut y = 50.5;
    let rows: [(&str, Vec<String>); 3] = [
        (
            "会社名",
            c.wrap_at_most(input.organisation, info_pt, value_w, 2),
        ),
        ("窓口名", c.wrap_at_most(input.desk, info_pt, value_w, 2)),
        ("作成日", vec![created_on_label(input.created_on)]),
    ];
    for (label, lines) in rows {
        c.text(LEFT, y, info_pt, 0.35, label);
        for line in &lines {
            c.text(value_x, y, info_pt, 0.0, line);
            y += info_lh;
        }
        if lines.is_empty() {
            y += info_lh;
        }
        y += 1.2;
    }

    // --- The key ------------------------------------------------------------
    y += 5.0;
    c.text(LEFT, y, 13.0, 0.0, "回復キー");
    let total_chars: usize = input.key_groups.iter().map(|g| g.chars().count()).sum();
    let all_four = input.key_groups.iter().all(|g| g.chars().count() == 4);
    let summary = if all_four {
        format!(
            "4文字 × {}組（合計{}文字）",
            input.key_groups.len(),
            total_chars
        )
    } else {
        format!("{}組（合計{}文字）", input.key_groups.len(), total_chars)
    };
    c.text_right(RIGHT, y, 9.5, 0.35, &summary);
    y += 3.5;

    let rows_n = input.key_groups.len().div_ceil(2);
    let table_top = y;
    let header_h = 7.5;
    let table_h = header_h + rows_n as f32 * KEY_ROW_H;
    let col_w = CONTENT_W / 2.0;
    let number_w = 20.0;
    let max_chars = input
        .key_groups
        .iter()
        .map(|g| g.chars().count())
        .max()
        .unwrap_or(4);
    let slots_w = max_chars as f32 * KEY_BOX + (max_chars as f32 - 1.0) * KEY_BOX_GAP;

    let key_header = if all_four {
        "キー（4文字）"
    } else {
        "キー"
    };

    // Header band and grid.
    c.fill_rect(LEFT, table_top, CONTENT_W, header_h, 0.92);
    for col in 0..2 {
        let x0 = LEFT + col as f32 * col_w;
        c.text_centred(x0 + number_w / 2.0, table_top + 5.3, 9.5, 0.2, "組番号");
        c.text_centred(
            x0 + number_w + (col_w - number_w) / 2.0,
            table_top + 5.3,
            9.5,
            0.2,
            key_header,
        );
        c.line(
            x0 + number_w,
            table_top,
            x0 + number_w,
            table_top + table_h,
            0.5,
            0.55,
        );
    }
    for r in 1..=rows_n {
        let ry = table_top + header_h + (r - 1) as f32 * KEY_ROW_H;
        c.line(LEFT, ry, RIGHT, ry, if r == 1 { 0.8 } else { 0.4 }, 0.55);
    }
    c.line(
        LEFT + col_w,
        table_top,
        LEFT + col_w,
        table_top + table_h,
        1.0,
        0.0,
    );
    c.rect(LEFT, table_top, CONTENT_W, table_h, 1.2, 0.0);

    // Groups 1–7 down the left column, 8–13 down the right one.
    for (i, group) in input.key_groups.iter().enumerate() {
        let (col, row) = (i / rows_n, i % rows_n);
        let x0 = LEFT + col as f32 * col_w;
        let row_top = table_top + header_h + row as f32 * KEY_ROW_H;
        let mid = row_top + KEY_ROW_H / 2.0;
        c.text_centred(
            x0 + number_w / 2.0,
            mid + pt_to_mm(KEY_NUMBER_FONT) * 0.36,
            KEY_NUMBER_FONT,
            0.0,
            &circled(i + 1),
        );

        let slots_x = x0 + number_w + (col_w - number_w - slots_w) / 2.0;
        let box_top = mid - KEY_BOX / 2.0;
        for (k, ch) in group.chars().enumerate() {
            let bx = slots_x + k as f32 * (KEY_BOX + KEY_BOX_GAP);
            c.rect(bx, box_top, KEY_BOX, KEY_BOX, 0.4, 0.7);
            let s = ch.to_string();
            // Cap height of IPAex Gothic is ~0.73 em: centre the capitals in the box.
            c.text_centred(
                bx + KEY_BOX / 2.0,
                mid + pt_to_mm(KEY_FONT) * 0.365,
                KEY_FONT,
                0.0,
                &s,
            );
        }
    }
    y = table_top + table_h + 4.5;
    // True of the Crockford alphabet the core's recovery keys use; only said
    // when it is true of the key on the page.
    if !input
        .key_groups
        .iter()
        .any(|g| g.contains(['O', 'I', 'L', 'U', 'o', 'i', 'l', 'u']))
    {
        c.text(
            LEFT,
            y,
            9.0,
            0.35,
            "英字の O・I・L・U は使われていません（0 は数字のゼロ、1 は数字のイチです）。",
        );
    }

    // --- Explanation ----------------------------------------------------------
    y += 10.0;
    c.text(LEFT, y, 12.0, 0.0, "この回復キーについて");
    y += 2.5;
    c.line(LEFT, y, RIGHT, y, 0.5, 0.55);
    y += 6.5;
    let body_pt = 10.5;
    let body_lh = 6.0;
    let bullet_w = c.width("・", body_pt);
    for paragraph in EXPLANATION {
        c.text(LEFT, y, body_pt, 0.0, "・");
        for line in c.wrap(paragraph, body_pt, CONTENT_W - bullet_w) {
            c.text(LEFT + bullet_w, y, body_pt, 0.0, &line);
            y += body_lh;
        }
        y += 1.2;
    }

    // --- To fill in by hand: anchored above the footer ---------------------
    let sign_h = 13.0;
    let sign_top = FOOTER_RULE - 6.0 - 2.0 * sign_h;
    if y - body_lh + 3.0 > sign_top {
        // Cannot happen with the capped name lengths; checked by a test.
        return Err(SheetError::Pdf(
            "the sheet's content does not fit on one page".into(),
        ));
    }
    let sign_label_w = 26.0;
    for (i, label) in ["保管者", "保管場所"].into_iter().enumerate() {
        let top = sign_top + i as f32 * sign_h;
        c.fill_rect(LEFT, top, sign_label_w, sign_h, 0.92);
        c.text_centred(
            LEFT + sign_label_w / 2.0,
            top + sign_h / 2.0 + 1.5,
            11.0,
            0.0,
            label,
        );
    }
    c.line(LEFT, sign_top + sign_h, RIGHT, sign_top + sign_h, 0.5, 0.55);
    c.line(
        LEFT + sign_label_w,
        sign_top,
        LEFT + sign_label_w,
        sign_top + 2.0 * sign_h,
        0.5,
        0.55,
    );
    c.rect(LEFT, sign_top, CONTENT_W, 2.0 * sign_h, 1.0, 0.0);
    c.text_right(
        RIGHT - 2.0,
        sign_top + sign_h - 2.5,
        8.0,
        0.5,
        "（氏名・部署）",
    );
    c.text_right(
        RIGHT - 2.0,
        sign_top + 2.0 * sign_h - 2.5,
        8.0,
        0.5,
        "（例：総務部 金庫）",
    );

    // --- Footer ---------------------------------------------------------------
    let footer_y = FOOTER_RULE + 5.0;
    c.line(LEFT, FOOTER_RULE, RIGHT, FOOTER_RULE, 0.3, 0.7);
    let store = c.wrap_at_most(
        &format!("ストアID：{}", input.store_id),
        7.5,
        CONTENT_W * 0.7,
        1,
    );
    c.text(LEFT, footer_y, 7.5, 0.4, &store[0]);
    c.text_right(
        RIGHT,
        footer_y,
        7.5,
        0.4,
        &format!(
            "窓口 回復キー　{}年{}月{}日 作成",
            input.created_on.year(),
            input.created_on.month(),
            input.created_on.day()
        ),
    );

    doc.finish().map_err(SheetError::Pdf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::pdf::tools;

    const KEY: [&str; 13] = [
        "7K3M", "ABCD", "EFGH", "JKMN", "PQRS", "TVWX", "YZ01", "2345", "6789", "0A1B", "C2D3",
        "E4F5", "G6H7",
    ];

    fn sample() -> SheetInput<'static> {
        SheetInput {
            organisation: "株式会社サンプル商事",
            desk: "個人情報保護窓口（お客様相談室）",
            created_on: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            store_id: "3f6c2a9e-8d41-4b7f-9a0e-5c1d2b3e4f60",
            key_groups: &KEY,
        }
    }

    #[test]
    fn is_a_small_pdf() {
        let pdf = recovery_sheet_pdf(&sample()).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(
            pdf.len() < 300 * 1024,
            "{} bytes: the font is not subset",
            pdf.len()
        );
    }

    #[test]
    fn rejects_a_key_that_does_not_fit_without_echoing_it() {
        let too_many = ["SECRET"; 15];
        let err = recovery_sheet_pdf(&SheetInput {
            key_groups: &too_many,
            ..sample()
        })
        .unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
        let too_long = ["ABCDEFGHJK"];
        assert!(recovery_sheet_pdf(&SheetInput {
            key_groups: &too_long,
            ..sample()
        })
        .is_err());
        assert!(recovery_sheet_pdf(&SheetInput {
            key_groups: &[],
            ..sample()
        })
        .is_err());
    }

    const LONG_NAME: &str = "株式会社とても長い名前のサンプルホールディングスジャパン・アンド・パシフィック・グループ本社管理本部総務部法務課個人情報保護相談窓口（東京本社・大阪支社・名古屋営業所共通）";
    const LONG_STORE_ID: &str = "store-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// The worst case: both names cut at two lines, a store id cut short.
    fn long_sample() -> SheetInput<'static> {
        SheetInput {
            organisation: LONG_NAME,
            desk: LONG_NAME,
            created_on: NaiveDate::from_ymd_opt(2019, 5, 1).unwrap(),
            store_id: LONG_STORE_ID,
            ..sample()
        }
    }

    #[test]
    fn long_names_and_odd_dates_still_make_one_page() {
        // recovery_sheet_pdf refuses to draw over the hand-filled block or the
        // footer, so Ok here means the worst case fits.
        let pdf = recovery_sheet_pdf(&long_sample()).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        if let Some(pages) = tools::pages(&pdf) {
            assert_eq!(pages, 1);
        }
    }

    #[test]
    fn created_on_shows_both_calendars() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(created_on_label(d), "2026年11月21日（令和8年11月21日）");
        let d = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
        assert_eq!(created_on_label(d), "2019年5月1日（令和元年5月1日）");
    }

    #[test]
    fn text_can_be_extracted() {
        let pdf = recovery_sheet_pdf(&sample()).unwrap();
        let Some(text) = tools::text(&pdf) else {
            return;
        };
        // Characters are drawn one per box, so look for each group with the
        // layout's spaces taken out.
        let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for needle in [
            "回復キー",
            "株式会社サンプル商事",
            "個人情報保護窓口",
            "令和8年11月21日",
            "保管者",
            "保管場所",
            "窓口はこのキーを再表示できません。",
            "3f6c2a9e-8d41-4b7f-9a0e-5c1d2b3e4f60",
        ] {
            assert!(squashed.contains(needle), "{needle} missing from:\n{text}");
        }
        for (i, group) in KEY.iter().enumerate() {
            let numbered = format!("{}{}", circled(i + 1), group);
            assert!(
                squashed.contains(&numbered),
                "group {} ({numbered}) missing from:\n{text}",
                i + 1
            );
        }
    }

    #[test]
    fn font_is_embedded_as_a_subset() {
        tools::assert_subset_font(&recovery_sheet_pdf(&sample()).unwrap(), "IPAexGothic");
    }

    /// Writes the sheet to $MADOGUCHI_SHEET_OUT for looking at:
    /// `MADOGUCHI_SHEET_OUT=/tmp/sheet.pdf cargo test -p madoguchi-core recovery_sheet -- --ignored`
    #[test]
    #[ignore]
    fn write_sample_for_viewing() {
        let out =
            std::env::var("MADOGUCHI_SHEET_OUT").unwrap_or_else(|_| "recovery-sheet.pdf".into());
        std::fs::write(&out, recovery_sheet_pdf(&sample()).unwrap()).unwrap();
        let long = out.replace(".pdf", "-long.pdf");
        std::fs::write(&long, recovery_sheet_pdf(&long_sample()).unwrap()).unwrap();
        eprintln!("wrote {out} and {long}");
    }
}
