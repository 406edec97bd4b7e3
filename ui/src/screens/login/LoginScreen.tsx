import { DemoEntry } from "../../components/DemoEntry";
import { useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode, isCredentialProblem } from "../../backend/errors";
import type { ApiError, AppStatus, UnlockRequest } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { AuthLayout } from "../../components/AuthLayout";
import { Button } from "../../components/Button";
import { PasswordField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { useSignedIn } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { RecoverForm } from "./RecoverForm";

/** After too_many_attempts the button stays disabled this long (the backend decides the real wait). */
export const ATTEMPTS_COOLDOWN_MS = 60_000;

/** サインイン (phase = locked), and the way in with the recovery key. */
export function LoginScreen({ status }: { status: AppStatus }) {
  const backend = useBackend();
  const signedIn = useSignedIn();
  const [mode, setMode] = useState<"login" | "recover">("login");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [coolingDown, setCoolingDown] = useState(false);
  const unlock = useCommand((request: UnlockRequest) => backend.unlock(request));
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!coolingDown) return;
    const t = window.setTimeout(() => setCoolingDown(false), ATTEMPTS_COOLDOWN_MS);
    return () => window.clearTimeout(t);
  }, [coolingDown]);

  const unlockError = unlock.error;
  const credentialProblem: ApiError | null =
    unlockError && isCredentialProblem(unlockError.code) ? unlockError : status.credentialProblem;
  const loginError = unlockError && !isCredentialProblem(unlockError.code) ? unlockError : null;

  const submit = async () => {
    const outcome = await unlock.run({ username: username.trim(), password });
    if (outcome.ok) {
      setPassword("");
      signedIn(outcome.value);
      return;
    }
    if (!outcome.error) return;
    setPassword("");
    if (outcome.error.code === ErrorCode.TooManyAttempts) setCoolingDown(true);
    else passwordRef.current?.focus();
  };

  if (mode === "recover") {
    return (
      <AuthLayout title="回復キーで開く" size="medium">
        <RecoverForm
          initialUsername={username.trim()}
          onCancel={() => setMode("login")}
          onRecovered={(session) => signedIn(session)}
        />
      </AuthLayout>
    );
  }

  const fieldErrors = unlock.fieldErrors;
  return (
    <AuthLayout title="サインイン">
      {credentialProblem ? (
        <div className="notice notice--danger" role="alert" data-testid="login-credential-problem">
          <p className="notice__title">このPCの資格情報ストアから鍵を読み出せません</p>
          <p>{credentialProblem.message}</p>
          <p>初期設定で印刷した回復キーがあれば、データを開いてこのPCでのパスワードを設定し直せます。</p>
          <Button variant="primary" onClick={() => setMode("recover")} testId="login-use-recovery">
            回復キーで開く
          </Button>
        </div>
      ) : null}

      <ImeSafeForm onSubmit={() => void submit()} aria-label="サインイン">
        {loginError ? <ErrorAlert testId="login-error">{loginError.message}</ErrorAlert> : null}
        <div className="form-stack">
          <TextField
            name="username"
            label="ユーザー名"
            value={username}
            onChange={setUsername}
            error={fieldErrors.username}
            testId="login-username"
            autoFocus
            autoCapitalize="off"
          />
          <PasswordField
            name="password"
            label="パスワード"
            value={password}
            onChange={setPassword}
            error={fieldErrors.password}
            testId="login-password"
            ref={passwordRef}
          />
        </div>
        <div className="form-actions form-actions--stretch">
          <Button
            type="submit"
            variant="primary"
            testId="login-submit"
            pending={unlock.pending}
            pendingLabel="確認中…"
            disabled={coolingDown}
          >
            サインイン
          </Button>
        </div>
      </ImeSafeForm>
      {!credentialProblem ? (
        <p className="auth-card__aside">
          パスワードを忘れた場合は、管理者に再設定を依頼してください。
          <button type="button" className="link-button" onClick={() => setMode("recover")}>
            回復キーで開く
          </button>
        </p>
      ) : null}
      <DemoEntry />
      <p className="auth-card__footer">
        バージョン {status.version}
        {status.credentialBackend ? ` ・ 鍵の保管先: ${status.credentialBackend}` : null}
      </p>
    </AuthLayout>
  );
}
