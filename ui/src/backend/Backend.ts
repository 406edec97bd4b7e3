import type {
  AppStatus,
  AttachmentData,
  AuditStatus,
  CaseDecisions,
  CaseInput,
  CasePage,
  CaseQuery,
  CaseRow,
  CaseStatus,
  CaseView,
  Channel,
  CheckStatus,
  Clock,
  DecisionInput,
  DocInfo,
  FeeLedger,
  FinishSetupRequest,
  MaskRequest,
  NewUserRequest,
  Organisation,
  OriginalInput,
  PauseReason,
  PaymentInput,
  PolicyBody,
  PolicyDetail,
  PolicySummary,
  PolicyWarning,
  QueueCount,
  RecoverRequest,
  ResetPasswordRequest,
  SessionInfo,
  SetUserActiveRequest,
  Settings,
  SetupRequest,
  SetupStarted,
  Staged,
  StagedFile,
  UnlockRequest,
  UserInfo,
  Verification,
  Vocabulary,
  Letter,
  LetterPreview,
  LetterVocabulary,
  MailingInput,
  MailingOutcome,
  Offsets,
  Printers,
  TemplateBody,
  TemplateDetail,
  TemplateReadiness,
  TemplateSummary,
  AuditFilter,
  BackupDone,
  Choice,
  AuditPage,
  DisposalQueue,
  DisposalRecord,
  DisposalRun,
  DisposalTarget,
  RetentionInfo,
  ComplaintDetail,
  ComplaintInput,
  ComplaintSummary,
  ExportFormat,
  Period,
  Report,
  StepInput,
} from "./types";

/**
 * Every command the Rust side exposes, one method each.
 *
 * Every method rejects with an `ApiError` (`{ code, message, fields }`); the
 * message is already Japanese and is what the person sees. Components only
 * talk to this interface (through `useBackend()`), so they can be tested
 * against `FakeBackend` without Tauri.
 *
 * Adding a command: add the Rust command, add a method here, add it to
 * `TauriBackend` (the compiler then insists) and to `FakeBackend`.
 */
export interface Backend {
  /** `app_status` — phase, session and credential-store health. */
  appStatus(): Promise<AppStatus>;

  /** `begin_setup` — validates; nothing is created yet. */
  beginSetup(request: SetupRequest): Promise<SetupStarted>;
  /** `save_recovery_sheet` — native save dialog + one-page PDF; false if cancelled. */
  saveRecoverySheet(): Promise<boolean>;
  /** `finish_setup` — checks the retyped groups, creates the store, signs the admin in. */
  finishSetup(request: FinishSetupRequest): Promise<SessionInfo>;
  /** `cancel_setup` — forgets the pending setup (and its recovery key). */
  cancelSetup(): Promise<void>;

  /** `unlock` — sign in with the OS credential store entry + password. */
  unlock(request: UnlockRequest): Promise<SessionInfo>;
  /** `recover` — open with the printed recovery key; sets that user's new password on this PC. */
  recover(request: RecoverRequest): Promise<SessionInfo>;
  /** `lock` — end the session. */
  lock(): Promise<void>;
  /** `open_demo` — open (or create) the demo store with synthetic data; locking ends it. */
  openDemo(): Promise<SessionInfo>;
  /** `touch` — activity ping for the backend's idle lock. */
  touch(): Promise<void>;

  getOrganisation(): Promise<Organisation>;
  updateOrganisation(organisation: Organisation): Promise<Organisation>;

  listUsers(): Promise<UserInfo[]>;
  addUser(request: NewUserRequest): Promise<UserInfo>;
  setUserActive(request: SetUserActiveRequest): Promise<UserInfo>;
  resetPassword(request: ResetPasswordRequest): Promise<void>;

  getSettings(): Promise<Settings>;
  updateSettings(settings: Settings): Promise<Settings>;
  /** `preview_receipt_no` — how a 受付番号 format writes the 1st and 123rd case of this year. */
  previewReceiptNo(format: string): Promise<string[]>;

  auditStatus(): Promise<AuditStatus>;

  // ---- 案件 (cases) -------------------------------------------------------

