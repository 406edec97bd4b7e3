import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { ErrorCode } from "../../backend/errors";
import type { AuditFilter, AuditPage, AuditStatus, SessionInfo } from "../../backend/types";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost, renderOnHost } from "../../test/render";
import { createCase, OFFICER, sampleInput, signIn } from "../../test/seed";
import { AuditLogPage } from "./AuditLogPage";

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

/**
 * The log a desk has after a day's work: the first-run setup, the 担当者
 * registering two cases (2026-0001, 2026-0002), a mistyped password (the
 * failed sign-in is the system's entry), the 管理者 viewing a case.
 */
const host = hostForFile(async (h) => {
  await signIn(h, "officer");
  await createCase(h, sampleInput({ requester: { name: "見本 花子" } }));
  await createCase(h, sampleInput({ channel: "counter", requester: { name: "試験 一郎" } }));
  await h.call("lock");
  await h.call("unlock", { request: { username: "yamada", password: "wrong-password" } }).catch(() => undefined);
  await signIn(h, "admin");
  await h.call("get_case", { id: 1 });
});

const NO_FILTER: AuditFilter = { actorId: null, from: "", to: "", receiptNo: "", action: "", offset: 0, limit: 100 };

/** The rows shown, top to bottom, by their 連番. */
const shownSeqs = () =>
  screen.queryAllByTestId(/^audit-row-\d+$/).map((r) => Number(r.dataset.testid!.slice("audit-row-".length)));
const shownCells = (testId: string) => screen.queryAllByTestId(testId).map((c) => c.textContent);
const searches = (h: Host) => h.callsOf("search_audit").map((a) => (a as { filter: AuditFilter }).filter);
const lastSearch = (h: Host) => searches(h).at(-1);
/** What the core answers for `filter` (asked directly, not through the screen). */
const logOf = (h: Host, filter: Partial<AuditFilter> = {}) => h.call<AuditPage>("search_audit", { filter: { ...NO_FILTER, ...filter } });

