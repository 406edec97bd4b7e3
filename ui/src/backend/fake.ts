// In-memory stand-in for the Rust backend, for tests only (never imported by
// main.tsx, so it is not in the built app). It keeps just enough rules to
// exercise the UI's branches: validation with field errors, wrong passwords
// and the attempt limit, credential-store problems and recovery, permissions,
// the last administrator, duplicate users, locking.
import type { Backend } from "./Backend";
import { ErrorCode } from "./errors";
import { statusLabel } from "../lib/caseLabels";
import type { Queue, QueueCount } from "./types";
import {
  blankInput,
  PDF_STUB_BASE64,
  PNG_1X1_BASE64,
  fakeDueOn,
  rowOf,
  searchKey,
  validateCaseInput,
} from "./fakeCases";
import {
  docTypeLabel,
  evaluateVerification,
  keepableError,
  maskReason,
  needsMask,
  noteError,
  unclassified,
  validateDocInfo,
  validateMask,
  validateOriginal,
  type FakeDocRecord,
  type FakeMark,
  type FakeOriginal,
} from "./fakeDocuments";
import type { CheckStatus, DocInfo, MaskRequest, OriginalInput, PolicyBody as DocPolicyBody, Verification } from "./types";
import {
  FAKE_VOCABULARY,
  lintPolicyBody,
  templatePolicyBody,
  trimPolicyBody,
  validatePolicyBody,
  type FakePolicy,
  type FakePolicyVersion,
} from "./fakePolicies";
import {
  clockOf,
  expectedFee,
  fixedFee,
  ledgerOf,
  pauseReasonLabel,
  paymentAmount,
  paymentBreakdown,
  validatePause,
  validatePayment,
  validateResume,
  yen,
  type FakePause,
  type FakePayment,
} from "./fakeFees";
import type { Clock, FeeDecision, FeeLedger, FeeLine, PauseReason, PaymentInput } from "./types";
import {
  decisionEventSummary,
  decisionsOf,
  moveError,
  reviewError,
  reviewEventSummary,
  validateDecision,
  validateInvestigation,
  type FakeApproval,
  type FakeDecision,
} from "./fakeDecisions";
import type { CaseDecisions, DecisionInput, InvestigationNote } from "./types";
import { FAKE_LETTER_VOCABULARY, MOVES_TO, fakeTemplates, validateMailing, validateTemplate, type FakeTemplate } from "./fakeLetters";
import {
  AUDIT_GROUPS,
  AUDIT_LABELS,
  auditCsv,
  auditFilterErrors,
  receiptOfTarget,
  sampleAuditLog,
  searchAuditLog,
  selectAudit,
  type FakeAuditEntry,
} from "./fakeAudit";
import type { AuditFilter, AuditPage, BackupDone, Choice } from "./types";
import { FakeRetention, outcomeText, type Disposed, type RetentionFacts } from "./fakeRetention";
import { FakeComplaints } from "./fakeComplaints";
import type { ComplaintDetail, ComplaintInput, ComplaintSummary, StepInput } from "./types";
import type { DisposalItem, DisposalQueue, DisposalRecord, DisposalRun, DisposalTarget, RetentionInfo } from "./types";
import { fakeReport, periodDays, periodLabel, type ReportCase } from "./fakeReports";
import type { ExportFormat, Period, Report } from "./types";
import type {
  Letter,
  LetterPreview,
  LetterVocabulary,
  MailingInput,
  MailingOutcome,
  MissingField,
  Offsets,
  Printers,
  TemplateBody,
  TemplateDetail,
  TemplateReadiness,
  TemplateSummary,
} from "./types";
import type {
  ApiError,
  AppStatus,
  AttachmentData,
  AttachmentInfo,
  AuditStatus,
  CaseEventView,
  CaseInput,
  CasePage,
  CaseQuery,
  CaseRow,
  CaseStatus,
  CaseView,
  Channel,
  MailView,
  FieldError,
  FinishSetupRequest,
  NewUserRequest,
  Organisation,
  Phase,
  PolicyBody,
  PolicyDetail,
  PolicySummary,
  PolicyWarning,
  RecoverRequest,
  ResetPasswordRequest,
  Role,
  SessionInfo,
  SetUserActiveRequest,
  Settings,
  SetupRequest,
  SetupStarted,
  Staged,
  StagedFile,
  StagedMail,
  UnlockRequest,
  UserInfo,
  Vocabulary,
} from "./types";

export type CommandName =
  | "app_status"
  | "begin_setup"
  | "save_recovery_sheet"
  | "finish_setup"
  | "cancel_setup"
  | "unlock"
  | "recover"
  | "lock"
  | "touch"
  | "get_organisation"
  | "update_organisation"
  | "list_users"
  | "add_user"
  | "set_user_active"
  | "reset_password"
  | "get_settings"
  | "update_settings"
  | "preview_receipt_no"
  | "audit_status"
  | "list_cases"
  | "get_case"
  | "queue_counts"
  | "new_case_input"
  | "check_duplicates"
  | "create_case"
  | "update_case"
  | "set_case_status"
  | "pick_eml_files"
  | "pick_scan_files"
  | "discard_staged"
  | "add_case_files"
  | "get_attachment"
  | "open_demo"
  | "get_staged_data"
  | "set_staged_doc"
  | "mask_staged"
  | "refuse_staged"
  | "get_verification"
  | "mark_verification"
  | "set_attachment_doc"
  | "mask_attachment"
  | "save_original"
  | "vocabulary"
  | "list_policies"
  | "get_policy"
  | "new_policy_body"
  | "lint_policy"
  | "save_policy"
  | "set_default_policy"
  | "export_policy"
  | "import_policy"
  | "get_fee_ledger"
  | "record_payment"
  | "decide_fee_warning"
  | "get_clock"
  | "pause_clock"
  | "resume_clock"
  | "letter_vocabulary"
  | "list_letter_templates"
  | "get_letter_template"
  | "save_letter_template"
  | "preview_letter_template"
  | "preview_letter"
  | "letter_readiness"
  | "issue_letter"
  | "case_letters"
  | "print_queue"
  | "get_letter_pdf"
  | "list_printers"
  | "print_letter"
  | "save_letter_pdf"
  | "record_mailing"
  | "disposal_queue"
  | "case_retention"
  | "approve_disposals"
  | "withdraw_disposal_approval"
  | "perform_disposals"
  | "set_legal_hold"
  | "release_legal_hold"
  | "disposal_records"
  | "mark_paper_shredded"
  | "search_audit"
  | "audit_actions"
  | "export_audit_csv"
  | "create_backup"
  | "get_report"
  | "report_pdf"
  | "print_report"
  | "save_report_pdf"
  | "export_report"
  | "list_complaints"
  | "get_complaint"
  | "create_complaint"
  | "record_complaint_step"
  | "save_disclosure_package"
  | "get_letter_offsets"
  | "set_letter_offsets"
  | "save_calibration_page"
  | "print_calibration_page"
  | "get_decisions"
  | "add_investigation_note"
  | "record_decision"
  | "review_decisions";

export interface Call {
  command: CommandName;
  args: unknown;
}

interface FakeUser extends UserInfo {
  password: string;
}

export const FAKE_RECOVERY_KEY = "7K3M-ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567-89AB-CDEF-GHJK-MNPQ-RSTV";
export const FAKE_CONFIRM_GROUPS = [3, 11];
export const MAX_ATTEMPTS = 5;

export const sampleOrganisation: Organisation = {
  name: "株式会社サンプル商事",
  deskName: "個人情報問合せ窓口",
  postalCode: "100-0001",
  address: "東京都千代田区千代田1-1",
  phone: "03-1234-5678",
  email: "privacy@example.co.jp",
};

export interface FakeOptions {
  phase?: Phase;
  /** Users present when phase is "locked" or "unlocked". Passwords are plain: this is a test double. */
  users?: Array<Partial<FakeUser> & { username: string; password: string; role: Role }>;
  /** Signed in as this username when phase is "unlocked". */
  sessionUser?: string;
  organisation?: Organisation;
  idleLockMinutes?: number;
  credentialProblem?: ApiError | null;
  audit?: AuditStatus;
  /** Delay of every command in ms (to see pending states). */
  latencyMs?: number;
  /** What save_recovery_sheet answers (false = dialog cancelled). */
  saveSheetResult?: boolean;
  /** Today for the case rules (future 受付日, blank forms): YYYY-MM-DD. */
  today?: string;
  /** Cases present at the start; receipt numbers are given in order if not set. */
  cases?: FakeCaseSeed[];
}

export interface FakeCaseSeed {
  input: CaseInput;
  receiptNo?: string;
  status?: CaseStatus;
  statusReason?: string;
  mail?: MailView | null;
  attachments?: Array<Omit<AttachmentInfo, "id" | "addedAt"> & { id?: number; addedAt?: string; data?: AttachmentData }>;
}

interface FakeCase {
  id: number;
  receiptNo: string;
  status: CaseStatus;
  statusReason: string;
  input: CaseInput;
  createdAt: string;
  updatedAt: string;
  attachments: AttachmentInfo[];
  mail: MailView | null;
  events: CaseEventView[];
}

const EMPTY_STAGED: Staged = { mails: [], files: [], problems: [] };

/** Field labels of the timeline's 修正 summary (as the Rust `field_label`). */
const FIELD_LABELS: Array<[string, (a: CaseInput, b: CaseInput) => boolean]> = [
  ["受付経路", (a, b) => a.channel !== b.channel],
  ["受付日", (a, b) => a.receivedOn !== b.receivedOn],
  ["氏名", (a, b) => a.requester.name !== b.requester.name],
  ["フリガナ", (a, b) => a.requester.kana !== b.requester.kana],
  ["郵便番号", (a, b) => a.requester.postalCode !== b.requester.postalCode],
  ["住所", (a, b) => a.requester.address !== b.requester.address],
  ["電話番号", (a, b) => a.requester.phone !== b.requester.phone],
  ["メールアドレス", (a, b) => a.requester.email !== b.requester.email],
  ["請求の種類", (a, b) => a.kinds.join() !== b.kinds.join()],
  ["ポリシー", (a, b) => a.policyId !== b.policyId],
  ["対象となる個人データ", (a, b) => a.dataConcerned !== b.dataConcerned],
  ["特定個人情報", (a, b) => a.specificPersonalInfo !== b.specificPersonalInfo],
  ["メモ", (a, b) => a.memo !== b.memo],
];

const CHANNEL_LABEL: Record<Channel, string> = { post: "郵送", email: "メール", phone: "電話", form: "フォーム", counter: "窓口" };
const STATUS_LABEL = statusLabel;

const QUEUES = FAKE_VOCABULARY.queues.map((c) => [c.code as Queue, c.label] as const);

/** The same moves as CaseStatus::next in cases.rs. */
const NEXT_STATUSES: Record<CaseStatus, CaseStatus[]> = {
  received: ["verifying", "awaiting_fee", "investigating", "withdrawn", "mistaken"],
  verifying: ["awaiting_fee", "investigating", "withdrawn", "mistaken"],
  awaiting_fee: ["verifying", "investigating", "withdrawn", "mistaken"],
  investigating: ["awaiting_approval", "preparing_reply", "verifying", "awaiting_fee", "withdrawn"],
  awaiting_approval: ["preparing_reply", "investigating", "withdrawn"],
  preparing_reply: ["sent", "investigating", "withdrawn"],
  sent: ["completed"],
  completed: [],
  withdrawn: [],
  mistaken: [],
};

const err = (code: ErrorCode, message: string, fields: FieldError[] = []): ApiError => ({ code, message, fields });

const clone = <T>(v: T): T => structuredClone(v);

const latestOf = (p: FakePolicy): FakePolicyVersion => p.versions[p.versions.length - 1]!;

export class FakeBackend implements Backend {
  /** Every command called, in order, with its arguments. */
  readonly calls: Call[] = [];

