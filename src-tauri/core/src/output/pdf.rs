//! Drawing A4 pages with printpdf: the one place that knows points from
//! millimetres, the built-in fonts, Japanese line breaking and how a PDF is
//! saved. The recovery-key sheet and the response letters both draw here.
//!
//! The fonts are compiled into the binary and embedded in each PDF as a
//! subset (only the glyphs used), so a one-page letter stays small and prints
//! the same on every PC.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem,
    WindingOrder,
};

/// IPAex Gothic and IPAex Mincho (IPA Font License v1.0; see assets/fonts/).
const GOTHIC: &[u8] = include_bytes!("../../../../assets/fonts/ipaexg.ttf");
const MINCHO: &[u8] = include_bytes!("../../../../assets/fonts/ipaexm.ttf");

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;

/// Characters that may not start a line (行頭禁則, JIS X 4051); they hang at
/// the end of the previous line instead.
pub const NO_LINE_START: &str =
    "、。，．,.)）」』】〕〉》］｝!?！？・：；:;ー々ゝゞァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ…‥";

/// Characters that may not end a line (行末禁則): opening brackets move to
/// the next line with what they open.
pub const NO_LINE_END: &str = "（(「『【〔〈《［｛";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// IPAex Gothic: forms and sheets.
    Gothic,
    /// IPAex Mincho: letters.
    Mincho,
}

/// Parsing a 6–8 MB font takes tens of milliseconds: do it once per process.
fn parsed(face: Face) -> Option<&'static ParsedFont> {
    static G: OnceLock<Option<ParsedFont>> = OnceLock::new();
    static M: OnceLock<Option<ParsedFont>> = OnceLock::new();
    let (cell, bytes) = match face {
        Face::Gothic => (&G, GOTHIC),
        Face::Mincho => (&M, MINCHO),
    };
    cell.get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()))
        .as_ref()
}

pub fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

pub fn pt_to_mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// A point given in mm from the top-left corner.
fn at(x: f32, y_from_top: f32) -> Point {
    Point::new(Mm(x), Mm(PAGE_H - y_from_top))
}

/// One page being drawn. Coordinates are mm from the top-left corner; text
/// positions are baselines; `level` is grey from 0 (black) to 1 (white).
pub struct Canvas {
    font: &'static ParsedFont,
    font_id: FontId,
    units_per_em: f32,
    pub ops: Vec<Op>,
}

