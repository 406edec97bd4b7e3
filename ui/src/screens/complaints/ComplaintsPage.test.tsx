import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { ApiError, ComplaintDetail, ComplaintInput, ComplaintStep, ComplaintSummary } from "../../backend/types";
import { isoDay } from "../../lib/dates";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { createCase, sampleInput, signIn } from "../../test/seed";

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

/**
 * Today is 2026-12-10 (the host's). One request, 2026-0001 (id 1), received
 * 2026-11-02; the complaints take the next 受付番号 of the same series.
 */
const host = hostForFile(async (h) => {
  await createCase(h, sampleInput({ receivedOn: "2026-11-02", channel: "email", requester: { name: "見本 花子" } }));
});

/** The desk with the 管理者 at the PC (the app not yet shown). */
async function desk(): Promise<Host> {
  await signIn(host(), "admin");
  return host();
}

const complaints = (h: Host, openOnly = false) => h.call<ComplaintSummary[]>("list_complaints", { openOnly });

const complaintInput = (over: Partial<ComplaintInput> = {}): ComplaintInput => ({
  category: "complaint",
  channel: "phone",
  receivedOn: "2026-11-20",
  name: "試験 一郎",
  contact: "03-0000-0000",
  summary: "開示請求の回答が遅い（見本）",
  linkedReceiptNo: "",
  policyId: null,
  ...over,
});

/** Logs a complaint (and its first steps) through the commands, before the app is shown. */
async function seedComplaint(h: Host, over: Partial<ComplaintInput> = {}, steps: Array<[ComplaintStep, string]> = []) {
  let d = await h.call<ComplaintDetail>("create_complaint", { input: complaintInput(over) });
  for (const [step, doneOn] of steps) {
    d = await h.call<ComplaintDetail>("record_complaint_step", { caseId: d.summary.caseId, input: { step, doneOn, person: "佐藤 花子", notes: "" } });
  }
  return d.summary;
}

async function openComplaints(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-complaints"));
  await screen.findByRole("heading", { name: "苦情・相談", level: 1 });
}

async function retype(user: UserEvent, testId: string, text: string) {
  const el = screen.getByTestId(testId);
  await user.clear(el);
  if (text) await user.type(el, text);
}

/** Records the open step form with a day, a person and notes. */
async function recordStep(user: UserEvent, doneOn: string, person?: string, notes?: string) {
  await retype(user, "step-done-on", doneOn);
  if (person !== undefined) await retype(user, "step-person", person);
  if (notes !== undefined) await retype(user, "step-notes", notes);
  await user.click(screen.getByTestId("step-submit"));
}

const step = (s: ComplaintStep) => screen.getByTestId(`complaint-step-${s}`);

