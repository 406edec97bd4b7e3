import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Backend } from "./Backend";
import { toApiError } from "./errors";
import type {
  ComplaintDetail,
  ComplaintInput,
  ComplaintSummary,
  ExportFormat,
  Period,
  Report,
  StepInput,
  AuditFilter,
  BackupDone,
  AuditPage,
  Choice,
  DisposalQueue,
  DisposalRecord,
  DisposalRun,
  DisposalTarget,
  RetentionInfo,
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
} from "./types";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    // Never log: errors may echo what the person typed.
    throw toApiError(e);
  }
}

/** Emitted by the backend when files were dropped onto the window (payload: Staged). */
export const STAGED_EVENT = "madoguchi://staged";

/** The real backend: Tauri commands over IPC. Command and argument names are the contract. */
export class TauriBackend implements Backend {
  appStatus(): Promise<AppStatus> {
    return call("app_status");
  }
  beginSetup(request: SetupRequest): Promise<SetupStarted> {
    return call("begin_setup", { request });
  }
  saveRecoverySheet(): Promise<boolean> {
    return call("save_recovery_sheet");
  }
  finishSetup(request: FinishSetupRequest): Promise<SessionInfo> {
    return call("finish_setup", { request });
  }
  async cancelSetup(): Promise<void> {
    await call<null>("cancel_setup");
  }
  openDemo(): Promise<SessionInfo> {
    return call("open_demo");
  }

