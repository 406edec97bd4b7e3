//! The report leaving the app: a printable PDF (figures and bar charts, no
//! personal data), and XLSX or CSV with the figures and one row per request
//! and 苦情・相談 — without personal data for anyone, with it (氏名, 住所,
//! 連絡先, 内容) for a 管理者 only. Every export is audited once saved.

use crate::case::model::CaseStatus;
use crate::intake::channel::Channel;
use crate::output::pdf::{Document, Face, PAGE_H, PAGE_W};
use crate::output::reports::{days_label, Count, Period, Report};
use crate::policy::law::Outcome;
use crate::policy::law::RequestKind;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::params;

coded_enum!(
    ExportFormat {
        Xlsx = "xlsx", "Excel（XLSX）";
        Csv = "csv", "CSV";
    }
);

/// One request of the period, as the export lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub receipt_no: String,
    pub received_on: String,
    pub channel: String,
    pub kinds: String,
    pub status: String,
    pub due_on: String,
    pub replied_on: String,
    pub days: Option<i64>,
    /// ○ replied by the due date, × after it, empty otherwise.
    pub in_time: String,
    pub outcomes: String,
    pub fee_yen: i64,
    /// 氏名, フリガナ, 郵便番号, 住所, 電話, メール — only when asked for.
    pub personal: Option<[String; 6]>,
}

/// One 苦情・相談 of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRow {
    pub receipt_no: String,
    pub category: String,
    pub received_on: String,
    pub channel: String,
    /// The days of 一次対応, 調査・検討, 改善措置, 回答・報告.
    pub steps: [String; 4],
    pub linked: String,
    /// 氏名, 連絡先, 内容.
    pub personal: Option<[String; 3]>,
}

const REQUEST_HEADER: [&str; 11] = [
    "受付番号",
    "受付日",
    "受付経路",
    "請求の種類",
    "状態",
    "回答期限",
    "回答完了日",
    "回答日数",
    "期限内",
    "決定の内容",
    "手数料（円）",
];
const REQUEST_PERSONAL: [&str; 6] = [
    "氏名",
    "フリガナ",
    "郵便番号",
    "住所",
    "電話番号",
    "メールアドレス",
];
const COMPLAINT_HEADER: [&str; 9] = [
    "受付番号",
    "区分",
    "受付日",
    "受付経路",
    "一次対応",
    "調査・検討",
    "改善措置",
    "回答・報告",
    "関連する請求",
];
const COMPLAINT_PERSONAL: [&str; 3] = ["氏名", "連絡先", "内容"];

fn labels<T: Copy>(
    codes: &str,
    from: impl Fn(&str) -> Option<T>,
    label: impl Fn(T) -> &'static str,
) -> String {
    serde_json::from_str::<Vec<String>>(codes)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| from(c).map(&label))
        .collect::<Vec<_>>()
        .join("・")
}

