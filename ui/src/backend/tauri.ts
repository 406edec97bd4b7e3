import { invoke } from "@tauri-apps/api/core";
import type { Backend } from "./Backend";
import { toApiError } from "./errors";
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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    // Never log: errors may echo what the person typed.
    throw toApiError(e);
  }
}

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
  auditStatus(): Promise<AuditStatus> {
    return call("audit_status");
  }
}