describe("苦情・相談を記録する", () => {
  it("refuses an empty 内容 with the backend's message under the field, and logs nothing", async () => {
    const { user, host: h } = renderAppOnHost(await desk());
    await openComplaints(user);
    await screen.findByTestId("complaints-empty");
    await user.click(screen.getByTestId("complaint-new"));
    const dialog = await screen.findByTestId("complaint-dialog");
    // 受付日 is today by default; 氏名 says a blank one is 匿名.
    expect(within(dialog).getByTestId("complaint-received-on")).toHaveValue(isoDay());
    expect(within(dialog).getByTestId("complaint-name")).toHaveAttribute("placeholder", "空欄なら匿名");
    await retype(user, "complaint-received-on", "2026-11-20");
    await user.click(screen.getByTestId("complaint-submit"));

    expect(await screen.findByTestId("error-summary")).toHaveTextContent("内容を入力してください。");
    expect(screen.getByTestId("complaint-summary")).toHaveAttribute("aria-invalid", "true");
    expect(h.callsOf("create_complaint")).toHaveLength(1);
    expect(await complaints(h)).toHaveLength(0);
    expect(screen.getByTestId("complaint-dialog")).toBeInTheDocument();
  });

  it("shows a 受付番号 that is no request under its field", async () => {
    const { user, host: h } = renderAppOnHost(await desk());
    await openComplaints(user);
    await user.click(screen.getByTestId("complaint-new"));
    await screen.findByTestId("complaint-dialog");
    await retype(user, "complaint-received-on", "2026-11-20");
    await user.type(screen.getByTestId("complaint-summary"), "回答が遅い");
    await user.type(screen.getByTestId("complaint-linked"), "2026-0099");
    await user.click(screen.getByTestId("complaint-submit"));
    expect(await screen.findByTestId("error-linkedReceiptNo")).toHaveTextContent("その受付番号の請求はありません。");
    expect(await complaints(h)).toHaveLength(0);

    // A future 受付日 is refused too.
    await retype(user, "complaint-received-on", "2026-12-11");
    await retype(user, "complaint-linked", "");
    await user.click(screen.getByTestId("complaint-submit"));
    expect(await screen.findByTestId("error-receivedOn")).toHaveTextContent("受付日に未来の日付は入力できません。");
    expect(screen.queryByTestId("error-linkedReceiptNo")).not.toBeInTheDocument();
  });

  it("logs a 相談 linked to a request, opens it, and the link opens the request", async () => {
    const { user, host: h } = renderAppOnHost(await desk());
    await openComplaints(user);
    await user.click(screen.getByTestId("complaint-new"));
    await screen.findByTestId("complaint-dialog");
    await user.click(screen.getByTestId("complaint-category-consultation"));
    await user.selectOptions(screen.getByTestId("complaint-channel"), "email");
    await retype(user, "complaint-received-on", "2026-11-20");
    await user.type(screen.getByTestId("complaint-contact"), "hanako@example.jp");
    await user.type(screen.getByTestId("complaint-summary"), "開示の方法について相談したい");
    await user.type(screen.getByTestId("complaint-linked"), "2026-0001");
    await user.click(screen.getByTestId("complaint-submit"));

    // The new complaint is open: 2026-0002, from the requests' series.
    await waitFor(() => expect(screen.getByTestId("complaint-receipt-no")).toHaveTextContent("2026-0002"));
    expect(screen.queryByTestId("complaint-dialog")).not.toBeInTheDocument();
    expect(h.callsOf("create_complaint")).toEqual([
      {
        input: {
          category: "consultation",
          channel: "email",
          receivedOn: "2026-11-20",
          name: "",
          contact: "hanako@example.jp",
          summary: "開示の方法について相談したい",
          linkedReceiptNo: "2026-0001",
          policyId: null,
        },
      },
    ]);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("相談");
    expect(screen.getByTestId("complaint-status")).toHaveTextContent("受付");
    expect(screen.getByTestId("complaint-received")).toHaveTextContent("2026/11/20");
    expect(screen.getByTestId("complaint-channel-label")).toHaveTextContent("メール");
    expect(screen.getByTestId("complaint-person-name")).toHaveTextContent("（匿名）");
    expect(screen.getByTestId("complaint-contact-text")).toHaveTextContent("hanako@example.jp");
    expect(screen.getByTestId("complaint-text")).toHaveTextContent("開示の方法について相談したい");
    // Every step waits; the first is next, with its form.
    expect(step("first_response")).toHaveTextContent("次の段階");
    for (const s of ["investigation", "improvement", "reply"] as const) expect(step(s)).toHaveTextContent("未対応");
    expect(within(step("first_response")).getByTestId("step-form")).toBeInTheDocument();
    expect(screen.queryByTestId("complaint-done")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("complaint-linked-link"));
    await waitFor(() => expect(screen.getByTestId("case-receipt-no")).toHaveTextContent("2026-0001"));
  });
});

