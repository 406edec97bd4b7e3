import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../backend/errors";
import type { AppStatus } from "../../backend/types";
import { hostForFile } from "../../test/host";
import { renderAppOnHost } from "../../test/render";

const host = hostForFile();
beforeEach(() => host().restore("empty"));
const renderSetup = () => renderAppOnHost(host());

/** The group numbers the screen asks for (第3組 …), from the inputs' labels. */
function askedGroups(): number[] {
  return [0, 1].map((i) => {
    const label = screen.getByTestId(`recovery-confirm-${i}`).getAttribute("aria-label") ?? "";
    const byLabel = document.querySelector(`label[for="${screen.getByTestId(`recovery-confirm-${i}`).id}"]`)?.textContent ?? label;
    return Number(/第(\d+)組/.exec(byLabel)![1]);
  });
}

async function fillOrganisation(user: UserEvent, overrides: Partial<Record<string, string>> = {}) {
  const values = {
    "setup-org-name": "見本商事株式会社",
    "setup-desk-name": "個人情報問合せ窓口",
    "setup-postal-code": "100-0001",
    "setup-address": "東京都千代田区千代田1-1",
    "setup-phone": "03-1234-5678",
    "setup-email": "privacy@example.co.jp",
    ...overrides,
  };
  for (const [testId, value] of Object.entries(values)) {
    const input = await screen.findByTestId(testId);
    await user.clear(input);
    if (value) await user.type(input, value);
  }
}

async function fillAdmin(user: UserEvent, { password = "correct-horse", confirm = password }: { password?: string; confirm?: string } = {}) {
  await user.type(await screen.findByTestId("setup-admin-username"), "yamada");
  await user.type(screen.getByTestId("setup-admin-display-name"), "山田 太郎");
  await user.type(screen.getByTestId("setup-admin-password"), password);
  await user.type(screen.getByTestId("setup-admin-password-confirm"), confirm);
}

