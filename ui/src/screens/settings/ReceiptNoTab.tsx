import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import { toApiError, fieldErrorsOf } from "../../backend/errors";
import type { Settings } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { useDebounced } from "../../lib/useDebounced";

/** 設定 › 受付番号: how new cases are numbered. */
export function ReceiptNoTab({ canEdit }: { canEdit: boolean }) {
  const backend = useBackend();
  const query = useQuery({ queryKey: queryKeys.settings, queryFn: () => backend.getSettings() });
  if (query.isPending) return <p className="muted">読み込み中…</p>;
  if (query.isError) {
    return <ErrorAlert>{(query.error as { message?: string }).message ?? "設定を取得できませんでした。"}</ErrorAlert>;
  }
  return <ReceiptNoForm initial={query.data} canEdit={canEdit} />;
}

const TOKENS: ReadonlyArray<[string, string]> = [
  ["{YYYY}", "西暦4桁（2026）"],
  ["{YY}", "西暦下2桁（26）"],
  ["{R}", "元号の頭文字と年（R8）"],
  ["{NNNN}", "連番（Nの数だけ0で桁をそろえます。{N}はそろえません）"],
];

function ReceiptNoForm({ initial, canEdit }: { initial: Settings; canEdit: boolean }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [format, setFormat] = useState(initial.receiptFormat);
  const [saved, setSaved] = useState(false);
  const save = useCommand((settings: Settings) => backend.updateSettings(settings));
  const typed = useDebounced(format, 200);
  // The core renders the examples, so the preview is exactly what cases will get.
  const preview = useQuery({
    queryKey: ["receipt-preview", typed],
    queryFn: () => backend.previewReceiptNo(typed),
    retry: false,
  });
  const previewError = preview.isError ? fieldErrorsOf(toApiError(preview.error)).receiptFormat : undefined;

  const submit = async () => {
    setSaved(false);
    const outcome = await save.run({ ...initial, receiptFormat: format });
    if (outcome.ok) {
      client.setQueryData(queryKeys.settings, outcome.value);
      setFormat(outcome.value.receiptFormat);
      setSaved(true);
    }
  };

  return (
    <ImeSafeForm onSubmit={() => void submit()} aria-label="受付番号" className="settings-form">
      <p className="lead">
        新しく受け付けた案件に振る番号の形式です。連番は暦年ごとに1から始まり、欠番なく振られます。変更はこれから受け付ける案件に適用され、登録済みの番号は変わりません。
      </p>
      {save.error && !save.fieldErrors.receiptFormat ? <ErrorAlert testId="receipt-error">{save.error.message}</ErrorAlert> : null}
      <TextField
        name="receiptFormat"
        label="受付番号の形式"
        value={format}
        onChange={(v) => {
          setFormat(v);
          setSaved(false);
          save.reset();
        }}
        error={save.fieldErrors.receiptFormat ?? (format === typed ? previewError : undefined)}
        testId="receipt-format"
        readOnly={!canEdit}
        spellCheck={false}
        autoComplete="off"
      />
      <p className="muted" data-testid="receipt-preview" aria-live="polite">
        {preview.data && format === typed ? `例: ${preview.data.join("、")}` : "\u00a0"}
      </p>
      <table className="table table--compact" aria-label="使える記号">
        <thead>
          <tr>
            <th scope="col">記号</th>
            <th scope="col">意味</th>
          </tr>
        </thead>
        <tbody>
          {TOKENS.map(([token, meaning]) => (
            <tr key={token}>
              <td>
                <code>{token}</code>
              </td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!canEdit ? <p className="muted">受付番号の形式は管理者が設定します。</p> : null}
      {canEdit ? (
        <div className="form-actions form-actions--start">
          <Button type="submit" variant="primary" testId="receipt-save" pending={save.pending} pendingLabel="保存中…">
            保存
          </Button>
          {saved ? <StatusMessage testId="receipt-saved">保存しました。</StatusMessage> : null}
        </div>
      ) : null}
    </ImeSafeForm>
  );
}
