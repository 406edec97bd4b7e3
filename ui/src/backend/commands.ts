// Generated from src-tauri/app/src/api.rs (api_ts.rs); do not edit.
// UPDATE_BINDINGS=1 cargo test -p madoguchi --features custom-protocol,test-hooks --test ipc bindings

import type { AppStatus, AttachmentData, AuditFilter, AuditPage, AuditStatus, BackupDone, CaseDecisions, CaseInput, CasePage, CaseQuery, CaseRow, CaseStatus, CaseView, Channel, CheckStatus, Choice, Clock, ComplaintDetail, ComplaintInput, ComplaintSummary, DecisionInput, DisposalQueue, DisposalRecord, DisposalRun, DisposalTarget, DocInfo, ExportFormat, FeeLedger, FinishSetupRequest, Letter, LetterPreview, LetterVocabulary, MailingInput, MailingOutcome, MaskRequest, NewUserRequest, Offsets, Organisation, OriginalInput, PauseReason, PaymentInput, Period, PolicyBody, PolicyDetail, PolicySummary, PolicyWarning, Printers, QueueCount, RecoverRequest, Report, ResetPasswordRequest, RetentionInfo, SessionInfo, SetUserActiveRequest, Settings, SetupRequest, SetupStarted, Staged, StagedFile, StepInput, TemplateBody, TemplateDetail, TemplateReadiness, TemplateSummary, UnlockRequest, UserInfo, Verification, Vocabulary, ErrorCode as ErrorCodeUnion } from "./types";

/** Sends one command: Tauri's `invoke`, or a test's stand-in for it. */
export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/**
 * Every command of the app, one method each, in the order of api.rs. Every
 * method rejects with an `ApiError` (`{ code, message, fields }`) whose
 * message is the Japanese sentence the person sees.
 */
