import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { FakeBackend } from "../../backend/fake";
import type { AuditFilter, SessionInfo } from "../../backend/types";
import { OFFICER, fakeSignedIn, renderApp, renderWithBackend } from "../../test/render";
import { AuditLogPage, formatAuditTime } from "./AuditLogPage";

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const NO_FILTER: AuditFilter = { actorId: null, from: "", to: "", receiptNo: "", action: "", offset: 0, limit: 100 };

/** The rows shown, top to bottom, by their 連番. */
const shownSeqs = () =>
  screen.queryAllByTestId(/^audit-row-\d+$/).map((r) => Number(r.dataset.testid!.slice("audit-row-".length)));
const shownCells = (testId: string) => screen.queryAllByTestId(testId).map((c) => c.textContent);
const searches = (fake: FakeBackend) => fake.callsOf("search_audit").map((a) => (a as { filter: AuditFilter }).filter);
const lastSearch = (fake: FakeBackend) => searches(fake).at(-1);

async function openAudit(fake: FakeBackend = fakeSignedIn("admin")) {
  const r = renderApp(fake);
  await r.user.click(await screen.findByTestId("nav-audit"));
  await screen.findByTestId("audit-table");
  return r;
}

/** Picks a 操作 by its label once the choices are read. */
async function chooseAction(user: UserEvent, label: string) {
  await screen.findByRole("option", { name: label });
  await user.selectOptions(screen.getByTestId("audit-filter-action"), label);
}

