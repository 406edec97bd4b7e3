import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../../backend";
import type { AuditPage, CaseInput, CaseView, MaskRequest, Verification } from "../../backend/types";
import { seedCases } from "../../test/cases";
import { fixture, PNG_1X1, requestMail, writeTemp } from "../../test/files";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { sampleInput, signIn } from "../../test/seed";
import { readFileSync } from "node:fs";

// pdf.js needs a real canvas and a worker: the masking tool is tested
// against this stand-in, which renders every page as a real (1×1) PNG.
const pdf = vi.hoisted(() => ({ openPdf: vi.fn(), pngs: [] as number[] }));
vi.mock("../../lib/pdf", () => ({ openPdf: pdf.openPdf }));
const PAGE_PNG = PNG_1X1.toString("base64");

beforeEach(() => {
  pdf.pngs.length = 0;
  pdf.openPdf.mockReset();
  pdf.openPdf.mockImplementation(async () => ({
    numPages: 2,
    pageSize: async () => ({ width: 595, height: 842 }),
    renderPage: async () => undefined,
    renderPageToPng: async (page: number, o: { scale: number; maxSide: number }) => {
      pdf.pngs.push(page);
      expect(o).toEqual({ scale: 2, maxSide: 2400 });
      return { pngBase64: PAGE_PNG, width: 1190, height: 1684 };
    },
    destroy: () => undefined,
  }));
});

/** Today is 2026-12-10 (the host's); the store has the default policy and no case. */
const host = hostForFile();

/** The desk with the 担当者 at the PC (the app not yet shown). */
async function desk(): Promise<Host> {
  await signIn(host(), "officer");
  return host();
}

/** The 見本 scans. */
const scan = (name: string) => readFileSync(fixture("scans", name));
/** A file that says it is an iPhone photo (HEIC) by its content. */
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic\0\0\0\0mif1heic")]);
/** Text under a picture's name. */
const NOT_AN_IMAGE = Buffer.from("これは画像ではありません（見本）\n");

/** What the next file dialog answers: `files` written to disk under their names. */
async function willPick(h: Host, files: Record<string, Buffer | string>) {
  await h.call("host.pick", { paths: Object.entries(files).map(([name, bytes]) => writeTemp(name, bytes)) });
}

/** A mail written to disk as `name`. */
const mailFile = (name: string, eml: string) => writeTemp(name, eml);

/** What the next .eml dialog answers: the mail `eml`, as request.eml. */
const willPickMail = (h: Host, eml: string) => h.call("host.pick", { paths: [mailFile("request.eml", eml)] });

/** jsdom lays nothing out: the drawing layer says where it is on the screen. */
function placeCanvas(canvas: HTMLElement, box = { left: 100, top: 50, width: 400, height: 250 }) {
  vi.spyOn(canvas, "getBoundingClientRect").mockReturnValue({
    ...box,
    x: box.left,
    y: box.top,
    right: box.left + box.width,
    bottom: box.top + box.height,
    toJSON: () => box,
  } as DOMRect);
}

/** Drags with the mouse from one point to another (screen px). */
function drag(canvas: HTMLElement, from: [number, number], to: [number, number]) {
  fireEvent.pointerDown(canvas, { clientX: from[0], clientY: from[1], pointerId: 1, button: 0 });
  fireEvent.pointerMove(canvas, { clientX: (from[0] + to[0]) / 2, clientY: (from[1] + to[1]) / 2, pointerId: 1 });
  fireEvent.pointerUp(canvas, { clientX: to[0], clientY: to[1], pointerId: 1 });
}

/** The masking tool's image, loaded at 800×500. */
async function loadedImage(dialog: HTMLElement) {
  const image = await within(dialog).findByTestId("mask-image");
  Object.defineProperty(image, "naturalWidth", { value: 800 });
  Object.defineProperty(image, "naturalHeight", { value: 500 });
  fireEvent.load(image);
  return within(dialog).findByTestId("mask-canvas");
}

const stagedRow = (fileName: string) => screen.findByTestId((_, el) => el?.getAttribute("data-testid") === "staged-file" && el.getAttribute("data-file-name") === fileName);

async function openIntake(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-intake"));
  // The blank form arrives from new_case_input.
  await waitFor(() => expect(screen.getByTestId("case-received-on")).toHaveValue("2026-12-10"));
}

function createCalls(h: Host) {
  return h.callsOf("create_case") as Array<{ input: CaseInput; stagedMailId: string | null; stagedFileIds: string[] }>;
}

/** The line of a staged file in 添付する書類, by its name. */
function fileLine(name: string): HTMLElement {
  const line = within(screen.getByTestId("intake-files")).getByText(name, { exact: false }).closest<HTMLElement>('[data-testid^="intake-file-"]');
  if (!line) throw new Error(`no staged file ${name}`);
  return line;
}

/** Case `id` as the core keeps it. */
const caseOf = (h: Host, id = 1) => h.call<CaseView>("get_case", { id });
const documentsOf = async (h: Host, caseId = 1) => (await h.call<Verification>("get_verification", { caseId })).documents;

