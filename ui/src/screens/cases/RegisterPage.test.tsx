import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { isoDay } from "../../lib/dates";
import { describe, expect, it } from "vitest";
import type { CaseQuery } from "../../backend/types";
import { manyCases, seedCases } from "../../test/cases";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { sampleInput, signIn } from "../../test/seed";

const host = hostForFile();

const DEFAULT_QUERY: CaseQuery = {
  search: "",
  queue: null,
  statuses: [],
  kinds: [],
  channels: [],
  specificPersonalInfo: null,
  sort: "received_desc",
  page: 0,
  pageSize: 50,
};

function queries(h: Host): CaseQuery[] {
  return (h.callsOf("list_cases") as Array<{ query: CaseQuery }>).map((c) => c.query).filter((q) => q.pageSize === 50);
}

const lastQuery = (h: Host) => queries(h).at(-1);

/** Seeds `cases` and opens the app signed in as the 担当者. */
async function appWith(cases: Parameters<typeof seedCases>[1]) {
  await seedCases(host(), cases);
  return renderAppOnHost(host());
}

async function openRegister(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-cases"));
}

function rowIds() {
  return within(screen.getByTestId("cases-table"))
    .getAllByRole("row")
    .slice(1)
    .map((r) => r.getAttribute("data-testid")?.replace("case-row-", ""));
}

