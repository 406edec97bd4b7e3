import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { ErrorCode } from "../../backend/errors";
import type { Letter } from "../../backend/types";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { createCase, sampleInput, signIn } from "../../test/seed";

const host = hostForFile();

// pdf.js needs a real canvas and a worker: the previews are checked against this stand-in.
const pdf = vi.hoisted(() => ({ openPdf: vi.fn() }));
vi.mock("../../lib/pdf", () => ({ openPdf: pdf.openPdf }));

beforeEach(() => {
  pdf.openPdf.mockReset();
  pdf.openPdf.mockImplementation(async () => ({
    numPages: 1,
    pageSize: async () => ({ width: 595, height: 842 }),
    renderPage: async () => undefined,
    destroy: () => undefined,
  }));
});

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const input = (name: string) =>
  sampleInput({ receivedOn: "2026-12-01", requester: { name, postalCode: "100-0001", address: "東京都千代田区千代田1-1" } });

/**
 * Two cases, three letters issued and waiting: 1 and 3 for 見本 花子
 * (2026-0001), 2 for 試験 一郎 (2026-0002); the OS offers two printers; the
 * 担当者 at the PC.
 */
async function threeWaiting(): Promise<Host> {
  const h = host();
  await h.call("host.printers", { printers: ["Madoguchi-PDF", "総務部-複合機"], default: "Madoguchi-PDF" });
  await signIn(h, "admin");
  await createCase(h, input("見本 花子"));
  await createCase(h, input("試験 一郎"));
  await h.call("issue_letter", { caseId: 1, key: "acknowledgement" });
  await h.call("issue_letter", { caseId: 2, key: "acknowledgement" });
  await h.call("issue_letter", { caseId: 1, key: "request_form" });
  await h.call("lock");
  await signIn(h, "officer");
  return h;
}

async function openPrint(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-print"));
  await screen.findByTestId("queue-table");
  // The default printer is chosen once the printers are read.
  await waitFor(() => expect(screen.getByTestId("queue-printer")).toHaveValue("Madoguchi-PDF"));
}

const rowIds = () => screen.queryAllByTestId(/^queue-row-\d+$/).map((r) => r.dataset.testid);
/** The letters the stand-in printers got, by the job title the app gave them (`madoguchi-letter-<id>`). */
const printed = async (h: Host) => (await h.call<Array<{ printer: string; title: string }>>("host.printed")).map((p) => ({ letterId: Number(p.title.replace("madoguchi-letter-", "")), printer: p.printer }));
const printedIds = async (h: Host) => (await printed(h)).map((p) => p.letterId);
const letters = (h: Host) => h.call<Letter[]>("case_letters", { caseId: 1 }).then(async (a) => [...a, ...(await h.call<Letter[]>("case_letters", { caseId: 2 }))].sort((x, y) => x.id - y.id));

