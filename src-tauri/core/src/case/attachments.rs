//! Files of a case: scans the officer adds and a mail's attachments, checked
//! by content, encrypted before their row is written, typed as documents
//! (and refused until masked where a document needs it).

use crate::case::events::{add_event, Event};
use crate::case::model::{Attachment, AttachmentOrigin};
use crate::intake::content::{detect_kind, FileKind};
use crate::intake::documents::DocInfo;
use crate::intake::mail::ParsedMail;
use crate::store::error::StoreError;
use crate::kernel::error::Coded;
use crate::store::files::{FileError, MAX_FILE_BYTES};
use rusqlite::{params, Connection};

/// An .eml on its way into a case: the original bytes and what was decoded.
pub struct IncomingMail {
    pub file_name: String,
    pub eml: Vec<u8>,
    pub parsed: ParsedMail,
    /// Per attachment of `parsed` (same order): its type, whether its bytes
    /// were masked, whether it was refused. Missing entries are unclassified.
    pub docs: Vec<IntakeDoc>,
}

impl IncomingMail {
    pub fn new(file_name: String, eml: Vec<u8>, parsed: ParsedMail) -> Self {
        let docs = vec![IntakeDoc::default(); parsed.attachments.len()];
        IncomingMail {
            file_name,
            eml,
            parsed,
            docs,
        }
    }

    pub(crate) fn doc(&self, i: usize) -> IntakeDoc {
        self.docs.get(i).cloned().unwrap_or_default()
    }
}

/// A scan or other file added by the officer.
pub struct IncomingFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub intake: IntakeDoc,
}

impl IncomingFile {
    pub fn new(file_name: impl Into<String>, bytes: Vec<u8>) -> Self {
        IncomingFile {
            file_name: file_name.into(),
            bytes,
            intake: IntakeDoc::default(),
        }
    }
}

/// A document on its way into a case, as the officer classified it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeDoc {
    pub info: DocInfo,
    /// The bytes are the masked image (burnt in memory, before saving).
    pub masked: bool,
    /// The officer refused it: it is not kept, and a mail's copy is redacted.
    pub refused: bool,
}

impl IntakeDoc {
    /// Refuses to keep a document whose type needs masking until it is
    /// masked. `n` numbers the file in the message (never its name: names of
    /// files can be personal data).
    pub fn check_keepable(&self, n: usize) -> Result<(), StoreError> {
        if self.info.needs_mask() && !self.masked {
            return Err(StoreError::invalid(
                "documents",
                format!(
                    "{n}番目のファイル（{}）はマスクしてから保存してください。{}",
                    self.info.doc_type.label(),
                    self.info.doc_type.mask_reason()
                ),
            ));
        }
        Ok(())
    }
}

/// Where a file comes from, for what is said about keeping it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSource {
    /// A scan picked or dropped on its own.
    Scan,
    /// An attachment of a mail: its bytes are kept inside the mail (.eml)
    /// in any case.
    MailAttachment,
}

/// Why a file cannot be kept as one of a case's documents, in the officer's
/// words; `None` when it can. Only JPEG, PNG and PDF, judged by content and
/// under 50MB, are kept: what the viewer shows, masks and prints. (Another
/// kind attached to a mail stays inside the kept mail, never as a document
/// of its own.)
pub fn document_problem(kind: FileKind, size: usize, source: FileSource) -> Option<String> {
    if size >= MAX_FILE_BYTES {
        return Some(FileError::TooLarge.message());
    }
    if matches!(kind, FileKind::Jpeg | FileKind::Png | FileKind::Pdf) {
        return None;
    }
    let what = kind.label_ja();
    Some(match source {
        FileSource::Scan => format!(
            "{what}は保存できません。書類として保存できるのはJPEG・PNG・PDFだけです（内容で判定しています）。"
        ),
        FileSource::MailAttachment => format!(
            "{what}は書類として保存できません（JPEG・PNG・PDFだけ。内容で判定しています）。メールの原本（.eml）の中には残ります。"
        ),
    })
}

/// Accepts JPEG, PNG and PDF scans only, by content.
pub fn check_scan(file: &IncomingFile) -> Result<FileKind, StoreError> {
    let kind = detect_kind(&file.bytes);
    match document_problem(kind, file.bytes.len(), FileSource::Scan) {
        None => Ok(kind),
        Some(problem) => Err(StoreError::invalid("file", problem)),
    }
}

/// A file written (encrypted) for a case, waiting for its row.
pub(crate) struct Written {
    pub(crate) blob: String,
    pub(crate) origin: AttachmentOrigin,
    pub(crate) name: String,
    pub(crate) kind: FileKind,
    pub(crate) size: usize,
    pub(crate) sha: String,
    pub(crate) doc: IntakeDoc,
}

impl IntakeDoc {
    pub(crate) fn validated_copy(&self) -> Result<IntakeDoc, StoreError> {
        Ok(IntakeDoc {
            info: self.info.validated()?,
            ..self.clone()
        })
    }
}

pub(crate) fn insert_attachment(
    tx: &Connection,
    case_id: i64,
    w: &Written,
    actor: Option<i64>,
    now: &str,
) -> Result<(), StoreError> {
    let d = &w.doc.info;
    tx.prepare_cached(
        "INSERT INTO attachments (case_id, origin, file_name, kind, size, sha256, blob_id, added_at, added_by,
            doc_type, masked, honseki_printed, issued_on, expires_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        case_id, w.origin.code(), w.name, w.kind.code(), w.size as i64, w.sha, w.blob, now, actor,
        d.doc_type.code(), w.doc.masked, d.honseki_printed, d.issued_on, d.expires_on
    ])?;
    add_event(
        tx,
        case_id,
        actor,
        &Event::AttachmentAdded {
            file_name: w.name.clone(),
            origin: w.origin.code().to_string(),
            kind: Some(w.kind),
            doc_type: Some(d.doc_type),
            masked: w.doc.masked,
        },
        now,
    )
}

pub(crate) fn row_to_attachment_at(
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(at)?,
        origin: r.get(at + 1)?,
        file_name: r.get(at + 2)?,
        kind: FileKind::from_code(&r.get::<_, String>(at + 3)?).unwrap_or(FileKind::Unknown),
        size: r.get(at + 4)?,
        added_at: r.get(at + 5)?,
    })
}