  phase: Phase;
  users: FakeUser[];
  session: SessionInfo | null = null;
  organisation: Organisation;
  settings: Settings;
  credentialProblem: ApiError | null;
  audit: AuditStatus;
  latencyMs: number;
  saveSheetResult: boolean;
  failedAttempts = 0;
  demo = false;
  private phaseBeforeDemo: Phase = "setup";
  pendingSetup: { request: SetupRequest; started: SetupStarted } | null = null;
  private nextId: number;
  private failures = new Map<CommandName, ApiError[]>();

  today: string;
  cases: FakeCase[] = [];
  /** Mails and files staged by pick_* or a drop, until saved or discarded. */
  stagedMails = new Map<string, StagedMail>();
  stagedFiles = new Map<string, StagedFile>();
  /** What the next pick_eml_files / pick_scan_files answer (queue; empty = cancelled). */
  emlPicks: Staged[] = [];
  scanPicks: Staged[] = [];
  attachmentData = new Map<number, AttachmentData>();
  private stagedListeners = new Set<(staged: Staged) => void>();
  private nextCaseId = 1;
  private nextAttachmentId = 1;
  private nextEventId = 1;
  private clock = 0;

  constructor(options: FakeOptions = {}) {
    this.phase = options.phase ?? "setup";
    this.organisation = clone(options.organisation ?? sampleOrganisation);
    this.settings = { idleLockMinutes: options.idleLockMinutes ?? 10, receiptFormat: "{YYYY}-{NNNN}" };
    this.credentialProblem = options.credentialProblem ?? null;
    this.audit = options.audit ?? { entries: 42, ok: true, brokenAt: null, headHash: "9f2c4e1ab7d3" + "0".repeat(52) };
    this.latencyMs = options.latencyMs ?? 0;
    this.saveSheetResult = options.saveSheetResult ?? true;
    this.users = (options.users ?? []).map((u, i) => ({
      id: u.id ?? i + 1,
      username: u.username,
      displayName: u.displayName ?? u.username,
      role: u.role,
      active: u.active ?? true,
      createdAt: u.createdAt ?? "2025-04-01T09:00:00+09:00",
      password: u.password,
    }));
    this.nextId = this.users.reduce((m, u) => Math.max(m, u.id), 0) + 1;
    if (this.phase === "unlocked") {
      const u = this.users.find((x) => x.username === options.sessionUser) ?? this.users[0];
      if (!u) throw new Error("FakeBackend: unlocked phase needs a user");
      this.session = this.sessionOf(u, false);
    }
    this.today = options.today ?? "2026-12-10";
    for (const seed of options.cases ?? []) this.seedCase(seed);
  }

  /** Adds a case as if it had been saved earlier (no calls recorded). */
  seedCase(seed: FakeCaseSeed): number {
    const id = this.nextCaseId++;
    const year = seed.input.receivedOn.slice(0, 4);
    const receiptNo = seed.receiptNo ?? `${year}-${String(this.cases.filter((c) => c.receiptNo.startsWith(year)).length + this.complaints.countInYear(year) + 1).padStart(4, "0")}`;
    const at = this.now();
    const c: FakeCase = {
      id,
      receiptNo,
      status: seed.status ?? "received",
      statusReason: seed.statusReason ?? "",
      input: clone(seed.input),
      createdAt: at,
      updatedAt: at,
      attachments: [],
      mail: seed.mail ? clone(seed.mail) : null,
      events: [],
    };
    this.event(c, "created", `登録（受付経路: ${CHANNEL_LABEL[c.input.channel]}）`, "山田 太郎");
    for (const a of seed.attachments ?? []) {
      const { data, ...info } = a;
      const att: AttachmentInfo = { ...info, id: a.id ?? this.nextAttachmentId++, addedAt: a.addedAt ?? at };
      this.nextAttachmentId = Math.max(this.nextAttachmentId, att.id + 1);
      c.attachments.push(att);
      if (data) this.attachmentData.set(att.id, data);
    }
    this.cases.push(c);
    return id;
  }

  /** Files dropped onto the window: staged, then the `madoguchi://staged` event. */
  emitStaged(staged: Staged): void {
    this.stage(staged);
    for (const l of [...this.stagedListeners]) l(clone(staged));
  }

  get stagedListenerCount(): number {
    return this.stagedListeners.size;
  }

  private stage(staged: Staged): void {
    for (const m of staged.mails) this.stagedMails.set(m.stagedId, clone(m));
    for (const f of staged.files) this.stagedFiles.set(f.stagedId, clone(f));
  }

  private now(): string {
    // Deterministic timestamps: today 10:00 JST, one minute apart.
    const minutes = this.clock++;
    const h = 10 + Math.floor(minutes / 60);
    return `${this.today}T${String(h).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00+09:00`;
  }

  private event(c: FakeCase, kind: string, summary: string, actor?: string): void {
    c.events.push({ id: this.nextEventId++, at: this.now(), actor: actor ?? this.session?.displayName ?? "", kind, summary });
  }

  private viewOf(c: FakeCase): CaseView {
    return {
      id: c.id,
      receiptNo: c.receiptNo,
      status: c.status,
      statusReason: c.statusReason,
      nextStatuses: NEXT_STATUSES[c.status],
      input: c.input,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      attachments: c.attachments,
      mail: c.mail,
      events: c.events,
    };
  }

  private findCase(id: number): FakeCase {
    const c = this.cases.find((x) => x.id === id);
    if (!c) throw err("not_found", "案件が見つかりません。");
    return c;
  }

  private validCase(input: CaseInput): CaseInput {
    const { value, errors } = validateCaseInput(input, this.today);
    if (errors.length > 0) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", errors);
    return value;
  }

