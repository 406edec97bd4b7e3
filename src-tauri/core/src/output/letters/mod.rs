//! 文書: the letters a desk sends (受付のお知らせ … 開示決定通知書 …), made
//! from versioned templates and a case, printed or saved, and 発送 recorded.
//!
//! - A template is Japanese text with `{{項目}}` placeholders and a little
//!   line markup ([`layout::MARKUP_HELP`]). Shipped defaults are seeded into
//!   every store; a 管理者's edit saves a new version.
//! - A letter is *issued* (発行) when it is first printed or saved: it takes a
//!   文書番号 and keeps its template version, the values it printed and the
//!   envelope offsets, so it can be drawn again exactly as sent.
//! - A template that needs data the case lacks is not issued; the officer is
//!   told which item is missing and why.
//! - Recording how a letter was mailed may move the case along (e.g. a
//!   開示決定通知書 sent → 発送済), when its workflow allows that move.

mod defaults;
pub mod fields;
pub mod layout;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::case::model::CaseStatus;
use crate::kernel::error::FieldError;
use crate::kernel::text;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;

use crate::case::events::Event;
use crate::case::events::LetterOutputHow;
use crate::case::model::MailMethod;
pub use defaults::DEFAULTS;
pub use fields::{FieldSpec, FIELDS};
pub use layout::{calibration_pdf, Offsets, MARKUP_HELP};

coded_enum!(
    /// Which requested kinds a letter speaks of: its decision fields
    /// (決定内容, 根拠, 理由 …) list only those.
    Scope {
        All = "all", "すべての請求";
        Disclosure = "disclosure", "開示";
        Correction = "correction", "訂正等";
        Suspension = "suspension", "利用停止等";
        Purpose = "purpose", "利用目的の通知";
    }
);

impl MailMethod {
    /// Japan Post gives these a tracking number (お問い合わせ番号).
    pub fn tracked(self) -> bool {
        matches!(
            self,
            MailMethod::SpecifiedRecord
                | MailMethod::SimpleRegistered
                | MailMethod::RestrictedDelivery
        )
    }
}

/// A template as edited: what it is called, its printed title, whether it
/// carries the recipient's address (a form does not), and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateBody {
    pub name: String,
    pub title: String,
    pub addressed: bool,
    pub scope: Scope,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateSummary {
    pub key: String,
    pub name: String,
    pub version: i64,
    pub updated_at: String,
    /// Empty for the shipped version.
    pub updated_by: String,
    /// The text is the shipped one.
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateVersionInfo {
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateDetail {
    pub key: String,
    pub version: i64,
    pub body: TemplateBody,
    pub default_body: TemplateBody,
    /// Newest first.
    pub history: Vec<TemplateVersionInfo>,
}

/// An item a letter needs that the case lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingField {
    pub name: String,
    pub reason: String,
}

/// Whether a template can be issued for a case now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateReadiness {
    pub key: String,
    pub name: String,
    pub missing: Vec<MissingField>,
}

/// A letter drawn for looking at; `missing` non-empty means it cannot be
/// issued (the PDF shows 〔項目：なし〕 where the values would go).
#[derive(Debug, Clone)]
pub struct LetterPreview {
    pub pdf: Vec<u8>,
    pub missing: Vec<MissingField>,
    /// The 文書番号 it would take if issued now.
    pub document_no: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mailing {
    pub id: i64,
    pub sent_on: String,
    pub method: MailMethod,
    pub tracking_no: String,
    pub postage_yen: u32,
    pub note: String,
    pub created_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MailingInput {
    /// YYYY-MM-DD (全角 ok).
    pub sent_on: String,
    pub method: MailMethod,
    pub tracking_no: String,
    pub postage_yen: u32,
    pub note: String,
}

/// An issued letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Letter {
    pub id: i64,
    pub case_id: i64,
    pub receipt_no: String,
    pub requester_name: String,
    pub template_key: String,
    pub template_name: String,
    pub template_version: i64,
    pub document_no: String,
    pub issued_on: String,
    pub created_by: String,
    pub created_at: String,
    pub printed_at: Option<String>,
    pub mailings: Vec<Mailing>,
    /// 電磁的記録 disclosure: a disclosure package can be made.
    pub has_package: bool,
}

/// What recording a mailing did to the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MailingOutcome {
    pub letter: Letter,
    pub moved_to: Option<CaseStatus>,
    /// One sentence for the officer, e.g. 案件を「発送済」にしました。
    pub message: String,
}

/// How a letter left the app (audited; the first also marks it printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Printed,
    Saved,
}

/// A file of a disclosure package.
pub struct PackageFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

