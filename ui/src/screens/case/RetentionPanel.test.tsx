import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { ErrorCode } from "../../backend/errors";
import { seedReplied } from "../../test/cases";
import { hostForFile } from "../../test/host";
import { renderAppOnHost, renderOnHost } from "../../test/render";
import { createCase, policyBody, sampleInput, savePolicy, signIn, type Who } from "../../test/seed";
import { RetentionPanel } from "./RetentionPanel";

const host = hostForFile();

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const OPEN = sampleInput({ receivedOn: "2026-12-01", channel: "email", requester: { name: "見本 花子" } });

/** Case 1, answered on `repliedOn` and 完了 (open when `repliedOn` is null), then `who` at the PC. */
async function seed(who: Who, repliedOn: string | null = "2026-12-10") {
  const h = host();
  if (repliedOn) {
    await seedReplied(h, OPEN, repliedOn);
  } else {
    await signIn(h, "admin");
    await createCase(h, OPEN);
  }
  await h.call("lock");
  await signIn(h, who);
  return h;
}

function panel(canRelease: boolean) {
  const onCaseChanged = vi.fn();
  const utils = renderOnHost(<RetentionPanel caseId={1} canRelease={canRelease} onCaseChanged={onCaseChanged} />, host());
  return { ...utils, onCaseChanged };
}