export interface Commands {
  /** phase, session and credential-store health. */
  appStatus(): Promise<AppStatus>;
  /** validates; nothing is created yet. */
  beginSetup(request: SetupRequest): Promise<SetupStarted>;
  /** native save dialog + one-page PDF; false if cancelled. */
  saveRecoverySheet(): Promise<boolean>;
  /** checks the retyped groups, creates the store, signs the admin in. */
  finishSetup(request: FinishSetupRequest): Promise<SessionInfo>;
  /** forgets the pending setup (and its recovery key). */
  cancelSetup(): Promise<void>;
  /** sign in with the OS credential store entry + password. */
  unlock(request: UnlockRequest): Promise<SessionInfo>;
  /** open with the printed recovery key; sets that user's new password on this PC. */
  recover(request: RecoverRequest): Promise<SessionInfo>;
  /** end the session. */
  lock(): Promise<void>;
  /** activity ping for the backend's idle lock. */
  touch(): Promise<void>;
  getOrganisation(): Promise<Organisation>;
  updateOrganisation(organisation: Organisation): Promise<Organisation>;
  listUsers(): Promise<Array<UserInfo>>;
  addUser(request: NewUserRequest): Promise<UserInfo>;
  setUserActive(request: SetUserActiveRequest): Promise<UserInfo>;
  resetPassword(request: ResetPasswordRequest): Promise<void>;
  getSettings(): Promise<Settings>;
  updateSettings(settings: Settings): Promise<Settings>;
  /** how a 受付番号 format writes the 1st and 123rd case of this year. */
  previewReceiptNo(format: string): Promise<Array<string>>;
  auditStatus(): Promise<AuditStatus>;
  /** the register: filtered, sorted, one page. */
  listCases(query: CaseQuery): Promise<CasePage>;
  /** everything about one case. The backend audits the view. */
  getCase(id: number): Promise<CaseView>;
  /** the home screen's work queues (期限超過, 今週が期限, 入金待ち, 書類待ち, 承認待ち). */
  queueCounts(): Promise<Array<QueueCount>>;
  /** a blank intake form for a channel, received today. */
  newCaseInput(channel: Channel): Promise<CaseInput>;
  /** open cases with the same email, 氏名 or フリガナ. */
  checkDuplicates(input: CaseInput, excludeId: number | null): Promise<Array<CaseRow>>;
  /** saves the form with the staged mail (and its attachments) and staged scans. */
  createCase(input: CaseInput, stagedMailId: string | null, stagedFileIds: Array<string>): Promise<CaseView>;
  /** saves an edited case. */
  updateCase(id: number, input: CaseInput): Promise<CaseView>;
  /** moves a case along its workflow; 取下げ and 誤登録 need a reason. */
  setCaseStatus(id: number, status: CaseStatus, reason: string): Promise<CaseView>;
  /** native multi-file dialog for .eml; an empty Staged if cancelled. */
  pickEmlFiles(): Promise<Staged>;
  /** native dialog for JPEG/PNG/PDF; an empty Staged if cancelled. */
  pickScanFiles(): Promise<Staged>;
  /** forgets staged mails/files (their bytes are dropped by the backend). */
  discardStaged(ids: Array<string>): Promise<void>;
  /** attaches staged scans to an existing case. */
  addCaseFiles(id: number, stagedFileIds: Array<string>): Promise<CaseView>;
  /** the decrypted bytes of one attachment (the view is audited). */
  getAttachment(attachmentId: number): Promise<AttachmentData>;
  /** open (or create) the demo store with synthetic data; locking ends it. */
  openDemo(): Promise<SessionInfo>;
  /** every closed list of the policy and document forms, with the core's labels. */
  vocabulary(): Promise<Vocabulary>;
  /** the bytes of a staged file or mail attachment (for the viewer and the masking tool). */
  getStagedData(stagedId: string): Promise<AttachmentData>;
  /** 書類の種類 and dates of a staged file (`<mailId>-<n>` for a mail's attachment). */
  setStagedDoc(stagedId: string, doc: DocInfo): Promise<StagedFile>;
  /** burns black boxes into a staged image/PDF in memory; the original bytes are dropped. */
  maskStaged(stagedId: string, mask: MaskRequest): Promise<StagedFile>;
  /** refuses a staged document (not kept; a mail's copy is redacted); audited. */
  refuseStaged(stagedId: string): Promise<void>;
  /** every profile, the default first. */
  listPolicies(): Promise<Array<PolicySummary>>;
  /** a profile's latest version, its warnings and history. */
  getPolicy(id: number): Promise<PolicyDetail>;
  /** a template for a new profile. */
  newPolicyBody(): Promise<PolicyBody>;
  /** APPI 38条 warnings for a body being edited (no save). */
  lintPolicy(body: PolicyBody): Promise<Array<PolicyWarning>>;
  /**
   * a new profile (id null) or a new version (管理者 only). With warnings and
   * keepWarnings=false it fails with code `warnings` (fields = the warnings);
   * keepWarnings=true saves and audits the choice.
   */
  savePolicy(id: number | null, body: PolicyBody, keepWarnings: boolean): Promise<PolicyDetail>;
  /** the profile new cases get. */
  setDefaultPolicy(id: number): Promise<Array<PolicySummary>>;
  /** native save dialog; false if cancelled. */
  exportPolicy(id: number): Promise<boolean>;
  /** native open dialog; null if cancelled. Same warning rule as savePolicy. */
  importPolicy(keepWarnings: boolean): Promise<PolicyDetail | null>;
  /** the case's checklist from its policy version, documents, originals. */
  getVerification(caseId: number): Promise<Verification>;
  /** the officer's mark on one checklist item, with a note. */
  markVerification(caseId: number, item: string, status: CheckStatus, note: string): Promise<Verification>;
  /** 書類の種類 and dates of a kept attachment. */
  setAttachmentDoc(attachmentId: number, doc: DocInfo): Promise<Verification>;
  /** replaces a kept attachment by its masked copy (the original file is deleted). */
  maskAttachment(attachmentId: number, mask: MaskRequest): Promise<Verification>;
  /** logs an original received by post (originalId null) or updates it (returned / kept). */
  saveOriginal(caseId: number, originalId: number | null, original: OriginalInput): Promise<Verification>;
  /** investigation notes, a decision per requested kind, whether approval is needed/given. */
  getDecisions(caseId: number): Promise<CaseDecisions>;
  /** what was searched and what was found. */
  addInvestigationNote(caseId: number, searched: string, found: string): Promise<CaseDecisions>;
  /**
   * the decision on one kind; short of full compliance it needs a legal ground and reasons
   * (法第36条).
   */
  recordDecision(caseId: number, decision: DecisionInput): Promise<CaseDecisions>;
  /** 管理者, not the decider: approve (→ 回答準備) or send back with a note (→ 調査中). */
  reviewDecisions(caseId: number, approve: boolean, note: string): Promise<CaseDecisions>;
  /** expected fee from the policy, payments, refunds, balance (不足/過払い). */
  getFeeLedger(caseId: number): Promise<FeeLedger>;
  /** a payment or refund; a shortfall stops the clock (手数料待ち), settling restarts it. */
  recordPayment(caseId: number, payment: PaymentInput): Promise<FeeLedger>;
  /** 管理者: charge a fee APPI 38条 does not allow, knowingly (keep), or waive it. */
  decideFeeWarning(caseId: number, keep: boolean): Promise<FeeLedger>;
  /** due date (moved by pauses), days left, pauses. */
  getClock(caseId: number): Promise<Clock>;
  /** stops the clock from a date (one pause at a time). */
  pauseClock(caseId: number, reason: PauseReason, from: string, note: string): Promise<Clock>;
  /** runs it again from the day the awaited item arrived. */
  resumeClock(caseId: number, to: string): Promise<Clock>;
  /** 差し込み項目, the markup help, 発送方法, template scopes. */
  letterVocabulary(): Promise<LetterVocabulary>;
  /** the eleven templates, their version and whether edited. */
  listLetterTemplates(): Promise<Array<TemplateSummary>>;
  /** one template: its text, the shipped text, the version history. */
  getLetterTemplate(key: string): Promise<TemplateDetail>;
  /** 管理者: saves a new version (unknown 差し込み項目 are refused at `text`). */
  saveLetterTemplate(key: string, body: TemplateBody): Promise<TemplateDetail>;
  /** a draft drawn with 見本 data (caseId null) or a case's data; nothing saved. */
  previewLetterTemplate(body: TemplateBody, caseId: number | null): Promise<LetterPreview>;
  /** the letter a template makes for a case today; `missing` non-empty: it cannot be issued. */
  previewLetter(caseId: number, key: string): Promise<LetterPreview>;
  /** per template, what the case still lacks (empty: ready to issue). */
  letterReadiness(caseId: number): Promise<Array<TemplateReadiness>>;
  /** takes a 文書番号 and keeps the letter (goes to 印刷待ち); refused with the missing items. */
  issueLetter(caseId: number, key: string): Promise<Letter>;
  /** the letters issued for a case, with their mailings. */
  caseLetters(caseId: number): Promise<Array<Letter>>;
  /** issued letters not yet printed or saved, oldest first. */
  printQueue(): Promise<Array<Letter>>;
  /** an issued letter drawn again (base64 PDF). */
  getLetterPdf(letterId: number): Promise<string>;
  /** the OS printers (CUPS) and the default; `unavailable` says why none. */
  listPrinters(): Promise<Printers>;
  /** prints one issued letter at actual size; marks it printed. */
  printLetter(letterId: number, printer: string): Promise<Letter>;
  /** native save dialog; null if cancelled. */
  saveLetterPdf(letterId: number): Promise<Letter | null>;
  /** 発送: date, method, お問い合わせ番号, postage; may move the case (e.g. → 発送済). */
  recordMailing(letterId: number, input: MailingInput): Promise<MailingOutcome>;
  /**
   * 廃棄予定: what may be disposed of today (held ones with their reason) and what comes within
   * 60 days.
   */
  disposalQueue(): Promise<DisposalQueue>;
  /** a case's 保存期間: the rules, 廃棄可能日, 保全. */
  caseRetention(caseId: number): Promise<RetentionInfo>;
  /** 管理者 only; each must be due and not held. Returns the queue. */
  approveDisposals(items: Array<DisposalTarget>): Promise<DisposalQueue>;
  /** 管理者 only. Returns the queue. */
  withdrawDisposalApproval(item: DisposalTarget): Promise<DisposalQueue>;
  /** destroys every approved, due, unheld disposal; irreversible. */
  performDisposals(): Promise<DisposalRun>;
  /** 保全 with a reason (anyone); takes back approvals. */
  setLegalHold(caseId: number, reason: string): Promise<RetentionInfo>;
  /** 管理者 only. */
  releaseLegalHold(caseId: number): Promise<RetentionInfo>;
  /** 廃棄記録, newest first; year filters on the day performed. */
  disposalRecords(year: number | null): Promise<Array<DisposalRecord>>;
  /** シュレッダー済 for one paper item (YYYY-MM-DD, not in the future). */
  markPaperShredded(itemId: number, shreddedOn: string): Promise<DisposalRecord>;
  /** 管理者 only; filtered audit log, newest first. */
  searchAudit(filter: AuditFilter): Promise<AuditPage>;
  /** the action filter's choices (groups first). */
  auditActions(): Promise<Array<Choice>>;
  /** 管理者 only; save dialog; false if cancelled. The export is audited. */
  exportAuditCsv(filter: AuditFilter): Promise<boolean>;
  /**
   * 管理者 only; save dialog, then an encrypted backup written and read back; null if
   * cancelled. Audited.
   */
  createBackup(): Promise<BackupDone | null>;
  /** 報告: the figures of a year or a month (month null). */
  getReport(period: Period): Promise<Report>;
  /** the printable report (base64 PDF), for the preview. */
  reportPdf(period: Period): Promise<string>;
  /** prints the report on a CUPS printer. */
  printReport(period: Period, printer: string): Promise<void>;
  /** save dialog; false if cancelled. */
  saveReportPdf(period: Period): Promise<boolean>;
  /**
   * XLSX or CSV through the save dialog; personal data for a 管理者 only; audited; false if
   * cancelled.
   */
  exportReport(period: Period, format: ExportFormat, personal: boolean): Promise<boolean>;
  /** 苦情・相談, newest first (openOnly: not yet 回答・報告). */
  listComplaints(openOnly: boolean): Promise<Array<ComplaintSummary>>;
  /** one 苦情・相談 with its four steps. */
  getComplaint(caseId: number): Promise<ComplaintDetail>;
  /** logs a 苦情・相談 (takes a 受付番号); refused per field. */
  createComplaint(input: ComplaintInput): Promise<ComplaintDetail>;
  /** records or corrects one step (in order, dated, not in the future). */
  recordComplaintStep(caseId: number, input: StepInput): Promise<ComplaintDetail>;
  /** folder dialog; writes the letter and annex (PDF, CSV) unencrypted; null if cancelled. */
  saveDisclosurePackage(letterId: number): Promise<Array<string> | null>;
  /** 宛名の位置 adjustment in mm. */
  getLetterOffsets(): Promise<Offsets>;
  /** 管理者; -30〜30 mm each. */
  setLetterOffsets(offsets: Offsets): Promise<Offsets>;
  /** 宛名位置の確認用紙 through the save dialog; false if cancelled. */
  saveCalibrationPage(): Promise<boolean>;
  /** prints the 確認用紙. */
  printCalibrationPage(printer: string): Promise<void>;
}

