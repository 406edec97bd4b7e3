import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { CaseDecisions, CaseInput } from "../../backend/types";
import { seedCases } from "../../test/cases";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost, renderOnHost } from "../../test/render";
import { createCase, policyBody, sampleInput, savePolicy, signIn, type Who } from "../../test/seed";
import { DecisionsTab } from "./DecisionsTab";

/** A second 管理者: a decision is never approved by who made it. */
const APPROVER = { username: "shonin", displayName: "見本 承認者", password: "shonin-pass-2026", role: "admin" as const };

const host = hostForFile(async (h) => {
  await signIn(h, "admin");
  await h.call("add_user", { request: APPROVER });
});

// A 開示 request under investigation (S2-a of decisions.rs's tests).
const CASE = sampleInput({ receivedOn: "2026-12-01", channel: "email", requester: { name: "見本 花子" }, kinds: ["disclosure"] });

const REASONS = "社内の不正調査に関する記録は、開示すると調査の適正な実施に著しい支障を及ぼすおそれがあるため";
const GROUND_33_2_2 = "法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）";

/** Case 1 under investigation, `as` signed in, the whole app. */
async function app(as: Who, input: CaseInput = CASE) {
  await seedCases(host(), [{ input, status: "investigating" }], as);
  return renderAppOnHost(host());
}

const decisionsOf = (h: Host) => h.call<CaseDecisions>("get_decisions", { caseId: 1 });

async function openDecisions(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-cases"));
  await user.click(await screen.findByTestId("case-row-2026-0001"));
  await screen.findByTestId("case-receipt-no");
  await user.click(screen.getByTestId("case-tab-decisions"));
  return screen.findByTestId("decisions-tab");
}

const card = (kind: string) => screen.getAllByTestId("decision-card").find((c) => c.dataset.kind === kind)!;

/** 一部開示 under 法第33条第2項第2号, with reasons and the part withheld. */
async function decidePartial(user: UserEvent) {
  const c = card("disclosure");
  await user.click(within(c).getByTestId("decision-outcome-partial_disclosure"));
  await user.selectOptions(within(c).getByTestId("decision-ground"), "appi_33_2_2");
  await user.type(within(c).getByTestId("decision-reasons"), REASONS);
  await user.type(within(c).getByTestId("decision-detail"), "不正調査に関する記録（2026年11月分）");
  await user.click(within(c).getByTestId("decision-save"));
  await waitFor(() => expect(within(card("disclosure")).getByTestId("decision-current-outcome")).toHaveTextContent("一部開示"));
}

async function signInAs(user: UserEvent, u: { username: string; password: string }) {
  await user.click(screen.getByTestId("lock-button"));
  await user.type(await screen.findByTestId("login-username"), u.username);
  await user.type(screen.getByTestId("login-password"), u.password);
  await user.click(screen.getByTestId("login-submit"));
  await screen.findByTestId("sidebar");
}

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

