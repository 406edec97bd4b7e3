import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "../../backend/errors";
import type { AuditPage } from "../../backend/types";
import { seedAnswered } from "../../test/cases";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { sampleInput, signIn, type Who } from "../../test/seed";
import { daysText, percentText, shortLabel } from "./ReportsPage";

// pdf.js needs a real canvas and a worker: the preview is checked against this stand-in.
const pdf = vi.hoisted(() => ({ openPdf: vi.fn() }));
vi.mock("../../lib/pdf", () => ({ openPdf: pdf.openPdf }));

let consoleError: MockInstance;
beforeEach(() => {
  // 「this year」 is the year of the clock: 2026, as the host's today.
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-10T10:00:00+09:00") });
  pdf.openPdf.mockReset();
  pdf.openPdf.mockImplementation(async (bytes: Uint8Array) => {
    if (new TextDecoder().decode(bytes.slice(0, 5)) !== "%PDF-") throw new Error("not a pdf");
    return { numPages: 1, pageSize: async () => ({ width: 595, height: 842 }), renderPage: async () => undefined, destroy: () => undefined };
  });
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  vi.useRealTimers();
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const REASONS = "調査の適正な実施に著しい支障を及ぼすおそれがあるため";

/**
 * Today is 2026-12-10. The default policy gives 30 days from receipt.
 * 2026-0001 (post; 開示・削除) replied after 4 days, 2026-0002 (email) after
 * 7, 2026-0003 (email, received in November) after 37 — late; 2026-0004
 * (form; 訂正) is open; 2025-0001 is of last year.
 * 2026: 受付 4, 回答 3 (median 7, p90 37), 期限内 2 of 3, 手数料
 * 500 (stamps) + 1,000 − 300 (transfer) = 1,200円.
 * December: 受付 2, 回答 2 (median 5.5), 手数料 500円.
 * Each answered through the app's own steps (the refusals approved by the 管理者).
 */
const host = hostForFile(async (h) => {
  await seedAnswered(h, {
    input: sampleInput({ receivedOn: "2026-12-01", channel: "post", kinds: ["disclosure", "deletion"] }),
    decisions: [
      { kind: "disclosure", outcome: "partial_disclosure", legalGround: "appi_33_2_2", reasons: REASONS, detail: "社内調査の記録" },
      { kind: "deletion", outcome: "done", detail: "登録情報を削除しました" },
    ],
    payments: [{ method: "stamps", receivedOn: "2026-12-01", stamps: [{ faceYen: 100, count: 5 }] }],
    repliedOn: "2026-12-05",
  });
  await seedAnswered(h, {
    input: sampleInput({ receivedOn: "2026-12-02", channel: "email", kinds: ["disclosure"] }),
    decisions: [{ kind: "disclosure", outcome: "full_disclosure", detail: "登録情報の全部" }],
    repliedOn: "2026-12-09",
  });
  await seedAnswered(h, {
    input: sampleInput({ receivedOn: "2026-11-01", channel: "email", kinds: ["disclosure"] }),
    decisions: [{ kind: "disclosure", outcome: "non_disclosure", legalGround: "appi_33_2_2", reasons: REASONS, detail: "社内調査の記録" }],
    repliedOn: "2026-12-08",
  });
  await seedAnswered(h, {
    input: sampleInput({ receivedOn: "2026-11-15", channel: "form", kinds: ["correction"] }),
    decisions: [],
    payments: [
      { method: "bank_transfer", receivedOn: "2026-11-20", amountYen: 1000 },
      { method: "bank_transfer", direction: "refund", receivedOn: "2026-11-25", amountYen: 300 },
    ],
  });
  await seedAnswered(h, {
    input: sampleInput({ receivedOn: "2025-12-20", channel: "post", kinds: ["disclosure"] }),
    decisions: [{ kind: "disclosure", outcome: "non_disclosure", legalGround: "appi_33_2_1", reasons: REASONS, detail: "記録の全部" }],
    payments: [{ method: "stamps", receivedOn: "2025-12-20", stamps: [{ faceYen: 100, count: 3 }] }],
    repliedOn: "2026-01-10",
  });
});

/** The desk above with `as` at the PC; saves go to a folder of the test's (none: the dialog is cancelled). */
async function desk(as: Who, { saves = true } = {}): Promise<Host> {
  await signIn(host(), as);
  if (saves) await host().call("host.save_dir", { dir: mkdtempSync(join(tmpdir(), "madoguchi-report-")) });
  await host().call("host.printers", { printers: ["Madoguchi-PDF", "総務部-複合機"], default: "Madoguchi-PDF" });
  return host();
}

async function openReports(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-reports"));
  await screen.findByRole("heading", { name: "報告", level: 1 });
  await screen.findByTestId("report-received");
}

const row = (name: string, code: string) => screen.getByTestId(`report-row-${name}-${code}`);

describe("報告", () => {
  it("shows this year's figures as cards", async () => {
    const h = await desk("admin");
    const { user } = renderAppOnHost(h);
    await openReports(user);

    expect(h.callsOf("get_report")).toEqual([{ period: { year: 2026, month: null } }]);
    expect(screen.getByTestId("report-year")).toHaveValue("2026");
    expect(screen.getByTestId("report-month")).toHaveValue("");
    // This year and the five before; 年間 and each month.
    expect(within(screen.getByTestId("report-year")).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "2026年",
      "2025年",
      "2024年",
      "2023年",
      "2022年",
      "2021年",
    ]);
    expect(within(screen.getByTestId("report-month")).getAllByRole("option")).toHaveLength(13);

    expect(screen.getByTestId("report-label")).toHaveTextContent("2026年（2026/01/01〜2026/12/31）");
    expect(screen.getByTestId("report-received")).toHaveTextContent("受付件数 4件");
    expect(screen.getByTestId("report-replied")).toHaveTextContent("回答済み 3件");
    expect(screen.getByTestId("report-median")).toHaveTextContent("回答日数の中央値 7日");
    expect(screen.getByTestId("report-p90")).toHaveTextContent("回答日数の90パーセンタイル 37日");
    expect(screen.getByTestId("report-within-due")).toHaveTextContent("期限内回答率 66.7%（3件中2件）");
    expect(screen.getByTestId("report-fees-total")).toHaveTextContent("手数料 1,200円");
    expect(screen.getByTestId("report-complaints")).toHaveTextContent("苦情・相談 0件");
    expect(screen.getByTestId("report-disposals")).toHaveTextContent("廃棄 0件");
    // The definitions, under the figures.
    expect(screen.getByTestId("report-notes")).toHaveTextContent("件数は受付日がこの期間にある請求を数えています");
  });

  it("holds the counts of each chart in a table under it", async () => {
    const { user } = renderAppOnHost(await desk("officer"));
    await openReports(user);

    // Kinds and channels: every row, zeros included.
    const kinds = screen.getByTestId("report-chart-kinds");
    expect(within(kinds).getByRole("heading", { name: "請求の種類別" })).toBeInTheDocument();
    expect(within(kinds).getByTestId("report-table-kinds")).toBeInTheDocument();
    expect(row("kinds", "disclosure")).toHaveTextContent("開示3件");
    expect(row("kinds", "deletion")).toHaveTextContent("削除1件");
    expect(row("kinds", "correction")).toHaveTextContent("訂正1件");
    expect(row("kinds", "erasure")).toHaveTextContent("消去0件");
    expect(row("channels", "email")).toHaveTextContent("メール2件");
    expect(row("channels", "post")).toHaveTextContent("郵送1件");
    expect(row("channels", "form")).toHaveTextContent("フォーム1件");
    expect(row("channels", "phone")).toHaveTextContent("電話0件");
    // Outcomes and grounds: those that occur.
    expect(row("outcomes", "partial_disclosure")).toHaveTextContent("一部開示1件");
    expect(row("outcomes", "non_disclosure")).toHaveTextContent("不開示1件");
    expect(row("outcomes", "full_disclosure")).toHaveTextContent("1件");
    expect(row("outcomes", "done")).toHaveTextContent("実施1件");
    expect(screen.queryByTestId("report-row-outcomes-no_data")).not.toBeInTheDocument();
    // The ground's whole label in the table (last year's 第1号 is not counted).
    expect(row("grounds", "appi_33_2_2")).toHaveTextContent("法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）2件");
    expect(screen.queryByTestId("report-row-grounds-appi_33_2_1")).not.toBeInTheDocument();
    // Fees by method: the payments received and the amount net of refunds.
    expect(row("fees", "stamps")).toHaveTextContent("郵便切手1件500円");
    expect(row("fees", "bank_transfer")).toHaveTextContent("銀行振込1件700円");
    expect(row("fees", "money_order")).toHaveTextContent("定額小為替0件0円");
    expect(within(screen.getByTestId("report-table-fees")).getByText("合計").closest("tr")).toHaveTextContent("合計2件1,200円");
    // Each chart is drawn (as SVG) above its table.
    for (const name of ["kinds", "channels", "outcomes", "grounds", "fees"]) {
      expect(screen.getByTestId(`report-chart-${name}`).querySelector("svg")).not.toBeNull();
    }
    // Bars for what occurs only: 開示, 訂正, 削除.
    const bars = (name: string) => screen.getByTestId(`report-chart-${name}`).querySelectorAll(".report-bar").length;
    expect(bars("kinds")).toBe(3);
    expect(bars("fees")).toBe(2);
    // The ground's axis label is cut short before 「（」; the tooltip has it whole.
    const figure = screen.getByTestId("report-chart-grounds").querySelector(".report-chart__figure")!;
    const axis = figure.querySelector(".bar-chart__label")!;
    expect(axis).toHaveTextContent("法第33条第2項第2号");
    expect(axis).not.toHaveTextContent("業務の適正");
    expect(figure.querySelector("title")).toHaveTextContent("法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）：2件");
  });

  it("loads the month chosen", async () => {
    const h = await desk("officer");
    const { user } = renderAppOnHost(h);
    await openReports(user);

    await user.selectOptions(screen.getByTestId("report-month"), "12");
    await waitFor(() => expect(screen.getByTestId("report-label")).toHaveTextContent("2026年12月（2026/12/01〜2026/12/31）"));
    expect(h.callsOf("get_report").at(-1)).toEqual({ period: { year: 2026, month: 12 } });
    expect(screen.getByTestId("report-received")).toHaveTextContent("受付件数 2件");
    expect(screen.getByTestId("report-median")).toHaveTextContent("回答日数の中央値 5.5日");
    expect(screen.getByTestId("report-within-due")).toHaveTextContent("期限内回答率 100.0%（2件中2件）");
    expect(screen.getByTestId("report-fees-total")).toHaveTextContent("手数料 500円");

    await user.selectOptions(screen.getByTestId("report-year"), "2025");
    await waitFor(() => expect(screen.getByTestId("report-label")).toHaveTextContent("2025年12月"));
    expect(h.callsOf("get_report").at(-1)).toEqual({ period: { year: 2025, month: 12 } });
    expect(screen.getByTestId("report-received")).toHaveTextContent("受付件数 1件");

    // Nothing replied in November 2025: dashes, and no rate.
    await user.selectOptions(screen.getByTestId("report-month"), "11");
    await waitFor(() => expect(screen.getByTestId("report-label")).toHaveTextContent("2025年11月"));
    expect(screen.getByTestId("report-received")).toHaveTextContent("受付件数 0件");
    expect(screen.getByTestId("report-median")).toHaveTextContent("回答日数の中央値 —");
    expect(screen.getByTestId("report-within-due")).toHaveTextContent("期限内回答率 —");
    expect(screen.getByTestId("report-chart-outcomes-empty")).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId("report-month"), "");
    await waitFor(() => expect(screen.getByTestId("report-label")).toHaveTextContent("2025年（2025/01/01〜2025/12/31）"));
    expect(h.callsOf("get_report").at(-1)).toEqual({ period: { year: 2025, month: null } });
  });

  it("shows the error of a period the backend refused", async () => {
    const h = await desk("officer");
    h.failNext("get_report", {
      code: ErrorCode.InvalidInput,
      message: "入力内容を確認してください。",
      fields: [{ field: "year", message: "年は2000〜2100の範囲で指定してください。" }],
    });
    const { user } = renderAppOnHost(h);
    await user.click(await screen.findByTestId("nav-reports"));

    expect(await screen.findByTestId("report-error")).toHaveTextContent("年は2000〜2100の範囲で指定してください。");
    expect(screen.getByTestId("report-year")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("report-received")).not.toBeInTheDocument();
    expect(screen.getByTestId("report-export-csv")).toBeDisabled();
    expect(screen.getByTestId("report-preview")).toBeDisabled();

    // Another period is read again.
    await user.selectOptions(screen.getByTestId("report-month"), "12");
    expect(await screen.findByTestId("report-received")).toHaveTextContent("受付件数 2件");
    expect(screen.queryByTestId("report-error")).not.toBeInTheDocument();
  });
});

