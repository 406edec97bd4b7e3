import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { UNEXPECTED_MESSAGE } from "./errors";
import { sampleInput } from "../test/fixtures";
import { STAGED_EVENT, tauriBackend } from "./tauri";
import type { ApiError, Staged } from "./types";

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

describe("tauriBackend", () => {
  it("sends each generated method as its Rust command, with the arguments as camelCase keys", async () => {
    const calls = recordIpc();
    const b = tauriBackend();
    const methods = Object.keys(b).filter((m) => m !== "onStaged") as Array<keyof typeof b>;
    expect(methods.length).toBeGreaterThan(100);
    for (const m of methods) {
      const method = b[m] as (...args: unknown[]) => Promise<unknown>;
      // Each argument distinct, so the keys can be told apart.
      await method(...Array.from({ length: method.length }, (_, i) => `arg${i}`));
    }
    for (const [i, m] of methods.entries()) {
      expect(calls[i]!.cmd).toBe(m.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
      const args = calls[i]!.args as Record<string, unknown>;
      expect(Object.values(args)).toEqual(Array.from({ length: Object.keys(args).length }, (_, k) => `arg${k}`));
      for (const key of Object.keys(args)) expect(key).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
    // One spot check against the Rust signature check_duplicates(input, exclude_id).
    const input = sampleInput();
    await b.checkDuplicates(input, null);
    expect(calls.at(-1)).toEqual({ cmd: "check_duplicates", args: { input, excludeId: null } });
  });

  it("hands the payload of madoguchi://staged to the listener until it stops listening", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const b = tauriBackend();
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
    await expect(tauriBackend().unlock({ username: "u", password: "p" })).rejects.toEqual(apiError);
  });

  it("turns anything else (Tauri's own string errors) into a Japanese message", async () => {
    mockIPC(() => Promise.reject("command unlock not found"));
    await expect(tauriBackend().unlock({ username: "u", password: "p" })).rejects.toEqual({
      code: "unexpected",
      message: UNEXPECTED_MESSAGE,
      fields: [],
    });
  });
});
