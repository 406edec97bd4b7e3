import type { ButtonHTMLAttributes, ReactNode } from "react";

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "danger" | "quiet";
  /** While true the button is disabled and shows `pendingLabel`. */
  pending?: boolean;
  pendingLabel?: ReactNode;
  testId?: string;
};

export function Button({
  variant = "secondary",
  pending = false,
  pendingLabel = "処理中…",
  testId,
  type = "button",
  disabled,
  children,
  className,
  ...rest
}: Props) {
  return (
    <button
      {...rest}
      type={type}
      className={["btn", `btn--${variant}`, className ?? ""].join(" ").trim()}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      data-testid={testId}
    >
      {pending ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}