const TAGS: [&str; 7] = [
    "[表題]",
    "[見出し]",
    "[右]",
    "[中央]",
    "[選択]",
    "[改ページ]",
    "[あれば:",
];

/// A template's text and names are well formed and use only known fields.
pub fn validate(body: &TemplateBody) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    let len = |field: &str, label: &str, value: &str, max: usize, errors: &mut Vec<FieldError>| {
        if value.trim().is_empty() {
            errors.push(FieldError::new(
                field,
                format!("{label}を入力してください。"),
            ));
        } else if value.chars().count() > max {
            errors.push(FieldError::new(
                field,
                format!("{label}は{max}文字以内で入力してください。"),
            ));
        }
    };
    len("name", "テンプレート名", &body.name, 40, &mut errors);
    len("title", "表題", &body.title, 80, &mut errors);
    len("text", "本文", &body.text, 20_000, &mut errors);
    for (field, value) in [
        ("name", &body.name),
        ("title", &body.title),
        ("text", &body.text),
    ] {
        if crate::kernel::mynumber::contains_individual_number(value) {
            errors.push(FieldError::new(
                field,
                crate::kernel::mynumber::INDIVIDUAL_NUMBER_MESSAGE,
            ));
        }
        if field != "text" && value.contains("{{") {
            errors.push(FieldError::new(field, "差し込み項目は本文にだけ使えます。"));
        }
    }
    let mut unknown: Vec<String> = layout::placeholders(&body.text)
        .into_iter()
        .chain(layout::conditions(&body.text))
        .filter(|n| !fields::is_known(n))
        .collect();
    unknown.dedup();
    if !unknown.is_empty() {
        errors.push(FieldError::new(
            "text",
            format!(
                "使えない差し込み項目があります: {}",
                unknown
                    .iter()
                    .map(|n| format!("{{{{{n}}}}}"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        ));
    }
    for (i, line) in body.text.lines().enumerate() {
        let opens = line.matches("{{").count();
        if opens != line.matches("}}").count() {
            errors.push(FieldError::new(
                "text",
                format!("{}行目: {{{{ と }}}} の数が合いません。", i + 1),
            ));
        }
        let t = line.trim_start();
        if t.starts_with('[') && !TAGS.iter().any(|tag| t.starts_with(tag)) && !is_field_tag(t) {
            let tag: String = t
                .chars()
                .take_while(|&c| c != ']')
                .chain(std::iter::once(']'))
                .collect();
            errors.push(FieldError::new(
                "text",
                format!("{}行目: 「{tag}」は使えない記号です。", i + 1),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// `[欄]` or `[欄3]`.
fn is_field_tag(line: &str) -> bool {
    line.strip_prefix("[欄")
        .and_then(|r| r.split_once(']'))
        .is_some_and(|(n, _)| n.is_empty() || n.parse::<u32>().is_ok_and(|n| (1..=10).contains(&n)))
}

/// The fields a template needs on a case: those its lines print, except
/// lines under an `[あれば:…]` whose condition the case does not meet, and
/// the header of an addressed letter.
fn needed(body: &TemplateBody, resolved: &fields::Resolved) -> Vec<String> {
    let present = |n: &str| resolved.get(n).is_some_and(Result::is_ok);
    let mut names: Vec<String> = Vec::new();
    if body.addressed {
        names.extend(layout::HEADER_FIELDS.iter().map(|s| s.to_string()));
    }
    for line in body.text.lines() {
        let line = match line
            .strip_prefix("[あれば:")
            .and_then(|r| r.split_once(']'))
        {
            Some((cond, rest)) if present(cond.trim()) => rest,
            Some(_) => continue,
            None => line,
        };
        names.extend(layout::placeholders(line));
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

fn missing(body: &TemplateBody, resolved: &fields::Resolved) -> Vec<MissingField> {
    needed(body, resolved)
        .into_iter()
        .filter_map(|name| match resolved.get(name.as_str()) {
            Some(Ok(_)) => None,
            Some(Err(reason)) => Some(MissingField {
                name,
                reason: reason.clone(),
            }),
            None => Some(MissingField {
                name,
                reason: "使えない差し込み項目です".into(),
            }),
        })
        .collect()
}

fn values_of(resolved: &fields::Resolved) -> BTreeMap<String, String> {
    resolved
        .iter()
        .filter_map(|(k, v)| v.as_ref().ok().map(|v| (k.to_string(), v.clone())))
        .collect()
}

fn missing_error(missing: &[MissingField]) -> StoreError {
    let mut errors = vec![FieldError::new(
        "letter",
        "この文書に必要な情報が案件にないため、発行できません。",
    )];
    errors.extend(missing.iter().map(|m| {
        FieldError::new(
            format!("field.{}", m.name),
            format!("・{}：{}", m.name, m.reason),
        )
    }));
    StoreError::Invalid(errors)
}

fn document_no(year: i32, seq: i64) -> String {
    format!("第{year}-{seq:04}号")
}

fn next_document_no(conn: &Connection, on: NaiveDate) -> Result<(i32, i64), StoreError> {
    let year = on.year();
    let seq: i64 = conn.query_row(
        "SELECT coalesce(max(doc_seq), 0) + 1 FROM letters WHERE doc_year = ?1",
        [year],
        |r| r.get(0),
    )?;
    Ok((year, seq))
}

/// Adds any shipped template the store lacks (new stores, and new defaults
/// in a later version). Runs after the migrations, in their transaction's
/// spirit: all or nothing.
pub(crate) fn seed_defaults(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    for d in DEFAULTS {
        let body = serde_json::to_string(&d.body()).expect("a template serialises");
        // (template id, version, the current version's body, written by the desk)
        let current: Option<(i64, i64, String, bool)> = tx
            .query_row(
                "SELECT t.id, v.version, v.body, v.actor_id IS NOT NULL FROM letter_templates t
                 JOIN letter_template_versions v ON v.id = t.current_version_id WHERE t.key = ?1",
                [d.key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        if let Some((template_id, version, current_body, edited)) = current {
            // A shipped text nobody edited follows this version's text (a new
            // version: letters already issued keep theirs); an edited one is
            // the desk's and stays.
            if !edited && current_body != body {
                tx.execute(
                    "INSERT INTO letter_template_versions (template_id, version, body, created_at) VALUES (?1, ?2, ?3, '')",
                    params![template_id, version + 1, body],
                )?;
                tx.execute(
                    "UPDATE letter_templates SET current_version_id = ?1 WHERE id = ?2",
                    params![tx.last_insert_rowid(), template_id],
                )?;
            }
            continue;
        }
        tx.execute("INSERT INTO letter_templates (key) VALUES (?1)", [d.key])?;
        let template_id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO letter_template_versions (template_id, version, body, created_at) VALUES (?1, 1, ?2, '')",
            params![template_id, body],
        )?;
        let version_id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE letter_templates SET current_version_id = ?1 WHERE id = ?2",
            params![version_id, template_id],
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn parse_body(json: &str) -> Result<TemplateBody, StoreError> {
    serde_json::from_str(json).map_err(|_| StoreError::Integrity)
}

/// (version id, version number, body) of a template in force.
fn current(conn: &Connection, key: &str) -> Result<(i64, i64, TemplateBody), StoreError> {
    let row: Option<(i64, i64, String)> = conn
        .prepare_cached(
            "SELECT v.id, v.version, v.body FROM letter_templates t JOIN letter_template_versions v ON v.id = t.current_version_id WHERE t.key = ?1",
        )?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (id, version, body) = row.ok_or(StoreError::NotFound)?;
    Ok((id, version, parse_body(&body)?))
}

const OFFSET_X_KEY: &str = "letter_offset_x_mm";
const OFFSET_Y_KEY: &str = "letter_offset_y_mm";

const LETTER_COLUMNS: &str = "l.id, l.case_id, c.receipt_no, c.requester_name, t.key, v.body, v.version, l.document_no, l.issued_on,
    coalesce(u.display_name, ''), l.created_at, l.printed_at, c.disclosure_method";
const LETTER_FROM: &str = "letters l JOIN cases c ON c.id = l.case_id
    JOIN letter_template_versions v ON v.id = l.template_version_id
    JOIN letter_templates t ON t.id = v.template_id
    LEFT JOIN users u ON u.id = l.actor_id";

impl Store {
    /// The case with this 受付番号 (the admin CLI names cases by it).
    pub fn case_id_by_receipt_no(&self, receipt_no: &str) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached("SELECT id FROM cases WHERE receipt_no = ?1")?
            .query_row([text::clean(receipt_no)], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// A template's key from its key or its current name (受付のお知らせ).
    pub fn letter_template_key(&self, key_or_name: &str) -> Result<String, StoreError> {
        let wanted = text::clean(key_or_name);
        for t in self.letter_templates()? {
            if t.key == wanted || t.name == wanted {
                return Ok(t.key);
            }
        }
        Err(StoreError::invalid(
            "template",
            "そのテンプレートはありません。`letter --list` で名前を確認してください。",
        ))
    }

    pub fn letter_templates(&self) -> Result<Vec<TemplateSummary>, StoreError> {
        let mut out = Vec::new();
        for d in DEFAULTS {
            let detail = self.letter_template(d.key)?;
            let latest = detail.history.first();
            out.push(TemplateSummary {
                key: d.key.into(),
                name: detail.body.name.clone(),
                version: detail.version,
                updated_at: latest.map(|h| h.created_at.clone()).unwrap_or_default(),
                updated_by: latest.map(|h| h.created_by.clone()).unwrap_or_default(),
                is_default: detail.body == detail.default_body,
            });
        }
        Ok(out)
    }

    pub fn letter_template(&self, key: &str) -> Result<TemplateDetail, StoreError> {
        let default = defaults::find(key).ok_or(StoreError::NotFound)?;
        let (_, version, body) = current(&self.conn, key)?;
        let history = self
            .conn
            .prepare_cached(
                "SELECT v.version, v.created_at, coalesce(u.display_name, '') FROM letter_template_versions v
                   JOIN letter_templates t ON t.id = v.template_id LEFT JOIN users u ON u.id = v.actor_id
                  WHERE t.key = ?1 ORDER BY v.version DESC",
            )?
            .query_map([key], |r| Ok(TemplateVersionInfo { version: r.get(0)?, created_at: r.get(1)?, created_by: r.get(2)? }))?
            .collect::<Result<_, _>>()?;
        Ok(TemplateDetail {
            key: key.into(),
            version,
            body,
            default_body: default.body(),
            history,
        })
    }

    /// 管理者 only: saves a new version (an unchanged text saves nothing).
    pub fn save_letter_template(
        &mut self,
        key: &str,
        mut body: TemplateBody,
    ) -> Result<TemplateDetail, StoreError> {
        self.require_admin()?;
        defaults::find(key).ok_or(StoreError::NotFound)?;
        body.name = text::clean(&body.name);
        body.title = text::clean(&body.title);
        // Keep the text as typed (full-width spaces indent paragraphs), but
        // one kind of line break.
        body.text = body.text.replace("\r\n", "\n").replace('\r', "\n");
        validate(&body)?;
        let (_, version, before) = current(&self.conn, key)?;
        if before == body {
            return self.letter_template(key);
        }
        let actor = self.actor_id();
        let json = serde_json::to_string(&body).expect("a template serialises");
        self.write(
            Action::LetterTemplateSaved,
            Target::of("letter_template", key),
            &format!("version={}", version + 1),
            |tx, now| {
                let template_id: i64 = tx.query_row("SELECT id FROM letter_templates WHERE key = ?1", [key], |r| r.get(0))?;
                tx.execute(
                    "INSERT INTO letter_template_versions (template_id, version, body, actor_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![template_id, version + 1, json, actor, now],
                )?;
                tx.execute("UPDATE letter_templates SET current_version_id = ?1 WHERE id = ?2", params![tx.last_insert_rowid(), template_id])?;
                Ok(())
            },
        )?;
        self.letter_template(key)
    }

    /// The envelope offsets in force (設定 › 文書).
    pub fn letter_offsets(&self) -> Result<Offsets, StoreError> {
        let read = |key: &str| -> Result<f32, StoreError> {
            Ok(crate::desk::settings::read(&self.conn, key)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0))
        };
        Ok(Offsets {
            x_mm: read(OFFSET_X_KEY)?,
            y_mm: read(OFFSET_Y_KEY)?,
        })
    }

    /// 管理者 only.
    pub fn set_letter_offsets(&mut self, o: Offsets) -> Result<Offsets, StoreError> {
        self.require_admin()?;
        let mut errors = Vec::new();
        for (field, label, v) in [("xMm", "横", o.x_mm), ("yMm", "縦", o.y_mm)] {
            if !v.is_finite() || !layout::OFFSET_RANGE.contains(&v) {
                errors.push(FieldError::new(
                    field,
                    format!("{label}の調整は-30〜30mmの範囲で指定してください。"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        // Tenths of a millimetre are all a printer can honour.
        let o = Offsets {
            x_mm: (o.x_mm * 10.0).round() / 10.0,
            y_mm: (o.y_mm * 10.0).round() / 10.0,
        };
        self.write(
            Action::SettingsChanged,
            Target::of("setting", "letter_offsets"),
            &format!(
                "letter_offset_x_mm={} letter_offset_y_mm={}",
                o.x_mm, o.y_mm
            ),
            |tx, _| {
                crate::desk::settings::put(tx, OFFSET_X_KEY, &o.x_mm.to_string())?;
                crate::desk::settings::put(tx, OFFSET_Y_KEY, &o.y_mm.to_string())
            },
        )?;
        Ok(o)
    }

    fn draw(
        &self,
        body: &TemplateBody,
        values: &BTreeMap<String, String>,
        offsets: Offsets,
        on: NaiveDate,
    ) -> Result<Vec<u8>, StoreError> {
        layout::render(&layout::LetterInput {
            body,
            values,
            offsets,
            issued_on: on,
        })
        .map_err(StoreError::Pdf)
    }

    /// A template draft drawn with a case's data, or with 見本 data when no
    /// case is given (the template editor's live preview). Nothing is saved.
    pub fn preview_template(
        &self,
        body: &TemplateBody,
        case_id: Option<i64>,
        today: NaiveDate,
    ) -> Result<LetterPreview, StoreError> {
        validate(body)?;
        let offsets = self.letter_offsets()?;
        match case_id {
            None => {
                let values = fields::sample_values();
                let pdf = self.draw(body, &values, offsets, today)?;
                Ok(LetterPreview {
                    pdf,
                    missing: Vec::new(),
                    document_no: values["文書番号"].clone(),
                })
            }
            Some(id) => self.preview_with(body, id, today, offsets),
        }
    }

    fn preview_with(
        &self,
        body: &TemplateBody,
        case_id: i64,
        today: NaiveDate,
        offsets: Offsets,
    ) -> Result<LetterPreview, StoreError> {
        let data = fields::CaseData::load(self, case_id, today)?;
        let (year, seq) = next_document_no(&self.conn, today)?;
        let no = document_no(year, seq);
        let resolved = fields::resolve(&data, body.scope, &no, today);
        let missing = missing(body, &resolved);
        let pdf = self.draw(body, &values_of(&resolved), offsets, today)?;
        Ok(LetterPreview {
            pdf,
            missing,
            document_no: no,
        })
    }

    /// For each template, what a case still lacks for it (empty: it can be
    /// issued now) — the 文書 tab marks the letters that are ready.
    pub fn letter_readiness(
        &self,
        case_id: i64,
        today: NaiveDate,
    ) -> Result<Vec<TemplateReadiness>, StoreError> {
        let data = fields::CaseData::load(self, case_id, today)?;
        let mut by_scope: BTreeMap<&'static str, fields::Resolved> = BTreeMap::new();
        let mut out = Vec::new();
        for d in DEFAULTS {
            let (_, _, body) = current(&self.conn, d.key)?;
            let resolved = by_scope
                .entry(body.scope.code())
                .or_insert_with(|| fields::resolve(&data, body.scope, "", today));
            out.push(TemplateReadiness {
                key: d.key.into(),
                name: body.name.clone(),
                missing: missing(&body, resolved),
            });
        }
        Ok(out)
    }

    /// The letter a template would make for a case today.
    pub fn letter_preview(
        &self,
        case_id: i64,
        key: &str,
        today: NaiveDate,
    ) -> Result<LetterPreview, StoreError> {
        let (_, _, body) = current(&self.conn, key)?;
        self.preview_with(&body, case_id, today, self.letter_offsets()?)
    }

    /// Issues a letter: takes a 文書番号 and keeps what it printed. Refused,
    /// changing nothing, when the case lacks data the template needs.
    pub fn issue_letter(
        &mut self,
        case_id: i64,
        key: &str,
        today: NaiveDate,
    ) -> Result<Letter, StoreError> {
        let (version_id, _, body) = current(&self.conn, key)?;
        let data = fields::CaseData::load(self, case_id, today)?;
        let offsets = self.letter_offsets()?;
        let actor = self.actor_id();
        let id = self.write_with(|tx, now| {
            let (year, seq) = next_document_no(tx, today)?;
            let no = document_no(year, seq);
            let resolved = fields::resolve(&data, body.scope, &no, today);
            let missing = missing(&body, &resolved);
            if !missing.is_empty() {
                return Err(missing_error(&missing));
            }
            let values = serde_json::to_string(&values_of(&resolved)).expect("values serialise");
            let layout = serde_json::to_string(&offsets).expect("offsets serialise");
            tx.execute(
                "INSERT INTO letters (case_id, template_version_id, document_no, doc_year, doc_seq, issued_on, fields, layout, actor_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![case_id, version_id, no, year, seq, today.to_string(), values, layout, actor, now],
            )?;
            let id = tx.last_insert_rowid();
            crate::case::events::add_event(tx, case_id, actor, &Event::LetterIssued { letter: id, name: body.name.clone(), document_no: no.clone() }, now)?;
            // A 手数料のご案内 asks for the fee: the desk waits for it from its date.
            crate::case::due::sync_fee_pause(tx, case_id, actor, now)?;
            Ok((id, Action::LetterIssued, Target::of("case", case_id), format!("letter={id} template={key}")))
        })?;
        self.letter(id)
    }

    pub fn letter(&self, id: i64) -> Result<Letter, StoreError> {
        self.letters_where("l.id = ?1", [id])?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    pub fn case_letters(&self, case_id: i64) -> Result<Vec<Letter>, StoreError> {
        self.letters_where("l.case_id = ?1", [case_id])
    }

    /// 印刷待ち: issued letters not yet printed or saved, oldest first.
    pub fn print_queue(&self) -> Result<Vec<Letter>, StoreError> {
        self.letters_where("l.printed_at IS NULL", [])
    }

    fn letters_where<P: rusqlite::Params>(
        &self,
        filter: &str,
        p: P,
    ) -> Result<Vec<Letter>, StoreError> {
        let sql =
            format!("SELECT {LETTER_COLUMNS} FROM {LETTER_FROM} WHERE {filter} ORDER BY l.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(p, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, String>(12)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                case_id,
                receipt_no,
                requester_name,
                key,
                body,
                version,
                document_no,
                issued_on,
                by,
                at,
                printed_at,
                method,
            ) = row?;
            let body = parse_body(&body)?;
            out.push(Letter {
                id,
                case_id,
                receipt_no,
                requester_name,
                has_package: key == "disclosure_decision"
                    && method == crate::case::model::DisclosureMethod::Electronic.code(),
                template_key: key,
                template_name: body.name,
                template_version: version,
                document_no,
                issued_on,
                created_by: by,
                created_at: at,
                printed_at,
                mailings: self.mailings(id)?,
            });
        }
        Ok(out)
    }

    fn mailings(&self, letter_id: i64) -> Result<Vec<Mailing>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.sent_on, m.method, m.tracking_no, m.postage_yen, m.note, coalesce(u.display_name, ''), m.created_at
               FROM mailings m LEFT JOIN users u ON u.id = m.actor_id WHERE m.letter_id = ?1 ORDER BY m.id",
        )?;
        let rows = stmt.query_map([letter_id], |r| {
            Ok(Mailing {
                id: r.get(0)?,
                sent_on: r.get(1)?,
                method: MailMethod::from_code(&r.get::<_, String>(2)?)
                    .unwrap_or(MailMethod::Ordinary),
                tracking_no: r.get(3)?,
                postage_yen: r.get(4)?,
                note: r.get(5)?,
                created_by: r.get(6)?,
                created_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// An issued letter drawn again from what it printed.
    pub fn letter_pdf(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        let row: Option<(String, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT v.body, l.fields, l.layout, l.issued_on FROM letters l JOIN letter_template_versions v ON v.id = l.template_version_id WHERE l.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let (body, values, offsets, on) = row.ok_or(StoreError::NotFound)?;
        let body = parse_body(&body)?;
        let values: BTreeMap<String, String> =
            serde_json::from_str(&values).map_err(|_| StoreError::Integrity)?;
        let offsets: Offsets = serde_json::from_str(&offsets).map_err(|_| StoreError::Integrity)?;
        let on = text::iso_day(&on).ok_or(StoreError::Integrity)?;
        self.draw(&body, &values, offsets, on)
    }

    /// Records that a letter was printed or saved as a file (audited; the
    /// first time takes it off the print queue).
    pub fn record_letter_output(&mut self, id: i64, output: Output) -> Result<Letter, StoreError> {
        let letter = self.letter(id)?;
        let action = match output {
            Output::Printed => Action::LetterPrinted,
            Output::Saved => Action::LetterExported,
        };
        let actor = self.actor_id();
        let how = if output == Output::Printed {
            LetterOutputHow::Printed
        } else {
            LetterOutputHow::Saved
        };
        self.write(
            action,
            Target::of("case", letter.case_id),
            &format!("letter={id}"),
            |tx, now| {
                tx.execute(
                    "UPDATE letters SET printed_at = coalesce(printed_at, ?2) WHERE id = ?1",
                    params![id, now],
                )?;
                crate::case::events::add_event(
                    tx,
                    letter.case_id,
                    actor,
                    &Event::LetterOutput {
                        letter: id,
                        document_no: letter.document_no.clone(),
                        how,
                    },
                    now,
                )
            },
        )?;
        self.letter(id)
    }

    /// 発送: how a letter was mailed. Moves the case where the letter says
    /// (e.g. to 発送済 for a decision letter) if its workflow allows it now.
    pub fn record_mailing(
        &mut self,
        letter_id: i64,
        input: &MailingInput,
        today: NaiveDate,
    ) -> Result<MailingOutcome, StoreError> {
        let letter = self.letter(letter_id)?;
        let m = validate_mailing(input, today)?;
        let actor = self.actor_id();
        self.write(Action::LetterMailed, Target::of("case", letter.case_id), &format!("letter={letter_id} method={}", m.method.code()), |tx, now| {
            tx.execute(
                "INSERT INTO mailings (letter_id, sent_on, method, tracking_no, postage_yen, note, actor_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![letter_id, m.sent_on, m.method.code(), m.tracking_no, m.postage_yen, m.note, actor, now],
            )?;
            // Mailed means it left the desk printed, whether or not the app printed it.
            tx.execute("UPDATE letters SET printed_at = coalesce(printed_at, ?2) WHERE id = ?1", params![letter_id, now])?;
            crate::case::events::add_event(
                tx,
                letter.case_id,
                actor,
                &Event::LetterMailed { letter: letter_id, document_no: letter.document_no.clone(), sent_on: m.sent_on.clone(), method: Some(m.method), tracking_no: m.tracking_no.clone() },
                now,
            )
        })?;
        let target = defaults::find(&letter.template_key).and_then(|d| d.moves_to);
        let status = self.case(letter.case_id)?.status;
        let (moved_to, message) = match target {
            Some(to) if to == status => (None, format!("発送を記録しました。案件は「{}」のままです。", status.label())),
            Some(to) if status.next().contains(&to) => match self.set_case_status_on(letter.case_id, to, "", NaiveDate::parse_from_str(&m.sent_on, "%Y-%m-%d").ok()) {
                Ok(_) => (Some(to), format!("発送を記録し、案件を「{}」にしました。", to.label())),
                Err(e) => (None, format!("発送を記録しました。案件は「{}」のままです（{}）", status.label(), crate::kernel::error::Coded::message(&e))),
            },
            Some(to) => (
                None,
                format!("発送を記録しました。「{}」の案件は「{}」に進められないため、状態は変えていません。", status.label(), to.label()),
            ),
            None => (None, "発送を記録しました。".into()),
        };
        Ok(MailingOutcome {
            letter: self.letter(letter_id)?,
            moved_to,
            message,
        })
    }

    /// 電磁的記録による開示: the letter and its annex (the disclosed data) as
    /// PDF and CSV, for the officer to hand over. Audited; what leaves is
    /// no longer encrypted, which the app says before writing.
    pub fn disclosure_package(&mut self, letter_id: i64) -> Result<Vec<PackageFile>, StoreError> {
        let letter = self.letter(letter_id)?;
        if !letter.has_package {
            return Err(StoreError::invalid(
                "letter",
                "電磁的記録による開示の開示決定通知書にだけ、開示データを作成できます。",
            ));
        }
        let (fields_json, on): (String, String) = self.conn.query_row(
            "SELECT fields, issued_on FROM letters WHERE id = ?1",
            [letter_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let values: BTreeMap<String, String> =
            serde_json::from_str(&fields_json).map_err(|_| StoreError::Integrity)?;
        let on = text::iso_day(&on).ok_or(StoreError::Integrity)?;
        let data = values
            .get("開示する保有個人データ")
            .cloned()
            .unwrap_or_default();
        let annex_body = TemplateBody {
            name: "別紙".into(),
            title: "別紙　開示する保有個人データ".into(),
            addressed: false,
            scope: Scope::Disclosure,
            text: "[右] 受付番号 {{受付番号}}　{{文書番号}}\n\n{{開示する保有個人データ}}\n\n以上"
                .into(),
        };
        let annex_pdf = self.draw(&annex_body, &values, Offsets::default(), on)?;
        let letter_pdf = self.letter_pdf(letter_id)?;
        let base =
            format!("{}_{}", letter.receipt_no, letter.document_no).replace(['/', '\\', ':'], "-");
        let files = vec![
            PackageFile {
                name: format!("{base}_開示決定通知書.pdf"),
                bytes: letter_pdf,
            },
            PackageFile {
                name: format!("{base}_別紙_開示データ.pdf"),
                bytes: annex_pdf,
            },
            PackageFile {
                name: format!("{base}_別紙_開示データ.csv"),
                bytes: annex_csv(&data),
            },
        ];
        self.write(
            Action::DisclosurePackageExported,
            Target::of("case", letter.case_id),
            &format!("letter={letter_id} files={}", files.len()),
            |_, _| Ok(()),
        )?;
        Ok(files)
    }
}

/// The annex as CSV for a spreadsheet: `項目,内容` from lines written
/// `項目：内容`, other lines as 内容 alone. UTF-8 with a BOM so Excel reads
/// the Japanese; cells that a spreadsheet would run as a formula are quoted
/// with a leading apostrophe.
pub fn annex_csv(data: &str) -> Vec<u8> {
    let mut out = String::from("\u{feff}項目,内容\r\n");
    for line in data.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (k, v) = match line.split_once('：').or_else(|| line.split_once(':')) {
            Some((k, v)) => (k.trim(), v.trim()),
            None => ("", line),
        };
        out.push_str(&text::csv_line(&[k, v]));
    }
    out.into_bytes()
}

fn validate_mailing(input: &MailingInput, today: NaiveDate) -> Result<MailingInput, StoreError> {
    let mut errors = Vec::new();
    let sent_on = text::day_field("sentOn", "発送日", &input.sent_on, true, &mut errors);
    if let Some(d) = text::iso_day(&sent_on) {
        if d > today {
            errors.push(FieldError::new(
                "sentOn",
                "発送日に未来の日付は入力できません。",
            ));
        }
    }
    let tracking_no = match text::digits(&input.tracking_no) {
        _ if input.tracking_no.trim().is_empty() => {
            if input.method.tracked() {
                errors.push(FieldError::new(
                    "trackingNo",
                    format!(
                        "{}のお問い合わせ番号を入力してください。",
                        input.method.label()
                    ),
                ));
            }
            String::new()
        }
        Some(d) if (11..=13).contains(&d.len()) => d,
        _ => {
            errors.push(FieldError::new(
                "trackingNo",
                "お問い合わせ番号は11〜13桁の数字で入力してください（ハイフンは省略可）。",
            ));
            String::new()
        }
    };
    if input.postage_yen > 10_000 {
        errors.push(FieldError::new(
            "postageYen",
            "郵便料金は10,000円以内で入力してください。",
        ));
    }
    let note = text::free_text("note", &input.note, 200, &mut errors);
    if errors.is_empty() {
        Ok(MailingInput {
            sent_on,
            method: input.method,
            tracking_no,
            postage_yen: input.postage_yen,
            note,
        })
    } else {
        Err(StoreError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> TemplateBody {
        TemplateBody {
            name: "見本".into(),
            title: "見本の通知".into(),
            addressed: true,
            scope: Scope::All,
            text: text.into(),
        }
    }

    #[test]
    fn templates_with_unknown_fields_or_tags_are_refused_with_the_line() {
        let e = validate(&body("{{氏名}}様\n{{好きな色}}")).unwrap_err();
        assert!(
            crate::kernel::error::Coded::message(&e).contains("{{好きな色}}"),
            "{e:?}"
        );
        let e = validate(&body("一行目\n[太字] 見本")).unwrap_err();
        assert!(
            crate::kernel::error::Coded::message(&e).contains("2行目: 「[太字]」"),
            "{e:?}"
        );
        let e = validate(&body("{{氏名}")).unwrap_err();
        assert!(
            crate::kernel::error::Coded::message(&e).contains("1行目"),
            "{e:?}"
        );
        assert!(validate(&body("[あれば:色]見本")).is_err());
        assert!(validate(&TemplateBody {
            title: "{{氏名}}".into(),
            ..body("見本")
        })
        .is_err());
        assert!(validate(&body("")).is_err());
        assert!(validate(&body(
            "[欄3] 住所\n[欄] 氏名\n[あれば:理由]{{理由}}\n[改ページ]"
        ))
        .is_ok());
        assert!(validate(&body("[欄11] 多すぎ")).is_err());
    }

    #[test]
    fn the_annex_csv_splits_items_and_defuses_formulas() {
        let csv = String::from_utf8(annex_csv(
            "氏名：見本 花子\n購入履歴: =SUM(A1)\n\n自由記述の行",
        ))
        .unwrap();
        assert_eq!(
            csv,
            "\u{feff}項目,内容\r\n\"氏名\",\"見本 花子\"\r\n\"購入履歴\",\"'=SUM(A1)\"\r\n\"\",\"自由記述の行\"\r\n"
        );
    }

    #[test]
    fn mailing_input_is_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let ok = MailingInput {
            sent_on: "２０２６/１２/１０".into(),
            method: MailMethod::SimpleRegistered,
            tracking_no: "1234-5678-9012".into(),
            postage_yen: 460,
            note: String::new(),
        };
        let m = validate_mailing(&ok, today).unwrap();
        assert_eq!(
            (m.sent_on.as_str(), m.tracking_no.as_str()),
            ("2026-12-10", "123456789012")
        );
        let e = validate_mailing(
            &MailingInput {
                tracking_no: String::new(),
                ..ok.clone()
            },
            today,
        )
        .unwrap_err();
        assert!(crate::kernel::error::Coded::message(&e).contains("簡易書留のお問い合わせ番号"));
        assert!(validate_mailing(
            &MailingInput {
                tracking_no: "12-34".into(),
                ..ok.clone()
            },
            today
        )
        .is_err());
        assert!(validate_mailing(
            &MailingInput {
                sent_on: "2026-12-11".into(),
                ..ok.clone()
            },
            today
        )
        .is_err());
        assert!(validate_mailing(
            &MailingInput {
                postage_yen: 20_000,
                ..ok.clone()
            },
            today
        )
        .is_err());
        assert!(validate_mailing(
            &MailingInput {
                method: MailMethod::Ordinary,
                tracking_no: String::new(),
                ..ok
            },
            today
        )
        .is_ok());
    }
}
