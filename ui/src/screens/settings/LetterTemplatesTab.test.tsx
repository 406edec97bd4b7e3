import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseView, Offsets, TemplateBody, TemplateDetail } from "../../backend/types";
import { writeTemp } from "../../test/files";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { createCase, sampleInput, signIn, type Who } from "../../test/seed";

/** A template as the core holds it. */
const templateOf = (h: Host, key: string) => h.call<TemplateDetail>("get_letter_template", { key });

/** The shipped texts, as the core holds them. */
let ACK_TEXT = "";
let FEE_TEXT = "";
const host = hostForFile(async (h) => {
  ACK_TEXT = (await templateOf(h, "acknowledgement")).body.text;
  FEE_TEXT = (await templateOf(h, "fee_guidance")).body.text;
});

/** `who` signed in, the app open. */
async function app(who: Who) {
  await signIn(host(), who);
  return renderAppOnHost(host());
}


// pdf.js needs a real canvas and a worker: the preview is tested against this stand-in.
const pdf = vi.hoisted(() => ({ openPdf: vi.fn() }));
vi.mock("../../lib/pdf", () => ({ openPdf: pdf.openPdf }));

beforeEach(() => {
  pdf.openPdf.mockReset();
  pdf.openPdf.mockImplementation(async (bytes: Uint8Array) => {
    if (new TextDecoder().decode(bytes.slice(0, 5)) !== "%PDF-") throw new Error("not a pdf");
    return {
      numPages: 1,
      pageSize: async () => ({ width: 794, height: 1123 }),
      renderPage: async () => undefined,
      destroy: () => undefined,
    };
  });
});


async function openLetters(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-settings"));
  await user.click(await screen.findByTestId("settings-tab-letters"));
  return screen.findByTestId("letter-templates");
}

async function openTemplate(user: UserEvent, key: string) {
  await user.click(await screen.findByTestId(`template-row-${key}`));
  return (await screen.findByTestId("template-text")) as HTMLTextAreaElement;
}

async function versionsOf(h: Host, key: string) {
  return (await templateOf(h, key)).history;
}

function previewCalls(h: Host) {
  return h.callsOf("preview_letter_template") as Array<{ body: TemplateBody; caseId: number | null }>;
}

/** Types at the end of the text (user.type would otherwise start where the click put the caret). */
async function typeAtEnd(user: UserEvent, ta: HTMLTextAreaElement, text: string) {
  const end = ta.value.length;
  await user.type(ta, text, { initialSelectionStart: end, initialSelectionEnd: end });
}

