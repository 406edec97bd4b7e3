//! Creating, editing and reading a case: intake from a letter, a call or an
//! email (.eml, with its attachments), in one transaction with its files;
//! the case page's detail; every view audited. Cases are never deleted here:
//! a mistaken entry is marked 誤登録, a withdrawn one 取下げ (procedure's
//! workflow); destruction belongs to retention.

use crate::case::attachments::row_to_attachment_at;
use crate::case::attachments::{
    check_scan, document_problem, insert_attachment, FileSource, IncomingFile, IncomingMail,
    IntakeDoc, Written,
};
use crate::case::events::{add_event, case_events, CaseEvent, Event};
use crate::case::model::{Attachment, AttachmentOrigin, Case, CaseInput, CaseMail};
use crate::case::rows::codes;
use crate::case::rows::decode_list;
use crate::case::rows::kind_mask;
use crate::case::rows::kinds_json;
use crate::case::rows::row_to_case;
use crate::case::rows::CASE_COLUMNS;
use crate::case::rows::{insert_case, name_key, policy_version_for, search_text};
use crate::intake::content::FileKind;
use crate::intake::documents::DocInfo;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetail {
    pub case: Case,
    pub attachments: Vec<Attachment>,
    pub mail: Option<CaseMail>,
    pub events: Vec<CaseEvent>,
}

/// The fields that differ between two inputs, as the form names them.
fn changed_fields(a: &CaseInput, b: &CaseInput) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cmp = |name: &'static str, x: bool| {
        if x {
            out.push(name);
        }
    };
    cmp("channel", a.channel != b.channel);
    cmp("receivedOn", a.received_on != b.received_on);
    cmp("requester.name", a.requester.name != b.requester.name);
    cmp("requester.kana", a.requester.kana != b.requester.kana);
    cmp(
        "requester.postalCode",
        a.requester.postal_code != b.requester.postal_code,
    );
    cmp(
        "requester.address",
        a.requester.address != b.requester.address,
    );
    cmp("requester.phone", a.requester.phone != b.requester.phone);
    cmp("requester.email", a.requester.email != b.requester.email);
    cmp(
        "requester.registeredEmail",
        a.requester.registered_email != b.requester.registered_email,
    );
    cmp(
        "requester.registeredPhone",
        a.requester.registered_phone != b.requester.registered_phone,
    );
    cmp("requesterType", a.requester_type != b.requester_type);
    cmp("agent", a.agent != b.agent);
    cmp("kinds", a.kinds != b.kinds);
    cmp("policyId", a.policy_id != b.policy_id);
    cmp("dataConcerned", a.data_concerned != b.data_concerned);
    cmp(
        "requestedCorrection",
        a.requested_correction != b.requested_correction,
    );
    cmp(
        "disclosureMethod",
        a.disclosure_method != b.disclosure_method,
    );
    cmp(
        "specificPersonalInfo",
        a.specific_personal_info != b.specific_personal_info,
    );
    cmp(
        "enclosures",
        a.enclosures != b.enclosures || a.enclosures_note != b.enclosures_note,
    );
    cmp("memo", a.memo != b.memo);
    out
}

