import type { ReactNode } from "react";

/** An error the person must see: announced at once (role="alert"). */
export function ErrorAlert({ children, testId, title }: { children: ReactNode; testId?: string; title?: ReactNode }) {
  return (
    <div className="alert alert--error" role="alert" data-testid={testId}>
      {title ? <p className="alert__title">{title}</p> : null}
      <div className="alert__body">{children}</div>
    </div>
  );
}

/** A quiet confirmation ("保存しました。"), announced politely. */
export function StatusMessage({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="status-message" role="status" data-testid={testId}>
      {children}
    </p>
  );
}