describe("受付", () => {
  it("registers a postal request with a scan; a scan with a problem is shown in red and not sent", async () => {
    const h = await desk();
    await willPick(h, { "請求書.pdf": scan("postal-request-letter.pdf"), "写真.heic": HEIC });
    const { user } = renderAppOnHost(h);
    await openIntake(user);

    expect(screen.getByTestId("intake-channel-post")).toBeChecked();
    expect(screen.getByTestId("intake-drop-hint")).toHaveTextContent(".eml やスキャン（JPEG・PNG・PDF）をウィンドウにドロップしても取り込めます");
    expect(screen.getByTestId("case-received-on-wareki")).toHaveTextContent("令和8年12月10日");
    expect(h.callsOf("new_case_input")).toEqual([{ channel: "post" }]);

    // 和暦 follows the typed 受付日, 全角 included.
    const received = screen.getByTestId("case-received-on");
    await user.clear(received);
    await user.type(received, "２０２６年１２月１日");
    expect(screen.getByTestId("case-received-on-wareki")).toHaveTextContent("令和8年12月1日");

    await user.click(screen.getByTestId("intake-pick-scan"));
    const files = await screen.findByTestId("intake-files");
    expect(fileLine("請求書.pdf")).not.toHaveClass("file-line--bad");
    // The photo is judged by its content: an iPhone's HEIC, which the desk cannot keep.
    const badLine = fileLine("写真.heic");
    expect(badLine).toHaveClass("file-line--bad");
    expect(badLine).toHaveTextContent("HEIC画像は保存できません。書類として保存できるのはJPEG・PNG・PDFだけです（内容で判定しています）。");
    expect(files).toHaveTextContent("添付するスキャン（1件）");

    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.type(screen.getByTestId("case-kana"), "ミホン ハナコ");
    await user.type(screen.getByTestId("case-postal-code"), "100-0001");
    await user.type(screen.getByTestId("case-address"), "東京都千代田区千代田1-1");
    await user.click(screen.getByTestId("case-kind-disclosure"));
    await user.click(screen.getByTestId("case-disclosure-paper"));
    await user.click(screen.getByTestId("case-enclosure-id_copy"));
    await user.click(screen.getByTestId("case-enclosure-stamps"));
    // 訂正等の内容 only for 訂正・追加・削除.
    expect(screen.queryByTestId("case-requested-correction")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("case-save"));

    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
    expect(screen.getByTestId("case-saved")).toHaveTextContent("受付番号 2026-0001 で登録しました。");
    expect(createCalls(h)).toHaveLength(1);
    const [call] = createCalls(h);
    expect(call!.stagedMailId).toBeNull();
    expect(call!.stagedFileIds).toHaveLength(1);
    expect(call!.input).toMatchObject({ receivedOn: "２０２６年１２月１日" });
    // As the core keeps it: the date and the fields cleaned, one scan.
    const saved = await caseOf(h);
    expect(saved.input).toMatchObject({
      channel: "post",
      receivedOn: "2026-12-01",
      requester: { name: "見本 花子", kana: "ミホン ハナコ", postalCode: "100-0001", address: "東京都千代田区千代田1-1" },
      requesterType: "self",
      kinds: ["disclosure"],
      disclosureMethod: "paper",
      enclosures: ["id_copy", "stamps"],
      specificPersonalInfo: false,
    });
    expect(saved.attachments.map((a) => [a.fileName, a.kind])).toEqual([["請求書.pdf", "pdf"]]);
    // The file that could not be saved is given back.
    await waitFor(() => expect(h.callsOf("discard_staged")).toHaveLength(1));

    await user.click(screen.getByTestId("case-saved-open"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0001");
    expect(screen.getByTestId("case-received")).toHaveTextContent("2026/12/01 （令和8年12月1日）");
    await user.click(screen.getByTestId("case-tab-attachments"));
    expect(screen.getByTestId("case-attachments")).toHaveTextContent("請求書.pdf");
    expect(screen.getByTestId("case-attachments")).not.toHaveTextContent("写真.heic");
  });

  it("続けて受付 starts a blank form for the same channel", async () => {
    const h = await desk();
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    await user.click(screen.getByTestId("intake-channel-counter"));
    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.click(screen.getByTestId("case-kind-purpose_notice"));
    await user.click(screen.getByTestId("case-save"));
    await screen.findByTestId("case-saved");
    expect((await caseOf(h)).input.channel).toBe("counter");
    await user.click(screen.getByTestId("case-saved-next"));
    await waitFor(() => expect(screen.getByTestId("case-name")).toHaveValue(""));
    expect(screen.getByTestId("case-kind-purpose_notice")).not.toBeChecked();
    expect(screen.getByTestId("intake-channel-counter")).toBeChecked();
    expect(h.callsOf("new_case_input")).toEqual([{ channel: "post" }, { channel: "counter" }]);
  });

  it("shows each field error at its field: bad 郵便番号, future 受付日, no kind; an agent needs a name", async () => {
    const h = await desk();
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    const received = screen.getByTestId("case-received-on");
    await user.clear(received);
    await user.type(received, "2026-12-11");
    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.type(screen.getByTestId("case-postal-code"), "12345");
    await user.click(screen.getByTestId("case-requester-type-appointed_agent"));
    expect(screen.getByTestId("case-agent-relationship")).toBeInTheDocument();
    await user.click(screen.getByTestId("case-save"));

    expect(await screen.findByTestId("error-receivedOn")).toHaveTextContent("受付日に未来の日付は指定できません。");
    expect(screen.getByTestId("error-requester.postalCode")).toHaveTextContent("郵便番号は7桁の数字で入力してください（例: 100-0001）。");
    expect(screen.getByTestId("error-kinds")).toHaveTextContent("請求の種類を一つ以上選んでください。");
    expect(screen.getByTestId("error-agent.name")).toHaveTextContent("代理人の氏名を入力してください。");
    expect(screen.queryByTestId("error-requester.name")).not.toBeInTheDocument();
    // Each at its field; above the form, how many to fix (not the same words again).
    expect(screen.getByTestId("case-form-error")).toHaveTextContent(/^入力内容を確認してください（4か所）。$/);
    expect(screen.getByTestId("case-postal-code")).toHaveAttribute("aria-invalid", "true");
    // The first field in error has the cursor.
    expect(received).toHaveFocus();
    await expect(caseOf(h)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(screen.queryByTestId("case-saved")).not.toBeInTheDocument();

    // Fixed: saved, the agent's fields go with it.
    await user.clear(received);
    await user.type(received, "2026-12-09");
    await user.clear(screen.getByTestId("case-postal-code"));
    await user.type(screen.getByTestId("case-postal-code"), "１００ー０００１");
    await user.click(screen.getByTestId("case-kind-correction"));
    await user.type(await screen.findByTestId("case-requested-correction"), "住所の訂正");
    await user.type(screen.getByTestId("case-agent-name"), "代理 太郎");
    await user.type(screen.getByTestId("case-agent-relationship"), "弁護士");
    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
    expect((await caseOf(h)).input).toMatchObject({
      requesterType: "appointed_agent",
      agent: { name: "代理 太郎", relationship: "弁護士" },
      kinds: ["correction"],
      requestedCorrection: "住所の訂正",
      // 全角 and the long vowel mark typed for the hyphen, as the core cleans them.
      requester: { postalCode: "100-0001" },
    });
  });

  it("the Enter that confirms a kana–kanji conversion in 氏名 does not save; a plain Enter does", async () => {
    const h = await desk();
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    const name = screen.getByTestId("case-name");
    await user.type(name, "みほん");
    fireEvent.keyDown(name, { key: "Enter", code: "Enter", isComposing: true });
    fireEvent.keyDown(name, { key: "Enter", code: "Enter", keyCode: 229 });
    await new Promise((r) => setTimeout(r, 50));
    expect(createCalls(h)).toHaveLength(0);
    expect(screen.queryByTestId("case-form-error")).not.toBeInTheDocument();

    fireEvent.keyDown(name, { key: "Enter", code: "Enter" });
    // No kind chosen: the core refuses, and says so at the field.
    expect(await screen.findByTestId("error-kinds")).toBeInTheDocument();
    expect(createCalls(h)).toHaveLength(1);
  });

  it("Ctrl+S saves", async () => {
    const h = await desk();
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.click(screen.getByTestId("case-kind-erasure"));
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
    expect((await caseOf(h)).input.kinds).toEqual(["erasure"]);
  });

  it("a staged mail fills the form and is shown beside it; saving keeps the mail and its usable attachment", async () => {
    const h = await desk();
    await willPickMail(
      h,
      requestMail({
        fromName: "高橋 一郎",
        fromAddress: "ichiro@example.jp",
        date: "Tue, 08 Dec 2026 10:00:00 +0900",
        body: "私の保有個人データの開示を請求します。\n書面で郵送してください。\n高橋 一郎（見本）",
        attachments: [
          { fileName: "免許証.jpg", type: "image/jpeg", bytes: scan("license-front.jpg") },
          { fileName: "保険証.jpg", type: "image/jpeg", bytes: NOT_AN_IMAGE },
        ],
      }),
    );
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    await user.click(screen.getByTestId("intake-pick-eml"));

    // The form as the core prefilled it from the mail.
    await waitFor(() => expect(screen.getByTestId("case-name")).toHaveValue("高橋 一郎"));
    expect(screen.getByTestId("case-email")).toHaveValue("ichiro@example.jp");
    expect(screen.getByTestId("case-received-on")).toHaveValue("2026-12-08");
    expect(screen.getByTestId("intake-channel-email")).toBeChecked();
    expect(screen.getByTestId("case-kind-disclosure")).toBeChecked();
    expect(screen.getByTestId("case-disclosure-paper")).toBeChecked();

    const preview = screen.getByTestId("intake-mail-preview");
    expect(within(preview).getByTestId("mail-from")).toHaveTextContent("高橋 一郎 <ichiro@example.jp>");
    expect(within(preview).getByTestId("mail-subject")).toHaveTextContent("保有個人データの開示請求");
    expect(within(preview).getByTestId("mail-body")).toHaveTextContent("私の保有個人データの開示を請求します。");
    expect(within(preview).getByTestId("mail-date")).toHaveTextContent(/^2026\/12\/0[78] \d\d:\d\d$/);
    // A picture's name on text: the mail says so.
    expect(within(preview).getByRole("alert")).toHaveTextContent("2番目の添付ファイルは名前が画像（.jpg）ですが、内容は画像ではありません。");
    // The attachments are listed with the documents (to say what each is), not in the preview.
    const docs = screen.getByTestId("intake-files");
    expect(docs).toHaveTextContent("メールの添付ファイル（2件）");
    expect(fileLine("免許証.jpg")).not.toHaveClass("file-line--bad");
    // Not a document the desk keeps: it stays inside the mail only, as the line says.
    expect(fileLine("保険証.jpg")).toHaveClass("file-line--bad");
    expect(fileLine("保険証.jpg")).toHaveTextContent(
      "テキストは書類として保存できません（JPEG・PNG・PDFだけ。内容で判定しています）。メールの原本（.eml）の中には残ります。",
    );
    expect(preview).not.toHaveTextContent("免許証.jpg");
    // Beside the form: the two are the columns of one row.
    const form = screen.getByTestId("case-form");
    expect(form.parentElement).toBe(preview.parentElement);
    expect(form.parentElement).toHaveClass("intake-columns");

    await user.type(screen.getByTestId("case-kana"), "タカハシ イチロウ");
    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
    const [call] = createCalls(h);
    expect(call!.stagedMailId).toEqual(expect.any(String));
    expect(call!.stagedFileIds).toEqual([]);
    const saved = await caseOf(h);
    expect(saved.input).toMatchObject({ channel: "email", requester: { name: "高橋 一郎", kana: "タカハシ イチロウ" } });
    expect(saved.mail?.subject).toBe("保有個人データの開示請求");
    expect(saved.attachments.map((a) => [a.origin, a.fileName])).toEqual([
      ["eml", "request.eml"],
      ["mail_attachment", "免許証.jpg"],
    ]);
    expect(screen.queryByTestId("intake-mail-preview")).not.toBeInTheDocument();
    expect(screen.queryByTestId("intake-queue")).not.toBeInTheDocument();
  });

  it("several mails wait in a queue: the next one after each save, 破棄 after a confirmation", async () => {
    const h = await desk();
    const mail = (n: number, fromName: string, fromAddress: string) =>
      mailFile(`request-${n}.eml`, requestMail({ fromName, fromAddress, subject: `開示請求${n}` }));
    await h.call("host.pick", {
      paths: [
        mail(1, "一人目 太郎", "one@example.jp"),
        mail(2, "二人目 花子", "two@example.jp"),
        mail(3, "三人目 次郎", "three@example.jp"),
        writeTemp("memo.eml", Buffer.from([0, 1, 2, 0x20, 0x6e, 0x6f])),
      ],
    });
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    await user.click(screen.getByTestId("intake-pick-eml"));

    expect(await screen.findByTestId("intake-queue")).toHaveTextContent("取り込み待ち 3件");
    // Problems name the file's place in the selection, never its name (which may be a person's).
    const problems = screen.getByTestId("intake-problems");
    expect(problems).toHaveTextContent("4番目のファイル: このファイルはメール（.eml）として読み取れませんでした。");
    expect(problems).not.toHaveTextContent("memo");
    expect(screen.getByTestId("case-name")).toHaveValue("一人目 太郎");

    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-saved")).toHaveTextContent("取り込み待ちのメールが 2件 あります。");
    expect(screen.getByTestId("intake-queue")).toHaveTextContent("取り込み待ち 2件");
    await user.click(screen.getByTestId("case-saved-next"));
    expect(screen.getByTestId("case-name")).toHaveValue("二人目 花子");
    expect(within(screen.getByTestId("intake-mail-preview")).getByTestId("mail-subject")).toHaveTextContent("開示請求2");

    // 破棄: asks first; Esc keeps everything.
    await user.click(screen.getByTestId("intake-discard"));
    expect(await screen.findByRole("dialog", { name: "入力内容を破棄しますか？" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(h.callsOf("discard_staged")).toHaveLength(0);
    await user.click(screen.getByTestId("intake-discard"));
    await user.click(await screen.findByTestId("intake-discard-dialog-confirm"));
    await waitFor(() => expect(screen.getByTestId("case-name")).toHaveValue("三人目 次郎"));
    expect(h.callsOf("discard_staged")).toHaveLength(1);
    expect(screen.getByTestId("intake-queue")).toHaveTextContent("取り込み待ち 1件");
    // Only the first was registered; the second is gone from the host too.
    expect(createCalls(h)).toHaveLength(1);
    expect((await caseOf(h)).mail?.subject).toBe("開示請求1");
    const [discarded] = h.callsOf("discard_staged") as Array<{ ids: string[] }>;
    await expect(h.call("create_case", { input: sampleInput(), stagedMailId: discarded!.ids[0], stagedFileIds: [] })).rejects.toMatchObject({
      code: ErrorCode.StagedMissing,
    });
  });

  it("files dropped onto the window open 受付 with the mail in the form", async () => {
    const h = await desk();
    renderAppOnHost(h);
    await screen.findByTestId("home-audit-status");
    await act(async () => {
      await h.drop([mailFile("dropped.eml", requestMail({ fromName: "投函 一子", fromAddress: "drop@example.jp" }))]);
    });
    expect(await screen.findByTestId("intake-mail-preview")).toBeInTheDocument();
    expect(screen.getByTestId("nav-intake")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("case-name")).toHaveValue("投函 一子");
  });

  it("warns of open cases of the same requester, with links to them", async () => {
    const h = host();
    await seedCases(h, [
      sampleInput({ receivedOn: "2026-11-20", requester: { name: "見本 花子", kana: "ミホン ハナコ" } }),
      sampleInput({ receivedOn: "2026-11-21", requester: { name: "別人 一郎", email: "hanako@example.jp" } }),
      { input: sampleInput({ requester: { name: "見本 花子" } }), status: "withdrawn" },
    ]);
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    // A 全角 space between the names: the same person to the core.
    await user.type(screen.getByTestId("case-name"), "見本　花子");
    const panel = await screen.findByTestId("case-duplicates");
    expect(panel).toHaveTextContent("同じ請求者の可能性がある受付中の案件があります");
    expect(within(panel).getByTestId("duplicate-2026-0001")).toBeInTheDocument();
    expect(within(panel).queryByTestId("duplicate-2026-0003")).not.toBeInTheDocument(); // 取下げ: not open
    const last = h.callsOf("check_duplicates").at(-1) as { input: CaseInput; excludeId: number | null };
    expect(last.input.requester.name).toBe("見本　花子");
    expect(last.excludeId).toBeNull();

    await user.type(screen.getByTestId("case-email"), "hanako@example.jp");
    await waitFor(() => expect(within(panel).getByTestId("duplicate-2026-0002")).toBeInTheDocument());

    await user.click(within(panel).getByTestId("duplicate-2026-0001"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0001");
    // The intake is still there when coming back.
    await user.click(screen.getByTestId("nav-intake"));
    expect(screen.getByTestId("case-name")).toHaveValue("見本　花子");
    expect(h.callsOf("new_case_input")).toHaveLength(1);
  });

  it("checks for duplicates before saving: a new warning stops the first 登録, the second goes ahead", async () => {
    const h = host();
    await seedCases(h, [sampleInput({ requester: { name: "見本 花子" } })]);
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    await user.click(screen.getByTestId("case-kind-disclosure"));
    // Typed and saved at once, before the check after typing has run.
    fireEvent.change(screen.getByTestId("case-name"), { target: { value: "見本 花子" } });
    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-duplicates-insist")).toHaveTextContent("もう一度「登録」を押してください");
    expect(screen.getByTestId("case-duplicates")).toHaveTextContent("2026-0001");
    expect(createCalls(h)).toHaveLength(0);

    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0002");
    expect(createCalls(h)).toHaveLength(1);
  });

  it("keeps the unsaved input when going elsewhere and back", async () => {
    const h = await desk();
    const { user } = renderAppOnHost(h);
    await openIntake(user);
    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.click(screen.getByTestId("case-kind-deletion"));
    await user.type(screen.getByTestId("case-memo"), "封筒に切手同封");
    await user.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("settings-tab-org");
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    expect(await screen.findByTestId("case-name")).toHaveValue("見本 花子");
    expect(screen.getByTestId("case-kind-deletion")).toBeChecked();
    expect(screen.getByTestId("case-memo")).toHaveValue("封筒に切手同封");
    expect(h.callsOf("new_case_input")).toHaveLength(1);
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });

  describe("書類とマスク", () => {
    /** 受付 of a postal 開示 request, the scans `files` picked. */
    async function postalWithScans(files: Record<string, Buffer>) {
      const h = await desk();
      await willPick(h, files);
      const rendered = renderAppOnHost(h);
      const { user } = rendered;
      await openIntake(user);
      await user.type(screen.getByTestId("case-name"), "見本 花子");
      await user.click(screen.getByTestId("case-kind-disclosure"));
      await user.click(screen.getByTestId("intake-pick-scan"));
      return rendered;
    }

    it("a scan typed as the back of a My Number card is masked with the mouse before the case can be saved", async () => {
      const { user, host: h } = await postalWithScans({ "mynumber-back.jpg": scan("mynumber-back.jpg") });

      const row = await stagedRow("mynumber-back.jpg");
      expect(within(row).queryByTestId("staged-mask-state")).not.toBeInTheDocument();
      const select = await within(row).findByTestId("staged-doc-type");
      // The labels are the backend's.
      expect(within(select).getByRole("option", { name: "個人番号カード（裏面）" })).toHaveValue("mynumber_back");
      await user.selectOptions(select, "mynumber_back");

      expect(await within(row).findByTestId("staged-mask-state")).toHaveTextContent("要マスク");
      expect(h.callsOf("set_staged_doc")).toEqual([
        { stagedId: expect.any(String), doc: { docType: "mynumber_back", honsekiPrinted: false, issuedOn: "", expiresOn: "" } },
      ]);
      expect(within(row).getByTestId("staged-mask-reason")).toHaveTextContent("個人番号カードの裏面には個人番号（マイナンバー）が記載されています。");
      expect(select).toHaveValue("mynumber_back");

      // 登録 stays possible; the backend refuses and says why, by the documents.
      await user.click(screen.getByTestId("case-save"));
      const refused = await screen.findByTestId("intake-documents-error");
      expect(refused).toHaveTextContent("1番目のファイル（個人番号カード（裏面））はマスクしてから保存してください。");
      expect(refused).toHaveFocus();
      expect(screen.queryByTestId("case-form-error")).not.toBeInTheDocument();
      await expect(caseOf(h)).rejects.toMatchObject({ code: ErrorCode.NotFound });

      await user.click(within(row).getByTestId("staged-mask"));
      const dialog = await screen.findByTestId("mask-dialog");
      expect(within(dialog).getByTestId("mask-guidance")).toHaveTextContent("個人番号カード（裏面）：黒塗りしてから保存します");
      expect(within(dialog).getByTestId("mask-guidance")).toHaveTextContent("個人番号とQRコードを黒塗り");
      expect(within(dialog).getByTestId("mask-guidance")).toHaveTextContent("黒塗り前の元の画像は保存されません。");
      expect(h.callsOf("get_staged_data")).toHaveLength(1);
      const canvas = await loadedImage(dialog);
      placeCanvas(canvas);
      expect(within(dialog).getByTestId("mask-apply")).toBeDisabled();

      // Dragged up and to the left: from the middle (300, 175) to (140, 75).
      drag(canvas, [300, 175], [140, 75]);
      expect(within(dialog).getAllByTestId("mask-box")).toHaveLength(1);
      // A click without a drag draws nothing; a second box, taken back with 元に戻す.
      drag(canvas, [400, 200], [400, 200]);
      expect(within(dialog).getAllByTestId("mask-box")).toHaveLength(1);
      drag(canvas, [450, 250], [500, 300]);
      expect(within(dialog).getByTestId("mask-count")).toHaveTextContent("黒塗り 2か所");
      await user.click(within(dialog).getByTestId("mask-undo"));
      expect(within(dialog).getAllByTestId("mask-box")).toHaveLength(1);
      expect(within(dialog).getByTestId("mask-box").style.left).toBe("10%");
      expect(within(dialog).getByTestId("mask-box").style.width).toBe("40%");

      await user.click(within(dialog).getByTestId("mask-apply"));
      await waitFor(() => expect(screen.queryByTestId("mask-dialog")).not.toBeInTheDocument());
      const [call] = h.callsOf("mask_staged") as Array<{ stagedId: string; mask: MaskRequest }>;
      expect(call!.mask.pages).toEqual([]);
      expect(call!.mask.rects).toHaveLength(1);
      const r = call!.mask.rects[0]!;
      expect(r.x).toBeCloseTo(0.1);
      expect(r.y).toBeCloseTo(0.1);
      expect(r.w).toBeCloseTo(0.4);
      expect(r.h).toBeCloseTo(0.4);

      expect(within(row).getByTestId("staged-mask-state")).toHaveTextContent("マスク済");
      expect(within(row).queryByTestId("staged-mask")).not.toBeInTheDocument();
      // The focus comes back to the file's row (its button is gone).
      await waitFor(() => expect(within(row).getByTestId("staged-doc-type")).toHaveFocus());
      expect(within(row).queryByTestId("staged-refuse")).not.toBeInTheDocument();

      await user.click(screen.getByTestId("case-save"));
      expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
      expect(createCalls(h).at(-1)!.stagedFileIds).toEqual([call!.stagedId]);
      // Kept masked, as the document the officer said it is.
      expect(await documentsOf(h)).toEqual([
        expect.objectContaining({ fileName: "mynumber-back.jpg", kind: "jpeg", doc: expect.objectContaining({ docType: "mynumber_back" }), needsMask: true, masked: true, problems: [] }),
      ]);
    });

    it("a 運転免許証 needs masking only with 本籍 printed; dates are sent and their errors shown at the field", async () => {
      const { user, host: h } = await postalWithScans({ "license.jpg": scan("license-front.jpg") });
      const row = await stagedRow("license.jpg");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "drivers_license");
      const honseki = await within(row).findByTestId("staged-honseki");
      expect(within(row).queryByTestId("staged-mask-state")).not.toBeInTheDocument();
      await user.click(honseki);
      expect(await within(row).findByTestId("staged-mask-state")).toHaveTextContent("要マスク");
      expect(within(row).getByTestId("staged-mask-reason")).toHaveTextContent("本籍を黒塗りしてから保存してください");

      const expires = within(row).getByTestId("staged-expires-on");
      await user.type(expires, "2027/02/30");
      await user.tab();
      expect(await within(row).findByTestId("error-expiresOn")).toHaveTextContent("有効期限は「2026-12-05」の形で入力してください。");
      await user.clear(expires);
      await user.type(expires, "２０２７/２/２８{Enter}");
      await waitFor(() => expect(expires).toHaveValue("2027-02-28"));
      expect(within(row).queryByTestId("error-expiresOn")).not.toBeInTheDocument();
      expect((h.callsOf("set_staged_doc").at(-1) as { doc: unknown }).doc).toEqual({
        docType: "drivers_license",
        honsekiPrinted: true,
        issuedOn: "",
        expiresOn: "２０２７/２/２８",
      });
    });

    it("受け取らずに破棄 asks first, then the scan leaves the list and the refusal is recorded", async () => {
      const { user, host: h } = await postalWithScans({ "hoken.jpg": scan("insurance-card.jpg"), "letter.pdf": scan("postal-request-letter.pdf") });
      const row = await stagedRow("hoken.jpg");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-refuse"));
      const dialog = await screen.findByTestId("staged-refuse-dialog");
      expect(dialog).toHaveTextContent("「hoken.jpg」（健康保険証）は保存しません。");
      expect(dialog).toHaveTextContent("監査ログに記録されます");
      // Esc keeps the file.
      await user.keyboard("{Escape}");
      expect(screen.queryByTestId("staged-refuse-dialog")).not.toBeInTheDocument();
      expect(h.callsOf("refuse_staged")).toHaveLength(0);

      await user.click(within(row).getByTestId("staged-refuse"));
      await user.click(await screen.findByTestId("staged-refuse-dialog-confirm"));
      await waitFor(() => expect(screen.queryByTestId("staged-refuse-dialog")).not.toBeInTheDocument());
      expect(h.callsOf("refuse_staged")).toHaveLength(1);
      expect(row).not.toBeInTheDocument();
      expect(screen.getByTestId("intake-files")).toHaveTextContent("添付するスキャン（1件）");

      await user.click(screen.getByTestId("case-save"));
      expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
      expect((await caseOf(h)).attachments.map((a) => a.fileName)).toEqual(["letter.pdf"]);
      // The refusal is in the audit log: which document, never the file.
      await signIn(h, "admin");
      const audit = await h.call<AuditPage>("search_audit", { filter: { actorId: null, from: "", to: "", receiptNo: "", action: "scan.refused", offset: 0, limit: 10 } });
      expect(audit.rows.map((r) => r.detail)).toEqual(["doc_type=health_insurance"]);
    });

    it("a mail attachment can be refused: it is marked 破棄済 and the mail is saved without it", async () => {
      const h = await desk();
      await willPickMail(
        h,
        requestMail({
          attachments: [
            { fileName: "card-back.jpg", type: "image/jpeg", bytes: scan("mynumber-back.jpg") },
            { fileName: "license.jpg", type: "image/jpeg", bytes: scan("license-front.jpg") },
          ],
        }),
      );
      const { user } = renderAppOnHost(h);
      await openIntake(user);
      await user.click(screen.getByTestId("intake-pick-eml"));
      const row = await stagedRow("card-back.jpg");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "mynumber_back");
      expect(h.callsOf("set_staged_doc")[0]).toMatchObject({ stagedId: expect.stringMatching(/-0$/) });
      await user.click(await within(row).findByTestId("staged-refuse"));
      const dialog = await screen.findByTestId("staged-refuse-dialog");
      expect(dialog).toHaveTextContent("保存するメールからも、この添付ファイルは取り除かれます。");
      await user.click(within(dialog).getByTestId("staged-refuse-dialog-confirm"));
      expect(await within(row).findByTestId("staged-refused")).toHaveTextContent("破棄済");
      expect(within(row).queryByTestId("staged-doc-type")).not.toBeInTheDocument();
      expect(within(row).queryByTestId("staged-mask")).not.toBeInTheDocument();
      expect(h.callsOf("refuse_staged")).toEqual([{ stagedId: expect.stringMatching(/-0$/) }]);

      // 開示 is already ticked: the core read it from the subject.
      expect(screen.getByTestId("case-kind-disclosure")).toBeChecked();
      await user.click(screen.getByTestId("case-save"));
      expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
      const saved = await caseOf(h);
      const names = saved.attachments.map((a) => a.fileName);
      expect(names).toContain("license.jpg");
      expect(names).not.toContain("card-back.jpg");
      expect(saved.events.map((e) => e.summary)).toContain("マスクが必要な書類を保存せず破棄: 個人番号カード（裏面）");
    });

    it("without a mouse: a box typed in percent; Esc with boxes asks before closing", async () => {
      const { user, host: h } = await postalWithScans({ "hoken.jpg": scan("insurance-card.jpg") });
      const row = await stagedRow("hoken.jpg");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-mask"));
      const dialog = await screen.findByTestId("mask-dialog");
      await loadedImage(dialog);
      // The first field has the focus: the form works from the keyboard alone.
      await waitFor(() => expect(within(dialog).getByTestId("mask-input-left")).toHaveFocus());
      await user.keyboard("abc");
      await user.click(within(dialog).getByTestId("mask-add-rect"));
      expect(within(dialog).getByTestId("mask-input-error")).toHaveTextContent("0〜100 の数字");
      await user.clear(within(dialog).getByTestId("mask-input-left"));
      await user.type(within(dialog).getByTestId("mask-input-left"), "１０");
      await user.type(within(dialog).getByTestId("mask-input-top"), "20");
      await user.type(within(dialog).getByTestId("mask-input-width"), "30.5");
      await user.type(within(dialog).getByTestId("mask-input-height"), "5{Enter}");
      expect(within(dialog).getAllByTestId("mask-box")).toHaveLength(1);
      expect(within(dialog).queryByTestId("mask-input-error")).not.toBeInTheDocument();
      expect(within(dialog).getByTestId("mask-input-left")).toHaveValue("");

      // Esc: there is a box, so it asks; キャンセル keeps the tool open.
      fireEvent.keyDown(within(dialog).getByTestId("mask-input-left"), { key: "Escape" });
      const confirm = await screen.findByTestId("mask-close-confirm");
      expect(confirm).toHaveTextContent("描いた黒塗りの範囲（1か所）は保存されません。");
      await user.click(within(confirm).getByTestId("mask-close-confirm-cancel"));
      expect(screen.getByTestId("mask-dialog")).toBeInTheDocument();

      await user.click(within(dialog).getByTestId("mask-apply"));
      await waitFor(() => expect(screen.queryByTestId("mask-dialog")).not.toBeInTheDocument());
      const [call] = h.callsOf("mask_staged") as Array<{ mask: MaskRequest }>;
      expect(call!.mask.rects).toEqual([{ x: expect.closeTo(0.1), y: expect.closeTo(0.2), w: expect.closeTo(0.305), h: expect.closeTo(0.05) }]);
      expect(within(row).getByTestId("staged-mask-state")).toHaveTextContent("マスク済");
    });

    it("キャンセル without boxes closes at once; the backend's refusal of the boxes is shown in the tool", async () => {
      const { user, host: h } = await postalWithScans({ "hoken.jpg": scan("insurance-card.jpg") });
      const row = await stagedRow("hoken.jpg");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-mask"));
      let dialog = await screen.findByTestId("mask-dialog");
      await user.click(within(dialog).getByTestId("mask-cancel"));
      expect(screen.queryByTestId("mask-dialog")).not.toBeInTheDocument();
      expect(screen.queryByTestId("mask-close-confirm")).not.toBeInTheDocument();

      // The core refuses boxes that miss the image; the tool cannot draw
      // such a box, so its answer is given here.
      h.failNext("mask_staged", {
        code: "invalid_input",
        message: "黒塗りの範囲が画像の外にあります。範囲を指定し直してください。",
        fields: [{ field: "mask", message: "黒塗りの範囲が画像の外にあります。範囲を指定し直してください。" }],
      });
      await user.click(within(row).getByTestId("staged-mask"));
      dialog = await screen.findByTestId("mask-dialog");
      const canvas = await loadedImage(dialog);
      placeCanvas(canvas);
      drag(canvas, [100, 50], [200, 100]);
      await user.click(within(dialog).getByTestId("mask-apply"));
      expect(await within(dialog).findByTestId("mask-error")).toHaveTextContent("黒塗りの範囲が画像の外にあります。");
      expect(within(row).getByTestId("staged-mask-state")).toHaveTextContent("要マスク");
    });

    it("a PDF: boxes per page; every page is rendered to a PNG and sent in order, with progress", async () => {
      const { user, host: h } = await postalWithScans({ "hoken.pdf": scan("power-of-attorney.pdf") });
      const row = await stagedRow("hoken.pdf");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-mask"));
      const dialog = await screen.findByTestId("mask-dialog");
      // The page count is pdf.js's, once it has opened the file.
      await waitFor(() => expect(within(dialog).getByTestId("mask-page")).toHaveTextContent("1 / 2 ページ"));
      expect(within(dialog).getByTestId("mask-page-prev")).toBeDisabled();
      await user.click(within(dialog).getByTestId("mask-page-next"));
      expect(within(dialog).getByTestId("mask-page")).toHaveTextContent("2 / 2 ページ");
      const canvas = await within(dialog).findByTestId("mask-canvas");
      placeCanvas(canvas, { left: 0, top: 0, width: 200, height: 400 });
      drag(canvas, [20, 40], [120, 80]);
      expect(within(dialog).getByTestId("mask-count")).toHaveTextContent("黒塗り 1か所（このページ 1か所）");
      await user.click(within(dialog).getByTestId("mask-page-prev"));
      expect(within(dialog).queryAllByTestId("mask-box")).toHaveLength(0);

      await user.click(within(dialog).getByTestId("mask-apply"));
      await waitFor(() => expect(screen.queryByTestId("mask-dialog")).not.toBeInTheDocument());
      expect(pdf.pngs).toEqual([1, 2]);
      const [call] = h.callsOf("mask_staged") as Array<{ mask: MaskRequest }>;
      expect(call!.mask.rects).toEqual([]);
      expect(call!.mask.pages).toEqual([
        { pngBase64: PAGE_PNG, rects: [] },
        { pngBase64: PAGE_PNG, rects: [{ x: expect.closeTo(0.1), y: expect.closeTo(0.1), w: expect.closeTo(0.5), h: expect.closeTo(0.1) }] },
      ]);
      expect(within(row).getByTestId("staged-mask-state")).toHaveTextContent("マスク済");
      // The core made a new PDF of the masked pages; it is what is kept.
      await user.click(screen.getByTestId("case-save"));
      expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
      expect(await documentsOf(h)).toEqual([expect.objectContaining({ fileName: "hoken.pdf", kind: "pdf", masked: true })]);
    });

    it("shows the progress while the pages are turned into images", async () => {
      let release: () => void = () => undefined;
      pdf.openPdf.mockImplementation(async () => ({
        numPages: 2,
        pageSize: async () => ({ width: 595, height: 842 }),
        renderPage: async () => undefined,
        renderPageToPng: async (page: number) => {
          if (page === 2) await new Promise<void>((r) => (release = r));
          return { pngBase64: PAGE_PNG, width: 10, height: 10 };
        },
        destroy: () => undefined,
      }));
      const { user } = await postalWithScans({ "hoken.pdf": scan("power-of-attorney.pdf") });
      const row = await stagedRow("hoken.pdf");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-mask"));
      const dialog = await screen.findByTestId("mask-dialog");
      const canvas = await within(dialog).findByTestId("mask-canvas");
      placeCanvas(canvas);
      drag(canvas, [150, 60], [300, 120]);
      await user.click(within(dialog).getByTestId("mask-apply"));
      expect(await within(dialog).findByTestId("mask-progress")).toHaveTextContent("ページを画像にしています… 2 / 2");
      expect(within(dialog).getByTestId("mask-cancel")).toBeDisabled();
      act(() => release());
      await waitFor(() => expect(screen.queryByTestId("mask-dialog")).not.toBeInTheDocument());
    });
  });
});
