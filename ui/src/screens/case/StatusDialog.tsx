import { useState } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsByPath } from "../../backend/errors";
import type { CaseStatus, CaseView } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextAreaField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { useCommand } from "../../lib/useCommand";

/** The moves that need a reason on record. */
export type ReasonStatus = Extract<CaseStatus, "withdrawn" | "mistaken">;

const TEXT: Record<ReasonStatus, { title: string; lead: string; button: string; placeholder: string }> = {
  withdrawn: {
    title: "取下げにする",
    lead: "請求者から請求の取下げがあったときに使います。",
    button: "取下げにする",
    placeholder: "例：2026年12月5日 本人より電話で取下げの申出",
  },
  mistaken: {
    title: "誤登録にする",
    lead: "二重登録や入力の誤りなど、受付として扱わない案件に使います。案件は削除されず、一覧に「誤登録」として残ります。",
    button: "誤登録にする",
    placeholder: "例：2026-0012 と同じ請求の二重登録",
  },
};

/** 取下げ / 誤登録: the reason is required (Ctrl+Enter or the button confirms; Esc cancels). */
export function StatusDialog({
  caseId,
  status,
  onClose,
  onDone,
}: {
  caseId: number;
  status: ReasonStatus;
  onClose: () => void;
  onDone: (view: CaseView) => void;
}) {
  const backend = useBackend();
  const [reason, setReason] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const command = useCommand((why: string) => backend.setCaseStatus(caseId, status, why));
  const t = TEXT[status];
  const errors = fieldErrorsByPath(command.error);

  const submit = async () => {
    if (!reason.trim()) {
      command.reset();
      setClientError("理由を入力してください。");
      return;
    }
    setClientError(null);
    const outcome = await command.run(reason.trim());
    if (outcome.ok) onDone(outcome.value);
  };

  return (
    <Dialog title={t.title} onClose={onClose} testId="case-status-dialog" width={520}>
      <ImeSafeForm onSubmit={() => void submit()}>
        <p>{t.lead}</p>
        {command.error && !errors.reason ? <ErrorAlert testId="case-status-error">{errors.status ?? command.error.message}</ErrorAlert> : null}
        <div className="form-stack">
          <TextAreaField
            name="reason"
            label="理由"
            required
            value={reason}
            onChange={(v) => {
              setReason(v);
              setClientError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void submit();
              }
            }}
            error={clientError ?? errors.reason}
            testId="case-status-reason"
            placeholder={t.placeholder}
            rows={3}
            hint="履歴に残ります。Ctrl+Enter で確定します。"
          />
        </div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={command.pending} testId="case-status-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="danger" testId="case-status-confirm" pending={command.pending} pendingLabel="処理中…">
            {t.button}
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}