impl Store {
    /// Creates a case, with the mail it came from and files, in one transaction.
    pub fn create_case(
        &mut self,
        input: &CaseInput,
        mail: Option<&IncomingMail>,
        files: &[IncomingFile],
        today: NaiveDate,
    ) -> Result<CaseDetail, StoreError> {
        let (input, received) = input.validated(today)?;
        let mut n = 0;
        if let Some(m) = mail {
            for (i, _) in m.parsed.attachments.iter().enumerate() {
                n += 1;
                let doc = m.doc(i);
                if !doc.refused {
                    doc.info.validated()?;
                    doc.check_keepable(n)?;
                }
            }
        }
        for f in files {
            n += 1;
            check_scan(f)?;
            f.intake.info.validated()?;
            f.intake.check_keepable(n)?;
        }
        // Files are encrypted and written first; if the transaction fails they
        // are removed again, so no file outlives its row.
        let blobs = self.blobs();
        let mut written: Vec<Written> = Vec::new();
        let store_file = |bytes: &[u8],
                          origin: AttachmentOrigin,
                          name: &str,
                          kind: FileKind,
                          doc: IntakeDoc,
                          written: &mut Vec<Written>|
         -> Result<(), StoreError> {
            let blob = blobs.put(bytes)?;
            written.push(Written {
                blob,
                origin,
                name: crate::intake::mail::stored_file_name(name),
                kind,
                size: bytes.len(),
                sha: hex::encode(Sha256::digest(bytes)),
                doc,
            });
            Ok(())
        };
        let mut refused: Vec<DocInfo> = Vec::new();
        let result = (|| {
            if let Some(m) = mail {
                // A masked or refused attachment's original bytes are also
                // inside the .eml: the kept copy of the mail goes without them.
                let redact: Vec<usize> = (0..m.parsed.attachments.len())
                    .filter(|&i| m.doc(i).masked || m.doc(i).refused)
                    .collect();
                let eml = if redact.is_empty() {
                    std::borrow::Cow::Borrowed(&m.eml[..])
                } else {
                    std::borrow::Cow::Owned(crate::intake::mail::redact_attachments(
                        &m.eml, &m.parsed, &redact,
                    ))
                };
                store_file(
                    &eml,
                    AttachmentOrigin::Eml,
                    &m.file_name,
                    FileKind::Eml,
                    IntakeDoc::default(),
                    &mut written,
                )?;
                for (i, a) in m.parsed.attachments.iter().enumerate() {
                    let doc = m.doc(i);
                    if doc.refused {
                        refused.push(doc.info);
                        continue;
                    }
                    // Not a document the desk can keep (a program, a
                    // HEIC photo, text under a picture's name): it stays
                    // inside the kept .eml, as the intake screen said.
                    if document_problem(a.detected, a.bytes.len(), FileSource::MailAttachment)
                        .is_some()
                    {
                        continue;
                    }
                    let name = a
                        .file_name
                        .clone()
                        .unwrap_or_else(|| format!("添付{}", i + 1));
                    let kind = if doc.masked {
                        crate::intake::content::detect_kind(&a.bytes)
                    } else {
                        a.detected
                    };
                    store_file(
                        &a.bytes,
                        AttachmentOrigin::MailAttachment,
                        &name,
                        kind,
                        doc.validated_copy()?,
                        &mut written,
                    )?;
                }
            }
            for f in files {
                store_file(
                    &f.bytes,
                    AttachmentOrigin::Scan,
                    &f.file_name,
                    crate::intake::content::detect_kind(&f.bytes),
                    f.intake.validated_copy()?,
                    &mut written,
                )?;
            }
            let case_mail = mail.map(|m| CaseMail {
                from_name: m.parsed.from_name.clone().unwrap_or_default(),
                from_address: m.parsed.from_address.clone().unwrap_or_default(),
                sent_at: m.parsed.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
                subject: m.parsed.subject.clone().unwrap_or_default(),
                body_text: m.parsed.body_text.clone(),
                problems: m
                    .parsed
                    .problems
                    .iter()
                    .map(|p| p.message.clone())
                    .collect(),
            });
            let actor = self.actor_id();
            let written_ref = &written;
            self.write_with(|tx, now| {
                let (id, _) = insert_case(tx, &input, received, case_mail.as_ref(), actor, now)?;
                if let Some(m) = &case_mail {
                    tx.execute(
                        "INSERT INTO case_mails (case_id, from_name, from_address, sent_at, subject, body_text, problems)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![id, m.from_name, m.from_address, m.sent_at, m.subject, m.body_text, codes(&m.problems)],
                    )?;
                    add_event(tx, id, actor, &Event::MailImported { attachments: mail.map_or(0, |m| m.parsed.attachments.len()) as u64, problems: m.problems.len() as u64 }, now)?;
                }
                for w in written_ref {
                    insert_attachment(tx, id, w, actor, now)?;
                }
                for doc in &refused {
                    add_event(tx, id, actor, &Event::ScanRefused { doc_type: Some(doc.doc_type) }, now)?;
                }
                let detail = format!("channel={} files={}", input.channel.code(), written_ref.len());
                Ok((id, Action::CaseCreated, Target::of("case", id), detail))
            })
        })();
        match result {
            Ok(id) => self.case_detail(id),
            Err(e) => {
                for w in &written {
                    blobs.remove(&w.blob);
                }
                Err(e)
            }
        }
    }