impl Canvas {
    /// Advance width of `text` at `size_pt`, in mm.
    pub fn width(&self, text: &str, size_pt: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                let gid = self.font.lookup_glyph_index(c as u32).unwrap_or(0);
                f32::from(self.font.get_horizontal_advance(gid))
            })
            .sum();
        pt_to_mm(units / self.units_per_em * size_pt)
    }

    /// `text` with its baseline at `baseline` (mm from the top), starting at `x`.
    pub fn text(&mut self, x: f32, baseline: f32, size_pt: f32, level: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.ops.extend([
            Op::SetFillColor { col: grey(level) },
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(size_pt),
            },
            Op::SetTextCursor {
                pos: at(x, baseline),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    pub fn text_centred(
        &mut self,
        centre_x: f32,
        baseline: f32,
        size_pt: f32,
        level: f32,
        text: &str,
    ) {
        let w = self.width(text, size_pt);
        self.text(centre_x - w / 2.0, baseline, size_pt, level, text);
    }

    pub fn text_right(
        &mut self,
        right_x: f32,
        baseline: f32,
        size_pt: f32,
        level: f32,
        text: &str,
    ) {
        let w = self.width(text, size_pt);
        self.text(right_x - w, baseline, size_pt, level, text);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32, level: f32) {
        self.ops.extend([
            Op::SetOutlineColor { col: grey(level) },
            Op::SetOutlineThickness { pt: Pt(width_pt) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: at(x1, y1),
                            bezier: false,
                        },
                        LinePoint {
                            p: at(x2, y2),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    fn rectangle(x: f32, top: f32, w: f32, h: f32, mode: PaintMode) -> Rect {
        Rect {
            x: Pt(mm_to_pt(x)),
            y: Pt(mm_to_pt(PAGE_H - top - h)),
            width: Pt(mm_to_pt(w)),
            height: Pt(mm_to_pt(h)),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
        }
    }

    /// Rectangle outline; `top` and `height` in mm from the top of the page.
    pub fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, width_pt: f32, level: f32) {
        self.ops.extend([
            Op::SetOutlineColor { col: grey(level) },
            Op::SetOutlineThickness { pt: Pt(width_pt) },
            Op::DrawRectangle {
                rectangle: Self::rectangle(x, top, w, h, PaintMode::Stroke),
            },
        ]);
    }

    pub fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, level: f32) {
        self.ops.extend([
            Op::SetFillColor { col: grey(level) },
            Op::DrawRectangle {
                rectangle: Self::rectangle(x, top, w, h, PaintMode::Fill),
            },
        ]);
    }

    /// Breaks `text` into lines no wider than `max_w` mm. Japanese text may
    /// break between any two characters, except before closing punctuation
    /// (which hangs: 行頭禁則), after an opening bracket (行末禁則) and inside
    /// a run of ASCII letters and digits ("PC", "1,100").
    pub fn wrap(&self, text: &str, size_pt: f32, max_w: f32) -> Vec<String> {
        // Units that stay together: runs of ASCII letters and digits (with
        // the separators inside numbers), unless a run is too long for a line
        // on its own.
        let mut runs: Vec<String> = Vec::new();
        for c in text.chars() {
            let joins_previous = (c.is_ascii_alphanumeric()
                || matches!(c, ',' | '.' | '-' | '@' | '_'))
                && runs.last().and_then(|u| u.chars().last()).is_some_and(|p| {
                    p.is_ascii_alphanumeric() || matches!(p, ',' | '.' | '-' | '@' | '_')
                });
            // 1,100円 is not split between the number and its unit.
            let unit_of_number = matches!(c, '円' | '%' | '％')
                && runs
                    .last()
                    .and_then(|u| u.chars().last())
                    .is_some_and(|p| p.is_ascii_digit());
            let after_opening = runs
                .last()
                .and_then(|u| u.chars().last())
                .is_some_and(|p| NO_LINE_END.contains(p));
            match runs.last_mut() {
                Some(u) if joins_previous || unit_of_number || after_opening => u.push(c),
                _ => runs.push(c.to_string()),
            }
        }
        let units = runs.into_iter().flat_map(|run| {
            if run.chars().count() > 1 && self.width(&run, size_pt) > max_w {
                run.chars().map(String::from).collect()
            } else {
                vec![run]
            }
        });
        let mut lines = Vec::new();
        let mut line = String::new();
        for unit in units {
            let hangs = unit
                .chars()
                .next()
                .is_some_and(|c| NO_LINE_START.contains(c));
            let candidate = format!("{line}{unit}");
            if line.is_empty() || hangs || self.width(&candidate, size_pt) <= max_w {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = unit.trim_start().to_string();
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// At most `max_lines` lines of `text`; the last one ends in … if cut.
    pub fn wrap_at_most(
        &self,
        text: &str,
        size_pt: f32,
        max_w: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(text, size_pt, max_w);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            let last = lines.last_mut().expect("max_lines > 0");
            while !last.is_empty() && self.width(&format!("{last}…"), size_pt) > max_w {
                last.pop();
            }
            // No dangling opening bracket or separator before the ellipsis.
            while last.ends_with(['（', '(', '「', '『', '【', '・', ' ', '　']) {
                last.pop();
            }
            last.push('…');
        }
        lines
    }
}

/// A PDF being built page by page.
pub struct Document {
    doc: PdfDocument,
    pages: Vec<Vec<Op>>,
    pub page: Canvas,
}

impl Document {
    /// A new document whose first page is ready to draw on. `dated` goes
    /// into the metadata (00:00 JST that day), so the file says when it was
    /// made rather than 1970.
    pub fn new(title: &str, face: Face, dated: NaiveDate) -> Result<Document, String> {
        let font = parsed(face).ok_or("the built-in font could not be read")?;
        let mut doc = PdfDocument::new(title);
        let made = printpdf::DateTime::new_in_offset(
            printpdf::Date {
                year: dated.year(),
                month: dated.month() as u8,
                day: dated.day() as u8,
            },
            printpdf::Time {
                hour: 0,
                minute: 0,
                second: 0,
                millisecond: 0,
            },
            printpdf::Offset {
                hours: 9,
                minutes: 0,
                seconds: 0,
                milliseconds: 0,
            },
        );
        doc.metadata.info.creation_date = made;
        doc.metadata.info.modification_date = made;
        doc.metadata.info.metadata_date = made;
        doc.metadata.info.creator = "窓口".into();
        let font_id = doc.add_font(font);
        Ok(Document {
            doc,
            pages: Vec::new(),
            page: Canvas {
                font,
                font_id,
                units_per_em: f32::from(font.pdf_font_metrics.units_per_em.max(1)),
                ops: Vec::new(),
            },
        })
    }

    /// Ends the current page and starts a blank one.
    pub fn new_page(&mut self) {
        let ops = std::mem::take(&mut self.page.ops);
        self.pages.push(ops);
    }

    /// Draws on every page again (e.g. page numbers once the count is
    /// known); `f` gets the page's canvas and its number from 1.
    pub fn each_page(&mut self, mut f: impl FnMut(&mut Canvas, usize)) {
        let current = std::mem::take(&mut self.page.ops);
        let count = self.pages.len();
        for i in 0..=count {
            let ops = if i < count {
                std::mem::take(&mut self.pages[i])
            } else {
                current.clone()
            };
            self.page.ops = ops;
            f(&mut self.page, i + 1);
            let drawn = std::mem::take(&mut self.page.ops);
            if i < count {
                self.pages[i] = drawn;
            } else {
                self.page.ops = drawn;
            }
        }
    }

    /// Pages finished so far plus the one being drawn.
    pub fn page_count(&self) -> usize {
        self.pages.len() + 1
    }

    /// The PDF bytes, with the font subset to the glyphs used.
    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        self.new_page();
        let options = PdfSaveOptions {
            subset_fonts: true,
            ..PdfSaveOptions::default()
        };
        let mut warnings = Vec::new();
        let pages = self
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops))
            .collect();
        let bytes = self.doc.with_pages(pages).save(&options, &mut warnings);
        let errors: Vec<&str> = warnings
            .iter()
            .filter(|w| w.severity == PdfParseErrorSeverity::Error)
            .map(|w| w.msg.as_str())
            .collect();
        if !errors.is_empty() {
            return Err(errors.join("; "));
        }
        if !bytes.starts_with(b"%PDF") {
            return Err("the PDF writer produced no PDF".into());
        }
        Ok(bytes)
    }
}

/// ① … ⑳ for 1 … 20, otherwise "(n)".
pub fn circled(n: usize) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1)
            .map(String::from)
            .unwrap_or_default(),
        _ => format!("({n})"),
    }
}

