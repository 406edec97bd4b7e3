//! Drawing a letter: A4 portrait in IPAex Mincho, the recipient placed for a
//! 長形3号 window envelope, letterhead and sender, the title, then the body
//! written in the template's small markup (see [`MARKUP_HELP`]).
//!
//! Where the address goes: an A4 sheet folded in three (三つ折り) shows its
//! top panel (0–99 mm) through the window of a 長形3号 envelope. The common
//! window is 90 × 45 mm, 23 mm from the left and 13 mm from the top of the
//! envelope; with the sheet resting in the envelope that puts the address
//! block about 24 mm from the left and 24 mm from the top of the page.
//! Envelopes differ, so the offsets are settings and the calibration page
//! ([`calibration_pdf`]) shows on plain paper where the window will be.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::output::pdf::{pt_to_mm, Canvas, Document, Face, PAGE_H, PAGE_W};

use super::TemplateBody;

/// The envelope offsets (設定 › 文書), in mm; + moves the address right / down.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Offsets {
    pub x_mm: f32,
    pub y_mm: f32,
}

pub const OFFSET_RANGE: std::ops::RangeInclusive<f32> = -30.0..=30.0;

// Geometry in mm from the top-left corner of the page.
const LEFT: f32 = 25.0;
const RIGHT: f32 = PAGE_W - 25.0;
const CONTENT_W: f32 = RIGHT - LEFT;
const BODY_TOP: f32 = 22.0;
const BOTTOM: f32 = PAGE_H - 22.0;
const FOOTER_Y: f32 = PAGE_H - 11.0;
const BODY_PT: f32 = 10.5;
const LINE_H: f32 = 6.2;
/// The address block for a 長形3号 window (before offsets).
const ADDRESS_X: f32 = 24.0;
const ADDRESS_Y: f32 = 24.0;
const ADDRESS_W: f32 = 80.0;
/// The window itself, as drawn on the calibration page.
const WINDOW_W: f32 = 90.0;
const WINDOW_H: f32 = 45.0;
const WINDOW_PAD_X: f32 = 4.0;
const WINDOW_PAD_Y: f32 = 5.0;
/// 三つ折り: the folds of an A4 sheet.
const FOLDS: [f32; 2] = [99.0, 198.0];

/// Shown in the template editor.
pub const MARKUP_HELP: &str = "{{項目名}} で差し込み項目を入れます。行の先頭に書く記号: \
[表題] 中央に大きく / [見出し] 見出し / [右] 右寄せ / [中央] 中央寄せ / \
[欄] 記入欄（[欄3] で3行分） / [選択] 種類：A／B／C で□付きの選択肢 / \
[改ページ] 次のページへ / [あれば:項目名] その項目がある案件でだけ印刷。\
「記」だけの行は中央に、「以上」「敬具」だけの行は右に置きます。\
「・」「※」「１．」などで始まる行は、折り返しをその記号の後ろにそろえます。";

/// The placeholders in `text`, in order of appearance (may repeat).
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                out.push(after[..end].trim().to_string());
                rest = &after[end + 2..];
            }
            None => break,
        }
    }
    out
}

/// `[あれば:名前]` at the start of a line: (名前, the rest).
fn conditional(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("[あれば:")?;
    let end = rest.find(']')?;
    Some((rest[..end].trim(), &rest[end + 1..]))
}

/// The conditions used in `text` (their names must be fields too).
pub fn conditions(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(conditional)
        .map(|(n, _)| n.to_string())
        .collect()
}

/// The header fields an addressed letter prints besides its text.
pub const HEADER_FIELDS: [&str; 11] = [
    "文書番号",
    "発行日",
    "受付番号",
    "郵便番号",
    "住所",
    "氏名",
    "会社名",
    "窓口名",
    "窓口郵便番号",
    "窓口住所",
    "窓口電話",
];

/// What a missing value prints as in a preview (printing is refused).
pub fn missing_marker(name: &str) -> String {
    format!("〔{name}：なし〕")
}

