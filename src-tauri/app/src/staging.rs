//! Files on their way into a case: picked in a dialog or dropped on the
//! window, read and decoded here, kept in memory until the officer saves the
//! case or discards them. Nothing staged is written to disk; everything
//! staged is dropped when the app locks.

use crate::ipc::{CaseRow, MailView, Staged, StagedFile, StagedMail};
use madoguchi_core::case::attachments::{
    document_problem, FileSource, IncomingFile, IncomingMail, IntakeDoc,
};
use madoguchi_core::case::model::CaseInput;
use madoguchi_core::intake::content::FileKind;
use madoguchi_core::intake::mail;
use madoguchi_core::store::files::MAX_FILE_BYTES;
use std::collections::HashMap;
use std::path::PathBuf;

pub enum StagedItem {
    Mail(Box<IncomingMail>),
    File(IncomingFile),
}

/// How to read the chosen files.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Mail,
    Scan,
    /// Dropped: decided by content.
    Any,
}

pub fn file_name_of(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

pub fn staged_file_view(
    id: &str,
    name: &str,
    bytes: &[u8],
    kind: FileKind,
    source: FileSource,
) -> StagedFile {
    staged_doc_view(id, name, bytes, kind, source, &IntakeDoc::default())
}

/// A staged file as the UI shows it, with what the officer set about it.
pub fn staged_doc_view(
    id: &str,
    name: &str,
    bytes: &[u8],
    kind: FileKind,
    source: FileSource,
    intake: &IntakeDoc,
) -> StagedFile {
    let needs_mask = intake.info.needs_mask() && !intake.masked;
    StagedFile {
        staged_id: id.to_string(),
        file_name: name.to_string(),
        kind: kind.code().into(),
        kind_label: kind.label_ja().into(),
        size: bytes.len() as i64,
        problem: document_problem(kind, bytes.len(), source),
        doc: intake.info.clone(),
        masked: intake.masked,
        needs_mask,
        mask_reason: if intake.info.needs_mask() {
            intake.info.doc_type.mask_reason().into()
        } else {
            String::new()
        },
    }
}

pub fn mail_view(m: &mail::ParsedMail) -> MailView {
    MailView {
        from_name: m.from_name.clone().unwrap_or_default(),
        from_address: m.from_address.clone().unwrap_or_default(),
        sent_at: m.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
        subject: m.subject.clone().unwrap_or_default(),
        body_text: m.body_text.clone(),
        problems: m.problems.iter().map(|p| p.message.clone()).collect(),
    }
}

/// Reads and classifies `paths`, adding what can be used to `store`.
/// `duplicates` finds open cases like a prefilled form.
pub fn stage_paths(
    paths: &[PathBuf],
    expect: Expect,
    today: chrono::NaiveDate,
    staged: &mut HashMap<String, StagedItem>,
    duplicates: &dyn Fn(&CaseInput) -> Vec<CaseRow>,
) -> Staged {
    let mut out = Staged::default();
    for (i, path) in paths.iter().enumerate() {
        let n = i + 1;
        let name = file_name_of(path);
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size as usize >= MAX_FILE_BYTES {
            out.problems
                .push(format!("{n}番目のファイルは50MB以上のため取り込めません。"));
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else {
            out.problems
                .push(format!("{n}番目のファイルを読み込めませんでした。"));
            continue;
        };
        let kind = madoguchi_core::intake::content::detect_kind(&bytes);
        let as_scan = match expect {
            Expect::Scan => true,
            Expect::Mail => false,
            Expect::Any => matches!(kind, FileKind::Jpeg | FileKind::Png | FileKind::Pdf),
        };
        let id = uuid_like();
        if as_scan {
            out.files
                .push(staged_file_view(&id, &name, &bytes, kind, FileSource::Scan));
            staged.insert(id, StagedItem::File(IncomingFile::new(name, bytes)));
            continue;
        }
        match mail::parse_eml(&bytes) {
            Ok(parsed) => {
                let input = CaseInput::from_mail(&parsed, today);
                let attachments = parsed
                    .attachments
                    .iter()
                    .enumerate()
                    .map(|(j, a)| {
                        staged_file_view(
                            &format!("{id}-{j}"),
                            a.file_name.as_deref().unwrap_or("（名前なし）"),
                            &a.bytes,
                            a.detected,
                            FileSource::MailAttachment,
                        )
                    })
                    .collect();
                out.mails.push(StagedMail {
                    staged_id: id.clone(),
                    file_name: name.clone(),
                    duplicates: duplicates(&input),
                    input,
                    mail: mail_view(&parsed),
                    attachments,
                });
                staged.insert(
                    id,
                    StagedItem::Mail(Box::new(IncomingMail::new(name, bytes, parsed))),
                );
            }
            Err(e) => out.problems.push(format!(
                "{n}番目のファイル: {}",
                madoguchi_core::Coded::message(&e)
            )),
        }
    }
    out
}

/// A staged document: a file on its own, or the `n`-th attachment of a
/// staged mail (id `<mail id>-<n>`).
pub enum StagedDoc<'a> {
    File(&'a mut IncomingFile),
    MailAttachment {
        mail: &'a mut IncomingMail,
        index: usize,
    },
}

impl StagedDoc<'_> {
    pub fn find<'a>(
        staged: &'a mut HashMap<String, StagedItem>,
        id: &str,
    ) -> Option<StagedDoc<'a>> {
        if matches!(staged.get(id), Some(StagedItem::File(_))) {
            return match staged.get_mut(id) {
                Some(StagedItem::File(f)) => Some(StagedDoc::File(f)),
                _ => None,
            };
        }
        let (mail_id, index) = id.rsplit_once('-')?;
        let index: usize = index.parse().ok()?;
        match staged.get_mut(mail_id) {
            Some(StagedItem::Mail(m)) if index < m.parsed.attachments.len() => {
                if m.docs.len() < m.parsed.attachments.len() {
                    m.docs
                        .resize(m.parsed.attachments.len(), IntakeDoc::default());
                }
                Some(StagedDoc::MailAttachment { mail: m, index })
            }
            _ => None,
        }
    }

    pub fn name(&self) -> String {
        match self {
            StagedDoc::File(f) => f.file_name.clone(),
            StagedDoc::MailAttachment { mail, index } => mail.parsed.attachments[*index]
                .file_name
                .clone()
                .unwrap_or_else(|| "（名前なし）".into()),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            StagedDoc::File(f) => &f.bytes,
            StagedDoc::MailAttachment { mail, index } => &mail.parsed.attachments[*index].bytes,
        }
    }

    pub fn intake(&mut self) -> &mut IntakeDoc {
        match self {
            StagedDoc::File(f) => &mut f.intake,
            StagedDoc::MailAttachment { mail, index } => &mut mail.docs[*index],
        }
    }

    /// Replaces the bytes by their masked copy; the original is zeroed first.
    pub fn replace_masked(&mut self, masked: Vec<u8>) {
        use zeroize::Zeroize;
        let kind = madoguchi_core::intake::content::detect_kind(&masked);
        match self {
            StagedDoc::File(f) => {
                f.bytes.zeroize();
                f.bytes = masked;
                f.intake.masked = true;
            }
            StagedDoc::MailAttachment { mail, index } => {
                let a = &mut mail.parsed.attachments[*index];
                a.bytes.zeroize();
                a.bytes = masked;
                a.detected = kind;
                mail.docs[*index].masked = true;
            }
        }
    }

    pub fn view(&mut self, id: &str) -> StagedFile {
        let name = self.name();
        let kind = madoguchi_core::intake::content::detect_kind(self.bytes());
        let intake = self.intake().clone();
        let source = match self {
            StagedDoc::File(_) => FileSource::Scan,
            StagedDoc::MailAttachment { .. } => FileSource::MailAttachment,
        };
        staged_doc_view(id, &name, self.bytes(), kind, source, &intake)
    }
}