async function openAudit() {
  await signIn(host(), "admin");
  const r = renderAppOnHost(host());
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
  it("lists the log newest first in Japan time, the total and the page", async () => {
    const { host: h } = await openAudit();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("監査ログ");
    const log = await logOf(h);
    expect(log.total).toBeGreaterThan(10);
    expect(shownSeqs()).toEqual(log.rows.map((r) => r.seq));
    expect(shownSeqs()).toEqual([...shownSeqs()].sort((a, b) => b - a));
    expect(screen.getByTestId("audit-total")).toHaveTextContent(`${log.total}件`);
    expect(screen.getByTestId("audit-page-info")).toHaveTextContent(`1〜${log.total}件目 / ${log.total}件`);
    expect(lastSearch(h)).toEqual(NO_FILTER);

    // The 担当者's second case, on the Japanese clock (UTC+9, whatever the PC's zone) to the second.
    const created = log.rows.find((r) => r.action === "case.created" && r.target === "案件 2026-0002")!;
    expect(created.at).toMatch(/Z$/);
    const row = within(screen.getByTestId(`audit-row-${created.seq}`));
    const jst = new Date(new Date(created.at).getTime() + 9 * 3_600_000);
    const p = (n: number) => String(n).padStart(2, "0");
    expect(row.getByTestId("audit-row-at")).toHaveTextContent(
      `${jst.getUTCFullYear()}/${p(jst.getUTCMonth() + 1)}/${p(jst.getUTCDate())} ${p(jst.getUTCHours())}:${p(jst.getUTCMinutes())}:${p(jst.getUTCSeconds())}`,
    );
    expect(row.getByTestId("audit-row-actor")).toHaveTextContent("佐藤 花子");
    expect(row.getByTestId("audit-row-action")).toHaveTextContent("案件登録");
    expect(row.getByTestId("audit-row-detail")).toHaveTextContent("channel=counter");
    // Who else appears: the 管理者 by name, the system (the failed sign-in) in words.
    expect(new Set(shownCells("audit-row-actor"))).toEqual(new Set(["山田 太郎", "佐藤 花子", "システム"]));
    expect(screen.getByTestId("audit-prev")).toBeDisabled();
    expect(screen.getByTestId("audit-next")).toBeDisabled();
  });

  it("narrows to one action, sends it to the backend, and a group takes every action of it", async () => {
    const { user, host: h } = await openAudit();
    const all = (await logOf(h)).rows.length;
    expect(screen.getByTestId("audit-filter-action").querySelector("option")).toHaveTextContent("すべて");

    await chooseAction(user, "案件登録");
    // Nothing changes until the filter is applied.
    expect(shownSeqs()).toHaveLength(all);
    await user.click(screen.getByTestId("audit-apply"));
    const created = await logOf(h, { action: "case.created" });
    expect(created.rows).toHaveLength(2);
    await waitFor(() => expect(shownSeqs()).toEqual(created.rows.map((r) => r.seq)));
    expect(shownCells("audit-row-action")).toEqual(["案件登録", "案件登録"]);
    expect(screen.getByTestId("audit-total")).toHaveTextContent("2件");
    expect(lastSearch(h)).toEqual({ ...NO_FILTER, action: "case.created" });

    // A group: registration and the 管理者's view of 2026-0001.
    await chooseAction(user, "案件（すべて）");
    await user.click(screen.getByTestId("audit-apply"));
    const cases = await logOf(h, { action: "case" });
    expect(cases.rows.map((r) => r.action).sort()).toEqual(["case.created", "case.created", "case.viewed"]);
    await waitFor(() => expect(shownSeqs()).toEqual(cases.rows.map((r) => r.seq)));
    expect(lastSearch(h)).toEqual({ ...NO_FILTER, action: "case" });

    await user.click(screen.getByTestId("audit-clear"));
    await waitFor(() => expect(shownSeqs()).toHaveLength(all));
    expect(screen.getByTestId("audit-filter-action")).toHaveValue("");
    expect(lastSearch(h)).toEqual(NO_FILTER);
  });

  it("filters by 実行者, 期間 and 受付番号; Enter applies, but not the Enter that confirms a conversion", async () => {
    const { user, host: h } = await openAudit();
    const all = (await logOf(h)).rows.length;

    await screen.findByRole("option", { name: "佐藤 花子" });
    await user.selectOptions(screen.getByTestId("audit-filter-actor"), "佐藤 花子");
    await user.click(screen.getByTestId("audit-apply"));
    const officer = await logOf(h, { actorId: 2 });
    await waitFor(() => expect(shownSeqs()).toEqual(officer.rows.map((r) => r.seq)));
    expect(new Set(shownCells("audit-row-actor"))).toEqual(new Set(["佐藤 花子"]));
    expect(lastSearch(h)).toEqual({ ...NO_FILTER, actorId: 2 });

    // Today (the host's clock) holds all of it; the day before, nothing.
    await user.selectOptions(screen.getByTestId("audit-filter-actor"), "すべて");
    fireEvent.change(screen.getByTestId("audit-filter-from"), { target: { value: "2026-12-09" } });
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "2026-12-09" } });
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(lastSearch(h)).toEqual({ ...NO_FILTER, from: "2026-12-09", to: "2026-12-09" }));
    expect((await logOf(h, { from: "2026-12-09", to: "2026-12-09" })).total).toBe(0);
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "2026-12-10" } });
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toHaveLength(all));

    await user.click(screen.getByTestId("audit-clear"));
    await waitFor(() => expect(shownSeqs()).toHaveLength(all));
    const receipt = screen.getByTestId("audit-filter-receipt");
    await user.type(receipt, "2026-0001");
    const before = searches(h).length;
    // The Enter that confirms a kana–kanji conversion does not apply the filter.
    fireEvent.keyDown(receipt, { key: "Enter", keyCode: 229 });
    await Promise.resolve();
    expect(searches(h)).toHaveLength(before);
    await user.type(receipt, "{Enter}");
    const first = await logOf(h, { receiptNo: "2026-0001" });
    await waitFor(() => expect(shownSeqs()).toEqual(first.rows.map((r) => r.seq)));
    expect(new Set(shownCells("audit-row-target"))).toEqual(new Set(["案件 2026-0001"]));
    expect(lastSearch(h)).toEqual({ ...NO_FILTER, receiptNo: "2026-0001" });
  });

  it("shows the backend's refusal of a filter under the field it concerns", async () => {
    const { user, host: h } = await openAudit();

    fireEvent.change(screen.getByTestId("audit-filter-from"), { target: { value: "2026-12-05" } });
    fireEvent.change(screen.getByTestId("audit-filter-to"), { target: { value: "2026-12-01" } });
    await user.click(screen.getByTestId("audit-apply"));
    expect(await screen.findByTestId("error-to")).toHaveTextContent("終了日は開始日以降にしてください。");
    expect(screen.getByTestId("audit-filter-to")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-from")).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit-table")).not.toBeInTheDocument();
    expect(screen.getByTestId("audit-filter-error")).toBeInTheDocument();
    // Refused once, not asked again.
    expect(searches(h).filter((f) => f.to === "2026-12-01")).toHaveLength(1);

    // A day the backend cannot read (a date input in a WebView that lets anything be typed).
    h.failNext("search_audit", {
      code: ErrorCode.InvalidInput,
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
    const second = await logOf(h, { receiptNo: "2026-0002" });
    await waitFor(() => expect(shownSeqs()).toEqual(second.rows.map((r) => r.seq)));
    expect(screen.queryByTestId("error-receiptNo")).not.toBeInTheDocument();
  });

  it("pages through the log 100 at a time", async () => {
    // The 管理者 views 2026-0001 until the log runs to three pages: every view is audited.
    const h = host();
    await signIn(h, "admin");
    const start = (await logOf(h)).total;
    for (let i = 0; start + i < 249; i++) await h.call("get_case", { id: 1 });
    const { user } = await openAudit();
    // Opening the 監査ログ is not itself an entry; 250 now, the sign-in included.
    const total = (await logOf(h)).total;
    expect(total).toBe(250);
    expect(screen.getByTestId("audit-total")).toHaveTextContent("250件");
    expect(screen.getByTestId("audit-page-info")).toHaveTextContent("1〜100件目 / 250件");
    expect(shownSeqs()).toHaveLength(100);
    expect(shownSeqs()[0]).toBe(250);

    await user.click(screen.getByTestId("audit-next"));
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent("101〜200件目 / 250件"));
    expect(shownSeqs()[0]).toBe(150);
    expect(lastSearch(h)).toEqual({ ...NO_FILTER, offset: 100 });

    await user.click(screen.getByTestId("audit-next"));
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent("201〜250件目 / 250件"));
    expect(shownSeqs()).toHaveLength(50);
    expect(screen.getByTestId("audit-next")).toBeDisabled();

    await user.click(screen.getByTestId("audit-prev"));
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent("101〜200件目 / 250件"));

    // A new filter starts again at the first page.
    await chooseAction(user, "案件閲覧");
    await user.click(screen.getByTestId("audit-apply"));
    const views = await logOf(h, { action: "case.viewed" });
    await waitFor(() => expect(screen.getByTestId("audit-page-info")).toHaveTextContent(`1〜100件目 / ${views.total}件`));
    expect(lastSearch(h)).toEqual({ ...NO_FILTER, action: "case.viewed", offset: 0 });
  });

  it("verifies the chain: 正常 with the count and the head hash", async () => {
    const { user, host: h } = await openAudit();
    expect(screen.queryByTestId("audit-verify-result")).not.toBeInTheDocument();
    const before = h.callsOf("audit_status").length;
    await user.click(screen.getByTestId("audit-verify"));
    const result = await screen.findByTestId("audit-verify-result");
    const status = await h.call<AuditStatus>("audit_status");
    expect(status.ok).toBe(true);
    expect(result).toHaveTextContent(`正常：${status.entries}件の記録の連鎖を確認しました。`);
    expect(h.callsOf("audit_status").length).toBe(before + 1);
    expect(status.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(screen.getByTestId("audit-head-hash")).toHaveTextContent(new RegExp(`^${status.headHash.slice(0, 16)}$`));
    expect(screen.getByTestId("audit-head-hash")).toHaveAttribute("title", status.headHash);
  });

  it("verifies the chain: a broken chain names the first entry that no longer fits", async () => {
    const { user, host: h } = await openAudit();
    // Someone deletes the 5th entry behind the app's back.
    await h.call("host.break_audit_chain", { seq: 5 });
    await user.click(screen.getByTestId("audit-verify"));
    const result = await screen.findByTestId("audit-verify-result");
    expect(result).toHaveAttribute("role", "alert");
    expect(result).toHaveTextContent("第5件目以降が改ざんされているおそれがあります。");
    expect(result).not.toHaveTextContent("正常");
  });

  it("exports what the filter selects as CSV, says so, and shows the export's own entry", async () => {
    const { user, host: h } = await openAudit();
    const saveDir = mkdtempSync(join(tmpdir(), "madoguchi-audit-"));
    await h.call("host.save_dir", { dir: saveDir });
    await chooseAction(user, "案件登録");
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(shownSeqs()).toHaveLength(2));
    const before = (await logOf(h)).total;

    await user.click(screen.getByTestId("audit-export"));
    expect(await screen.findByTestId("audit-export-result")).toHaveTextContent("CSVを保存しました。書き出しは監査ログに記録されました。");
    expect(h.callsOf("export_audit_csv")).toEqual([{ filter: { ...NO_FILTER, action: "case.created" } }]);
    const [file] = readdirSync(saveDir);
    const csv = readFileSync(join(saveDir, file!), "utf8");
    expect(csv.startsWith("\u{feff}連番,")).toBe(true);
    expect(csv.trim().split("\r\n")).toHaveLength(1 + 2);

    // The export is in the log: seen once the filter takes it in.
    await user.click(screen.getByTestId("audit-clear"));
    await waitFor(() => expect(shownSeqs()[0]).toBe(before + 1));
    const row = within(screen.getByTestId(`audit-row-${before + 1}`));
    expect(row.getByTestId("audit-row-action")).toHaveTextContent("監査ログ出力");
    expect(row.getByTestId("audit-row-actor")).toHaveTextContent("山田 太郎");
    expect(row.getByTestId("audit-row-detail")).toHaveTextContent("entries=2");
    expect(screen.getByTestId("audit-total")).toHaveTextContent(`${before + 1}件`);
  });

  it("refreshes the table after an export and says nothing when the dialog is cancelled", async () => {
    const { user, host: h } = await openAudit();
    const saveDir = mkdtempSync(join(tmpdir(), "madoguchi-audit-"));
    await h.call("host.save_dir", { dir: saveDir });
    const before = (await logOf(h)).total;
    await user.click(screen.getByTestId("audit-export"));
    await screen.findByTestId("audit-export-result");
    await waitFor(() => expect(shownSeqs()[0]).toBe(before + 1));

    // The save dialog is cancelled this time.
    await h.call("host.save_dir", { dir: "" });
    await user.click(screen.getByTestId("audit-export"));
    await waitFor(() => expect(h.callsOf("export_audit_csv")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("audit-export")).toBeEnabled());
    expect(screen.queryByTestId("audit-export-result")).not.toBeInTheDocument();
    expect(readdirSync(saveDir)).toHaveLength(1);
    expect(shownSeqs()[0]).toBe(before + 1);
  });

  it("an officer sees only the explanation, and no menu entry", async () => {
    const session: SessionInfo = await signIn(host(), "officer");
    expect(session).toMatchObject({ userId: 2, username: OFFICER.username, role: "officer" });
    const { host: h } = renderOnHost(<AuditLogPage session={session} />, host());
    expect(await screen.findByTestId("audit-admin-only")).toHaveTextContent("監査ログは管理者だけが見られます。");
    expect(screen.queryByTestId("audit-verify")).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit-table")).not.toBeInTheDocument();
    expect(screen.queryByTestId("audit-filter-action")).not.toBeInTheDocument();
    await Promise.resolve();
    expect(h.callsOf("search_audit")).toHaveLength(0);
    expect(h.callsOf("list_users")).toHaveLength(0);
  });

  it("the menu has 監査ログ for an administrator only", async () => {
    await signIn(host(), "officer");
    renderAppOnHost(host());
    await screen.findByTestId("nav-home");
    expect(screen.queryByTestId("nav-audit")).not.toBeInTheDocument();
  });
});
