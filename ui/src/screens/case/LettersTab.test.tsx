import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "../../backend/errors";
import type { CaseInput, CaseView, DecisionInput, Letter } from "../../backend/types";
import { isoDay } from "../../lib/dates";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost, renderOnHost } from "../../test/render";
import { createCase, sampleInput, signIn } from "../../test/seed";
import { LettersTab } from "./LettersTab";

const host = hostForFile();

// pdf.js needs a real canvas and a worker: the previews are checked against this stand-in.
const pdf = vi.hoisted(() => ({ openPdf: vi.fn() }));
vi.mock("../../lib/pdf", () => ({ openPdf: pdf.openPdf }));

beforeEach(() => {
  pdf.openPdf.mockReset();
  pdf.openPdf.mockImplementation(async (bytes: Uint8Array) => {
    if (new TextDecoder().decode(bytes.slice(0, 5)) !== "%PDF-") throw new Error("not a pdf");
    return { numPages: 1, pageSize: async () => ({ width: 595, height: 842 }), renderPage: async () => undefined, destroy: () => undefined };
  });
});

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const REQUESTER = { name: "見本 花子", kana: "ミホン ハナコ", postalCode: "100-0001", address: "東京都千代田区千代田1-1" };

/** A case with everything the 受付のお知らせ needs. */
const COMPLETE = sampleInput({ receivedOn: "2026-12-01", requester: REQUESTER, kinds: ["disclosure"] });

/** The same person with neither 郵便番号 nor 住所 (e.g. an e-mail request). */
const NO_ADDRESS = sampleInput({ receivedOn: "2026-12-01", channel: "email", requester: { name: "見本 花子", email: "hanako@example.jp" }, kinds: ["disclosure"] });

const FULL_DISCLOSURE: DecisionInput = { kind: "disclosure", outcome: "full_disclosure", legalGround: null, reasons: "", detail: "会員登録情報の全部", feeCount: null };

/**
 * Case 1 from `input`; `decided`: 回答準備 with the 開示 decided (全部開示, no
 * approval needed). The 担当者 at the PC; two printers; saves go to a folder
 * of the test's.
 */
async function seed(input: CaseInput = COMPLETE, { decided = false } = {}): Promise<Host> {
  const h = host();
  await h.call("host.printers", { printers: ["Madoguchi-PDF", "総務部-複合機"], default: "Madoguchi-PDF" });
  await h.call("host.save_dir", { dir: mkdtempSync(join(tmpdir(), "madoguchi-letters-")) });
  await signIn(h, "officer");
  await createCase(h, input);
  if (decided) {
    await h.call("set_case_status", { id: 1, status: "investigating", reason: "" });
    await h.call("record_decision", { caseId: 1, decision: FULL_DISCLOSURE });
    await h.call("set_case_status", { id: 1, status: "preparing_reply", reason: "" });
  }
  return h;
}

async function setup(input: CaseInput = COMPLETE, options: { decided?: boolean } = {}) {
  return renderOnHost(<LettersTab caseId={1} />, await seed(input, options));
}

/** The case's letters as the core keeps them. */
const lettersOf = (h: Host) => h.call<Letter[]>("case_letters", { caseId: 1 });
const printed = (h: Host) => h.call<Array<{ printer: string; title: string }>>("host.printed");

/** The templates in the list: the lines after 「（選んでいません）」, the one marked while none is chosen. */
const templateOptions = (list: HTMLElement) => within(list).getAllByRole("option").slice(1);

/** Picks a template from the list and waits for its preview. */
async function choose(user: UserEvent, key: string) {
  const list = await screen.findByTestId("letter-template");
  await waitFor(() => expect(templateOptions(list)).toHaveLength(11));
  await user.selectOptions(list, key);
  await screen.findByTestId("letter-document-no");
}

const message = () => screen.getByTestId("letters-message");