impl Store {
    /// The requests received in the period, oldest first.
    pub fn report_requests(
        &self,
        period: Period,
        personal: bool,
    ) -> Result<Vec<RequestRow>, StoreError> {
        if personal {
            self.require_admin()?;
        }
        let (from, to) = period.validated()?;
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.receipt_no, c.received_on, c.channel, c.kinds, c.status, c.due_on, c.replied_on,
                    c.requester_name, c.requester_kana, c.postal_code, c.address, c.phone, c.email,
                    coalesce((SELECT sum(CASE p.direction WHEN 'in' THEN p.amount_yen ELSE -p.amount_yen END) FROM payments p WHERE p.case_id = c.id), 0)
             FROM cases c WHERE c.received_on BETWEEN ?1 AND ?2 AND c.kind_mask > 0 ORDER BY c.received_on, c.receipt_year, c.receipt_seq",
        )?;
        let rows: Vec<(i64, RequestRow)> = stmt
            .query_map(params![from.to_string(), to.to_string()], |r| {
                let received: String = r.get(2)?;
                let due: Option<String> = r.get(6)?;
                let replied: Option<String> = r.get(7)?;
                let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
                let days = replied
                    .as_deref()
                    .and_then(day)
                    .zip(day(&received))
                    .map(|(a, b)| (a - b).num_days());
                let in_time = match (replied.as_deref(), due.as_deref()) {
                    (Some(rep), Some(due)) if rep <= due => "○",
                    (Some(_), Some(_)) => "×",
                    _ => "",
                };
                Ok((
                    r.get(0)?,
                    RequestRow {
                        receipt_no: r.get(1)?,
                        received_on: received.clone(),
                        channel: Channel::from_code(&r.get::<_, String>(3)?)
                            .map_or("", |c| c.label())
                            .into(),
                        kinds: labels(&r.get::<_, String>(4)?, RequestKind::from_code, |k| {
                            k.label()
                        }),
                        status: CaseStatus::from_code(&r.get::<_, String>(5)?)
                            .map_or("", |s| s.label())
                            .into(),
                        due_on: due.clone().unwrap_or_default(),
                        replied_on: replied.clone().unwrap_or_default(),
                        days,
                        in_time: in_time.into(),
                        outcomes: String::new(),
                        fee_yen: r.get(14)?,
                        personal: personal
                            .then(|| {
                                Ok::<_, rusqlite::Error>([
                                    r.get(8)?,
                                    r.get(9)?,
                                    r.get(10)?,
                                    r.get(11)?,
                                    r.get(12)?,
                                    r.get(13)?,
                                ])
                            })
                            .transpose()?,
                    },
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut outcomes = self
            .conn
            .prepare("SELECT kind, outcome FROM decisions WHERE case_id = ?1 ORDER BY kind")?;
        rows.into_iter()
            .map(|(id, mut row)| {
                let list: Vec<String> = outcomes
                    .query_map([id], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })?
                    .filter_map(Result::ok)
                    .map(|(k, o)| {
                        format!(
                            "{}：{}",
                            RequestKind::from_code(&k).map_or("", |k| k.label()),
                            Outcome::from_code(&o).map_or("", |o| o.label())
                        )
                    })
                    .collect();
                row.outcomes = list.join("／");
                Ok(row)
            })
            .collect()
    }

    /// The 苦情・相談 received in the period, oldest first.
    pub fn report_complaints(
        &self,
        period: Period,
        personal: bool,
    ) -> Result<Vec<ComplaintRow>, StoreError> {
        if personal {
            self.require_admin()?;
        }
        let (from, to) = period.validated()?;
        let ids: Vec<i64> = self
            .conn
            .prepare(
                "SELECT c.id FROM complaints k JOIN cases c ON c.id = k.case_id WHERE c.received_on BETWEEN ?1 AND ?2
                 ORDER BY c.received_on, c.receipt_year, c.receipt_seq",
            )?
            .query_map(params![from.to_string(), to.to_string()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter()
            .map(|id| {
                let c = self.complaint(id)?;
                let step = |i: usize| c.steps[i].done_on.clone().unwrap_or_default();
                Ok(ComplaintRow {
                    receipt_no: c.summary.receipt_no.clone(),
                    category: c.summary.category.label().into(),
                    received_on: c.summary.received_on.clone(),
                    channel: c.summary.channel.label().into(),
                    steps: [step(0), step(1), step(2), step(3)],
                    linked: c.summary.linked_receipt_no.clone().unwrap_or_default(),
                    personal: personal
                        .then(|| [c.summary.name.clone(), c.contact.clone(), c.text.clone()]),
                })
            })
            .collect()
    }

    /// The export's bytes and how many rows it holds. A 管理者 only when
    /// it holds personal data. Call [`Store::record_report_export`] once
    /// the file is saved.
    pub fn report_export(
        &self,
        period: Period,
        format: ExportFormat,
        personal: bool,
    ) -> Result<(Vec<u8>, i64), StoreError> {
        let report = self.report(period)?;
        let requests = self.report_requests(period, personal)?;
        let complaints = self.report_complaints(period, personal)?;
        let rows = (requests.len() + complaints.len()) as i64;
        let bytes = match format {
            ExportFormat::Csv => csv(&requests, &complaints),
            ExportFormat::Xlsx => {
                xlsx(&report, &requests, &complaints).map_err(|e| StoreError::Pdf(e.to_string()))?
            }
        };
        Ok((bytes, rows))
    }

    /// Audits an export that left the app.
    pub fn record_report_export(
        &mut self,
        period: Period,
        format: ExportFormat,
        personal: bool,
        rows: i64,
    ) -> Result<(), StoreError> {
        if personal {
            self.require_admin()?;
        }
        self.write(
            Action::ReportExported,
            Target::none(),
            &format!(
                "period={};format={};personal={};rows={rows}",
                period.label(),
                format.code(),
                u8::from(personal)
            ),
            |_, _| Ok(()),
        )
    }
}

fn request_cells(r: &RequestRow) -> Vec<String> {
    let mut cells = vec![
        r.receipt_no.clone(),
        r.received_on.clone(),
        r.channel.clone(),
        r.kinds.clone(),
        r.status.clone(),
        r.due_on.clone(),
        r.replied_on.clone(),
        r.days.map(|d| d.to_string()).unwrap_or_default(),
        r.in_time.clone(),
        r.outcomes.clone(),
        r.fee_yen.to_string(),
    ];
    if let Some(p) = &r.personal {
        cells.extend(p.iter().cloned());
    }
    cells
}

fn complaint_cells(c: &ComplaintRow) -> Vec<String> {
    let mut cells = vec![
        c.receipt_no.clone(),
        c.category.clone(),
        c.received_on.clone(),
        c.channel.clone(),
    ];
    cells.extend(c.steps.iter().cloned());
    cells.push(c.linked.clone());
    if let Some(p) = &c.personal {
        cells.extend(p.iter().cloned());
    }
    cells
}

fn header(base: &[&str], personal: &[&str], with: bool) -> Vec<String> {
    base.iter()
        .chain(if with { personal } else { &[] })
        .map(|s| s.to_string())
        .collect()
}

/// CSV (UTF-8 with a BOM, formulas defused): the requests, then a blank
/// line and the 苦情・相談.
fn csv(requests: &[RequestRow], complaints: &[ComplaintRow]) -> Vec<u8> {
    let personal = requests.iter().any(|r| r.personal.is_some())
        || complaints.iter().any(|c| c.personal.is_some());
    let mut out = String::from("\u{feff}");
    out.push_str(&crate::kernel::text::csv_line(&header(
        &REQUEST_HEADER,
        &REQUEST_PERSONAL,
        personal,
    )));
    for r in requests {
        out.push_str(&crate::kernel::text::csv_line(&request_cells(r)));
    }
    if !complaints.is_empty() {
        out.push_str("\r\n");
        out.push_str(&crate::kernel::text::csv_line(&header(
            &COMPLAINT_HEADER,
            &COMPLAINT_PERSONAL,
            personal,
        )));
        for c in complaints {
            out.push_str(&crate::kernel::text::csv_line(&complaint_cells(c)));
        }
    }
    out.into_bytes()
}

/// XLSX: 集計 (the figures), 請求一覧 and 苦情・相談一覧.
fn xlsx(
    report: &Report,
    requests: &[RequestRow],
    complaints: &[ComplaintRow],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook, Worksheet};
    let personal = requests.iter().any(|r| r.personal.is_some())
        || complaints.iter().any(|c| c.personal.is_some());
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    // Strings are written as strings: a cell never becomes a formula.
    let table = |sheet: &mut Worksheet,
                 head: &[String],
                 rows: Vec<Vec<String>>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        for (c, h) in head.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(n) if !v.is_empty() && !v.contains('-') => {
                        sheet.write_number(r as u32 + 1, c as u16, n)?
                    }
                    _ => sheet.write_string(r as u32 + 1, c as u16, v)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
        Ok(())
    };
    let summary = book.add_worksheet().set_name("集計")?;
    let mut row = 0u32;
    let mut put = |sheet: &mut Worksheet,
                   label: &str,
                   value: String|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.write_string(row, 0, label)?;
        match value.parse::<f64>() {
            Ok(n) => sheet.write_number(row, 1, n)?,
            Err(_) => sheet.write_string(row, 1, &value)?,
        };
        row += 1;
        Ok(())
    };
    summary.write_string_with_format(
        0,
        0,
        format!("{}（{}〜{}）", report.label, report.from, report.to),
        &bold,
    )?;
    put(summary, "", String::new())?;
    for (label, value) in figures(report) {
        put(summary, &label, value)?;
    }
    for (title, list) in breakdowns(report) {
        put(summary, "", String::new())?;
        put(summary, title, "件数".into())?;
        for c in list {
            put(summary, &c.label, c.count.to_string())?;
        }
    }
    put(summary, "", String::new())?;
    put(summary, "手数料（受領方法別）", "件数・純額（円）".into())?;
    for f in &report.fees {
        put(
            summary,
            &format!("{}（件数）", f.label),
            f.count.to_string(),
        )?;
        put(
            summary,
            &format!("{}（純額）", f.label),
            f.net_yen.to_string(),
        )?;
    }
    put(summary, "", String::new())?;
    for n in &report.notes {
        put(summary, n, String::new())?;
    }
    summary.set_column_width(0, 48)?;
    summary.set_column_width(1, 16)?;
    let sheet = book.add_worksheet().set_name("請求一覧")?;
    table(
        sheet,
        &header(&REQUEST_HEADER, &REQUEST_PERSONAL, personal),
        requests.iter().map(request_cells).collect(),
    )?;
    let sheet = book.add_worksheet().set_name("苦情・相談一覧")?;
    table(
        sheet,
        &header(&COMPLAINT_HEADER, &COMPLAINT_PERSONAL, personal),
        complaints.iter().map(complaint_cells).collect(),
    )?;
    book.save_to_buffer()
}

/// The headline figures as label and value.
fn figures(r: &Report) -> Vec<(String, String)> {
    vec![
        ("受付件数".into(), r.received.to_string()),
        ("回答済み件数".into(), r.replied.to_string()),
        (
            "回答日数の中央値（日）".into(),
            r.median_days.map_or(String::new(), |d| d.to_string()),
        ),
        (
            "回答日数の90パーセンタイル（日）".into(),
            r.p90_days.map_or(String::new(), |d| d.to_string()),
        ),
        (
            "期限内回答率（％）".into(),
            r.within_due_percent
                .map_or(String::new(), |p| p.to_string()),
        ),
        ("手数料の合計（円）".into(), r.fees_total_yen.to_string()),
        ("苦情・相談の件数".into(), r.complaints.to_string()),
        ("廃棄した件数".into(), r.disposals.to_string()),
    ]
}

fn breakdowns(r: &Report) -> Vec<(&'static str, &[Count])> {
    vec![
        ("請求の種類別", &r.by_kind),
        ("受付経路別", &r.by_channel),
        ("決定の内容別", &r.by_outcome),
        ("不開示等の根拠別", &r.refusals_by_ground),
        ("状態別", &r.by_status),
        ("苦情・相談の区分別", &r.complaints_by_category),
    ]
}

const LEFT: f32 = 20.0;
const RIGHT: f32 = PAGE_W - 20.0;
const BOTTOM: f32 = PAGE_H - 20.0;

/// Draws rows top-down, starting a new page when the next block would not fit.
struct Flow {
    doc: Document,
    y: f32,
}

impl Flow {
    /// The top of a block `h` mm tall, on a new page if it does not fit.
    fn room(&mut self, h: f32) -> f32 {
        if self.y + h > BOTTOM {
            self.doc.new_page();
            self.y = 20.0;
        }
        let y = self.y;
        self.y += h;
        y
    }

