import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { UNEXPECTED_MESSAGE } from "./errors";
import { sampleInput } from "./fakeCases";
import { STAGED_EVENT, TauriBackend } from "./tauri";
import type { ApiError, CaseQuery, Staged } from "./types";

afterEach(() => {
  clearMocks();
});

/** Records every IPC call and answers `answer(cmd)`. */
function recordIpc(answer: (cmd: string) => unknown = () => null) {
  const calls: Array<{ cmd: string; args: unknown }> = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args ?? {} });
    return answer(cmd);
  });
  return calls;
}

describe("TauriBackend", () => {
  it("calls each command by its Rust name with the argument names the commands declare", async () => {
    const calls = recordIpc((cmd) => (cmd === "list_users" ? [] : cmd === "save_recovery_sheet" ? true : null));
    const input = sampleInput();
    const query: CaseQuery = {
      queue: null,
      search: "見本",
      statuses: ["received"],
      kinds: ["disclosure"],
      channels: ["post"],
      specificPersonalInfo: null,
      sort: "receipt_no_asc",
      page: 2,
      pageSize: 50,
    };
    const b = new TauriBackend();
    const org = { name: "n", deskName: "d", postalCode: "100-0001", address: "a", phone: "p", email: "e@x.jp" };
    await b.appStatus();
    await b.beginSetup({ organisation: org, admin: { username: "u", displayName: "D", password: "pw" } });
    await b.saveRecoverySheet();
    await b.finishSetup({ answers: ["ABCD", "EFGH"] });
    await b.cancelSetup();
    await b.unlock({ username: "u", password: "pw" });
    await b.recover({ recoveryKey: "K", username: "u", newPassword: "pw2" });
    await b.lock();
    await b.touch();
    await b.getOrganisation();
    await b.updateOrganisation(org);
    await b.listUsers();
    await b.addUser({ username: "v", displayName: "V", role: "officer", password: "pw" });
    await b.setUserActive({ userId: 3, active: false, password: null });
    await b.resetPassword({ userId: 3, newPassword: "pw3" });
    await b.getSettings();
    await b.updateSettings({ idleLockMinutes: 15, receiptFormat: "{YYYY}-{NNNN}" });
    await b.previewReceiptNo("{R}-{NNN}");
    await b.auditStatus();
    await b.listCases(query);
    await b.getCase(7);
    await b.newCaseInput("email");
    await b.checkDuplicates(input, null);
    await b.createCase(input, "mail-1", ["file-1", "file-2"]);
    await b.updateCase(7, input);
    await b.setCaseStatus(7, "withdrawn", "本人より取下げ");
    await b.pickEmlFiles();
    await b.pickScanFiles();
    await b.discardStaged(["mail-1"]);
    await b.addCaseFiles(7, ["file-3"]);
    await b.getAttachment(11);

    expect(calls).toEqual([
      { cmd: "app_status", args: {} },
      { cmd: "begin_setup", args: { request: { organisation: org, admin: { username: "u", displayName: "D", password: "pw" } } } },
      { cmd: "save_recovery_sheet", args: {} },
      { cmd: "finish_setup", args: { request: { answers: ["ABCD", "EFGH"] } } },
      { cmd: "cancel_setup", args: {} },
      { cmd: "unlock", args: { request: { username: "u", password: "pw" } } },
      { cmd: "recover", args: { request: { recoveryKey: "K", username: "u", newPassword: "pw2" } } },
      { cmd: "lock", args: {} },
      { cmd: "touch", args: {} },
      { cmd: "get_organisation", args: {} },
      { cmd: "update_organisation", args: { organisation: org } },
      { cmd: "list_users", args: {} },
      { cmd: "add_user", args: { request: { username: "v", displayName: "V", role: "officer", password: "pw" } } },
      { cmd: "set_user_active", args: { request: { userId: 3, active: false, password: null } } },
      { cmd: "reset_password", args: { request: { userId: 3, newPassword: "pw3" } } },
      { cmd: "get_settings", args: {} },
      { cmd: "update_settings", args: { settings: { idleLockMinutes: 15, receiptFormat: "{YYYY}-{NNNN}" } } },
      { cmd: "preview_receipt_no", args: { format: "{R}-{NNN}" } },
      { cmd: "audit_status", args: {} },
      { cmd: "list_cases", args: { query } },
      { cmd: "get_case", args: { id: 7 } },
      { cmd: "new_case_input", args: { channel: "email" } },
      { cmd: "check_duplicates", args: { input, excludeId: null } },
      { cmd: "create_case", args: { input, stagedMailId: "mail-1", stagedFileIds: ["file-1", "file-2"] } },
      { cmd: "update_case", args: { id: 7, input } },
      { cmd: "set_case_status", args: { id: 7, status: "withdrawn", reason: "本人より取下げ" } },
      { cmd: "pick_eml_files", args: {} },
      { cmd: "pick_scan_files", args: {} },
      { cmd: "discard_staged", args: { ids: ["mail-1"] } },
      { cmd: "add_case_files", args: { id: 7, stagedFileIds: ["file-3"] } },
      { cmd: "get_attachment", args: { attachmentId: 11 } },
    ]);
  });

  it("hands the payload of madoguchi://staged to the listener until it stops listening", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const b = new TauriBackend();
    const got: Staged[] = [];
    const stop = b.onStaged((s) => got.push(s));
    const staged: Staged = { mails: [], files: [], problems: ["memo.txt はメールではありません。"] };
    await new Promise((r) => setTimeout(r, 0)); // listen() registers asynchronously
    await emit(STAGED_EVENT, staged);
    expect(got).toEqual([staged]);
    stop();
    await emit(STAGED_EVENT, staged);
    expect(got).toHaveLength(1);
  });

  it("passes an ApiError through as it came", async () => {
    const apiError: ApiError = {
      code: "invalid_input",
      message: "入力内容を確認してください。",
      fields: [{ field: "postalCode", message: "郵便番号の形式が正しくありません。" }],
    };
    mockIPC(() => Promise.reject(apiError));
    await expect(new TauriBackend().unlock({ username: "u", password: "p" })).rejects.toEqual(apiError);
  });

  it("turns anything else (Tauri's own string errors) into a Japanese message", async () => {
    mockIPC(() => Promise.reject("command unlock not found"));
    await expect(new TauriBackend().unlock({ username: "u", password: "p" })).rejects.toEqual({
      code: "unexpected",
      message: UNEXPECTED_MESSAGE,
      fields: [],
    });
  });
});
