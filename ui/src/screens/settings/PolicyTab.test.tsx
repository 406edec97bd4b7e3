import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CaseInput, CaseView, PolicyBody, PolicyDetail, PolicySummary } from "../../backend/types";
import { writeTemp } from "../../test/files";
import { hostForFile, type Host } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { createCase, policyBody, sampleInput, signIn, type Who } from "../../test/seed";

const host = hostForFile();

/**
 * A store with no policy yet (or with `policies`, the first the default),
 * `who` signed in, the app open.
 */
async function app(who: Who, policies: Array<Partial<PolicyBody>> = []) {
  const h = host();
  await h.restore("bare");
  await signIn(h, "admin");
  for (const [i, over] of policies.entries()) {
    const saved = await h.call<PolicyDetail>("save_policy", { id: null, body: await policyBody(h, over), keepWarnings: true });
    if (i === 0) await h.call("set_default_policy", { id: saved.id });
  }
  if (who === "officer") {
    await h.call("lock");
    await signIn(h, "officer");
  }
  return renderAppOnHost(h);
}

const policies = (h: Host) => h.call<PolicySummary[]>("list_policies");

async function openPolicies(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-settings"));
  await user.click(await screen.findByTestId("settings-tab-policies"));
}

function saveCalls(h: Host) {
  return h.callsOf("save_policy") as Array<{ id: number | null; body: PolicyBody; keepWarnings: boolean }>;
}

function rows() {
  return within(screen.getByTestId("policy-list")).getAllByTestId("policy-row");
}

/** A fee for 削除 (APPI 38条 allows none) with a payment method, so only the warning stands in the way. */
async function addDeletionFee(user: UserEvent) {
  await user.click(screen.getByTestId("policy-fee-add"));
  await user.selectOptions(screen.getByTestId("policy-fee-kind-0"), "deletion");
  await user.type(screen.getByTestId("policy-fee-amount-0"), "１０００");
  await user.click(screen.getByTestId("policy-fee-method-add"));
  await user.selectOptions(screen.getByTestId("policy-fee-method-0"), "money_order");
}