    fn heading(&mut self, text: &str) {
        // A heading never ends a page: it keeps room for two rows after it.
        let y = self.room(28.0);
        self.y = y + 14.0;
        let page = &mut self.doc.page;
        page.text(LEFT, y + 8.0, 12.0, 0.0, text);
        page.line(LEFT, y + 10.0, RIGHT, y + 10.0, 0.6, 0.0);
    }

    /// A horizontal bar chart: label, bar scaled to the largest, count.
    fn bars(&mut self, list: &[Count], unit: &str) {
        let max = list.iter().map(|c| c.count).max().unwrap_or(0).max(1) as f32;
        if list.iter().all(|c| c.count == 0) {
            let y = self.room(7.0);
            self.doc
                .page
                .text(LEFT + 2.0, y + 5.0, 9.5, 0.3, "該当なし");
            return;
        }
        for c in list {
            let y = self.room(7.0);
            let page = &mut self.doc.page;
            let label: String = c.label.chars().take(30).collect();
            page.text(LEFT + 2.0, y + 5.0, 9.0, 0.0, &label);
            let x0 = LEFT + 70.0;
            let w = (RIGHT - 25.0 - x0) * c.count as f32 / max;
            if c.count > 0 {
                page.fill_rect(x0, y + 1.5, w.max(0.8), 4.5, 0.45);
            }
            page.text_right(RIGHT, y + 5.0, 9.0, 0.0, &format!("{}{unit}", c.count));
        }
    }