    /// Saves an edited case; the timeline records what changed, the audit
    /// log only which fields.
    pub fn update_case(
        &mut self,
        id: i64,
        input: &CaseInput,
        today: NaiveDate,
    ) -> Result<CaseDetail, StoreError> {
        let before = self.case(id)?;
        let (input, received) = input.validated(today)?;
        let changed = changed_fields(&before.input, &input);
        if changed.is_empty() {
            return self.case_detail(id);
        }
        let mail = self.case_mail(id)?;
        let actor = self.actor_id();
        self.write(Action::CaseEdited, Target::of("case", id), &format!("fields={}", changed.join(",")), |tx, now| {
            let r = &input.requester;
            tx.execute(
                "UPDATE cases SET channel = ?2, received_on = ?3, requester_name = ?4, requester_kana = ?5, postal_code = ?6,
                    address = ?7, phone = ?8, email = ?9, registered_email = ?10, registered_phone = ?11, requester_type = ?12,
                    agent_name = ?13, agent_kana = ?14, agent_contact = ?15, agent_relationship = ?16, kinds = ?17,
                    data_concerned = ?18, requested_correction = ?19, disclosure_method = ?20, specific_personal_info = ?21,
                    enclosures = ?22, enclosures_note = ?23, memo = ?24, kind_mask = ?25, updated_at = ?26,
                    policy_version_id = ?27
                 WHERE id = ?1",
                params![
                    id, input.channel.code(), received.format("%Y-%m-%d").to_string(), r.name, r.kana, r.postal_code, r.address,
                    r.phone, r.email, r.registered_email, r.registered_phone, input.requester_type.code(), input.agent.name,
                    input.agent.kana, input.agent.contact, input.agent.relationship, kinds_json(&input.kinds), input.data_concerned,
                    input.requested_correction, input.disclosure_method.code(), input.specific_personal_info,
                    codes(&input.enclosures.iter().map(|e| e.code()).collect::<Vec<_>>()), input.enclosures_note, input.memo,
                    kind_mask(&input.kinds), now,
                    policy_version_for(tx, input.policy_id, Some((before.input.policy_id, before.policy_version_id)))?
                ],
            )?;
            tx.execute(
                "UPDATE case_search SET text = ?2 WHERE rowid = ?1",
                params![id, search_text(&before.receipt_no, &input, mail.as_ref())],
            )?;
            tx.execute("UPDATE case_names SET key = ?2 WHERE case_id = ?1", params![id, name_key(&input)])?;
            add_event(tx, id, actor, &Event::Edited { fields: changed.iter().map(|f| f.to_string()).collect() }, now)?;
            crate::case::due::sync_fee_pause(tx, id, actor, now)
        })?;
        self.case_detail(id)
    }

