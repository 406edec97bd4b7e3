import { useId, useState } from "react";
import { useBackend } from "../../backend/context";
import type { FinishSetupRequest, SessionInfo, SetupStarted } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { normaliseRecoveryKey } from "../../lib/text";
import { useCommand } from "../../lib/useCommand";

interface Props {
  started: SetupStarted;
  onBack: () => void;
  backPending: boolean;
  onFinished: (session: SessionInfo) => void;
}

/** Step 3: the recovery key, shown once, its PDF sheet, and the retyping of two groups. */
export function RecoveryKeyStep({ started, onBack, backPending, onFinished }: Props) {
  const backend = useBackend();
  const idBase = useId();
  const [answers, setAnswers] = useState<string[]>(() => started.confirmGroups.map(() => ""));
  const [sheetSaved, setSheetSaved] = useState<boolean | null>(null);
  const save = useCommand(() => backend.saveRecoverySheet());
  const finish = useCommand((request: FinishSetupRequest) => backend.finishSetup(request));

  const answersError = finish.fieldErrors.answers;
  const errorId = `${idBase}-answers-error`;

  const saveSheet = async () => {
    setSheetSaved(null);
    const outcome = await save.run();
    if (outcome.ok) setSheetSaved(outcome.value);
  };

  const submit = async () => {
    const outcome = await finish.run({ answers: answers.map(normaliseRecoveryKey) });
    if (outcome.ok) {
      setAnswers(started.confirmGroups.map(() => ""));
      onFinished(outcome.value);
    }
  };

  const busy = finish.pending || backPending;

  return (
    <section aria-labelledby="setup-step-title">
      <h2 id="setup-step-title" className="section-title">
        3. 回復キー
      </h2>
      <div className="notice notice--warning">
        <p>
          この回復キーは一度だけ表示されます。印刷して金庫など安全な場所に保管してください。PCの故障や資格情報の消失時、バックアップの復元に必要です。
        </p>
      </div>

      <div className="recovery-key-box">
        <p className="recovery-key-box__label" id={`${idBase}-key-label`}>
          回復キー（4文字 × {started.recoveryKey.split("-").length}組）
        </p>
        <p className="recovery-key" data-testid="recovery-key" aria-labelledby={`${idBase}-key-label`}>
          {started.recoveryKey}
        </p>
      </div>

      <div className="inline-actions">
        <Button
          onClick={() => void saveSheet()}
          testId="recovery-save-sheet"
          pending={save.pending}
          pendingLabel="保存中…"
          disabled={busy}
        >
          回復キーを印刷用PDFで保存
        </Button>
        {sheetSaved === true ? (
          <StatusMessage>PDFを保存しました。印刷したら、PDFファイルは削除してください。</StatusMessage>
        ) : null}
        {sheetSaved === false ? <StatusMessage>保存をキャンセルしました。</StatusMessage> : null}
      </div>
      {save.error ? <ErrorAlert>{save.error.message}</ErrorAlert> : null}

      <ImeSafeForm onSubmit={() => void submit()} className="recovery-confirm" aria-labelledby={`${idBase}-confirm-title`}>
        <h3 id={`${idBase}-confirm-title`} className="subsection-title">
          回復キーの確認
        </h3>
        <p className="lead">控えが正しいことを確かめます。回復キーの次の組を、左から数えて入力してください。</p>
        {finish.error && !answersError ? <ErrorAlert testId="recovery-error">{finish.error.message}</ErrorAlert> : null}
        <div className="confirm-groups">
          {started.confirmGroups.map((group, i) => {
            const inputId = `${idBase}-answer-${i}`;
            return (
              <div className={answersError ? "field field--invalid" : "field"} key={group}>
                <label htmlFor={inputId} className="field__label">
                  第{group}組
                </label>
                <input
                  id={inputId}
                  name={`answers.${i}`}
                  className="input input--mono input--group"
                  value={answers[i] ?? ""}
                  onChange={(e) => {
                    const value = e.target.value;
                    setAnswers((a) => a.map((x, j) => (j === i ? value : x)));
                    if (finish.error) finish.reset();
                  }}
                  maxLength={9}
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  aria-invalid={answersError ? true : undefined}
                  aria-describedby={answersError ? errorId : undefined}
                  data-testid={`recovery-confirm-${i}`}
                  autoFocus={i === 0}
                />
              </div>
            );
          })}
        </div>
        {answersError ? (
          <p id={errorId} className="field__error" data-testid="error-answers">
            {answersError}
          </p>
        ) : null}
        <div className="form-actions">
          <Button onClick={onBack} pending={backPending} pendingLabel="取り消し中…" disabled={finish.pending}>
            戻る
          </Button>
          <Button type="submit" variant="primary" testId="recovery-finish" pending={finish.pending} pendingLabel="作成中…" disabled={backPending}>
            設定を完了
          </Button>
        </div>
      </ImeSafeForm>
    </section>
  );
}
