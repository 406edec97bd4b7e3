import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { CaseInput, CasePage, DisposalRecord } from "../../backend/types";
import { seedReplied } from "../../test/cases";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { createCase, sampleInput, signIn, type Who } from "../../test/seed";

const host = hostForFile();

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const answered = (name: string, over: Partial<CaseInput> = {}): CaseInput =>
  sampleInput({ receivedOn: "2025-10-01", channel: "email", requester: { name }, ...over });

/**
 * Today is 2026-12-10 (the host's). Kept 1 year after the reply (the default):
 * 2025-0001 (by post, with an ID copy and the request form) replied
 * 2025-11-01 → disposable from 2026-11-02; 2025-0002 → 2026-11-16;
 * 2025-0003 → 2026-12-02; 2025-0004 replied 2026-01-05 → 2027-01-06 (within
 * 60 days); 2025-0005 is still open. Each answered through the app's own
 * steps; `as` at the PC.
 */
async function desk(as: Who, before?: (h: Host) => Promise<void>): Promise<Host> {
  const h = host();
  await seedReplied(h, answered("見本 花子", { channel: "post", kinds: ["disclosure", "deletion"], enclosures: ["id_copy", "request_form", "stamps"] }), "2025-11-01");
  await seedReplied(h, answered("試験 一郎"), "2025-11-15");
  await seedReplied(h, answered("例題 次郎"), "2025-12-01");
  await seedReplied(h, answered("予定 四郎"), "2026-01-05");
  const open = await createCase(h, sampleInput({ receivedOn: "2025-10-01", requester: { name: "未了 五郎" } }));
  await h.call("set_case_status", { id: open.id, status: "investigating", reason: "" });
  if (before) await before(h);
  await h.call("lock");
  await signIn(h, as);
  return h;
}

async function openDisposal(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-disposal"));
  await screen.findByRole("heading", { name: "廃棄", level: 1 });
  await screen.findByTestId("disposal-upcoming");
}

const dueRows = () => screen.queryAllByTestId(/^disposal-row-/).map((r) => r.dataset.testid);