    pub fn case(&self, id: i64) -> Result<Case, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?1"),
                [id],
                row_to_case,
            )
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    fn case_mail(&self, id: i64) -> Result<Option<CaseMail>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT from_name, from_address, sent_at, subject, body_text, problems FROM case_mails WHERE case_id = ?1",
                [id],
                |r| {
                    Ok(CaseMail {
                        from_name: r.get(0)?,
                        from_address: r.get(1)?,
                        sent_at: r.get(2)?,
                        subject: r.get(3)?,
                        body_text: r.get(4)?,
                        problems: decode_list(&r.get::<_, String>(5)?),
                    })
                },
            )
            .optional()?)
    }

    /// Everything about a case, for its page. Not audited (see `view_case`).
    pub fn case_detail(&self, id: i64) -> Result<CaseDetail, StoreError> {
        let case = self.case(id)?;
        let mut stmt = self.conn.prepare("SELECT id, origin, file_name, kind, size, added_at FROM attachments WHERE case_id = ?1 ORDER BY id")?;
        let attachments = stmt
            .query_map([id], |r| row_to_attachment_at(r, 0))?
            .collect::<Result<_, _>>()?;
        let events = case_events(&self.conn, id)?;
        Ok(CaseDetail {
            case,
            attachments,
            mail: self.case_mail(id)?,
            events,
        })
    }

    /// Opens a case page: the view is audited (who looked at which case).
    pub fn view_case(&mut self, id: i64) -> Result<CaseDetail, StoreError> {
        let detail = self.case_detail(id)?;
        self.write(
            Action::CaseViewed,
            Target::of("case", id),
            "",
            |_, _| Ok(()),
        )?;
        Ok(detail)
    }

    /// Adds scans to a case (JPEG, PNG, PDF; under 50 MB; judged by content).
    pub fn add_files(&mut self, id: i64, files: &[IncomingFile]) -> Result<CaseDetail, StoreError> {
        self.case(id)?;
        let kinds = files
            .iter()
            .map(check_scan)
            .collect::<Result<Vec<_>, _>>()?;
        let docs = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                f.intake.check_keepable(i + 1)?;
                f.intake.validated_copy()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let blobs = self.blobs();
        let mut written = Vec::new();
        for f in files {
            match blobs.put(&f.bytes) {
                Ok(b) => written.push(b),
                Err(e) => {
                    written.iter().for_each(|b| blobs.remove(b));
                    return Err(e.into());
                }
            }
        }
        let actor = self.actor_id();
        let result = self.write(
            Action::AttachmentAdded,
            Target::of("case", id),
            &format!("files={}", files.len()),
            |tx, now| {
                for (((f, kind), blob), doc) in files.iter().zip(&kinds).zip(&written).zip(&docs) {
                    let w = Written {
                        blob: blob.clone(),
                        origin: AttachmentOrigin::Scan,
                        name: crate::intake::mail::stored_file_name(&f.file_name),
                        kind: *kind,
                        size: f.bytes.len(),
                        sha: hex::encode(Sha256::digest(&f.bytes)),
                        doc: doc.clone(),
                    };
                    insert_attachment(tx, id, &w, actor, now)?;
                }
                Ok(())
            },
        );
        if let Err(e) = result {
            written.iter().for_each(|b| blobs.remove(b));
            return Err(e);
        }
        self.case_detail(id)
    }

    /// The decrypted bytes of an attachment; the view is audited.
    pub fn attachment_bytes(
        &mut self,
        attachment_id: i64,
    ) -> Result<(Attachment, zeroize::Zeroizing<Vec<u8>>), StoreError> {
        let (case_id, blob, att): (i64, String, Attachment) = self
            .conn
            .query_row(
                "SELECT case_id, blob_id, id, origin, file_name, kind, size, added_at FROM attachments WHERE id = ?1",
                [attachment_id],
                |r| Ok((r.get(0)?, r.get(1)?, row_to_attachment_at(r, 2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound)?;
        let bytes = self.blobs().get(&blob)?;
        self.write(
            Action::AttachmentViewed,
            Target::of("attachment", attachment_id),
            &format!("case={case_id}"),
            |_, _| Ok(()),
        )?;
        Ok((att, bytes))
    }
}