fn substitute(line: &str, values: &BTreeMap<String, String>) -> String {
    // A placeholder alone on a line, indented: every line of its value gets
    // the indent (a list under a numbered heading stays under it).
    let indent = &line[..line.len() - line.trim_start_matches(['　', ' ']).len()];
    let alone = !indent.is_empty()
        && line.trim().starts_with("{{")
        && line.trim().ends_with("}}")
        && placeholders(line).len() == 1;
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = after[..end].trim();
                match values.get(name) {
                    Some(v) if alone => out.push_str(&v.replace('\n', &format!("\n{indent}"))),
                    Some(v) => out.push_str(v),
                    None => out.push_str(&missing_marker(name)),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

enum Block {
    Blank,
    Para(String),
    Right(String),
    Centre(String),
    Title(String),
    Heading(String),
    Field { label: String, lines: u32 },
    Choices(String),
    PageBreak,
}

fn parse(text: &str, values: &BTreeMap<String, String>) -> Vec<Block> {
    let mut blocks = Vec::new();
    for raw in text.lines() {
        let raw = raw.trim_end();
        let raw = match conditional(raw) {
            Some((name, rest)) if values.contains_key(name) => rest,
            Some(_) => continue,
            None => raw,
        };
        let line = substitute(raw, values);
        let mut first = true;
        for part in line.split('\n') {
            let part = part.trim_end();
            let marked = |tag: &str| {
                if first {
                    part.strip_prefix(tag).map(|s| s.trim_start().to_string())
                } else {
                    None
                }
            };
            let block = if let Some(s) = marked("[表題]") {
                Block::Title(s)
            } else if let Some(s) = marked("[見出し]") {
                Block::Heading(s)
            } else if let Some(s) = marked("[右]") {
                Block::Right(s)
            } else if let Some(s) = marked("[中央]") {
                Block::Centre(s)
            } else if let Some(s) = marked("[選択]") {
                Block::Choices(s)
            } else if first && part.trim() == "[改ページ]" {
                Block::PageBreak
            } else if let Some(rest) = part.strip_prefix("[欄").filter(|_| first) {
                match rest.split_once(']') {
                    Some((n, label)) => Block::Field {
                        label: label.trim().to_string(),
                        lines: n.trim().parse::<u32>().unwrap_or(1).clamp(1, 10),
                    },
                    None => Block::Para(part.to_string()),
                }
            } else if part.trim().is_empty() {
                Block::Blank
            } else if part.trim() == "記" {
                Block::Centre("記".into())
            } else if matches!(part.trim(), "以上" | "敬具" | "草々") {
                Block::Right(part.trim().to_string())
            } else {
                Block::Para(part.to_string())
            };
            blocks.push(block);
            first = false;
        }
    }
    blocks
}

/// The part of a line that later lines of the same paragraph align under:
/// a bullet (・ ※ ○ ■ …), a number (１． 2. （3） ①) or a 【heading】.
fn hanging_prefix(line: &str) -> &str {
    let body = line.trim_start_matches(['　', ' ']);
    let lead = line.len() - body.len();
    let mut chars = body.char_indices();
    let Some((_, first)) = chars.next() else {
        return "";
    };
    let end = if "・※○●■□◆◇－-".contains(first) {
        first.len_utf8()
    } else if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        let mut end = None;
        for (i, c) in body.char_indices() {
            if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                continue;
            }
            if matches!(c, '．' | '.' | '、' | '）' | ')') {
                end = Some(i + c.len_utf8());
            }
            break;
        }
        match end {
            Some(e) => e,
            None => return "",
        }
    } else if matches!(first, '（' | '(') {
        match body.find(['）', ')']) {
            Some(i) if i <= 8 => i + body[i..].chars().next().map_or(1, char::len_utf8),
            _ => return "",
        }
    } else if ('①'..='⑳').contains(&first) {
        first.len_utf8()
    } else {
        return "";
    };
    // Spaces after the mark belong to it.
    let rest = &body[end..];
    let spaces = rest.len() - rest.trim_start_matches(['　', ' ']).len();
    &line[..lead + end + spaces]
}

struct Writer<'a> {
    doc: Document,
    y: f32,
    top: f32,
    receipt_no: Option<&'a str>,
}