describe("設定 › ポリシー", () => {
  it("explains what a policy is when there is none", async () => {
    const { user } = await app("admin");
    await openPolicies(user);
    const empty = await screen.findByTestId("policy-empty");
    expect(empty).toHaveTextContent("会社・サービスごとの手続き（受付経路、本人確認、代理人、手数料、回答期限、保存期間）");
    expect(screen.queryByTestId("policy-list")).not.toBeInTheDocument();
    expect(screen.getByTestId("policy-new")).toBeInTheDocument();
  });

  it("lists the profiles and creates one (全角 digits accepted), which gets a version history", async () => {
    const { user, host: h } = await app("admin", [{ name: "標準", channels: ["post", "email"] }]);
    await openPolicies(user);

    const [standard] = await within(await screen.findByTestId("policy-list")).findAllByTestId("policy-row");
    expect(standard).toHaveTextContent("標準");
    expect(within(standard!).getByTestId("policy-default-badge")).toHaveTextContent("既定");
    expect(standard).toHaveTextContent("第1版");
    expect(standard).toHaveTextContent("郵送、メール");

    await user.click(screen.getByTestId("policy-new"));
    const name = await screen.findByTestId("policy-name");
    expect(name).toHaveValue("");
    // The template from the core: 30 days, the default retention.
    expect(screen.getByTestId("policy-deadline-days")).toHaveValue("30");
    expect(screen.getByTestId("policy-retention-default")).toHaveTextContent("定めなし — 製品の既定（回答完了から1年）を適用");
    await user.type(name, "ECサイト");
    await user.click(screen.getByTestId("policy-channel-form"));
    const days = screen.getByTestId("policy-deadline-days");
    await user.clear(days);
    await user.type(days, "１４");
    await user.click(screen.getByTestId("policy-save"));

    expect(await screen.findByTestId("policy-saved")).toHaveTextContent("保存しました（第1版）。");
    const [call] = saveCalls(h);
    expect(call).toMatchObject({ id: null, keepWarnings: false });
    expect(call!.body).toMatchObject({ name: "ECサイト", channels: ["post", "email", "form"], deadline: { days: 14 } });
    expect(screen.getByTestId("policy-case-count")).toHaveTextContent("この方針で受け付けた案件: 0件");
    expect(within(screen.getByTestId("policy-versions")).getAllByTestId("policy-version-row")).toHaveLength(1);
    expect(screen.getByTestId("policy-versions")).toHaveTextContent("山田 太郎");

    // A second save of the same profile is version 2.
    await user.type(screen.getByTestId("policy-name"), "（会員）");
    await user.click(screen.getByTestId("policy-save"));
    expect(await screen.findByTestId("policy-saved")).toHaveTextContent("保存しました（第2版）。");
    expect(saveCalls(h)[1]).toMatchObject({ id: 2, body: { name: "ECサイト（会員）" } });
    expect(within(screen.getByTestId("policy-versions")).getAllByTestId("policy-version-row")).toHaveLength(2);

    await user.click(screen.getByTestId("policy-cancel"));
    await waitFor(() => expect(rows()).toHaveLength(2));
    const added = rows().find((r) => r.getAttribute("data-policy-id") === "2")!;
    expect(added).toHaveTextContent("ECサイト（会員）");
    expect(added).toHaveTextContent("第2版");
    expect(added).toHaveTextContent("郵送、メール、フォーム");
    expect(within(added).queryByTestId("policy-default-badge")).not.toBeInTheDocument();

    // 既定にする moves the badge.
    await user.click(within(added).getByTestId("policy-default"));
    expect(await screen.findByTestId("policy-notice")).toHaveTextContent("「ECサイト（会員）」を既定のポリシーにしました。");
    expect(h.callsOf("set_default_policy")).toEqual([{ id: 2 }]);
    expect(rows()[0]).toHaveAttribute("data-policy-id", "2");
    expect(within(rows()[0]!).getByTestId("policy-default-badge")).toHaveTextContent("既定");
    expect(within(rows()[1]!).queryByTestId("policy-default-badge")).not.toBeInTheDocument();
  });

  it("shows each refused field at its field and sums them up on top", async () => {
    const { user, host: h } = await app("admin");
    await openPolicies(user);
    await user.click(await screen.findByTestId("policy-new"));
    await screen.findByTestId("policy-name");
    // Not a number: refused here, nothing is sent.
    await user.clear(screen.getByTestId("policy-deadline-days"));
    await user.type(screen.getByTestId("policy-deadline-days"), "三十");
    await user.click(screen.getByTestId("policy-save"));
    expect(await screen.findByTestId("error-deadline.days")).toHaveTextContent("回答期限の日数は整数で入力してください。");
    expect(h.callsOf("save_policy")).toHaveLength(0);

    await user.clear(screen.getByTestId("policy-deadline-days"));
    await user.type(screen.getByTestId("policy-deadline-days"), "400");
    await user.click(screen.getByTestId("policy-fee-method-add"));
    await user.selectOptions(screen.getByTestId("policy-fee-method-0"), "bank_transfer");
    await user.click(screen.getByTestId("policy-save"));

    expect(await screen.findByTestId("error-name")).toHaveTextContent("ポリシーの名前を入力してください。");
    expect(screen.getByTestId("policy-name")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("policy-name")).toHaveFocus();
    expect(screen.getByTestId("error-deadline.days")).toHaveTextContent("回答期限は1〜365日で指定してください。");
    expect(screen.getByTestId("error-feeMethods.0.instructions")).toHaveTextContent("銀行振込の場合は、案内する振込先を入力してください。");
    expect(screen.getByTestId("policy-fee-instructions-0")).toHaveAttribute("aria-invalid", "true");
    const summary = screen.getByTestId("policy-error");
    expect(summary).toHaveTextContent("支払方法（1行目）: 銀行振込の場合は、案内する振込先を入力してください。");
    expect(summary).toHaveTextContent("回答期限: 回答期限は1〜365日で指定してください。");
    expect(saveCalls(h)[0]!.body.deadline.days).toBe(400);

    await user.type(screen.getByTestId("policy-name"), "標準");
    await user.clear(screen.getByTestId("policy-deadline-days"));
    await user.type(screen.getByTestId("policy-deadline-days"), "30");
    await user.type(screen.getByTestId("policy-fee-instructions-0"), "○○銀行 本店 普通 1234567 カ）サンプル");
    await user.click(screen.getByTestId("policy-save"));
    expect(await screen.findByTestId("policy-saved")).toHaveTextContent("保存しました（第1版）。");
    expect(screen.queryByTestId("policy-error")).not.toBeInTheDocument();
    expect(await policies(h)).toHaveLength(1);
  });

  it("warns about a fee APPI 38条 does not allow while editing; the 管理者 may keep it, and it is recorded", async () => {
    const { user, host: h } = await app("admin");
    await openPolicies(user);
    await user.click(await screen.findByTestId("policy-new"));
    await user.type(await screen.findByTestId("policy-name"), "削除手数料あり");
    expect(screen.queryByTestId("policy-warnings")).not.toBeInTheDocument();

    await addDeletionFee(user);
    const live = await screen.findByTestId("policy-warnings");
    expect(live).toHaveTextContent("個人情報保護法第38条");
    expect(live).toHaveTextContent("「削除」に1,000円の手数料を定めています（個人情報保護法第38条第1項の対象外）。");
    expect(live.closest('[role="status"]')).not.toBeNull();
    expect(screen.getByTestId("policy-fee-kind-0")).toHaveAccessibleDescription(/個人情報保護法第38条/);
    expect(h.callsOf("lint_policy").length).toBeGreaterThan(0);

    // 戻って修正: nothing is saved.
    await user.click(screen.getByTestId("policy-save"));
    let dialog = await screen.findByRole("dialog", { name: "個人情報保護法に関する警告があります" });
    expect(dialog).toHaveTextContent("管理者の判断で、このまま保存できます。保存した判断は監査ログに記録されます。");
    expect(dialog).toHaveTextContent("「削除」に1,000円の手数料を定めています（個人情報保護法第38条第1項の対象外）。");
    await user.click(within(dialog).getByTestId("policy-warnings-back"));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("policy-fee-kind-0")).toHaveFocus());
    expect(await policies(h)).toHaveLength(0);
    expect(screen.queryByTestId("policy-error")).not.toBeInTheDocument();

    // 警告を承知して保存: saved with keepWarnings.
    await user.click(screen.getByTestId("policy-save"));
    dialog = await screen.findByRole("dialog", { name: "個人情報保護法に関する警告があります" });
    await user.click(within(dialog).getByTestId("policy-keep-warnings"));
    expect(await screen.findByTestId("policy-saved")).toHaveTextContent("保存しました（第1版）。");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(saveCalls(h).map((c) => c.keepWarnings)).toEqual([false, false, true]);
    expect(saveCalls(h)[2]!.body.fees).toEqual([{ kind: "deletion", amountYen: 1000, per: "per_request", when: "with_request" }]);
    expect(screen.getByTestId("policy-versions")).toHaveTextContent("警告を承知のうえ保存");

    // Back to 開示: the warning goes away.
    await user.selectOptions(screen.getByTestId("policy-fee-kind-0"), "disclosure");
    await waitFor(() => expect(screen.queryByTestId("policy-warnings")).not.toBeInTheDocument());
  });

  it("asks before leaving the editor with unsaved changes", async () => {
    const { user, host: h } = await app("admin", [{ name: "標準" }]);
    await openPolicies(user);
    await user.click(await screen.findByTestId("policy-edit"));
    const name = await screen.findByTestId("policy-name");
    await user.type(name, "（改）");
    await user.click(screen.getByTestId("policy-cancel"));
    const dialog = await screen.findByRole("dialog", { name: "保存していない変更があります" });
    await user.click(within(dialog).getByTestId("policy-discard-cancel"));
    expect(name).toHaveValue("標準（改）");

    await user.click(screen.getByTestId("policy-cancel"));
    await user.click(within(await screen.findByRole("dialog")).getByTestId("policy-discard-confirm"));
    expect(await screen.findByTestId("policy-list")).toHaveTextContent("標準");
    expect(h.callsOf("save_policy")).toHaveLength(0);
    expect((await h.call<PolicyDetail>("get_policy", { id: 1 })).versions).toHaveLength(1);
  });

  it("is read-only for an officer", async () => {
    const { user, host: h } = await app("officer", [{ name: "標準" }]);
    await openPolicies(user);
    const [row] = await within(await screen.findByTestId("policy-list")).findAllByTestId("policy-row");
    expect(screen.queryByTestId("policy-new")).not.toBeInTheDocument();
    expect(screen.queryByTestId("policy-import")).not.toBeInTheDocument();
    expect(within(row!).queryByTestId("policy-default")).not.toBeInTheDocument();
    expect(within(row!).getByTestId("policy-export")).toBeInTheDocument();
    const view = within(row!).getByTestId("policy-edit");
    expect(view).toHaveTextContent("表示");

    await user.click(view);
    expect(await screen.findByTestId("policy-read-only")).toHaveTextContent("ポリシーの変更は管理者のみ行えます。");
    expect(screen.getByTestId("policy-name")).toHaveValue("標準");
    expect(screen.getByTestId("policy-name")).toBeDisabled();
    expect(screen.getByTestId("policy-channel-post")).toBeDisabled();
    expect(screen.queryByTestId("policy-save")).not.toBeInTheDocument();
    expect(screen.queryByTestId("policy-fee-add")).not.toBeInTheDocument();
    expect(h.callsOf("lint_policy")).toHaveLength(0);
    expect(h.callsOf("save_policy")).toHaveLength(0);
  });

  it("imports: a refused file shows the core's message; a cancelled dialog does nothing; warnings are confirmed", async () => {
    const { user, host: h } = await app("admin");
    await openPolicies(user);
    await screen.findByTestId("policy-empty");

    // A file broken on its third line.
    await h.call("host.pick", { paths: [writeTemp("壊れた.json", '{\n  "format": "madoguchi-policy",\n  "version": 1,,\n}\n')] });
    await user.click(screen.getByTestId("policy-import"));
    expect(await screen.findByTestId("policy-import-error")).toHaveTextContent("ファイルをJSONとして読めません（3行目）。");

    // Cancelled: no error, no notice, nothing stored.
    await h.call("host.pick", { paths: [] });
    await user.click(screen.getByTestId("policy-import"));
    await waitFor(() => expect(h.callsOf("import_policy")).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId("policy-import-error")).not.toBeInTheDocument());
    expect(screen.queryByTestId("policy-notice")).not.toBeInTheDocument();
    expect(await policies(h)).toHaveLength(0);

    // With a warning: confirmed, then imported with keepWarnings.
    const body = await policyBody(h, {
      name: "取り込み用",
      fees: [{ kind: "suspension", amountYen: 500, per: "per_request", when: "after_acceptance" }],
      feeMethods: [{ method: "stamps", instructions: "" }],
    });
    const file = writeTemp("取り込み用.json", JSON.stringify({ format: "madoguchi-policy", version: 1, policy: body }, null, 2));
    await h.call("host.pick", { paths: [file] });
    await user.click(screen.getByTestId("policy-import"));
    const dialog = await screen.findByRole("dialog", { name: "個人情報保護法に関する警告があります" });
    expect(dialog).toHaveTextContent("「利用停止」に500円の手数料を定めています（個人情報保護法第38条第1項の対象外）。");
    await user.click(within(dialog).getByTestId("policy-keep-warnings"));
    expect(await screen.findByTestId("policy-notice")).toHaveTextContent("「取り込み用」を取り込みました（第1版）。");
    expect(h.callsOf("import_policy")).toEqual([{ keepWarnings: false }, { keepWarnings: false }, { keepWarnings: false }, { keepWarnings: true }]);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect((await h.call<PolicyDetail>("get_policy", { id: 1 })).versions[0]!.warningsKept).toBe(true);
  });

  it("exports a profile", async () => {
    const { user, host: h } = await app("admin", [{ name: "標準" }]);
    const dir = writeTemp("書き出し先", "").replace(/書き出し先$/, "");
    await h.call("host.save_dir", { dir });
    await openPolicies(user);
    const [row] = await within(await screen.findByTestId("policy-list")).findAllByTestId("policy-row");
    await user.click(within(row!).getByTestId("policy-export"));
    expect(await screen.findByTestId("policy-notice")).toHaveTextContent("「標準」（第1版）を書き出しました。");
    expect(h.callsOf("export_policy")).toEqual([{ id: 1 }]);
  });
});

