import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../backend/errors";
import type { AuditPage, Organisation, Settings } from "../../backend/types";
import { hostForFile } from "../../test/host";
import { renderAppOnHost } from "../../test/render";
import { ORG, signIn, type Who } from "../../test/seed";

const host = hostForFile();

async function app(who: Who) {
  await signIn(host(), who);
  return renderAppOnHost(host());
}

async function openSettings(user: UserEvent) {
  await user.click(await screen.findByTestId("nav-settings"));
  await screen.findByRole("tablist", { name: "設定の項目" });
}

describe("設定", () => {
  it("an officer sees no 利用者 tab and the organisation read-only", async () => {
    const { user, host: h } = await app("officer");
    await openSettings(user);
    const tabs = screen.getAllByRole("tab").map((t) => t.textContent);
    expect(tabs).toEqual(["組織情報", "ポリシー", "受付番号", "文書", "自動ロック"]);
    expect(screen.queryByTestId("settings-tab-users")).not.toBeInTheDocument();
    const name = await screen.findByTestId("org-name");
    expect(name).toHaveValue(ORG.name);
    expect(name).toHaveAttribute("readonly");
    expect(screen.queryByTestId("org-save")).not.toBeInTheDocument();
    expect(screen.getByTestId("org-read-only")).toHaveTextContent("組織情報の変更は管理者のみ行えます。");
    expect(h.callsOf("list_users")).toHaveLength(0);
  });

  it("an admin sees the seven tabs and can move between them with the arrow keys", async () => {
    const { user } = await app("admin");
    await openSettings(user);
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["組織情報", "利用者", "ポリシー", "受付番号", "文書", "自動ロック", "バックアップ"]);
    screen.getByTestId("settings-tab-org").focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByTestId("settings-tab-users")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("settings-tab-users")).toHaveFocus();
    expect(await screen.findByTestId("users-table")).toBeInTheDocument();
  });

  it("an admin saves the organisation; a bad field shows its message", async () => {
    const { user, host: h } = await app("admin");
    await openSettings(user);
    const email = await screen.findByTestId("org-email");
    await user.clear(email);
    await user.type(email, "not-an-address");
    await user.click(screen.getByTestId("org-save"));
    expect(await screen.findByTestId("error-email")).toHaveTextContent("メールアドレスの形式が正しくありません（例: privacy@example.co.jp）。");
    expect((await h.call<Organisation>("get_organisation")).email).toBe(ORG.email);

    await user.clear(email);
    await user.type(email, "desk@example.co.jp");
    await user.clear(screen.getByTestId("org-phone"));
    await user.type(screen.getByTestId("org-phone"), "03-9999-0000");
    await user.click(screen.getByTestId("org-save"));
    expect(await screen.findByTestId("org-saved")).toHaveTextContent("保存しました。");
    expect(await h.call<Organisation>("get_organisation")).toMatchObject({ email: "desk@example.co.jp", phone: "03-9999-0000" });
  });

  it("lists users with their state and adds one", async () => {
    const { user, host: h } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-users"));
    const table = await screen.findByTestId("users-table");
    const sato = within(table).getByTestId("user-row-sato");
    expect(sato).toHaveTextContent("佐藤 花子");
    expect(sato).toHaveTextContent("担当者");
    expect(sato).toHaveTextContent("有効");

    await user.type(screen.getByTestId("user-add-username"), "suzuki");
    await user.type(screen.getByTestId("user-add-display-name"), "鈴木 一郎");
    await user.selectOptions(screen.getByTestId("user-add-role"), "admin");
    await user.type(screen.getByTestId("user-add-password"), "initial-pass");
    await user.click(screen.getByTestId("user-add-submit"));

    const row = await within(table).findByTestId("user-row-suzuki");
    expect(row).toHaveTextContent("鈴木 一郎");
    expect(row).toHaveTextContent("管理者");
    expect(h.callsOf("add_user")).toEqual([
      { request: { username: "suzuki", displayName: "鈴木 一郎", role: "admin", password: "initial-pass" } },
    ]);
    expect(screen.getByTestId("user-add-username")).toHaveValue("");
    expect(screen.getByTestId("user-add-password")).toHaveValue("");
  });

  it("shows a duplicate username at the field", async () => {
    const { user } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-users"));
    await screen.findByTestId("users-table");
    await user.type(screen.getByTestId("user-add-username"), "sato");
    await user.type(screen.getByTestId("user-add-display-name"), "佐藤 次郎");
    await user.type(screen.getByTestId("user-add-password"), "initial-pass");
    await user.click(screen.getByTestId("user-add-submit"));
    expect(await screen.findByTestId("error-username")).toHaveTextContent("そのユーザー名は既に使われています。");
    expect(screen.getByTestId("user-add-error")).toHaveTextContent("そのユーザー名は既に使われています。");
  });

  it("disables a user after confirmation, and re-enables with a new password", async () => {
    const { user, host: h } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-users"));
    const table = await screen.findByTestId("users-table");

    await user.click(screen.getByTestId("user-deactivate-sato"));
    const dialog = await screen.findByRole("dialog", { name: "利用者を無効にする" });
    await user.click(within(dialog).getByTestId("user-deactivate-confirm"));
    await waitFor(() => expect(within(within(table).getByTestId("user-row-sato")).getByText(/^(有効|無効)$/)).toHaveTextContent("無効"));
    expect(h.callsOf("set_user_active")).toEqual([{ request: { userId: 2, active: false, password: null } }]);

    await user.click(screen.getByTestId("user-activate-sato"));
    const activate = await screen.findByRole("dialog", { name: "利用者を有効にする" });
    await user.type(within(activate).getByTestId("user-activate-password"), "brand-new-pass");
    await user.type(within(activate).getByTestId("user-activate-password-confirm"), "brand-new-pasz");
    await user.click(within(activate).getByTestId("user-activate-submit"));
    expect(await within(activate).findByTestId("error-confirm")).toHaveTextContent("パスワードが一致しません。");
    expect(h.callsOf("set_user_active")).toHaveLength(1);

    await user.clear(within(activate).getByTestId("user-activate-password-confirm"));
    await user.type(within(activate).getByTestId("user-activate-password-confirm"), "brand-new-pass");
    await user.click(within(activate).getByTestId("user-activate-submit"));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    // The 状態 badge (the row's button then offers 無効にする again).
    const state = () => within(within(table).getByTestId("user-row-sato")).getByText(/^(有効|無効)$/);
    await waitFor(() => expect(state()).toHaveTextContent("有効"));
    expect(h.callsOf("set_user_active")[1]).toEqual({ request: { userId: 2, active: true, password: "brand-new-pass" } });
  });

  it("shows last_admin in the dialog", async () => {
    const { user } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-users"));
    await screen.findByTestId("users-table");
    await user.click(screen.getByTestId("user-deactivate-yamada"));
    await user.click(await screen.findByTestId("user-deactivate-confirm"));
    expect(await screen.findByTestId("user-deactivate-error")).toHaveTextContent("有効な管理者が一人もいなくなるため、この操作はできません。");
  });

  it("the password reset dialog closes on Esc without a call, and resets otherwise", async () => {
    const { user, host: h } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-users"));
    await screen.findByTestId("users-table");
    const opener = screen.getByTestId("user-reset-sato");
    await user.click(opener);
    const dialog = await screen.findByRole("dialog", { name: "パスワードの再設定" });
    expect(within(dialog).getByTestId("user-reset-password")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();

    await user.click(opener);
    await user.type(await screen.findByTestId("user-reset-password"), "reset-pass-1");
    await user.type(screen.getByTestId("user-reset-password-confirm"), "reset-pass-1{Enter}");
    expect(await screen.findByTestId("users-notice")).toHaveTextContent("「佐藤 花子」のパスワードを再設定しました。");
    expect(h.callsOf("reset_password")).toEqual([{ request: { userId: 2, newPassword: "reset-pass-1" } }]);
  });

  it("自動ロック is read-only for an officer (the backend allows only admins)", async () => {
    const { user, host: h } = await app("officer");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-lock"));
    const minutes = await screen.findByTestId("idle-minutes");
    expect(minutes).toHaveAttribute("readonly");
    expect(screen.queryByTestId("idle-save")).not.toBeInTheDocument();
    expect(screen.getByText("自動ロックの時間は管理者が設定します。")).toBeInTheDocument();
    expect(h.callsOf("update_settings")).toHaveLength(0);
  });

  it("自動ロック: rejects out-of-range minutes, accepts 全角 digits", async () => {
    const { user, host: h, client } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-lock"));
    const minutes = await screen.findByTestId("idle-minutes");
    expect(minutes).toHaveValue("10");
    await user.clear(minutes);
    await user.type(minutes, "0");
    await user.click(screen.getByTestId("idle-save"));
    expect(await screen.findByTestId("error-idleLockMinutes")).toHaveTextContent("1〜240の整数（分）で入力してください。");
    expect(minutes).toHaveAttribute("aria-invalid", "true");
    expect(h.callsOf("update_settings")).toHaveLength(0);

    await user.clear(minutes);
    await user.type(minutes, "３０");
    await user.click(screen.getByTestId("idle-save"));
    expect(await screen.findByTestId("idle-saved")).toHaveTextContent("保存しました。");
    expect(h.callsOf("update_settings")).toEqual([
      { settings: { idleLockMinutes: 30, receiptFormat: "{YYYY}-{NNNN}" } },
    ]);
    expect(minutes).toHaveValue("30");
    await waitFor(() =>
      expect(client.getQueryData<{ idleLockMinutes: number }>(["appStatus"])?.idleLockMinutes).toBe(30),
    );
  });

  it("受付番号: previews the format, refuses one without a year, saves another", async () => {
    const { user, host: h } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-receipt"));
    const format = await screen.findByTestId("receipt-format");
    expect(format).toHaveValue("{YYYY}-{NNNN}");
    const year = "2026"; // the host's clock: TODAY
    await waitFor(() => expect(screen.getByTestId("receipt-preview")).toHaveTextContent(`例: ${year}-0001、${year}-0123`));

    await user.clear(format);
    await user.type(format, "第{{NNN}号");
    expect(await screen.findByTestId("error-receiptFormat")).toHaveTextContent("年（{YYYY}・{YY}・{R} のいずれか）をちょうど1つ入れてください。");
    await user.click(screen.getByTestId("receipt-save"));
    expect((await h.call<Settings>("get_settings")).receiptFormat).toBe("{YYYY}-{NNNN}");

    await user.clear(format);
    await user.type(format, "{{YYYY}第{{NNN}号");
    await waitFor(() => expect(screen.getByTestId("receipt-preview")).toHaveTextContent(`例: ${year}第001号、${year}第123号`));
    await user.click(screen.getByTestId("receipt-save"));
    expect(await screen.findByTestId("receipt-saved")).toHaveTextContent("保存しました。");
    expect(await h.call<Settings>("get_settings")).toEqual({ idleLockMinutes: 10, receiptFormat: "{YYYY}第{NNN}号" });
  });

  it("受付番号 is read-only for an officer", async () => {
    const { user } = await app("officer");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-receipt"));
    expect(await screen.findByTestId("receipt-format")).toHaveAttribute("readonly");
    expect(screen.queryByTestId("receipt-save")).not.toBeInTheDocument();
  });
  it("an admin makes a backup: the file's name, size and audit count are shown, and it is audited", async () => {
    const { user, host: h } = await app("admin");
    const saveDir = mkdtempSync(join(tmpdir(), "madoguchi-backup-"));
    await h.call("host.save_dir", { dir: saveDir });
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-backup"));
    expect(screen.getByTestId("backup-notes")).toHaveTextContent("回復キーが必要です");
    await user.click(screen.getByTestId("backup-create"));
    const done = await screen.findByTestId("backup-done", {}, { timeout: 10_000 });
    expect(done).toHaveTextContent(/読み戻して検証しました：窓口バックアップ_20261210\.mdgbak（[\d.]+ [KM]B、監査ログ \d+件）/);
    expect(readdirSync(saveDir)).toEqual(["窓口バックアップ_20261210.mdgbak"]);
    const log = await h.call<AuditPage>("search_audit", {
      filter: { actorId: null, from: "", to: "", receiptNo: "", action: "backup.created", offset: 0, limit: 100 },
    });
    expect(log.total).toBe(1);
  });

  it("a cancelled save dialog makes no backup and says nothing", async () => {
    // The host's save dialog has no folder: cancelled.
    const { user, host: h } = await app("admin");
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-backup"));
    await user.click(screen.getByTestId("backup-create"));
    await waitFor(() => expect(h.callsOf("create_backup")).toHaveLength(1));
    expect(screen.getByTestId("backup-create")).toBeEnabled();
    expect(screen.queryByTestId("backup-done")).not.toBeInTheDocument();
    expect(screen.queryByTestId("backup-error")).not.toBeInTheDocument();
    expect(existsSync(join(tmpdir(), "窓口バックアップ_20261210.mdgbak"))).toBe(false);
  });

  it("a failed backup shows the core's message", async () => {
    const { user, host: h } = await app("admin");
    // A full disk cannot be made on demand here (write_failures.rs does it to the core).
    h.failNext("create_backup", { code: ErrorCode.DiskFull, message: "保存先の空き容量が足りません。", fields: [] });
    await openSettings(user);
    await user.click(screen.getByTestId("settings-tab-backup"));
    await user.click(screen.getByTestId("backup-create"));
    expect(await screen.findByTestId("backup-error")).toHaveTextContent("保存先の空き容量が足りません。");
    expect(screen.queryByTestId("backup-done")).not.toBeInTheDocument();
  });
});
