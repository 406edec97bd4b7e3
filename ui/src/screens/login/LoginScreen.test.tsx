import { screen, waitFor } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FAKE_RECOVERY_KEY } from "../../backend/fake";
import type { ApiError } from "../../backend/types";
import { ADMIN, fakeLocked, renderApp } from "../../test/render";

const credentialMissing: ApiError = {
  code: "credential_missing",
  message: "このPCの資格情報ストアに鍵が見つかりません。",
  fields: [],
};

async function signIn(user: UserEvent, username: string, password: string) {
  const name = await screen.findByTestId("login-username");
  await user.clear(name);
  await user.type(name, username);
  await user.type(screen.getByTestId("login-password"), password);
  await user.click(screen.getByTestId("login-submit"));
}

describe("サインイン", () => {
  it("shows the backend's message for a wrong password and clears the password field", async () => {
    const { user, fake } = renderApp(fakeLocked());
    await signIn(user, "yamada", "wrong-password");
    const alert = await screen.findByTestId("login-error");
    expect(alert).toHaveTextContent("ユーザー名またはパスワードが正しくありません。");
    expect(alert).toHaveAttribute("role", "alert");
    expect(screen.getByTestId("login-password")).toHaveValue("");
    expect(screen.getByTestId("login-password")).toHaveFocus();
    expect(screen.queryByTestId("sidebar")).not.toBeInTheDocument();
    expect(fake.callsOf("unlock")).toEqual([{ username: "yamada", password: "wrong-password" }]);
    expect(screen.queryByTestId("login-credential-problem")).not.toBeInTheDocument();
  });

  it("opens the shell with the right password", async () => {
    const { user } = renderApp(fakeLocked());
    await signIn(user, "yamada", ADMIN.password);
    expect(await screen.findByTestId("session-user")).toHaveTextContent("山田 太郎");
    expect(screen.getByTestId("session-user")).toHaveTextContent("管理者");
  });

  it("shows progress on the button while unlock runs", async () => {
    const { user } = renderApp(fakeLocked({ latencyMs: 150 }));
    await signIn(user, "yamada", ADMIN.password);
    const button = screen.getByTestId("login-submit");
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("確認中…");
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
  });

  it("disables the button after too many attempts", async () => {
    const fake = fakeLocked();
    const { user } = renderApp(fake);
    fake.failNext("unlock", {
      code: "too_many_attempts",
      message: "パスワードを続けて間違えたため、しばらくサインインできません。",
      fields: [],
    });
    await signIn(user, "yamada", "whatever1");
    expect(await screen.findByTestId("login-error")).toHaveTextContent("しばらくサインインできません");
    expect(screen.getByTestId("login-submit")).toBeDisabled();
    // Enter in the password field does not get around it.
    await user.type(screen.getByTestId("login-password"), "correct-horse{Enter}");
    expect(fake.callsOf("unlock")).toHaveLength(1);
  });

  it("shows a credential problem from app_status and the way in with the recovery key", async () => {
    const { user, fake } = renderApp(fakeLocked({ credentialProblem: credentialMissing }));
    const problem = await screen.findByTestId("login-credential-problem");
    expect(problem).toHaveTextContent("このPCの資格情報ストアに鍵が見つかりません。");

    await user.click(screen.getByTestId("login-use-recovery"));
    // Typed loosely: lower case, spaces instead of hyphens.
    await user.type(await screen.findByTestId("recover-key"), FAKE_RECOVERY_KEY.toLowerCase().replaceAll("-", " "));
    await user.type(screen.getByTestId("recover-username"), "yamada");
    await user.type(screen.getByTestId("recover-password"), "new-password-1");
    await user.type(screen.getByTestId("recover-password-confirm"), "new-password-1");
    await user.click(screen.getByTestId("recover-submit"));

    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
    expect(fake.callsOf("recover")).toEqual([
      { recoveryKey: FAKE_RECOVERY_KEY, username: "yamada", newPassword: "new-password-1" },
    ]);
  });

  it("offers the recovery key when unlock fails with a credential_* code", async () => {
    const fake = fakeLocked();
    fake.failNext("unlock", { code: "credential_changed", message: "資格情報ストアの鍵が変更されています。", fields: [] });
    const { user } = renderApp(fake);
    expect(screen.queryByTestId("login-use-recovery")).not.toBeInTheDocument();
    await signIn(user, "yamada", ADMIN.password);
    expect(await screen.findByTestId("login-credential-problem")).toHaveTextContent("資格情報ストアの鍵が変更されています。");
    await user.click(screen.getByTestId("login-use-recovery"));
    expect(await screen.findByTestId("recover-key")).toHaveFocus();
  });

  it("shows a wrong recovery key at the key field", async () => {
    const { user, fake } = renderApp(fakeLocked({ credentialProblem: credentialMissing }));
    await user.click(await screen.findByTestId("login-use-recovery"));
    await user.type(screen.getByTestId("recover-key"), FAKE_RECOVERY_KEY.replace("7K3M", "7K3N"));
    await user.type(screen.getByTestId("recover-username"), "yamada");
    await user.type(screen.getByTestId("recover-password"), "new-password-1");
    await user.type(screen.getByTestId("recover-password-confirm"), "new-password-1");
    await user.click(screen.getByTestId("recover-submit"));
    expect(await screen.findByTestId("error-recoveryKey")).toHaveTextContent("回復キーが正しくありません。");
    expect(screen.getByTestId("recover-key")).toHaveAttribute("aria-invalid", "true");
    expect(fake.phase).toBe("locked");
  });

  it("checks that the two new passwords match before recovering", async () => {
    const { user, fake } = renderApp(fakeLocked({ credentialProblem: credentialMissing }));
    await user.click(await screen.findByTestId("login-use-recovery"));
    await user.type(screen.getByTestId("recover-key"), FAKE_RECOVERY_KEY);
    await user.type(screen.getByTestId("recover-username"), "yamada");
    await user.type(screen.getByTestId("recover-password"), "new-password-1");
    await user.type(screen.getByTestId("recover-password-confirm"), "new-password-2");
    await user.click(screen.getByTestId("recover-submit"));
    expect(await screen.findByTestId("error-newPasswordConfirm")).toHaveTextContent("パスワードが一致しません。");
    expect(fake.callsOf("recover")).toHaveLength(0);
  });

  it("a disabled user is told so", async () => {
    const fake = fakeLocked();
    fake.users.find((u) => u.username === "sato")!.active = false;
    const { user } = renderApp(fake);
    await signIn(user, "sato", "officer-pass");
    await waitFor(() => expect(screen.getByTestId("login-error")).toHaveTextContent("この利用者は無効になっています。"));
  });
});
