import type {
  AppStatus,
  AttachmentData,
  AuditStatus,
  CaseInput,
  CasePage,
  CaseQuery,
  CaseRow,
  CaseStatus,
  CaseView,
  Channel,
  FinishSetupRequest,
  NewUserRequest,
  Organisation,
  RecoverRequest,
  ResetPasswordRequest,
  SessionInfo,
  SetUserActiveRequest,
  Settings,
  SetupRequest,
  SetupStarted,
  Staged,
  UnlockRequest,
  UserInfo,
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
  /** `set_case_status` — 取下げ or 誤登録, with the reason (only from 受付). */
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

  /**
   * The `madoguchi://staged` event: files dropped onto the window, read and
   * staged by the backend. Returns the function that stops listening.
   */
  onStaged(listener: (staged: Staged) => void): () => void;
}
