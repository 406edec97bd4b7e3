import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseInput, CaseView } from "../../backend/types";
import { caseFromMail, fixture, PDF_ONE_PAGE, PNG_1X1, requestMail, stageScans, writeTemp } from "../../test/files";
import { hostForFile } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { policyBody, savePolicy, signIn } from "../../test/seed";

// pdf.js needs a real canvas and a worker: the viewer is tested against this stand-in.
const pdf = vi.hoisted(() => ({
  openPdf: vi.fn(),
  renders: [] as Array<{ page: number; scale: number; rotation: number }>,
}));
vi.mock("../../lib/pdf", () => ({ openPdf: pdf.openPdf }));

beforeEach(() => {
  pdf.renders.length = 0;
  pdf.openPdf.mockReset();
  pdf.openPdf.mockImplementation(async (bytes: Uint8Array) => {
    if (new TextDecoder().decode(bytes.slice(0, 5)) !== "%PDF-") throw new Error("not a pdf");
    return {
      numPages: 3,
      pageSize: async () => ({ width: 794, height: 1123 }),
      renderPage: async (page: number, _canvas: HTMLCanvasElement, o: { scale: number; rotation: number }) => {
        pdf.renders.push({ page, ...o });
      },
      destroy: () => undefined,
    };
  });
});

/** The request mail (no Date header: the import reports it) with a photo of a licence. */
const MAIL = requestMail({
  date: null,
  attachments: [{ fileName: "免許証.png", type: "image/png", bytes: PNG_1X1 }],
});

/** What the officer typed into the form prefilled from the mail. */
const FORM: Partial<CaseInput> = {
  receivedOn: "2026-12-01",
  requester: {
    name: "見本 花子",
    kana: "ミホン ハナコ",
    postalCode: "100-0001",
    address: "東京都千代田区千代田1-1",
    email: "hanako@example.jp",
    phone: "",
    registeredEmail: "",
    registeredPhone: "",
  },
  kinds: ["disclosure", "third_party_record"],
  specificPersonalInfo: true,
  memo: "電話で受付内容を確認済み",
};

/**
 * Case 2026-0001 from MAIL (attachments: 1 the .eml, 2 免許証.png) with a
 * scanned request form added (3 請求書.pdf); the 担当者 signed in.
 */
async function seedCase(form: Partial<CaseInput> = FORM): Promise<CaseView> {
  const h = host();
  await signIn(h, "admin");
  const made = await caseFromMail(h, MAIL, form);
  const staged = await stageScans(h, [writeTemp("請求書.pdf", PDF_ONE_PAGE)]);
  await h.call("add_case_files", { id: made.id, stagedFileIds: staged.files.map((f) => f.stagedId) });
  await h.call("lock");
  await signIn(h, "officer");
  return made;
}

const host = hostForFile();

async function app(form?: Partial<CaseInput>) {
  await seedCase(form);
  return renderAppOnHost(host());
}

async function openCase(user: UserEvent, receiptNo = "2026-0001") {
  await user.click(await screen.findByTestId("nav-cases"));
  await user.click(await screen.findByTestId(`case-row-${receiptNo}`));
  await screen.findByTestId("case-receipt-no");
}

