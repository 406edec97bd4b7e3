import { useId, type ReactNode } from "react";

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled select with its error below (`error-<name>`), like TextField. */
export function SelectField({
  name,
  label,
  value,
  onChange,
  options,
  error,
  hint,
  testId,
  className,
  describedBy,
  autoFocus,
}: {
  /** Field path: the key of backend field errors and of `error-<name>`. */
  name: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<SelectOption>;
  error?: string | undefined;
  hint?: ReactNode;
  testId?: string;
  className?: string;
  /** Ids of other text that describes the select (e.g. a warning). */
  describedBy?: string | undefined;
  autoFocus?: boolean;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [error ? errorId : null, hint ? hintId : null, describedBy ?? null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", error ? "field--invalid" : "", className ?? ""].join(" ").trim()}>
      <div className="field__label-row">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
      </div>
      <select
        id={id}
        name={name}
        className="input select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        data-testid={testId}
        autoFocus={autoFocus}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={errorId} className="field__error" data-testid={`error-${name}`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** One labelled check box (with an optional hint and error below it). */
export function CheckField({
  name,
  label,
  checked,
  onChange,
  hint,
  error,
  testId,
}: {
  name: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  error?: string | undefined;
  testId?: string;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="policy-check">
      <label className={checked ? "choice choice--checked" : "choice"}>
        <input
          type="checkbox"
          name={name}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          data-testid={testId}
        />
        <span>{label}</span>
      </label>
      {error ? (
        <p id={`${id}-error`} className="field__error" data-testid={`error-${name}`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="field__hint policy-check__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** An error of a whole list (e.g. `feeMethods`), shown under it. */
export function ListError({ name, error }: { name: string; error?: string | undefined }) {
  return error ? (
    <p className="field__error" data-testid={`error-${name}`}>
      {error}
    </p>
  ) : null;
}
