import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import type { CaseInput, MaskRequest, OriginalInput, Verification } from "../../backend/types";
import { fixture, stageScans, writeTemp } from "../../test/files";
import { hostForFile } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { sampleInput, signIn } from "../../test/seed";

const host = hostForFile();

const INPUT = sampleInput({
  receivedOn: "2026-12-01",
  channel: "post",
  requester: { name: "見本 花子", kana: "ミホン ハナコ", email: "hanako@example.jp" },
  kinds: ["disclosure"],
});

/**
 * Case 2026-0001 (under the default 標準ポリシー unless `policy` is false:
 * then a store without one), with two scans — 1 免許証.jpg, 2 裏面.jpg (the
 * back of a My Number card, not yet typed) — and the 担当者 signed in.
 */
async function withCase(input: CaseInput = INPUT, policy = true) {
  const h = host();
  // Without a policy: the store as set up, before the default one was saved.
  if (!policy) await h.restore("bare");
  await signIn(h, "admin");
  const staged = await stageScans(h, [
    writeTemp("免許証.jpg", readFileSync(fixture("scans", "license-front.jpg"))),
    writeTemp("裏面.jpg", readFileSync(fixture("scans", "mynumber-back.jpg"))),
  ]);
  await h.call("create_case", { input, stagedMailId: null, stagedFileIds: staged.files.map((f) => f.stagedId) });
  await h.call("lock");
  await signIn(h, "officer");
  return renderAppOnHost(h);
}

async function openVerification(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-cases"));
  await user.click(await screen.findByTestId("case-row-2026-0001"));
  await user.click(await screen.findByTestId("case-tab-verification"));
  return screen.findByTestId("verification");
}

const item = (key: string) => screen.getAllByTestId("verification-item").find((el) => el.getAttribute("data-key") === key)!;
const doc = (id: number) => screen.getAllByTestId("verification-document").find((el) => el.getAttribute("data-attachment-id") === String(id))!;