describe("保存期間", () => {
  it("shows the rules (既定) and that the day is set once the reply is complete", async () => {
    await seed("officer", null);
    panel(false);
    const rules = await screen.findByTestId("retention-rules");
    expect(rules).toHaveTextContent("請求書類・本人確認書類：回答完了から1年");
    expect(rules).toHaveTextContent("案件の記録：回答完了から1年");
    expect(rules).toHaveTextContent("（既定）");
    expect(screen.getByTestId("retention-date")).toHaveTextContent("回答完了後に決まります");
    expect(screen.getByTestId("retention-hold")).toHaveTextContent("なし");
    expect(screen.queryByTestId("retention-documents-date")).not.toBeInTheDocument();
  });

  it("a case answered on 2026-12-10 may be disposed of from 2027-12-11 (the period runs through its last day)", async () => {
    await seed("officer", "2026-12-10");
    panel(false);
    await waitFor(() => expect(screen.getByTestId("retention-date")).toHaveTextContent("2027/12/11"));
    expect(screen.getByTestId("retention-date")).toHaveTextContent("令和9年12月11日");
  });

  it("request documents kept for less time than the case have their own day", async () => {
    // The policy keeps request documents 6 months and the case 3 years.
    await signIn(host(), "admin");
    await savePolicy(
      host(),
      await policyBody(host(), {
        name: "保存期間ポリシー",
        retention: [
          { record: "request_documents", years: 0, months: 6, after: "reply_completed" },
          { record: "case_record", years: 3, months: 0, after: "reply_completed" },
        ],
      }),
    );
    await seed("officer", "2026-12-10");
    panel(false);
    await waitFor(() => expect(screen.getByTestId("retention-date")).toHaveTextContent("2029/12/11"));
    expect(screen.getByTestId("retention-documents-date")).toHaveTextContent("2027/06/11");
    expect(screen.getByTestId("retention-rules")).toHaveTextContent("請求書類・本人確認書類：回答完了から6か月");
    expect(screen.getByTestId("retention-rules")).not.toHaveTextContent("（既定）");
  });

  it("保全する: an empty reason is refused at the field by the backend; with a reason the case is held, and only a 管理者 may release it", async () => {
    await seed("officer");
    const { user, onCaseChanged, host: h } = panel(false);
    await user.click(await screen.findByTestId("hold-set"));
    const dialog = await screen.findByTestId("hold-dialog");
    await user.click(within(dialog).getByTestId("hold-submit"));
    expect(await within(dialog).findByTestId("error-reason")).toHaveTextContent("保全の理由を入力してください。");
    expect(within(dialog).getByTestId("hold-reason")).toHaveAttribute("aria-invalid", "true");
    expect(h.callsOf("set_legal_hold")).toEqual([{ caseId: 1, reason: "" }]);

    // A 個人番号 in the reason is refused too.
    await user.type(within(dialog).getByTestId("hold-reason"), "123456789018");
    await user.click(within(dialog).getByTestId("hold-submit"));
    await waitFor(() => expect(within(dialog).getByTestId("error-reason")).toHaveTextContent("個人番号"));

    await user.clear(within(dialog).getByTestId("hold-reason"));
    await user.type(within(dialog).getByTestId("hold-reason"), "紛争中（弁護士から通知）");
    // Ctrl+Enter confirms.
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(screen.queryByTestId("hold-dialog")).not.toBeInTheDocument());
    expect(screen.getByTestId("retention-hold")).toHaveTextContent("保全中：紛争中（弁護士から通知）（佐藤 花子・2026/12/10");
    expect(screen.getByTestId("retention-message")).toHaveTextContent("保全しました。");
    expect(onCaseChanged).toHaveBeenCalled();
    // An officer may not release it.
    expect(screen.queryByTestId("hold-release")).not.toBeInTheDocument();
    expect(screen.queryByTestId("hold-set")).not.toBeInTheDocument();
  });

  it("the Enter that confirms a conversion in the reason does not submit", async () => {
    await seed("officer");
    const { user, host: h } = panel(false);
    await user.click(await screen.findByTestId("hold-set"));
    const reason = await screen.findByTestId("hold-reason");
    fireEvent.keyDown(reason, { key: "Enter", ctrlKey: true, isComposing: true });
    // WebKit: the confirming Enter comes after compositionend, with keyCode 229.
    fireEvent.keyDown(reason, { key: "Enter", ctrlKey: true, keyCode: 229 });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.callsOf("set_legal_hold")).toHaveLength(0);
    expect(screen.getByTestId("hold-dialog")).toBeInTheDocument();
  });

  it("a 管理者 releases a hold after confirming", async () => {
    const h = await seed("admin");
    await h.call("set_legal_hold", { caseId: 1, reason: "紛争中" });
    const { user } = panel(true);
    await waitFor(() => expect(screen.getByTestId("retention-hold")).toHaveTextContent("保全中：紛争中"));
    await user.click(screen.getByTestId("hold-release"));
    await user.click(await screen.findByTestId("hold-release-dialog-confirm"));
    await waitFor(() => expect(screen.getByTestId("retention-hold")).toHaveTextContent("なし"));
    expect(h.callsOf("release_legal_hold")).toEqual([{ caseId: 1 }]);
    expect(screen.getByTestId("hold-set")).toBeInTheDocument();
  });

  it("shows the backend's refusal to release", async () => {
    const h = await seed("admin");
    await h.call("set_legal_hold", { caseId: 1, reason: "紛争中" });
    // The window's 管理者 lost the role meanwhile (a stub: the screen is what is tested).
    h.failNext("release_legal_hold", { code: ErrorCode.PermissionDenied, message: "この操作は管理者だけが行えます。", fields: [] });
    const { user } = panel(true);
    await user.click(await screen.findByTestId("hold-release"));
    await user.click(await screen.findByTestId("hold-release-dialog-confirm"));
    expect(await screen.findByTestId("retention-error")).toHaveTextContent("この操作は管理者だけが行えます。");
    expect(screen.getByTestId("retention-hold")).toHaveTextContent("保全中：紛争中");
  });

  it("is on the case's 概要, and a hold is on the case's 履歴", async () => {
    const h = host();
    await seedReplied(h, { ...OPEN, receivedOn: "2025-10-20" }, "2025-11-01");
    const { user } = renderAppOnHost(h);
    await user.click(await screen.findByTestId("nav-cases"));
    await user.click(await screen.findByTestId("case-row-2025-0001"));
    const retention = await screen.findByTestId("retention-panel");
    await waitFor(() => expect(within(retention).getByTestId("retention-date")).toHaveTextContent("2026/11/02"));
    await user.click(within(retention).getByTestId("hold-set"));
    await user.type(await screen.findByTestId("hold-reason"), "訴訟の可能性");
    await user.click(screen.getByTestId("hold-submit"));
    await waitFor(() => expect(within(retention).getByTestId("retention-hold")).toHaveTextContent("保全中：訴訟の可能性"));
    expect(within(retention).getByTestId("hold-release")).toBeInTheDocument();
    await user.click(screen.getByTestId("case-tab-history"));
    await waitFor(() => expect(screen.getByTestId("case-timeline")).toHaveTextContent("保全を設定: 訴訟の可能性"));

    // The 廃棄 page shows it held.
    await user.click(screen.getByTestId("nav-disposal"));
    await waitFor(() => expect(screen.getByTestId("disposal-state-2025-0001")).toHaveTextContent("保全中：訴訟の可能性"));
  });
});
