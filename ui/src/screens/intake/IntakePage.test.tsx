import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { FakeBackend } from "../../backend/fake";
import { makeMailView, makeStagedFile, makeStagedMail, sampleInput } from "../../backend/fakeCases";
import type { CaseInput } from "../../backend/types";
import { fakeSignedIn, renderApp } from "../../test/render";

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
    expect(preview).toHaveTextContent("免許証.jpg");
    expect(preview).toHaveTextContent("巨大.pdf");
    expect(preview).toHaveTextContent("ファイルが大きすぎます（50MB未満にしてください）。（保存されません）");
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
});