impl Writer<'_> {
    fn c(&mut self) -> &mut Canvas {
        &mut self.doc.page
    }

    fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.break_page();
        }
    }

    fn break_page(&mut self) {
        self.doc.new_page();
        self.y = BODY_TOP + LINE_H;
        if let Some(no) = self.receipt_no {
            let no = format!("受付番号 {no}");
            self.doc
                .page
                .text_right(RIGHT, BODY_TOP - 6.0, 8.5, 0.35, &no);
        }
        self.top = self.y;
    }

    fn para(&mut self, text: &str) {
        let prefix = hanging_prefix(text);
        let indent = self.doc.page.width(prefix, BODY_PT);
        let rest = &text[prefix.len()..];
        let lines = self.doc.page.wrap(rest, BODY_PT, CONTENT_W - indent);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(LINE_H);
            let y = self.y;
            if i == 0 {
                self.c().text(LEFT, y, BODY_PT, 0.0, prefix);
            }
            self.c().text(LEFT + indent, y, BODY_PT, 0.0, line);
            self.y += LINE_H;
        }
        if lines.is_empty() {
            self.ensure(LINE_H);
            let y = self.y;
            self.c().text(LEFT, y, BODY_PT, 0.0, prefix);
            self.y += LINE_H;
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Blank => {
                // No blank line at the top of a page.
                if self.y > self.top {
                    self.y += LINE_H * 0.8;
                }
            }
            Block::Para(t) => self.para(t),
            Block::Right(t) | Block::Centre(t) => {
                for line in self.doc.page.wrap(t, BODY_PT, CONTENT_W) {
                    self.ensure(LINE_H);
                    let y = self.y;
                    if matches!(b, Block::Right(_)) {
                        self.c().text_right(RIGHT, y, BODY_PT, 0.0, &line);
                    } else {
                        self.c().text_centred(PAGE_W / 2.0, y, BODY_PT, 0.0, &line);
                    }
                    self.y += LINE_H;
                }
            }
            Block::Title(t) => {
                let pt = 15.0;
                let lines = self.doc.page.wrap_at_most(t, pt, CONTENT_W, 2);
                self.ensure(lines.len() as f32 * 8.0 + 6.0);
                self.y += 2.0;
                for line in lines {
                    let y = self.y;
                    self.c().text_centred(PAGE_W / 2.0, y, pt, 0.0, &line);
                    self.y += 8.0;
                }
                self.y += 4.0;
            }
            Block::Heading(t) => {
                let pt = 11.5;
                self.ensure(LINE_H * 2.0);
                self.y += 1.5;
                for line in self.doc.page.wrap(t, pt, CONTENT_W) {
                    let y = self.y;
                    self.c().text(LEFT, y, pt, 0.0, &line);
                    self.y += LINE_H + 0.6;
                }
            }
            Block::Field { label, lines } => {
                let label_w = 46.0;
                let h = 9.0 * *lines as f32;
                // Rows share borders, so the first one starts a little lower.
                let top = self.y - LINE_H + 2.0;
                if top + h > BOTTOM {
                    self.break_page();
                }
                let top = self.y - LINE_H + 2.0;
                self.c().fill_rect(LEFT, top, label_w, h, 0.93);
                self.c().rect(LEFT, top, CONTENT_W, h, 0.6, 0.2);
                self.c()
                    .line(LEFT + label_w, top, LEFT + label_w, top + h, 0.6, 0.2);
                let label_lines = self.doc.page.wrap_at_most(
                    label,
                    9.5,
                    label_w - 4.0,
                    (*lines as usize * 2).max(2),
                );
                let mut ly = top + 6.0;
                for l in label_lines {
                    self.c().text(LEFT + 2.0, ly, 9.5, 0.0, &l);
                    ly += 4.4;
                }
                self.y = top + h + LINE_H - 2.0;
            }
            Block::Choices(t) => {
                // Each □ and its label stay on one line; lines break between choices.
                let (label, items) = match t.split_once('：') {
                    Some((l, i)) if !i.contains('：') => (format!("{l}："), i),
                    _ => (String::new(), t.as_str()),
                };
                let indent = self.doc.page.width(&label, BODY_PT);
                let gap = self.doc.page.width("　", BODY_PT);
                self.y += 1.0;
                self.ensure(LINE_H);
                let y = self.y;
                self.c().text(LEFT, y, BODY_PT, 0.0, &label);
                let mut x = LEFT + indent;
                for item in items.split('／').map(|s| format!("□ {}", s.trim())) {
                    let w = self.doc.page.width(&item, BODY_PT);
                    if x > LEFT + indent && x + w > RIGHT {
                        self.y += LINE_H;
                        self.ensure(LINE_H);
                        x = LEFT + indent;
                    }
                    let y = self.y;
                    self.c().text(x, y, BODY_PT, 0.0, &item);
                    x += w + gap;
                }
                self.y += LINE_H + 1.0;
            }
            Block::PageBreak => self.break_page(),
        }
    }
}

