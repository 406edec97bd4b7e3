// **The IPC surface, declared once.** Every command the webview may call:
// its name, its arguments (as the UI passes them), its answer and the body
// that runs it (`commands/`). From this declaration come the Tauri
// commands and the window's handler, one permission per command and the
// window's capability (build.rs), the UI's typed client
// (`ui/src/backend/commands.ts`) and the UI tests' host. See
// `ipc_schema.rs` for how, and ARCHITECTURE.md, "Adding a command".
//
// Only the declaration belongs here: build.rs includes this file.

ipc_schema! {
    types {
        use crate::commands::{cases, letters, procedure, reports, retention, session};
        use crate::ipc::*;
    }
    /// phase, session and credential-store health.
    fn app_status() -> AppStatus = session::app_status;
    /// validates; nothing is created yet.
    fn begin_setup(request: SetupRequest) -> SetupStarted = session::begin_setup;
    /// native save dialog + one-page PDF; false if cancelled.
    fn save_recovery_sheet() -> bool = session::save_recovery_sheet;
    /// checks the retyped groups, creates the store, signs the admin in.
    fn finish_setup(request: FinishSetupRequest) -> SessionInfo = session::finish_setup;
    /// forgets the pending setup (and its recovery key).
    fn cancel_setup() -> () = session::cancel_setup;
    /// sign in with the OS credential store entry + password.
    fn unlock(request: UnlockRequest) -> SessionInfo = session::unlock;
    /// open with the printed recovery key; sets that user's new password on this PC.
    fn recover(request: RecoverRequest) -> SessionInfo = session::recover;
    /// end the session.
    fn lock() -> () = session::lock;
    /// activity ping for the backend's idle lock.
    fn touch() -> () = session::touch;
    fn get_organisation() -> Organisation = session::get_organisation;
    fn update_organisation(organisation: Organisation) -> Organisation = session::update_organisation;
    fn list_users() -> Vec<UserInfo> = session::list_users;
    fn add_user(request: NewUserRequest) -> UserInfo = session::add_user;
    fn set_user_active(request: SetUserActiveRequest) -> UserInfo = session::set_user_active;
    fn reset_password(request: ResetPasswordRequest) -> () = session::reset_password;
    fn get_settings() -> Settings = session::get_settings;
    fn update_settings(settings: Settings) -> Settings = session::update_settings;
    /// how a 受付番号 format writes the 1st and 123rd case of this year.
    fn preview_receipt_no(format: String) -> Vec<String> = session::preview_receipt_no;
    fn audit_status() -> AuditStatus = session::audit_status;

    // 案件 (cases)
    /// the register: filtered, sorted, one page.
    fn list_cases(query: CaseQuery) -> CasePage = cases::list_cases;
    /// everything about one case. The backend audits the view.
    fn get_case(id: i64) -> CaseView = cases::get_case;
    /// the home screen's work queues (期限超過, 今週が期限, 入金待ち, 書類待ち, 承認待ち).
    fn queue_counts() -> Vec<QueueCount> = cases::queue_counts;
    /// a blank intake form for a channel, received today.
    fn new_case_input(channel: Channel) -> CaseInput = cases::new_case_input;
    /// open cases with the same email, 氏名 or フリガナ.
    fn check_duplicates(input: CaseInput, exclude_id: Option<i64>) -> Vec<CaseRow> = cases::check_duplicates;
    /// saves the form with the staged mail (and its attachments) and staged scans.
    fn create_case(input: CaseInput, staged_mail_id: Option<String>, staged_file_ids: Vec<String>) -> CaseView = cases::create_case;
    /// saves an edited case.
    fn update_case(id: i64, input: CaseInput) -> CaseView = cases::update_case;
    /// moves a case along its workflow; 取下げ and 誤登録 need a reason.
    fn set_case_status(id: i64, status: CaseStatus, reason: String) -> CaseView = cases::set_case_status;
    /// native multi-file dialog for .eml; an empty Staged if cancelled.
    fn pick_eml_files() -> Staged = cases::pick_eml_files;
    /// native dialog for JPEG/PNG/PDF; an empty Staged if cancelled.
    fn pick_scan_files() -> Staged = cases::pick_scan_files;
    /// forgets staged mails/files (their bytes are dropped by the backend).
    fn discard_staged(ids: Vec<String>) -> () = cases::discard_staged;
    /// attaches staged scans to an existing case.
    fn add_case_files(id: i64, staged_file_ids: Vec<String>) -> CaseView = cases::add_case_files;
    /// the decrypted bytes of one attachment (the view is audited).
    fn get_attachment(attachment_id: i64) -> AttachmentData = cases::get_attachment;
    /// open (or create) the demo store with synthetic data; locking ends it.
    fn open_demo() -> SessionInfo = session::open_demo;

    // 書類・マスク (documents and masking at intake)
    /// every closed list of the policy and document forms, with the core's labels.
    fn vocabulary() -> Vocabulary = procedure::vocabulary;
    /// the bytes of a staged file or mail attachment (for the viewer and the masking tool).
    fn get_staged_data(staged_id: String) -> AttachmentData = procedure::get_staged_data;
    /// 書類の種類 and dates of a staged file (`<mailId>-<n>` for a mail's attachment).
    fn set_staged_doc(staged_id: String, doc: DocInfo) -> StagedFile = procedure::set_staged_doc;
    /// burns black boxes into a staged image/PDF in memory; the original bytes are dropped.
    fn mask_staged(staged_id: String, mask: MaskRequest) -> StagedFile = procedure::mask_staged;
    /// refuses a staged document (not kept; a mail's copy is redacted); audited.
    fn refuse_staged(staged_id: String) -> () = procedure::refuse_staged;

    // ポリシー (policy profiles)
    /// every profile, the default first.
    fn list_policies() -> Vec<PolicySummary> = procedure::list_policies;
    /// a profile's latest version, its warnings and history.
    fn get_policy(id: i64) -> PolicyDetail = procedure::get_policy;
    /// a template for a new profile.
    fn new_policy_body() -> PolicyBody = procedure::new_policy_body;
    /// APPI 38条 warnings for a body being edited (no save).
    fn lint_policy(body: PolicyBody) -> Vec<PolicyWarning> = procedure::lint_policy;
    /// a new profile (id null) or a new version (管理者 only). With warnings and
    /// keepWarnings=false it fails with code `warnings` (fields = the warnings);
    /// keepWarnings=true saves and audits the choice.
    fn save_policy(id: Option<i64>, body: PolicyBody, keep_warnings: bool) -> PolicyDetail = procedure::save_policy;
    /// the profile new cases get.
    fn set_default_policy(id: i64) -> Vec<PolicySummary> = procedure::set_default_policy;
    /// native save dialog; false if cancelled.
    fn export_policy(id: i64) -> bool = procedure::export_policy;
    /// native open dialog; null if cancelled. Same warning rule as savePolicy.
    fn import_policy(keep_warnings: bool) -> Option<PolicyDetail> = procedure::import_policy;

    // 本人確認 (verification on the case page)
    /// the case's checklist from its policy version, documents, originals.
    fn get_verification(case_id: i64) -> Verification = procedure::get_verification;
    /// the officer's mark on one checklist item, with a note.
    fn mark_verification(case_id: i64, item: String, status: CheckStatus, note: String) -> Verification = procedure::mark_verification;
    /// 書類の種類 and dates of a kept attachment.
    fn set_attachment_doc(attachment_id: i64, doc: DocInfo) -> Verification = procedure::set_attachment_doc;
    /// replaces a kept attachment by its masked copy (the original file is deleted).
    fn mask_attachment(attachment_id: i64, mask: MaskRequest) -> Verification = procedure::mask_attachment;
    /// logs an original received by post (originalId null) or updates it (returned / kept).
    fn save_original(case_id: i64, original_id: Option<i64>, original: OriginalInput) -> Verification = procedure::save_original;

    // 調査・決定 (investigation and decisions)
    /// investigation notes, a decision per requested kind, whether approval is needed/given.
    fn get_decisions(case_id: i64) -> CaseDecisions = procedure::get_decisions;
    /// what was searched and what was found.
    fn add_investigation_note(case_id: i64, searched: String, found: String) -> CaseDecisions = procedure::add_investigation_note;
    /// the decision on one kind; short of full compliance it needs a legal ground and reasons
    /// (法第36条).
    fn record_decision(case_id: i64, decision: DecisionInput) -> CaseDecisions = procedure::record_decision;
    /// 管理者, not the decider: approve (→ 回答準備) or send back with a note (→ 調査中).
    fn review_decisions(case_id: i64, approve: bool, note: String) -> CaseDecisions = procedure::review_decisions;

    // 手数料・期限 (fees and the clock)
    /// expected fee from the policy, payments, refunds, balance (不足/過払い).
    fn get_fee_ledger(case_id: i64) -> FeeLedger = procedure::get_fee_ledger;
    /// a payment or refund; a shortfall stops the clock (手数料待ち), settling restarts it.
    fn record_payment(case_id: i64, payment: PaymentInput) -> FeeLedger = procedure::record_payment;
    /// 管理者: charge a fee APPI 38条 does not allow, knowingly (keep), or waive it.
    fn decide_fee_warning(case_id: i64, keep: bool) -> FeeLedger = procedure::decide_fee_warning;
    /// due date (moved by pauses), days left, pauses.
    fn get_clock(case_id: i64) -> Clock = procedure::get_clock;
    /// stops the clock from a date (one pause at a time).
    fn pause_clock(case_id: i64, reason: PauseReason, from: String, note: String) -> Clock = procedure::pause_clock;
    /// runs it again from the day the awaited item arrived.
    fn resume_clock(case_id: i64, to: String) -> Clock = procedure::resume_clock;

    // 文書 (letters)
    /// 差し込み項目, the markup help, 発送方法, template scopes.
    fn letter_vocabulary() -> LetterVocabulary = letters::letter_vocabulary;
    /// the eleven templates, their version and whether edited.
    fn list_letter_templates() -> Vec<TemplateSummary> = letters::list_letter_templates;
    /// one template: its text, the shipped text, the version history.
    fn get_letter_template(key: String) -> TemplateDetail = letters::get_letter_template;
    /// 管理者: saves a new version (unknown 差し込み項目 are refused at `text`).
    fn save_letter_template(key: String, body: TemplateBody) -> TemplateDetail = letters::save_letter_template;
    /// a draft drawn with 見本 data (caseId null) or a case's data; nothing saved.
    fn preview_letter_template(body: TemplateBody, case_id: Option<i64>) -> LetterPreview = letters::preview_letter_template;
    /// the letter a template makes for a case today; `missing` non-empty: it cannot be issued.
    fn preview_letter(case_id: i64, key: String) -> LetterPreview = letters::preview_letter;
    /// per template, what the case still lacks (empty: ready to issue).
    fn letter_readiness(case_id: i64) -> Vec<TemplateReadiness> = letters::letter_readiness;
    /// takes a 文書番号 and keeps the letter (goes to 印刷待ち); refused with the missing items.
    fn issue_letter(case_id: i64, key: String) -> Letter = letters::issue_letter;
    /// the letters issued for a case, with their mailings.
    fn case_letters(case_id: i64) -> Vec<Letter> = letters::case_letters;
    /// issued letters not yet printed or saved, oldest first.
    fn print_queue() -> Vec<Letter> = letters::print_queue;
    /// an issued letter drawn again (base64 PDF).
    fn get_letter_pdf(letter_id: i64) -> String = letters::get_letter_pdf;
    /// the OS printers (CUPS) and the default; `unavailable` says why none.
    fn list_printers() -> Printers = letters::list_printers;
    /// prints one issued letter at actual size; marks it printed.
    fn print_letter(letter_id: i64, printer: String) -> Letter = letters::print_letter;
    /// native save dialog; null if cancelled.
    fn save_letter_pdf(letter_id: i64) -> Option<Letter> = letters::save_letter_pdf;
    /// 発送: date, method, お問い合わせ番号, postage; may move the case (e.g. → 発送済).
    fn record_mailing(letter_id: i64, input: MailingInput) -> MailingOutcome = letters::record_mailing;
    /// 廃棄予定: what may be disposed of today (held ones with their reason) and what comes within
    /// 60 days.
    fn disposal_queue() -> DisposalQueue = retention::disposal_queue;
    /// a case's 保存期間: the rules, 廃棄可能日, 保全.
    fn case_retention(case_id: i64) -> RetentionInfo = retention::case_retention;
    /// 管理者 only; each must be due and not held. Returns the queue.
    fn approve_disposals(items: Vec<DisposalTarget>) -> DisposalQueue = retention::approve_disposals;
    /// 管理者 only. Returns the queue.
    fn withdraw_disposal_approval(item: DisposalTarget) -> DisposalQueue = retention::withdraw_disposal_approval;
    /// destroys every approved, due, unheld disposal; irreversible.
    fn perform_disposals() -> DisposalRun = retention::perform_disposals;
    /// 保全 with a reason (anyone); takes back approvals.
    fn set_legal_hold(case_id: i64, reason: String) -> RetentionInfo = retention::set_legal_hold;
    /// 管理者 only.
    fn release_legal_hold(case_id: i64) -> RetentionInfo = retention::release_legal_hold;
    /// 廃棄記録, newest first; year filters on the day performed.
    fn disposal_records(year: Option<i32>) -> Vec<DisposalRecord> = retention::disposal_records;
    /// シュレッダー済 for one paper item (YYYY-MM-DD, not in the future).
    fn mark_paper_shredded(item_id: i64, shredded_on: String) -> DisposalRecord = retention::mark_paper_shredded;
    /// 管理者 only; filtered audit log, newest first.
    fn search_audit(filter: AuditFilter) -> AuditPage = retention::search_audit;
    /// the action filter's choices (groups first).
    fn audit_actions() -> Vec<Choice> = retention::audit_actions;
    /// 管理者 only; save dialog; false if cancelled. The export is audited.
    fn export_audit_csv(filter: AuditFilter) -> bool = retention::export_audit_csv;
    /// 管理者 only; save dialog, then an encrypted backup written and read back; null if
    /// cancelled. Audited.
    fn create_backup() -> Option<BackupDone> = retention::create_backup;
    /// 報告: the figures of a year or a month (month null).
    fn get_report(period: Period) -> Report = reports::get_report;
    /// the printable report (base64 PDF), for the preview.
    fn report_pdf(period: Period) -> String = reports::report_pdf;
    /// prints the report on a CUPS printer.
    fn print_report(period: Period, printer: String) -> () = reports::print_report;
    /// save dialog; false if cancelled.
    fn save_report_pdf(period: Period) -> bool = reports::save_report_pdf;
    /// XLSX or CSV through the save dialog; personal data for a 管理者 only; audited; false if
    /// cancelled.
    fn export_report(period: Period, format: ExportFormat, personal: bool) -> bool = reports::export_report;
    /// 苦情・相談, newest first (openOnly: not yet 回答・報告).
    fn list_complaints(open_only: bool) -> Vec<ComplaintSummary> = reports::list_complaints;
    /// one 苦情・相談 with its four steps.
    fn get_complaint(case_id: i64) -> ComplaintDetail = reports::get_complaint;
    /// logs a 苦情・相談 (takes a 受付番号); refused per field.
    fn create_complaint(input: ComplaintInput) -> ComplaintDetail = reports::create_complaint;
    /// records or corrects one step (in order, dated, not in the future).
    fn record_complaint_step(case_id: i64, input: StepInput) -> ComplaintDetail = reports::record_complaint_step;
    /// folder dialog; writes the letter and annex (PDF, CSV) unencrypted; null if cancelled.
    fn save_disclosure_package(letter_id: i64) -> Option<Vec<String>> = letters::save_disclosure_package;
    /// 宛名の位置 adjustment in mm.
    fn get_letter_offsets() -> Offsets = letters::get_letter_offsets;
    /// 管理者; -30〜30 mm each.
    fn set_letter_offsets(offsets: Offsets) -> Offsets = letters::set_letter_offsets;
    /// 宛名位置の確認用紙 through the save dialog; false if cancelled.
    fn save_calibration_page() -> bool = letters::save_calibration_page;
    /// prints the 確認用紙.
    fn print_calibration_page(printer: String) -> () = letters::print_calibration_page;
}
