import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tauriBackend } from "../backend/tauri";
import type { ApiError, CaseView } from "../backend/types";
import { ErrorCode } from "../backend/errors";
import { Host, TODAY } from "./host";
import { createCase, policyBody, sampleInput, savePolicy, setUpStore, signIn } from "./seed";

let host: Host;
beforeAll(async () => {
  host = Host.start();
  host.install();
  await setUpStore(host);
  await savePolicy(host, await policyBody(host));
  await host.call("lock");
  await host.call("host.snapshot", { name: "base" });
});
afterAll(() => host.stop());

describe("the UI tests' host", () => {
  it("runs the app's own commands through the generated client, on a real store, on TODAY", async () => {
    await host.call("host.restore", { name: "base" });
    const backend = tauriBackend();
    await expect(backend.listUsers()).rejects.toMatchObject({ code: ErrorCode.Locked });
    const session = await signIn(host, "officer");
    expect(session.role).toBe("officer");
    const blank = await backend.newCaseInput("post");
    expect(blank.receivedOn).toBe(TODAY);
    const made: CaseView = await createCase(host, sampleInput({ receivedOn: "2026-12-01" }));
    expect(made.receiptNo).toBe("2026-0001");
    // The core's due date under the default policy, not a copy of its rule.
    const clock = await backend.getClock(made.id);
    expect(clock.receivedOn).toBe("2026-12-01");
    expect(clock.dueOn).not.toBeNull();
    // Bad input: the core's Japanese message at the field.
    const bad = await backend.createCase(sampleInput({ requester: { name: "" } }), null, []).catch((e: ApiError) => e);
    expect(bad).toMatchObject({ code: ErrorCode.InvalidInput, fields: [{ field: "requester.name", message: "請求者の氏名を入力してください。" }] });
  });

  it("starts each test from the snapshot", async () => {
    await host.call("host.restore", { name: "base" });
    await signIn(host, "admin");
    const page = await tauriBackend().listCases({
      search: "",
      queue: null,
      statuses: [],
      kinds: [],
      channels: [],
      specificPersonalInfo: null,
      sort: "received_desc",
      page: 0,
      pageSize: 50,
    });
    expect(page.total).toBe(0);
  });
});