pub struct LetterInput<'a> {
    pub body: &'a TemplateBody,
    /// Every resolved field; a placeholder not here prints [`missing_marker`].
    pub values: &'a BTreeMap<String, String>,
    pub offsets: Offsets,
    pub issued_on: NaiveDate,
}

/// Draws the letter.
pub fn render(input: &LetterInput) -> Result<Vec<u8>, String> {
    let v = |name: &str| {
        input
            .values
            .get(name)
            .cloned()
            .unwrap_or_else(|| missing_marker(name))
    };
    let body = input.body;
    let doc = Document::new(&body.title, Face::Mincho, input.issued_on)?;
    let mut w = Writer {
        doc,
        y: BODY_TOP + LINE_H,
        top: BODY_TOP + LINE_H,
        receipt_no: input.values.get("受付番号").map(String::as_str),
    };
    if body.addressed {
        let c = &mut w.doc.page;
        // 文書番号, date, 受付番号: top right.
        c.text_right(RIGHT, 20.0, 10.0, 0.0, &v("文書番号"));
        c.text_right(RIGHT, 25.5, 10.0, 0.0, &v("発行日"));
        c.text_right(
            RIGHT,
            31.0,
            9.0,
            0.0,
            &format!("受付番号 {}", v("受付番号")),
        );

        // The recipient, where the envelope's window is.
        let ax = ADDRESS_X + input.offsets.x_mm;
        let ay = ADDRESS_Y + input.offsets.y_mm;
        let address_end = address_block(c, ax, ay, &v("郵便番号"), &v("住所"), &v("氏名"));

        // The sender, right-aligned under the date.
        let mut sy = 50.0;
        let mut sender = vec![v("会社名"), v("窓口名")];
        let org_address = format!("〒{}　{}", v("窓口郵便番号"), v("窓口住所"));
        sender.extend(c.wrap_at_most(&org_address, 9.0, 78.0, 2));
        sender.push(format!("電話 {}", v("窓口電話")));
        if let Some(mail) = input.values.get("窓口メール") {
            sender.push(format!("メール {mail}"));
        }
        for (i, line) in sender.iter().enumerate() {
            let pt = if i == 0 { 10.5 } else { 9.0 };
            for l in c.wrap_at_most(line, pt, 78.0, 2) {
                c.text_right(RIGHT, sy, pt, 0.0, &l);
                sy += if i == 0 { 5.4 } else { 4.6 };
            }
        }

        // 三つ折り marks in the margin.
        for fold in FOLDS {
            c.line(3.0, fold, 8.0, fold, 0.4, 0.6);
        }

        w.y = address_end.max(sy) + 12.0;
        w.top = w.y;
        w.block(&Block::Title(body.title.clone()));
    } else {
        w.block(&Block::Title(body.title.clone()));
    }

    for b in parse(&body.text, input.values) {
        w.block(&b);
    }

    // Page numbers on letters of more than one page.
    let total = w.doc.page_count();
    let mut doc = w.doc;
    if total > 1 {
        doc.each_page(|c, n| {
            c.text_centred(PAGE_W / 2.0, FOOTER_Y, 9.0, 0.3, &format!("{n} / {total}"))
        });
    }
    doc.finish()
}

/// 〒, address and name with 様, from (x, y); returns the bottom of the block.
fn address_block(c: &mut Canvas, x: f32, y: f32, postal: &str, address: &str, name: &str) -> f32 {
    c.text(x, y + 4.0, 10.5, 0.0, &format!("〒{postal}"));
    let mut ay = y + 11.0;
    for line in c.wrap_at_most(address, 10.5, ADDRESS_W, 3) {
        c.text(x + 2.0, ay, 10.5, 0.0, &line);
        ay += 5.2;
    }
    ay += 3.8;
    let name_pt = 14.0;
    let named = format!("{name}　様");
    let lines = c.wrap_at_most(&named, name_pt, ADDRESS_W, 1);
    c.text(x + 6.0, ay, name_pt, 0.0, &lines[0]);
    ay + pt_to_mm(name_pt) * 0.3
}