  private takeFiles(ids: string[]): StagedFile[] {
    const files = ids.map((id) => {
      const f = this.stagedFiles.get(id);
      if (!f) throw err("not_found", "取り込んだファイルが見つかりません。もう一度取り込んでください。");
      if (f.problem) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [{ field: "file", message: f.problem }]);
      return f;
    });
    for (const id of ids) this.stagedFiles.delete(id);
    return files;
  }

  private attach(c: FakeCase, f: { fileName: string; kind: string; kindLabel: string; size: number }, origin: string): void {
    c.attachments.push({ id: this.nextAttachmentId++, origin, fileName: f.fileName, kind: f.kind, kindLabel: f.kindLabel, size: f.size, addedAt: this.now() });
    this.event(c, "attachment_added", `ファイルを添付: ${f.fileName}`);
  }

  /** The next call of `command` rejects with `error` (queue: one per call). */
  failNext(command: CommandName, error: ApiError): this {
    const q = this.failures.get(command) ?? [];
    q.push(error);
    this.failures.set(command, q);
    return this;
  }

  /** Simulates the backend's own idle lock (or another window locking). */
  lockFromBackend(): void {
    // Locking ends a demo: back to the real store's screen.
    if (this.demo) {
      this.demo = false;
      this.phase = this.phaseBeforeDemo;
    } else {
      this.phase = "locked";
    }
    this.session = null;
  }

  callsOf(command: CommandName): unknown[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args);
  }

  // ---- plumbing -----------------------------------------------------------

  private async run<T>(command: CommandName, args: unknown, body: () => T): Promise<T> {
    this.calls.push({ command, args: clone(args) });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    else await Promise.resolve();
    const queued = this.failures.get(command);
    if (queued && queued.length > 0) throw clone(queued.shift()!);
    return clone(body());
  }

  private sessionOf(u: FakeUser, viaRecovery: boolean): SessionInfo {
    return { userId: u.id, username: u.username, displayName: u.displayName, role: u.role, viaRecovery };
  }

  private requireSession(): SessionInfo {
    if (this.phase !== "unlocked" || !this.session) throw err(ErrorCode.Locked, "ロックされました。もう一度サインインしてください。");
    return this.session;
  }

  /** An entry of the audit log by the signed-in person (no target), as the core writes one. */
  private recordAudit(s: SessionInfo, action: string, detail: string): void {
    this.auditLog.push({
      seq: this.auditLog.reduce((m, e) => Math.max(m, e.seq), 0) + 1,
      at: new Date(this.now()).toISOString(),
      actorKind: s.viaRecovery ? "recovery" : "user",
      actorId: s.viaRecovery ? null : s.userId,
      action,
      target: "",
      detail,
    });
  }

  private requireAdmin(): SessionInfo {
    const s = this.requireSession();
    if (s.role !== "admin") throw err(ErrorCode.PermissionDenied, "この操作は管理者のみ行えます。");
    return s;
  }

  private info(u: FakeUser): UserInfo {
    const { password: _password, ...rest } = u;
    return rest;
  }

  private validatePassword(field: string, password: string, out: FieldError[]): void {
    if ([...password].length < 8) out.push({ field, message: "パスワードは8文字以上で入力してください。" });
  }

  private validateOrganisation(o: Organisation, out: FieldError[]): void {
    if (!o.name.trim()) out.push({ field: "name", message: "会社名を入力してください。" });
    if (!o.deskName.trim()) out.push({ field: "deskName", message: "窓口名を入力してください。" });
    const postal = o.postalCode.normalize("NFKC").trim();
    if (postal && !/^\d{3}-?\d{4}$/.test(postal))
      out.push({ field: "postalCode", message: "郵便番号は「123-4567」の形式で入力してください。" });
    const email = o.email.normalize("NFKC").trim();
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      out.push({ field: "email", message: "メールアドレスの形式が正しくありません。" });
  }

  // ---- commands -----------------------------------------------------------

  appStatus(): Promise<AppStatus> {
    return this.run("app_status", undefined, () => ({
      phase: this.phase,
      version: "0.1.0",
      credentialBackend: "fake",
      credentialProblem: this.credentialProblem,
      session: this.phase === "unlocked" ? this.session : null,
      idleLockMinutes: this.settings.idleLockMinutes,
      demo: this.demo,
    }));
  }

  openDemo(): Promise<SessionInfo> {
    return this.run("open_demo", undefined, () => {
      if (!this.demo) this.phaseBeforeDemo = this.phase === "unlocked" ? "locked" : this.phase;
      this.demo = true;
      this.phase = "unlocked";
      this.session = { userId: 900, username: "demo", displayName: "デモ 担当者", role: "admin", viaRecovery: false };
      return clone(this.session);
    });
  }

  beginSetup(request: SetupRequest): Promise<SetupStarted> {
    return this.run("begin_setup", request, () => {
      if (this.phase !== "setup") throw err(ErrorCode.PermissionDenied, "初期設定は完了しています。");
      const fields: FieldError[] = [];
      this.validateOrganisation(request.organisation, fields);
      if (!/^[a-z0-9._-]{1,32}$/.test(request.admin.username))
        fields.push({ field: "username", message: "ユーザー名は半角英小文字・数字・記号（. _ -）で入力してください。" });
      if (!request.admin.displayName.trim()) fields.push({ field: "displayName", message: "氏名を入力してください。" });
      this.validatePassword("password", request.admin.password, fields);
      if (fields.length > 0) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", fields);
      const started = { recoveryKey: FAKE_RECOVERY_KEY, confirmGroups: [...FAKE_CONFIRM_GROUPS] };
      this.pendingSetup = { request: clone(request), started };
      return started;
    });
  }

  saveRecoverySheet(): Promise<boolean> {
    return this.run("save_recovery_sheet", undefined, () => {
      if (!this.pendingSetup) throw err("setup_not_started", "初期設定をやり直してください。");
      return this.saveSheetResult;
    });
  }

  finishSetup(request: FinishSetupRequest): Promise<SessionInfo> {
    return this.run("finish_setup", request, () => {
      const pending = this.pendingSetup;
      if (!pending) throw err("setup_not_started", "初期設定をやり直してください。");
      const groups = pending.started.recoveryKey.split("-");
      const expected = pending.started.confirmGroups.map((n) => groups[n - 1]);
      const ok =
        request.answers.length === expected.length &&
        request.answers.every((a, i) => a.normalize("NFKC").trim().toUpperCase() === expected[i]);
      if (!ok)
        throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [
          { field: "answers", message: "回復キーの組が一致しません。表示された回復キーをもう一度確認してください。" },
        ]);
      this.organisation = clone(pending.request.organisation);
      const admin: FakeUser = {
        id: this.nextId++,
        username: pending.request.admin.username,
        displayName: pending.request.admin.displayName,
        role: "admin",
        active: true,
        createdAt: "2025-11-21T10:00:00+09:00",
        password: pending.request.admin.password,
      };
      this.users.push(admin);
      this.pendingSetup = null;
      this.phase = "unlocked";
      this.session = this.sessionOf(admin, false);
      return this.session;
    });
  }

  cancelSetup(): Promise<void> {
    return this.run("cancel_setup", undefined, () => {
      this.pendingSetup = null;
    });
  }

  unlock(request: UnlockRequest): Promise<SessionInfo> {
    return this.run("unlock", request, () => {
      if (this.credentialProblem) throw clone(this.credentialProblem);
      if (this.failedAttempts >= MAX_ATTEMPTS)
        throw err(ErrorCode.TooManyAttempts, "パスワードを続けて間違えたため、しばらくサインインできません。5分後にもう一度お試しください。");
      const u = this.users.find((x) => x.username === request.username);
      if (!u || u.password !== request.password) {
        this.failedAttempts += 1;
        if (this.failedAttempts >= MAX_ATTEMPTS)
          throw err(ErrorCode.TooManyAttempts, "パスワードを続けて間違えたため、しばらくサインインできません。5分後にもう一度お試しください。");
        throw err(ErrorCode.WrongPassword, "ユーザー名またはパスワードが正しくありません。");
      }
      if (!u.active) throw err(ErrorCode.UserDisabled, "この利用者は無効になっています。管理者に連絡してください。");
      this.failedAttempts = 0;
      this.phase = "unlocked";
      this.session = this.sessionOf(u, false);
      return this.session;
    });
  }

  recover(request: RecoverRequest): Promise<SessionInfo> {
    return this.run("recover", request, () => {
      const key = request.recoveryKey.normalize("NFKC").toUpperCase().replace(/\s+/g, "");
      if (!/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/.test(key))
        throw err(ErrorCode.MalformedRecoveryKey, "回復キーの形式が正しくありません。4文字ずつ13組、ハイフン区切りで入力してください。");
      if (key !== FAKE_RECOVERY_KEY) throw err(ErrorCode.WrongRecoveryKey, "回復キーが正しくありません。");
      const fields: FieldError[] = [];
      this.validatePassword("newPassword", request.newPassword, fields);
      if (fields.length > 0) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", fields);
      const u = this.users.find((x) => x.username === request.username);
      if (!u) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [{ field: "username", message: "このユーザー名の利用者はいません。" }]);
      if (!u.active) throw err(ErrorCode.UserDisabled, "この利用者は無効になっています。管理者に連絡してください。");
      u.password = request.newPassword;
      this.credentialProblem = null;
      this.failedAttempts = 0;
      this.phase = "unlocked";
      this.session = this.sessionOf(u, true);
      return this.session;
    });
  }

  lock(): Promise<void> {
    return this.run("lock", undefined, () => {
      this.lockFromBackend();
    });
  }

  touch(): Promise<void> {
    return this.run("touch", undefined, () => {
      this.requireSession();
    });
  }

  getOrganisation(): Promise<Organisation> {
    return this.run("get_organisation", undefined, () => {
      this.requireSession();
      return this.organisation;
    });
  }

  updateOrganisation(organisation: Organisation): Promise<Organisation> {
    return this.run("update_organisation", { organisation }, () => {
      this.requireAdmin();
      const fields: FieldError[] = [];
      this.validateOrganisation(organisation, fields);
      if (fields.length > 0) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", fields);
      this.organisation = clone(organisation);
      return this.organisation;
    });
  }

  listUsers(): Promise<UserInfo[]> {
    return this.run("list_users", undefined, () => {
      this.requireAdmin();
      return this.users.map((u) => this.info(u));
    });
  }

  addUser(request: NewUserRequest): Promise<UserInfo> {
    return this.run("add_user", request, () => {
      this.requireAdmin();
      const fields: FieldError[] = [];
      if (!/^[a-z0-9._-]{1,32}$/.test(request.username))
        fields.push({ field: "username", message: "ユーザー名は半角英小文字・数字・記号（. _ -）で入力してください。" });
      if (!request.displayName.trim()) fields.push({ field: "displayName", message: "氏名を入力してください。" });
      this.validatePassword("password", request.password, fields);
      if (fields.length > 0) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", fields);
      if (this.users.some((u) => u.username === request.username))
        throw err(ErrorCode.DuplicateUser, "このユーザー名は既に使われています。", [
          { field: "username", message: "このユーザー名は既に使われています。" },
        ]);
      const u: FakeUser = {
        id: this.nextId++,
        username: request.username,
        displayName: request.displayName,
        role: request.role,
        active: true,
        createdAt: "2025-11-21T10:30:00+09:00",
        password: request.password,
      };
      this.users.push(u);
      return this.info(u);
    });
  }

  setUserActive(request: SetUserActiveRequest): Promise<UserInfo> {
    return this.run("set_user_active", request, () => {
      this.requireAdmin();
      const u = this.users.find((x) => x.id === request.userId);
      if (!u) throw err("not_found", "利用者が見つかりません。");
      if (!request.active) {
        const otherAdmins = this.users.filter((x) => x.active && x.role === "admin" && x.id !== u.id);
        if (u.role === "admin" && otherAdmins.length === 0)
          throw err(ErrorCode.LastAdmin, "最後の管理者は無効にできません。");
        u.active = false;
        return this.info(u);
      }
      const fields: FieldError[] = [];
      if (request.password === null) fields.push({ field: "password", message: "新しいパスワードを入力してください。" });
      else this.validatePassword("password", request.password, fields);
      if (fields.length > 0) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", fields);
      u.active = true;
      u.password = request.password!;
      return this.info(u);
    });
  }

  resetPassword(request: ResetPasswordRequest): Promise<void> {
    return this.run("reset_password", request, () => {
      this.requireAdmin();
      const u = this.users.find((x) => x.id === request.userId);
      if (!u) throw err("not_found", "利用者が見つかりません。");
      const fields: FieldError[] = [];
      this.validatePassword("newPassword", request.newPassword, fields);
      if (fields.length > 0) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", fields);
      u.password = request.newPassword;
    });
  }

  getSettings(): Promise<Settings> {
    return this.run("get_settings", undefined, () => {
      this.requireSession();
      return this.settings;
    });
  }

  updateSettings(settings: Settings): Promise<Settings> {
    return this.run("update_settings", { settings }, () => {
      this.requireSession();
      const m = settings.idleLockMinutes;
      if (!Number.isInteger(m) || m < 1 || m > 240)
        throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [
          { field: "idleLockMinutes", message: "1〜240の整数で入力してください。" },
        ]);
      this.receiptExamples(settings.receiptFormat);
      this.settings = { idleLockMinutes: m, receiptFormat: settings.receiptFormat.trim() };
      return this.settings;
    });
  }

  previewReceiptNo(format: string): Promise<string[]> {
    return this.run("preview_receipt_no", { format }, () => this.receiptExamples(format));
  }

  /** A small stand-in for the core's format: {YYYY} and {N…} only. */
  private receiptExamples(format: string): string[] {
    const f = format.trim();
    const seq = /\{(N+)\}/.exec(f);
    if (!f.includes("{YYYY}") || !seq)
      throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [
        { field: "receiptFormat", message: "年と連番をちょうど1つずつ入れてください。" },
      ]);
    const year = this.today.slice(0, 4);
    return [1, 123].map((n) => f.replace("{YYYY}", year).replace(seq[0], String(n).padStart(seq[1]!.length, "0")));
  }

  auditStatus(): Promise<AuditStatus> {
    return this.run("audit_status", undefined, () => {
      this.requireSession();
      return this.audit;
    });
  }

  // ---- 監査ログ (audit viewer) ----
  /** The log search_audit reads (oldest first); export_audit_csv adds its own entry. */
  auditLog: FakeAuditEntry[] = sampleAuditLog();
  /** The text of every audit CSV saved (what the file would hold). */
  auditCsvs: string[] = [];
  /** Backups the save dialog accepted, in order. */
  backups: BackupDone[] = [];

  private auditUser = (id: number) => this.users.find((u) => u.id === id);

  /** As filter_sql: bad days, 終了日 before 開始日, an unknown 受付番号 are refused with field errors. */
  private checkAuditFilter(filter: AuditFilter): void {
    const known = (no: string) =>
      this.cases.some((c) => c.receiptNo === no) || this.auditLog.some((e) => receiptOfTarget(e.target) === no);
    const errors = auditFilterErrors(filter, known);
    if (errors.length > 0) throw this.invalid(errors);
  }

  searchAudit(filter: AuditFilter): Promise<AuditPage> {
    return this.run("search_audit", { filter }, () => {
      this.requireAdmin();
      this.checkAuditFilter(filter);
      return searchAuditLog(this.auditLog, filter, this.auditUser);
    });
  }

  auditActions(): Promise<Choice[]> {
    return this.run("audit_actions", undefined, () => [...AUDIT_GROUPS, ...AUDIT_LABELS]);
  }

  createBackup(): Promise<BackupDone | null> {
    return this.run("create_backup", undefined, () => {
      const s = this.requireAdmin();
      if (!this.saveDialogAnswers) return null;
      const day = new Date(this.now()).toISOString().slice(0, 10).replaceAll("-", "");
      const done: BackupDone = { fileName: `窓口バックアップ_${day}.mdgbak`, bytes: 1_234_567, auditEntries: this.auditLog.length };
      this.backups.push(done);
      this.recordAudit(s, "backup.created", `bytes=${done.bytes}`);
      return done;
    });
  }

  exportAuditCsv(filter: AuditFilter): Promise<boolean> {
    return this.run("export_audit_csv", { filter }, () => {
      const s = this.requireAdmin();
      this.checkAuditFilter(filter);
      const csv = auditCsv(this.auditLog, filter, this.auditUser);
      if (!this.saveDialogAnswers) return false;
      this.auditCsvs.push(csv);
      // The export is audited once the file is written.
      this.recordAudit(s, "audit.exported", `entries=${selectAudit(this.auditLog, filter).length}`);
      return true;
    });
  }

  // ---- cases ----------------------------------------------------------------

  /** A simplified stand-in for queue_clause in cases.rs (due = received + 30 days). */
  private inQueue(c: FakeCase, queue: Queue): boolean {
    const open = !["completed", "withdrawn", "mistaken"].includes(c.status);
    const due = fakeDueOn(c.input.receivedOn);
    switch (queue) {
      case "overdue":
        return open && due < this.today;
      case "due_this_week": {
        const d = new Date(`${this.today}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
        return open && due >= this.today && due <= d.toISOString().slice(0, 10);
      }
      case "awaiting_fee":
        return c.status === "awaiting_fee";
      case "awaiting_documents":
        return open && c.status === "verifying";
      case "awaiting_approval":
        return c.status === "awaiting_approval";
    }
  }

  queueCounts(): Promise<QueueCount[]> {
    return this.run("queue_counts", undefined, () => {
      this.requireSession();
      return QUEUES.map(([queue, label]) => ({ queue, label, count: this.cases.filter((c) => this.inQueue(c, queue)).length }));
    });
  }

  listCases(query: CaseQuery): Promise<CasePage> {
    return this.run("list_cases", { query }, () => {
      this.requireSession();
      const key = searchKey(query.search);
      let rows = this.cases.filter((c) => {
        if (key) {
          const r = c.input.requester;
          const hay = [c.receiptNo, r.name, r.kana, r.email, r.registeredEmail, r.phone, r.registeredPhone, c.mail?.bodyText ?? "", c.mail?.subject ?? ""]
            .filter(Boolean)
            .map(searchKey);
          if (!hay.some((h) => h.includes(key))) return false;
        }
        if (query.statuses.length > 0 && !query.statuses.includes(c.status)) return false;
        if (query.channels.length > 0 && !query.channels.includes(c.input.channel)) return false;
        if (query.kinds.length > 0 && !c.input.kinds.some((k) => query.kinds.includes(k))) return false;
        if (query.specificPersonalInfo !== null && c.input.specificPersonalInfo !== query.specificPersonalInfo) return false;
        if (query.queue && !this.inQueue(c, query.queue)) return false;
        return true;
      });
      const cmp: Record<CaseQuery["sort"], (a: FakeCase, b: FakeCase) => number> = {
        received_desc: (a, b) => b.input.receivedOn.localeCompare(a.input.receivedOn) || b.id - a.id,
        received_asc: (a, b) => a.input.receivedOn.localeCompare(b.input.receivedOn) || a.id - b.id,
        receipt_no_desc: (a, b) => b.receiptNo.localeCompare(a.receiptNo),
        receipt_no_asc: (a, b) => a.receiptNo.localeCompare(b.receiptNo),
        name_asc: (a, b) => a.input.requester.kana.localeCompare(b.input.requester.kana, "ja") || a.id - b.id,
      };
      rows = [...rows].sort(cmp[query.sort]);
      const size = Math.min(Math.max(query.pageSize, 1), 500);
      return {
        total: rows.length,
        page: query.page,
        pageSize: size,
        items: rows.slice(query.page * size, query.page * size + size).map(rowOf),
      };
    });
  }

  getCase(id: number): Promise<CaseView> {
    return this.run("get_case", { id }, () => {
      this.requireSession();
      return this.viewOf(this.findCase(id));
    });
  }

  newCaseInput(channel: Channel): Promise<CaseInput> {
    return this.run("new_case_input", { channel }, () => {
      this.requireSession();
      return blankInput(channel, this.today);
    });
  }

  checkDuplicates(input: CaseInput, excludeId: number | null): Promise<CaseRow[]> {
    return this.run("check_duplicates", { input, excludeId }, () => {
      this.requireSession();
      const r = input.requester;
      const email = r.email.normalize("NFKC").trim().toLowerCase();
      const name = searchKey(r.name);
      const kana = searchKey(r.kana);
      if (!email && !name && !kana) return [];
      return this.cases
        .filter((c) => c.status === "received" && c.id !== excludeId)
        .filter((c) => {
          const q = c.input.requester;
          return (
            (email !== "" && (q.email.toLowerCase() === email || q.registeredEmail.toLowerCase() === email)) ||
            (name !== "" && searchKey(q.name) === name) ||
            (kana !== "" && searchKey(q.kana) === kana)
          );
        })
        .map(rowOf);
    });
  }

  createCase(input: CaseInput, stagedMailId: string | null, stagedFileIds: string[]): Promise<CaseView> {
    return this.run("create_case", { input, stagedMailId, stagedFileIds }, () => {
      this.requireSession();
      const value = this.validCase(input);
      const mail = stagedMailId === null ? null : this.stagedMails.get(stagedMailId);
      if (mail === undefined) throw err("not_found", "取り込んだメールが見つかりません。もう一度取り込んでください。");
      this.checkKeepable(mail, stagedFileIds);
      const files = this.takeFiles(stagedFileIds);
      if (mail) this.stagedMails.delete(mail.stagedId);
      const id = this.seedCase({ input: value, mail: mail ? mail.mail : null });
      const c = this.findCase(id);
      c.events = [];
      this.event(c, "created", `登録（受付経路: ${CHANNEL_LABEL[value.channel]}）`);
      if (mail) {
        const saved = mail.attachments.filter((a) => !a.problem && !this.refusedStaged.has(a.stagedId));
        this.event(c, "mail_imported", `メールを取り込み（添付${saved.length}件）`);
        this.attach(c, { fileName: mail.fileName, kind: "eml", kindLabel: "メール", size: 2048 }, "eml");
        for (const a of saved) {
          this.attach(c, a, "mail_attachment");
          this.keepDoc(c, a);
        }
        for (const a of mail.attachments.filter((x) => this.refusedStaged.has(x.stagedId)))
          this.event(c, "scan_refused", `マスクが必要な書類を保存せず破棄: ${docTypeLabel(a.doc.docType)}`);
      }
      for (const f of files) {
        this.attach(c, f, "scan");
        this.keepDoc(c, f);
      }
      return this.viewOf(c);
    });
  }

  updateCase(id: number, input: CaseInput): Promise<CaseView> {
    return this.run("update_case", { id, input }, () => {
      this.requireSession();
      const c = this.findCase(id);
      const value = this.validCase(input);
      const changed = FIELD_LABELS.filter(([, differs]) => differs(c.input, value)).map(([label]) => label);
      if (changed.length > 0) {
        c.input = value;
        c.updatedAt = this.now();
        this.event(c, "edited", `修正: ${changed.join("、")}`);
      }
      return this.viewOf(c);
    });
  }

  setCaseStatus(id: number, status: CaseStatus, reason: string): Promise<CaseView> {
    return this.run("set_case_status", { id, status, reason }, () => {
      this.requireSession();
      const c = this.findCase(id);
      const allowed = NEXT_STATUSES[c.status];
      if (!allowed.includes(status))
        throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [
          {
            field: "status",
            message: allowed.length
              ? `「${STATUS_LABEL[c.status]}」の案件は「${allowed.map((a) => STATUS_LABEL[a]).join("」「")}」にだけ進められます。`
              : `「${STATUS_LABEL[c.status]}」の案件の状態は変えられません。`,
          },
        ]);
      const why = reason.normalize("NFKC").trim();
      const needsReason = status === "withdrawn" || status === "mistaken";
      // `check_move`: 承認待ち needs every kind decided, 回答準備 the approval when one is needed.
      const blocked = moveError(this.decisionsOfCase(c), status);
      if (blocked) throw this.invalid([blocked]);
      if (needsReason && !why) throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [{ field: "reason", message: "理由を入力してください。" }]);
      const from = c.status;
      c.status = status;
      if (needsReason) c.statusReason = why;
      this.event(c, "status_changed", why ? `状態を変更: ${STATUS_LABEL[from]} → ${STATUS_LABEL[status]}（理由: ${why}）` : `状態を変更: ${STATUS_LABEL[from]} → ${STATUS_LABEL[status]}`);
      return this.viewOf(c);
    });
  }

  pickEmlFiles(): Promise<Staged> {
    return this.run("pick_eml_files", undefined, () => {
      this.requireSession();
      const staged = this.emlPicks.shift() ?? EMPTY_STAGED;
      this.stage(staged);
      return staged;
    });
  }

  pickScanFiles(): Promise<Staged> {
    return this.run("pick_scan_files", undefined, () => {
      this.requireSession();
      const staged = this.scanPicks.shift() ?? EMPTY_STAGED;
      this.stage(staged);
      return staged;
    });
  }

  discardStaged(ids: string[]): Promise<void> {
    return this.run("discard_staged", { ids }, () => {
      for (const id of ids) {
        this.stagedMails.delete(id);
        this.stagedFiles.delete(id);
      }
    });
  }

  addCaseFiles(id: number, stagedFileIds: string[]): Promise<CaseView> {
    return this.run("add_case_files", { id, stagedFileIds }, () => {
      this.requireSession();
      const c = this.findCase(id);
      for (const f of this.takeFiles(stagedFileIds)) this.attach(c, f, "scan");
      c.updatedAt = this.now();
      return this.viewOf(c);
    });
  }

  getAttachment(attachmentId: number): Promise<AttachmentData> {
    return this.run("get_attachment", { attachmentId }, () => {
      this.requireSession();
      const given = this.attachmentData.get(attachmentId);
      if (given) return given;
      const att = this.cases.flatMap((c) => c.attachments).find((a) => a.id === attachmentId);
      if (!att) throw err("not_found", "添付ファイルが見つかりません。");
      const mime = att.kind === "pdf" ? "application/pdf" : att.kind === "png" ? "image/png" : att.kind === "jpeg" ? "image/jpeg" : "text/plain";
      const dataBase64 = att.kind === "pdf" ? PDF_STUB_BASE64 : att.kind === "png" || att.kind === "jpeg" ? PNG_1X1_BASE64 : btoa("text");
      return { fileName: att.fileName, kind: att.kind, mime, dataBase64 };
    });
  }

  // ---- 書類・マスク・本人確認 (documents, masking, verification) ----------------

  /** 書類の種類 and masking of kept attachments, by attachment id (unset: 未分類, not masked). */
  attachmentDocs = new Map<number, FakeDocRecord>();
  /** Originals received by post, per case id. */
  originals = new Map<number, FakeOriginal[]>();
  /** The officers' marks on checklist items, per case id. */
  verificationMarks = new Map<number, Map<string, FakeMark>>();
  /** The bytes get_staged_data answers, by staged id (unset: a 1×1 PNG or a PDF stub, by kind). */
  stagedData = new Map<string, AttachmentData>();
  /** Mail attachments the officer refused (not kept; the mail's copy is redacted). */
  refusedStaged = new Set<string>();
  /** Refusals as the audit log records them: the document type, never the file. */
  refusals: Array<{ stagedId: string; docType: DocInfo["docType"] }> = [];
  private nextOriginalId = 1;

  /** A staged scan, or a staged mail's attachment (`<mailId>-<n>`). */
  private stagedDoc(stagedId: string): { file: StagedFile; mail: StagedMail | null } {
    const file = this.stagedFiles.get(stagedId);
    if (file) return { file, mail: null };
    for (const mail of this.stagedMails.values()) {
      const a = mail.attachments.find((x) => x.stagedId === stagedId);
      if (a) return { file: a, mail };
    }
    throw err("not_found", "取り込んだファイルが見つかりません。もう一度取り込んでください。");
  }

  private invalid(fields: FieldError[]): ApiError {
    return err(ErrorCode.InvalidInput, fields.map((f) => f.message).join("\n"), fields);
  }

  /** As `create_case`: a document whose type needs masking is refused until it is masked (the first one). */
  private checkKeepable(mail: StagedMail | null, fileIds: string[]): void {
    let n = 0;
    const docs = [
      ...(mail?.attachments ?? []).map((a) => (this.refusedStaged.has(a.stagedId) ? null : a)),
      ...fileIds.map((id) => this.stagedFiles.get(id) ?? null),
    ];
    for (const f of docs) {
      n += 1;
      const e = f ? keepableError(n, f.doc, f.masked) : null;
      if (e) throw this.invalid([e]);
    }
  }

  /** The last attachment added to `c` keeps what the officer set on its staged file. */
  private keepDoc(c: FakeCase, f: StagedFile): void {
    const att = c.attachments[c.attachments.length - 1];
    if (att) this.attachmentDocs.set(att.id, { doc: clone(f.doc), masked: f.masked });
  }

  /** The profile a case follows (its own, else the default), as 「名前（第N版）」. */
  private casePolicy(c: FakeCase): { label: string; body: DocPolicyBody } | null {
    const p = this.policies.find((x) => x.id === c.input.policyId) ?? this.policies.find((x) => x.isDefault);
    const v = p?.versions[p.versions.length - 1];
    return v ? { label: `${v.body.name}（第${v.version}版）`, body: v.body } : null;
  }

  private verificationOf(c: FakeCase): Verification {
    const docs = c.attachments
      .filter((a) => a.origin !== "eml")
      .map((a) => ({
        attachmentId: a.id,
        fileName: a.fileName,
        kind: a.kind,
        record: this.attachmentDocs.get(a.id) ?? { doc: unclassified(), masked: false },
      }));
    return evaluateVerification(c, this.casePolicy(c), docs, this.originals.get(c.id) ?? [], this.verificationMarks.get(c.id) ?? new Map());
  }

  private attachmentCase(attachmentId: number): { c: FakeCase; att: AttachmentInfo } {
    for (const c of this.cases) {
      const att = c.attachments.find((a) => a.id === attachmentId && a.origin !== "eml");
      if (att) return { c, att };
    }
    throw err("not_found", "対象のデータが見つかりません。");
  }

  getStagedData(stagedId: string): Promise<AttachmentData> {
    return this.run("get_staged_data", { stagedId }, () => {
      this.requireSession();
      const { file } = this.stagedDoc(stagedId);
      const given = this.stagedData.get(stagedId);
      if (given) return given;
      const pdf = file.kind === "pdf";
      const mime = pdf ? "application/pdf" : file.kind === "jpeg" ? "image/jpeg" : "image/png";
      return { fileName: file.fileName, kind: file.kind, mime, dataBase64: pdf ? PDF_STUB_BASE64 : PNG_1X1_BASE64 };
    });
  }

  setStagedDoc(stagedId: string, doc: DocInfo): Promise<StagedFile> {
    return this.run("set_staged_doc", { stagedId, doc }, () => {
      this.requireSession();
      const { file } = this.stagedDoc(stagedId);
      const { value, errors } = validateDocInfo(doc);
      if (errors.length > 0) throw this.invalid(errors);
      file.doc = value;
      file.needsMask = needsMask(value) && !file.masked;
      file.maskReason = needsMask(value) ? maskReason(value.docType) : "";
      return file;
    });
  }

  maskStaged(stagedId: string, mask: MaskRequest): Promise<StagedFile> {
    return this.run("mask_staged", { stagedId, mask }, () => {
      this.requireSession();
      const { file } = this.stagedDoc(stagedId);
      if (!["jpeg", "png", "pdf"].includes(file.kind))
        throw this.invalid([{ field: "mask", message: "画像を読み取れませんでした。JPEGまたはPNGの画像を指定してください。" }]);
      const problem = validateMask(mask, file.kind === "pdf");
      if (problem) throw this.invalid([problem]);
      file.masked = true;
      file.needsMask = false;
      return file;
    });
  }

  refuseStaged(stagedId: string): Promise<void> {
    return this.run("refuse_staged", { stagedId }, () => {
      this.requireSession();
      const { file, mail } = this.stagedDoc(stagedId);
      this.refusals.push({ stagedId, docType: file.doc.docType });
      if (mail) this.refusedStaged.add(stagedId);
      else this.stagedFiles.delete(stagedId);
      this.stagedData.delete(stagedId);
    });
  }

  getVerification(caseId: number): Promise<Verification> {
    return this.run("get_verification", { caseId }, () => {
      this.requireSession();
      return this.verificationOf(this.findCase(caseId));
    });
  }

  markVerification(caseId: number, item: string, status: CheckStatus, note: string): Promise<Verification> {
    return this.run("mark_verification", { caseId, item, status, note }, () => {
      const session = this.requireSession();
      const c = this.findCase(caseId);
      const it = this.verificationOf(c).groups.flatMap((g) => g.items).find((i) => i.key === item);
      if (!it) throw this.invalid([{ field: "item", message: "この案件の確認項目ではありません。画面を更新してください。" }]);
      if (it.auto && it.status === "ng" && status === "ok")
        throw this.invalid([{ field: "item", message: `自動判定で不備になっている項目は確認済にできません。${it.detail}` }]);
      const bad = noteError(note);
      if (bad) throw this.invalid([bad]);
      const marks = this.verificationMarks.get(caseId) ?? new Map<string, FakeMark>();
      marks.set(item, { status, note: note.trim(), by: session.displayName, at: this.now() });
      this.verificationMarks.set(caseId, marks);
      const label = { pending: "未確認", ok: "確認済", ng: "不備" }[status];
      this.event(c, "verification_marked", `本人確認: ${it.label} を「${label}」に`);
      return this.verificationOf(c);
    });
  }

  setAttachmentDoc(attachmentId: number, doc: DocInfo): Promise<Verification> {
    return this.run("set_attachment_doc", { attachmentId, doc }, () => {
      this.requireSession();
      const { value, errors } = validateDocInfo(doc);
      if (errors.length > 0) throw this.invalid(errors);
      const { c } = this.attachmentCase(attachmentId);
      const masked = this.attachmentDocs.get(attachmentId)?.masked ?? false;
      this.attachmentDocs.set(attachmentId, { doc: value, masked });
      this.event(c, "document_classified", `書類の種類を設定: ${docTypeLabel(value.docType)}`);
      return this.verificationOf(c);
    });
  }

  maskAttachment(attachmentId: number, mask: MaskRequest): Promise<Verification> {
    return this.run("mask_attachment", { attachmentId, mask }, () => {
      this.requireSession();
      const { c, att } = this.attachmentCase(attachmentId);
      if (!["jpeg", "png", "pdf"].includes(att.kind))
        throw this.invalid([{ field: "mask", message: "画像を読み取れませんでした。JPEGまたはPNGの画像を指定してください。" }]);
      const problem = validateMask(mask, att.kind === "pdf");
      if (problem) throw this.invalid([problem]);
      const record = this.attachmentDocs.get(attachmentId) ?? { doc: unclassified(), masked: false };
      this.attachmentDocs.set(attachmentId, { ...record, masked: true });
      this.event(c, "attachment_masked", "添付ファイルを黒塗りして置き換え（元の画像は削除）");
      return this.verificationOf(c);
    });
  }

  saveOriginal(caseId: number, originalId: number | null, original: OriginalInput): Promise<Verification> {
    return this.run("save_original", { caseId, originalId, original }, () => {
      this.requireSession();
      const c = this.findCase(caseId);
      const { value: v, errors } = validateOriginal(original, this.today);
      if (errors.length > 0) throw this.invalid(errors);
      const list = this.originals.get(caseId) ?? [];
      if (originalId !== null) {
        const i = list.findIndex((o) => o.id === originalId);
        if (i < 0) throw err("not_found", "対象のデータが見つかりません。");
        list[i] = { id: originalId, ...v };
      } else {
        list.push({ id: this.nextOriginalId++, ...v });
      }
      this.originals.set(caseId, list);
      const doc = docTypeLabel(v.docType);
      this.event(
        c,
        "original_logged",
        v.returnedOn ? `原本を返却: ${doc}（${v.returnedOn}・${v.returnMethod}）` : v.keptReason ? `原本を保管: ${doc}` : `原本を受領: ${doc}（${v.receivedOn}）`,
      );
      return this.verificationOf(c);
    });
  }

  // ---- 調査・決定 (investigation and decisions) ----
  /** 調査の記録, per case id. */
  investigationNotes = new Map<number, InvestigationNote[]>();
  /** The decision on each requested kind, per case id (one per kind). */
  decisions = new Map<number, FakeDecision[]>();
  /** Approvals and send-backs, oldest first, per case id. */
  approvals = new Map<number, FakeApproval[]>();
  private nextNoteId = 1;

  private decisionsOfCase(c: FakeCase): CaseDecisions {
    return decisionsOf(
      c.id,
      c.input.kinds,
      c.input.specificPersonalInfo,
      this.investigationNotes.get(c.id) ?? [],
      this.decisions.get(c.id) ?? [],
      this.approvals.get(c.id) ?? [],
    );
  }

  getDecisions(caseId: number): Promise<CaseDecisions> {
    return this.run("get_decisions", { caseId }, () => {
      this.requireSession();
      return this.decisionsOfCase(this.findCase(caseId));
    });
  }

  addInvestigationNote(caseId: number, searched: string, found: string): Promise<CaseDecisions> {
    return this.run("add_investigation_note", { caseId, searched, found }, () => {
      const s = this.requireSession();
      const c = this.findCase(caseId);
      const v = validateInvestigation(searched, found);
      if (v.errors.length > 0) throw this.invalid(v.errors);
      const list = this.investigationNotes.get(caseId) ?? [];
      list.push({ id: this.nextNoteId++, at: this.now(), by: s.displayName, searched: v.searched, found: v.found });
      this.investigationNotes.set(caseId, list);
      this.event(c, "investigation_noted", "調査を記録");
      return this.decisionsOfCase(c);
    });
  }

  /** As `Store::record_decision`: a change after approval needs approval again. */
  recordDecision(caseId: number, decision: DecisionInput): Promise<CaseDecisions> {
    return this.run("record_decision", { caseId, decision }, () => {
      const s = this.requireSession();
      const c = this.findCase(caseId);
      if (["completed", "withdrawn", "mistaken"].includes(c.status))
        throw this.invalid([{ field: "status", message: `「${STATUS_LABEL[c.status]}」の案件の決定は変えられません。` }]);
      const { value, errors } = validateDecision(decision, c.input.kinds);
      if (errors.length > 0) throw this.invalid(errors);
      const list = (this.decisions.get(caseId) ?? []).filter((d) => d.input.kind !== value.kind);
      list.push({ input: value, decidedBy: s.displayName, decidedById: s.userId, decidedAt: this.now() });
      this.decisions.set(caseId, list);
      this.event(c, "decision_recorded", decisionEventSummary(value.kind, value.outcome));
      return this.decisionsOfCase(c);
    });
  }

  /** As `Store::review_decisions`: 管理者 only, never the decider; approve → 回答準備, send back → 調査中. */
  reviewDecisions(caseId: number, approve: boolean, note: string): Promise<CaseDecisions> {
    return this.run("review_decisions", { caseId, approve, note }, () => {
      const s = this.requireAdmin();
      const c = this.findCase(caseId);
      const deciders = (this.decisions.get(caseId) ?? []).map((d) => d.decidedById);
      const problem = reviewError(c.status, approve, note, s.userId, deciders);
      if (problem) throw this.invalid([problem]);
      const why = note.trim();
      const next: CaseStatus = approve ? "preparing_reply" : "investigating";
      const at = this.now();
      const list = this.approvals.get(caseId) ?? [];
      list.push({ approved: approve, note: why, by: s.displayName, byId: s.userId, at });
      this.approvals.set(caseId, list);
      const from = c.status;
      c.status = next;
      c.updatedAt = at;
      this.event(c, "decisions_reviewed", reviewEventSummary(approve, why));
      this.event(c, "status_changed", `状態を変更: ${STATUS_LABEL[from]} → ${STATUS_LABEL[next]}`);
      return this.decisionsOfCase(c);
    });
  }


  // ---- 手数料・期限 (fees and the clock) -------------------------------------
  /**
   * The fee a case is expected to pay (yen), by case id: one line for the
   * case's kinds. Unset: from the fees of the case's policy (none: 0).
   */
  feeExpected = new Map<number, number>();
  /** Payments and refunds recorded, per case id. */
  payments = new Map<number, FakePayment[]>();
  /** 管理者 decisions on fees APPI 38条 does not allow, per case. */
  feeDecisions = new Map<number, FeeDecision>();
  /** Pauses of the clock, per case id. */
  clockPauses = new Map<number, FakePause[]>();
  private nextPaymentId = 1;
  private nextPauseId = 1;

  /** The latest version of the profile a case follows (its own, else the default). */
  private followedPolicy(c: FakeCase): PolicyBody | null {
    const p = this.policies.find((x) => x.id === c.input.policyId) ?? this.policies.find((x) => x.isDefault);
    return p ? latestOf(p).body : null;
  }

  private expectedOf(c: FakeCase): { expected: number; lines: FeeLine[] } {
    const fixed = this.feeExpected.get(c.id);
    if (fixed !== undefined) return fixedFee(fixed, c.input.kinds);
    const policy = this.followedPolicy(c);
    return policy ? expectedFee(policy, c.input.kinds) : { expected: 0, lines: [] };
  }

  private ledgerOfCase(c: FakeCase): FeeLedger {
    return ledgerOf(c.id, this.expectedOf(c), this.payments.get(c.id) ?? [], this.feeDecisions.get(c.id) ?? null);
  }

  /** 管理者 only, as `Store::decide_fee_warning`. */
  decideFeeWarning(caseId: number, keep: boolean): Promise<FeeLedger> {
    return this.run("decide_fee_warning", { caseId, keep }, () => {
      this.requireAdmin();
      const c = this.findCase(caseId);
      const before = this.ledgerOfCase(c);
      if (!before.needsDecision && !before.decision)
        throw err(ErrorCode.InvalidInput, "入力内容を確認してください。", [{ field: "decision", message: "この案件の手数料には法第38条の警告がありません。" }]);
      this.feeDecisions.set(caseId, { keep, by: this.session?.displayName ?? "", at: this.now() });
      this.event(c, "fee_warning_decided", keep ? "法第38条の警告を承知のうえ、ポリシーどおり手数料を請求" : "法第38条で認められない手数料を請求しないことに決定");
      return this.ledgerOfCase(c);
    });
  }

  private clockOfCase(c: FakeCase): Clock {
    const policy = this.followedPolicy(c);
    return clockOf(c.id, c.input.receivedOn, policy ? policy.deadline : null, this.clockPauses.get(c.id) ?? [], this.today);
  }

  private openPause(c: FakeCase, reason: PauseReason, from: string, note: string): void {
    const list = this.clockPauses.get(c.id) ?? [];
    list.push({ id: this.nextPauseId++, reason, fromOn: from, toOn: null, note });
    this.clockPauses.set(c.id, list);
    this.event(c, "clock_paused", `期限を停止（${pauseReasonLabel(reason)}、${from}から）`);
  }

  private closePause(c: FakeCase, pause: FakePause, to: string): void {
    pause.toOn = to;
    this.event(c, "clock_resumed", `期限を再開（${to}から）`);
  }

  getFeeLedger(caseId: number): Promise<FeeLedger> {
    return this.run("get_fee_ledger", { caseId }, () => {
      this.requireSession();
      return this.ledgerOfCase(this.findCase(caseId));
    });
  }

  /** As `Store::record_payment`: a payment that leaves the fee short opens a 手数料待ち pause, one that settles it ends it. */
  recordPayment(caseId: number, payment: PaymentInput): Promise<FeeLedger> {
    return this.run("record_payment", { caseId, payment }, () => {
      this.requireSession();
      const c = this.findCase(caseId);
      const { value: v, errors } = validatePayment(payment, this.today);
      if (errors.length > 0) throw this.invalid(errors);
      const p: FakePayment = { id: this.nextPaymentId++, input: v, amountYen: paymentAmount(v), createdAt: this.now() };
      const before = this.ledgerOfCase(c);
      const after = before.balanceYen + (v.direction === "in" ? p.amountYen : -p.amountYen);
      const pausesWhenWaiting = this.followedPolicy(c)?.deadline.pauseWhileWaiting ?? true;
      const openFee = (this.clockPauses.get(caseId) ?? []).find((x) => x.reason === "fee" && x.toOn === null);
      const list = this.payments.get(caseId) ?? [];
      list.push(p);
      this.payments.set(caseId, list);
      const verb = v.direction === "refund" ? "返金・返却" : "入金";
      this.event(c, "payment_recorded", `手数料の${verb}: ${yen(p.amountYen)}円（${paymentBreakdown(v)}）`);
      if (pausesWhenWaiting && before.expectedYen > 0) {
        if (after < 0 && !openFee) this.openPause(c, "fee", v.receivedOn, "手数料の不足分を待っています。");
        else if (after >= 0 && openFee) this.closePause(c, openFee, v.receivedOn);
      }
      return this.ledgerOfCase(c);
    });
  }

  getClock(caseId: number): Promise<Clock> {
    return this.run("get_clock", { caseId }, () => {
      this.requireSession();
      return this.clockOfCase(this.findCase(caseId));
    });
  }

  pauseClock(caseId: number, reason: PauseReason, from: string, note: string): Promise<Clock> {
    return this.run("pause_clock", { caseId, reason, from, note }, () => {
      this.requireSession();
      const c = this.findCase(caseId);
      const open = (this.clockPauses.get(caseId) ?? []).some((p) => p.toOn === null);
      const v = validatePause(from, note, c.input.receivedOn, this.today, open);
      if (v.errors.length > 0) throw this.invalid(v.errors);
      this.openPause(c, reason, v.from, v.note);
      return this.clockOfCase(c);
    });
  }

  resumeClock(caseId: number, to: string): Promise<Clock> {
    return this.run("resume_clock", { caseId, to }, () => {
      this.requireSession();
      const c = this.findCase(caseId);
      const open = (this.clockPauses.get(caseId) ?? []).find((p) => p.toOn === null);
      const v = validateResume(to, open, this.today);
      if (v.errors.length > 0) throw this.invalid(v.errors);
      this.closePause(c, open!, v.to);
      return this.clockOfCase(c);
    });
  }

  // ---- ポリシー (policy profiles) --------------------------------------------
  /** Policy profiles, each with its versions (oldest first). */
  policies: FakePolicy[] = [];
  /**
   * What the next import_policy's open dialog picks (queue): a file's policy,
   * or the error the core gives for a file it refuses. Empty = cancelled.
   */
  policyImports: Array<PolicyBody | ApiError> = [];
  private pendingPolicyImport: PolicyBody | null = null;
  /** What export_policy answers (false = the save dialog was cancelled). */
  exportPolicyResult = true;
  private nextPolicyId = 1;
  private nextPolicyVersionId = 1;

  /** Adds a profile as if saved earlier (no calls recorded); the first one is the default. */
  seedPolicy(body: PolicyBody, options: { isDefault?: boolean; versions?: number; warningsKept?: boolean } = {}): number {
    const id = this.nextPolicyId++;
    const at = this.now();
    const p: FakePolicy = { id, isDefault: false, updatedAt: at, versions: [] };
    for (let v = 1; v <= (options.versions ?? 1); v++) {
      p.versions.push({
        versionId: this.nextPolicyVersionId++,
        version: v,
        body: clone(body),
        createdAt: at,
        createdBy: "山田 太郎",
        warningsKept: options.warningsKept ?? false,
      });
    }
    this.policies.push(p);
    if (options.isDefault || this.policies.length === 1) for (const q of this.policies) q.isDefault = q.id === id;
    return id;
  }

  private findPolicy(id: number): FakePolicy {
    const p = this.policies.find((x) => x.id === id);
    if (!p) throw err("not_found", "ポリシーが見つかりません。");
    return p;
  }

  private policySummaries(): PolicySummary[] {
    return [...this.policies]
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || (latestOf(a).body.name < latestOf(b).body.name ? -1 : 1))
      .map((p) => {
        const v = latestOf(p);
        return { id: p.id, name: v.body.name, version: v.version, isDefault: p.isDefault, channels: v.body.channels, updatedAt: p.updatedAt };
      });
  }

  private policyDetail(p: FakePolicy): PolicyDetail {
    const v = latestOf(p);
    return {
      id: p.id,
      versionId: v.versionId,
      version: v.version,
      isDefault: p.isDefault,
      body: v.body,
      warnings: lintPolicyBody(v.body),
      versions: [...p.versions]
        .reverse()
        .map((x) => ({ version: x.version, createdAt: x.createdAt, createdBy: x.createdBy, warningsKept: x.warningsKept })),
      caseCount: this.cases.filter((c) => c.input.policyId === p.id).length,
    };
  }

  /** `Store::save_policy`: validate, the APPI warnings, the name, then a new profile or version. */
  private storePolicy(id: number | null, given: PolicyBody, keepWarnings: boolean): PolicyDetail {
    const session = this.requireAdmin();
    const body = trimPolicyBody(given);
    const fields = validatePolicyBody(body);
    if (fields.length > 0) throw err(ErrorCode.InvalidInput, fields.map((f) => f.message).join("\n"), fields);
    const warnings = lintPolicyBody(body);
    if (warnings.length > 0 && !keepWarnings) throw err("warnings", warnings.map((w) => w.message).join("\n"), warnings);
    const duplicate = this.policies.find((p) => latestOf(p).body.name === body.name);
    if (duplicate && duplicate.id !== id) {
      const message = "同じ名前のポリシーがあります。別の名前にしてください。";
      throw err(ErrorCode.InvalidInput, message, [{ field: "name", message }]);
    }
    let p: FakePolicy;
    if (id === null) {
      p = { id: this.nextPolicyId++, isDefault: this.policies.length === 0, updatedAt: "", versions: [] };
      this.policies.push(p);
    } else {
      p = this.findPolicy(id);
      if (JSON.stringify(latestOf(p).body) === JSON.stringify(body)) return this.policyDetail(p);
    }
    const at = this.now();
    p.versions.push({
      versionId: this.nextPolicyVersionId++,
      version: p.versions.length + 1,
      body,
      createdAt: at,
      createdBy: session.displayName,
      warningsKept: warnings.length > 0,
    });
    p.updatedAt = at;
    return this.policyDetail(p);
  }

  vocabulary(): Promise<Vocabulary> {
    return this.run("vocabulary", undefined, () => FAKE_VOCABULARY);
  }

  listPolicies(): Promise<PolicySummary[]> {
    return this.run("list_policies", undefined, () => {
      this.requireSession();
      return this.policySummaries();
    });
  }

  getPolicy(id: number): Promise<PolicyDetail> {
    return this.run("get_policy", { id }, () => {
      this.requireSession();
      return this.policyDetail(this.findPolicy(id));
    });
  }

  newPolicyBody(): Promise<PolicyBody> {
    return this.run("new_policy_body", undefined, () => templatePolicyBody());
  }

  lintPolicy(body: PolicyBody): Promise<PolicyWarning[]> {
    return this.run("lint_policy", { body }, () => lintPolicyBody(body));
  }

  savePolicy(id: number | null, body: PolicyBody, keepWarnings: boolean): Promise<PolicyDetail> {
    return this.run("save_policy", { id, body, keepWarnings }, () => this.storePolicy(id, body, keepWarnings));
  }

  setDefaultPolicy(id: number): Promise<PolicySummary[]> {
    return this.run("set_default_policy", { id }, () => {
      this.requireAdmin();
      this.findPolicy(id);
      for (const p of this.policies) p.isDefault = p.id === id;
      return this.policySummaries();
    });
  }

  exportPolicy(id: number): Promise<boolean> {
    return this.run("export_policy", { id }, () => {
      this.requireSession();
      this.findPolicy(id);
      return this.exportPolicyResult;
    });
  }

  importPolicy(keepWarnings: boolean): Promise<PolicyDetail | null> {
    return this.run("import_policy", { keepWarnings }, () => {
      this.requireAdmin();
      // Like the backend: a file stopped by warnings waits, so keeping them needs no second pick.
      const pending = keepWarnings ? this.pendingPolicyImport : null;
      this.pendingPolicyImport = null;
      const picked = pending ?? this.policyImports.shift();
      if (picked === undefined) return null;
      if ("code" in picked) throw clone(picked);
      try {
        return this.storePolicy(null, picked, keepWarnings);
      } catch (e) {
        if ((e as ApiError).code === ErrorCode.Warnings) this.pendingPolicyImport = picked;
        throw e;
      }
    });
  }

  // ---- 文書 (letters) ----
  letterTemplates: FakeTemplate[] = fakeTemplates();
  letters: Letter[] = [];
  letterOffsets: Offsets = { xMm: 0, yMm: 0 };
  printers: Printers = { printers: ["Madoguchi-PDF", "総務部-複合機"], default: "Madoguchi-PDF", unavailable: "" };
  /** What was sent to a printer: letter id (or "calibration") and printer. */
  printed: Array<{ letterId: number | "calibration"; printer: string }> = [];
  /** What the save dialogs answer: saved (true) or cancelled (false). */
  saveDialogAnswers = true;
  private nextLetterId = 1;
  private nextMailingId = 1;

  private template(key: string): FakeTemplate {
    const t = this.letterTemplates.find((x) => x.key === key);
    if (!t) throw err("not_found", "対象のデータが見つかりません。");
    return t;
  }

  private templateDetail(t: FakeTemplate): TemplateDetail {
    const n = t.versions.length;
    return {
      key: t.key,
      version: n,
      body: t.versions[n - 1]!.body,
      defaultBody: t.defaultBody,
      history: t.versions.map((v, i) => ({ version: i + 1, createdAt: v.at, createdBy: v.by })).reverse(),
    };
  }

  /** What the case lacks for a template (a coarse mirror of `letters::missing`). */
  private lettersMissing(c: FakeCase, key: string): MissingField[] {
    const out: MissingField[] = [];
    const need = (ok: boolean, name: string, reason: string) => {
      if (!ok) out.push({ name, reason });
    };
    const r = c.input.requester;
    need(!!r.name.trim(), "氏名", "請求者の氏名が入力されていません");
    need(!!r.postalCode.trim(), "郵便番号", "請求者の郵便番号が入力されていません");
    need(!!r.address.trim(), "住所", "請求者の住所が入力されていません");
    const scope = this.template(key).versions.at(-1)!.body.scope;
    const inScope = (k: string) =>
      scope === "all" ||
      (scope === "disclosure" && ["disclosure", "third_party_record"].includes(k)) ||
      (scope === "correction" && ["correction", "addition", "deletion"].includes(k)) ||
      (scope === "suspension" && ["suspension", "erasure", "stop_third_party"].includes(k)) ||
      (scope === "purpose" && k === "purpose_notice");
    switch (key) {
      case "id_documents_request":
        need(this.verificationOf(c).missing.length > 0, "不足書類", "本人確認で不足している書類はありません");
        break;
      case "fee_guidance":
        need(this.expectedOf(c).expected > 0, "手数料", "この案件には手数料がかかりません");
        break;
      case "fee_shortfall":
        need(this.ledgerOfCase(c).state === "short", "不足額", "手数料に不足はありません");
        break;
      case "originals_return":
        need((this.originals.get(c.id) ?? []).some((o) => !!o.returnedOn), "返却書類", "返却した原本の記録がありません（本人確認 › 原本）");
        break;
      case "acknowledgement":
      case "request_form":
        break;
      default: {
        const d = this.decisionsOfCase(c);
        const scoped = d.decisions.filter((k) => inScope(k.kind));
        const reason =
          scoped.length === 0
            ? "この案件に該当する請求がありません"
            : scoped.some((k) => !k.decision)
              ? "決定していない請求があります（調査・決定）"
              : d.needsApproval && !d.approved
                ? "管理者の承認がまだです（調査・決定）"
                : "";
        need(!reason, "決定内容", reason);
      }
    }
    return out;
  }

  private nextDocumentNo(): string {
    const year = this.today.slice(0, 4);
    const n = this.letters.filter((l) => l.issuedOn.startsWith(year)).length + 1;
    return `第${year}-${String(n).padStart(4, "0")}号`;
  }

  private findLetter(id: number): Letter {
    const l = this.letters.find((x) => x.id === id);
    if (!l) throw err("not_found", "対象のデータが見つかりません。");
    return l;
  }

  letterVocabulary(): Promise<LetterVocabulary> {
    return this.run("letter_vocabulary", {}, () => clone(FAKE_LETTER_VOCABULARY));
  }

  listLetterTemplates(): Promise<TemplateSummary[]> {
    return this.run("list_letter_templates", {}, () => {
      this.requireSession();
      return this.letterTemplates.map((t) => {
        const last = t.versions[t.versions.length - 1]!;
        return {
          key: t.key,
          name: last.body.name,
          version: t.versions.length,
          updatedAt: last.at,
          updatedBy: last.by,
          isDefault: JSON.stringify(last.body) === JSON.stringify(t.defaultBody),
        };
      });
    });
  }

  getLetterTemplate(key: string): Promise<TemplateDetail> {
    return this.run("get_letter_template", { key }, () => {
      this.requireSession();
      return this.templateDetail(this.template(key));
    });
  }

  saveLetterTemplate(key: string, body: TemplateBody): Promise<TemplateDetail> {
    return this.run("save_letter_template", { key, body }, () => {
      const who = this.requireAdmin();
      const t = this.template(key);
      const errors = validateTemplate(body);
      if (errors.length > 0) throw this.invalid(errors);
      if (JSON.stringify(t.versions.at(-1)!.body) !== JSON.stringify(body)) {
        t.versions.push({ body: clone(body), by: who.displayName, at: this.now() });
      }
      return this.templateDetail(t);
    });
  }

  previewLetterTemplate(body: TemplateBody, caseId: number | null): Promise<LetterPreview> {
    return this.run("preview_letter_template", { body, caseId }, () => {
      this.requireSession();
      const errors = validateTemplate(body);
      if (errors.length > 0) throw this.invalid(errors);
      const missing = caseId === null ? [] : this.lettersMissing(this.findCase(caseId), "acknowledgement");
      return { pdfBase64: PDF_STUB_BASE64, missing, documentNo: this.nextDocumentNo() };
    });
  }

  previewLetter(caseId: number, key: string): Promise<LetterPreview> {
    return this.run("preview_letter", { caseId, key }, () => {
      this.requireSession();
      const c = this.findCase(caseId);
      return { pdfBase64: PDF_STUB_BASE64, missing: this.lettersMissing(c, key), documentNo: this.nextDocumentNo() };
    });
  }

  letterReadiness(caseId: number): Promise<TemplateReadiness[]> {
    return this.run("letter_readiness", { caseId }, () => {
      this.requireSession();
      const c = this.findCase(caseId);
      return this.letterTemplates.map((t) => ({ key: t.key, name: t.versions.at(-1)!.body.name, missing: this.lettersMissing(c, t.key) }));
    });
  }

  issueLetter(caseId: number, key: string): Promise<Letter> {
    return this.run("issue_letter", { caseId, key }, () => {
      const who = this.requireSession();
      const c = this.findCase(caseId);
      const missing = this.lettersMissing(c, key);
      if (missing.length > 0)
        throw this.invalid([
          { field: "letter", message: "この文書に必要な情報が案件にないため、発行できません。" },
          ...missing.map((m) => ({ field: `field.${m.name}`, message: `・${m.name}：${m.reason}` })),
        ]);
      const t = this.template(key);
      const letter: Letter = {
        id: this.nextLetterId++,
        caseId,
        receiptNo: c.receiptNo,
        requesterName: c.input.requester.name,
        templateKey: key,
        templateName: t.versions.at(-1)!.body.name,
        templateVersion: t.versions.length,
        documentNo: this.nextDocumentNo(),
        issuedOn: this.today,
        createdBy: who.displayName,
        createdAt: this.now(),
        printedAt: null,
        mailings: [],
        hasPackage: key === "disclosure_decision" && c.input.disclosureMethod === "electronic",
      };
      this.letters.push(letter);
      this.event(c, "letter_issued", `文書を発行: ${letter.templateName}（${letter.documentNo}）`);
      return clone(letter);
    });
  }

  caseLetters(caseId: number): Promise<Letter[]> {
    return this.run("case_letters", { caseId }, () => {
      this.requireSession();
      return clone(this.letters.filter((l) => l.caseId === caseId));
    });
  }

  printQueue(): Promise<Letter[]> {
    return this.run("print_queue", {}, () => {
      this.requireSession();
      return clone(this.letters.filter((l) => l.printedAt === null));
    });
  }

  getLetterPdf(letterId: number): Promise<string> {
    return this.run("get_letter_pdf", { letterId }, () => {
      this.requireSession();
      this.findLetter(letterId);
      return PDF_STUB_BASE64;
    });
  }

  listPrinters(): Promise<Printers> {
    return this.run("list_printers", {}, () => clone(this.printers));
  }

  printLetter(letterId: number, printer: string): Promise<Letter> {
    return this.run("print_letter", { letterId, printer }, () => {
      this.requireSession();
      const l = this.findLetter(letterId);
      if (!this.printers.printers.includes(printer))
        throw err("invalid_input", "選んだプリンターが見つかりません。プリンターを選び直してください。");
      this.printed.push({ letterId, printer });
      l.printedAt ??= this.now();
      return clone(l);
    });
  }

  saveLetterPdf(letterId: number): Promise<Letter | null> {
    return this.run("save_letter_pdf", { letterId }, () => {
      this.requireSession();
      const l = this.findLetter(letterId);
      if (!this.saveDialogAnswers) return null;
      l.printedAt ??= this.now();
      return clone(l);
    });
  }

  recordMailing(letterId: number, input: MailingInput): Promise<MailingOutcome> {
    return this.run("record_mailing", { letterId, input }, () => {
      const who = this.requireSession();
      const l = this.findLetter(letterId);
      const errors = validateMailing(input, this.today);
      if (errors.length > 0) throw this.invalid(errors);
      l.mailings.push({
        id: this.nextMailingId++,
        sentOn: input.sentOn.trim().replace(/\//g, "-"),
        method: input.method,
        trackingNo: input.trackingNo.replace(/[-\s]/g, ""),
        postageYen: input.postageYen,
        note: input.note.trim(),
        createdBy: who.displayName,
        createdAt: this.now(),
      });
      l.printedAt ??= this.now();
      const c = this.findCase(l.caseId);
      const m = l.mailings[l.mailings.length - 1]!;
      this.event(c, "letter_mailed", `文書を発送: ${l.documentNo}（${m.sentOn}・${FAKE_LETTER_VOCABULARY.mailMethods.find((x) => x.code === m.method)?.label ?? ""}）`);
      const to = MOVES_TO[l.templateKey];
      let movedTo: MailingOutcome["movedTo"] = null;
      let message = "発送を記録しました。";
      if (to && to === c.status) {
        message = `発送を記録しました。案件は「${statusLabel[c.status]}」のままです。`;
      } else if (to && (NEXT_STATUSES[c.status] ?? []).includes(to)) {
        c.status = to;
        movedTo = to;
        message = `発送を記録し、案件を「${statusLabel[to]}」にしました。`;
      } else if (to) {
        message = `発送を記録しました。「${statusLabel[c.status]}」の案件は「${statusLabel[to]}」に進められないため、状態は変えていません。`;
      }
      return { letter: clone(l), movedTo, message };
    });
  }

  // ---- 保存期間と廃棄 --------------------------------------------------------

  /** Retention, approvals, 保全 and the 廃棄記録 (see fakeRetention.ts). */
  retention = new FakeRetention();

  /** The case was answered on `repliedOn` (its 保存期間 starts): the fake's cases have no 回答完了日 of their own. */
  seedReplied(caseId: number, repliedOn: string): void {
    this.findCase(caseId);
    this.retention.repliedOn.set(caseId, repliedOn);
  }

  private retentionFacts(c: FakeCase): RetentionFacts {
    return {
      id: c.id,
      receiptNo: c.receiptNo,
      status: c.status,
      channel: c.input.channel,
      kinds: c.input.kinds,
      receivedOn: c.input.receivedOn,
      enclosures: c.input.enclosures,
      originalsKept: (this.originals.get(c.id) ?? []).filter((o) => !o.returnedOn).map((o) => o.docType),
    };
  }

  private allRetentionFacts(): RetentionFacts[] {
    return this.cases.map((c) => this.retentionFacts(c));
  }

  /** Destroys what a disposal covers: the whole case, or its request documents (files and mail). */
  private dispose(item: DisposalItem): Disposed {
    const c = this.findCase(item.caseId);
    const outcomes = this.decisionsOfCase(c)
      .decisions.filter((k) => k.decision)
      .map((k) => outcomeText(k.kind, k.decision!.input.outcome));
    const files = c.attachments.length;
    const mails = c.mail ? 1 : 0;
    for (const a of c.attachments) {
      this.attachmentData.delete(a.id);
      this.attachmentDocs.delete(a.id);
    }
    if (item.scope === "documents") {
      c.attachments = [];
      c.mail = null;
      this.event(c, "documents_disposed", `請求書類を廃棄（ファイル${files}件・メール${mails}件）`);
      return { destroyed: { files, mails, letters: 0, events: 0 }, outcomes };
    }
    const letters = this.letters.filter((l) => l.caseId === c.id).length;
    const events = c.events.length;
    this.letters = this.letters.filter((l) => l.caseId !== c.id);
    for (const m of [
      this.originals,
      this.verificationMarks,
      this.investigationNotes,
      this.decisions,
      this.approvals,
      this.feeExpected,
      this.payments,
      this.feeDecisions,
      this.clockPauses,
    ] as Array<Map<number, unknown>>)
      m.delete(c.id);
    this.cases = this.cases.filter((x) => x.id !== c.id);
    return { destroyed: { files, mails, letters, events }, outcomes };
  }

  disposalQueue(): Promise<DisposalQueue> {
    return this.run("disposal_queue", {}, () => {
      this.requireSession();
      return this.retention.queue(this.allRetentionFacts(), this.today);
    });
  }

  caseRetention(caseId: number): Promise<RetentionInfo> {
    return this.run("case_retention", { caseId }, () => {
      this.requireSession();
      return this.retention.info(this.retentionFacts(this.findCase(caseId)));
    });
  }

  approveDisposals(items: DisposalTarget[]): Promise<DisposalQueue> {
    return this.run("approve_disposals", { items }, () => {
      const who = this.requireAdmin();
      for (const t of items) this.findCase(t.caseId);
      const problem = this.retention.approveError(this.allRetentionFacts(), items, this.today);
      if (problem) throw this.invalid([problem]);
      this.retention.approve(items, who.displayName, this.now());
      return this.retention.queue(this.allRetentionFacts(), this.today);
    });
  }

  withdrawDisposalApproval(item: DisposalTarget): Promise<DisposalQueue> {
    return this.run("withdraw_disposal_approval", { item }, () => {
      this.requireAdmin();
      this.findCase(item.caseId);
      const problem = this.retention.withdraw(item);
      if (problem) throw this.invalid([problem]);
      return this.retention.queue(this.allRetentionFacts(), this.today);
    });
  }

  performDisposals(): Promise<DisposalRun> {
    return this.run("perform_disposals", {}, () => {
      const who = this.requireSession();
      return this.retention.perform(this.allRetentionFacts(), this.today, who.displayName, this.now(), (item) => this.dispose(item));
    });
  }

  setLegalHold(caseId: number, reason: string): Promise<RetentionInfo> {
    return this.run("set_legal_hold", { caseId, reason }, () => {
      const who = this.requireSession();
      const c = this.findCase(caseId);
      const { value, error } = this.retention.holdReason(reason);
      if (error) throw this.invalid([error]);
      this.retention.setHold(caseId, value, who.displayName, this.now());
      this.event(c, "legal_hold_set", `保全: ${value}`);
      return this.retention.info(this.retentionFacts(c));
    });
  }

  releaseLegalHold(caseId: number): Promise<RetentionInfo> {
    return this.run("release_legal_hold", { caseId }, () => {
      this.requireAdmin();
      const c = this.findCase(caseId);
      const problem = this.retention.releaseHold(caseId);
      if (problem) throw this.invalid([problem]);
      this.event(c, "legal_hold_released", "保全を解除");
      return this.retention.info(this.retentionFacts(c));
    });
  }

  disposalRecords(year: number | null): Promise<DisposalRecord[]> {
    return this.run("disposal_records", { year }, () => {
      this.requireSession();
      return this.retention.recordsOf(year);
    });
  }

  markPaperShredded(itemId: number, shreddedOn: string): Promise<DisposalRecord> {
    return this.run("mark_paper_shredded", { itemId, shreddedOn }, () => {
      const who = this.requireSession();
      const check = this.retention.shredCheck(itemId, shreddedOn, this.today);
      if (check.error) throw this.invalid([check.error]);
      if (check.notFound || !check.record) throw err("not_found", "対象のデータが見つかりません。");
      return this.retention.shred(check.record, itemId, check.on, who.displayName);
    });
  }

  saveDisclosurePackage(letterId: number): Promise<string[] | null> {
    return this.run("save_disclosure_package", { letterId }, () => {
      this.requireSession();
      const l = this.findLetter(letterId);
      if (!l.hasPackage)
        throw this.invalid([{ field: "letter", message: "電磁的記録による開示の開示決定通知書にだけ、開示データを作成できます。" }]);
      if (!this.saveDialogAnswers) return null;
      const base = `${l.receiptNo}_${l.documentNo}`;
      return [`${base}_開示決定通知書.pdf`, `${base}_別紙_開示データ.pdf`, `${base}_別紙_開示データ.csv`];
    });
  }

  getLetterOffsets(): Promise<Offsets> {
    return this.run("get_letter_offsets", {}, () => {
      this.requireSession();
      return clone(this.letterOffsets);
    });
  }

  setLetterOffsets(offsets: Offsets): Promise<Offsets> {
    return this.run("set_letter_offsets", { offsets }, () => {
      this.requireAdmin();
      const errors: FieldError[] = [];
      if (!(Math.abs(offsets.xMm) <= 30)) errors.push({ field: "xMm", message: "横の調整は-30〜30mmの範囲で指定してください。" });
      if (!(Math.abs(offsets.yMm) <= 30)) errors.push({ field: "yMm", message: "縦の調整は-30〜30mmの範囲で指定してください。" });
      if (errors.length > 0) throw this.invalid(errors);
      this.letterOffsets = { xMm: Math.round(offsets.xMm * 10) / 10, yMm: Math.round(offsets.yMm * 10) / 10 };
      return clone(this.letterOffsets);
    });
  }

  saveCalibrationPage(): Promise<boolean> {
    return this.run("save_calibration_page", {}, () => {
      this.requireSession();
      return this.saveDialogAnswers;
    });
  }

  printCalibrationPage(printer: string): Promise<void> {
    return this.run("print_calibration_page", { printer }, () => {
      this.requireSession();
      if (!this.printers.printers.includes(printer))
        throw err("invalid_input", "選んだプリンターが見つかりません。プリンターを選び直してください。");
      this.printed.push({ letterId: "calibration", printer });
    });
  }

  // ---- 苦情・相談 ---------------------------------------------------------------

  /** 苦情・相談 (see fakeComplaints.ts): kept apart from the requests, so never in the register. */
  complaints = new FakeComplaints();

  private findComplaint(caseId: number) {
    const c = this.complaints.find(caseId);
    if (!c) throw err("not_found", "対象のデータが見つかりません。");
    return c;
  }

  listComplaints(openOnly: boolean): Promise<ComplaintSummary[]> {
    return this.run("list_complaints", { openOnly }, () => {
      this.requireSession();
      return this.complaints.list(openOnly);
    });
  }

  getComplaint(caseId: number): Promise<ComplaintDetail> {
    return this.run("get_complaint", { caseId }, () => {
      this.requireSession();
      return this.complaints.detailOf(this.findComplaint(caseId));
    });
  }

  createComplaint(input: ComplaintInput): Promise<ComplaintDetail> {
    return this.run("create_complaint", { input }, () => {
      this.requireSession();
      const { errors, value } = this.complaints.validate(input, this.today, (no) => this.cases.find((c) => c.receiptNo === no));
      if (errors.length > 0 || !value) throw this.invalid(errors);
      const year = value.receivedOn.slice(0, 4);
      const seq = this.cases.filter((c) => c.receiptNo.startsWith(year)).length + this.complaints.countInYear(year) + 1;
      const c = this.complaints.add({ ...value, caseId: this.nextCaseId++, receiptNo: `${year}-${String(seq).padStart(4, "0")}`, steps: {} });
      return this.complaints.detailOf(c);
    });
  }

  recordComplaintStep(caseId: number, input: StepInput): Promise<ComplaintDetail> {
    return this.run("record_complaint_step", { caseId, input }, () => {
      const who = this.requireSession();
      const c = this.findComplaint(caseId);
      const errors = this.complaints.recordStep(c, input, this.today, who.displayName, this.now());
      if (errors.length > 0) throw this.invalid(errors);
      return this.complaints.detailOf(c);
    });
  }

  // ---- 報告 ------------------------------------------------------------------

  /** Reports printed (print_report), by period and printer. */
  reportPrints: Array<{ period: Period; printer: string }> = [];
  /** Reports saved as PDF (save_report_pdf) and exported (export_report), once the dialog answered. */
  reportSaves: Period[] = [];
  reportExports: Array<{ period: Period; format: ExportFormat; personal: boolean }> = [];

  private reportCase(c: FakeCase): ReportCase {
    return {
      id: c.id,
      receivedOn: c.input.receivedOn,
      channel: c.input.channel,
      kinds: c.input.kinds,
      status: c.status,
      // The clock's due date (a policy's); without one, the register's simplified 30 days.
      dueOn: this.clockOfCase(c).dueOn ?? fakeDueOn(c.input.receivedOn),
      repliedOn: this.retention.repliedOn.get(c.id) ?? null,
      decisions: (this.decisions.get(c.id) ?? []).map((d) => ({ outcome: d.input.outcome, legalGround: d.input.legalGround })),
    };
  }

  /** As `Store::report`: the period checked (field errors on year / month), then the figures. */
  private reportOf(period: Period): Report {
    const days = periodDays(period);
    if ("error" in days) throw this.invalid([days.error]);
    return fakeReport(period, days, {
      cases: this.cases.map((c) => this.reportCase(c)),
      payments: [...this.payments.values()].flat().map((p) => ({
        method: p.input.method,
        direction: p.input.direction,
        receivedOn: p.input.receivedOn,
        amountYen: p.amountYen,
      })),
      complaints: this.complaints.list(false),
      disposals: this.retention.records.map((r) => r.performedAt),
    });
  }

  getReport(period: Period): Promise<Report> {
    return this.run("get_report", { period }, () => {
      this.requireSession();
      return this.reportOf(period);
    });
  }

  reportPdf(period: Period): Promise<string> {
    return this.run("report_pdf", { period }, () => {
      this.requireSession();
      this.reportOf(period);
      return PDF_STUB_BASE64;
    });
  }

  printReport(period: Period, printer: string): Promise<void> {
    return this.run("print_report", { period, printer }, () => {
      this.requireSession();
      this.reportOf(period);
      if (!this.printers.printers.includes(printer))
        throw err("invalid_input", "選んだプリンターが見つかりません。プリンターを選び直してください。");
      this.reportPrints.push({ period: clone(period), printer });
    });
  }

  saveReportPdf(period: Period): Promise<boolean> {
    return this.run("save_report_pdf", { period }, () => {
      this.requireSession();
      this.reportOf(period);
      if (!this.saveDialogAnswers) return false;
      this.reportSaves.push(clone(period));
      return true;
    });
  }

  /** Personal data for a 管理者 only (refused before the dialog); audited once saved. */
  exportReport(period: Period, format: ExportFormat, personal: boolean): Promise<boolean> {
    return this.run("export_report", { period, format, personal }, () => {
      const s = personal ? this.requireAdmin() : this.requireSession();
      const report = this.reportOf(period);
      if (!this.saveDialogAnswers) return false;
      this.reportExports.push({ period: clone(period), format, personal });
      const rows = report.received + report.complaints;
      this.recordAudit(s, "report.exported", `period=${periodLabel(period)};format=${format};personal=${personal ? 1 : 0};rows=${rows}`);
      return true;
    });
  }

  onStaged(listener: (staged: Staged) => void): () => void {
    this.stagedListeners.add(listener);
    return () => {
      this.stagedListeners.delete(listener);
    };
  }
}