describe("文書", () => {
  it("lists the eleven templates; a case without 郵便番号・住所 shows what is missing and cannot issue", async () => {
    const { user, host: h } = await setup(NO_ADDRESS);
    const list = await screen.findByTestId("letter-template");
    await waitFor(() => expect(templateOptions(list)).toHaveLength(11));
    expect(templateOptions(list)[0]).toHaveTextContent("受付のお知らせ");
    // None is chosen yet, and the list says so (not the first template marked).
    const none = within(list).getAllByRole("option")[0]!;
    expect(none).toHaveTextContent("（選んでいません）");
    expect(none).toBeDisabled();
    expect(list).toHaveValue("");
    // The list says which letters the case lacks data for, and how much.
    await waitFor(() => expect(templateOptions(list)[0]).toHaveTextContent("受付のお知らせ（不足2）"));
    expect(screen.getByTestId("letter-no-template")).toBeInTheDocument();
    // Nothing is drawn before a template is chosen.
    expect(h.callsOf("preview_letter")).toHaveLength(0);
    expect(await screen.findByTestId("case-letters-empty")).toHaveTextContent("この案件で発行した文書はまだありません。");

    await user.selectOptions(list, "acknowledgement");
    const missing = await screen.findByTestId("letter-missing");
    expect(missing).toHaveTextContent("この文書は発行できません。案件に次の情報がありません");
    expect(within(missing).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "郵便番号：請求者の郵便番号が入力されていません",
      "住所：請求者の住所が入力されていません",
    ]);
    expect(h.callsOf("preview_letter")).toEqual([{ caseId: 1, key: "acknowledgement" }]);
    // The preview is still shown, so the officer sees what is blank.
    await waitFor(() => expect(pdf.openPdf).toHaveBeenCalled());
    expect(within(screen.getByTestId("letter-preview")).getByRole("document")).toHaveAccessibleName("受付のお知らせの見本");
    expect(screen.getByTestId("letter-issue-print")).toBeDisabled();
    expect(screen.getByTestId("letter-issue-save")).toBeDisabled();
    expect(screen.getByTestId("letter-issue")).toBeDisabled();
    await user.click(screen.getByTestId("letter-issue"));
    expect(h.callsOf("issue_letter")).toHaveLength(0);
    expect(await lettersOf(h)).toHaveLength(0);

    // A letter about a decision not yet made: its own reason.
    await user.selectOptions(list, "disclosure_decision");
    await waitFor(() => expect(screen.getByTestId("letter-missing")).toHaveTextContent("決定内容：決定していない請求があります（調査・決定）"));
  });

  it("issues and prints on the chosen printer; the row shows its 文書番号, the choice is cleared and the next number moves on", async () => {
    const { user, host: h } = await setup();
    await choose(user, "acknowledgement");
    expect(screen.getByTestId("letter-document-no")).toHaveTextContent("第2026-0001号");
    expect(screen.queryByTestId("letter-missing")).not.toBeInTheDocument();
    const printer = screen.getByTestId("letters-printer");
    // The system's default printer is chosen for the officer.
    await waitFor(() => expect(printer).toHaveValue("Madoguchi-PDF"));
    await user.selectOptions(printer, "総務部-複合機");

    await user.click(screen.getByTestId("letter-issue-print"));
    await waitFor(() => expect(message()).toHaveTextContent("第2026-0001号を発行し、総務部-複合機に送りました。"));
    expect(message()).toHaveAttribute("role", "status");
    expect(await printed(h)).toEqual([{ printer: "総務部-複合機", title: "madoguchi-letter-1", bytes: expect.any(Number) }]);
    expect(h.callsOf("issue_letter")).toEqual([{ caseId: 1, key: "acknowledgement" }]);

    const row = await screen.findByTestId("letter-row-1");
    expect(within(row).getByTestId("letter-document-no-1")).toHaveTextContent("第2026-0001号");
    expect(row).toHaveTextContent("受付のお知らせ");
    expect(row).toHaveTextContent("2026/12/10");
    expect(within(row).getByTestId("letter-printed-1")).toHaveTextContent("印刷済");
    expect(within(row).getByTestId("letter-mailed-1")).toHaveTextContent("未発送");
    // Not an electronic disclosure: no 開示データ.
    expect(within(row).queryByTestId("letter-package-1")).not.toBeInTheDocument();
    // The letter issued is marked; the template is no longer chosen (no second letter one click away).
    expect(row).toHaveAttribute("data-just-issued", "true");
    expect(row).toHaveTextContent("今回発行");
    expect(screen.getByTestId("letter-template")).toHaveValue("");
    expect(screen.getByTestId("letter-no-template")).toBeInTheDocument();
    expect(screen.queryByTestId("letter-issue-print")).not.toBeInTheDocument();
    // The next letter takes the next number.
    await choose(user, "request_form");
    expect(screen.getByTestId("letter-document-no")).toHaveTextContent("第2026-0002号");
    expect(screen.queryByTestId("letter-already-issued")).not.toBeInTheDocument();
    expect(screen.getByTestId("letter-issue-print")).toHaveTextContent("発行して印刷");

    // 表示: the issued letter in a dialog.
    await user.click(within(row).getByTestId("letter-view-1"));
    const dialog = await screen.findByTestId("letter-view-dialog");
    expect(dialog).toHaveTextContent("受付のお知らせ（第2026-0001号）");
    await waitFor(() => expect(h.callsOf("get_letter_pdf")).toEqual([{ letterId: 1 }]));
    expect(await within(dialog).findByRole("document")).toHaveAccessibleName("受付のお知らせ（第2026-0001号）");
    await user.click(within(dialog).getByTestId("letter-view-close"));
    expect(screen.queryByTestId("letter-view-dialog")).not.toBeInTheDocument();

    // 印刷 again from the row, on the printer chosen above.
    await user.click(within(row).getByTestId("letter-print-1"));
    await waitFor(() => expect(message()).toHaveTextContent("第2026-0001号を総務部-複合機に送りました。"));
    expect(await printed(h)).toHaveLength(2);
  });

  it("a printer that fails: the letter is issued and waits in 印刷待ち, with the printer's message", async () => {
    const { user, host: h } = await setup();
    h.failNext("print_letter", { code: ErrorCode.PrintFailed, message: "プリンターに送れませんでした（Madoguchi-PDF: 用紙がありません）。", fields: [] });
    await choose(user, "acknowledgement");
    await waitFor(() => expect(screen.getByTestId("letter-issue-print")).toBeEnabled());
    await user.click(screen.getByTestId("letter-issue-print"));
    expect(await screen.findByTestId("letters-error")).toHaveTextContent("プリンターに送れませんでした（Madoguchi-PDF: 用紙がありません）。");
    expect(message()).toHaveTextContent("第2026-0001号を発行しました。印刷できなかったため、印刷待ちに入っています。");
    expect(await printed(h)).toEqual([]);
    expect(within(await screen.findByTestId("letter-row-1")).getByTestId("letter-printed-1")).toHaveTextContent("未印刷");
    // Issued all the same: printed again from its row, not by issuing another.
    expect(screen.getByTestId("letter-template")).toHaveValue("");
    expect(screen.queryByTestId("letter-issue-print")).not.toBeInTheDocument();
  });

  it("a second letter of the same template is not one click away: issuing it again names the earlier 文書番号 and asks first", async () => {
    const { user, host: h } = await setup();
    await choose(user, "acknowledgement");
    const list = screen.getByTestId("letter-template");
    await waitFor(() => expect(screen.getByTestId("letter-issue-print")).toBeEnabled());
    // The first time: one click, as the button says.
    expect(screen.getByTestId("letter-issue-print")).toHaveTextContent("発行して印刷");
    expect(screen.queryByTestId("letter-already-issued")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("letter-issue-print"));
    await waitFor(() => expect(message()).toHaveTextContent("第2026-0001号を発行し、Madoguchi-PDFに送りました。"));
    expect(h.callsOf("issue_letter")).toHaveLength(1);

    // A second click where the button was issues nothing: the choice is cleared and
    // the keyboard is back on the list of templates.
    expect(list).toHaveValue("");
    expect(list).toHaveFocus();
    expect(screen.queryByTestId("letter-issue-print")).not.toBeInTheDocument();
    expect(await screen.findByTestId("letter-row-1")).toHaveAttribute("data-just-issued", "true");

    // The message shows the letter issued.
    await user.click(within(message()).getByTestId("letters-message-view"));
    const view = await screen.findByTestId("letter-view-dialog");
    expect(view).toHaveTextContent("受付のお知らせ（第2026-0001号）");
    await user.click(within(view).getByTestId("letter-view-close"));

    // Chosen again: the tab says it was issued already, and the buttons say 「もう一度」.
    await choose(user, "acknowledgement");
    expect(await screen.findByTestId("letter-already-issued")).toHaveTextContent("この案件では、この文書を発行済みです：第2026-0001号（2026/12/10）");
    await waitFor(() => expect(screen.getByTestId("letter-issue-print")).toBeEnabled());
    expect(screen.getByTestId("letter-issue-print")).toHaveTextContent("もう一度発行して印刷…");
    expect(screen.getByTestId("letter-issue-save")).toHaveTextContent("もう一度発行してPDFで保存…");
    expect(screen.getByTestId("letter-issue")).toHaveTextContent("もう一度発行して印刷待ちに入れる…");

    // A click asks first, naming the earlier letter and the new number; nothing issued yet.
    await user.click(screen.getByTestId("letter-issue-print"));
    let dialog = await screen.findByTestId("letter-reissue");
    expect(dialog).toHaveTextContent("同じ文書をもう一度発行しますか？");
    expect(within(dialog).getByTestId("letter-reissue-earlier")).toHaveTextContent("受付のお知らせは、この案件で発行済みです（第2026-0001号・2026/12/10発行）。");
    expect(dialog).toHaveTextContent("新しい文書番号第2026-0002号の別の文書になります。");
    expect(h.callsOf("issue_letter")).toHaveLength(1);
    // The focus is on キャンセル: an Enter pressed out of habit issues nothing.
    expect(within(dialog).getByTestId("letter-reissue-cancel")).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("letter-reissue")).not.toBeInTheDocument();
    expect(h.callsOf("issue_letter")).toHaveLength(1);
    expect(await printed(h)).toHaveLength(1);
    expect(list).toHaveValue("acknowledgement");

    // Issued again on purpose (to 印刷待ち this time): a new letter with the next number.
    await user.click(screen.getByTestId("letter-issue"));
    dialog = await screen.findByTestId("letter-reissue");
    expect(within(dialog).getByTestId("letter-reissue-confirm")).toHaveTextContent("もう一度発行して印刷待ちに入れる");
    await user.click(within(dialog).getByTestId("letter-reissue-confirm"));
    await waitFor(() => expect(message()).toHaveTextContent("第2026-0002号を発行し、印刷待ちに入れました。"));
    expect(h.callsOf("issue_letter")).toEqual([
      { caseId: 1, key: "acknowledgement" },
      { caseId: 1, key: "acknowledgement" },
    ]);
    expect((await lettersOf(h)).map((l) => l.documentNo)).toEqual(["第2026-0001号", "第2026-0002号"]);
    expect(await printed(h)).toHaveLength(1);
    // And the choice is cleared again.
    expect(list).toHaveValue("");
    expect(await screen.findByTestId("letter-row-2")).toHaveAttribute("data-just-issued", "true");
    expect(screen.getByTestId("letter-row-1")).not.toHaveAttribute("data-just-issued");
  });

  it("the backend's refusal (the case lost its 住所 meanwhile) is shown item by item, nothing issued", async () => {
    const { user, host: h } = await setup();
    await choose(user, "acknowledgement");
    await waitFor(() => expect(screen.getByTestId("letter-issue")).toBeEnabled());
    // Someone else removes the 住所 meanwhile.
    const now = await h.call<CaseView>("get_case", { id: 1 });
    await h.call("update_case", { id: 1, input: { ...now.input, requester: { ...now.input.requester, address: "" } } });
    await user.click(screen.getByTestId("letter-issue"));
    const alert = await screen.findByTestId("letters-error");
    expect(alert).toHaveTextContent("この文書に必要な情報が案件にないため、発行できません。");
    expect(alert).toHaveTextContent("住所：請求者の住所が入力されていません");
    expect(await lettersOf(h)).toHaveLength(0);
    expect(screen.queryByTestId("letters-message")).not.toBeInTheDocument();
    // Nothing was issued: the template stays chosen, to issue once the case is complete.
    expect(screen.getByTestId("letter-template")).toHaveValue("acknowledgement");
    expect(screen.getByTestId("letter-issue")).toBeInTheDocument();
  });

  it("cancelling the save dialog says plainly that nothing was saved; saving later marks it 印刷済", async () => {
    const { user, host: h } = await setup();
    const folder = mkdtempSync(join(tmpdir(), "madoguchi-letters-"));
    await h.call("host.save_dir", { dir: "" });
    await choose(user, "acknowledgement");
    await waitFor(() => expect(screen.getByTestId("letter-issue-save")).toBeEnabled());
    await user.click(screen.getByTestId("letter-issue-save"));
    await waitFor(() => expect(message()).toHaveTextContent("第2026-0001号を発行しました。PDFの保存は取り消したため、印刷待ちに入っています。"));
    expect(message()).not.toHaveTextContent("保存しました");
    expect(screen.queryByTestId("letters-error")).not.toBeInTheDocument();
    const row = await screen.findByTestId("letter-row-1");
    expect(within(row).getByTestId("letter-printed-1")).toHaveTextContent("未印刷");
    expect((await lettersOf(h))[0]!.printedAt).toBeNull();

    // Again from the row, cancelled again.
    await user.click(within(row).getByTestId("letter-save-1"));
    await waitFor(() => expect(message()).toHaveTextContent("PDFの保存を取り消しました。保存したファイルはありません。"));
    expect(screen.queryByTestId("letters-error")).not.toBeInTheDocument();

    await h.call("host.save_dir", { dir: folder });
    await user.click(within(row).getByTestId("letter-save-1"));
    await waitFor(() => expect(message()).toHaveTextContent("第2026-0001号をPDFで保存しました。"));
    await waitFor(() => expect(within(screen.getByTestId("letter-row-1")).getByTestId("letter-printed-1")).toHaveTextContent("印刷済"));
    expect(await printed(h)).toEqual([]);
  });

  it("発送を記録: 簡易書留 needs its お問い合わせ番号 (at the field), a bad postage is not sent; then it is recorded", async () => {
    const { user, host: h } = await setup();
    await choose(user, "acknowledgement");
    await waitFor(() => expect(screen.getByTestId("letter-issue")).toBeEnabled());
    await user.click(screen.getByTestId("letter-issue"));
    await waitFor(() => expect(message()).toHaveTextContent("第2026-0001号を発行し、印刷待ちに入れました。"));
    expect(await printed(h)).toEqual([]);

    await user.click(await screen.findByTestId("letter-mail-1"));
    const dialog = await screen.findByTestId("mailing-dialog");
    expect(dialog).toHaveTextContent("受付のお知らせ（第2026-0001号）");
    const method = within(dialog).getByTestId("mailing-method");
    await waitFor(() => expect(method).toHaveValue("ordinary"));
    expect(within(method).getAllByRole("option").map((o) => o.textContent)).toEqual(["普通郵便", "特定記録", "簡易書留", "本人限定受取郵便", "メール添付"]);
    const tracking = within(dialog).getByTestId("mailing-tracking-no");
    expect(tracking).not.toHaveAttribute("aria-required");
    const day = within(dialog).getByTestId("mailing-sent-on");
    // Today by default.
    expect(day).toHaveValue(isoDay());
    await user.clear(day);
    await user.type(day, "2026-12-10");

    await user.selectOptions(method, "simple_registered");
    expect(tracking).toHaveAttribute("aria-required", "true");
    await user.click(within(dialog).getByTestId("mailing-save"));
    const error = await within(dialog).findByTestId("error-trackingNo");
    expect(error).toHaveTextContent("簡易書留のお問い合わせ番号を入力してください。");
    expect(tracking).toHaveAttribute("aria-invalid", "true");
    expect(tracking.getAttribute("aria-describedby")).toContain(error.id);
    expect((await lettersOf(h))[0]!.mailings).toEqual([]);
    expect(screen.queryByTestId("letters-message")).not.toBeInTheDocument();

    // A postage that is not a number is refused here, before anything is sent.
    await user.type(tracking, "1234-5678-9012");
    await user.type(within(dialog).getByTestId("mailing-postage"), "四百円");
    await user.click(within(dialog).getByTestId("mailing-save"));
    expect(await within(dialog).findByTestId("error-postageYen")).toHaveTextContent("郵便料金は円単位の数字で入力してください");
    expect(h.callsOf("record_mailing")).toHaveLength(1);

    await user.clear(within(dialog).getByTestId("mailing-postage"));
    await user.type(within(dialog).getByTestId("mailing-postage"), "４３０");
    await user.click(within(dialog).getByTestId("mailing-save"));
    await waitFor(() => expect(screen.queryByTestId("mailing-dialog")).not.toBeInTheDocument());
    expect(message()).toHaveTextContent("発送を記録しました。");
    expect(h.callsOf("record_mailing").at(-1)).toEqual({
      letterId: 1,
      input: { sentOn: "2026-12-10", method: "simple_registered", trackingNo: "1234-5678-9012", postageYen: 430, note: "" },
    });
    await waitFor(() =>
      expect(screen.getByTestId("letter-mailed-1")).toHaveTextContent("簡易書留 2026/12/10 お問い合わせ番号 123456789012（430円）"),
    );
  });

  it("開示データ: the confirmation says the files leave the app unencrypted; the files written are listed", async () => {
    const { user, host: h } = await setup(
      sampleInput({ receivedOn: "2026-12-01", requester: REQUESTER, kinds: ["disclosure"], disclosureMethod: "electronic" }),
      { decided: true },
    );
    await choose(user, "disclosure_decision");
    await waitFor(() => expect(screen.getByTestId("letter-issue")).toBeEnabled());
    await user.click(screen.getByTestId("letter-issue"));
    const button = await screen.findByTestId("letter-package-1");
    expect(button).toHaveTextContent("開示データを書き出す");

    // 書き出す, then キャンセル: nothing written.
    await user.click(button);
    const dialog = await screen.findByTestId("package");
    expect(dialog).toHaveTextContent(
      "開示決定通知書・別紙（PDF）・別紙（CSV）を、選んだフォルダに書き出します。アプリの外に出たファイルは暗号化されていません。受け渡しが済んだら削除してください。",
    );
    await user.click(within(dialog).getByTestId("package-cancel"));
    expect(screen.queryByTestId("package")).not.toBeInTheDocument();
    expect(h.callsOf("save_disclosure_package")).toHaveLength(0);

    // The folder dialog cancelled.
    const folder = mkdtempSync(join(tmpdir(), "madoguchi-package-"));
    await h.call("host.save_dir", { dir: "" });
    await user.click(screen.getByTestId("letter-package-1"));
    await user.click(within(await screen.findByTestId("package")).getByTestId("package-confirm"));
    await waitFor(() => expect(message()).toHaveTextContent("開示データの書き出しを取り消しました。書き出したファイルはありません。"));

    await h.call("host.save_dir", { dir: folder });
    await user.click(screen.getByTestId("letter-package-1"));
    await user.click(within(await screen.findByTestId("package")).getByTestId("package-confirm"));
    await waitFor(() => expect(message()).toHaveTextContent("開示データを3件のファイルに書き出しました。受け渡しが済んだら削除してください。"));
    expect(within(screen.getByTestId("package-files")).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "2026-0001_第2026-0001号_開示決定通知書.pdf",
      "2026-0001_第2026-0001号_別紙_開示データ.pdf",
      "2026-0001_第2026-0001号_別紙_開示データ.csv",
    ]);
    expect(h.callsOf("save_disclosure_package")).toEqual([{ letterId: 1 }, { letterId: 1 }]);
  });
});