describe("対応の記録", () => {
  it("records the four steps in order, each with its day, person and notes, then 対応完了 (S4-c)", async () => {
    const h = await desk();
    const c = await seedComplaint(h);
    const { user } = renderAppOnHost(h);
    await openComplaints(user);
    await user.click(await screen.findByTestId(`complaint-row-${c.receiptNo}`));
    await screen.findByTestId("complaint-steps");

    // The form starts with today and the signed-in officer.
    expect(screen.getByTestId("step-done-on")).toHaveValue(isoDay());
    expect(screen.getByTestId("step-person")).toHaveValue("山田 太郎");

    await recordStep(user, "2026-11-21", undefined, "電話で事情を伺い、調査する旨を伝えた");
    await waitFor(() => expect(step("first_response")).toHaveTextContent("対応済"));
    expect(step("first_response")).toHaveTextContent("2026/11/21・山田 太郎");
    expect(step("first_response")).toHaveTextContent("電話で事情を伺い、調査する旨を伝えた");
    expect(step("first_response")).toHaveTextContent("記録：山田 太郎");
    expect(screen.getByTestId("complaint-message")).toHaveTextContent("「一次対応」を記録しました。");
    expect(screen.getByTestId("complaint-status")).toHaveTextContent("調査中");
    // The next step's form is fresh.
    expect(within(step("investigation")).getByTestId("step-form")).toBeInTheDocument();
    expect(screen.getByTestId("step-notes")).toHaveValue("");

    await recordStep(user, "2026-11-25", "佐藤 花子", "受付記録を確認した");
    await waitFor(() => expect(step("investigation")).toHaveTextContent("2026/11/25・佐藤 花子"));
    expect(screen.getByTestId("complaint-status")).toHaveTextContent("調査中");

    await recordStep(user, "2026-12-01", undefined, "回答期限の管理を見直した");
    await waitFor(() => expect(step("improvement")).toHaveTextContent("2026/12/01・山田 太郎"));
    expect(screen.getByTestId("complaint-status")).toHaveTextContent("回答準備");
    expect(screen.queryByTestId("complaint-done")).not.toBeInTheDocument();

    await recordStep(user, "2026-12-05", undefined, "書面で回答した");
    await waitFor(() => expect(step("reply")).toHaveTextContent("2026/12/05・山田 太郎"));
    expect(screen.getByTestId("complaint-done")).toHaveTextContent("対応完了");
    expect(screen.getByTestId("complaint-status")).toHaveTextContent("完了");
    expect(screen.getByTestId("complaint-message")).toHaveTextContent("対応完了です");
    expect(screen.queryByTestId("step-form")).not.toBeInTheDocument();

    expect(h.callsOf("record_complaint_step").map((a) => (a as { input: { step: string; doneOn: string } }).input)).toEqual([
      { step: "first_response", doneOn: "2026-11-21", person: "山田 太郎", notes: "電話で事情を伺い、調査する旨を伝えた" },
      { step: "investigation", doneOn: "2026-11-25", person: "佐藤 花子", notes: "受付記録を確認した" },
      { step: "improvement", doneOn: "2026-12-01", person: "山田 太郎", notes: "回答期限の管理を見直した" },
      { step: "reply", doneOn: "2026-12-05", person: "山田 太郎", notes: "書面で回答した" },
    ]);
  });

  it("a step recorded out of order shows the backend's message", async () => {
    const h = await desk();
    const c = await seedComplaint(h, {}, [["first_response", "2026-11-21"]]);
    // The core's own refusal of 改善措置 before 調査・検討.
    const refusal = await h
      .call("record_complaint_step", { caseId: c.caseId, input: { step: "improvement", doneOn: "2026-11-22", person: "佐藤 花子", notes: "" } })
      .then(() => null, (e: ApiError) => e);
    expect(refusal).toMatchObject({ fields: [{ field: "step", message: "先に「調査・検討」を記録してください。" }] });

    const { user } = renderAppOnHost(h);
    await openComplaints(user);
    await user.click(await screen.findByTestId(`complaint-row-${c.receiptNo}`));
    await screen.findByTestId("complaint-steps");
    // Another window got ahead (the steps moved on meanwhile): the screen shows the core's words.
    h.failNext("record_complaint_step", refusal!);
    await recordStep(user, "2026-11-22");
    expect(await screen.findByTestId("step-error")).toHaveTextContent("先に「調査・検討」を記録してください。");
    expect(step("investigation")).toHaveTextContent("次の段階");
  });

  it("refuses a day before the step before it or in the future, and a blank 対応者 — under their fields", async () => {
    const h = await desk();
    const c = await seedComplaint(h, {}, [["first_response", "2026-11-25"]]);
    const { user } = renderAppOnHost(h);
    await openComplaints(user);
    await user.click(await screen.findByTestId(`complaint-row-${c.receiptNo}`));
    await screen.findByTestId("complaint-steps");

    await recordStep(user, "2026-11-24");
    expect(await screen.findByTestId("error-doneOn")).toHaveTextContent("対応日は前の段階の日付以降にしてください。");
    expect(screen.getByTestId("step-done-on")).toHaveAttribute("aria-invalid", "true");
    expect(step("investigation")).toHaveTextContent("次の段階");
    // Nothing recorded: 調査・検討 is still the step to record.
    expect((await h.call<ComplaintDetail>("get_complaint", { caseId: c.caseId })).nextStep).toBe("investigation");

    await recordStep(user, "2026-12-11");
    await waitFor(() => expect(screen.getByTestId("error-doneOn")).toHaveTextContent("対応日に未来の日付は入力できません。"));

    await recordStep(user, "2026-11-25", "");
    await waitFor(() => expect(screen.getByTestId("error-person")).toHaveTextContent("対応者を入力してください。"));

    await recordStep(user, "2026-11-25", "山田 太郎");
    await waitFor(() => expect(step("investigation")).toHaveTextContent("2026/11/25・山田 太郎"));
    expect(screen.queryByTestId("error-doneOn")).not.toBeInTheDocument();
  });

  it("corrects a recorded step (修正), between the 受付日 or the step before and the step after", async () => {
    const h = await desk();
    const c = await seedComplaint(h, {}, [
      ["first_response", "2026-11-21"],
      ["investigation", "2026-11-25"],
    ]);
    const { user } = renderAppOnHost(h);
    await openComplaints(user);
    await user.click(await screen.findByTestId(`complaint-row-${c.receiptNo}`));
    await screen.findByTestId("complaint-steps");

    await user.click(screen.getByTestId("step-edit-first_response"));
    // One form at a time: the correction's, with the recorded values.
    expect(screen.getAllByTestId("step-form")).toHaveLength(1);
    expect(within(step("first_response")).getByTestId("step-done-on")).toHaveValue("2026-11-21");
    expect(screen.getByTestId("step-person")).toHaveValue("佐藤 花子");

    await recordStep(user, "2026-11-26");
    expect(await screen.findByTestId("error-doneOn")).toHaveTextContent("対応日は次の段階の日付以前にしてください。");
    await recordStep(user, "2026-11-19");
    await waitFor(() => expect(screen.getByTestId("error-doneOn")).toHaveTextContent("対応日は受付日以降にしてください。"));

    await recordStep(user, "2026-11-22", "鈴木 次郎", "折り返し電話した");
    await waitFor(() => expect(step("first_response")).toHaveTextContent("2026/11/22・鈴木 次郎"));
    expect(step("first_response")).toHaveTextContent("折り返し電話した");
    expect(screen.getByTestId("complaint-message")).toHaveTextContent("「一次対応」を修正しました。");
    // Back to the next step's form.
    expect(within(step("improvement")).getByTestId("step-form")).toBeInTheDocument();

    // キャンセル leaves a correction without recording anything.
    await user.click(screen.getByTestId("step-edit-investigation"));
    await user.click(screen.getByTestId("step-cancel"));
    expect(step("investigation")).toHaveTextContent("2026/11/25・佐藤 花子");
    // Three refused or recorded corrections, nothing on キャンセル.
    expect(h.callsOf("record_complaint_step")).toHaveLength(3);
  });
});

