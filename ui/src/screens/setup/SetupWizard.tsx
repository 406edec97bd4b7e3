import { DemoEntry } from "../../components/DemoEntry";
import { useEffect, useRef, useState, type RefObject } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsOf, type FieldErrors } from "../../backend/errors";
import type { ApiError, Organisation, SessionInfo, SetupRequest, SetupStarted } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { PasswordField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { AuthLayout } from "../../components/AuthLayout";
import { OrganisationFields } from "../../components/OrganisationFields";
import { useSignedIn } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { RecoveryKeyStep } from "./RecoveryKeyStep";

type Step = 1 | 2 | 3;

const ORGANISATION_FIELDS: ReadonlyArray<keyof Organisation> = [
  "name",
  "deskName",
  "postalCode",
  "address",
  "phone",
  "email",
];

interface AdminForm {
  username: string;
  displayName: string;
  password: string;
  passwordConfirm: string;
}

const SETUP_TEST_IDS: Record<keyof Organisation, string> = {
  name: "setup-org-name",
  deskName: "setup-desk-name",
  postalCode: "setup-postal-code",
  address: "setup-address",
  phone: "setup-phone",
  email: "setup-email",
};

const emptyOrganisation: Organisation = { name: "", deskName: "", postalCode: "", address: "", phone: "", email: "" };
const emptyAdmin: AdminForm = { username: "", displayName: "", password: "", passwordConfirm: "" };

const STEP_TITLES: Record<Step, string> = {
  1: "組織情報",
  2: "管理者アカウント",
  3: "回復キー",
};

function StepIndicator({ step }: { step: Step }) {
  return (
    <ol className="steps" aria-label="初期設定の手順">
      {([1, 2, 3] as const).map((n) => (
        <li
          key={n}
          className={["steps__item", n === step ? "steps__item--current" : "", n < step ? "steps__item--done" : ""].join(" ")}
          aria-current={n === step ? "step" : undefined}
        >
          <span className="steps__number" aria-hidden="true">
            {n}
          </span>
          <span>{STEP_TITLES[n]}</span>
        </li>
      ))}
    </ol>
  );
}

/** Focuses the first field marked invalid inside `container` whenever `errors` changes. */
function useFocusFirstInvalid(container: RefObject<HTMLElement | null>, errors: FieldErrors) {
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [container, errors]);
}

/**
 * 初期設定: 組織情報 → 管理者アカウント → 回復キー. `begin_setup` only
 * validates; the store is created by `finish_setup` once the person has
 * retyped two groups of the recovery key.
 */