describe("初期設定", () => {
  it("runs the three steps and signs the admin in; the recovery key is gone afterwards", async () => {
    const { user, host: h } = renderSetup();
    const saveDir = mkdtempSync(join(tmpdir(), "madoguchi-setup-"));
    await h.call("host.save_dir", { dir: saveDir });
    expect(await screen.findByRole("heading", { name: "1. 組織情報" })).toBeInTheDocument();
    await fillOrganisation(user);
    await user.click(screen.getByTestId("setup-next"));

    expect(await screen.findByRole("heading", { name: "2. 管理者アカウント" })).toBeInTheDocument();
    await fillAdmin(user);
    await user.click(screen.getByTestId("setup-create"));

    const key = await screen.findByTestId("recovery-key");
    // 13 groups of 4 from the core's alphabet (no I, L, O, U).
    const shown = key.textContent!;
    expect(shown).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(screen.getByText(/この回復キーは一度だけ表示されます。/)).toBeInTheDocument();
    expect(h.callsOf("begin_setup")).toEqual([
      {
        request: {
          organisation: {
          name: "見本商事株式会社",
          deskName: "個人情報問合せ窓口",
          postalCode: "100-0001",
          address: "東京都千代田区千代田1-1",
          phone: "03-1234-5678",
          email: "privacy@example.co.jp",
        },
          admin: { username: "yamada", displayName: "山田 太郎", password: "correct-horse" },
        },
      },
    ]);

    await user.click(screen.getByTestId("recovery-save-sheet"));
    expect(await screen.findByText(/PDFを保存しました/)).toBeInTheDocument();
    expect(h.callsOf("save_recovery_sheet")).toHaveLength(1);
    expect(existsSync(join(saveDir, "窓口_回復キー.pdf"))).toBe(true);

    // Inputs are labelled with the group numbers the core chose, in its order.
    const [first, second] = askedGroups();
    expect(screen.getByLabelText(`第${first}組`)).toBe(screen.getByTestId("recovery-confirm-0"));
    expect(screen.getByLabelText(`第${second}組`)).toBe(screen.getByTestId("recovery-confirm-1"));
    const groups = shown.split("-");
    await user.type(screen.getByTestId("recovery-confirm-0"), groups[first! - 1]!.toLowerCase()); // lower case is accepted
    await user.type(screen.getByTestId("recovery-confirm-1"), groups[second! - 1]!);
    await user.click(screen.getByTestId("recovery-finish"));

    const sidebar = await screen.findByTestId("sidebar");
    expect(within(sidebar).getByTestId("session-user")).toHaveTextContent("山田 太郎");
    expect(h.callsOf("finish_setup")).toEqual([{ request: { answers: [groups[first! - 1], groups[second! - 1]] } }]);
    expect(screen.queryByTestId("recovery-key")).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(shown);
    expect((await h.call<AppStatus>("app_status")).phase).toBe("unlocked");
  });

  it("sends a backend field error back to its step and field", async () => {
    const { user, host: h } = renderSetup();
    await fillOrganisation(user, { "setup-postal-code": "12345" });
    await user.click(screen.getByTestId("setup-next"));
    await fillAdmin(user);
    await user.click(screen.getByTestId("setup-create"));

    // Back on step 1, the message under 郵便番号.
    const error = await screen.findByTestId("error-postalCode");
    expect(error).toHaveTextContent("郵便番号は7桁の数字で入力してください（例: 100-0001）。");
    expect(screen.getByRole("heading", { name: "1. 組織情報" })).toBeInTheDocument();
    const postal = screen.getByTestId("setup-postal-code");
    expect(postal).toHaveAttribute("aria-invalid", "true");
    expect(postal).toHaveAccessibleDescription(expect.stringContaining("郵便番号は7桁の数字で"));
    // The core's message lists every bad field.
    expect(screen.getByRole("alert")).toHaveTextContent("郵便番号は7桁の数字で入力してください（例: 100-0001）。");
    expect(postal).toHaveFocus();
    expect(screen.queryByTestId("recovery-key")).not.toBeInTheDocument();

    // Fixing it and going on keeps what was typed on step 2 (but not the passwords).
    await user.clear(postal);
    await user.type(postal, "100-0001");
    expect(screen.queryByTestId("error-postalCode")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("setup-next"));
    expect(await screen.findByTestId("setup-admin-username")).toHaveValue("yamada");
    expect(h.callsOf("begin_setup")).toHaveLength(1);
  });

  it("shows a password error on step 2 where it belongs", async () => {
    const { user } = renderSetup();
    await fillOrganisation(user);
    await user.click(screen.getByTestId("setup-next"));
    await fillAdmin(user, { password: "short" });
    await user.click(screen.getByTestId("setup-create"));
    expect(await screen.findByTestId("error-password")).toHaveTextContent("パスワードは8文字以上で入力してください。");
    expect(screen.getByRole("heading", { name: "2. 管理者アカウント" })).toBeInTheDocument();
  });

  it("checks the password confirmation before calling the backend", async () => {
    const { user, host: h } = renderSetup();
    await fillOrganisation(user);
    await user.click(screen.getByTestId("setup-next"));
    await fillAdmin(user, { password: "correct-horse", confirm: "correct-horsf" });
    await user.click(screen.getByTestId("setup-create"));
    expect(await screen.findByTestId("error-passwordConfirm")).toHaveTextContent("パスワードが一致しません。");
    expect(h.callsOf("begin_setup")).toHaveLength(0);
  });

  it("requires 会社名 and 窓口名 before step 2", async () => {
    const { user } = renderSetup();
    await fillOrganisation(user, { "setup-org-name": "", "setup-desk-name": "" });
    await user.click(screen.getByTestId("setup-next"));
    expect(await screen.findByTestId("error-name")).toHaveTextContent("会社名を入力してください。");
    expect(screen.getByTestId("error-deskName")).toHaveTextContent("窓口名を入力してください。");
    expect(screen.queryByTestId("setup-admin-username")).not.toBeInTheDocument();
  });

  it("shows the error when the retyped groups are wrong and stays on the key", async () => {
    const { user, host: h } = renderSetup();
    await fillOrganisation(user);
    await user.click(screen.getByTestId("setup-next"));
    await fillAdmin(user);
    await user.click(screen.getByTestId("setup-create"));
    const shown = (await screen.findByTestId("recovery-key")).textContent!;
    const [first, second] = askedGroups();
    const groups = shown.split("-");

    await user.type(screen.getByTestId("recovery-confirm-0"), groups[first! - 1]!);
    await user.type(screen.getByTestId("recovery-confirm-1"), "XXXX");
    await user.click(screen.getByTestId("recovery-finish"));

    expect(await screen.findByTestId("error-answers")).toHaveTextContent(`回復キーの第${second}組が一致しません。`);
    expect(screen.getByTestId("recovery-confirm-1")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("recovery-key")).toHaveTextContent(shown);
    expect(screen.queryByTestId("sidebar")).not.toBeInTheDocument();
    expect((await h.call<AppStatus>("app_status")).phase).toBe("setup");
  });

  it("戻る on the key step cancels the pending setup and forgets the key", async () => {
    const { user, host: h } = renderSetup();
    await fillOrganisation(user);
    await user.click(screen.getByTestId("setup-next"));
    await fillAdmin(user);
    await user.click(screen.getByTestId("setup-create"));
    await screen.findByTestId("recovery-key");

    await user.click(screen.getByRole("button", { name: "戻る" }));
    expect(await screen.findByTestId("setup-admin-username")).toHaveValue("yamada");
    expect(h.callsOf("cancel_setup")).toHaveLength(1);
    // Nothing pending any more: finishing now is refused.
    await expect(h.call("finish_setup", { request: { answers: ["AAAA", "BBBB"] } })).rejects.toMatchObject({ code: ErrorCode.SetupNotStarted });
    expect(screen.queryByTestId("recovery-key")).not.toBeInTheDocument();
    expect(screen.getByTestId("setup-admin-password")).toHaveValue("");
  });

  it("shows progress on the button while begin_setup runs", async () => {
    const { user, host: h } = renderSetup();
    h.delayNext("begin_setup", 150);
    await fillOrganisation(user);
    await user.click(screen.getByTestId("setup-next"));
    await fillAdmin(user);
    await user.click(screen.getByTestId("setup-create"));
    const button = screen.getByTestId("setup-create");
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("確認中…");
    await waitFor(() => expect(screen.getByTestId("recovery-key")).toBeInTheDocument());
  });

  it("says so when the PDF save dialog was cancelled", async () => {
    // No folder chosen in the save dialog: the host's dialog answers "cancelled".
    const { user } = renderSetup();
    await fillOrganisation(user);
    await user.click(screen.getByTestId("setup-next"));
    await fillAdmin(user);
    await user.click(screen.getByTestId("setup-create"));
    await user.click(await screen.findByTestId("recovery-save-sheet"));
    expect(await screen.findByText("保存をキャンセルしました。")).toBeInTheDocument();
  });
});