describe("廃棄予定", () => {
  it("lists what may be disposed of with its facts, and what comes within 60 days", async () => {
    const { user } = renderAppOnHost(await desk("admin"));
    await openDisposal(user);

    expect(dueRows()).toEqual(["disposal-row-2025-0001", "disposal-row-2025-0002", "disposal-row-2025-0003"]);
    const row = screen.getByTestId("disposal-row-2025-0001");
    for (const text of ["案件全体", "開示・削除", "2025/10/01", "2025/11/01", "回答完了から1年", "2026/11/02", "未承認"]) {
      expect(row).toHaveTextContent(text);
    }
    // Paper at the desk: what came by post (the stamps are used up).
    expect(row).toHaveTextContent("本人確認書類の写し（郵送で受領）");
    expect(row).toHaveTextContent("請求書・申請書（郵送で受領）");
    expect(row).not.toHaveTextContent("郵便切手");
    // By email: no paper.
    expect(screen.getByTestId("disposal-row-2025-0002")).toHaveTextContent("—");

    const upcoming = screen.getByTestId("disposal-upcoming");
    expect(within(upcoming).getByTestId("disposal-upcoming-2025-0004")).toHaveTextContent("2027/01/06");
    // The open case is in neither list.
    expect(screen.queryByText("2025-0005")).not.toBeInTheDocument();
  });

  it("a 管理者 approves the chosen cases, sees who approved, and may take an approval back", async () => {
    const { user, host: h } = renderAppOnHost(await desk("admin"));
    await openDisposal(user);

    const approve = screen.getByTestId("disposal-approve");
    expect(approve).toBeDisabled();
    expect(screen.getByTestId("disposal-perform")).toBeDisabled();
    await user.click(screen.getByTestId("disposal-select-2025-0001"));
    await user.click(screen.getByTestId("disposal-select-2025-0003"));
    expect(approve).toBeEnabled();
    expect(approve).toHaveTextContent("選択したものを承認（2件）");
    await user.click(approve);

    await waitFor(() => expect(screen.getByTestId("disposal-state-2025-0001")).toHaveTextContent("承認済（山田 太郎）"));
    expect(screen.getByTestId("disposal-state-2025-0003")).toHaveTextContent("承認済（山田 太郎）");
    expect(screen.getByTestId("disposal-state-2025-0002")).toHaveTextContent("未承認");
    expect(screen.getByTestId("disposal-message")).toHaveTextContent("2件の廃棄を承認しました。");
    expect(h.callsOf("approve_disposals")).toEqual([
      {
        items: [
          { caseId: 1, scope: "case" },
          { caseId: 3, scope: "case" },
        ],
      },
    ]);
    // Approved rows are no longer to choose; the approval is shown checked.
    expect(screen.getByTestId("disposal-select-2025-0001")).toBeDisabled();
    expect(screen.getByTestId("disposal-select-2025-0001")).toBeChecked();
    expect(screen.getByTestId("disposal-approve")).toBeDisabled();
    expect(screen.getByTestId("disposal-perform")).toBeEnabled();
    expect(screen.getByTestId("disposal-perform")).toHaveTextContent("（2件）");

    await user.click(screen.getByTestId("disposal-withdraw-2025-0003"));
    await waitFor(() => expect(screen.getByTestId("disposal-state-2025-0003")).toHaveTextContent("未承認"));
    expect(h.callsOf("withdraw_disposal_approval")).toEqual([{ item: { caseId: 3, scope: "case" } }]);
    expect(screen.getByTestId("disposal-message")).toHaveTextContent("2025-0003（案件全体）の承認を取り消しました。");
    expect(screen.queryByTestId("disposal-withdraw-2025-0003")).not.toBeInTheDocument();
    expect(screen.getByTestId("disposal-select-2025-0003")).toBeEnabled();
  });

  it("an officer cannot approve nor take back, but performs what a 管理者 approved", async () => {
    const h = await desk("officer", (h) => h.call("approve_disposals", { items: [{ caseId: 2, scope: "case" }] }));
    const { user } = renderAppOnHost(h);
    await openDisposal(user);

    expect(screen.getByTestId("disposal-state-2025-0002")).toHaveTextContent("承認済（山田 太郎）");
    expect(screen.queryByTestId("disposal-approve")).not.toBeInTheDocument();
    expect(screen.queryAllByTestId(/^disposal-select-/)).toHaveLength(0);
    expect(screen.queryByTestId("disposal-withdraw-2025-0002")).not.toBeInTheDocument();
    expect(screen.getByTestId("disposal-officer-note")).toHaveTextContent("承認は管理者が行います");

    await user.click(screen.getByTestId("disposal-perform"));
    await user.click(await screen.findByTestId("disposal-confirm-confirm"));
    await waitFor(() => expect(screen.getByTestId("disposal-result")).toHaveTextContent("1件を廃棄しました。"));
    expect(h.callsOf("perform_disposals")).toHaveLength(1);
    await waitFor(() => expect(dueRows()).toEqual(["disposal-row-2025-0001", "disposal-row-2025-0003"]));
  });

  it("a held case cannot be chosen nor approved; a hold set meanwhile is refused by the backend and said", async () => {
    const h = await desk("admin", (h) => h.call("set_legal_hold", { caseId: 2, reason: "紛争中（2026年11月 申入れ）" }));
    const { user } = renderAppOnHost(h);
    await openDisposal(user);

    const held = screen.getByTestId("disposal-row-2025-0002");
    expect(within(held).getByTestId("disposal-state-2025-0002")).toHaveTextContent("保全中：紛争中（2026年11月 申入れ）");
    const check = screen.getByTestId("disposal-select-2025-0002");
    expect(check).toBeDisabled();
    expect(check).not.toBeChecked();
    expect(check).toHaveAccessibleName("2025-0002は保全中のため承認できません");

    // すべて選ぶ takes the two that can be approved.
    await user.click(screen.getByTestId("disposal-select-all"));
    expect(screen.getByTestId("disposal-approve")).toHaveTextContent("（2件）");
    expect(check).not.toBeChecked();

    // Someone puts 2025-0003 on hold after the list was read: the backend refuses, nothing is approved.
    await h.call("set_legal_hold", { caseId: 3, reason: "行政の調査に備えて" });
    await user.click(screen.getByTestId("disposal-approve"));
    expect(await screen.findByTestId("disposal-error")).toHaveTextContent("2025-0003 は保全中のため承認できません。");
    expect(screen.getByTestId("disposal-state-2025-0001")).toHaveTextContent("未承認");
  });

  it("perform asks first and says it cannot be undone; then the approved case is gone, a held one is listed with its reason", async () => {
    const h = await desk("admin", (h) => h.call("set_legal_hold", { caseId: 2, reason: "紛争中" }));
    const { user } = renderAppOnHost(h);
    await openDisposal(user);

    await user.click(screen.getByTestId("disposal-select-2025-0001"));
    await user.click(screen.getByTestId("disposal-approve"));
    await waitFor(() => expect(screen.getByTestId("disposal-perform")).toBeEnabled());

    // キャンセル: nothing happens.
    await user.click(screen.getByTestId("disposal-perform"));
    const dialog = await screen.findByTestId("disposal-confirm");
    const text = within(dialog).getByTestId("disposal-confirm-text");
    expect(text).toHaveTextContent("この操作は元に戻せません。");
    expect(text).toHaveTextContent("2025-0001（案件全体）");
    expect(text).toHaveTextContent("1件の案件の個人データ");
    expect(text).toHaveTextContent("取り込んだメール、スキャンした書類をすべて消去します。");
    expect(text).toHaveTextContent("個人データを含まない廃棄記録");
    expect(text).toHaveTextContent("今日より前に作成したバックアップには、これらのデータがまだ含まれています。");
    await user.click(within(dialog).getByTestId("disposal-confirm-cancel"));
    expect(screen.queryByTestId("disposal-confirm")).not.toBeInTheDocument();
    expect(h.callsOf("perform_disposals")).toHaveLength(0);

    await user.click(screen.getByTestId("disposal-perform"));
    expect(await screen.findByTestId("disposal-confirm-confirm")).toHaveTextContent("1件を廃棄する");
    await user.click(screen.getByTestId("disposal-confirm-confirm"));

    const result = await screen.findByTestId("disposal-result");
    expect(result).toHaveTextContent("1件を廃棄しました。");
    expect(within(result).getByTestId("disposal-skipped-2025-0002")).toHaveTextContent("2025-0002（案件全体）：保全中：紛争中");
    // Two paper items of 2025-0001 are left to shred.
    expect(result).toHaveTextContent("紙の書類が2点あります");
    const register = await h.call<CasePage>("list_cases", {
      query: { search: "", queue: null, statuses: [], kinds: [], channels: [], specificPersonalInfo: null, sort: "received_desc", page: 0, pageSize: 50 },
    });
    expect(register.items.map((c) => c.receiptNo)).not.toContain("2025-0001");
    await waitFor(() => expect(dueRows()).toEqual(["disposal-row-2025-0002", "disposal-row-2025-0003"]));

    // The register no longer lists it.
    await user.click(screen.getByTestId("disposal-result-records"));
    expect(await screen.findByTestId("disposal-record-2025-0001")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-cases"));
    await screen.findByTestId("case-row-2025-0002");
    expect(screen.queryByTestId("case-row-2025-0001")).not.toBeInTheDocument();
  });

  it("says so when nothing may be disposed of", async () => {
    await signIn(host(), "admin");
    const { user } = renderAppOnHost(host());
    await openDisposal(user);
    expect(screen.getByTestId("disposal-empty")).toHaveTextContent("廃棄できる案件はありません。");
    expect(screen.getByTestId("disposal-upcoming-empty")).toBeInTheDocument();
    expect(screen.queryByTestId("disposal-perform")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("disposal-tab-records"));
    expect(await screen.findByTestId("disposal-records-empty")).toHaveTextContent("廃棄記録はありません。");
  });
});

describe("廃棄記録", () => {
  /** 2025-0001 disposed of today (2026-12-10) by 山田 太郎, approved by him. */
  async function disposed(): Promise<Host> {
    return desk("admin", async (h) => {
      await h.call("approve_disposals", { items: [{ caseId: 1, scope: "case" }] });
      await h.call("perform_disposals");
    });
  }

  async function openRecords(user: UserEvent) {
    await openDisposal(user);
    await user.click(screen.getByTestId("disposal-tab-records"));
    return screen.findByTestId("disposal-record-2025-0001");
  }

  it("shows what the record keeps, without personal data", async () => {
    const h = await disposed();
    const { user } = renderAppOnHost(h);
    const card = await openRecords(user);

    for (const text of [
      "2025-0001",
      "案件全体",
      "開示・削除",
      "郵送",
      "2025/10/01",
      "2025/11/01",
      "完了",
      "回答完了から1年",
      "2026/11/02",
      "山田 太郎（2026/12/10",
    ]) {
      expect(card).toHaveTextContent(text);
    }
    // The one letter is the 開示決定通知書 that answered it.
    expect(card).toHaveTextContent(/ファイル0件・メール0件・文書1件・履歴\d+件/);
    expect(card).not.toHaveTextContent("見本 花子");
    expect(card).toHaveTextContent("紙の書類 未処理2点");
  });

  it("a paper item is ticked with the day it was shredded; a future day is refused at the item", async () => {
    const h = await disposed();
    const { user } = renderAppOnHost(h);
    const card = await openRecords(user);
    const [record] = await h.call<DisposalRecord[]>("disposal_records", { year: null });
    const [first] = record!.paper;
    const id = first!.id;
    expect(within(card).getByTestId(`paper-item-${id}`)).toHaveTextContent("本人確認書類の写し（郵送で受領）");

    const date = within(card).getByTestId(`paper-date-${id}`);
    await user.clear(date);
    await user.type(date, "2099-01-01");
    await user.click(within(card).getByTestId(`paper-shred-${id}`));
    expect(await within(card).findByTestId(`paper-error-${id}`)).toHaveTextContent("廃棄日に未来の日付は入力できません。");
    expect(date).toHaveAttribute("aria-invalid", "true");

    // Enter in the date field records it.
    await user.clear(date);
    await user.type(date, "2026/12/10{Enter}");
    await waitFor(() => expect(within(card).getByTestId(`paper-status-${id}`)).toHaveTextContent("シュレッダー済（2026/12/10・山田 太郎）"));
    expect(h.callsOf("mark_paper_shredded")).toEqual([
      { itemId: id, shreddedOn: "2099-01-01" },
      { itemId: id, shreddedOn: "2026/12/10" },
    ]);
    expect(within(card).queryByTestId(`paper-error-${id}`)).not.toBeInTheDocument();
    expect(card).toHaveTextContent("紙の書類 未処理1点");
  });

  it("filters by the year performed", async () => {
    const h = await disposed();
    const { user } = renderAppOnHost(h);
    await openRecords(user);
    await user.selectOptions(screen.getByTestId("disposal-year"), "2026");
    await waitFor(() => expect(h.callsOf("disposal_records")).toContainEqual({ year: 2026 }));
    expect(await screen.findByTestId("disposal-record-2025-0001")).toBeInTheDocument();
  });
});