describe("案件一覧", () => {
  it("says so when there are no cases yet", async () => {
    await signIn(host(), "officer");
    const { user, host: h } = renderAppOnHost(host());
    await openRegister(user);
    expect(await screen.findByTestId("cases-empty")).toHaveTextContent("まだ案件がありません。「受付」から登録してください。");
    expect(queries(h)).toEqual([DEFAULT_QUERY]);
    await user.click(within(screen.getByTestId("cases-empty")).getByRole("button", { name: "受付へ" }));
    expect(screen.getByTestId("nav-intake")).toHaveAttribute("aria-current", "page");
  });

  it("shows the columns an officer scans, newest first; closed cases greyed", async () => {
    const { user } = await appWith([
        {
          input: sampleInput({
            receivedOn: "2026-11-20",
            channel: "email",
            requester: { name: "見本 花子", kana: "ミホン ハナコ" },
            kinds: ["disclosure", "deletion"],
            specificPersonalInfo: true,
          }),
        },
        { input: sampleInput({ receivedOn: "2026-12-01", requester: { name: "高橋 一郎", kana: "タカハシ イチロウ" } }), status: "withdrawn" },
    ]);
    await openRegister(user);
    const table = await screen.findByTestId("cases-table");
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((h) => h.textContent?.replace(/[▲▼↕]/g, ""));
    expect(headers).toEqual(["受付番号", "受付日", "氏名", "請求内容", "経路", "回答期限", "状態"]);
    expect(rowIds()).toEqual(["2026-0002", "2026-0001"]);
    const first = screen.getByTestId("case-row-2026-0001");
    const cells = within(first).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["2026-0001", "2026/11/20令和8年11月20日", "ミホン ハナコ見本 花子", "開示・削除 特定個人情報", "メール", isoDay() > "2026-12-20" ? "2026/12/20期限超過" : "2026/12/20", "受付"]);
    expect(screen.getByTestId("case-row-2026-0002")).toHaveClass("table__row--muted");
    expect(within(screen.getByTestId("case-row-2026-0002")).getByText("取下げ")).toHaveClass("badge--muted");
    expect(first).not.toHaveClass("table__row--muted");
  });

  it("searches 250 ms after the last key, with the whole text only", async () => {
    const { user, host: h } = await appWith(manyCases(12));
    await openRegister(user);
    await screen.findByTestId("cases-table");
    const box = screen.getByTestId("cases-search");
    expect(box).toHaveAttribute("placeholder", "受付番号・氏名・フリガナ・メール・電話・メール本文で検索");
    // Typed with a pause shorter than 250 ms: one query, for the whole text.
    await user.type(box, "ﾀｶ");
    await new Promise((r) => setTimeout(r, 120));
    await user.type(box, "ﾊｼ");
    await waitFor(() => expect(lastQuery(h)).toEqual({ ...DEFAULT_QUERY, search: "ﾀｶﾊｼ" }));
    // No query for the half-typed text.
    expect(queries(h).map((q) => q.search)).toEqual(["", "ﾀｶﾊｼ"]);
    await waitFor(() => expect(rowIds()).toEqual(["2026-0012", "2026-0007", "2026-0002"]));
    expect(screen.getByTestId("cases-page-info")).toHaveTextContent("1–3 / 全3件");

    await user.clear(box);
    await user.type(box, "該当なしの文字列");
    expect(await screen.findByTestId("cases-empty")).toHaveTextContent("該当する案件はありません");
  });

  it("filters by 状態, 種類, 経路 and 特定個人情報 with the right query, back on page 1", async () => {
    const { user, host: h } = await appWith(manyCases(120));
    await openRegister(user);
    await screen.findByTestId("cases-table");
    await user.click(screen.getByTestId("cases-page-next"));
    await waitFor(() => expect(lastQuery(h)?.page).toBe(1));

    await user.selectOptions(screen.getByTestId("cases-filter-status"), "received");
    await waitFor(() => expect(lastQuery(h)).toEqual({ ...DEFAULT_QUERY, statuses: ["received"] }));
    await user.selectOptions(screen.getByTestId("cases-filter-kind"), "deletion");
    await user.selectOptions(screen.getByTestId("cases-filter-channel"), "email");
    await user.selectOptions(screen.getByTestId("cases-filter-specific"), "yes");
    await waitFor(() =>
      expect(lastQuery(h)).toEqual({
        ...DEFAULT_QUERY,
        statuses: ["received"],
        kinds: ["deletion"],
        channels: ["email"],
        specificPersonalInfo: true,
      }),
    );
    // i % 4 == 0 (削除), i % 3 == 0 (メール), i % 10 == 0 (特定): 1, 61 → receipt 0001, 0061.
    await waitFor(() => expect(rowIds()).toEqual(["2026-0061", "2026-0001"]));
    await user.selectOptions(screen.getByTestId("cases-filter-specific"), "no");
    await waitFor(() => expect(lastQuery(h)?.specificPersonalInfo).toBe(false));
    await user.click(screen.getByTestId("cases-filter-clear"));
    await waitFor(() => expect(lastQuery(h)).toEqual(DEFAULT_QUERY));
  });

  it("sorts by clicking the headers", async () => {
    const { user, host: h } = await appWith(manyCases(6));
    await openRegister(user);
    await screen.findByTestId("cases-table");
    expect(screen.getByTestId("cases-sort-received").closest("th")).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByTestId("cases-sort-receipt"));
    await waitFor(() => expect(lastQuery(h)?.sort).toBe("receipt_no_desc"));
    await user.click(screen.getByTestId("cases-sort-receipt"));
    await waitFor(() => expect(lastQuery(h)?.sort).toBe("receipt_no_asc"));
    await waitFor(() => expect(rowIds()).toEqual(["2026-0001", "2026-0002", "2026-0003", "2026-0004", "2026-0005", "2026-0006"]));
    expect(screen.getByTestId("cases-sort-receipt").closest("th")).toHaveAttribute("aria-sort", "ascending");
    expect(screen.getByTestId("cases-sort-received").closest("th")).toHaveAttribute("aria-sort", "none");

    await user.click(screen.getByTestId("cases-sort-name"));
    await waitFor(() => expect(lastQuery(h)?.sort).toBe("name_asc"));
    await user.click(screen.getByTestId("cases-sort-received"));
    await waitFor(() => expect(lastQuery(h)?.sort).toBe("received_desc"));
    await user.click(screen.getByTestId("cases-sort-received"));
    await waitFor(() => expect(lastQuery(h)?.sort).toBe("received_asc"));
  });

  it("pages 50 at a time", async () => {
    const { user, host: h } = await appWith(manyCases(123));
    await openRegister(user);
    await screen.findByTestId("cases-table");
    const info = screen.getByTestId("cases-page-info");
    expect(info).toHaveTextContent("1–50 / 全123件");
    expect(rowIds()).toHaveLength(50);
    expect(screen.getByTestId("cases-page-prev")).toBeDisabled();

    await user.click(screen.getByTestId("cases-page-next"));
    await waitFor(() => expect(info).toHaveTextContent("51–100 / 全123件"));
    expect(lastQuery(h)).toEqual({ ...DEFAULT_QUERY, page: 1 });
    await user.click(screen.getByTestId("cases-page-next"));
    await waitFor(() => expect(info).toHaveTextContent("101–123 / 全123件"));
    expect(rowIds()).toHaveLength(23);
    expect(screen.getByTestId("cases-page-next")).toBeDisabled();
    await user.click(screen.getByTestId("cases-page-prev"));
    await waitFor(() => expect(lastQuery(h)?.page).toBe(1));
  });

  it("moves between rows with the arrow keys and opens one with Enter; filters stay when coming back", async () => {
    const { user, host: h } = await appWith(manyCases(5));
    await openRegister(user);
    await screen.findByTestId("cases-table");
    await user.selectOptions(screen.getByTestId("cases-filter-channel"), "post");
    await waitFor(() => expect(rowIds()).toEqual(["2026-0005", "2026-0003", "2026-0002"]));

    // From the search box, ↓ goes into the table.
    screen.getByTestId("cases-search").focus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("case-row-2026-0005")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("case-row-2026-0003")).toHaveFocus();
    expect(screen.getByTestId("case-row-2026-0003")).toHaveAttribute("tabindex", "0");
    expect(screen.getByTestId("case-row-2026-0005")).toHaveAttribute("tabindex", "-1");
    await user.keyboard("{End}");
    expect(screen.getByTestId("case-row-2026-0002")).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(screen.getByTestId("case-row-2026-0003")).toHaveFocus();
    await user.keyboard("{Enter}");

    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0003");
    expect(h.callsOf("get_case")).toEqual([{ id: 3 }]);
    await user.click(screen.getByTestId("case-back"));
    await waitFor(() => expect(screen.getByTestId("case-row-2026-0003")).toHaveFocus());
    expect(screen.getByTestId("cases-filter-channel")).toHaveValue("post");
    expect(lastQuery(h)).toEqual({ ...DEFAULT_QUERY, channels: ["post"] });

    // A click opens a row too.
    await user.click(screen.getByTestId("case-row-2026-0002"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0002");
  });

  it("Ctrl+F opens the register with the cursor in the search box", async () => {
    await appWith(manyCases(2));
    await screen.findByTestId("home-audit-status");
    fireEvent.keyDown(window, { key: "f", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("cases-search")).toHaveFocus());
    expect(screen.getByTestId("nav-cases")).toHaveAttribute("aria-current", "page");
  });
});
