import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import type { AppStatus, Settings } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { queryKeys } from "../../lib/queries";
import { parseWholeNumber } from "../../lib/text";
import { useCommand } from "../../lib/useCommand";

export const IDLE_MIN = 1;
export const IDLE_MAX = 240;

export function IdleLockTab({ canEdit }: { canEdit: boolean }) {
  const backend = useBackend();
  const query = useQuery({ queryKey: queryKeys.settings, queryFn: () => backend.getSettings() });
  if (query.isPending) return <p className="muted">読み込み中…</p>;
  if (query.isError) {
    return <ErrorAlert>{(query.error as { message?: string }).message ?? "設定を取得できませんでした。"}</ErrorAlert>;
  }
  return <IdleLockForm initial={query.data} canEdit={canEdit} />;
}

function IdleLockForm({ initial, canEdit }: { initial: Settings; canEdit: boolean }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [minutes, setMinutes] = useState(String(initial.idleLockMinutes));
  const [clientError, setClientError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const save = useCommand((settings: Settings) => backend.updateSettings(settings));

  const submit = async () => {
    setSaved(false);
    const value = parseWholeNumber(minutes);
    if (value === null || value < IDLE_MIN || value > IDLE_MAX) {
      save.reset();
      setClientError(`${IDLE_MIN}〜${IDLE_MAX}の整数（分）で入力してください。`);
      return;
    }
    setClientError(undefined);
    const outcome = await save.run({ ...initial, idleLockMinutes: value });
    if (outcome.ok) {
      client.setQueryData(queryKeys.settings, outcome.value);
      // The idle timer reads the status: take the new value at once.
      client.setQueryData<AppStatus>(queryKeys.appStatus, (old) =>
        old ? { ...old, idleLockMinutes: outcome.value.idleLockMinutes } : old,
      );
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
      setMinutes(String(outcome.value.idleLockMinutes));
      setSaved(true);
    }
  };

  const error = clientError ?? save.fieldErrors.idleLockMinutes;
  return (
    <ImeSafeForm onSubmit={() => void submit()} aria-label="自動ロック" className="settings-form">
      <p className="lead">
        マウスやキーボードの操作がない状態が続くと、画面をロックします。ロック後はパスワードを入力して再開します。
      </p>
      {save.error && !save.fieldErrors.idleLockMinutes ? <ErrorAlert testId="idle-error">{save.error.message}</ErrorAlert> : null}
      <TextField
          name="idleLockMinutes"
          label="操作がないときにロックするまでの時間"
          value={minutes}
          onChange={(v) => {
            setMinutes(v);
            setSaved(false);
            setClientError(undefined);
          }}
          error={error}
          testId="idle-minutes"
          inputMode="numeric"
          inputClassName="input--number"
          hint={`${IDLE_MIN}〜${IDLE_MAX}分の範囲で指定します。`}
          suffix="分"
          readOnly={!canEdit}
        />
      {!canEdit ? <p className="muted">自動ロックの時間は管理者が設定します。</p> : null}
      {canEdit ? (
        <div className="form-actions form-actions--start">
          <Button type="submit" variant="primary" testId="idle-save" pending={save.pending} pendingLabel="保存中…">
            保存
          </Button>
          {saved ? <StatusMessage testId="idle-saved">保存しました。</StatusMessage> : null}
        </div>
      ) : null}
    </ImeSafeForm>
  );
}