  /** `list_cases` — the register: filtered, sorted, one page. */
  listCases(query: CaseQuery): Promise<CasePage>;
  /** `queue_counts` — the home screen's work queues (期限超過, 今週が期限, 入金待ち, 書類待ち, 承認待ち). */
  queueCounts(): Promise<QueueCount[]>;
  /** `get_case` — everything about one case. The backend audits the view. */
  getCase(id: number): Promise<CaseView>;
  /** `new_case_input` — a blank intake form for a channel, received today. */
  newCaseInput(channel: Channel): Promise<CaseInput>;
  /** `check_duplicates` — open cases with the same email, 氏名 or フリガナ. */
  checkDuplicates(input: CaseInput, excludeId: number | null): Promise<CaseRow[]>;
  /** `create_case` — saves the form with the staged mail (and its attachments) and staged scans. */
  createCase(input: CaseInput, stagedMailId: string | null, stagedFileIds: string[]): Promise<CaseView>;
  /** `update_case` — saves an edited case. */
  updateCase(id: number, input: CaseInput): Promise<CaseView>;
  /** `set_case_status` — moves a case along its workflow; 取下げ and 誤登録 need a reason. */
  setCaseStatus(id: number, status: CaseStatus, reason: string): Promise<CaseView>;
  /** `pick_eml_files` — native multi-file dialog for .eml; an empty Staged if cancelled. */
  pickEmlFiles(): Promise<Staged>;
  /** `pick_scan_files` — native dialog for JPEG/PNG/PDF; an empty Staged if cancelled. */
  pickScanFiles(): Promise<Staged>;
  /** `discard_staged` — forgets staged mails/files (their bytes are dropped by the backend). */
  discardStaged(ids: string[]): Promise<void>;
  /** `add_case_files` — attaches staged scans to an existing case. */
  addCaseFiles(id: number, stagedFileIds: string[]): Promise<CaseView>;
  /** `get_attachment` — the decrypted bytes of one attachment (the view is audited). */
  getAttachment(attachmentId: number): Promise<AttachmentData>;

  // ---- 書類・マスク (documents and masking at intake) -----------------------

  /** `vocabulary` — every closed list of the policy and document forms, with the core's labels. */
  vocabulary(): Promise<Vocabulary>;
  /** `get_staged_data` — the bytes of a staged file or mail attachment (for the viewer and the masking tool). */
  getStagedData(stagedId: string): Promise<AttachmentData>;
  /** `set_staged_doc` — 書類の種類 and dates of a staged file (`<mailId>-<n>` for a mail's attachment). */
  setStagedDoc(stagedId: string, doc: DocInfo): Promise<StagedFile>;
  /** `mask_staged` — burns black boxes into a staged image/PDF in memory; the original bytes are dropped. */
  maskStaged(stagedId: string, mask: MaskRequest): Promise<StagedFile>;
  /** `refuse_staged` — refuses a staged document (not kept; a mail's copy is redacted); audited. */
  refuseStaged(stagedId: string): Promise<void>;

  // ---- ポリシー (policy profiles) --------------------------------------------

  /** `list_policies` — every profile, the default first. */
  listPolicies(): Promise<PolicySummary[]>;
  /** `get_policy` — a profile's latest version, its warnings and history. */
  getPolicy(id: number): Promise<PolicyDetail>;
  /** `new_policy_body` — a template for a new profile. */
  newPolicyBody(): Promise<PolicyBody>;
  /** `lint_policy` — APPI 38条 warnings for a body being edited (no save). */
  lintPolicy(body: PolicyBody): Promise<PolicyWarning[]>;
  /**
   * `save_policy` — a new profile (id null) or a new version (管理者 only).
   * With warnings and keepWarnings=false it fails with code `warnings`
   * (fields = the warnings); keepWarnings=true saves and audits the choice.
   */
  savePolicy(id: number | null, body: PolicyBody, keepWarnings: boolean): Promise<PolicyDetail>;
  /** `set_default_policy` — the profile new cases get. */
  setDefaultPolicy(id: number): Promise<PolicySummary[]>;
  /** `export_policy` — native save dialog; false if cancelled. */
  exportPolicy(id: number): Promise<boolean>;
  /** `import_policy` — native open dialog; null if cancelled. Same warning rule as savePolicy. */
  importPolicy(keepWarnings: boolean): Promise<PolicyDetail | null>;

  // ---- 本人確認 (verification on the case page) --------------------------------

  /** `get_verification` — the case's checklist from its policy version, documents, originals. */
  getVerification(caseId: number): Promise<Verification>;
  /** `mark_verification` — the officer's mark on one checklist item, with a note. */
  markVerification(caseId: number, item: string, status: CheckStatus, note: string): Promise<Verification>;
  /** `set_attachment_doc` — 書類の種類 and dates of a kept attachment. */
  setAttachmentDoc(attachmentId: number, doc: DocInfo): Promise<Verification>;
  /** `mask_attachment` — replaces a kept attachment by its masked copy (the original file is deleted). */
  maskAttachment(attachmentId: number, mask: MaskRequest): Promise<Verification>;
  /** `save_original` — logs an original received by post (originalId null) or updates it (returned / kept). */
  saveOriginal(caseId: number, originalId: number | null, original: OriginalInput): Promise<Verification>;