/** The commands sent through `invoke`; argument keys are camelCase, as Tauri expects. */
export function commands(invoke: Invoke): Commands {
  return {
    appStatus: () => invoke("app_status"),
    beginSetup: (request) => invoke("begin_setup", { request }),
    saveRecoverySheet: () => invoke("save_recovery_sheet"),
    finishSetup: (request) => invoke("finish_setup", { request }),
    cancelSetup: () => invoke("cancel_setup"),
    unlock: (request) => invoke("unlock", { request }),
    recover: (request) => invoke("recover", { request }),
    lock: () => invoke("lock"),
    touch: () => invoke("touch"),
    getOrganisation: () => invoke("get_organisation"),
    updateOrganisation: (organisation) => invoke("update_organisation", { organisation }),
    listUsers: () => invoke("list_users"),
    addUser: (request) => invoke("add_user", { request }),
    setUserActive: (request) => invoke("set_user_active", { request }),
    resetPassword: (request) => invoke("reset_password", { request }),
    getSettings: () => invoke("get_settings"),
    updateSettings: (settings) => invoke("update_settings", { settings }),
    previewReceiptNo: (format) => invoke("preview_receipt_no", { format }),
    auditStatus: () => invoke("audit_status"),
    listCases: (query) => invoke("list_cases", { query }),
    getCase: (id) => invoke("get_case", { id }),
    queueCounts: () => invoke("queue_counts"),
    newCaseInput: (channel) => invoke("new_case_input", { channel }),
    checkDuplicates: (input, excludeId) => invoke("check_duplicates", { input, excludeId }),
    createCase: (input, stagedMailId, stagedFileIds) => invoke("create_case", { input, stagedMailId, stagedFileIds }),
    updateCase: (id, input) => invoke("update_case", { id, input }),
    setCaseStatus: (id, status, reason) => invoke("set_case_status", { id, status, reason }),
    pickEmlFiles: () => invoke("pick_eml_files"),
    pickScanFiles: () => invoke("pick_scan_files"),
    discardStaged: (ids) => invoke("discard_staged", { ids }),
    addCaseFiles: (id, stagedFileIds) => invoke("add_case_files", { id, stagedFileIds }),
    getAttachment: (attachmentId) => invoke("get_attachment", { attachmentId }),
    openDemo: () => invoke("open_demo"),
    vocabulary: () => invoke("vocabulary"),
    getStagedData: (stagedId) => invoke("get_staged_data", { stagedId }),
    setStagedDoc: (stagedId, doc) => invoke("set_staged_doc", { stagedId, doc }),
    maskStaged: (stagedId, mask) => invoke("mask_staged", { stagedId, mask }),
    refuseStaged: (stagedId) => invoke("refuse_staged", { stagedId }),
    listPolicies: () => invoke("list_policies"),
    getPolicy: (id) => invoke("get_policy", { id }),
    newPolicyBody: () => invoke("new_policy_body"),
    lintPolicy: (body) => invoke("lint_policy", { body }),
    savePolicy: (id, body, keepWarnings) => invoke("save_policy", { id, body, keepWarnings }),
    setDefaultPolicy: (id) => invoke("set_default_policy", { id }),
    exportPolicy: (id) => invoke("export_policy", { id }),
    importPolicy: (keepWarnings) => invoke("import_policy", { keepWarnings }),
    getVerification: (caseId) => invoke("get_verification", { caseId }),
    markVerification: (caseId, item, status, note) => invoke("mark_verification", { caseId, item, status, note }),
    setAttachmentDoc: (attachmentId, doc) => invoke("set_attachment_doc", { attachmentId, doc }),
    maskAttachment: (attachmentId, mask) => invoke("mask_attachment", { attachmentId, mask }),
    saveOriginal: (caseId, originalId, original) => invoke("save_original", { caseId, originalId, original }),
    getDecisions: (caseId) => invoke("get_decisions", { caseId }),
    addInvestigationNote: (caseId, searched, found) => invoke("add_investigation_note", { caseId, searched, found }),
    recordDecision: (caseId, decision) => invoke("record_decision", { caseId, decision }),
    reviewDecisions: (caseId, approve, note) => invoke("review_decisions", { caseId, approve, note }),
    getFeeLedger: (caseId) => invoke("get_fee_ledger", { caseId }),
    recordPayment: (caseId, payment) => invoke("record_payment", { caseId, payment }),
    decideFeeWarning: (caseId, keep) => invoke("decide_fee_warning", { caseId, keep }),
    getClock: (caseId) => invoke("get_clock", { caseId }),
    pauseClock: (caseId, reason, from, note) => invoke("pause_clock", { caseId, reason, from, note }),
    resumeClock: (caseId, to) => invoke("resume_clock", { caseId, to }),
    letterVocabulary: () => invoke("letter_vocabulary"),
    listLetterTemplates: () => invoke("list_letter_templates"),
    getLetterTemplate: (key) => invoke("get_letter_template", { key }),
    saveLetterTemplate: (key, body) => invoke("save_letter_template", { key, body }),
    previewLetterTemplate: (body, caseId) => invoke("preview_letter_template", { body, caseId }),
    previewLetter: (caseId, key) => invoke("preview_letter", { caseId, key }),
    letterReadiness: (caseId) => invoke("letter_readiness", { caseId }),
    issueLetter: (caseId, key) => invoke("issue_letter", { caseId, key }),
    caseLetters: (caseId) => invoke("case_letters", { caseId }),
    printQueue: () => invoke("print_queue"),
    getLetterPdf: (letterId) => invoke("get_letter_pdf", { letterId }),
    listPrinters: () => invoke("list_printers"),
    printLetter: (letterId, printer) => invoke("print_letter", { letterId, printer }),
    saveLetterPdf: (letterId) => invoke("save_letter_pdf", { letterId }),
    recordMailing: (letterId, input) => invoke("record_mailing", { letterId, input }),
    disposalQueue: () => invoke("disposal_queue"),
    caseRetention: (caseId) => invoke("case_retention", { caseId }),
    approveDisposals: (items) => invoke("approve_disposals", { items }),
    withdrawDisposalApproval: (item) => invoke("withdraw_disposal_approval", { item }),
    performDisposals: () => invoke("perform_disposals"),
    setLegalHold: (caseId, reason) => invoke("set_legal_hold", { caseId, reason }),
    releaseLegalHold: (caseId) => invoke("release_legal_hold", { caseId }),
    disposalRecords: (year) => invoke("disposal_records", { year }),
    markPaperShredded: (itemId, shreddedOn) => invoke("mark_paper_shredded", { itemId, shreddedOn }),
    searchAudit: (filter) => invoke("search_audit", { filter }),
    auditActions: () => invoke("audit_actions"),
    exportAuditCsv: (filter) => invoke("export_audit_csv", { filter }),
    createBackup: () => invoke("create_backup"),
    getReport: (period) => invoke("get_report", { period }),
    reportPdf: (period) => invoke("report_pdf", { period }),
    printReport: (period, printer) => invoke("print_report", { period, printer }),
    saveReportPdf: (period) => invoke("save_report_pdf", { period }),
    exportReport: (period, format, personal) => invoke("export_report", { period, format, personal }),
    listComplaints: (openOnly) => invoke("list_complaints", { openOnly }),
    getComplaint: (caseId) => invoke("get_complaint", { caseId }),
    createComplaint: (input) => invoke("create_complaint", { input }),
    recordComplaintStep: (caseId, input) => invoke("record_complaint_step", { caseId, input }),
    saveDisclosurePackage: (letterId) => invoke("save_disclosure_package", { letterId }),
    getLetterOffsets: () => invoke("get_letter_offsets"),
    setLetterOffsets: (offsets) => invoke("set_letter_offsets", { offsets }),
    saveCalibrationPage: () => invoke("save_calibration_page"),
    printCalibrationPage: (printer) => invoke("print_calibration_page", { printer }),
  };
}