export function SetupWizard() {
  const backend = useBackend();
  const signedIn = useSignedIn();
  const [step, setStep] = useState<Step>(1);
  const [org, setOrg] = useState<Organisation>(emptyOrganisation);
  const [admin, setAdmin] = useState<AdminForm>(emptyAdmin);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<ApiError | null>(null);
  // Holds the recovery key while step 3 is shown; null again after finish or cancel.
  const [started, setStarted] = useState<SetupStarted | null>(null);
  const begin = useCommand((request: SetupRequest) => backend.beginSetup(request));
  const cancel = useCommand(() => backend.cancelSetup());
  const formRef = useRef<HTMLDivElement>(null);
  useFocusFirstInvalid(formRef, errors);

  const setOrgField = (field: keyof Organisation) => (value: string) => {
    setOrg((o) => ({ ...o, [field]: value }));
    clearError(field);
  };
  const setAdminField = (field: keyof AdminForm) => (value: string) => {
    setAdmin((a) => ({ ...a, [field]: value }));
    clearError(field);
  };
  const clearError = (field: string) =>
    setErrors((e) => {
      if (!(field in e)) return e;
      const { [field]: _removed, ...rest } = e;
      return rest;
    });

  const goToStep = (next: Step) => {
    setStep(next);
    setAlert(null);
  };

  const submitOrganisation = () => {
    const e: FieldErrors = {};
    if (!org.name.trim()) e.name = "会社名を入力してください。";
    if (!org.deskName.trim()) e.deskName = "窓口名を入力してください。";
    setErrors(e);
    if (Object.keys(e).length === 0) goToStep(2);
  };

  const submitAdmin = async () => {
    const e: FieldErrors = {};
    if (admin.password !== admin.passwordConfirm) e.passwordConfirm = "パスワードが一致しません。";
    setErrors(e);
    setAlert(null);
    if (Object.keys(e).length > 0) return;
    const outcome = await begin.run({
      organisation: { ...org },
      admin: { username: admin.username.trim(), displayName: admin.displayName.trim(), password: admin.password },
    });
    if (outcome.ok) {
      setStarted(outcome.value);
      // The backend keeps the password for finish_setup; nothing here needs it any more.
      setAdmin((a) => ({ ...a, password: "", passwordConfirm: "" }));
      setErrors({});
      setStep(3);
      return;
    }
    if (!outcome.error) return;
    const fieldErrors = fieldErrorsOf(outcome.error);
    setErrors(fieldErrors);
    setAlert(outcome.error);
    // Send the person to the first step that has a bad field.
    if (ORGANISATION_FIELDS.some((f) => f in fieldErrors)) setStep(1);
  };

  const backFromRecoveryKey = async () => {
    const outcome = await cancel.run();
    setStarted(null);
    setStep(2);
    setAlert(outcome.ok ? null : outcome.error);
  };

  const finished = (session: SessionInfo) => {
    setStarted(null);
    setAdmin(emptyAdmin);
    signedIn(session);
  };

  return (
    <AuthLayout title="初期設定" size="wide">
      <StepIndicator step={step} />
      <div ref={formRef}>
        {alert && step !== 3 ? <ErrorAlert testId="setup-error">{alert.message}</ErrorAlert> : null}

        {step === 1 ? (
          <ImeSafeForm onSubmit={submitOrganisation} aria-labelledby="setup-step-title">
            <h2 id="setup-step-title" className="section-title">
              1. 組織情報
            </h2>
            <p className="lead">
              窓口を運営する組織の情報です。回答文書の差出人として印字されます。後から「設定」で変更できます。
            </p>
            <OrganisationFields
              value={org}
              onChange={(field, value) => setOrgField(field)(value)}
              errors={errors}
              testIds={SETUP_TEST_IDS}
              autoFocus
            />
            <div className="form-actions">
              <Button type="submit" variant="primary" testId="setup-next">
                次へ
              </Button>
            </div>
          </ImeSafeForm>
        ) : null}

        {step === 2 ? (
          <ImeSafeForm onSubmit={() => void submitAdmin()} aria-labelledby="setup-step-title">
            <h2 id="setup-step-title" className="section-title">
              2. 管理者アカウント
            </h2>
            <p className="lead">最初の管理者を登録します。管理者は利用者の追加や設定の変更を行えます。</p>
            <div className="form-grid">
              <TextField
                name="username"
                label="ユーザー名"
                required
                value={admin.username}
                onChange={setAdminField("username")}
                error={errors.username}
                testId="setup-admin-username"
                hint="サインインに使う名前です（半角英数字）。"
                autoFocus
                autoCapitalize="off"
              />
              <TextField
                name="displayName"
                label="氏名"
                required
                value={admin.displayName}
                onChange={setAdminField("displayName")}
                error={errors.displayName}
                testId="setup-admin-display-name"
                placeholder="例：山田 太郎"
              />
              <PasswordField
                name="password"
                label="パスワード"
                required
                value={admin.password}
                onChange={setAdminField("password")}
                error={errors.password}
                testId="setup-admin-password"
                hint="8文字以上で入力してください。"
              />
              <PasswordField
                name="passwordConfirm"
                label="パスワード（確認）"
                required
                value={admin.passwordConfirm}
                onChange={setAdminField("passwordConfirm")}
                error={errors.passwordConfirm}
                testId="setup-admin-password-confirm"
                hint="確認のため、もう一度入力してください。"
              />
            </div>
            <div className="form-actions">
              <Button onClick={() => goToStep(1)} disabled={begin.pending}>
                戻る
              </Button>
              <Button type="submit" variant="primary" testId="setup-create" pending={begin.pending} pendingLabel="確認中…">
                回復キーを作成
              </Button>
            </div>
          </ImeSafeForm>
        ) : null}

        {step === 3 && started ? (
          <RecoveryKeyStep
            started={started}
            onBack={() => void backFromRecoveryKey()}
            backPending={cancel.pending}
            onFinished={finished}
          />
        ) : null}
      </div>
      {step === 1 ? <DemoEntry /> : null}
    </AuthLayout>
  );
}
