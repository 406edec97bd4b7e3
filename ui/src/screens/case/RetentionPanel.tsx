import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsOf } from "../../backend/errors";
import type { RetentionInfo } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Dialog } from "../../components/Dialog";
import { TextAreaField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { formatDateTime, formatDay, warekiOfDay } from "../../lib/dates";
import { isImeComposing } from "../../lib/ime";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import "../disposal/disposal.css";

/** As `set_legal_hold`: the reason is kept to 200 characters. */
const REASON_MAX = 200;

function Day({ value, testId }: { value: string; testId?: string }) {
  return (
    <span data-testid={testId}>
      {formatDay(value)} <span className="muted">（{warekiOfDay(value)}）</span>
    </span>
  );
}

/**
 * 保存期間 on the case's 概要: the profile's rules, the 廃棄可能日 (once the
 * reply is complete) and 保全 — anyone may put the case on hold with a
 * reason (it is then never disposed of); only a 管理者 may release it.
 */
export function RetentionPanel({
  caseId,
  canRelease,
  onCaseChanged,
}: {
  caseId: number;
  /** A 管理者: may release a hold. */
  canRelease: boolean;
  /** A hold set or released is on the case's timeline. */
  onCaseChanged?: () => void;
}) {
  const backend = useBackend();
  const client = useQueryClient();
  const info = useQuery({ queryKey: queryKeys.retention(caseId), queryFn: () => backend.caseRetention(caseId) });
  const [holding, setHolding] = useState(false);
  const [releasing, setReleasing] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const release = useCommand(() => backend.releaseLegalHold(caseId));

  const changed = (next: RetentionInfo, message: string) => {
    client.setQueryData(queryKeys.retention(caseId), next);
    // A hold takes the case's approvals back and keeps it out of the disposal.
    void client.invalidateQueries({ queryKey: queryKeys.disposalQueue });
    onCaseChanged?.();
    setSaid(message);
  };

  const r = info.data;
  return (
    <section className="panel retention-panel" aria-labelledby={`retention-title-${caseId}`} data-testid="retention-panel">
      <h3 id={`retention-title-${caseId}`} className="panel__title">
        保存期間
      </h3>
      {info.isPending ? <p className="muted">読み込み中…</p> : null}
      {info.isError ? (
        <ErrorAlert testId="retention-load-error">{(info.error as { message?: string }).message ?? "保存期間を取得できませんでした。"}</ErrorAlert>
      ) : null}
      {said ? <StatusMessage testId="retention-message">{said}</StatusMessage> : null}
      {release.error ? <ErrorAlert testId="retention-error">{release.error.message}</ErrorAlert> : null}
      {r ? (
        <dl className="facts">
          <div className="facts__row">
            <dt>保存期間</dt>
            <dd data-testid="retention-rules">
              <ul className="retention-panel__rules">
                {r.rules.map((rule) => (
                  <li key={rule}>{rule}</li>
                ))}
              </ul>
              {r.isDefault ? <span className="muted">（既定）</span> : null}
            </dd>
          </div>
          <div className="facts__row">
            <dt>廃棄可能日</dt>
            <dd data-testid="retention-date">
              {r.disposableFrom ? <Day value={r.disposableFrom} /> : <span className="muted">回答完了後に決まります</span>}
            </dd>
          </div>
          {r.documentsFrom ? (
            <div className="facts__row">
              <dt>請求書類の廃棄可能日</dt>
              <dd>
                <Day value={r.documentsFrom} testId="retention-documents-date" />
              </dd>
            </div>
          ) : null}
          {r.documentsDisposedOn ? (
            <div className="facts__row">
              <dt>請求書類</dt>
              <dd data-testid="retention-documents-disposed">{formatDay(r.documentsDisposedOn)}に廃棄しました</dd>
            </div>
          ) : null}
          <div className="facts__row">
            <dt>保全</dt>
            <dd>
              <div className="retention-panel__hold">
                {r.hold ? (
                  <span className="retention-panel__held" data-testid="retention-hold">
                    保全中：{r.hold.reason}（{r.hold.setBy}・{formatDateTime(r.hold.setAt)}）
                  </span>
                ) : (
                  <span data-testid="retention-hold">なし</span>
                )}
                {r.hold ? (
                  canRelease ? (
                    <Button
                      onClick={() => {
                        release.reset();
                        setSaid(null);
                        setReleasing(true);
                      }}
                      testId="hold-release"
                    >
                      保全を解除
                    </Button>
                  ) : null
                ) : (
                  <Button
                    onClick={() => {
                      setSaid(null);
                      setHolding(true);
                    }}
                    testId="hold-set"
                  >
                    保全する
                  </Button>
                )}
              </div>
              {r.hold && !canRelease ? <p className="muted">保全の解除は管理者が行います。</p> : null}
            </dd>
          </div>
        </dl>
      ) : null}

      {holding ? (
        <HoldDialog
          caseId={caseId}
          onClose={() => setHolding(false)}
          onDone={(next) => {
            setHolding(false);
            changed(next, "保全しました。この案件は保全を解除するまで廃棄されません。");
          }}
        />
      ) : null}
      {releasing ? (
        <ConfirmDialog
          title="保全を解除しますか？"
          confirmLabel="保全を解除"
          pending={release.pending}
          onCancel={() => setReleasing(false)}
          onConfirm={() =>
            void release.run().then((o) => {
              setReleasing(false);
              if (o.ok) changed(o.value, "保全を解除しました。");
            })
          }
          testId="hold-release-dialog"
        >
          <p>解除すると、廃棄可能日を過ぎていれば廃棄予定に戻ります（廃棄には改めて管理者の承認が必要です）。</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** 保全する: the reason is required (Ctrl+Enter or the button confirms; Esc cancels). */
function HoldDialog({ caseId, onClose, onDone }: { caseId: number; onClose: () => void; onDone: (next: RetentionInfo) => void }) {
  const backend = useBackend();
  const [reason, setReason] = useState("");
  const command = useCommand((why: string) => backend.setLegalHold(caseId, why));
  const errors = fieldErrorsOf(command.error);

  const submit = async () => {
    // The backend checks the reason (required, 200 characters, no 個人番号) and says what is wrong.
    const outcome = await command.run(reason);
    if (outcome.ok) onDone(outcome.value);
  };

  return (
    <Dialog title="保全する" onClose={onClose} testId="hold-dialog" width={520}>
      <ImeSafeForm onSubmit={() => void submit()}>
        <p>紛争・訴訟・行政の調査などで記録を残す必要があるときに使います。保全中の案件は、廃棄可能日を過ぎても廃棄されません。承認済みの廃棄は取り消されます。</p>
        {command.error && !errors.reason ? <ErrorAlert testId="hold-error">{command.error.message}</ErrorAlert> : null}
        <div className="form-stack">
          <TextAreaField
            name="reason"
            label="保全の理由"
            required
            value={reason}
            onChange={setReason}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !isImeComposing(e)) {
                e.preventDefault();
                void submit();
              }
            }}
            error={errors.reason}
            testId="hold-reason"
            placeholder="例：2027年1月 請求者との間で紛争中（訴訟の可能性あり）"
            rows={3}
            hint={`${REASON_MAX}字以内。廃棄予定と案件の履歴に表示されます。個人番号は書かないでください。Ctrl+Enter で確定します。（${[...reason].length}/${REASON_MAX}字）`}
          />
        </div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={command.pending} testId="hold-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="primary" pending={command.pending} pendingLabel="処理中…" testId="hold-submit">
            保全する
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}