describe("調査・決定", () => {
  it("records what was searched and found, with its errors at the field", async () => {
    const { user, host: f } = await app("officer");
    await openDecisions(user);
    const section = screen.getByTestId("investigation");
    expect(within(section).getByTestId("investigation-empty")).toHaveTextContent("調査の記録はまだありません。");

    // Nothing searched: refused at the field.
    await user.type(within(section).getByTestId("investigation-found"), "登録情報");
    await user.click(within(section).getByTestId("investigation-add"));
    expect(await within(section).findByTestId("error-searched")).toHaveTextContent("調査した対象（システム・台帳・書類など）を入力してください。");
    expect((await decisionsOf(f)).notes).toHaveLength(0);

    // Enter in 結果 makes a new line and never records.
    fireEvent.keyDown(within(section).getByTestId("investigation-found"), { key: "Enter", keyCode: 13 });
    expect(f.callsOf("add_investigation_note")).toHaveLength(1);

    await user.type(within(section).getByTestId("investigation-searched"), "会員データベース、社内調査記録");
    await user.click(within(section).getByTestId("investigation-add"));
    const note = await within(section).findByTestId("investigation-note");
    expect(note).toHaveTextContent("会員データベース、社内調査記録");
    expect(note).toHaveTextContent("登録情報");
    expect(note).toHaveTextContent("佐藤 花子");
    expect(note).toHaveTextContent("2026/12/10");
    expect(within(section).getByTestId("investigation-searched")).toHaveValue("");
    expect(within(section).getByTestId("investigation-searched")).toHaveFocus();
    expect((await decisionsOf(f)).notes).toEqual([expect.objectContaining({ searched: "会員データベース、社内調査記録", found: "登録情報", by: "佐藤 花子" })]);
    expect(screen.getByTestId("decisions-message")).toHaveTextContent("調査を記録しました。");

    await user.click(screen.getByTestId("case-tab-history"));
    await waitFor(() => expect(screen.getByTestId("case-timeline")).toHaveTextContent("調査を記録"));
  });

  it("an officer's 一部開示 needs a ground, reasons and the part withheld; then a 管理者's approval", async () => {
    const { user, host: f } = await app("officer");
    await openDecisions(user);
    expect(screen.getByTestId("decisions-summary")).toHaveTextContent("決定済み 0/1");
    expect(screen.getByTestId("decisions-summary")).not.toHaveTextContent("承認");
    const c = card("disclosure");
    expect(within(c).getByTestId("decision-undecided")).toHaveTextContent("未決定");
    // The outcomes of 開示, with the core's labels, and nothing else until one is chosen.
    expect(within(within(c).getByTestId("decision-outcome")).getAllByRole("radio").map((r) => (r as HTMLInputElement).value)).toEqual([
      "full_disclosure",
      "partial_disclosure",
      "non_disclosure",
      "no_data",
    ]);
    expect(within(c).getByTestId("decision-outcome")).toHaveTextContent("全部開示一部開示不開示保有個人データなし");
    expect(within(c).queryByTestId("decision-ground")).not.toBeInTheDocument();
    expect(within(c).queryByTestId("decision-reasons")).not.toBeInTheDocument();

    // Full compliance: no ground, no reasons.
    await user.click(within(c).getByTestId("decision-outcome-full_disclosure"));
    expect(within(c).queryByTestId("decision-ground")).not.toBeInTheDocument();
    expect(within(c).queryByTestId("decision-reasons")).not.toBeInTheDocument();
    expect(within(c).getByLabelText("開示する内容")).toBe(within(c).getByTestId("decision-detail"));

    // 一部開示 without ground, reasons or detail: refused at each field, nothing saved.
    await user.click(within(c).getByTestId("decision-outcome-partial_disclosure"));
    const grounds = within(c).getByTestId("decision-ground");
    expect([...(grounds as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      "",
      "appi_33_2_1",
      "appi_33_2_2",
      "appi_33_2_3",
      "no_personal_data",
      "identity_not_verified",
    ]);
    expect(within(c).getByLabelText(/開示しない部分/)).toBe(within(c).getByTestId("decision-detail"));
    expect(within(c).getByTestId("decision-reasons")).toHaveAccessibleDescription(/法第36条/);
    // Enter in the reasons makes a new line: nothing is sent.
    fireEvent.keyDown(within(c).getByTestId("decision-reasons"), { key: "Enter", keyCode: 13 });
    expect(f.callsOf("record_decision")).toHaveLength(0);
    await user.click(within(c).getByTestId("decision-save"));
    expect(await within(c).findByTestId("error-legalGround")).toHaveTextContent("応じない理由となる法的根拠を選んでください。");
    expect(within(c).getByTestId("error-reasons")).toHaveTextContent("本人に説明する理由を10文字以上で入力してください（法第36条により、理由の説明に努めなければなりません）。");
    expect(within(c).getByTestId("error-detail")).toHaveTextContent("開示しない部分・実施した内容・代替措置の内容を入力してください。");
    expect(within(c).getByTestId("decision-reasons")).toHaveAttribute("aria-invalid", "true");
    expect((await decisionsOf(f)).decisions.filter((d) => d.decision)).toHaveLength(0);
    expect(within(c).getByTestId("decision-undecided")).toBeInTheDocument();

    // With all three: saved.
    await decidePartial(user);
    const saved = card("disclosure");
    expect(within(saved).getByTestId("decision-current-ground")).toHaveTextContent(GROUND_33_2_2);
    expect(within(saved).getByTestId("decision-current-reasons")).toHaveTextContent(REASONS);
    expect(within(saved).getByTestId("decision-current-detail")).toHaveTextContent("不正調査に関する記録（2026年11月分）");
    expect(within(saved).getByTestId("decision-current-by")).toHaveTextContent("佐藤 花子");
    expect(within(saved).queryByTestId("decision-form")).not.toBeInTheDocument();
    expect(within(saved).getByTestId("decision-edit")).toHaveFocus();
    expect(f.callsOf("record_decision").at(-1)).toEqual({
      caseId: 1,
      decision: { kind: "disclosure", outcome: "partial_disclosure", legalGround: "appi_33_2_2", reasons: REASONS, detail: "不正調査に関する記録（2026年11月分）", feeCount: null },
    });
    expect(screen.getByTestId("decisions-summary")).toHaveTextContent("決定済み 1/1");
    expect(screen.getByTestId("decisions-approval-state")).toHaveTextContent("承認が必要");
    expect(screen.getByTestId("approval-reasons")).toHaveTextContent("開示: 一部開示");
    expect(screen.getByTestId("approval-rule")).toHaveTextContent("決定した本人は承認できません。");

    // Straight to 回答準備 is refused; 承認待ち is allowed. An officer only waits.
    await user.click(screen.getByTestId("case-move-preparing_reply"));
    expect(await screen.findByTestId("case-move-error")).toHaveTextContent("管理者の承認が必要です（開示: 一部開示）。「承認待ち」にしてください。");
    expect(screen.getByTestId("case-status")).toHaveTextContent("調査中");
    await user.click(screen.getByTestId("case-move-awaiting_approval"));
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("承認待ち"));
    expect(await screen.findByTestId("approval-waiting")).toHaveTextContent("管理者の承認を待っています。");
    expect(screen.queryByTestId("approval-approve")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("case-tab-history"));
    await waitFor(() => expect(screen.getByTestId("case-timeline")).toHaveTextContent("決定を記録: 開示 → 一部開示"));
  });

  it("the 管理者 who decided cannot approve; another one approves and the case goes on to 回答準備", async () => {
    const { user, host: f } = await app("admin");
    await openDecisions(user);
    await decidePartial(user);
    await user.click(screen.getByTestId("case-move-awaiting_approval"));
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("承認待ち"));

    await user.click(await screen.findByTestId("approval-approve"));
    expect(await screen.findByTestId("approval-error")).toHaveTextContent("自分が行った決定は承認できません。別の管理者に承認を依頼してください。");
    expect(screen.getByTestId("case-status")).toHaveTextContent("承認待ち");
    expect((await decisionsOf(f)).approval).toBeNull();

    await signInAs(user, APPROVER);
    await openDecisions(user);
    await user.type(screen.getByTestId("approval-note"), "根拠・理由とも妥当");
    await user.click(screen.getByTestId("approval-approve"));
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("回答準備"));
    expect(screen.getByTestId("decisions-approval-state")).toHaveTextContent("承認済み");
    expect(screen.getByTestId("decisions-message")).toHaveTextContent("決定を承認しました。");
    expect(screen.getByTestId("approval-state")).toHaveTextContent("現在の決定は承認済みです。");
    const record = screen.getByTestId("approval-record");
    expect(within(record).getByTestId("approval-record-outcome")).toHaveTextContent("承認");
    expect(record).toHaveTextContent("見本 承認者");
    expect(record).toHaveTextContent("根拠・理由とも妥当");
    expect(screen.queryByTestId("approval-approve")).not.toBeInTheDocument();
    expect(f.callsOf("review_decisions").at(-1)).toEqual({ caseId: 1, approve: true, note: "根拠・理由とも妥当" });

    await user.click(screen.getByTestId("case-tab-history"));
    await waitFor(() => expect(screen.getByTestId("case-timeline")).toHaveTextContent("管理者が決定を承認"));
    expect(screen.getByTestId("case-timeline")).toHaveTextContent("状態を変更: 承認待ち → 回答準備");
  });

  it("sending back needs a note; the case goes back to 調査中 and a changed decision needs approval again", async () => {
    // Decided by the first 管理者 and waiting for approval; the second one at the PC.
    const h = host();
    await signIn(h, "admin");
    await createCase(h, CASE);
    await h.call("set_case_status", { id: 1, status: "investigating", reason: "" });
    await h.call("record_decision", {
      caseId: 1,
      decision: { kind: "disclosure", outcome: "non_disclosure", legalGround: "appi_33_2_1", reasons: REASONS, detail: "" },
    });
    await h.call("set_case_status", { id: 1, status: "awaiting_approval", reason: "" });
    await h.call("lock");
    await h.call("unlock", { request: { username: APPROVER.username, password: APPROVER.password } });
    const { user } = renderAppOnHost(h);
    await openDecisions(user);

    await user.click(await screen.findByTestId("approval-send-back"));
    expect(await screen.findByTestId("error-note")).toHaveTextContent("差し戻す理由を入力してください。");
    expect(screen.getByTestId("approval-note")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("case-status")).toHaveTextContent("承認待ち");

    await user.type(screen.getByTestId("approval-note"), "不開示ではなく一部開示を検討してください");
    await user.click(screen.getByTestId("approval-send-back"));
    await waitFor(() => expect(screen.getByTestId("case-status")).toHaveTextContent("調査中"));
    expect(screen.getByTestId("decisions-message")).toHaveTextContent("決定を差し戻しました。");
    expect(within(screen.getByTestId("approval-record")).getByTestId("approval-record-outcome")).toHaveTextContent("差戻し");
    expect(screen.getByTestId("approval-record")).toHaveTextContent("不開示ではなく一部開示を検討してください");
    expect(screen.getByTestId("decisions-approval-state")).toHaveTextContent("承認が必要");

    // The approver changes the decision: now theirs, so the first 管理者 must approve it.
    await user.click(within(card("disclosure")).getByTestId("decision-edit"));
    const c = card("disclosure");
    expect(within(c).getByTestId("decision-outcome-non_disclosure")).toHaveFocus();
    expect(within(c).getByTestId("decision-ground")).toHaveValue("appi_33_2_1");
    await user.click(within(c).getByTestId("decision-outcome-partial_disclosure"));
    await user.type(within(c).getByTestId("decision-detail"), "不正調査に関する記録");
    await user.click(within(c).getByTestId("decision-save"));
    await waitFor(() => expect(within(card("disclosure")).getByTestId("decision-current-outcome")).toHaveTextContent("一部開示"));
    expect(within(card("disclosure")).getByTestId("decision-current-by")).toHaveTextContent("見本 承認者");

    // The case (its timeline) is read again after the save: wait for it.
    await user.click(screen.getByTestId("case-tab-history"));
    await waitFor(() => expect(screen.getByTestId("case-timeline")).toHaveTextContent("決定を記録: 開示 → 一部開示"));
    expect(screen.getByTestId("case-timeline")).toHaveTextContent("管理者が決定を差戻し（理由: 不開示ではなく一部開示を検討してください）");
  });

  it("lists the outcomes and grounds of each requested kind; 特定個人情報 needs approval where the policy says", async () => {
    await signIn(host(), "admin");
    await savePolicy(host(), await policyBody(host(), { name: "承認あり", specificInfoApproval: true }));
    await seedCases(host(), [
      {
        input: sampleInput({ receivedOn: "2026-12-01", channel: "post", kinds: ["correction", "suspension"], specificPersonalInfo: true }),
        status: "investigating",
      },
    ]);
    const { user, host: f } = renderOnHost(<DecisionsTab caseId={1} status="investigating" canReview={false} />, host());
    await screen.findByTestId("decisions-tab");
    expect(screen.getAllByTestId("decision-card").map((c) => c.dataset.kind)).toEqual(["correction", "suspension"]);
    expect(within(card("correction")).getByTestId("decision-outcome")).toHaveTextContent("実施一部実施実施しない");
    expect(within(card("suspension")).getByTestId("decision-outcome")).toHaveTextContent("実施実施しない代替措置");
    expect(screen.getByTestId("approval-reasons")).toHaveTextContent("特定個人情報を含む案件");

    // 訂正: done, with what was corrected.
    const correction = card("correction");
    await user.click(within(correction).getByTestId("decision-outcome-done"));
    expect(within(correction).getByLabelText("訂正した内容")).toBe(within(correction).getByTestId("decision-detail"));
    await user.type(within(correction).getByTestId("decision-detail"), "住所を訂正しました。");
    await user.click(within(correction).getByTestId("decision-save"));
    await waitFor(() => expect(screen.getByTestId("decisions-summary")).toHaveTextContent("決定済み 1/2"));

    // 利用停止: 代替措置 under 法第35条第2項.
    const suspension = card("suspension");
    await user.click(within(suspension).getByTestId("decision-outcome-alternative"));
    expect([...(within(suspension).getByTestId("decision-ground") as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      "",
      "appi_35",
      "appi_35_cost",
      "no_personal_data",
      "identity_not_verified",
    ]);
    expect(within(suspension).getByLabelText(/代替措置の内容/)).toBe(within(suspension).getByTestId("decision-detail"));
    await user.selectOptions(within(suspension).getByTestId("decision-ground"), "appi_35_cost");
    await user.type(within(suspension).getByTestId("decision-reasons"), "全件の利用停止には多額の費用を要するため、配信停止で代替します");
    await user.type(within(suspension).getByTestId("decision-detail"), "配信停止の設定");
    await user.click(within(suspension).getByTestId("decision-save"));
    await waitFor(() => expect(screen.getByTestId("decisions-summary")).toHaveTextContent("決定済み 2/2"));
    expect(screen.getByTestId("decisions-summary")).toHaveTextContent("承認が必要");
    expect(screen.getByTestId("approval-reasons")).toHaveTextContent("利用停止: 代替措置");
    expect(within(card("suspension")).getByTestId("decision-current-ground")).toHaveTextContent("法第35条第2項・第4項ただし書");
    expect((await decisionsOf(f)).decisions.map((d) => d.decision?.input.outcome)).toEqual(["done", "alternative"]);
  });

  it("asks for the count disclosed where the policy charges per document, and says a bad one at the field", async () => {
    // 開示 at 300円 per document, asked after the decision; 特定個人情報 without the approval rule.
    await signIn(host(), "admin");
    const base = await policyBody(host());
    await savePolicy(host(), { ...base, name: "書類1件300円", fees: [{ kind: "disclosure", amountYen: 300, per: "per_document", when: "after_decision" }], feeMethods: [{ method: "bank_transfer", instructions: "見本銀行 本店 普通 0000000" }] });
    await seedCases(host(), [{ input: { ...CASE, specificPersonalInfo: true }, status: "investigating" }]);
    const { user, host: f } = renderOnHost(<DecisionsTab caseId={1} status="investigating" canReview={false} />, host());
    await screen.findByTestId("decisions-tab");
    const c = card("disclosure");
    // Nothing disclosed asks for no count.
    await user.click(within(c).getByTestId("decision-outcome-non_disclosure"));
    expect(within(c).queryByTestId("decision-fee-count")).not.toBeInTheDocument();
    await user.click(within(c).getByTestId("decision-outcome-full_disclosure"));
    const count = within(c).getByLabelText(/開示する書類の件数/);
    expect(count).toBe(within(c).getByTestId("decision-fee-count"));
    expect(within(c).getByText("手数料は1件につき300円です。決定の後に手数料をご案内します。")).toBeInTheDocument();
    // Left empty: the core's message at the field, nothing recorded.
    await user.click(within(c).getByTestId("decision-save"));
    expect(await within(c).findByTestId("error-feeCount")).toHaveTextContent("開示する書類の件数を1以上の数で入力してください（手数料は1件につき300円）。");
    expect((await decisionsOf(f)).decisions[0]!.decision).toBeNull();
    // 全角 digits as an IME types them.
    await user.type(count, "３");
    await user.click(within(c).getByTestId("decision-save"));
    await waitFor(() => expect(within(card("disclosure")).getByTestId("decision-current-fee-count")).toHaveTextContent("3件"));
    expect((await decisionsOf(f)).decisions[0]!.decision?.input.feeCount).toBe(3);
    // The policy does not ask for the 特定個人情報 approval: a full disclosure needs none.
    expect(screen.queryByTestId("approval-reasons")).not.toBeInTheDocument();
    const ledger = await f.call<{ expectedYen: number; lines: { label: string }[]; state: string }>("get_fee_ledger", { caseId: 1 });
    expect([ledger.expectedYen, ledger.lines[0]!.label, ledger.state]).toEqual([900, "開示（1件につき300円×3件）", "due"]);
  });
});