  // ---- 調査・決定 (investigation and decisions) ------------------------------

  /** `get_decisions` — investigation notes, a decision per requested kind, whether approval is needed/given. */
  getDecisions(caseId: number): Promise<CaseDecisions>;
  /** `add_investigation_note` — what was searched and what was found. */
  addInvestigationNote(caseId: number, searched: string, found: string): Promise<CaseDecisions>;
  /** `record_decision` — the decision on one kind; short of full compliance it needs a legal ground and reasons (法第36条). */
  recordDecision(caseId: number, decision: DecisionInput): Promise<CaseDecisions>;
  /** `review_decisions` — 管理者, not the decider: approve (→ 回答準備) or send back with a note (→ 調査中). */
  reviewDecisions(caseId: number, approve: boolean, note: string): Promise<CaseDecisions>;

  // ---- 手数料・期限 (fees and the clock) -------------------------------------

  /** `get_fee_ledger` — expected fee from the policy, payments, refunds, balance (不足/過払い). */
  getFeeLedger(caseId: number): Promise<FeeLedger>;
  /** `record_payment` — a payment or refund; a shortfall stops the clock (手数料待ち), settling restarts it. */
  recordPayment(caseId: number, payment: PaymentInput): Promise<FeeLedger>;
  /** `decide_fee_warning` — 管理者: charge a fee APPI 38条 does not allow, knowingly (keep), or waive it. */
  decideFeeWarning(caseId: number, keep: boolean): Promise<FeeLedger>;
  /** `get_clock` — due date (moved by pauses), days left, pauses. */
  getClock(caseId: number): Promise<Clock>;
  /** `pause_clock` — stops the clock from a date (one pause at a time). */
  pauseClock(caseId: number, reason: PauseReason, from: string, note: string): Promise<Clock>;
  /** `resume_clock` — runs it again from the day the awaited item arrived. */
  resumeClock(caseId: number, to: string): Promise<Clock>;

  // ---- 文書 (letters) -----------------------------------------------------------