describe("一覧", () => {
  it("shows each complaint's 段階 and 状態; 対応中のみ hides the completed ones; the register never shows them", async () => {
    const h = await desk();
    const open = await seedComplaint(h, { receivedOn: "2026-11-20", name: "対応 中子", linkedReceiptNo: "2026-0001" }, [
      ["first_response", "2026-11-21"],
      ["investigation", "2026-11-22"],
    ]);
    const fresh = await seedComplaint(h, { receivedOn: "2026-12-01", category: "consultation", name: "", channel: "counter" });
    const closed = await seedComplaint(h, { receivedOn: "2026-11-10", name: "完了 済男" }, [
      ["first_response", "2026-11-11"],
      ["investigation", "2026-11-12"],
      ["improvement", "2026-11-13"],
      ["reply", "2026-11-14"],
    ]);
    const { user } = renderAppOnHost(h);
    await openComplaints(user);

    const toggle = await screen.findByTestId("complaints-open-only");
    expect(toggle).toBeChecked();
    await screen.findByTestId(`complaint-row-${open.receiptNo}`);
    // Newest first; the completed one is not there.
    const rows = () => screen.queryAllByTestId(/^complaint-row-\d/).map((r) => r.dataset.testid);
    expect(rows()).toEqual([`complaint-row-${fresh.receiptNo}`, `complaint-row-${open.receiptNo}`]);

    const row = screen.getByTestId(`complaint-row-${open.receiptNo}`);
    for (const text of [open.receiptNo, "苦情", "2026/11/20", "電話", "対応 中子", "調査・検討", "調査中", "2026-0001"]) expect(row).toHaveTextContent(text);
    const freshRow = screen.getByTestId(`complaint-row-${fresh.receiptNo}`);
    for (const text of ["相談", "窓口", "（匿名）", "未対応", "受付"]) expect(freshRow).toHaveTextContent(text);
    expect(h.callsOf("list_complaints")).toEqual([{ openOnly: true }]);

    await user.click(toggle);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(h.callsOf("list_complaints")).toContainEqual({ openOnly: false });
    const closedRow = screen.getByTestId(`complaint-row-${closed.receiptNo}`);
    expect(closedRow).toHaveTextContent("回答・報告");
    expect(closedRow).toHaveTextContent("完了");

    // Enter on a row opens it.
    closedRow.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("complaint-receipt-no")).toHaveTextContent(closed.receiptNo));
    expect(screen.getByTestId("complaint-done")).toHaveTextContent("対応完了");
    // 一覧へ戻る keeps 対応中のみ as it was left.
    await user.click(screen.getByTestId("complaint-back"));
    await screen.findByTestId(`complaint-row-${closed.receiptNo}`);
    expect(screen.getByTestId("complaints-open-only")).not.toBeChecked();

    // 案件一覧 holds the request only.
    await user.click(screen.getByTestId("nav-cases"));
    await screen.findByTestId("case-row-2026-0001");
    for (const c of [open, fresh, closed]) expect(screen.queryByTestId(`case-row-${c.receiptNo}`)).not.toBeInTheDocument();
  });

  it("a complaint logged and completed leaves the 対応中のみ list", async () => {
    const h = await desk();
    const c = await seedComplaint(h, {}, [
      ["first_response", "2026-11-21"],
      ["investigation", "2026-11-22"],
      ["improvement", "2026-11-23"],
    ]);
    const { user } = renderAppOnHost(h);
    await openComplaints(user);
    await user.click(await screen.findByTestId(`complaint-row-${c.receiptNo}`));
    await screen.findByTestId("complaint-steps");
    await recordStep(user, "2026-11-24", undefined, "回答した");
    await screen.findByTestId("complaint-done");
    await user.click(screen.getByTestId("complaint-back"));
    expect(await screen.findByTestId("complaints-empty")).toHaveTextContent("対応中の苦情・相談はありません。");
  });
});

