import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { CaseInput, FeeLedger, PaymentInput, PolicyBody } from "../../backend/types";
import { blankPayment } from "../../test/fixtures";
import { hostForFile, type Host } from "../../test/host";
import { renderOnHost } from "../../test/render";
import { createCase, policyBody, sampleInput, savePolicy, signIn, type Who } from "../../test/seed";
import { FeesTab } from "./FeesTab";

const host = hostForFile();

// The host's today is 2026-12-10; the case was received on 2026-12-01 and its
// policy gives 30 calendar days: due 2026-12-31 without pauses.
const CASE = sampleInput({ receivedOn: "2026-12-01", channel: "post", kinds: ["disclosure"] });

/** The policy's fee: 開示 `amountYen` once per request, paid by any of the four methods. */
const FEE_METHODS: PolicyBody["feeMethods"] = [
  { method: "stamps", instructions: "" },
  { method: "money_order", instructions: "" },
  { method: "bank_transfer", instructions: "見本銀行 本店 普通 1234567 ミホンショウジ（カ" },
  { method: "cash_registered", instructions: "" },
];

/**
 * Case 1 under a policy (the default one, with 開示 charged `expected` yen
 * unless that is null; none at all when `policy` is false), the FeesTab of
 * `who` on it.
 */
async function setup({
  expected = 1000,
  policy = true,
  input = CASE,
  fees,
  who = "officer",
}: { expected?: number | null; policy?: boolean; input?: CaseInput; fees?: PolicyBody["fees"]; who?: Who } = {}) {
  const h = host();
  // Without a policy: the store as set up, before the default one was saved.
  if (!policy) await h.restore("bare");
  await signIn(h, "admin");
  if (policy) {
    const charged = fees ?? (expected === null ? [] : [{ kind: "disclosure" as const, amountYen: expected, per: "per_request" as const, when: "with_request" as const }]);
    if (charged.length > 0) await savePolicy(h, await policyBody(h, { name: "手数料ポリシー", fees: charged, feeMethods: FEE_METHODS }));
  }
  await createCase(h, input);
  await h.call("lock");
  await signIn(h, who);
  return renderOnHost(<FeesTab caseId={1} canDecide={who === "admin"} />, h);
}

const paymentsOf = async (h: Host) => (await h.call<FeeLedger>("get_fee_ledger", { caseId: 1 })).payments.length;


async function openPaymentForm(user: UserEvent, date: string) {
  // Enabled once the ledger is read.
  await waitFor(() => expect(screen.getByTestId("fee-record")).toBeEnabled());
  await user.click(screen.getByTestId("fee-record"));
  const form = await screen.findByTestId("payment-form");
  const day = within(form).getByTestId("payment-date");
  await user.clear(day);
  await user.type(day, date);
  return form;
}

async function saved() {
  await waitFor(() => expect(screen.queryByTestId("payment-dialog")).not.toBeInTheDocument());
}

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