describe("文書 on the case page", () => {
  it("sits between 調査・決定 and 履歴; mailing a decision letter of a 回答準備 case makes it 発送済", async () => {
    const h = await seed(sampleInput({ receivedOn: "2026-12-01", requester: REQUESTER, kinds: ["disclosure"] }), { decided: true });
    const { user } = renderAppOnHost(h);
    await user.click(await screen.findByTestId("nav-cases"));
    await user.click(await screen.findByTestId("case-row-2026-0001"));
    expect(await screen.findByTestId("case-status")).toHaveTextContent("回答準備");
    expect(screen.getAllByRole("tab").map((t) => t.getAttribute("data-testid"))).toEqual([
      "case-tab-summary",
      "case-tab-attachments",
      "case-tab-verification",
      "case-tab-fees",
      "case-tab-decisions",
      "case-tab-letters",
      "case-tab-history",
    ]);
    await user.click(screen.getByTestId("case-tab-letters"));
    expect(screen.getByTestId("case-tab-letters")).toHaveTextContent("文書");
    await choose(user, "disclosure_decision");
    await waitFor(() => expect(screen.getByTestId("letter-issue")).toBeEnabled());
    await user.click(screen.getByTestId("letter-issue"));
    await user.click(await screen.findByTestId("letter-mail-1"));
    const dialog = await screen.findByTestId("mailing-dialog");
    await waitFor(() => expect(within(dialog).getByTestId("mailing-method")).toHaveValue("ordinary"));
    const day = within(dialog).getByTestId("mailing-sent-on");
    await user.clear(day);
    await user.type(day, "2026-12-10");
    await user.click(within(dialog).getByTestId("mailing-save"));
    await waitFor(() => expect(message()).toHaveTextContent("発送を記録し、案件を「発送済」にしました。"));
    expect((await h.call<CaseView>("get_case", { id: 1 })).status).toBe("sent");
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("発送済"));
    expect(screen.getByTestId("letter-mailed-1")).toHaveTextContent("普通郵便 2026/12/10");

    await user.click(screen.getByTestId("case-tab-history"));
    await waitFor(() => expect(screen.getByTestId("case-timeline")).toHaveTextContent("文書を発行: 開示決定通知書（第2026-0001号）"));
  });
});