describe("印刷", () => {
  it("prints the three waiting letters one by one, shows the progress up to 3 / 3 and empties the queue", async () => {
    const h = await threeWaiting();
    // The second letter waits until the test lets it go: the progress is seen half way.
    const release = h.holdWhen("print_letter", (args) => args.letterId === 2);
    const { user } = renderAppOnHost(h);
    await waitFor(() => expect(screen.getByTestId("nav-print-count")).toHaveTextContent("3"));
    expect(screen.getByTestId("nav-print")).toHaveAccessibleName("印刷（印刷待ち3件）");
    await openPrint(user);
    expect(screen.getByTestId("nav-print")).toHaveAttribute("aria-current", "page");

    expect(rowIds()).toEqual(["queue-row-1", "queue-row-2", "queue-row-3"]);
    const row2 = screen.getByTestId("queue-row-2");
    expect(row2).toHaveTextContent("2026-0002");
    expect(row2).toHaveTextContent("試験 一郎");
    expect(row2).toHaveTextContent("受付のお知らせ");
    expect(row2).toHaveTextContent("第2026-0002号");
    expect(row2).toHaveTextContent("2026/12/10");
    for (const id of [1, 2, 3]) expect(screen.getByTestId(`queue-check-${id}`)).toBeChecked();
    expect(screen.getByTestId("queue-check-all")).toBeChecked();
    expect(screen.getByTestId("queue-print")).toHaveTextContent("選択した文書を印刷（3件）");

    // The first is shown; a click on a row shows that one.
    expect(screen.getByTestId("queue-preview-title")).toHaveTextContent("受付のお知らせ（第2026-0001号）");
    await waitFor(() => expect(h.callsOf("get_letter_pdf")).toEqual([{ letterId: 1 }]));
    await user.click(within(screen.getByTestId("queue-row-3")).getByText("個人情報開示等申請書"));
    expect(screen.getByTestId("queue-preview-title")).toHaveTextContent("個人情報開示等申請書（第2026-0003号）");
    expect(screen.getByTestId("queue-row-3")).toHaveAttribute("aria-current", "true");
    await waitFor(() => expect(h.callsOf("get_letter_pdf")).toContainEqual({ letterId: 3 }));
    expect(await within(screen.getByTestId("queue-preview")).findByRole("document")).toHaveAccessibleName("個人情報開示等申請書（第2026-0003号）");

    await user.selectOptions(screen.getByTestId("queue-printer"), "総務部-複合機");
    await user.click(screen.getByTestId("queue-print"));
    const progress = await screen.findByTestId("queue-progress");
    await waitFor(() => expect(progress).toHaveAttribute("value", "1"));
    expect(progress).toHaveAttribute("max", "3");
    expect(screen.getByTestId("queue-progress-text")).toHaveTextContent("1 / 3 件を印刷しました");
    expect(screen.getByTestId("queue-print")).toBeDisabled();
    expect(screen.queryByTestId("queue-result")).not.toBeInTheDocument();

    release();
    const result = await screen.findByTestId("queue-result");
    expect(result).toHaveTextContent("3件を総務部-複合機で印刷しました。");
    expect(result).toHaveAttribute("role", "status");
    expect(progress).toHaveAttribute("value", "3");
    expect(screen.getByTestId("queue-progress-text")).toHaveTextContent("3 / 3 件を印刷しました");
    expect(await printed(h)).toEqual([1, 2, 3].map((letterId) => ({ letterId, printer: "総務部-複合機" })));
    expect(await screen.findByTestId("queue-empty")).toHaveTextContent("印刷待ちの文書はありません。");
    await waitFor(() => expect(screen.queryByTestId("nav-print-count")).not.toBeInTheDocument());
    expect((await letters(h)).every((l) => l.printedAt !== null)).toBe(true);

    // What was printed can be recorded as mailed from here.
    await user.click(within(result).getByTestId("queue-mail-2"));
    const dialog = await screen.findByTestId("mailing-dialog");
    expect(dialog).toHaveTextContent("2026-0002 試験 一郎 様 受付のお知らせ（第2026-0002号）");
    const day = within(dialog).getByTestId("mailing-sent-on");
    await user.clear(day);
    await user.type(day, "2026-12-10");
    await waitFor(() => expect(within(dialog).getByTestId("mailing-save")).toBeEnabled());
    await user.click(within(dialog).getByTestId("mailing-save"));
    expect(await screen.findByTestId("queue-mailed")).toHaveTextContent("第2026-0002号：発送を記録しました。");
    expect(within(screen.getByTestId("queue-result")).queryByTestId("queue-mail-2")).not.toBeInTheDocument();
    expect((await letters(h))[1]!.mailings).toHaveLength(1);
  });

  it("a letter the printer refuses is reported on its row and stays; the others still print", async () => {
    const h = await threeWaiting();
    // The printer jams on letter 2 (what CUPS would answer, stood in for).
    h.failWhen("print_letter", (args) => args.letterId === 2, {
      code: ErrorCode.PrintFailed,
      message: "プリンターに送れませんでした（総務部-複合機: 停止しています）。",
      fields: [],
    });
    const { user } = renderAppOnHost(h);
    await openPrint(user);
    await user.click(screen.getByTestId("queue-print"));

    const result = await screen.findByTestId("queue-result");
    expect(result).toHaveTextContent("2件をMadoguchi-PDFで印刷しました。1件は印刷できませんでした（一覧に残っています）。");
    expect(result).toHaveAttribute("role", "alert");
    expect(screen.getByTestId("queue-progress")).toHaveAttribute("value", "3");
    expect(screen.getByTestId("queue-progress-text")).toHaveTextContent("2 / 3 件を印刷しました（1件は印刷できませんでした）");
    expect(await printedIds(h)).toEqual([1, 3]);
    await waitFor(() => expect(rowIds()).toEqual(["queue-row-2"]));
    expect(screen.getByTestId("queue-row-error-2")).toHaveTextContent("印刷できませんでした: プリンターに送れませんでした（総務部-複合機: 停止しています）。");
    expect(screen.getByTestId("queue-check-2")).toBeChecked();
    expect(screen.getByTestId("queue-print")).toHaveTextContent("選択した文書を印刷（1件）");
    expect(screen.queryByTestId("queue-empty")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("nav-print-count")).toHaveTextContent("1"));
  });

  it("prints only what is checked: the unchecked letter stays in the queue", async () => {
    const h = await threeWaiting();
    const { user } = renderAppOnHost(h);
    await openPrint(user);

    // Nothing checked: nothing to print.
    await user.click(screen.getByTestId("queue-check-all"));
    for (const id of [1, 2, 3]) expect(screen.getByTestId(`queue-check-${id}`)).not.toBeChecked();
    expect(screen.getByTestId("queue-print")).toHaveTextContent("選択した文書を印刷（0件）");
    expect(screen.getByTestId("queue-print")).toBeDisabled();
    await user.click(screen.getByTestId("queue-check-all"));
    expect(screen.getByTestId("queue-print")).toHaveTextContent("選択した文書を印刷（3件）");

    await user.click(screen.getByTestId("queue-check-2"));
    expect(screen.getByTestId("queue-check-all")).not.toBeChecked();
    expect((screen.getByTestId("queue-check-all") as HTMLInputElement).indeterminate).toBe(true);
    expect(screen.getByTestId("queue-print")).toHaveTextContent("選択した文書を印刷（2件）");
    await user.click(screen.getByTestId("queue-print"));

    expect(await screen.findByTestId("queue-result")).toHaveTextContent("2件をMadoguchi-PDFで印刷しました。");
    expect(screen.getByTestId("queue-progress-text")).toHaveTextContent("2 / 2 件を印刷しました");
    expect(await printedIds(h)).toEqual([1, 3]);
    await waitFor(() => expect(rowIds()).toEqual(["queue-row-2"]));
    expect((await letters(h))[1]!.printedAt).toBeNull();

    // Its 受付番号 opens the case.
    await user.click(screen.getByTestId("queue-case-2"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0002");
  });

  it("says so when nothing waits", async () => {
    await signIn(host(), "officer");
    const { user } = renderAppOnHost(host());
    await user.click(await screen.findByTestId("nav-print"));
    expect(await screen.findByTestId("queue-empty")).toHaveTextContent("印刷待ちの文書はありません。");
    expect(screen.queryByTestId("queue-print")).not.toBeInTheDocument();
    expect(screen.queryByTestId("nav-print-count")).not.toBeInTheDocument();
  });
});

describe("ホーム: 印刷待ちの文書", () => {
  it("counts the letters waiting and opens 印刷", async () => {
    const h = await threeWaiting();
    await h.call("print_letter", { letterId: 1, printer: "Madoguchi-PDF" });
    const { user } = renderAppOnHost(h);
    const card = await screen.findByTestId("home-print-queue");
    expect(card).toHaveTextContent("印刷待ちの文書2件");
    expect(card).toHaveAccessibleName("印刷待ちの文書 2件");
    await user.click(card);
    await screen.findByTestId("queue-table");
    expect(rowIds()).toEqual(["queue-row-2", "queue-row-3"]);
    expect(screen.getByTestId("nav-print")).toHaveAttribute("aria-current", "page");
  });

  it("shows 0 when nothing waits", async () => {
    await signIn(host(), "officer");
    renderAppOnHost(host());
    expect(await screen.findByTestId("home-print-queue")).toHaveAccessibleName("印刷待ちの文書 0件");
  });
});