describe("書き出し", () => {
  it("an officer exports without personal data, and has no choice to include it", async () => {
    const h = await desk("officer");
    const { user } = renderAppOnHost(h);
    await openReports(user);

    expect(screen.queryByTestId("report-personal")).not.toBeInTheDocument();
    expect(screen.queryByText("個人情報（氏名・住所・連絡先・内容）を含める")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("report-export-csv"));
    expect(await screen.findByTestId("report-message")).toHaveTextContent("書き出しました。");
    expect(h.callsOf("export_report")).toEqual([{ period: { year: 2026, month: null }, format: "csv", personal: false }]);
    expect(screen.queryByTestId("report-personal-confirm")).not.toBeInTheDocument();
    // Audited (read as the 管理者: the log is theirs to see).
    await h.call("lock");
    await signIn(h, "admin");
    const log = await h.call<AuditPage>("search_audit", {
      filter: { actorId: null, from: "", to: "", receiptNo: "", action: "report.exported", offset: 0, limit: 100 },
    });
    expect(log.rows[0]).toMatchObject({ action: "report.exported", detail: "period=2026年;format=csv;personal=0;rows=4" });
  });

  it("a 管理者 including personal data confirms first, then exports with it", async () => {
    const h = await desk("admin");
    const { user } = renderAppOnHost(h);
    await openReports(user);

    const personal = screen.getByTestId("report-personal");
    expect(personal).not.toBeChecked();
    expect(screen.getByLabelText("個人情報（氏名・住所・連絡先・内容）を含める")).toBe(personal);
    await user.click(personal);

    // Cancelled: nothing exported.
    await user.click(screen.getByTestId("report-export-xlsx"));
    const dialog = await screen.findByTestId("report-personal-confirm");
    expect(within(dialog).getByTestId("report-personal-warning")).toHaveTextContent("暗号化されません");
    expect(within(dialog).getByTestId("report-personal-warning")).toHaveTextContent("会社の規程に従って");
    expect(within(dialog).getByTestId("report-personal-warning")).toHaveTextContent("監査ログに記録されます");
    await user.click(within(dialog).getByTestId("report-personal-confirm-cancel"));
    expect(screen.queryByTestId("report-personal-confirm")).not.toBeInTheDocument();
    expect(h.callsOf("export_report")).toEqual([]);

    await user.click(screen.getByTestId("report-export-xlsx"));
    await user.click(await screen.findByTestId("report-personal-confirm-confirm"));
    expect(await screen.findByTestId("report-message")).toHaveTextContent("書き出しました。");
    expect(h.callsOf("export_report")).toEqual([{ period: { year: 2026, month: null }, format: "xlsx", personal: true }]);
    expect(screen.queryByTestId("report-personal-confirm")).not.toBeInTheDocument();

    // Without the box: no question asked.
    await user.click(personal);
    await user.click(screen.getByTestId("report-export-csv"));
    await waitFor(() => expect(h.callsOf("export_report")).toHaveLength(2));
    expect(h.callsOf("export_report")[1]).toEqual({ period: { year: 2026, month: null }, format: "csv", personal: false });
  });

  it("says nothing when the save dialog is cancelled, and shows a refusal's message", async () => {
    const h = await desk("admin", { saves: false });
    const { user } = renderAppOnHost(h);
    await openReports(user);

    await user.click(screen.getByTestId("report-export-csv"));
    await waitFor(() => expect(h.callsOf("export_report")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("report-export-csv")).toBeEnabled());
    expect(screen.queryByTestId("report-message")).not.toBeInTheDocument();
    expect(screen.queryByTestId("report-action-error")).not.toBeInTheDocument();

    h.failNext("export_report", { code: ErrorCode.PermissionDenied, message: "この操作は管理者のみ行えます。", fields: [] });
    await user.click(screen.getByTestId("report-personal"));
    await user.click(screen.getByTestId("report-export-csv"));
    await user.click(await screen.findByTestId("report-personal-confirm-confirm"));
    expect(await screen.findByTestId("report-action-error")).toHaveTextContent("この操作は管理者のみ行えます。");
    expect(screen.queryByTestId("report-message")).not.toBeInTheDocument();
  });
});

