import { useState } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode, type FieldErrors } from "../../backend/errors";
import type { RecoverRequest, SessionInfo } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { PasswordField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { normaliseRecoveryKey } from "../../lib/text";
import { useCommand } from "../../lib/useCommand";

interface Props {
  initialUsername: string;
  onCancel: () => void;
  onRecovered: (session: SessionInfo) => void;
}

/** 回復キーで開く: the printed key, whose account, and its new password on this PC. */
export function RecoverForm({ initialUsername, onCancel, onRecovered }: Props) {
  const backend = useBackend();
  const [recoveryKey, setRecoveryKey] = useState("");
  const [username, setUsername] = useState(initialUsername);
  const [newPassword, setNewPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const recover = useCommand((request: RecoverRequest) => backend.recover(request));

  const serverErrors: FieldErrors = { ...recover.fieldErrors };
  const code = recover.error?.code;
  if ((code === ErrorCode.WrongRecoveryKey || code === ErrorCode.MalformedRecoveryKey) && !serverErrors.recoveryKey) {
    serverErrors.recoveryKey = recover.error!.message;
  }
  const errors = { ...serverErrors, ...clientErrors };

  const submit = async () => {
    const e: FieldErrors = {};
    if (newPassword !== confirm) e.newPasswordConfirm = "パスワードが一致しません。";
    setClientErrors(e);
    if (Object.keys(e).length > 0) {
      recover.reset();
      return;
    }
    const outcome = await recover.run({
      recoveryKey: normaliseRecoveryKey(recoveryKey),
      username: username.trim(),
      newPassword,
    });
    if (outcome.ok) {
      setRecoveryKey("");
      setNewPassword("");
      setConfirm("");
      onRecovered(outcome.value);
    }
  };

  return (
    <ImeSafeForm onSubmit={() => void submit()} aria-label="回復キーで開く">
      <p className="lead">
        初期設定のときに印刷した回復キーを入力してください。データを開き、このPCでのあなたのパスワードを新しいパスワードに設定し直します。
      </p>
      {recover.error ? <ErrorAlert testId="recover-error">{recover.error.message}</ErrorAlert> : null}
      <div className="form-stack">
        <TextField
          name="recoveryKey"
          label="回復キー"
          value={recoveryKey}
          onChange={setRecoveryKey}
          error={errors.recoveryKey}
          testId="recover-key"
          inputClassName="input--mono"
          placeholder="XXXX-XXXX-XXXX-…（4文字×13組）"
          hint="ハイフンや空白は省略できます。英字は大文字・小文字どちらでも構いません。"
          autoFocus
          autoCapitalize="characters"
        />
        <TextField
          name="username"
          label="ユーザー名"
          value={username}
          onChange={setUsername}
          error={errors.username}
          testId="recover-username"
          autoCapitalize="off"
        />
        <PasswordField
          name="newPassword"
          label="新しいパスワード"
          value={newPassword}
          onChange={setNewPassword}
          error={errors.newPassword}
          testId="recover-password"
          hint="8文字以上で入力してください。"
        />
        <PasswordField
          name="newPasswordConfirm"
          label="新しいパスワード（確認）"
          value={confirm}
          onChange={setConfirm}
          error={errors.newPasswordConfirm}
          testId="recover-password-confirm"
        />
      </div>
      <div className="form-actions">
        <Button onClick={onCancel} disabled={recover.pending}>
          戻る
        </Button>
        <Button type="submit" variant="primary" testId="recover-submit" pending={recover.pending} pendingLabel="確認中…">
          回復キーで開く
        </Button>
      </div>
    </ImeSafeForm>
  );
}