describe("手数料・期限", () => {
  it("stamps short of the fee stop the clock (手数料待ち); the rest settles it and the clock runs again", async () => {
    const { user, host: h } = await setup();
    const panel = await screen.findByTestId("fee-panel");
    expect(await within(panel).findByTestId("fee-state")).toHaveTextContent("未入金");
    expect(within(panel).getByTestId("fee-expected")).toHaveTextContent("1,000円");
    expect(within(panel).getByTestId("fee-line")).toHaveTextContent("開示（1回の請求につき）1,000円");
    expect(within(panel).getByTestId("fee-payments-empty")).toBeInTheDocument();
    const clock = screen.getByTestId("clock-panel");
    expect(await within(clock).findByTestId("clock-received")).toHaveTextContent("2026/12/01（令和8年12月1日）");
    expect(within(clock).getByTestId("clock-due")).toHaveTextContent("2026/12/31（令和8年12月31日）");
    expect(within(clock).getByTestId("clock-days-left")).toHaveTextContent("あと21日");
    expect(within(clock).getByTestId("clock-wording")).toHaveTextContent("遅滞なく");
    expect(within(clock).queryByTestId("clock-paused")).not.toBeInTheDocument();
    expect(clock).toHaveTextContent("受付日は受け付けた日のまま記録されます（法第39条の2週間は受付日から数えます）。");

    // 110円×8 with a quick button and a 全角 count.
    const form = await openPaymentForm(user, "2026-12-05");
    expect(within(form).getByTestId("payment-method")).toHaveValue("stamps");
    await user.click(within(form).getByTestId("payment-stamp-quick-110"));
    expect(within(form).getByTestId("payment-stamp-face-0")).toHaveValue("110");
    expect(within(form).getByTestId("payment-stamp-count-0")).toHaveFocus();
    await user.keyboard("８");
    expect(within(form).getByTestId("payment-total")).toHaveTextContent("合計 880円");
    await user.click(within(form).getByTestId("payment-save"));
    await saved();

    expect(h.callsOf("record_payment")).toEqual([
      { caseId: 1, payment: { ...blankPayment, receivedOn: "2026-12-05", stamps: [{ faceYen: 110, count: 8 }] } },
    ]);
    expect(screen.getByTestId("fee-state")).toHaveTextContent("不足 120円");
    expect(screen.getByTestId("fee-state")).toHaveClass("badge--danger");
    expect(screen.getByTestId("fee-paid")).toHaveTextContent("880円");
    expect(screen.getByTestId("fees-message")).toHaveTextContent("入金を記録しました（不足 120円）。");
    const row = screen.getByTestId("fee-payment-row");
    expect(within(row).getByTestId("fee-payment-breakdown")).toHaveTextContent("110円×8");
    expect(within(row).getByTestId("fee-payment-method")).toHaveTextContent("郵便切手");
    expect(within(row).getByTestId("fee-payment-direction")).toHaveTextContent("受領");
    expect(within(row).getByTestId("fee-payment-amount")).toHaveTextContent("880円");

    // The clock stopped from the day the stamps arrived, counted through today.
    expect(await within(clock).findByTestId("clock-paused")).toHaveTextContent("期限停止中");
    expect(within(clock).getByTestId("clock-due")).toHaveTextContent("2027/01/06（令和9年1月6日）");
    expect(within(clock).getByTestId("clock-paused-days")).toHaveTextContent("6日");
    const pause = within(clock).getByTestId("clock-pause-row");
    expect(pause).toHaveTextContent("手数料待ち");
    expect(pause).toHaveTextContent("2026/12/05 〜 停止中");
    expect(within(clock).getByTestId("clock-resume")).toBeInTheDocument();
    expect(within(clock).queryByTestId("clock-pause")).not.toBeInTheDocument();

    // 100円×1 and 10円×2: the second quick face goes on a new row.
    const more = await openPaymentForm(user, "2026-12-08");
    await user.click(within(more).getByTestId("payment-stamp-quick-100"));
    await user.keyboard("1");
    await user.click(within(more).getByTestId("payment-stamp-quick-10"));
    expect(within(more).getByTestId("payment-stamp-face-1")).toHaveValue("10");
    expect(within(more).getByTestId("payment-stamp-count-1")).toHaveFocus();
    await user.keyboard("2");
    expect(within(more).getByTestId("payment-stamp-subtotal-1")).toHaveTextContent("20円");
    expect(within(more).getByTestId("payment-total")).toHaveTextContent("合計 120円");
    await user.click(within(more).getByTestId("payment-save"));
    await saved();

    expect(h.callsOf("record_payment")[1]).toEqual({
      caseId: 1,
      payment: { ...blankPayment, receivedOn: "2026-12-08", stamps: [{ faceYen: 100, count: 1 }, { faceYen: 10, count: 2 }] },
    });
    expect(screen.getByTestId("fee-state")).toHaveTextContent("入金済");
    expect(screen.getByTestId("fee-state")).toHaveClass("badge--ok");
    expect(screen.getByTestId("fee-paid")).toHaveTextContent("1,000円");
    expect(screen.getAllByTestId("fee-payment-breakdown").map((el) => el.textContent)).toEqual(["110円×8", "100円×1、10円×2"]);
    await waitFor(() => expect(within(clock).queryByTestId("clock-paused")).not.toBeInTheDocument());
    expect(within(clock).getByTestId("clock-pause-row")).toHaveTextContent("2026/12/05 〜 2026/12/083日");
    expect(within(clock).getByTestId("clock-due")).toHaveTextContent("2027/01/03");
    expect(within(clock).getByTestId("clock-days-left")).toHaveTextContent("あと24日");
    expect(within(clock).getByTestId("clock-pause")).toBeInTheDocument();
  });

  it("a bad date is shown at its field and nothing is recorded; a number that is not one is caught before sending", async () => {
    const { user, host: h } = await setup();
    const form = await openPaymentForm(user, "2026-13-45");
    await user.type(within(form).getByTestId("payment-stamp-face-0"), "110");
    await user.type(within(form).getByTestId("payment-stamp-count-0"), "10");
    await user.click(within(form).getByTestId("payment-save"));
    expect(await within(form).findByTestId("error-receivedOn")).toHaveTextContent("受領日は「2026-12-05」の形で入力してください。");
    expect(within(form).getByTestId("payment-date")).toHaveAttribute("aria-invalid", "true");
    expect(await paymentsOf(h)).toBe(0);
    expect(screen.getByTestId("payment-dialog")).toBeInTheDocument();
    expect(screen.getByTestId("fee-state")).toHaveTextContent("未入金");

    // A future day is refused too.
    await user.clear(within(form).getByTestId("payment-date"));
    await user.type(within(form).getByTestId("payment-date"), "2026-12-11");
    await user.click(within(form).getByTestId("payment-save"));
    await waitFor(() => expect(within(form).getByTestId("error-receivedOn")).toHaveTextContent("未来の日付は指定できません。"));
    expect(await paymentsOf(h)).toBe(0);

    // Not a number: not sent at all.
    const calls = h.callsOf("record_payment").length;
    await user.clear(within(form).getByTestId("payment-date"));
    await user.type(within(form).getByTestId("payment-date"), "2026-12-05");
    await user.clear(within(form).getByTestId("payment-stamp-count-0"));
    await user.type(within(form).getByTestId("payment-stamp-count-0"), "十");
    await user.click(within(form).getByTestId("payment-save"));
    expect(await within(form).findByTestId("error-stamps.0.count")).toHaveTextContent("枚数は数字で入力してください。");
    expect(within(form).queryByTestId("error-receivedOn")).not.toBeInTheDocument();
    expect(h.callsOf("record_payment")).toHaveLength(calls);
    expect(await paymentsOf(h)).toBe(0);
  });

  it("the backend's error for a stamp line is shown at the form's row, even after a blank row", async () => {
    const { user, host: h } = await setup();
    const form = await openPaymentForm(user, "2026-12-05");
    await user.click(within(form).getByTestId("payment-stamp-add"));
    expect(within(form).getByTestId("payment-stamp-face-1")).toHaveFocus();
    await user.keyboard("20000");
    await user.type(within(form).getByTestId("payment-stamp-count-1"), "1");
    await user.click(within(form).getByTestId("payment-save"));
    // The blank first row is not sent: the backend's stamps.0 is the form's row 2.
    expect(await within(form).findByTestId("error-stamps.1.faceYen")).toHaveTextContent("額面は1円〜10,000円で入力してください。");
    expect(within(form).queryByTestId("error-stamps.0.faceYen")).not.toBeInTheDocument();
    expect((h.callsOf("record_payment")[0] as { payment: PaymentInput }).payment.stamps).toEqual([{ faceYen: 20000, count: 1 }]);
    expect(await paymentsOf(h)).toBe(0);

    // No stamps at all: the error of the list.
    await user.click(within(form).getByTestId("payment-stamp-remove-1"));
    await user.click(within(form).getByTestId("payment-save"));
    expect(await within(form).findByTestId("error-stamps")).toHaveTextContent("切手の額面と枚数を入力してください。");
  });

  it("pausing and resuming the clock: the right arguments, the due date moved, errors at their fields", async () => {
    const { user, host: h } = await setup({ expected: null });
    const clock = await screen.findByTestId("clock-panel");
    await user.click(await within(clock).findByTestId("clock-pause"));
    const form = await screen.findByTestId("pause-form");
    await user.selectOptions(within(form).getByTestId("pause-reason"), "clarification");
    const from = within(form).getByTestId("pause-from");
    await user.clear(from);
    await user.type(from, "2026-11-30");
    await user.type(within(form).getByTestId("pause-note"), "請求の範囲を電話で確認中");
    await user.click(within(form).getByTestId("pause-save"));
    expect(await within(form).findByTestId("error-from")).toHaveTextContent("受付日より前からは停止できません。");

    await user.clear(from);
    await user.type(from, "２０２６－１２－０３");
    await user.click(within(form).getByTestId("pause-save"));
    await waitFor(() => expect(screen.queryByTestId("pause-dialog")).not.toBeInTheDocument());
    expect(h.callsOf("pause_clock")).toEqual([
      { caseId: 1, reason: "clarification", from: "2026-11-30", note: "請求の範囲を電話で確認中" },
      { caseId: 1, reason: "clarification", from: "２０２６－１２－０３", note: "請求の範囲を電話で確認中" },
    ]);
    expect(screen.getByTestId("fees-message")).toHaveTextContent("期限を停止しました（請求内容の確認待ち）。");
    expect(within(clock).getByTestId("clock-paused")).toHaveTextContent("期限停止中");
    await waitFor(() => expect(within(clock).getByTestId("clock-resume")).toHaveFocus());
    expect(within(clock).getByTestId("clock-due")).toHaveTextContent("2027/01/08");
    expect(within(clock).getByTestId("clock-paused-days")).toHaveTextContent("8日");
    const row = within(clock).getByTestId("clock-pause-row");
    expect(row).toHaveTextContent("請求内容の確認待ち");
    expect(row).toHaveTextContent("2026/12/03 〜 停止中");
    expect(row).toHaveTextContent("8日");
    expect(row).toHaveTextContent("請求の範囲を電話で確認中");

    await user.click(within(clock).getByTestId("clock-resume"));
    const resume = await screen.findByTestId("resume-form");
    expect(within(resume).getByTestId("resume-open-pause")).toHaveTextContent("請求内容の確認待ち（2026/12/03から停止中）");
    const to = within(resume).getByTestId("resume-to");
    await user.clear(to);
    await user.type(to, "2026-12-02");
    await user.click(within(resume).getByTestId("resume-save"));
    expect(await within(resume).findByTestId("error-to")).toHaveTextContent("再開日が停止日より前になっています。");
    await user.clear(to);
    await user.type(to, "2026-12-07{Enter}");
    await waitFor(() => expect(screen.queryByTestId("resume-dialog")).not.toBeInTheDocument());
    expect(h.callsOf("resume_clock")).toEqual([
      { caseId: 1, to: "2026-12-02" },
      { caseId: 1, to: "2026-12-07" },
    ]);
    expect(screen.getByTestId("fees-message")).toHaveTextContent("期限を再開しました。");
    expect(within(clock).queryByTestId("clock-paused")).not.toBeInTheDocument();
    expect(within(clock).getByTestId("clock-due")).toHaveTextContent("2027/01/04");
    expect(within(clock).getByTestId("clock-paused-days")).toHaveTextContent("4日");
    expect(within(clock).getByTestId("clock-pause-row")).toHaveTextContent("2026/12/03 〜 2026/12/074日");
    // Nothing about the fee changed.
    expect(h.callsOf("record_payment")).toEqual([]);
  });

  it("money orders over the fee (過払い, an expired 定額小為替), then a refund settles it; 全角 amounts", async () => {
    const { user, host: h } = await setup();
    const form = await openPaymentForm(user, "2026-12-05");
    await user.selectOptions(within(form).getByTestId("payment-method"), "money_order");
    await user.type(within(form).getByTestId("payment-mo-count"), "３");
    await user.selectOptions(within(form).getByTestId("payment-mo-face"), "500");
    await user.type(within(form).getByTestId("payment-mo-issued-on"), "2026-05-01");
    expect(within(form).getByTestId("payment-total")).toHaveTextContent("合計 1,500円");
    await user.click(within(form).getByTestId("payment-save"));
    await saved();
    expect(screen.getByTestId("fee-state")).toHaveTextContent("過払い 500円");
    expect(screen.getByTestId("fee-state")).toHaveClass("badge--warning");
    expect(screen.getByTestId("fee-payment-breakdown")).toHaveTextContent("500円×3枚");
    expect(screen.getByTestId("fee-payment-problems")).toHaveTextContent("定額小為替の発行日（令和8年5月1日）から6か月を過ぎています（令和8年11月1日まで）。");
    // Paid in full at once: the clock never stopped.
    expect(screen.queryByTestId("clock-paused")).not.toBeInTheDocument();

    const refund = await openPaymentForm(user, "2026-12-09");
    await user.click(within(refund).getByTestId("payment-direction-refund"));
    await user.selectOptions(within(refund).getByTestId("payment-method"), "cash_registered");
    await user.type(within(refund).getByTestId("payment-amount"), "５００");
    await user.type(within(refund).getByTestId("payment-note"), "過払い分を現金書留で返金");
    await user.click(within(refund).getByTestId("payment-save"));
    await saved();
    expect(h.callsOf("record_payment")[1]).toEqual({
      caseId: 1,
      payment: { ...blankPayment, direction: "refund", method: "cash_registered", receivedOn: "2026-12-09", amountYen: 500, note: "過払い分を現金書留で返金" },
    });
    expect(screen.getByTestId("fee-state")).toHaveTextContent("入金済");
    expect(screen.getByTestId("fee-refunded")).toHaveTextContent("500円");
    expect(screen.getByTestId("fees-message")).toHaveTextContent("返金・返却を記録しました（入金済）。");
    const rows = screen.getAllByTestId("fee-payment-row");
    expect(within(rows[1]!).getByTestId("fee-payment-direction")).toHaveTextContent("返金・返却");
    expect(within(rows[1]!).getByTestId("fee-payment-amount")).toHaveTextContent("−500円");

    // A bank transfer with the charge deducted: 全角 and commas accepted, the problem shown.
    const bank = await openPaymentForm(user, "2026-12-10");
    await user.selectOptions(within(bank).getByTestId("payment-method"), "bank_transfer");
    await user.type(within(bank).getByTestId("payment-amount"), "１，０００");
    await user.type(within(bank).getByTestId("payment-payer-kana"), "ミホン ハナコ");
    await user.click(within(bank).getByTestId("payment-bank-charge"));
    await user.click(within(bank).getByTestId("payment-save"));
    await saved();
    const last = (h.callsOf("record_payment")[2] as { payment: PaymentInput }).payment;
    expect(last).toMatchObject({ method: "bank_transfer", amountYen: 1000, payerKana: "ミホン ハナコ", bankChargeDeducted: true });
    expect(screen.getAllByTestId("fee-payment-problems").at(-1)).toHaveTextContent("振込手数料が差し引かれています。");
  });

  it("without a policy: no due date, and no fee", async () => {
    await setup({ expected: null, policy: false });
    const clock = await screen.findByTestId("clock-panel");
    expect(await within(clock).findByTestId("clock-due")).toHaveTextContent("ポリシーが設定されていないため、期限を計算できません。");
    expect(within(clock).queryByTestId("clock-days-left")).not.toBeInTheDocument();
    expect(await screen.findByTestId("fee-state")).toHaveTextContent("手数料なし");
    expect(screen.getByTestId("fee-state")).toHaveClass("badge--muted");
    expect(screen.getByTestId("fee-lines-empty")).toBeInTheDocument();
  });

  it("a fee the policy sets for a kind APPI 38条 does not allow is shown with its warning", async () => {
    await setup({
      input: sampleInput({ receivedOn: "2026-12-01", kinds: ["disclosure", "correction"] }),
      fees: [
        { kind: "disclosure", amountYen: 1000, per: "per_request", when: "with_request" },
        { kind: "correction", amountYen: 300, per: "per_kind", when: "with_request" },
      ],
    });
    const lines = await screen.findAllByTestId("fee-line");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveTextContent("開示（1回の請求につき）1,000円");
    expect(within(lines[0]!).queryByTestId("fee-line-warning")).not.toBeInTheDocument();
    expect(lines[1]).toHaveTextContent(/^訂正/);
    expect(lines[1]).toHaveTextContent(/300円$/);
    expect(within(lines[1]!).getByTestId("fee-line-warning")).toHaveTextContent(
      "個人情報保護法第38条第1項により、手数料を徴収できるのは利用目的の通知と開示（第三者提供記録の開示を含む）の請求に限られます。「訂正」に300円の手数料を定めています。",
    );
    expect(screen.getByTestId("fee-expected")).toHaveTextContent("1,300円");
  });

  it("a 38条 fee needs the 管理者's decision: an officer is told to ask; an admin waives it and the total drops", async () => {
    const input = sampleInput({ receivedOn: "2026-12-01", kinds: ["disclosure", "correction"] });
    const fees: PolicyBody["fees"] = [
      { kind: "disclosure", amountYen: 1000, per: "per_request", when: "with_request" },
      { kind: "correction", amountYen: 300, per: "per_kind", when: "with_request" },
    ];
    const first = await setup({ input, fees });
    const box = await screen.findByTestId("fee-decision-needed");
    await waitFor(() => expect(box).toHaveTextContent("管理者に判断を依頼してください。"));
    expect(within(box).queryByTestId("fee-decision-waive")).not.toBeInTheDocument();
    first.unmount();

    // The same case, a 管理者 at the PC.
    await host().call("lock");
    await signIn(host(), "admin");
    const { user, host: h } = renderOnHost(<FeesTab caseId={1} canDecide />, host());
    await user.click(await screen.findByTestId("fee-decision-waive"));
    await waitFor(() => expect(screen.getByTestId("fee-decision")).toHaveTextContent("法第38条で認められない手数料は請求しません。"));
    expect(h.callsOf("decide_fee_warning")).toEqual([{ caseId: 1, keep: false }]);
    expect(screen.getByTestId("fee-expected")).toHaveTextContent("1,000円");
    expect(screen.queryByTestId("fee-decision-needed")).not.toBeInTheDocument();
  });
});
