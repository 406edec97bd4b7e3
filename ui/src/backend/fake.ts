// In-memory stand-in for the Rust backend, for tests only (never imported by
// main.tsx, so it is not in the built app). It keeps just enough rules to
// exercise the UI's branches: validation with field errors, wrong passwords
// and the attempt limit, credential-store problems and recovery, permissions,
// the last administrator, duplicate users, locking.
import type { Backend } from "./Backend";
import { ErrorCode } from "./errors";
import type {
  ApiError,
  AppStatus,
  AuditStatus,
  FieldError,
  FinishSetupRequest,
  NewUserRequest,
  Organisation,
  Phase,
  RecoverRequest,
  ResetPasswordRequest,
  Role,
  SessionInfo,
  SetUserActiveRequest,
  Settings,
  SetupRequest,
  SetupStarted,
  UnlockRequest,
  UserInfo,
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
  | "audit_status";

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
}

const err = (code: string, message: string, fields: FieldError[] = []): ApiError => ({ code, message, fields });

const clone = <T>(v: T): T => structuredClone(v);

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
  pendingSetup: { request: SetupRequest; started: SetupStarted } | null = null;
  private nextId: number;
  private failures = new Map<CommandName, ApiError[]>();

  constructor(options: FakeOptions = {}) {
    this.phase = options.phase ?? "setup";
    this.organisation = clone(options.organisation ?? sampleOrganisation);
    this.settings = { idleLockMinutes: options.idleLockMinutes ?? 10 };
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
    this.phase = "locked";
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
    }));
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
      if (!this.pendingSetup) throw err("no_pending_setup", "初期設定をやり直してください。");
      return this.saveSheetResult;
    });
  }

  finishSetup(request: FinishSetupRequest): Promise<SessionInfo> {
    return this.run("finish_setup", request, () => {
      const pending = this.pendingSetup;
      if (!pending) throw err("no_pending_setup", "初期設定をやり直してください。");
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
      this.settings = { idleLockMinutes: m };
      return this.settings;
    });
  }

  auditStatus(): Promise<AuditStatus> {
    return this.run("audit_status", undefined, () => {
      this.requireSession();
      return this.audit;
    });
  }
}