describe("印刷プレビュー", () => {
  it("shows the report's pages, prints on the printer chosen, saves as PDF", async () => {
    const h = await desk("officer");
    const { user } = renderAppOnHost(h);
    await openReports(user);
    await user.selectOptions(screen.getByTestId("report-month"), "12");
    await waitFor(() => expect(screen.getByTestId("report-label")).toHaveTextContent("2026年12月"));

    await user.click(screen.getByTestId("report-preview"));
    const dialog = await screen.findByTestId("report-preview-dialog");
    expect(dialog).toHaveTextContent("報告（2026年12月）の印刷プレビュー");
    await waitFor(() => expect(pdf.openPdf).toHaveBeenCalled());
    expect(h.callsOf("report_pdf")).toEqual([{ period: { year: 2026, month: 12 } }]);
    expect(within(dialog).getByRole("document", { name: "報告（2026年12月）" })).toBeInTheDocument();

    // The system's default printer is chosen; another may be.
    await waitFor(() => expect(within(dialog).getByTestId("report-printer")).toHaveValue("Madoguchi-PDF"));
    await user.selectOptions(within(dialog).getByTestId("report-printer"), "総務部-複合機");
    await user.click(within(dialog).getByTestId("report-print"));
    expect(await screen.findByTestId("report-message")).toHaveTextContent("印刷しました。");
    expect(screen.queryByTestId("report-preview-dialog")).not.toBeInTheDocument();
    expect(h.callsOf("print_report")).toEqual([{ period: { year: 2026, month: 12 }, printer: "総務部-複合機" }]);
    expect(await h.call("host.printed")).toEqual([{ printer: "総務部-複合機", title: "madoguchi-report", bytes: expect.any(Number) }]);

    // Save dialog cancelled: the preview stays, nothing said.
    await h.call("host.save_dir", { dir: "" });
    await user.click(screen.getByTestId("report-preview"));
    // Enabled once the report's PDF is drawn.
    await waitFor(() => expect(screen.getByTestId("report-save-pdf")).toBeEnabled());
    await user.click(screen.getByTestId("report-save-pdf"));
    await waitFor(() => expect(h.callsOf("save_report_pdf")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("report-save-pdf")).toBeEnabled());
    expect(screen.getByTestId("report-preview-dialog")).toBeInTheDocument();
    expect(screen.queryByTestId("report-message")).not.toBeInTheDocument();

    const dir = mkdtempSync(join(tmpdir(), "madoguchi-report-"));
    await h.call("host.save_dir", { dir });
    await user.click(screen.getByTestId("report-save-pdf"));
    expect(await screen.findByTestId("report-message")).toHaveTextContent("PDFを保存しました。");
    expect(readdirSync(dir)).toHaveLength(1);
    expect(screen.queryByTestId("report-preview-dialog")).not.toBeInTheDocument();
  });

  it("shows why printing failed and keeps the preview open", async () => {
    const h = await desk("officer");
    // The printer jams (what CUPS would answer, stood in for).
    h.failNext("print_report", { code: ErrorCode.PrintFailed, message: "印刷できませんでした。プリンターを確認してください。", fields: [] });
    const { user } = renderAppOnHost(h);
    await openReports(user);

    await user.click(screen.getByTestId("report-preview"));
    const dialog = await screen.findByTestId("report-preview-dialog");
    await waitFor(() => expect(within(dialog).getByTestId("report-print")).toBeEnabled());
    await user.click(within(dialog).getByTestId("report-print"));
    expect(await within(dialog).findByTestId("report-preview-error")).toHaveTextContent("印刷できませんでした。プリンターを確認してください。");
    expect(screen.queryByTestId("report-message")).not.toBeInTheDocument();

    await user.click(within(dialog).getByTestId("report-preview-close"));
    expect(screen.queryByTestId("report-preview-dialog")).not.toBeInTheDocument();
  });
});

describe("formatting", () => {
  it("writes days, rates and the axis labels", () => {
    expect(daysText(null)).toBe("—");
    expect(daysText(18)).toBe("18日");
    expect(daysText(18.5)).toBe("18.5日");
    expect(percentText(null)).toBe("—");
    expect(percentText(66.7)).toBe("66.7%");
    expect(percentText(100)).toBe("100.0%");
    expect(shortLabel("法第33条第2項第1号（本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ）")).toBe("法第33条第2項第1号");
    expect(shortLabel("郵便切手")).toBe("郵便切手");
  });
});
