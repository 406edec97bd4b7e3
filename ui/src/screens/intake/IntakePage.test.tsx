import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { FakeBackend } from "../../backend/fake";
import { makeMailView, makeStagedFile, makeStagedMail, sampleInput } from "../../backend/fakeCases";
import type { CaseInput, MaskRequest } from "../../backend/types";
import { fakeSignedIn, renderApp } from "../../test/render";

// pdf.js needs a real canvas and a worker: the masking tool is tested against this stand-in.
const pdf = vi.hoisted(() => ({ openPdf: vi.fn(), pngs: [] as number[] }));
vi.mock("../../lib/pdf", () => ({ openPdf: pdf.openPdf }));

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
      return { pngBase64: `png-of-page-${page}`, width: 1190, height: 1684 };
    },
    destroy: () => undefined,
  }));
});

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

function createCalls(fake: FakeBackend) {
  return fake.callsOf("create_case") as Array<{ input: CaseInput; stagedMailId: string | null; stagedFileIds: string[] }>;
}

describe("受付", () => {
  it("registers a postal request with a scan; a scan with a problem is shown in red and not sent", async () => {
    const fake = fakeSignedIn("officer");
    const good = makeStagedFile({ fileName: "請求書.pdf", kind: "pdf", kindLabel: "PDF" });
    const bad = makeStagedFile({ fileName: "写真.heic", kind: "unknown", kindLabel: "不明", problem: "対応していないファイル形式です。" });
    fake.scanPicks.push({ mails: [], files: [good, bad], problems: [] });
    const { user } = renderApp(fake);
    await openIntake(user);

    expect(screen.getByTestId("intake-channel-post")).toBeChecked();
    expect(screen.getByTestId("intake-drop-hint")).toHaveTextContent(".eml やスキャン（JPEG・PNG・PDF）をウィンドウにドロップしても取り込めます");
    expect(screen.getByTestId("case-received-on-wareki")).toHaveTextContent("令和8年12月10日");
    expect(fake.callsOf("new_case_input")).toEqual([{ channel: "post" }]);

    // 和暦 follows the typed 受付日, 全角 included.
    const received = screen.getByTestId("case-received-on");
    await user.clear(received);
    await user.type(received, "２０２６年１２月１日");
    expect(screen.getByTestId("case-received-on-wareki")).toHaveTextContent("令和8年12月1日");

    await user.click(screen.getByTestId("intake-pick-scan"));
    const files = await screen.findByTestId("intake-files");
    expect(within(files).getByTestId(`intake-file-${good.stagedId}`)).toHaveTextContent("請求書.pdf");
    const badLine = within(files).getByTestId(`intake-file-${bad.stagedId}`);
    expect(badLine).toHaveClass("file-line--bad");
    expect(badLine).toHaveTextContent("対応していないファイル形式です。（保存されません）");
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
    const [call] = createCalls(fake);
    expect(createCalls(fake)).toHaveLength(1);
    expect(call!.stagedMailId).toBeNull();
    expect(call!.stagedFileIds).toEqual([good.stagedId]);
    expect(call!.input).toMatchObject({
      channel: "post",
      receivedOn: "２０２６年１２月１日",
      requester: { name: "見本 花子", kana: "ミホン ハナコ", postalCode: "100-0001", address: "東京都千代田区千代田1-1" },
      requesterType: "self",
      kinds: ["disclosure"],
      disclosureMethod: "paper",
      enclosures: ["id_copy", "stamps"],
      specificPersonalInfo: false,
    });
    // The file that could not be saved is given back.
    await waitFor(() => expect(fake.callsOf("discard_staged")).toEqual([{ ids: [bad.stagedId] }]));

    await user.click(screen.getByTestId("case-saved-open"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0001");
    expect(screen.getByTestId("case-received")).toHaveTextContent("2026/12/01 （令和8年12月1日）");
    await user.click(screen.getByTestId("case-tab-attachments"));
    expect(screen.getByTestId("case-attachments")).toHaveTextContent("請求書.pdf");
    expect(screen.getByTestId("case-attachments")).not.toHaveTextContent("写真.heic");
  });

  it("続けて受付 starts a blank form for the same channel", async () => {
    const { user, fake } = renderApp(fakeSignedIn("officer"));
    await openIntake(user);
    await user.click(screen.getByTestId("intake-channel-counter"));
    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.click(screen.getByTestId("case-kind-purpose_notice"));
    await user.click(screen.getByTestId("case-save"));
    await screen.findByTestId("case-saved");
    expect(createCalls(fake)[0]!.input.channel).toBe("counter");
    await user.click(screen.getByTestId("case-saved-next"));
    await waitFor(() => expect(screen.getByTestId("case-name")).toHaveValue(""));
    expect(screen.getByTestId("case-kind-purpose_notice")).not.toBeChecked();
    expect(screen.getByTestId("intake-channel-counter")).toBeChecked();
    expect(fake.callsOf("new_case_input")).toEqual([{ channel: "post" }, { channel: "counter" }]);
  });

  it("shows each field error at its field: bad 郵便番号, future 受付日, no kind; an agent needs a name", async () => {
    const { user, fake } = renderApp(fakeSignedIn("officer"));
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
    expect(screen.getByTestId("error-requester.postalCode")).toHaveTextContent("郵便番号は「123-4567」の形式で入力してください。");
    expect(screen.getByTestId("error-kinds")).toHaveTextContent("請求の種類を一つ以上選んでください。");
    expect(screen.getByTestId("error-agent.name")).toHaveTextContent("代理人の氏名を入力してください。");
    expect(screen.queryByTestId("error-requester.name")).not.toBeInTheDocument();
    expect(screen.getByTestId("case-form-error")).toHaveTextContent("入力内容を確認してください。");
    expect(screen.getByTestId("case-postal-code")).toHaveAttribute("aria-invalid", "true");
    // The first field in error has the cursor.
    expect(received).toHaveFocus();
    expect(fake.cases).toHaveLength(0);
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
    expect(createCalls(fake)[1]!.input).toMatchObject({
      requesterType: "appointed_agent",
      agent: { name: "代理 太郎", relationship: "弁護士" },
      kinds: ["correction"],
      requestedCorrection: "住所の訂正",
    });
    expect(fake.cases[0]!.input.requester.postalCode).toBe("100-0001");
  });

  it("the Enter that confirms a kana–kanji conversion in 氏名 does not save; a plain Enter does", async () => {
    const { user, fake } = renderApp(fakeSignedIn("officer"));
    await openIntake(user);
    const name = screen.getByTestId("case-name");
    await user.type(name, "みほん");
    fireEvent.keyDown(name, { key: "Enter", code: "Enter", isComposing: true });
    fireEvent.keyDown(name, { key: "Enter", code: "Enter", keyCode: 229 });
    await new Promise((r) => setTimeout(r, 50));
    expect(createCalls(fake)).toHaveLength(0);
    expect(screen.queryByTestId("case-form-error")).not.toBeInTheDocument();

    fireEvent.keyDown(name, { key: "Enter", code: "Enter" });
    await screen.findByTestId("case-form-error");
    expect(createCalls(fake)).toHaveLength(1);
  });

  it("Ctrl+S saves", async () => {
    const { user, fake } = renderApp(fakeSignedIn("officer"));
    await openIntake(user);
    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.click(screen.getByTestId("case-kind-erasure"));
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
    expect(createCalls(fake)[0]!.input.kinds).toEqual(["erasure"]);
  });

  it("a staged mail fills the form and is shown beside it; saving sends the mail", async () => {
    const fake = fakeSignedIn("officer");
    const mail = makeStagedMail({
      mail: makeMailView({ problems: ["添付ファイル「不明.bin」の文字コードを判別できませんでした。"] }),
      attachments: [
        makeStagedFile({ fileName: "免許証.jpg", kind: "jpeg", kindLabel: "JPEG画像" }),
        makeStagedFile({ fileName: "巨大.pdf", problem: "ファイルが大きすぎます（50MB未満にしてください）。" }),
      ],
    });
    fake.emlPicks.push({ mails: [mail], files: [], problems: [] });
    const { user } = renderApp(fake);
    await openIntake(user);
    await user.click(screen.getByTestId("intake-pick-eml"));

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
    expect(within(preview).getByRole("alert")).toHaveTextContent("文字コードを判別できませんでした");
    // The attachments are listed with the documents (to say what each is), not in the preview.
    const docs = screen.getByTestId("intake-files");
    expect(docs).toHaveTextContent("メールの添付ファイル（2件）");
    expect(within(docs).getByTestId(`intake-file-${mail.stagedId}-0`)).toHaveTextContent("免許証.jpg");
    expect(within(docs).getByTestId(`intake-file-${mail.stagedId}-1`)).toHaveTextContent("巨大.pdf");
    expect(docs).toHaveTextContent("ファイルが大きすぎます（50MB未満にしてください）。（保存されません）");
    expect(preview).not.toHaveTextContent("免許証.jpg");
    // Beside the form: the two are the columns of one row.
    const form = screen.getByTestId("case-form");
    expect(form.parentElement).toBe(preview.parentElement);
    expect(form.parentElement).toHaveClass("intake-columns");

    await user.type(screen.getByTestId("case-kana"), "タカハシ イチロウ");
    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
    expect(createCalls(fake)).toEqual([
      {
        input: expect.objectContaining({ channel: "email", requester: expect.objectContaining({ name: "高橋 一郎", kana: "タカハシ イチロウ" }) }),
        stagedMailId: mail.stagedId,
        stagedFileIds: [],
      },
    ]);
    expect(screen.queryByTestId("intake-mail-preview")).not.toBeInTheDocument();
    expect(screen.queryByTestId("intake-queue")).not.toBeInTheDocument();
  });

  it("several mails wait in a queue: the next one after each save, 破棄 after a confirmation", async () => {
    const fake = fakeSignedIn("officer");
    const m1 = makeStagedMail({ mail: makeMailView({ fromName: "一人目 太郎", fromAddress: "one@example.jp", subject: "開示請求1" }) });
    const m2 = makeStagedMail({ mail: makeMailView({ fromName: "二人目 花子", fromAddress: "two@example.jp", subject: "開示請求2" }) });
    const m3 = makeStagedMail({ mail: makeMailView({ fromName: "三人目 次郎", fromAddress: "three@example.jp", subject: "開示請求3" }) });
    fake.emlPicks.push({ mails: [m1, m2, m3], files: [], problems: ["memo.txt はメール（.eml）ではありません。"] });
    const { user } = renderApp(fake);
    await openIntake(user);
    await user.click(screen.getByTestId("intake-pick-eml"));

    expect(await screen.findByTestId("intake-queue")).toHaveTextContent("取り込み待ち 3件");
    expect(screen.getByTestId("intake-problems")).toHaveTextContent("memo.txt はメール（.eml）ではありません。");
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
    expect(fake.callsOf("discard_staged")).toHaveLength(0);
    await user.click(screen.getByTestId("intake-discard"));
    await user.click(await screen.findByTestId("intake-discard-dialog-confirm"));
    await waitFor(() => expect(screen.getByTestId("case-name")).toHaveValue("三人目 次郎"));
    expect(fake.callsOf("discard_staged")).toEqual([{ ids: [m2.stagedId] }]);
    expect(screen.getByTestId("intake-queue")).toHaveTextContent("取り込み待ち 1件");
    expect(createCalls(fake).map((c) => c.stagedMailId)).toEqual([m1.stagedId]);
  });

  it("files dropped onto the window open 受付 with the mail in the form", async () => {
    const fake = fakeSignedIn("officer");
    renderApp(fake);
    await screen.findByTestId("home-audit-status");
    await waitFor(() => expect(fake.stagedListenerCount).toBe(1));
    const mail = makeStagedMail({ mail: makeMailView({ fromName: "投函 一子", fromAddress: "drop@example.jp" }) });
    act(() => fake.emitStaged({ mails: [mail], files: [], problems: [] }));
    expect(await screen.findByTestId("intake-mail-preview")).toBeInTheDocument();
    expect(screen.getByTestId("nav-intake")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("case-name")).toHaveValue("投函 一子");
  });

  it("warns of open cases of the same requester, with links to them", async () => {
    const fake = fakeSignedIn("officer", {
      cases: [
        { input: sampleInput({ receivedOn: "2026-11-20", requester: { name: "見本 花子", kana: "ミホン ハナコ" } }) },
        { input: sampleInput({ receivedOn: "2026-11-21", requester: { name: "別人 一郎", email: "hanako@example.jp" } }) },
        { input: sampleInput({ requester: { name: "見本 花子" } }), status: "withdrawn" },
      ],
    });
    const { user } = renderApp(fake);
    await openIntake(user);
    await user.type(screen.getByTestId("case-name"), "見本　花子");
    const panel = await screen.findByTestId("case-duplicates");
    expect(panel).toHaveTextContent("同じ請求者の可能性がある受付中の案件があります");
    expect(within(panel).getByTestId("duplicate-2026-0001")).toBeInTheDocument();
    expect(within(panel).queryByTestId("duplicate-2026-0003")).not.toBeInTheDocument(); // 取下げ: not open
    const last = fake.callsOf("check_duplicates").at(-1) as { input: CaseInput; excludeId: number | null };
    expect(last.input.requester.name).toBe("見本　花子");
    expect(last.excludeId).toBeNull();

    await user.type(screen.getByTestId("case-email"), "hanako@example.jp");
    await waitFor(() => expect(within(panel).getByTestId("duplicate-2026-0002")).toBeInTheDocument());

    await user.click(within(panel).getByTestId("duplicate-2026-0001"));
    expect(await screen.findByTestId("case-receipt-no")).toHaveTextContent("2026-0001");
    // The intake is still there when coming back.
    await user.click(screen.getByTestId("nav-intake"));
    expect(screen.getByTestId("case-name")).toHaveValue("見本　花子");
    expect(fake.callsOf("new_case_input")).toHaveLength(1);
  });

  it("checks for duplicates before saving: a new warning stops the first 登録, the second goes ahead", async () => {
    const fake = fakeSignedIn("officer", { cases: [{ input: sampleInput({ requester: { name: "見本 花子" } }) }] });
    const { user } = renderApp(fake);
    await openIntake(user);
    await user.click(screen.getByTestId("case-kind-disclosure"));
    // Typed and saved at once, before the check after typing has run.
    fireEvent.change(screen.getByTestId("case-name"), { target: { value: "見本 花子" } });
    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-duplicates-insist")).toHaveTextContent("もう一度「登録」を押してください");
    expect(screen.getByTestId("case-duplicates")).toHaveTextContent("2026-0001");
    expect(createCalls(fake)).toHaveLength(0);

    await user.click(screen.getByTestId("case-save"));
    expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0002");
    expect(createCalls(fake)).toHaveLength(1);
  });

  it("keeps the unsaved input when going elsewhere and back", async () => {
    const { user, fake } = renderApp(fakeSignedIn("officer"));
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
    expect(fake.callsOf("new_case_input")).toHaveLength(1);
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });

  describe("書類とマスク", () => {
    async function postalWithScan(user: UserEvent) {
      await openIntake(user);
      await user.type(screen.getByTestId("case-name"), "見本 花子");
      await user.click(screen.getByTestId("case-kind-disclosure"));
      await user.click(screen.getByTestId("intake-pick-scan"));
    }

    it("a scan typed as the back of a My Number card is masked with the mouse before the case can be saved", async () => {
      const fake = fakeSignedIn("officer");
      const scan = makeStagedFile({ fileName: "mynumber-back.png", kind: "png", kindLabel: "PNG画像" });
      fake.scanPicks.push({ mails: [], files: [scan], problems: [] });
      const { user } = renderApp(fake);
      await postalWithScan(user);

      const row = await stagedRow("mynumber-back.png");
      expect(within(row).queryByTestId("staged-mask-state")).not.toBeInTheDocument();
      const select = await within(row).findByTestId("staged-doc-type");
      // The labels are the backend's.
      expect(within(select).getByRole("option", { name: "個人番号カード（裏面）" })).toHaveValue("mynumber_back");
      await user.selectOptions(select, "mynumber_back");

      expect(await within(row).findByTestId("staged-mask-state")).toHaveTextContent("要マスク");
      expect(fake.callsOf("set_staged_doc")).toEqual([
        { stagedId: scan.stagedId, doc: { docType: "mynumber_back", honsekiPrinted: false, issuedOn: "", expiresOn: "" } },
      ]);
      expect(within(row).getByTestId("staged-mask-reason")).toHaveTextContent("個人番号カードの裏面には個人番号（マイナンバー）が記載されています。");
      expect(select).toHaveValue("mynumber_back");

      // 登録 stays possible; the backend refuses and says why, by the documents.
      await user.click(screen.getByTestId("case-save"));
      const refused = await screen.findByTestId("intake-documents-error");
      expect(refused).toHaveTextContent("1番目のファイル（個人番号カード（裏面））はマスクしてから保存してください。");
      expect(refused).toHaveFocus();
      expect(screen.queryByTestId("case-form-error")).not.toBeInTheDocument();
      expect(fake.cases).toHaveLength(0);

      await user.click(within(row).getByTestId("staged-mask"));
      const dialog = await screen.findByTestId("mask-dialog");
      expect(within(dialog).getByTestId("mask-guidance")).toHaveTextContent("個人番号カード（裏面）：黒塗りしてから保存します");
      expect(within(dialog).getByTestId("mask-guidance")).toHaveTextContent("個人番号とQRコードを黒塗り");
      expect(within(dialog).getByTestId("mask-guidance")).toHaveTextContent("黒塗り前の元の画像は保存されません。");
      expect(fake.callsOf("get_staged_data")).toEqual([{ stagedId: scan.stagedId }]);
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
      const [call] = fake.callsOf("mask_staged") as Array<{ stagedId: string; mask: MaskRequest }>;
      expect(call!.stagedId).toBe(scan.stagedId);
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
      expect(createCalls(fake).at(-1)!.stagedFileIds).toEqual([scan.stagedId]);
      const att = fake.cases[0]!.attachments[0]!;
      expect(fake.attachmentDocs.get(att.id)).toEqual({ doc: expect.objectContaining({ docType: "mynumber_back" }), masked: true });
    });

    it("a 運転免許証 needs masking only with 本籍 printed; dates are sent and their errors shown at the field", async () => {
      const fake = fakeSignedIn("officer");
      const scan = makeStagedFile({ fileName: "license.jpg", kind: "jpeg", kindLabel: "JPEG画像" });
      fake.scanPicks.push({ mails: [], files: [scan], problems: [] });
      const { user } = renderApp(fake);
      await postalWithScan(user);
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
      expect((fake.callsOf("set_staged_doc").at(-1) as { doc: unknown }).doc).toEqual({
        docType: "drivers_license",
        honsekiPrinted: true,
        issuedOn: "",
        expiresOn: "２０２７/２/２８",
      });
    });

    it("受け取らずに破棄 asks first, then the scan leaves the list and the refusal is recorded", async () => {
      const fake = fakeSignedIn("officer");
      const scan = makeStagedFile({ fileName: "hoken.png", kind: "png", kindLabel: "PNG画像" });
      const other = makeStagedFile({ fileName: "letter.pdf" });
      fake.scanPicks.push({ mails: [], files: [scan, other], problems: [] });
      const { user } = renderApp(fake);
      await postalWithScan(user);
      const row = await stagedRow("hoken.png");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-refuse"));
      const dialog = await screen.findByTestId("staged-refuse-dialog");
      expect(dialog).toHaveTextContent("「hoken.png」（健康保険証）は保存しません。");
      expect(dialog).toHaveTextContent("監査ログに記録されます");
      // Esc keeps the file.
      await user.keyboard("{Escape}");
      expect(screen.queryByTestId("staged-refuse-dialog")).not.toBeInTheDocument();
      expect(fake.callsOf("refuse_staged")).toHaveLength(0);

      await user.click(within(row).getByTestId("staged-refuse"));
      await user.click(await screen.findByTestId("staged-refuse-dialog-confirm"));
      await waitFor(() => expect(screen.queryByTestId("staged-refuse-dialog")).not.toBeInTheDocument());
      expect(fake.callsOf("refuse_staged")).toEqual([{ stagedId: scan.stagedId }]);
      expect(fake.refusals).toEqual([{ stagedId: scan.stagedId, docType: "health_insurance" }]);
      expect(row).not.toBeInTheDocument();
      expect(screen.getByTestId("intake-files")).toHaveTextContent("添付するスキャン（1件）");

      await user.click(screen.getByTestId("case-save"));
      expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
      expect(createCalls(fake)[0]!.stagedFileIds).toEqual([other.stagedId]);
    });

    it("a mail attachment can be refused: it is marked 破棄済 and the mail is saved without it", async () => {
      const fake = fakeSignedIn("officer");
      const mail = makeStagedMail({
        attachments: [
          makeStagedFile({ fileName: "card-back.jpg", kind: "jpeg", kindLabel: "JPEG画像" }),
          makeStagedFile({ fileName: "license.jpg", kind: "jpeg", kindLabel: "JPEG画像" }),
        ],
      });
      fake.emlPicks.push({ mails: [mail], files: [], problems: [] });
      const { user } = renderApp(fake);
      await openIntake(user);
      await user.click(screen.getByTestId("intake-pick-eml"));
      const row = await stagedRow("card-back.jpg");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "mynumber_back");
      expect(fake.callsOf("set_staged_doc")[0]).toMatchObject({ stagedId: `${mail.stagedId}-0` });
      await user.click(await within(row).findByTestId("staged-refuse"));
      const dialog = await screen.findByTestId("staged-refuse-dialog");
      expect(dialog).toHaveTextContent("保存するメールからも、この添付ファイルは取り除かれます。");
      await user.click(within(dialog).getByTestId("staged-refuse-dialog-confirm"));
      expect(await within(row).findByTestId("staged-refused")).toHaveTextContent("破棄済");
      expect(within(row).queryByTestId("staged-doc-type")).not.toBeInTheDocument();
      expect(within(row).queryByTestId("staged-mask")).not.toBeInTheDocument();
      expect(fake.callsOf("refuse_staged")).toEqual([{ stagedId: `${mail.stagedId}-0` }]);

      await user.click(screen.getByTestId("case-save"));
      expect(await screen.findByTestId("case-saved-receipt")).toHaveTextContent("2026-0001");
      const names = fake.cases[0]!.attachments.map((a) => a.fileName);
      expect(names).toContain("license.jpg");
      expect(names).not.toContain("card-back.jpg");
      expect(fake.cases[0]!.events.map((e) => e.summary)).toContain("マスクが必要な書類を保存せず破棄: 個人番号カード（裏面）");
    });

    it("without a mouse: a box typed in percent; Esc with boxes asks before closing", async () => {
      const fake = fakeSignedIn("officer");
      const scan = makeStagedFile({ fileName: "hoken.png", kind: "png", kindLabel: "PNG画像" });
      fake.scanPicks.push({ mails: [], files: [scan], problems: [] });
      const { user } = renderApp(fake);
      await postalWithScan(user);
      const row = await stagedRow("hoken.png");
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
      const [call] = fake.callsOf("mask_staged") as Array<{ mask: MaskRequest }>;
      expect(call!.mask.rects).toEqual([{ x: expect.closeTo(0.1), y: expect.closeTo(0.2), w: expect.closeTo(0.305), h: expect.closeTo(0.05) }]);
      expect(within(row).getByTestId("staged-mask-state")).toHaveTextContent("マスク済");
    });

    it("キャンセル without boxes closes at once; the backend's refusal of the boxes is shown in the tool", async () => {
      const fake = fakeSignedIn("officer");
      const scan = makeStagedFile({ fileName: "hoken.png", kind: "png", kindLabel: "PNG画像" });
      fake.scanPicks.push({ mails: [], files: [scan], problems: [] });
      fake.failNext("mask_staged", {
        code: "invalid_input",
        message: "黒塗りの範囲が画像の外にあります。範囲を指定し直してください。",
        fields: [{ field: "mask", message: "黒塗りの範囲が画像の外にあります。範囲を指定し直してください。" }],
      });
      const { user } = renderApp(fake);
      await postalWithScan(user);
      const row = await stagedRow("hoken.png");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-mask"));
      let dialog = await screen.findByTestId("mask-dialog");
      await user.click(within(dialog).getByTestId("mask-cancel"));
      expect(screen.queryByTestId("mask-dialog")).not.toBeInTheDocument();
      expect(screen.queryByTestId("mask-close-confirm")).not.toBeInTheDocument();

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
      const fake = fakeSignedIn("officer");
      const scan = makeStagedFile({ fileName: "hoken.pdf", kind: "pdf", kindLabel: "PDF" });
      fake.scanPicks.push({ mails: [], files: [scan], problems: [] });
      fake.latencyMs = 0;
      const { user } = renderApp(fake);
      await postalWithScan(user);
      const row = await stagedRow("hoken.pdf");
      await user.selectOptions(await within(row).findByTestId("staged-doc-type"), "health_insurance");
      await user.click(await within(row).findByTestId("staged-mask"));
      const dialog = await screen.findByTestId("mask-dialog");
      expect(await within(dialog).findByTestId("mask-page")).toHaveTextContent("1 / 2 ページ");
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
      const [call] = fake.callsOf("mask_staged") as Array<{ mask: MaskRequest }>;
      expect(call!.mask.rects).toEqual([]);
      expect(call!.mask.pages).toEqual([
        { pngBase64: "png-of-page-1", rects: [] },
        { pngBase64: "png-of-page-2", rects: [{ x: expect.closeTo(0.1), y: expect.closeTo(0.1), w: expect.closeTo(0.5), h: expect.closeTo(0.1) }] },
      ]);
      expect(within(row).getByTestId("staged-mask-state")).toHaveTextContent("マスク済");
    });

    it("shows the progress while the pages are turned into images", async () => {
      const fake = fakeSignedIn("officer");
      const scan = makeStagedFile({ fileName: "hoken.pdf", kind: "pdf", kindLabel: "PDF" });
      fake.scanPicks.push({ mails: [], files: [scan], problems: [] });
      let release: () => void = () => undefined;
      pdf.openPdf.mockImplementation(async () => ({
        numPages: 2,
        pageSize: async () => ({ width: 595, height: 842 }),
        renderPage: async () => undefined,
        renderPageToPng: async (page: number) => {
          if (page === 2) await new Promise<void>((r) => (release = r));
          return { pngBase64: `p${page}`, width: 10, height: 10 };
        },
        destroy: () => undefined,
      }));
      const { user } = renderApp(fake);
      await postalWithScan(user);
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