describe("IME", () => {
  it("the Enter that confirms a conversion submits neither the new complaint nor a step", async () => {
    const h = await desk();
    const c = await seedComplaint(h);
    const { user } = renderAppOnHost(h);
    await openComplaints(user);
    await user.click(screen.getByTestId("complaint-new"));
    await screen.findByTestId("complaint-dialog");
    const name = screen.getByTestId("complaint-name");
    await user.type(name, "みほん");
    fireEvent.keyDown(name, { key: "Enter", code: "Enter", keyCode: 229, isComposing: true });
    fireEvent.keyDown(name, { key: "Enter", code: "Enter", keyCode: 229 });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.callsOf("create_complaint")).toHaveLength(0);
    await user.click(screen.getByTestId("complaint-cancel"));
    await waitFor(() => expect(screen.queryByTestId("complaint-dialog")).not.toBeInTheDocument());

    await user.click(await screen.findByTestId(`complaint-row-${c.receiptNo}`));
    await screen.findByTestId("complaint-steps");
    await retype(user, "step-done-on", "2026-11-21");
    const person = screen.getByTestId("step-person");
    await retype(user, "step-person", "さとう");
    fireEvent.keyDown(person, { key: "Enter", code: "Enter", keyCode: 229, isComposing: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.callsOf("record_complaint_step")).toHaveLength(0);
    // A plain Enter records it.
    fireEvent.keyDown(person, { key: "Enter", code: "Enter", keyCode: 13 });
    await waitFor(() => expect(step("first_response")).toHaveTextContent("2026/11/21・さとう"));
    expect(h.callsOf("record_complaint_step")).toHaveLength(1);
  });
});