  unlock(request: UnlockRequest): Promise<SessionInfo> {
    return call("unlock", { request });
  }
  recover(request: RecoverRequest): Promise<SessionInfo> {
    return call("recover", { request });
  }
  async lock(): Promise<void> {
    await call<null>("lock");
  }
  async touch(): Promise<void> {
    await call<null>("touch");
  }
  getOrganisation(): Promise<Organisation> {
    return call("get_organisation");
  }
  updateOrganisation(organisation: Organisation): Promise<Organisation> {
    return call("update_organisation", { organisation });
  }
  listUsers(): Promise<UserInfo[]> {
    return call("list_users");
  }
  addUser(request: NewUserRequest): Promise<UserInfo> {
    return call("add_user", { request });
  }
  setUserActive(request: SetUserActiveRequest): Promise<UserInfo> {
    return call("set_user_active", { request });
  }
  async resetPassword(request: ResetPasswordRequest): Promise<void> {
    await call<null>("reset_password", { request });
  }
  getSettings(): Promise<Settings> {
    return call("get_settings");
  }
  updateSettings(settings: Settings): Promise<Settings> {
    return call("update_settings", { settings });
  }
  previewReceiptNo(format: string): Promise<string[]> {
    return call("preview_receipt_no", { format });
  }
  auditStatus(): Promise<AuditStatus> {
    return call("audit_status");
  }
  queueCounts(): Promise<QueueCount[]> {
    return call("queue_counts");
  }
  listCases(query: CaseQuery): Promise<CasePage> {
    return call("list_cases", { query });
  }
  getCase(id: number): Promise<CaseView> {
    return call("get_case", { id });
  }
  newCaseInput(channel: Channel): Promise<CaseInput> {
    return call("new_case_input", { channel });
  }
  checkDuplicates(input: CaseInput, excludeId: number | null): Promise<CaseRow[]> {
    return call("check_duplicates", { input, excludeId });
  }
  createCase(input: CaseInput, stagedMailId: string | null, stagedFileIds: string[]): Promise<CaseView> {
    return call("create_case", { input, stagedMailId, stagedFileIds });
  }
  updateCase(id: number, input: CaseInput): Promise<CaseView> {
    return call("update_case", { id, input });
  }
  setCaseStatus(id: number, status: CaseStatus, reason: string): Promise<CaseView> {
    return call("set_case_status", { id, status, reason });
  }
  pickEmlFiles(): Promise<Staged> {
    return call("pick_eml_files");
  }
  pickScanFiles(): Promise<Staged> {
    return call("pick_scan_files");
  }
  async discardStaged(ids: string[]): Promise<void> {
    await call<null>("discard_staged", { ids });
  }
  addCaseFiles(id: number, stagedFileIds: string[]): Promise<CaseView> {
    return call("add_case_files", { id, stagedFileIds });
  }
  getAttachment(attachmentId: number): Promise<AttachmentData> {
    return call("get_attachment", { attachmentId });
  }
  vocabulary(): Promise<Vocabulary> {
    return call("vocabulary");
  }
  getStagedData(stagedId: string): Promise<AttachmentData> {
    return call("get_staged_data", { stagedId });
  }
  setStagedDoc(stagedId: string, doc: DocInfo): Promise<StagedFile> {
    return call("set_staged_doc", { stagedId, doc });
  }
  maskStaged(stagedId: string, mask: MaskRequest): Promise<StagedFile> {
    return call("mask_staged", { stagedId, mask });
  }
  refuseStaged(stagedId: string): Promise<void> {
    return call("refuse_staged", { stagedId });
  }
  listPolicies(): Promise<PolicySummary[]> {
    return call("list_policies");
  }
  getPolicy(id: number): Promise<PolicyDetail> {
    return call("get_policy", { id });
  }
  newPolicyBody(): Promise<PolicyBody> {
    return call("new_policy_body");
  }
  lintPolicy(body: PolicyBody): Promise<PolicyWarning[]> {
    return call("lint_policy", { body });
  }
  savePolicy(id: number | null, body: PolicyBody, keepWarnings: boolean): Promise<PolicyDetail> {
    return call("save_policy", { id, body, keepWarnings });
  }
  setDefaultPolicy(id: number): Promise<PolicySummary[]> {
    return call("set_default_policy", { id });
  }
  exportPolicy(id: number): Promise<boolean> {
    return call("export_policy", { id });
  }
  importPolicy(keepWarnings: boolean): Promise<PolicyDetail | null> {
    return call("import_policy", { keepWarnings });
  }
  getVerification(caseId: number): Promise<Verification> {
    return call("get_verification", { caseId });
  }
  markVerification(caseId: number, item: string, status: CheckStatus, note: string): Promise<Verification> {
    return call("mark_verification", { caseId, item, status, note });
  }
  setAttachmentDoc(attachmentId: number, doc: DocInfo): Promise<Verification> {
    return call("set_attachment_doc", { attachmentId, doc });
  }
  maskAttachment(attachmentId: number, mask: MaskRequest): Promise<Verification> {
    return call("mask_attachment", { attachmentId, mask });
  }
  saveOriginal(caseId: number, originalId: number | null, original: OriginalInput): Promise<Verification> {
    return call("save_original", { caseId, originalId, original });
  }
  getDecisions(caseId: number): Promise<CaseDecisions> {
    return call("get_decisions", { caseId });
  }
  addInvestigationNote(caseId: number, searched: string, found: string): Promise<CaseDecisions> {
    return call("add_investigation_note", { caseId, searched, found });
  }
  recordDecision(caseId: number, decision: DecisionInput): Promise<CaseDecisions> {
    return call("record_decision", { caseId, decision });
  }
  reviewDecisions(caseId: number, approve: boolean, note: string): Promise<CaseDecisions> {
    return call("review_decisions", { caseId, approve, note });
  }
  getFeeLedger(caseId: number): Promise<FeeLedger> {
    return call("get_fee_ledger", { caseId });
  }
  recordPayment(caseId: number, payment: PaymentInput): Promise<FeeLedger> {
    return call("record_payment", { caseId, payment });
  }
  decideFeeWarning(caseId: number, keep: boolean): Promise<FeeLedger> {
    return call("decide_fee_warning", { caseId, keep });
  }
  getClock(caseId: number): Promise<Clock> {
    return call("get_clock", { caseId });
  }
  pauseClock(caseId: number, reason: PauseReason, from: string, note: string): Promise<Clock> {
    return call("pause_clock", { caseId, reason, from, note });
  }
  resumeClock(caseId: number, to: string): Promise<Clock> {
    return call("resume_clock", { caseId, to });
  }
  letterVocabulary(): Promise<LetterVocabulary> {
    return call("letter_vocabulary");
  }
  listLetterTemplates(): Promise<TemplateSummary[]> {
    return call("list_letter_templates");
  }
  getLetterTemplate(key: string): Promise<TemplateDetail> {
    return call("get_letter_template", { key });
  }
  saveLetterTemplate(key: string, body: TemplateBody): Promise<TemplateDetail> {
    return call("save_letter_template", { key, body });
  }
  previewLetterTemplate(body: TemplateBody, caseId: number | null): Promise<LetterPreview> {
    return call("preview_letter_template", { body, caseId });
  }
  previewLetter(caseId: number, key: string): Promise<LetterPreview> {
    return call("preview_letter", { caseId, key });
  }
  letterReadiness(caseId: number): Promise<TemplateReadiness[]> {
    return call("letter_readiness", { caseId });
  }
  issueLetter(caseId: number, key: string): Promise<Letter> {
    return call("issue_letter", { caseId, key });
  }
  caseLetters(caseId: number): Promise<Letter[]> {
    return call("case_letters", { caseId });
  }
  printQueue(): Promise<Letter[]> {
    return call("print_queue");
  }
  getLetterPdf(letterId: number): Promise<string> {
    return call("get_letter_pdf", { letterId });
  }
  listPrinters(): Promise<Printers> {
    return call("list_printers");
  }
  printLetter(letterId: number, printer: string): Promise<Letter> {
    return call("print_letter", { letterId, printer });
  }
  saveLetterPdf(letterId: number): Promise<Letter | null> {
    return call("save_letter_pdf", { letterId });
  }
  recordMailing(letterId: number, input: MailingInput): Promise<MailingOutcome> {
    return call("record_mailing", { letterId, input });
  }
  disposalQueue(): Promise<DisposalQueue> {
    return call("disposal_queue");
  }
  caseRetention(caseId: number): Promise<RetentionInfo> {
    return call("case_retention", { caseId });
  }
  approveDisposals(items: DisposalTarget[]): Promise<DisposalQueue> {
    return call("approve_disposals", { items });
  }
  withdrawDisposalApproval(item: DisposalTarget): Promise<DisposalQueue> {
    return call("withdraw_disposal_approval", { item });
  }
  performDisposals(): Promise<DisposalRun> {
    return call("perform_disposals");
  }
  setLegalHold(caseId: number, reason: string): Promise<RetentionInfo> {
    return call("set_legal_hold", { caseId, reason });
  }
  releaseLegalHold(caseId: number): Promise<RetentionInfo> {
    return call("release_legal_hold", { caseId });
  }
  disposalRecords(year: number | null): Promise<DisposalRecord[]> {
    return call("disposal_records", { year });
  }
  markPaperShredded(itemId: number, shreddedOn: string): Promise<DisposalRecord> {
    return call("mark_paper_shredded", { itemId, shreddedOn });
  }
  searchAudit(filter: AuditFilter): Promise<AuditPage> {
    return call("search_audit", { filter });
  }
  auditActions(): Promise<Choice[]> {
    return call("audit_actions");
  }
  exportAuditCsv(filter: AuditFilter): Promise<boolean> {
    return call("export_audit_csv", { filter });
  }
  createBackup(): Promise<BackupDone | null> {
    return call("create_backup");
  }
  getReport(period: Period): Promise<Report> {
    return call("get_report", { period });
  }
  reportPdf(period: Period): Promise<string> {
    return call("report_pdf", { period });
  }
  printReport(period: Period, printer: string): Promise<void> {
    return call("print_report", { period, printer });
  }
  saveReportPdf(period: Period): Promise<boolean> {
    return call("save_report_pdf", { period });
  }
  exportReport(period: Period, format: ExportFormat, personal: boolean): Promise<boolean> {
    return call("export_report", { period, format, personal });
  }
  listComplaints(openOnly: boolean): Promise<ComplaintSummary[]> {
    return call("list_complaints", { openOnly });
  }
  getComplaint(caseId: number): Promise<ComplaintDetail> {
    return call("get_complaint", { caseId });
  }
  createComplaint(input: ComplaintInput): Promise<ComplaintDetail> {
    return call("create_complaint", { input });
  }
  recordComplaintStep(caseId: number, input: StepInput): Promise<ComplaintDetail> {
    return call("record_complaint_step", { caseId, input });
  }
  saveDisclosurePackage(letterId: number): Promise<string[] | null> {
    return call("save_disclosure_package", { letterId });
  }
  getLetterOffsets(): Promise<Offsets> {
    return call("get_letter_offsets");
  }
  setLetterOffsets(offsets: Offsets): Promise<Offsets> {
    return call("set_letter_offsets", { offsets });
  }
  saveCalibrationPage(): Promise<boolean> {
    return call("save_calibration_page");
  }
  printCalibrationPage(printer: string): Promise<void> {
    return call("print_calibration_page", { printer });
  }

  onStaged(listener: (staged: Staged) => void): () => void {
    let stopped = false;
    let unlisten: (() => void) | null = null;
    listen<Staged>(STAGED_EVENT, (event) => {
      if (!stopped) listener(event.payload);
    }).then(
      (fn) => {
        if (stopped) fn();
        else unlisten = fn;
      },
      () => {
        // Without the event permission drops are not offered; the buttons still work.
      },
    );
    return () => {
      stopped = true;
      unlisten?.();
      unlisten = null;
    };
  }
}
