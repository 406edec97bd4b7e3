import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import type { FieldErrors } from "../../backend/errors";
import type { NewUserRequest, Role, SessionInfo, UserInfo } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { PasswordField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { formatDate } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { useLabels } from "../../lib/vocabulary";

type DialogState =
  | { kind: "deactivate"; user: UserInfo }
  | { kind: "activate"; user: UserInfo }
  | { kind: "reset"; user: UserInfo }
  | null;

/** 利用者 (admins only): the table, adding a user, enabling/disabling, password reset. */
export function UsersTab({ session }: { session: SessionInfo }) {
  const labels = useLabels();
  const backend = useBackend();
  const client = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: () => backend.listUsers() });
  const [dialog, setDialog] = useState<DialogState>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const updated = (user: UserInfo, message: string) => {
    client.setQueryData<UserInfo[]>(queryKeys.users, (old) =>
      old ? (old.some((u) => u.id === user.id) ? old.map((u) => (u.id === user.id ? user : u)) : [...old, user]) : [user],
    );
    void client.invalidateQueries({ queryKey: queryKeys.users });
    setNotice(message);
  };

  return (
    <div className="users">
      <section aria-labelledby="users-list-title">
        <h2 id="users-list-title" className="subsection-title">
          利用者一覧
        </h2>
        {notice ? <StatusMessage testId="users-notice">{notice}</StatusMessage> : null}
        {users.isPending ? <p className="muted">読み込み中…</p> : null}
        {users.isError ? (
          <ErrorAlert>{(users.error as { message?: string }).message ?? "利用者を取得できませんでした。"}</ErrorAlert>
        ) : null}
        {users.data ? (
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">ユーザー名</th>
                <th scope="col">氏名</th>
                <th scope="col">権限</th>
                <th scope="col">状態</th>
                <th scope="col">登録日</th>
                <th scope="col" className="table__actions-head">
                  操作
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.username}`} className={u.active ? undefined : "table__row--muted"}>
                  <td className="mono">{u.username}</td>
                  <td>
                    {u.displayName}
                    {u.id === session.userId ? <span className="muted">（自分）</span> : null}
                  </td>
                  <td>{labels.role(u.role)}</td>
                  <td>
                    {u.active ? <span className="badge badge--ok">有効</span> : <span className="badge badge--muted">無効</span>}
                  </td>
                  <td className="nowrap">{formatDate(u.createdAt)}</td>
                  <td className="table__actions">
                    <div className="table__actions-inner">
                      {u.active ? (
                        <Button
                          variant="quiet"
                          onClick={() => setDialog({ kind: "deactivate", user: u })}
                          testId={`user-deactivate-${u.username}`}
                        >
                          無効にする
                        </Button>
                      ) : (
                        <Button
                          variant="quiet"
                          onClick={() => setDialog({ kind: "activate", user: u })}
                          testId={`user-activate-${u.username}`}
                        >
                          有効にする
                        </Button>
                      )}
                      {u.active ? (
                        <Button
                          variant="quiet"
                          onClick={() => setDialog({ kind: "reset", user: u })}
                          testId={`user-reset-${u.username}`}
                        >
                          パスワード再設定
                        </Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <AddUserForm onAdded={(u) => updated(u, `「${u.displayName}」を追加しました。`)} />

      {dialog?.kind === "deactivate" ? (
        <DeactivateDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={(u) => {
            setDialog(null);
            updated(u, `「${u.displayName}」を無効にしました。`);
          }}
        />
      ) : null}
      {dialog?.kind === "activate" || dialog?.kind === "reset" ? (
        <NewPasswordDialog
          kind={dialog.kind}
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={(u) => {
            setDialog(null);
            updated(
              u,
              dialog.kind === "activate"
                ? `「${u.displayName}」を有効にしました。`
                : `「${u.displayName}」のパスワードを再設定しました。`,
            );
          }}
        />
      ) : null}
    </div>
  );
}

const emptyNewUser: NewUserRequest = { username: "", displayName: "", role: "officer", password: "" };

function AddUserForm({ onAdded }: { onAdded: (user: UserInfo) => void }) {
  const backend = useBackend();
  const [form, setForm] = useState<NewUserRequest>(emptyNewUser);
  const add = useCommand((request: NewUserRequest) => backend.addUser(request));
  const set = (field: keyof NewUserRequest) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const submit = async () => {
    const outcome = await add.run({ ...form, username: form.username.trim(), displayName: form.displayName.trim() });
    if (outcome.ok) {
      setForm(emptyNewUser);
      onAdded(outcome.value);
    }
  };

  const errors = add.fieldErrors;
  return (
    <section aria-labelledby="users-add-title" className="panel panel--form">
      <h2 id="users-add-title" className="subsection-title">
        利用者の追加
      </h2>
      <ImeSafeForm onSubmit={() => void submit()} aria-labelledby="users-add-title">
        {add.error ? <ErrorAlert testId="user-add-error">{add.error.message}</ErrorAlert> : null}
        <div className="form-row">
          <TextField
            name="username"
            label="ユーザー名"
            value={form.username}
            onChange={set("username")}
            error={errors.username}
            testId="user-add-username"
            autoCapitalize="off"
          />
          <TextField
            name="displayName"
            label="氏名"
            value={form.displayName}
            onChange={set("displayName")}
            error={errors.displayName}
            testId="user-add-display-name"
          />
          <RoleSelect value={form.role} onChange={(role) => setForm((f) => ({ ...f, role }))} error={errors.role} />
          <PasswordField
            name="password"
            label="初期パスワード"
            value={form.password}
            onChange={set("password")}
            error={errors.password}
            testId="user-add-password"
            hint="8文字以上。本人に直接伝えてください。"
          />
        </div>
        <div className="form-actions form-actions--start">
          <Button type="submit" variant="primary" testId="user-add-submit" pending={add.pending} pendingLabel="追加中…">
            追加
          </Button>
        </div>
      </ImeSafeForm>
    </section>
  );
}

function RoleSelect({ value, onChange, error }: { value: Role; onChange: (role: Role) => void; error?: string | undefined }) {
  const labels = useLabels();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <div className="field__label-row">
        <label htmlFor="user-add-role" className="field__label">
          権限
        </label>
      </div>
      <select
        id="user-add-role"
        name="role"
        className="input select"
        value={value}
        onChange={(e) => onChange(e.target.value as Role)}
        data-testid="user-add-role"
        aria-invalid={error ? true : undefined}
      >
        <option value="officer">{labels.role("officer")}</option>
        <option value="admin">{labels.role("admin")}</option>
      </select>
      {error ? (
        <p className="field__error" data-testid="error-role">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function DeactivateDialog({ user, onClose, onDone }: { user: UserInfo; onClose: () => void; onDone: (u: UserInfo) => void }) {
  const backend = useBackend();
  const deactivate = useCommand(() => backend.setUserActive({ userId: user.id, active: false, password: null }));
  const submit = async () => {
    const outcome = await deactivate.run();
    if (outcome.ok) onDone(outcome.value);
  };
  return (
    <Dialog title="利用者を無効にする" onClose={onClose} testId="user-deactivate-dialog">
      <ImeSafeForm onSubmit={() => void submit()}>
        <p>
          「{user.displayName}」（{user.username}）を無効にします。この利用者はサインインできなくなり、このPCに保管された鍵も削除されます。
        </p>
        <p className="muted">再び有効にするときは、新しいパスワードを設定します。</p>
        {deactivate.error ? <ErrorAlert testId="user-deactivate-error">{deactivate.error.message}</ErrorAlert> : null}
        <div className="form-actions">
          <Button onClick={onClose} disabled={deactivate.pending}>
            キャンセル
          </Button>
          <Button type="submit" variant="danger" testId="user-deactivate-confirm" pending={deactivate.pending} pendingLabel="処理中…">
            無効にする
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}

/** 有効にする (a new password is required) and パスワード再設定 share this dialog. */
function NewPasswordDialog({
  kind,
  user,
  onClose,
  onDone,
}: {
  kind: "activate" | "reset";
  user: UserInfo;
  onClose: () => void;
  onDone: (u: UserInfo) => void;
}) {
  const backend = useBackend();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const command = useCommand(async (newPassword: string): Promise<UserInfo> => {
    if (kind === "activate") return backend.setUserActive({ userId: user.id, active: true, password: newPassword });
    await backend.resetPassword({ userId: user.id, newPassword });
    return user;
  });
  const prefix = kind === "activate" ? "user-activate" : "user-reset";

  const submit = async () => {
    if (password !== confirm) {
      command.reset();
      setClientErrors({ confirm: "パスワードが一致しません。" });
      return;
    }
    setClientErrors({});
    const outcome = await command.run(password);
    if (outcome.ok) {
      setPassword("");
      setConfirm("");
      onDone(outcome.value);
    }
  };

  // set_user_active names the field "password", reset_password "newPassword".
  const serverError = command.fieldErrors.password ?? command.fieldErrors.newPassword;
  return (
    <Dialog
      title={kind === "activate" ? "利用者を有効にする" : "パスワードの再設定"}
      onClose={onClose}
      testId={`${prefix}-dialog`}
    >
      <ImeSafeForm onSubmit={() => void submit()}>
        <p>
          「{user.displayName}」（{user.username}）の新しいパスワードを設定します。
          {kind === "activate" ? "有効にするには新しいパスワードが必要です。" : null}
          本人に直接伝えてください。
        </p>
        {command.error && !serverError ? <ErrorAlert testId={`${prefix}-error`}>{command.error.message}</ErrorAlert> : null}
        <div className="form-stack">
          <PasswordField
            name="newPassword"
            label="新しいパスワード"
            value={password}
            onChange={setPassword}
            error={serverError}
            testId={`${prefix}-password`}
            hint="8文字以上で入力してください。"
          />
          <PasswordField
            name="confirm"
            label="新しいパスワード（確認）"
            value={confirm}
            onChange={setConfirm}
            error={clientErrors.confirm}
            testId={`${prefix}-password-confirm`}
          />
        </div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={command.pending}>
            キャンセル
          </Button>
          <Button type="submit" variant="primary" testId={`${prefix}-submit`} pending={command.pending} pendingLabel="処理中…">
            {kind === "activate" ? "有効にする" : "再設定"}
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}