    fn pairs(&mut self, rows: &[(String, String)]) {
        for (label, value) in rows {
            let y = self.room(7.0);
            let page = &mut self.doc.page;
            page.text(LEFT + 2.0, y + 5.0, 10.0, 0.0, label);
            page.text_right(RIGHT, y + 5.0, 10.0, 0.0, value);
            page.line(LEFT, y + 6.8, RIGHT, y + 6.8, 0.2, 0.75);
        }
    }
}

/// The printable report: figures, bar charts and how they are defined. It
/// holds no personal data.
pub fn report_pdf(
    r: &Report,
    organisation: &str,
    desk: &str,
    today: NaiveDate,
) -> Result<Vec<u8>, StoreError> {
    let title = format!("個人情報の開示等の請求への対応状況（{}）", r.label);
    let doc = Document::new(&title, Face::Gothic, today).map_err(StoreError::Pdf)?;
    let mut f = Flow { doc, y: 20.0 };
    {
        let p = &mut f.doc.page;
        p.text(LEFT, 28.0, 15.0, 0.0, &title);
        p.text(LEFT, 36.0, 10.0, 0.2, &format!("{organisation}　{desk}"));
        p.text(
            LEFT,
            42.0,
            9.0,
            0.3,
            &format!("対象期間：{}〜{}（受付日）", r.from, r.to),
        );
        p.text_right(
            RIGHT,
            42.0,
            9.0,
            0.3,
            &format!(
                "作成日：{}（{}）",
                crate::kernel::wareki::wareki(today),
                today
            ),
        );
    }
    f.y = 50.0;
    f.heading("概要");
    let percent = r.within_due_percent.map_or("—".into(), |p| {
        format!("{p:.1}%（{}件中{}件）", r.with_due, r.within_due)
    });
    f.pairs(&[
        ("受付件数".into(), format!("{}件", r.received)),
        ("回答済み".into(), format!("{}件", r.replied)),
        ("回答日数の中央値".into(), days_label(r.median_days)),
        (
            "回答日数の90パーセンタイル".into(),
            days_label(r.p90_days.map(|d| d as f64)),
        ),
        ("期限内回答率".into(), percent),
        (
            "手数料（受領額−返金額）".into(),
            format!(
                "{}円",
                crate::kernel::text::yen(r.fees_total_yen.max(0) as u32)
            ),
        ),
        (
            "苦情・相談".into(),
            format!(
                "{}件（回答・報告済み{}件）",
                r.complaints, r.complaints_closed
            ),
        ),
        (
            "保存期間満了による廃棄".into(),
            format!("{}件", r.disposals),
        ),
    ]);
    for (title, list) in [
        ("請求の種類別", &r.by_kind),
        ("受付経路別", &r.by_channel),
        ("決定の内容別", &r.by_outcome),
        ("不開示等の根拠別", &r.refusals_by_ground),
    ] {
        f.y += 4.0;
        f.heading(title);
        f.bars(list, "件");
    }
    f.y += 4.0;
    f.heading("手数料（受領方法別）");
    let fees: Vec<(String, String)> = r
        .fees
        .iter()
        .map(|x| {
            (
                x.label.clone(),
                format!(
                    "{}件　{}円",
                    x.count,
                    crate::kernel::text::yen(x.net_yen.max(0) as u32)
                ),
            )
        })
        .collect();
    f.pairs(&fees);
    f.y += 4.0;
    f.heading("集計の定義");
    for note in &r.notes {
        let lines = f.doc.page.wrap(note, 8.5, RIGHT - LEFT - 4.0);
        for line in lines {
            let y = f.room(5.0);
            f.doc.page.text(LEFT + 2.0, y + 4.0, 8.5, 0.25, &line);
        }
    }
    let mut doc = f.doc;
    let pages = doc.page_count();
    doc.each_page(|p, n| {
        p.text_centred(
            PAGE_W / 2.0,
            PAGE_H - 10.0,
            8.0,
            0.4,
            &format!("{n} / {pages}"),
        );
    });
    doc.finish().map_err(StoreError::Pdf)
}

impl Store {
    /// The report as a PDF to print or save.
    pub fn report_pdf(&self, period: Period, today: NaiveDate) -> Result<Vec<u8>, StoreError> {
        let r = self.report(period)?;
        let org = self.organisation()?;
        report_pdf(&r, &org.name, &org.desk_name, today)
    }
}