/// 宛名位置の確認用紙: plain paper with the window drawn where the letters'
/// address will show; held against an envelope it shows whether to move it.
pub fn calibration_pdf(offsets: Offsets, today: NaiveDate) -> Result<Vec<u8>, String> {
    let mut doc = Document::new("宛名位置の確認用紙", Face::Mincho, today)?;
    let c = &mut doc.page;
    let ax = ADDRESS_X + offsets.x_mm;
    let ay = ADDRESS_Y + offsets.y_mm;
    c.rect(
        ax - WINDOW_PAD_X,
        ay - WINDOW_PAD_Y,
        WINDOW_W,
        WINDOW_H,
        0.8,
        0.3,
    );
    c.text(
        ax - WINDOW_PAD_X,
        ay - WINDOW_PAD_Y - 1.5,
        8.0,
        0.3,
        "長形3号の窓（90×45mm）",
    );
    address_block(
        c,
        ax,
        ay,
        "100-0001",
        "東京都千代田区見本町1-2-3 見本ハイツ101",
        "見本 花子",
    );
    for fold in FOLDS {
        c.line(3.0, fold, PAGE_W - 3.0, fold, 0.3, 0.7);
        c.text_right(
            PAGE_W - 4.0,
            fold - 1.5,
            7.5,
            0.45,
            "山折り・谷折りの位置（三つ折り）",
        );
    }
    c.text_centred(PAGE_W / 2.0, 120.0, 16.0, 0.0, "宛名位置の確認用紙");
    let steps = [
        "１．この用紙を、普通紙に「実際のサイズ」（拡大・縮小なし）で印刷してください。",
        "２．点線の位置で三つ折りにして、長形3号の窓付き封筒に入れてください。",
        "３．窓から見本の宛名（〒・住所・氏名）がすべて見えるかを確認してください。",
        "４．ずれている場合は、設定 › 文書 の「宛名の位置」を調整して、もう一度印刷してください。右・下へ動かすときはプラス、左・上へはマイナスです。",
    ];
    let mut y = 136.0;
    for step in steps {
        let lines = c.wrap(step, 10.5, CONTENT_W - 8.0);
        for (i, line) in lines.iter().enumerate() {
            c.text(if i == 0 { LEFT } else { LEFT + 7.4 }, y, 10.5, 0.0, line);
            y += LINE_H;
        }
        y += 1.5;
    }
    y += 4.0;
    c.text(
        LEFT,
        y,
        10.5,
        0.0,
        &format!(
            "現在の調整値：横 {:+.1} mm　縦 {:+.1} mm",
            offsets.x_mm, offsets.y_mm
        ),
    );
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanging_prefixes() {
        assert_eq!(hanging_prefix("・本人確認書類"), "・");
        assert_eq!(hanging_prefix("１．手数料　1,100円"), "１．");
        assert_eq!(hanging_prefix("12. 見本"), "12. ");
        assert_eq!(hanging_prefix("（1）見本"), "（1）");
        assert_eq!(hanging_prefix("①見本"), "①");
        assert_eq!(hanging_prefix("　このたびは"), "");
        assert_eq!(hanging_prefix("2026年"), "");
        assert_eq!(hanging_prefix(""), "");
    }

    #[test]
    fn placeholders_and_conditions_are_found() {
        let t = "{{氏名}}様\n[あれば:理由]理由：{{ 理由 }}\n{{閉じていない";
        assert_eq!(placeholders(t), ["氏名", "理由"]);
        assert_eq!(conditions(t), ["理由"]);
    }

    #[test]
    fn substitution_marks_what_is_missing_and_conditions_drop_lines() {
        let values: BTreeMap<String, String> =
            [("氏名".to_string(), "見本 花子".to_string())].into();
        assert_eq!(
            substitute("{{氏名}}　様 {{住所}}", &values),
            "見本 花子　様 〔住所：なし〕"
        );
        let list: BTreeMap<String, String> = [(
            "決定内容".to_string(),
            "・開示：全部開示\n・削除：実施".to_string(),
        )]
        .into();
        assert_eq!(
            substitute("　{{決定内容}}", &list),
            "　・開示：全部開示\n　・削除：実施"
        );
        assert_eq!(
            substitute("決定：{{決定内容}}", &list),
            "決定：・開示：全部開示\n・削除：実施"
        );
        let blocks = parse(
            "[あれば:理由]理由があります\n[あれば:氏名]{{氏名}}\n記\n以上",
            &values,
        );
        assert_eq!(blocks.len(), 3);
        assert!(matches!(&blocks[0], Block::Para(t) if t == "見本 花子"));
        assert!(matches!(&blocks[1], Block::Centre(t) if t == "記"));
        assert!(matches!(&blocks[2], Block::Right(t) if t == "以上"));
    }
}
