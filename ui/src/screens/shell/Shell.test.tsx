import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queryKeys } from "../../lib/queries";
import { fakeDueOn } from "../../backend/fakeCases";
import { manyCases } from "../../test/cases";
import { fakeSignedIn, renderApp } from "../../test/render";

afterEach(() => {
  vi.useRealTimers();
});

describe("シェル", () => {
  it("has every section in the sidebar (監査ログ for a 管理者), and who is signed in", async () => {
    renderApp(fakeSignedIn("admin"));
    const sidebar = await screen.findByTestId("sidebar");
    const nav = within(sidebar).getByRole("navigation", { name: "メインメニュー" });
    const items = within(nav).getAllByRole("button").map((b) => b.textContent);
    expect(items).toEqual(["ホーム", "受付", "案件一覧", "苦情・相談", "印刷", "報告", "廃棄", "監査ログ", "設定"]);
    expect(screen.getByTestId("nav-intake")).toHaveAttribute("aria-keyshortcuts", "Control+N");
    expect(screen.getByTestId("nav-cases")).toHaveAttribute("aria-keyshortcuts", "Control+F");
    expect(screen.getByTestId("nav-home")).toHaveAttribute("aria-current", "page");
    expect(within(sidebar).getByText("窓口")).toBeInTheDocument();
    expect(screen.getByTestId("session-user")).toHaveTextContent("山田 太郎");
    expect(screen.getByTestId("session-user")).toHaveTextContent("管理者");
  });

  it("shows an officer as 担当者", async () => {
    renderApp(fakeSignedIn("officer"));
    expect(await screen.findByTestId("session-user")).toHaveTextContent("佐藤 花子");
    expect(screen.getByTestId("session-user")).toHaveTextContent("担当者");
  });

  it("ホーム greets by name with today's date in 西暦 and 和暦, and the audit log status", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2025, 10, 21, 9, 30));
    renderApp(fakeSignedIn("admin"));
    expect(await screen.findByText("山田 太郎さん、おはようございます。")).toBeInTheDocument();
    expect(screen.getByTestId("home-date-seireki")).toHaveTextContent("2025年11月21日（金）");
    expect(screen.getByTestId("home-date-wareki")).toHaveTextContent("令和7年11月21日");
    const audit = screen.getByTestId("home-audit-status");
    await waitFor(() => expect(audit).toHaveTextContent("記録件数42件"));
    expect(audit).toHaveTextContent("改ざん検知正常");
  });

  it("ホーム shows a broken audit chain as 異常 with where it broke", async () => {
    renderApp(fakeSignedIn("admin", { audit: { entries: 1234, ok: false, brokenAt: 17, headHash: "ab".repeat(32) } }));
    const audit = await screen.findByTestId("home-audit-status");
    await waitFor(() => expect(audit).toHaveTextContent("1,234件"));
    expect(within(audit).getByRole("alert")).toHaveTextContent("異常（記録番号 17 で不整合を検出）");
    expect(audit).not.toHaveTextContent("正常");
  });

  it("ホーム lists the five newest cases under 最近の受付, linking to them", async () => {
    const { user, fake } = renderApp(fakeSignedIn("officer", { cases: manyCases(8) }));
    const panel = await screen.findByTestId("home-recent-cases");
    expect(within(panel).getByRole("heading")).toHaveTextContent("最近の受付");
    const receipts = within(panel)
      .getAllByRole("listitem")
      .map((li) => li.querySelector("button")?.textContent);
    expect(receipts).toEqual(["2026-0008", "2026-0007", "2026-0006", "2026-0005", "2026-0004"]);
    expect(fake.callsOf("list_cases")).toContainEqual({ query: expect.objectContaining({ sort: "received_desc", page: 0, pageSize: 5 }) });
    await user.click(within(panel).getByTestId("home-recent-2026-0006"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0006");
  });

  it("ホーム shows the work queues; a click opens the register filtered to that queue", async () => {
    const { user, fake } = renderApp(fakeSignedIn("officer", { cases: manyCases(8) }));
    const overdue = fake.cases.filter((c) => fakeDueOn(c.input.receivedOn) < fake.today).length;
    const card = await screen.findByTestId("home-queue-overdue");
    await waitFor(() => expect(card).toHaveAccessibleName(`期限超過 ${overdue}件`));
    expect(within(screen.getByTestId("home-queues")).getAllByRole("button").map((b) => b.getAttribute("data-testid"))).toEqual([
      "home-queue-overdue",
      "home-queue-due_this_week",
      "home-queue-awaiting_fee",
      "home-queue-awaiting_documents",
      "home-queue-awaiting_approval",
      "home-print-queue",
    ]);
    await user.click(card);
    await screen.findByTestId("cases-filter-queue");
    await waitFor(() => expect(fake.callsOf("list_cases").at(-1)).toEqual({ query: expect.objectContaining({ queue: "overdue", page: 0 }) }));
    expect(screen.getByLabelText("作業")).toHaveValue("overdue");
    if (overdue > 0) expect(screen.getAllByText("期限超過", { selector: ".badge" }).length).toBeGreaterThan(0);
  });

  it("ホーム has no 最近の受付 while there is no case", async () => {
    const { fake } = renderApp(fakeSignedIn("officer"));
    await screen.findByTestId("home-audit-status");
    await waitFor(() => expect(fake.callsOf("list_cases")).toHaveLength(1));
    expect(screen.queryByTestId("home-recent-cases")).not.toBeInTheDocument();
  });

  it("Ctrl+N opens 受付", async () => {
    renderApp(fakeSignedIn("officer"));
    await screen.findByTestId("sidebar");
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    expect(await screen.findByTestId("case-form")).toBeInTheDocument();
    expect(screen.getByTestId("nav-intake")).toHaveAttribute("aria-current", "page");
  });

  it("ロック locks and shows the login screen, dropping what the session had read", async () => {
    const { user, fake, client } = renderApp(fakeSignedIn("admin"));
    await user.click(await screen.findByTestId("nav-settings"));
    expect(await screen.findByTestId("org-name")).toHaveValue("株式会社サンプル商事");
    expect(client.getQueryData(queryKeys.organisation)).toBeDefined();
    await user.click(screen.getByTestId("lock-button"));
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(fake.callsOf("lock")).toHaveLength(1);
    expect(fake.phase).toBe("locked");
    expect(client.getQueryData(queryKeys.organisation)).toBeUndefined();
  });

  it("Ctrl+L locks", async () => {
    const { fake } = renderApp(fakeSignedIn("officer"));
    await screen.findByTestId("sidebar");
    fireEvent.keyDown(window, { key: "l", ctrlKey: true });
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(fake.callsOf("lock")).toHaveLength(1);
  });

  it("goes back to the login screen when a command answers `locked`", async () => {
    const { user, fake } = renderApp(fakeSignedIn("admin"));
    await screen.findByTestId("sidebar");
    fake.lockFromBackend(); // e.g. the backend's own idle lock
    await user.click(screen.getByTestId("nav-settings")); // get_organisation → locked
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(screen.queryByTestId("sidebar")).not.toBeInTheDocument();
  });
});
