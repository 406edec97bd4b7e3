import type { ReactNode } from "react";
import { Button } from "./Button";
import { Dialog } from "./Dialog";
import { ImeSafeForm } from "./ImeSafeForm";

/** 「…しますか？」: Enter or the button confirms, Esc or キャンセル cancels. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  danger = false,
  pending = false,
  testId,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
  pending?: boolean;
  testId?: string;
}) {
  return (
    <Dialog title={title} onClose={onCancel} testId={testId}>
      <ImeSafeForm onSubmit={onConfirm}>
        <div className="dialog__body">{children}</div>
        <div className="form-actions">
          <Button onClick={onCancel} disabled={pending} testId={testId ? `${testId}-cancel` : undefined}>
            キャンセル
          </Button>
          <Button
            type="submit"
            variant={danger ? "danger" : "primary"}
            pending={pending}
            testId={testId ? `${testId}-confirm` : undefined}
          >
            {confirmLabel}
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}
