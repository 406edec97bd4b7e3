import { screen, waitFor } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../backend/errors";
import type { AppStatus, UserInfo } from "../../backend/types";
import { hostForFile } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { ADMIN, signIn as signInOnHost } from "../../test/seed";

const host = hostForFile();
const renderLocked = () => renderAppOnHost(host());

/** This PC's entry in the OS credential store is gone (a new PC, a wiped profile). */
async function credentialsLost() {
  await host().call("host.credentials_lost");
  const status = await host().call<AppStatus>("app_status");
  return status.credentialProblem!;
}

async function signIn(user: UserEvent, username: string, password: string) {
  const name = await screen.findByTestId("login-username");
  await user.clear(name);
  await user.type(name, username);
  await user.type(screen.getByTestId("login-password"), password);
  await user.click(screen.getByTestId("login-submit"));
}

describe("サインイン", () => {
  it("shows the backend's message for a wrong password and clears the password field", async () => {
    const { user, host: h } = renderLocked();
    await signIn(user, "yamada", "wrong-password");
    const alert = await screen.findByTestId("login-error");
    expect(alert).toHaveTextContent("ユーザー名またはパスワードが正しくありません。");
    expect(alert).toHaveAttribute("role", "alert");
    expect(screen.getByTestId("login-password")).toHaveValue("");
    expect(screen.getByTestId("login-password")).toHaveFocus();
    expect(screen.queryByTestId("sidebar")).not.toBeInTheDocument();
    expect(h.callsOf("unlock")).toEqual([{ request: { username: "yamada", password: "wrong-password" } }]);
    expect(screen.queryByTestId("login-credential-problem")).not.toBeInTheDocument();
  });

  it("opens the shell with the right password", async () => {
    const { user } = renderLocked();
    await signIn(user, "yamada", ADMIN.password);
    expect(await screen.findByTestId("session-user")).toHaveTextContent("山田 太郎");
    expect(screen.getByTestId("session-user")).toHaveTextContent("管理者");
  });

  it("shows progress on the button while unlock runs (the key derivation takes a moment)", async () => {
    const { user } = renderLocked();
    await signIn(user, "yamada", ADMIN.password);
    const button = screen.getByTestId("login-submit");
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("確認中…");
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
  });

  it("disables the button after too many attempts", async () => {
    const { user, host: h } = renderLocked();
    h.failNext("unlock", {
      code: ErrorCode.TooManyAttempts,
      message: "パスワードを続けて間違えたため、しばらくサインインできません。",
      fields: [],
    });
    await signIn(user, "yamada", "whatever1");
    expect(await screen.findByTestId("login-error")).toHaveTextContent("しばらくサインインできません");
    expect(screen.getByTestId("login-submit")).toBeDisabled();
    // Enter in the password field does not get around it.
    await user.type(screen.getByTestId("login-password"), "correct-horse{Enter}");
    expect(h.callsOf("unlock")).toHaveLength(1);
  });

  it("shows a credential problem from app_status and the way in with the recovery key", async () => {
    const problemFromCore = await credentialsLost();
    expect(problemFromCore.code).toBe(ErrorCode.CredentialMissing);
    const { user, host: h } = renderLocked();
    const problem = await screen.findByTestId("login-credential-problem");
    expect(problem).toHaveTextContent(problemFromCore.message);

    await user.click(screen.getByTestId("login-use-recovery"));
    // Typed loosely: lower case, spaces instead of hyphens.
    await user.type(await screen.findByTestId("recover-key"), h.recoveryKey.toLowerCase().replaceAll("-", " "));
    await user.type(screen.getByTestId("recover-username"), "yamada");
    await user.type(screen.getByTestId("recover-password"), "new-password-1");
    await user.type(screen.getByTestId("recover-password-confirm"), "new-password-1");
    await user.click(screen.getByTestId("recover-submit"));

    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
    expect(h.callsOf("recover")).toEqual([
      { request: { recoveryKey: h.recoveryKey, username: "yamada", newPassword: "new-password-1" } },
    ]);
  });

  it("offers the recovery key when unlock fails with a credential_* code", async () => {
    const { user } = renderLocked();
    await screen.findByTestId("login-username");
    expect(screen.queryByTestId("login-use-recovery")).not.toBeInTheDocument();
    // Another program replaced this PC's entry after the screen was shown.
    await host().call("host.credentials_changed");
    await signIn(user, "yamada", ADMIN.password);
    expect(await screen.findByTestId("login-credential-problem")).toHaveTextContent("資格情報");
    await user.click(screen.getByTestId("login-use-recovery"));
    expect(await screen.findByTestId("recover-key")).toHaveFocus();
  });

  it("shows a wrong recovery key at the key field", async () => {
    await credentialsLost();
    const { user, host: h } = renderLocked();
    await user.click(await screen.findByTestId("login-use-recovery"));
    // One character of the first group changed: a well-formed key, but not this store's.
    const key = h.recoveryKey;
    const wrong = (key[0] === "A" ? "B" : "A") + key.slice(1);
    await user.type(screen.getByTestId("recover-key"), wrong);
    await user.type(screen.getByTestId("recover-username"), "yamada");
    await user.type(screen.getByTestId("recover-password"), "new-password-1");
    await user.type(screen.getByTestId("recover-password-confirm"), "new-password-1");
    await user.click(screen.getByTestId("recover-submit"));
    expect(await screen.findByTestId("error-recoveryKey")).toHaveTextContent("回復キーが正しくありません。");
    expect(screen.getByTestId("recover-key")).toHaveAttribute("aria-invalid", "true");
    expect((await h.call<AppStatus>("app_status")).phase).toBe("locked");
  });

  it("checks that the two new passwords match before recovering", async () => {
    await credentialsLost();
    const { user, host: h } = renderLocked();
    await user.click(await screen.findByTestId("login-use-recovery"));
    await user.type(screen.getByTestId("recover-key"), h.recoveryKey);
    await user.type(screen.getByTestId("recover-username"), "yamada");
    await user.type(screen.getByTestId("recover-password"), "new-password-1");
    await user.type(screen.getByTestId("recover-password-confirm"), "new-password-2");
    await user.click(screen.getByTestId("recover-submit"));
    expect(await screen.findByTestId("error-newPasswordConfirm")).toHaveTextContent("パスワードが一致しません。");
    expect(h.callsOf("recover")).toHaveLength(0);
  });

  it("a disabled user cannot sign in, and is told no more than a wrong password would be", async () => {
    // A 管理者 disabled the 担当者.
    await signInOnHost(host(), "admin");
    const users = await host().call<UserInfo[]>("list_users");
    await host().call("set_user_active", { request: { userId: users.find((u) => u.username === "sato")!.id, active: false, password: null } });
    await host().call("lock");
    const { user } = renderLocked();
    await signIn(user, "sato", "officer-pass");
    // Disabling removed the user's key slot: whether the account exists is not revealed.
    await waitFor(() => expect(screen.getByTestId("login-error")).toHaveTextContent("ユーザー名またはパスワードが正しくありません。"));
    expect(screen.queryByTestId("sidebar")).not.toBeInTheDocument();
  });
});