describe("案件", () => {
  it("shows the header, the summary, the mail and the history", async () => {
    const { user, host: h } = await app();
    await openCase(user);
    expect(screen.getByTestId("case-receipt-no")).toHaveTextContent("2026-0001");
    expect(screen.getByTestId("case-status")).toHaveTextContent("受付");
    expect(screen.getByTestId("case-received")).toHaveTextContent("2026/12/01 （令和8年12月1日）");
    expect(screen.getByTestId("case-channel")).toHaveTextContent("メール");
    expect(screen.getByTestId("case-specific-badge")).toHaveTextContent("特定個人情報");
    expect(screen.getByTestId("case-fact-kinds")).toHaveTextContent("開示・第三者提供記録の開示");
    expect(screen.getByTestId("case-fact-address")).toHaveTextContent("〒100-0001 東京都千代田区千代田1-1");
    expect(screen.getByTestId("case-fact-memo")).toHaveTextContent("電話で受付内容を確認済み");
    expect(h.callsOf("get_case")).toEqual([{ id: 1 }]);

    await user.click(screen.getByTestId("case-tab-mail"));
    const mail = screen.getByTestId("case-mail");
    expect(within(mail).getByTestId("mail-from")).toHaveTextContent("見本 花子 <hanako@example.jp>");
    expect(within(mail).getByRole("alert")).toHaveTextContent("送信日時（Date）がありません。");

    await user.click(screen.getByTestId("case-tab-history"));
    const items = within(screen.getByTestId("case-timeline")).getAllByRole("listitem");
    expect(items.map((i) => i.textContent?.replace(/^2026\/12\/10 \d\d:\d\d/, ""))).toEqual([
      "山田 太郎登録（受付経路: メール）",
      "山田 太郎メールを取り込み（添付1件）・読み取れなかった部分1件",
      "山田 太郎ファイルを添付: request.eml",
      "山田 太郎ファイルを添付: 免許証.png",
      "山田 太郎ファイルを添付: 請求書.pdf",
    ]);
  });

  it("edits with the same form and saves with update_case; the timeline says what changed, newest last", async () => {
    const { user, host: h } = await app();
    await openCase(user);
    await user.click(screen.getByTestId("case-edit"));
    const form = screen.getByTestId("case-form");
    expect(within(form).getByTestId("case-name")).toHaveValue("見本 花子");
    expect(within(form).getByTestId("case-channel-email")).toBeChecked();
    expect(within(form).getByTestId("case-specific")).toBeChecked();

    // A bad value is shown at its field and nothing changes.
    await user.clear(within(form).getByTestId("case-name"));
    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("error-requester.name")).toHaveTextContent("請求者の氏名を入力してください。");
    expect((await h.call<CaseView>("get_case", { id: 1 })).input.requester.name).toBe("見本 花子");

    await user.type(within(form).getByTestId("case-name"), "見本 花子");
    await user.clear(within(form).getByTestId("case-address"));
    await user.type(within(form).getByTestId("case-address"), "大阪府大阪市北区1-2-3");
    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-notice")).toHaveTextContent("保存しました。");
    expect(screen.getByTestId("case-fact-address")).toHaveTextContent("〒100-0001 大阪府大阪市北区1-2-3");
    const calls = h.callsOf("update_case") as Array<{ id: number; input: CaseInput }>;
    expect(calls).toHaveLength(2);
    expect(calls[1]!.id).toBe(1);
    expect(calls[1]!.input.requester.address).toBe("大阪府大阪市北区1-2-3");
    expect(calls[1]!.input.kinds).toEqual(["disclosure", "third_party_record"]);

    await user.click(screen.getByTestId("case-tab-history"));
    const items = within(screen.getByTestId("case-timeline")).getAllByRole("listitem");
    expect(items.map((i) => i.textContent?.replace(/^[\d/: ]+/, "")).at(-1)).toBe("佐藤 花子修正: 住所");
  });

  it("キャンセル leaves the edit without saving", async () => {
    const { user, host: h } = await app();
    await openCase(user);
    await user.click(screen.getByTestId("case-edit"));
    await user.type(screen.getByTestId("case-memo"), "追記");
    await user.click(screen.getByTestId("case-edit-cancel"));
    expect(screen.getByTestId("case-fact-memo")).toHaveTextContent(/^電話で受付内容を確認済み$/);
    expect(h.callsOf("update_case")).toHaveLength(0);
  });

  it("取下げ needs a reason; then the case is 取下げ and cannot be marked again", async () => {
    const { user, host: h } = await app();
    await openCase(user);

    await user.click(screen.getByTestId("case-mark-withdrawn"));
    let dialog = await screen.findByRole("dialog", { name: "取下げにする" });
    expect(within(dialog).getByTestId("case-status-reason")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("case-mark-withdrawn"));
    dialog = await screen.findByRole("dialog", { name: "取下げにする" });
    await user.click(within(dialog).getByTestId("case-status-confirm"));
    expect(within(dialog).getByTestId("error-reason")).toHaveTextContent("理由を入力してください。");
    expect(h.callsOf("set_case_status")).toHaveLength(0);

    await user.type(within(dialog).getByTestId("case-status-reason"), "本人より電話で取下げの申出");
    await user.click(within(dialog).getByTestId("case-status-confirm"));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(h.callsOf("set_case_status")).toEqual([{ id: 1, status: "withdrawn", reason: "本人より電話で取下げの申出" }]);
    expect(screen.getByTestId("case-status")).toHaveTextContent("取下げ");
    expect(screen.getByTestId("case-status-reason-text")).toHaveTextContent("理由: 本人より電話で取下げの申出");
    expect(screen.getByTestId("case-mark-withdrawn")).toBeDisabled();
    expect(screen.getByTestId("case-mark-mistaken")).toBeDisabled();

    await user.click(screen.getByTestId("case-tab-history"));
    expect(screen.getByTestId("case-timeline")).toHaveTextContent("状態を変更: 受付 → 取下げ（理由: 本人より電話で取下げの申出）");
  });

  it("moves the case along its workflow with only the valid next steps", async () => {
    // Not 特定個人情報: full compliance then needs no approval.
    const { user, host: h } = await app({ ...FORM, specificPersonalInfo: false });
    await openCase(user);
    const steps = () => within(screen.getByTestId("case-next-statuses")).getAllByRole("button").map((b) => b.textContent);
    expect(steps()).toEqual(["「本人確認中」へ", "「手数料待ち」へ", "「調査中」へ"]);
    await user.click(screen.getByTestId("case-move-investigating"));
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("調査中"));
    expect(h.callsOf("set_case_status")).toEqual([{ id: 1, status: "investigating", reason: "" }]);
    expect(steps()).toEqual(["「承認待ち」へ", "「回答準備」へ", "「本人確認中」へ", "「手数料待ち」へ"]);
    expect(screen.getByTestId("case-mark-mistaken")).toBeDisabled();
    // 回答準備 only once every requested kind is decided.
    await user.click(screen.getByTestId("case-move-preparing_reply"));
    expect(await screen.findByTestId("case-move-error")).toHaveTextContent("決定していない請求があります: 開示・第三者提供記録の開示");
    expect(screen.getByTestId("case-status")).toHaveTextContent("調査中");
    // The decisions, recorded as the 決定 tab would.
    for (const kind of ["disclosure", "third_party_record"] as const)
      await h.call("record_decision", { caseId: 1, decision: { kind, outcome: "full_disclosure", legalGround: null, reasons: "", detail: "" } });
    for (const to of ["preparing_reply", "sent", "completed"]) {
      // The next step's button appears once the case is read back after the move before.
      await user.click(await screen.findByTestId(`case-move-${to}`));
      await waitFor(() => expect((h.callsOf("set_case_status").at(-1) as { status?: string } | undefined)?.status).toBe(to));
    }
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("完了"));
    expect(screen.queryByTestId("case-next-statuses")).not.toBeInTheDocument();
    expect(screen.getByTestId("case-mark-withdrawn")).toBeDisabled();
  });

  it("shows the backend's reason error at the field (誤登録)", async () => {
    const { user } = await app();
    await openCase(user);
    await user.click(screen.getByTestId("case-mark-mistaken"));
    const dialog = await screen.findByRole("dialog", { name: "誤登録にする" });
    // A 個人番号 in the reason: the core refuses it at the field (番号法).
    await user.type(within(dialog).getByTestId("case-status-reason"), "二重登録 123456789018");
    await user.click(within(dialog).getByTestId("case-status-confirm"));
    expect(await within(dialog).findByTestId("error-reason")).toHaveTextContent("個人番号（マイナンバー）と思われる12桁の番号が含まれています。");
    expect(screen.getByTestId("case-status")).toHaveTextContent("受付");
  });

  it("opens an image in the viewer: zoom in and out, fit, rotate by 90°", async () => {
    const { user, host: h } = await app();
    await openCase(user);
    await user.click(screen.getByTestId("case-tab-attachments"));
    const list = screen.getByTestId("case-attachments");
    expect(within(list).getByTestId("attachment-row-2")).toHaveTextContent(`免許証.pngPNG画像メールの添付${PNG_1X1.length} B`);
    expect(within(list).getByTestId("attachment-row-3")).toHaveTextContent(`請求書.pdfPDFスキャン${PDF_ONE_PAGE.length} B`);
    await user.click(within(list).getByTestId("attachment-open-2"));

    const viewer = await screen.findByTestId("attachment-viewer");
    const image = await within(viewer).findByTestId("viewer-image");
    expect(image).toHaveAttribute("src", expect.stringMatching(/^(blob:|data:image\/png;base64,)/));
    expect(h.callsOf("get_attachment")).toEqual([{ attachmentId: 2 }]);
    const level = within(viewer).getByTestId("viewer-zoom-level");
    expect(level).toHaveTextContent("全体表示");

    await user.click(within(viewer).getByTestId("viewer-zoom-in"));
    expect(level).toHaveTextContent("125%");
    await user.click(within(viewer).getByTestId("viewer-zoom-in"));
    expect(level).toHaveTextContent("150%");
    await user.click(within(viewer).getByTestId("viewer-zoom-out"));
    await user.click(within(viewer).getByTestId("viewer-zoom-out"));
    await user.click(within(viewer).getByTestId("viewer-zoom-out"));
    expect(level).toHaveTextContent("75%");
    await user.click(within(viewer).getByTestId("viewer-fit"));
    expect(level).toHaveTextContent("全体表示");

    expect(image.style.transform).toContain("rotate(0deg)");
    await user.click(within(viewer).getByTestId("viewer-rotate"));
    expect(image.style.transform).toContain("rotate(90deg)");
    expect(within(viewer).getByTestId("viewer-rotation")).toHaveTextContent("90°");
    await user.click(within(viewer).getByTestId("viewer-rotate"));
    await user.click(within(viewer).getByTestId("viewer-rotate"));
    await user.click(within(viewer).getByTestId("viewer-rotate"));
    expect(image.style.transform).toContain("rotate(0deg)");

    // Keys do the same; Esc closes.
    image.closest<HTMLElement>(".viewer__canvas")!.focus();
    await user.keyboard("+");
    expect(level).toHaveTextContent("125%");
    await user.keyboard("r");
    expect(image.style.transform).toContain("rotate(90deg)");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("attachment-viewer")).not.toBeInTheDocument();
  });

  it("zooms in from the fitted size of the image as it is turned", async () => {
    // jsdom lays nothing out: the viewer's area is 1000×600 and the scan 600×900 (portrait).
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1000);
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(600);
    const { user } = await app();
    await openCase(user);
    await user.click(screen.getByTestId("case-tab-attachments"));
    await user.click(screen.getByTestId("attachment-open-2"));
    const viewer = await screen.findByTestId("attachment-viewer");
    const image = await within(viewer).findByTestId("viewer-image");
    Object.defineProperty(image, "naturalWidth", { value: 600 });
    Object.defineProperty(image, "naturalHeight", { value: 900 });
    fireEvent.load(image);
    // Fitted: (600 − 16) / 900 ≈ 65 % → the next step up is 75 %.
    await waitFor(() => expect(image.style.height).toBe(`${900 * (584 / 900)}px`));
    await user.click(within(viewer).getByTestId("viewer-zoom-in"));
    expect(within(viewer).getByTestId("viewer-zoom-level")).toHaveTextContent("75%");
    await user.click(within(viewer).getByTestId("viewer-fit"));
    // Turned, it is 900 wide and 600 high: fitted ≈ 97 % → 100 %.
    await user.click(within(viewer).getByTestId("viewer-rotate"));
    await user.click(within(viewer).getByTestId("viewer-zoom-in"));
    expect(within(viewer).getByTestId("viewer-zoom-level")).toHaveTextContent("100%");
    expect(image.style.width).toBe("600px");
    expect(image.style.transform).toBe("translate(-50%, -50%) rotate(90deg)");
  });

  it("renders a PDF page by page, at the zoom and turn chosen", async () => {
    const { user } = await app();
    await openCase(user);
    await user.click(screen.getByTestId("case-tab-attachments"));
    await user.click(screen.getByTestId("attachment-open-3"));
    const viewer = await screen.findByTestId("attachment-viewer");
    expect(await within(viewer).findByTestId("viewer-page")).toHaveTextContent("1 / 3 ページ");
    await waitFor(() => expect(pdf.renders.at(-1)).toMatchObject({ page: 1, rotation: 0 }));
    expect(pdf.openPdf).toHaveBeenCalledTimes(1);
    expect(within(viewer).getByTestId("viewer-page-prev")).toBeDisabled();

    await user.click(within(viewer).getByTestId("viewer-page-next"));
    expect(within(viewer).getByTestId("viewer-page")).toHaveTextContent("2 / 3 ページ");
    await waitFor(() => expect(pdf.renders.at(-1)).toMatchObject({ page: 2 }));
    await user.click(within(viewer).getByTestId("viewer-zoom-in"));
    await waitFor(() => expect(pdf.renders.at(-1)).toEqual({ page: 2, scale: 1.25, rotation: 0 }));
    await user.click(within(viewer).getByTestId("viewer-rotate"));
    await waitFor(() => expect(pdf.renders.at(-1)).toEqual({ page: 2, scale: 1.25, rotation: 90 }));
    await user.click(within(viewer).getByTestId("viewer-page-next"));
    await waitFor(() => expect(pdf.renders.at(-1)).toEqual({ page: 3, scale: 1.25, rotation: 90 }));
    expect(within(viewer).getByTestId("viewer-page-next")).toBeDisabled();
  });

  it("says so when a PDF cannot be read", async () => {
    const { user } = await app();
    // A PDF the core kept (it starts like one) but pdf.js cannot read.
    pdf.openPdf.mockRejectedValueOnce(new Error("Invalid PDF structure"));
    await openCase(user);
    await user.click(screen.getByTestId("case-tab-attachments"));
    await user.click(screen.getByTestId("attachment-open-3"));
    expect(await screen.findByTestId("viewer-pdf-error")).toHaveTextContent("PDFを表示できませんでした。");
  });

  it("スキャンを追加 attaches the good files and names the others", async () => {
    const { user, host: h } = await app();
    // The dialog answers a real scan and a "PDF" that is text inside.
    const good = writeTemp("委任状.jpg", readFileSync(fixture("scans", "license-front.jpg")));
    const bad = writeTemp("偽物.pdf", "これはPDFではありません");
    await h.call("host.pick", { paths: [good, bad] });
    await openCase(user);
    await user.click(screen.getByTestId("case-tab-attachments"));
    await user.click(screen.getByTestId("case-add-scan"));
    expect(await screen.findByTestId("case-notice")).toHaveTextContent("1件のファイルを添付しました。");
    const [added] = h.callsOf("add_case_files") as Array<{ id: number; stagedFileIds: string[] }>;
    expect(added).toMatchObject({ id: 1, stagedFileIds: [expect.any(String)] });
    const [discarded] = h.callsOf("discard_staged") as Array<{ ids: string[] }>;
    expect(discarded!.ids).toHaveLength(1);
    expect(discarded!.ids).not.toContain(added!.stagedFileIds[0]);
    expect(screen.getByTestId("case-attachments-problems")).toHaveTextContent("偽物.pdf:");
    expect(screen.getByTestId("case-attachments")).toHaveTextContent("委任状.jpg");
    // The .eml, 免許証.png, 請求書.pdf and now 委任状.jpg.
    expect(screen.getByTestId("case-tab-attachments")).toHaveTextContent("添付ファイル（4）");
  });

  it("a count decided on 調査・決定 shows on 手数料・期限 at once (a fee per document, asked after the decision)", async () => {
    const h = host();
    await signIn(h, "admin");
    const base = await policyBody(h);
    await savePolicy(h, {
      ...base,
      name: "書類1件300円",
      fees: [{ kind: "disclosure", amountYen: 300, per: "per_document", when: "after_decision" }],
      feeMethods: [{ method: "bank_transfer", instructions: "見本銀行 本店 普通 0000000" }],
    });
    await h.call("lock");
    const { user } = await app({ ...FORM, kinds: ["disclosure"], specificPersonalInfo: false });
    await openCase(user);
    await user.click(screen.getByTestId("case-tab-fees"));
    expect(await screen.findByTestId("fee-state")).toHaveTextContent("件数の決定後に請求");
    await user.click(screen.getByTestId("case-move-investigating"));
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("調査中"));
    await user.click(screen.getByTestId("case-tab-decisions"));
    await user.click(await screen.findByTestId("decision-outcome-full_disclosure"));
    await user.type(screen.getByTestId("decision-fee-count"), "2");
    await user.click(screen.getByTestId("decision-save"));
    expect(await screen.findByTestId("decision-current-fee-count")).toHaveTextContent("2件");
    await user.click(screen.getByTestId("case-tab-fees"));
    await waitFor(() => expect(screen.getByTestId("fee-expected")).toHaveTextContent("600円"));
    expect(screen.getByTestId("fee-state")).toHaveTextContent("未入金");
    expect(screen.getByTestId("fee-lines")).toHaveTextContent("開示（1件につき300円×2件）");
  });
});
