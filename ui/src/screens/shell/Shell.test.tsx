import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queryKeys } from "../../lib/queries";
import type { AppStatus, AuditStatus, QueueCount } from "../../backend/types";
import { manyCases, seedCases } from "../../test/cases";
import { hostForFile } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { ORG, signIn, type Who } from "../../test/seed";

const host = hostForFile();

/** Signs `who` in on the host's store and opens the app. */
async function app(who: Who) {
  await signIn(host(), who);
  return renderAppOnHost(host());
}

afterEach(() => {
  vi.useRealTimers();
});

describe("シェル", () => {
  it("has every section in the sidebar (監査ログ for a 管理者), and who is signed in", async () => {
    await app("admin");
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
    await app("officer");
    expect(await screen.findByTestId("session-user")).toHaveTextContent("佐藤 花子");
    expect(screen.getByTestId("session-user")).toHaveTextContent("担当者");
  });

  it("ホーム greets by name with today's date in 西暦 and 和暦, and the audit log status", async () => {
    await signIn(host(), "admin");
    // What the store's log holds once the app has asked for the status.
    const { entries } = await host().call<AuditStatus>("audit_status");
    vi.useFakeTimers({ toFake: ["Date"] });
    // 9:30 in Japan, which is still the 20th on this PC (the tests run in California).
    vi.setSystemTime(new Date("2025-11-21T09:30:00+09:00"));
    renderAppOnHost(host());
    expect(await screen.findByText("山田 太郎さん、おはようございます。")).toBeInTheDocument();
    expect(screen.getByTestId("home-date-seireki")).toHaveTextContent("2025年11月21日（金）");
    expect(screen.getByTestId("home-date-wareki")).toHaveTextContent("令和7年11月21日");
    const audit = screen.getByTestId("home-audit-status");
    await waitFor(() => expect(audit).toHaveTextContent(`記録件数${entries.toLocaleString("en-US")}件`));
    expect(audit).toHaveTextContent("改ざん検知正常");
  });

  it("ホーム shows a broken audit chain as 異常 with where it broke", async () => {
    await signIn(host(), "admin");
    // Someone deleted the 3rd entry behind the app's back.
    await host().call("host.break_audit_chain", { seq: 3 });
    renderAppOnHost(host());
    const audit = await screen.findByTestId("home-audit-status");
    expect(await within(audit).findByRole("alert")).toHaveTextContent("異常（記録番号 3 で不整合を検出）");
    expect(audit).not.toHaveTextContent("正常");
  });

  it("ホーム lists the five newest cases under 最近の受付, linking to them", async () => {
    await seedCases(host(), manyCases(8));
    const { user, host: h } = renderAppOnHost(host());
    const panel = await screen.findByTestId("home-recent-cases");
    expect(within(panel).getByRole("heading")).toHaveTextContent("最近の受付");
    const receipts = within(panel)
      .getAllByRole("listitem")
      .map((li) => li.querySelector("button")?.textContent);
    expect(receipts).toEqual(["2026-0008", "2026-0007", "2026-0006", "2026-0005", "2026-0004"]);
    expect(h.callsOf("list_cases")).toContainEqual({ query: expect.objectContaining({ sort: "received_desc", page: 0, pageSize: 5 }) });
    await user.click(within(panel).getByTestId("home-recent-2026-0006"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0006");
  });

  it("ホーム shows the work queues; a click opens the register filtered to that queue", async () => {
    await seedCases(host(), manyCases(8));
    const queues = await host().call<QueueCount[]>("queue_counts");
    const overdue = queues.find((q) => q.queue === "overdue")!.count;
    // Received in January and due 30 days later: every one is late by December.
    expect(overdue).toBe(8);
    const { user, host: h } = renderAppOnHost(host());
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
    await waitFor(() => expect(h.callsOf("list_cases").at(-1)).toEqual({ query: expect.objectContaining({ queue: "overdue", page: 0 }) }));
    expect(screen.getByLabelText("作業")).toHaveValue("overdue");
    expect((await screen.findAllByText("期限超過", { selector: ".badge" })).length).toBeGreaterThan(0);
  });

  it("ホーム has no 最近の受付 while there is no case", async () => {
    const { host: h } = await app("officer");
    await screen.findByTestId("home-audit-status");
    await waitFor(() => expect(h.callsOf("list_cases")).toHaveLength(1));
    expect(screen.queryByTestId("home-recent-cases")).not.toBeInTheDocument();
  });

  it("Ctrl+N opens 受付", async () => {
    await app("officer");
    await screen.findByTestId("sidebar");
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    expect(await screen.findByTestId("case-form")).toBeInTheDocument();
    expect(screen.getByTestId("nav-intake")).toHaveAttribute("aria-current", "page");
  });

  it("ロック locks and shows the login screen, dropping what the session had read", async () => {
    const { user, host: h, client } = await app("admin");
    await user.click(await screen.findByTestId("nav-settings"));
    expect(await screen.findByTestId("org-name")).toHaveValue(ORG.name);
    expect(client.getQueryData(queryKeys.organisation)).toBeDefined();
    await user.click(screen.getByTestId("lock-button"));
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(h.callsOf("lock")).toHaveLength(1);
    expect((await h.call<AppStatus>("app_status")).phase).toBe("locked");
    expect(client.getQueryData(queryKeys.organisation)).toBeUndefined();
  });

  it("Ctrl+L locks", async () => {
    const { host: h } = await app("officer");
    await screen.findByTestId("sidebar");
    fireEvent.keyDown(window, { key: "l", ctrlKey: true });
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(h.callsOf("lock")).toHaveLength(1);
  });

  it("goes back to the login screen when a command answers `locked`", async () => {
    const { user } = await app("admin");
    await screen.findByTestId("sidebar");
    await host().call("host.idle_lock"); // the backend's own idle lock
    await user.click(screen.getByTestId("nav-settings")); // get_organisation → locked
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(screen.queryByTestId("sidebar")).not.toBeInTheDocument();
  });
});