describe("案件のポリシー", () => {
  /** 標準 (the default) and ECサイト; `cases` registered; `as` at the PC. */
  async function twoPolicies(as: Who, cases: CaseInput[] = []) {
    const h = host();
    await h.restore("bare");
    await signIn(h, "admin");
    const first = await h.call<PolicyDetail>("save_policy", { id: null, body: await policyBody(h, { name: "標準" }), keepWarnings: true });
    await h.call("set_default_policy", { id: first.id });
    await h.call("save_policy", { id: null, body: await policyBody(h, { name: "ECサイト" }), keepWarnings: true });
    for (const c of cases) await createCase(h, c);
    await h.call("lock");
    await signIn(h, as);
    return renderAppOnHost(h);
  }

  it("a new case follows the default unless another policy is picked", async () => {
    const { user, host: h } = await twoPolicies("officer");
    await user.click(await screen.findByTestId("nav-intake"));
    await waitFor(() => expect(screen.getByTestId("case-received-on")).toHaveValue("2026-12-10"));
    const select = await screen.findByTestId("case-policy");
    await waitFor(() => expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["既定のポリシー（標準）", "標準", "ECサイト"]));
    expect(select).toHaveValue("");
    expect(screen.getByLabelText("ポリシー")).toBe(select);

    await user.selectOptions(select, "2");
    await user.type(screen.getByTestId("case-name"), "見本 花子");
    await user.click(screen.getByTestId("case-kind-disclosure"));
    await user.click(screen.getByTestId("case-save"));
    await screen.findByTestId("case-saved");
    const [call] = h.callsOf("create_case") as Array<{ input: CaseInput }>;
    expect(call!.input.policyId).toBe(2);
  });

  it("a saved case shows its policy, and the form sends a change", async () => {
    const { user, host: h } = await twoPolicies("officer", [sampleInput({ receivedOn: "2026-12-01", policyId: 2 })]);
    await user.click(await screen.findByTestId("nav-cases"));
    await user.click(await screen.findByTestId("case-row-2026-0001"));
    await user.click(await screen.findByTestId("case-edit"));
    const select = await screen.findByTestId("case-policy");
    await waitFor(() => expect(select).toHaveValue("2"));
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["ポリシーなし", "標準", "ECサイト"]);
    await user.selectOptions(select, "1");
    await user.click(screen.getByTestId("case-save"));
    await waitFor(() => expect(h.callsOf("update_case")).toHaveLength(1));
    expect((h.callsOf("update_case")[0] as { input: CaseInput }).input.policyId).toBe(1);
    await waitFor(async () => expect((await h.call<CaseView>("get_case", { id: 1 })).input.policyId).toBe(1));
  });
});
