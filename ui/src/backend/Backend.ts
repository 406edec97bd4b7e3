import type {
  AppStatus,
  AuditStatus,
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

  auditStatus(): Promise<AuditStatus>;
}