describe("設定 › 文書", () => {
  it("lists the eleven templates, shipped ones as 初期設定 without the 編集済み badge", async () => {
    const { user } = await app("admin");
    const list = await openLetters(user);
    const rows = within(list).getAllByTestId(/^template-row-/);
    expect(rows).toHaveLength(11);
    const ack = within(list).getByTestId("template-row-acknowledgement");
    expect(ack).toHaveTextContent("受付のお知らせ");
    expect(ack).toHaveTextContent("第1版");
    expect(ack).toHaveTextContent("初期設定");
    expect(within(list).queryByText("編集済み")).not.toBeInTheDocument();
    // Nothing is open until a template is chosen.
    expect(screen.queryByTestId("template-editor")).not.toBeInTheDocument();
  });

  it("an admin edits the text, the preview follows the draft, and saving makes 第2版 (編集済み)", async () => {
    const { user, host: h } = await app("admin");
    await openLetters(user);
    const ta = await openTemplate(user, "acknowledgement");
    expect(ta).toHaveValue(ACK_TEXT);
    expect(screen.getByTestId("template-name")).toHaveValue("受付のお知らせ");
    expect(screen.getByTestId("template-scope")).toHaveValue("all");
    expect(screen.getByTestId("template-addressed")).toBeChecked();
    expect(within(screen.getByTestId("template-markup-help")).getByText(/\[改ページ\]/)).toBeInTheDocument();
    // The saved text is drawn first, with 見本 data.
    await waitFor(() => expect(previewCalls(h).at(-1)).toEqual({ body: expect.objectContaining({ text: ACK_TEXT }), caseId: null }));
    await waitFor(() => expect(pdf.openPdf).toHaveBeenCalled());

    await typeAtEnd(user, ta, "。ご不明な点は窓口までお問い合わせください");
    await user.clear(screen.getByTestId("template-title"));
    await user.type(screen.getByTestId("template-title"), "個人情報の請求の受付について");
    const draftText = `${ACK_TEXT}。ご不明な点は窓口までお問い合わせください`;
    await waitFor(() =>
      expect(previewCalls(h).at(-1)).toEqual({
        body: { name: "受付のお知らせ", title: "個人情報の請求の受付について", addressed: true, scope: "all", text: draftText },
        caseId: null,
      }),
    );
    // Debounced: not one preview per keystroke.
    expect(previewCalls(h).length).toBeLessThan(10);
    // Nothing saved by previewing.
    expect(await versionsOf(h, "acknowledgement")).toHaveLength(1);

    await user.click(screen.getByTestId("template-save"));
    expect(await screen.findByTestId("template-notice")).toHaveTextContent(
      "第2版として保存しました。発行済みの文書は元の版のまま残ります。",
    );
    expect(await versionsOf(h, "acknowledgement")).toHaveLength(2);
    expect((await templateOf(h, "acknowledgement")).body).toMatchObject({ title: "個人情報の請求の受付について", text: draftText });

    const row = screen.getByTestId("template-row-acknowledgement");
    await waitFor(() => expect(row).toHaveTextContent("第2版"));
    expect(within(row).getByText("編集済み")).toBeInTheDocument();
    expect(row).toHaveTextContent("山田 太郎");
    expect(row).not.toHaveTextContent("初期設定");
    expect(screen.getByTestId("template-version")).toHaveTextContent("第2版");
    const history = screen.getByTestId("template-history");
    expect(within(history).getByTestId("template-history-2")).toHaveTextContent("山田 太郎");
    expect(within(history).getByTestId("template-history-1")).toHaveTextContent("初期設定");
    // Another template is untouched.
    expect(screen.getByTestId("template-row-fee_guidance")).toHaveTextContent("第1版");
  });

  it("an unknown 差し込み項目 is shown at the text, keeps the last good preview, and is not saved", async () => {
    const { user, host: h } = await app("admin");
    await openLetters(user);
    const ta = await openTemplate(user, "acknowledgement");
    await waitFor(() => expect(within(screen.getByTestId("template-preview")).getByRole("document")).toBeInTheDocument());
    const goodPreviews = pdf.openPdf.mock.calls.length;

    await user.click(ta);
    ta.setSelectionRange(ta.value.length, ta.value.length);
    await user.paste("\nお好きな色：{{好きな色}}");
    expect(await screen.findByTestId("error-text", {}, { timeout: 2000 })).toHaveTextContent("{{好きな色}}");
    expect(ta).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("template-preview-error")).toHaveTextContent("入力内容に誤りがあるため、プレビューを更新できません");
    // The last good preview stays (dimmed); no new PDF was opened.
    const preview = screen.getByTestId("template-preview");
    expect(within(preview).getByRole("document")).toBeInTheDocument();
    expect(preview).toHaveClass("letter-preview--stale");
    expect(pdf.openPdf.mock.calls.length).toBe(goodPreviews);

    await user.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(h.callsOf("save_letter_template")).toHaveLength(1));
    expect(await screen.findByTestId("error-text")).toHaveTextContent("使えない差し込み項目があります: {{好きな色}}");
    expect(ta).toHaveFocus();
    expect(screen.queryByTestId("template-notice")).not.toBeInTheDocument();
    expect(await versionsOf(h, "acknowledgement")).toHaveLength(1);
    expect(screen.getByTestId("template-row-acknowledgement")).toHaveTextContent("第1版");

    // Fixing the text clears the error and the preview is drawn again.
    await user.clear(ta);
    await user.paste("拝啓\n{{氏名}} 様");
    await waitFor(() => expect(screen.queryByTestId("error-text")).not.toBeInTheDocument(), { timeout: 2000 });
    await waitFor(() => expect(previewCalls(h).at(-1)?.body.text).toBe("拝啓\n{{氏名}} 様"));
    await waitFor(() => expect(screen.getByTestId("template-preview")).not.toHaveClass("letter-preview--stale"));
    expect(screen.queryByTestId("template-preview-error")).not.toBeInTheDocument();
  });

  it("a 差し込み項目 goes in at the cursor (not at the end), by click or Enter, and the focus returns to the text", async () => {
    const { user, host: h } = await app("admin");
    await openLetters(user);
    const ta = await openTemplate(user, "acknowledgement");
    // The caret after the first two characters.
    await user.click(ta);
    ta.setSelectionRange(2, 2);
    await user.click(screen.getByTestId("template-field-受付番号"));
    const inserted = `${ACK_TEXT.slice(0, 2)}{{受付番号}}${ACK_TEXT.slice(2)}`;
    expect(ta).toHaveValue(inserted);
    expect(ta).toHaveFocus();
    expect(ta.selectionStart).toBe(2 + "{{受付番号}}".length);

    // A selection is replaced; the keyboard works too (Enter on the item), without saving.
    ta.setSelectionRange(0, 2);
    screen.getByTestId("template-field-氏名").focus();
    await user.keyboard("{Enter}");
    expect(ta).toHaveValue(`{{氏名}}${inserted.slice(2)}`);
    expect(ta).toHaveFocus();
    expect(ta.selectionStart).toBe("{{氏名}}".length);
    expect(h.callsOf("save_letter_template")).toHaveLength(0);
  });

  it("初期設定に戻す fills the editor with the shipped text after a confirmation, saved only on 保存", async () => {
    // The 管理者 rewrote 手数料のご案内 earlier today.
    await signIn(host(), "admin");
    const t = await templateOf(host(), "fee_guidance");
    await host().call("save_letter_template", { key: "fee_guidance", body: { ...t.defaultBody, text: "手数料は不要です。" } });
    const { user, host: h } = renderAppOnHost(host());
    const list = await openLetters(user);
    const row = within(list).getByTestId("template-row-fee_guidance");
    expect(row).toHaveTextContent("第2版");
    expect(within(row).getByText("編集済み")).toBeInTheDocument();
    expect(row).toHaveTextContent("2026/12/10");

    const ta = await openTemplate(user, "fee_guidance");
    expect(ta).toHaveValue("手数料は不要です。");
    expect(screen.getByTestId("template-discard")).toBeDisabled();
    await user.click(screen.getByTestId("template-reset"));
    const dialog = await screen.findByRole("dialog", { name: "初期設定に戻す" });
    await user.click(within(dialog).getByTestId("template-reset-dialog-cancel"));
    expect(ta).toHaveValue("手数料は不要です。");

    await user.click(screen.getByTestId("template-reset"));
    await user.click(within(await screen.findByRole("dialog", { name: "初期設定に戻す" })).getByTestId("template-reset-dialog-confirm"));
    expect(ta).toHaveValue(t.defaultBody.text);
    expect(await versionsOf(h, "fee_guidance")).toHaveLength(2);

    // 変更を取り消す brings back the saved text.
    await user.click(screen.getByTestId("template-discard"));
    expect(ta).toHaveValue("手数料は不要です。");

    await user.click(screen.getByTestId("template-reset"));
    await user.click(within(await screen.findByRole("dialog", { name: "初期設定に戻す" })).getByTestId("template-reset-dialog-confirm"));
    await user.click(screen.getByTestId("template-save"));
    expect(await screen.findByTestId("template-notice")).toHaveTextContent("第3版として保存しました。");
    expect((await templateOf(h, "fee_guidance")).body).toEqual(t.defaultBody);
    await waitFor(() => expect(within(row).queryByText("編集済み")).not.toBeInTheDocument());
    expect(row).toHaveTextContent("第3版");
  });

  it("asks before leaving a template with unsaved changes", async () => {
    const { user } = await app("admin");
    await openLetters(user);
    // Unchanged: another template opens at once.
    await openTemplate(user, "acknowledgement");
    let ta = await openTemplate(user, "fee_guidance");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(ta).toHaveValue(FEE_TEXT);

    await typeAtEnd(user, ta, "（追記）");
    await user.click(screen.getByTestId("template-row-acknowledgement"));
    const dialog = await screen.findByRole("dialog", { name: "保存していない変更があります" });
    expect(dialog).toHaveTextContent("「手数料のご案内」の変更はまだ保存されていません。変更を破棄して「受付のお知らせ」を開きますか？");
    await user.click(within(dialog).getByTestId("template-leave-cancel"));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("template-text")).toHaveValue(`${FEE_TEXT}（追記）`);

    // 閉じる asks too.
    await user.click(screen.getByTestId("template-close"));
    await user.click(within(await screen.findByRole("dialog", { name: "保存していない変更があります" })).getByTestId("template-leave-cancel"));
    expect(screen.getByTestId("template-editor")).toBeInTheDocument();

    await user.click(screen.getByTestId("template-row-acknowledgement"));
    await user.click(within(await screen.findByRole("dialog")).getByTestId("template-leave-confirm"));
    ta = (await screen.findByTestId("template-text")) as HTMLTextAreaElement;
    await waitFor(() => expect(ta).toHaveValue(ACK_TEXT));

    // Coming back, the discarded change is gone.
    await user.click(screen.getByTestId("template-row-fee_guidance"));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("template-text")).toHaveValue(FEE_TEXT));
  });

  it("previews with a chosen case's data", async () => {
    await signIn(host(), "admin");
    const made: CaseView = await createCase(host(), sampleInput({ receivedOn: "2026-12-01" }));
    const { id, receiptNo } = made;
    const { user, host: h } = renderAppOnHost(host());
    await openLetters(user);
    await openTemplate(user, "acknowledgement");
    const select = screen.getByTestId("template-preview-case");
    expect(select).toHaveValue("");
    await waitFor(() => expect(within(select).getByRole("option", { name: new RegExp(receiptNo) })).toBeInTheDocument());
    await user.selectOptions(select, String(id));
    await waitFor(() => expect(previewCalls(h).at(-1)).toMatchObject({ caseId: id, body: { text: ACK_TEXT } }));
  });

  it("an officer sees the templates read-only and cannot save", async () => {
    const { user, host: h } = await app("officer");
    await openLetters(user);
    const ta = await openTemplate(user, "acknowledgement");
    expect(screen.getByTestId("template-read-only")).toHaveTextContent("テンプレートの編集は管理者が行います。");
    expect(ta).toBeDisabled();
    expect(screen.getByTestId("template-name")).toBeDisabled();
    expect(screen.getByTestId("template-scope")).toBeDisabled();
    expect(screen.getByTestId("template-field-受付番号")).toBeDisabled();
    expect(screen.queryByTestId("template-save")).not.toBeInTheDocument();
    expect(screen.queryByTestId("template-reset")).not.toBeInTheDocument();
    await user.type(ta, "書き換え");
    await user.click(screen.getByTestId("template-field-氏名"));
    expect(ta).toHaveValue(ACK_TEXT);
    // Enter in a field submits nothing either.
    await user.type(screen.getByTestId("template-title"), "{Enter}");
    // The preview still works for an officer.
    await waitFor(() => expect(previewCalls(h).length).toBeGreaterThan(0));
    expect(h.callsOf("save_letter_template")).toHaveLength(0);

    const envelope = screen.getByTestId("envelope-offsets");
    expect(within(envelope).getByTestId("offsets-x")).toHaveAttribute("readonly");
    expect(within(envelope).queryByTestId("offsets-save")).not.toBeInTheDocument();
    expect(within(envelope).getByTestId("offsets-read-only")).toHaveTextContent("宛名の位置は管理者が調整します。");
  });

  it("宛名の位置: out of range shows the error at the field and keeps 0; a valid one is saved", async () => {
    const { user, host: h } = await app("admin");
    await openLetters(user);
    const envelope = screen.getByTestId("envelope-offsets");
    expect(envelope).toHaveTextContent("長形3号の窓付き封筒に三つ折りで入れたとき、宛名が窓から見えるように位置を調整します。");
    const x = await within(envelope).findByTestId("offsets-x");
    const y = within(envelope).getByTestId("offsets-y");
    expect(x).toHaveValue(0);
    expect(x).toHaveAttribute("step", "0.5");

    await user.clear(x);
    await user.type(x, "40");
    await user.click(within(envelope).getByTestId("offsets-save"));
    expect(await within(envelope).findByTestId("error-xMm")).toHaveTextContent("横の調整は-30〜30mmの範囲で指定してください。");
    expect(x).toHaveAttribute("aria-invalid", "true");
    expect(within(envelope).queryByTestId("error-yMm")).not.toBeInTheDocument();
    expect(await h.call<Offsets>("get_letter_offsets")).toEqual({ xMm: 0, yMm: 0 });

    // An empty field is refused here, without a call.
    await user.clear(x);
    await user.click(within(envelope).getByTestId("offsets-save"));
    expect(await within(envelope).findByTestId("error-xMm")).toHaveTextContent("横の調整は数値（mm）で入力してください。");
    expect(h.callsOf("set_letter_offsets")).toHaveLength(1);

    await user.type(x, "1.5");
    await user.clear(y);
    await user.type(y, "-2");
    await user.click(within(envelope).getByTestId("offsets-save"));
    expect(await within(envelope).findByTestId("offsets-saved")).toHaveTextContent("宛名の位置を保存しました（横 1.5mm、縦 -2mm）。");
    expect(await h.call<Offsets>("get_letter_offsets")).toEqual({ xMm: 1.5, yMm: -2 });
    expect(within(envelope).queryByTestId("error-xMm")).not.toBeInTheDocument();
  });

  it("確認用紙: prints on the chosen printer, and saves as PDF unless the dialog is cancelled", async () => {
    await host().call("host.printers", { printers: ["Madoguchi-PDF", "総務部-複合機"], default: "Madoguchi-PDF" });
    const { user, host: h } = await app("officer");
    await openLetters(user);
    const envelope = screen.getByTestId("envelope-offsets");
    const printer = await within(envelope).findByTestId("calibration-printer");
    await waitFor(() => expect(printer).toHaveValue("Madoguchi-PDF"));
    await user.selectOptions(printer, "総務部-複合機");
    await user.click(within(envelope).getByTestId("calibration-print"));
    expect(await within(envelope).findByTestId("calibration-notice")).toHaveTextContent("確認用紙を「総務部-複合機」に送りました。");
    expect(await h.call("host.printed")).toEqual([{ printer: "総務部-複合機", title: "madoguchi-calibration", bytes: expect.any(Number) }]);

    // The save dialog is cancelled.
    await user.click(within(envelope).getByTestId("calibration-save"));
    await waitFor(() => expect(h.callsOf("save_calibration_page")).toHaveLength(1));
    await h.idle();
    await waitFor(() => expect(within(envelope).getByTestId("calibration-save")).toBeEnabled());
    expect(within(envelope).queryByTestId("calibration-notice")).not.toBeInTheDocument();

    await h.call("host.save_dir", { dir: writeTemp("確認用紙", "").replace(/確認用紙$/, "") });
    await user.click(within(envelope).getByTestId("calibration-save"));
    expect(await within(envelope).findByTestId("calibration-notice")).toHaveTextContent("確認用紙をPDFで保存しました。");
    expect(await h.call("host.printed")).toHaveLength(1);
  });

  it("確認用紙: a printer that went away is reported", async () => {
    await host().call("host.printers", { printers: ["Madoguchi-PDF", "総務部-複合機"], default: "Madoguchi-PDF" });
    const { user, host: h } = await app("admin");
    await openLetters(user);
    const envelope = screen.getByTestId("envelope-offsets");
    await waitFor(() => expect(within(envelope).getByTestId("calibration-printer")).toHaveValue("Madoguchi-PDF"));
    // Removed from the OS after the list was read.
    await h.call("host.printers", { printers: ["総務部-複合機"], default: "総務部-複合機" });
    await user.click(within(envelope).getByTestId("calibration-print"));
    expect(await within(envelope).findByTestId("calibration-error")).toHaveTextContent("選んだプリンターが見つかりません。");
    expect(await h.call("host.printed")).toHaveLength(0);
  });
});