fn uuid_like() -> String {
    use rand::RngCore;
    let mut b = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
        if p.exists() {
            return p;
        }
        std::env::var_os("MADOGUCHI_FIXTURES")
            .map(Into::into)
            .expect("fixtures beside the repository, or MADOGUCHI_FIXTURES")
    }

    /// What a drop on the window does: every fixture, sorted by content.
    #[test]
    fn dropped_files_are_sorted_by_content() {
        let f = fixtures();
        let tmp = tempfile::tempdir().unwrap();
        let not_a_mail = tmp.path().join("memo.eml");
        std::fs::write(&not_a_mail, b"\x00\x01\x02 not a mail at all").unwrap();
        let paths = vec![
            f.join("mail/s0a-registered-iso2022jp.eml"),
            f.join("mail/broken-truncated.eml"),
            f.join("scans/license-front.jpg"),
            f.join("scans/power-of-attorney.pdf"),
            not_a_mail,
            tmp.path().join("missing.eml"),
        ];
        let mut staged = HashMap::new();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let out = stage_paths(&paths, Expect::Any, today, &mut staged, &|_| Vec::new());
        assert_eq!(out.mails.len(), 2);
        assert_eq!(out.mails[0].input.requester.name, "見本 花子");
        assert_eq!(
            out.mails[0].input.received_on, "2026-12-01",
            "the Date header's day"
        );
        assert!(!out.mails[1].mail.problems.is_empty());
        assert_eq!(
            out.files
                .iter()
                .map(|f| f.kind.as_str())
                .collect::<Vec<_>>(),
            ["jpeg", "pdf"]
        );
        assert!(out.files.iter().all(|f| f.problem.is_none()));
        assert_eq!(out.problems.len(), 2, "{:?}", out.problems);
        assert!(
            out.problems
                .iter()
                .all(|p| p.starts_with("5番目") || p.starts_with("6番目")),
            "{:?}",
            out.problems
        );
        assert!(
            !out.problems.iter().any(|p| p.contains("memo")),
            "problems name positions, not files"
        );
        assert_eq!(staged.len(), 4);
    }

    #[test]
    fn a_scan_that_is_not_an_image_or_pdf_is_staged_with_its_problem() {
        let tmp = tempfile::tempdir().unwrap();
        let fake = tmp.path().join("scan.jpg");
        std::fs::write(&fake, b"MZ\x90\x00 this is a program").unwrap();
        let mut staged = HashMap::new();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let out = stage_paths(&[fake], Expect::Scan, today, &mut staged, &|_| Vec::new());
        assert_eq!(out.files.len(), 1);
        assert!(out.files[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("JPEG・PNG・PDFだけ"));
    }
}