  /** `letter_vocabulary` — 差し込み項目, the markup help, 発送方法, template scopes. */
  letterVocabulary(): Promise<LetterVocabulary>;
  /** `list_letter_templates` — the eleven templates, their version and whether edited. */
  listLetterTemplates(): Promise<TemplateSummary[]>;
  /** `get_letter_template` — one template: its text, the shipped text, the version history. */
  getLetterTemplate(key: string): Promise<TemplateDetail>;
  /** `save_letter_template` — 管理者: saves a new version (unknown 差し込み項目 are refused at `text`). */
  saveLetterTemplate(key: string, body: TemplateBody): Promise<TemplateDetail>;
  /** `preview_letter_template` — a draft drawn with 見本 data (caseId null) or a case's data; nothing saved. */
  previewLetterTemplate(body: TemplateBody, caseId: number | null): Promise<LetterPreview>;
  /** `preview_letter` — the letter a template makes for a case today; `missing` non-empty: it cannot be issued. */
  previewLetter(caseId: number, key: string): Promise<LetterPreview>;
  /** `letter_readiness` — per template, what the case still lacks (empty: ready to issue). */
  letterReadiness(caseId: number): Promise<TemplateReadiness[]>;
  /** `issue_letter` — takes a 文書番号 and keeps the letter (goes to 印刷待ち); refused with the missing items. */
  issueLetter(caseId: number, key: string): Promise<Letter>;
  /** `case_letters` — the letters issued for a case, with their mailings. */
  caseLetters(caseId: number): Promise<Letter[]>;
  /** `print_queue` — issued letters not yet printed or saved, oldest first. */
  printQueue(): Promise<Letter[]>;
  /** `get_letter_pdf` — an issued letter drawn again (base64 PDF). */
  getLetterPdf(letterId: number): Promise<string>;
  /** `list_printers` — the OS printers (CUPS) and the default; `unavailable` says why none. */
  listPrinters(): Promise<Printers>;
  /** `print_letter` — prints one issued letter at actual size; marks it printed. */
  printLetter(letterId: number, printer: string): Promise<Letter>;
  /** `save_letter_pdf` — native save dialog; null if cancelled. */
  saveLetterPdf(letterId: number): Promise<Letter | null>;
  /** `disposal_queue` — 廃棄予定: what may be disposed of today (held ones with their reason) and what comes within 60 days. */
  disposalQueue(): Promise<DisposalQueue>;
  /** `case_retention` — a case's 保存期間: the rules, 廃棄可能日, 保全. */
  caseRetention(caseId: number): Promise<RetentionInfo>;
  /** `approve_disposals` — 管理者 only; each must be due and not held. Returns the queue. */
  approveDisposals(items: DisposalTarget[]): Promise<DisposalQueue>;
  /** `withdraw_disposal_approval` — 管理者 only. Returns the queue. */
  withdrawDisposalApproval(item: DisposalTarget): Promise<DisposalQueue>;
  /** `perform_disposals` — destroys every approved, due, unheld disposal; irreversible. */
  performDisposals(): Promise<DisposalRun>;
  /** `set_legal_hold` — 保全 with a reason (anyone); takes back approvals. */
  setLegalHold(caseId: number, reason: string): Promise<RetentionInfo>;
  /** `release_legal_hold` — 管理者 only. */
  releaseLegalHold(caseId: number): Promise<RetentionInfo>;
  /** `disposal_records` — 廃棄記録, newest first; year filters on the day performed. */
  disposalRecords(year: number | null): Promise<DisposalRecord[]>;
  /** `mark_paper_shredded` — シュレッダー済 for one paper item (YYYY-MM-DD, not in the future). */
  markPaperShredded(itemId: number, shreddedOn: string): Promise<DisposalRecord>;
  /** `search_audit` — 管理者 only; filtered audit log, newest first. */
  searchAudit(filter: AuditFilter): Promise<AuditPage>;
  /** `audit_actions` — the action filter's choices (groups first). */
  auditActions(): Promise<Choice[]>;
  /** `export_audit_csv` — 管理者 only; save dialog; false if cancelled. The export is audited. */
  exportAuditCsv(filter: AuditFilter): Promise<boolean>;
  /** `create_backup` — 管理者 only; save dialog, then an encrypted backup written and read back; null if cancelled. Audited. */
  createBackup(): Promise<BackupDone | null>;
  /** `get_report` — 報告: the figures of a year or a month (month null). */
  getReport(period: Period): Promise<Report>;
  /** `report_pdf` — the printable report (base64 PDF), for the preview. */
  reportPdf(period: Period): Promise<string>;
  /** `print_report` — prints the report on a CUPS printer. */
  printReport(period: Period, printer: string): Promise<void>;
  /** `save_report_pdf` — save dialog; false if cancelled. */
  saveReportPdf(period: Period): Promise<boolean>;
  /** `export_report` — XLSX or CSV through the save dialog; personal data for a 管理者 only; audited; false if cancelled. */
  exportReport(period: Period, format: ExportFormat, personal: boolean): Promise<boolean>;
  /** `list_complaints` — 苦情・相談, newest first (openOnly: not yet 回答・報告). */
  listComplaints(openOnly: boolean): Promise<ComplaintSummary[]>;
  /** `get_complaint` — one 苦情・相談 with its four steps. */
  getComplaint(caseId: number): Promise<ComplaintDetail>;
  /** `create_complaint` — logs a 苦情・相談 (takes a 受付番号); refused per field. */
  createComplaint(input: ComplaintInput): Promise<ComplaintDetail>;
  /** `record_complaint_step` — records or corrects one step (in order, dated, not in the future). */
  recordComplaintStep(caseId: number, input: StepInput): Promise<ComplaintDetail>;
  /** `record_mailing` — 発送: date, method, お問い合わせ番号, postage; may move the case (e.g. → 発送済). */
  recordMailing(letterId: number, input: MailingInput): Promise<MailingOutcome>;
  /** `save_disclosure_package` — folder dialog; writes the letter and annex (PDF, CSV) unencrypted; null if cancelled. */
  saveDisclosurePackage(letterId: number): Promise<string[] | null>;
  /** `get_letter_offsets` — 宛名の位置 adjustment in mm. */
  getLetterOffsets(): Promise<Offsets>;
  /** `set_letter_offsets` — 管理者; -30〜30 mm each. */
  setLetterOffsets(offsets: Offsets): Promise<Offsets>;
  /** `save_calibration_page` — 宛名位置の確認用紙 through the save dialog; false if cancelled. */
  saveCalibrationPage(): Promise<boolean>;
  /** `print_calibration_page` — prints the 確認用紙. */
  printCalibrationPage(printer: string): Promise<void>;

  /**
   * The `madoguchi://staged` event: files dropped onto the window, read and
   * staged by the backend. Returns the function that stops listening.
   */
  onStaged(listener: (staged: Staged) => void): () => void;
}