/** Every error code by name (`ErrorCode.Locked`): compare codes with these, never with a string. */
export const ErrorCode = {
  NotInitialised: "not_initialised",
  AlreadyInitialised: "already_initialised",
  StoreTooNew: "store_too_new",
  TooManyAttempts: "too_many_attempts",
  UserDisabled: "user_disabled",
  WrongPassword: "wrong_password",
  WrongRecoveryKey: "wrong_recovery_key",
  MalformedRecoveryKey: "malformed_recovery_key",
  KeyslotsCorrupt: "keyslots_corrupt",
  CredentialMissing: "credential_missing",
  CredentialUnavailable: "credential_unavailable",
  CredentialChanged: "credential_changed",
  CredentialNotPersistent: "credential_not_persistent",
  PermissionDenied: "permission_denied",
  NamedAdminNeeded: "named_admin_needed",
  LastAdmin: "last_admin",
  DuplicateUser: "duplicate_user",
  AuditBroken: "audit_broken",
  IntegrityFailed: "integrity_failed",
  DatabaseError: "database_error",
  InvalidInput: "invalid_input",
  Warnings: "warnings",
  NotFound: "not_found",
  DiskFull: "disk_full",
  ReadOnly: "read_only",
  IoError: "io_error",
  FileTooLarge: "file_too_large",
  FileCorrupt: "file_corrupt",
  NotAMail: "not_a_mail",
  MailTooLarge: "mail_too_large",
  PdfFailed: "pdf_failed",
  RecoverySheetFailed: "recovery_sheet_failed",
  NotABackup: "not_a_backup",
  BackupDamaged: "backup_damaged",
  BackupTampered: "backup_tampered",
  BackupTooNew: "backup_too_new",
  TargetNotEmpty: "target_not_empty",
  Locked: "locked",
  NoSession: "no_session",
  SetupNotStarted: "setup_not_started",
  StagedMissing: "staged_missing",
  DialogFailed: "dialog_failed",
  PrintFailed: "print_failed",
  PrintUnsupported: "print_unsupported",
  BadRequest: "bad_request",
  Unexpected: "unexpected",
  PdfRender: "pdf_render",
} as const satisfies Record<string, ErrorCodeUnion>;
/** One error code: what `ApiError.code` holds. */
export type ErrorCode = ErrorCodeUnion;
