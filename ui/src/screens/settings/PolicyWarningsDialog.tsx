import type { PolicyWarning } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { ImeSafeForm } from "../../components/ImeSafeForm";

/**
 * The core's APPI warnings on a save or an import: the 管理者 may keep them
 * (the choice is audited) or go back. The focus starts on 「戻って修正」.
 */
export function PolicyWarningsDialog({
  warnings,
  mode,
  pending,
  error,
  onKeep,
  onBack,
}: {
  warnings: ReadonlyArray<PolicyWarning>;
  mode: "save" | "import";
  pending: boolean;
  /** A failure of the confirmed save (shown in the dialog). */
  error?: string | null;
  onKeep: () => void;
  onBack: () => void;
}) {
  return (
    <Dialog title="個人情報保護法に関する警告があります" onClose={onBack} testId="policy-warnings-dialog" width={580}>
      <ImeSafeForm onSubmit={onKeep}>
        <div className="dialog__body">
          <p>{mode === "save" ? "このポリシーには、次の警告があります。" : "取り込むポリシーには、次の警告があります。"}</p>
          <p className="muted">
            手数料を求められるのは、利用目的の通知と開示（第三者提供記録の開示を含む）の請求に限られます（個人情報保護法第38条第1項）。
          </p>
          <ul className="policy-warning-list" data-testid="policy-warnings-dialog-list">
            {warnings.map((w, i) => (
              <li key={`${w.field}-${i}`}>{w.message}</li>
            ))}
          </ul>
          <p>管理者の判断で、このまま保存できます。保存した判断は監査ログに記録されます。</p>
          {error ? <ErrorAlert testId="policy-warnings-error">{error}</ErrorAlert> : null}
        </div>
        <div className="form-actions">
          <Button onClick={onBack} disabled={pending} testId="policy-warnings-back">
            {mode === "save" ? "戻って修正" : "取り込まない"}
          </Button>
          <Button type="submit" variant="primary" pending={pending} pendingLabel="保存中…" testId="policy-keep-warnings">
            {mode === "save" ? "警告を承知して保存" : "警告を承知して取り込む"}
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}