describe("監査ログ", () => {
  it("lists the log newest first with local times, the total and the page", async () => {
    const fake = fakeSignedIn("admin");
    await openAudit(fake);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("監査ログ");
    expect(shownSeqs()).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(screen.getByTestId("audit-total")).toHaveTextContent("14件");
    expect(screen.getByTestId("audit-page-info")).toHaveTextContent("1〜14件目 / 14件");
    expect(lastSearch(fake)).toEqual(NO_FILTER);

    const newest = within(screen.getByTestId("audit-row-14"));
    const at = new Date("2026-12-09T03:00:00.000Z");
    const p = (n: number) => String(n).padStart(2, "0");
    expect(newest.getByTestId("audit-row-at")).toHaveTextContent(
      `${at.getFullYear()}/${p(at.getMonth() + 1)}/${p(at.getDate())} ${p(at.getHours())}:00:00`,
    );
    expect(newest.getByTestId("audit-row-actor")).toHaveTextContent("山田 太郎");
    expect(newest.getByTestId("audit-row-action")).toHaveTextContent("案件登録");
    expect(newest.getByTestId("audit-row-target")).toHaveTextContent("案件 2026-0003");
    expect(newest.getByTestId("audit-row-detail")).toHaveTextContent("channel=counter");
    // Who else appears: the officer by name, the recovery key and the system in words.
    expect(within(screen.getByTestId("audit-row-13")).getByTestId("audit-row-actor")).toHaveTextContent("回復キー");
    expect(within(screen.getByTestId("audit-row-1")).getByTestId("audit-row-actor")).toHaveTextContent("システム");
    expect(within(screen.getByTestId("audit-row-4")).getByTestId("audit-row-actor")).toHaveTextContent("佐藤 花子");
    expect(screen.getByTestId("audit-prev")).toBeDisabled();
    expect(screen.getByTestId("audit-next")).toBeDisabled();
  });

  it("formats a log time with seconds in local time", () => {
    const d = new Date(2026, 11, 3, 22, 55, 46);
    expect(formatAuditTime(d.toISOString())).toBe("2026/12/03 22:55:46");
    expect(formatAuditTime("not a time")).toBe("not a time");
  });

  it("narrows to one action, sends it to the backend, and a group takes every action of it", async () => {
    const fake = fakeSignedIn("admin");
    const { user } = await openAudit(fake);
    expect(screen.getByTestId("audit-filter-action").querySelector("option")).toHaveTextContent("すべて");

    await chooseAction(user, "案件登録");
    // Nothing changes until the filter is applied.
    expect(shownSeqs()).toHaveLength(14);
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toEqual([14, 6, 4]));
    expect(shownCells("audit-row-action")).toEqual(["案件登録", "案件登録", "案件登録"]);
    expect(screen.getByTestId("audit-total")).toHaveTextContent("3件");
    expect(lastSearch(fake)).toEqual({ ...NO_FILTER, action: "case.created" });

    await chooseAction(user, "案件（すべて）");
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toEqual([14, 9, 7, 6, 4]));
    expect(lastSearch(fake)).toEqual({ ...NO_FILTER, action: "case" });

    await user.click(screen.getByTestId("audit-clear"));
    await waitFor(() => expect(shownSeqs()).toHaveLength(14));
    expect(screen.getByTestId("audit-filter-action")).toHaveValue("");
    expect(lastSearch(fake)).toEqual(NO_FILTER);
  });

  it("filters by 実行者, 期間 and 受付番号; Enter applies, but not the Enter that confirms a conversion", async () => {
    const fake = fakeSignedIn("admin");
    const { user } = await openAudit(fake);

    await screen.findByRole("option", { name: "佐藤 花子" });
    await user.selectOptions(screen.getByTestId("audit-filter-actor"), "佐藤 花子");
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toEqual([11, 10, 9, 8, 6, 5, 4]));
    expect(new Set(shownCells("audit-row-actor"))).toEqual(new Set(["佐藤 花子"]));
    expect(lastSearch(fake)).toEqual({ ...NO_FILTER, actorId: 2 });

    await user.selectOptions(screen.getByTestId("audit-filter-actor"), "すべて");
    fireEvent.change(screen.getByTestId("audit-filter-from"), { target: { value: "2026-12-02" } });
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "2026-12-04" } });
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toEqual([11, 10, 9, 8, 7, 6]));
    expect(lastSearch(fake)).toEqual({ ...NO_FILTER, from: "2026-12-02", to: "2026-12-04" });

    await user.click(screen.getByTestId("audit-clear"));
    await waitFor(() => expect(shownSeqs()).toHaveLength(14));
    const receipt = screen.getByTestId("audit-filter-receipt");
    await user.type(receipt, "2026-0001");
    const before = searches(fake).length;
    // The Enter that confirms a kana–kanji conversion does not apply the filter.
    fireEvent.keyDown(receipt, { key: "Enter", keyCode: 229 });
    await Promise.resolve();
    expect(searches(fake)).toHaveLength(before);
    await user.type(receipt, "{Enter}");
    await waitFor(() => expect(shownSeqs()).toEqual([9, 7, 5, 4]));
    expect(new Set(shownCells("audit-row-target"))).toEqual(new Set(["案件 2026-0001"]));
    expect(lastSearch(fake)).toEqual({ ...NO_FILTER, receiptNo: "2026-0001" });
  });

  it("shows the backend's refusal of a filter under the field it concerns", async () => {
    const fake = fakeSignedIn("admin");
    const { user } = await openAudit(fake);

    fireEvent.change(screen.getByTestId("audit-filter-from"), { target: { value: "2026-12-05" } });
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "2026-12-01" } });
    await user.click(screen.getByTestId("audit-apply"));
    expect(await screen.findByTestId("error-to")).toHaveTextContent("終了日は開始日以降にしてください。");
    expect(screen.getByTestId("audit-filter-to")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-from")).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit-table")).not.toBeInTheDocument();
    expect(screen.getByTestId("audit-filter-error")).toBeInTheDocument();
    // Refused once, not asked again.
    expect(searches(fake).filter((f) => f.to === "2026-12-01")).toHaveLength(1);

    // A day the backend cannot read (a date input in a WebView that lets anything be typed).
    fake.failNext("search_audit", {
      code: "invalid_input",
      message: "開始日は「2026-12-05」の形で入力してください。",
      fields: [{ field: "from", message: "開始日は「2026-12-05」の形で入力してください。" }],
    });
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "" } });
    await user.click(screen.getByTestId("audit-apply"));
    expect(await screen.findByTestId("error-from")).toHaveTextContent("開始日は「2026-12-05」の形で入力してください。");
    expect(screen.queryByTestId("error-to")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("audit-clear"));
    await user.type(screen.getByTestId("audit-filter-receipt"), "2099-9999");
    await user.click(screen.getByTestId("audit-apply"));
    expect(await screen.findByTestId("error-receiptNo")).toHaveTextContent("その受付番号の案件はありません。");
    expect(screen.queryByTestId("error-from")).not.toBeInTheDocument();

    // Corrected: the table is back and the error gone.
    await user.clear(screen.getByTestId("audit-filter-receipt"));
    await user.type(screen.getByTestId("audit-filter-receipt"), "2026-0002");
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toEqual([6]));
    expect(screen.queryByTestId("error-receiptNo")).not.toBeInTheDocument();
  });

  it("pages through the log 100 at a time", async () => {
    const fake = fakeSignedIn("admin");
    fake.auditLog = Array.from({ length: 250 }, (_, i) => ({
      seq: i + 1,
      at: new Date(Date.UTC(2026, 11, 1, 3, 0, i)).toISOString(),
      actorKind: "user" as const,
      actorId: 1,
      action: "case.viewed",
      target: "案件 2026-0001",
      detail: "",
    }));
    const { user } = await openAudit(fake);
    expect(screen.getByTestId("audit-total")).toHaveTextContent("250件");
    expect(screen.getByTestId("audit-page-info")).toHaveTextContent("1〜100件目 / 250件");
    expect(shownSeqs()).toHaveLength(100);
    expect(shownSeqs()[0]).toBe(250);

    await user.click(screen.getByTestId("audit-next"));
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent("101〜200件目 / 250件"));
    expect(shownSeqs()[0]).toBe(150);
    expect(lastSearch(fake)).toEqual({ ...NO_FILTER, offset: 100 });

    await user.click(screen.getByTestId("audit-next"));
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent("201〜250件目 / 250件"));
    expect(shownSeqs()).toHaveLength(50);
    expect(screen.getByTestId("audit-next")).toBeDisabled();

    await user.click(screen.getByTestId("audit-prev"));
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent("101〜200件目 / 250件"));

    // A new filter starts again at the first page.
    await chooseAction(user, "案件閲覧");
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent("1〜100件目 / 250件"));
    expect(lastSearch(fake)).toEqual({ ...NO_FILTER, action: "case.viewed", offset: 0 });
  });

  it("verifies the chain: 正常 with the count and the head hash", async () => {
    const fake = fakeSignedIn("admin");
    const { user } = await openAudit(fake);
    expect(screen.queryByTestId("audit-verify-result")).not.toBeInTheDocument();
    const before = fake.callsOf("audit_status").length;
    await user.click(screen.getByTestId("audit-verify"));
    expect(await screen.findByTestId("audit-verify-result")).toHaveTextContent("正常：42件の記録の連鎖を確認しました。");
    expect(fake.callsOf("audit_status").length).toBe(before + 1);
    expect(screen.getByTestId("audit-head-hash")).toHaveTextContent(/^9f2c4e1ab7d30000$/);
    expect(screen.getByTestId("audit-head-hash")).toHaveAttribute("title", "9f2c4e1ab7d3" + "0".repeat(52));
  });

  it("verifies the chain: a broken chain names the first entry that no longer fits", async () => {
    const fake = fakeSignedIn("admin");
    const { user } = await openAudit(fake);
    fake.audit = { entries: 42, ok: false, brokenAt: 5, headHash: "ab".repeat(32) };
    await user.click(screen.getByTestId("audit-verify"));
    const result = await screen.findByTestId("audit-verify-result");
    expect(result).toHaveAttribute("role", "alert");
    expect(result).toHaveTextContent("第5件目以降が改ざんされているおそれがあります。");
    expect(result).not.toHaveTextContent("正常");
    expect(screen.getByTestId("audit-head-hash")).toHaveTextContent("abababababababab");
  });

  it("exports what the filter selects as CSV, says so, and shows the export's own entry", async () => {
    const fake = fakeSignedIn("admin");
    const { user } = await openAudit(fake);
    await chooseAction(user, "案件登録");
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toEqual([14, 6, 4]));

    await user.click(screen.getByTestId("audit-export"));
    expect(await screen.findByTestId("audit-export-result")).toHaveTextContent("CSVを保存しました。書き出しは監査ログに記録されました。");
    expect(fake.callsOf("export_audit_csv")).toEqual([{ filter: { ...NO_FILTER, action: "case.created" } }]);
    const csv = fake.auditCsvs[0]!;
    expect(csv.startsWith("\u{feff}連番,")).toBe(true);
    expect(csv.trim().split("\r\n")).toHaveLength(1 + 3);

    // The export is in the log: seen once the filter takes it in.
    await user.click(screen.getByTestId("audit-clear"));
    await waitFor(() => expect(shownSeqs()[0]).toBe(15));
    const row = within(screen.getByTestId("audit-row-15"));
    expect(row.getByTestId("audit-row-action")).toHaveTextContent("監査ログ出力");
    expect(row.getByTestId("audit-row-actor")).toHaveTextContent("山田 太郎");
    expect(row.getByTestId("audit-row-detail")).toHaveTextContent("entries=3");
    expect(screen.getByTestId("audit-total")).toHaveTextContent("15件");
  });

  it("refreshes the table after an export and says nothing when the dialog is cancelled", async () => {
    const fake = fakeSignedIn("admin");
    const { user } = await openAudit(fake);
    await user.click(screen.getByTestId("audit-export"));
    await screen.findByTestId("audit-export-result");
    await waitFor(() => expect(shownSeqs()[0]).toBe(15));

    fake.saveDialogAnswers = false;
    await user.click(screen.getByTestId("audit-export"));
    await waitFor(() => expect(fake.callsOf("export_audit_csv")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("audit-export")).toBeEnabled());
    expect(screen.queryByTestId("audit-export-result")).not.toBeInTheDocument();
    expect(fake.auditCsvs).toHaveLength(1);
    expect(shownSeqs()[0]).toBe(15);
  });

  it("an officer sees only the explanation, and no menu entry", async () => {
    const fake = fakeSignedIn("officer");
    const session: SessionInfo = { userId: 2, username: OFFICER.username, displayName: OFFICER.displayName, role: "officer", viaRecovery: false };
    renderWithBackend(<AuditLogPage session={session} />, fake);
    expect(screen.getByTestId("audit-admin-only")).toHaveTextContent("監査ログは管理者だけが見られます。");
    expect(screen.queryByTestId("audit-verify")).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit-table")).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit-filter-action")).not.toBeInTheDocument();
    await Promise.resolve();
    expect(fake.callsOf("search_audit")).toHaveLength(0);
    expect(fake.callsOf("list_users")).toHaveLength(0);
  });

  it("the menu has 監査ログ for an administrator only", async () => {
    renderApp(fakeSignedIn("officer"));
    await screen.findByTestId("nav-home");
    expect(screen.queryByTestId("nav-audit")).not.toBeInTheDocument();
  });
});