/// Test helpers shared by the modules that make PDFs: the poppler tools.
#[cfg(test)]
pub(crate) mod tools {
    use std::process::Command;

    pub fn available(name: &str) -> bool {
        Command::new(name).arg("-v").output().is_ok()
    }

    /// The PDF in a temporary folder (removed when the guard drops).
    pub fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.pdf");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    /// `pdftotext -layout` of the PDF, or None without poppler.
    pub fn text(bytes: &[u8]) -> Option<String> {
        if !available("pdftotext") {
            eprintln!("pdftotext not on PATH: skipping");
            return None;
        }
        let (_dir, path) = write_temp(bytes);
        let out = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success());
        Some(String::from_utf8(out.stdout).unwrap())
    }

    /// Asserts every font in the PDF is `face`, embedded as a subset with a
    /// Unicode map (so text can be extracted).
    pub fn assert_subset_font(bytes: &[u8], face: &str) {
        if !available("pdffonts") {
            eprintln!("pdffonts not on PATH: skipping");
            return;
        }
        let (_dir, path) = write_temp(bytes);
        let out = Command::new("pdffonts").arg(&path).output().unwrap();
        let fonts = String::from_utf8_lossy(&out.stdout);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            // name  type  encoding  emb sub uni  object ID
            let cols: Vec<&str> = row.split_whitespace().collect();
            let name = cols[0];
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "not a subset name: {fonts}"
            );
            assert!(name.contains(face), "{fonts}");
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "emb/sub/uni: {fonts}"
            );
        }
    }

    /// The number of pages, from pdfinfo.
    pub fn pages(bytes: &[u8]) -> Option<usize> {
        if !available("pdfinfo") {
            return None;
        }
        let (_dir, path) = write_temp(bytes);
        let out = Command::new("pdfinfo").arg(&path).output().unwrap();
        let info = String::from_utf8_lossy(&out.stdout);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Canvas {
        Document::new(
            "t",
            Face::Gothic,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap()
        .page
    }

    #[test]
    fn wrapping_keeps_words_and_hangs_punctuation() {
        let c = canvas();
        // A full-width character at 10pt is 10pt wide: 10 per line in 35.28 mm.
        let w = pt_to_mm(100.0) + 0.01;
        assert_eq!(c.width("窓口窓口窓口窓口窓口", 10.0), pt_to_mm(100.0));
        assert_eq!(
            c.wrap("あいうえおかきくけこ。さしすせそ", 10.0, w),
            ["あいうえおかきくけこ。", "さしすせそ"]
        );
        assert_eq!(
            c.wrap("あいうえおかきくけPCを", 10.0, w),
            ["あいうえおかきくけ", "PCを"]
        );
        // An amount stays whole; a closing bracket never starts a line.
        assert_eq!(
            c.wrap("あいうえおかきく1,100円", 10.0, w),
            ["あいうえおかきく", "1,100円"]
        );
        assert_eq!(
            c.wrap("あいうえおかきくけこ」と", 10.0, w),
            ["あいうえおかきくけこ」", "と"]
        );
        // An opening bracket never ends a line.
        assert_eq!(
            c.wrap("あいうえおかきくけ「こ」", 10.0, w),
            ["あいうえおかきくけ", "「こ」"]
        );
        let long_id = "3f6c2a9e8d414b7f9a0e5c1d2b3e4f603f6c2a9e8d414b7f";
        let lines = c.wrap(long_id, 10.0, w);
        assert!(lines.len() > 1 && lines.concat() == long_id, "{lines:?}");
        let cut = c.wrap_at_most("あいうえおかきくけこさしすせそたちつてと", 10.0, w, 1);
        assert_eq!(cut, ["あいうえおかきくけ…"]);
    }

    #[test]
    fn no_line_starts_with_forbidden_punctuation() {
        let c = canvas();
        let text = "個人情報の開示請求について、下記のとおり決定しましたので、通知します。「別紙」のとおり（ご確認ください）。";
        for width in [20.0, 23.0, 31.0, 47.0] {
            for line in c.wrap(text, 10.5, width).iter().skip(1) {
                let first = line.chars().next().unwrap();
                assert!(!NO_LINE_START.contains(first), "{line} at {width} mm");
            }
            for line in c.wrap(text, 10.5, width) {
                let last = line.chars().last().unwrap();
                assert!(!NO_LINE_END.contains(last), "{line} at {width} mm");
            }
        }
    }

    #[test]
    fn circled_numbers() {
        assert_eq!(circled(1), "①");
        assert_eq!(circled(13), "⑬");
        assert_eq!(circled(21), "(21)");
    }
}