describe("本人確認", () => {
  it("shows the result, what is missing and the items; an officer's mark settles it", async () => {
    const { user, host: h } = await withCase();
    await openVerification(user);
    expect(screen.getByTestId("case-tab-verification")).toHaveTextContent("本人確認");
    expect(screen.getByTestId("verification-policy")).toHaveTextContent("標準ポリシー（第1版）");
    const result = screen.getByTestId("verification-result");
    expect(result).toHaveTextContent("不備");
    expect(result).toHaveClass("verification-result--ng");
    expect(screen.getByTestId("verification-missing")).toHaveTextContent(
      "本人確認書類が必要です（運転免許証・個人番号カード（表面）・パスポート・在留カードのいずれか1点、または健康保険証・年金手帳・住民票の写しのうち2点の写し）",
    );
    const group = screen.getByTestId("verification-group");
    expect(group).toHaveTextContent("本人確認");
    expect(group).toHaveTextContent("いずれか1つで確認できれば足ります。");
    expect(within(group).getAllByTestId("verification-item").map((el) => el.getAttribute("data-key"))).toEqual([
      "identity.registered_email",
      "identity.id_document",
    ]);

    const email = item("identity.registered_email");
    expect(within(email).getByTestId("verification-item-status")).toHaveTextContent("未確認");
    expect(within(email).getByTestId("verification-item-source")).toHaveTextContent("自動判定");
    expect(within(email).getByTestId("verification-item-detail")).toHaveTextContent("登録メールアドレスが未入力です。");

    await user.type(within(email).getByTestId("verification-note"), "顧客台帳のメールアドレスと電話で照合");
    await user.click(within(email).getByTestId("verification-mark-ok"));
    await waitFor(() => expect(within(item("identity.registered_email")).getByTestId("verification-item-status")).toHaveTextContent("確認済"));
    expect(h.callsOf("mark_verification")).toEqual([
      { caseId: 1, item: "identity.registered_email", status: "ok", note: "顧客台帳のメールアドレスと電話で照合" },
    ]);
    const marked = item("identity.registered_email");
    expect(within(marked).getByTestId("verification-item-source")).toHaveTextContent("手動");
    expect(within(marked).getByTestId("verification-item-note")).toHaveTextContent("メモ: 顧客台帳のメールアドレスと電話で照合");
    expect(within(marked).getByTestId("verification-item-marked")).toHaveTextContent(/^記録: 佐藤 花子（2026\/12\/\d\d \d\d:\d\d）$/);
    expect(screen.getByTestId("verification-result")).toHaveTextContent("本人確認済");
    expect(screen.getByTestId("verification-result")).toHaveClass("verification-result--ok");
    expect(screen.queryByTestId("verification-missing")).not.toBeInTheDocument();

    // Back to 未確認; the mark is on the timeline.
    await user.click(within(marked).getByTestId("verification-mark-pending"));
    await waitFor(() => expect(screen.getByTestId("verification-result")).toHaveTextContent("不備"));
    await user.click(screen.getByTestId("case-tab-history"));
    expect(screen.getByTestId("case-timeline")).toHaveTextContent("本人確認: 登録メールアドレスとの一致 を「確認済」に");
    expect(screen.getByTestId("case-timeline")).toHaveTextContent("本人確認: 登録メールアドレスとの一致 を「未確認」に");
  });

  it("an automatic 不備 cannot be marked 確認済: the backend's reason is shown at the item", async () => {
    const { user, host: h } = await withCase(sampleInput({ ...INPUT, requester: { name: "見本 花子", email: "other@example.jp", registeredEmail: "hanako@example.jp" } }));
    await openVerification(user);
    const email = item("identity.registered_email");
    expect(within(email).getByTestId("verification-item-status")).toHaveTextContent("不備");
    await user.click(within(email).getByTestId("verification-mark-ok"));
    expect(await within(email).findByTestId("verification-item-error")).toHaveTextContent(
      "自動判定で不備になっている項目は確認済にできません。請求者のメールアドレスが登録メールアドレスと一致しません。",
    );
    const after = await h.call<Verification>("get_verification", { caseId: 1 });
    expect(JSON.stringify(after)).not.toContain("佐藤 花子"); // no mark was recorded
  });

  it("without a policy: says so and where to choose one", async () => {
    const { user } = await withCase(INPUT, false);
    await openVerification(user);
    expect(screen.getByTestId("verification-policy")).toHaveTextContent("ポリシー未設定");
    expect(screen.getByTestId("verification-policy")).toHaveTextContent("「概要」の「編集」で、この案件が従うポリシーを選んでください。");
    expect(screen.getByTestId("verification-result")).toHaveTextContent("ポリシー未設定");
    expect(screen.getByTestId("verification-missing")).toHaveTextContent("案件にポリシーを設定してください");
    expect(screen.queryByTestId("verification-group")).not.toBeInTheDocument();
  });

  it("documents: a type that needs masking is masked here; a licence makes the ID check pass", async () => {
    const { user, host: h } = await withCase();
    await openVerification(user);
    const back = doc(2);
    expect(back).toHaveTextContent("裏面.jpg");
    await user.selectOptions(within(back).getByTestId("document-doc-type"), "mynumber_back");
    await waitFor(() => expect(within(doc(2)).getByTestId("document-mask-state")).toHaveTextContent("要マスク"));
    expect(h.callsOf("set_attachment_doc")).toEqual([
      { attachmentId: 2, doc: { docType: "mynumber_back", honsekiPrinted: false, issuedOn: "", expiresOn: "" } },
    ]);
    expect(within(doc(2)).getByTestId("document-problems")).toHaveTextContent("マスクが必要です。個人番号カードの裏面には");
    expect(screen.getByTestId("verification-missing")).toHaveTextContent("マスクが必要な書類の黒塗り");

    await user.click(within(doc(2)).getByTestId("document-mask"));
    const dialog = await screen.findByTestId("mask-dialog");
    const image = await within(dialog).findByTestId("mask-image");
    Object.defineProperty(image, "naturalWidth", { value: 600 });
    Object.defineProperty(image, "naturalHeight", { value: 400 });
    fireEvent.load(image);
    const canvas = await within(dialog).findByTestId("mask-canvas");
    vi.spyOn(canvas, "getBoundingClientRect").mockReturnValue({ left: 0, top: 0, width: 600, height: 400, x: 0, y: 0, right: 600, bottom: 400, toJSON: () => ({}) } as DOMRect);
    fireEvent.pointerDown(canvas, { clientX: 60, clientY: 100, pointerId: 1, button: 0 });
    fireEvent.pointerMove(canvas, { clientX: 300, clientY: 140, pointerId: 1 });
    fireEvent.pointerUp(canvas, { clientX: 300, clientY: 140, pointerId: 1 });
    await user.click(within(dialog).getByTestId("mask-apply"));
    await waitFor(() => expect(screen.queryByTestId("mask-dialog")).not.toBeInTheDocument());
    expect(h.callsOf("get_attachment")).toEqual([{ attachmentId: 2 }]);
    const [call] = h.callsOf("mask_attachment") as Array<{ attachmentId: number; mask: MaskRequest }>;
    expect(call!.attachmentId).toBe(2);
    expect(call!.mask.rects).toEqual([{ x: expect.closeTo(0.1), y: expect.closeTo(0.25), w: expect.closeTo(0.4), h: expect.closeTo(0.1) }]);
    expect(within(doc(2)).getByTestId("document-mask-state")).toHaveTextContent("マスク済");
    expect(within(doc(2)).queryByTestId("document-problems")).not.toBeInTheDocument();

    // A licence valid on the day received: the ID check passes.
    await user.selectOptions(within(doc(1)).getByTestId("document-doc-type"), "drivers_license");
    const expires = await within(doc(1)).findByTestId("document-expires-on");
    await user.type(expires, "2026/11/30{Enter}");
    await waitFor(() => expect(within(doc(1)).getByTestId("document-problems")).toHaveTextContent("有効期限 令和8年11月30日 が受付日 令和8年12月1日 より前に切れています。"));
    expect(within(item("identity.id_document")).getByTestId("verification-item-status")).toHaveTextContent("不備");
    await user.clear(within(doc(1)).getByTestId("document-expires-on"));
    await user.type(within(doc(1)).getByTestId("document-expires-on"), "2031-05-01");
    await user.tab();
    await waitFor(() => expect(screen.getByTestId("verification-result")).toHaveTextContent("本人確認済"));
    expect(within(item("identity.id_document")).getByTestId("verification-item-detail")).toHaveTextContent("顔写真付きの本人確認書類を受領しています。");

    // The 添付ファイル tab says which file is masked.
    await user.click(screen.getByTestId("case-tab-attachments"));
    expect(within(screen.getByTestId("attachment-row-2")).getByTestId("attachment-masked")).toHaveTextContent("マスク済");
    expect(screen.getByTestId("attachment-row-2")).toHaveTextContent("個人番号カード（裏面）");
    expect(within(screen.getByTestId("attachment-row-1")).queryByTestId("attachment-masked")).not.toBeInTheDocument();
  });

  it("originals: a bad date is shown at its field; then received, then returned", async () => {
    const { user, host: h } = await withCase();
    await openVerification(user);
    const section = screen.getByTestId("verification-originals");
    expect(within(section).getByTestId("originals-empty")).toHaveTextContent("記録された原本はありません。");
    await user.click(within(section).getByTestId("original-add"));
    let dialog = await screen.findByTestId("original-dialog");
    await user.selectOptions(within(dialog).getByTestId("original-doc-type"), "power_of_attorney");
    const received = within(dialog).getByTestId("original-received-on");
    await user.clear(received);
    await user.type(received, "2026-13-40");
    await user.type(within(dialog).getByTestId("original-issued-on"), "2026/11/20");
    await user.click(within(dialog).getByTestId("original-save"));
    expect(await within(dialog).findByTestId("error-receivedOn")).toHaveTextContent("受領日は「2026-12-05」の形で入力してください。");
    expect(received).toHaveAttribute("aria-invalid", "true");
    expect(within(dialog).queryByTestId("error-issuedOn")).not.toBeInTheDocument();

    await user.clear(received);
    await user.type(received, "２０２６/１２/０５");
    await user.type(within(dialog).getByTestId("original-note"), "封書で受領");
    await user.click(within(dialog).getByTestId("original-save"));
    await waitFor(() => expect(screen.queryByTestId("original-dialog")).not.toBeInTheDocument());
    const calls = h.callsOf("save_original") as Array<{ caseId: number; originalId: number | null; original: OriginalInput }>;
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({
      caseId: 1,
      originalId: null,
      original: { docType: "power_of_attorney", receivedOn: "２０２６/１２/０５", issuedOn: "2026/11/20", returnedOn: "", returnMethod: "", keptReason: "", note: "封書で受領" },
    });
    let row = within(section).getByTestId("original-row");
    expect(row).toHaveTextContent("委任状");
    expect(row).toHaveTextContent("2026/12/05");
    expect(row).toHaveTextContent("2026/11/20");
    expect(within(row).getByTestId("original-state")).toHaveTextContent("受領（未返却）");

    // 返却を記録: a method is needed; the list offers the usual ones, or any text.
    await user.click(within(row).getByTestId("original-return"));
    dialog = await screen.findByTestId("original-dialog");
    const returned = within(dialog).getByTestId("original-returned-on");
    await user.clear(returned);
    await user.type(returned, "2026-12-08");
    await user.selectOptions(within(dialog).getByTestId("original-return-method"), "__other");
    await user.click(within(dialog).getByTestId("original-save"));
    expect(await within(dialog).findByTestId("error-returnMethod")).toHaveTextContent("返却の方法（簡易書留など）を入力してください。");
    await user.selectOptions(within(dialog).getByTestId("original-return-method"), "簡易書留");
    await user.click(within(dialog).getByTestId("original-save"));
    await waitFor(() => expect(screen.queryByTestId("original-dialog")).not.toBeInTheDocument());
    expect((h.callsOf("save_original").at(-1) as { originalId: number; original: OriginalInput })).toMatchObject({
      originalId: 1,
      original: { docType: "power_of_attorney", receivedOn: "2026-12-05", returnedOn: "2026-12-08", returnMethod: "簡易書留" },
    });
    row = within(section).getByTestId("original-row");
    expect(within(row).getByTestId("original-state")).toHaveTextContent("返却済");
    expect(within(row).getByTestId("original-returned")).toHaveTextContent("2026/12/08・簡易書留");
    expect(within(row).queryByTestId("original-return")).not.toBeInTheDocument();
  });
});
