import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from "react";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "value"> & {
  /** Field name: also the key of backend field errors and of `error-<name>`. */
  name: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  testId?: string;
  /** Extra class for the wrapper (e.g. "field--wide"). */
  className?: string;
  inputClassName?: string;
  ref?: Ref<HTMLInputElement>;
  /** Shown right after the input, e.g. a unit ("分"). */
  suffix?: ReactNode;
};

/** A labelled input with its hint and error below it. */
export function TextField({
  name,
  label,
  value,
  onChange,
  error,
  hint,
  required,
  testId,
  className,
  inputClassName,
  ref,
  suffix,
  type = "text",
  ...rest
}: InputProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const input = (
    <input
      {...rest}
      ref={ref}
      id={id}
      name={name}
      type={type}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={error ? true : undefined}
      aria-required={required || undefined}
      aria-describedby={describedBy}
      data-testid={testId}
      className={["input", inputClassName ?? ""].join(" ").trim()}
      autoComplete={rest.autoComplete ?? "off"}
      spellCheck={rest.spellCheck ?? false}
    />
  );
  return (
    <div className={["field", error ? "field--invalid" : "", className ?? ""].join(" ").trim()}>
      <div className="field__label-row">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {required ? (
          <span className="field__required" aria-hidden="true">
            必須
          </span>
        ) : null}
      </div>
      {suffix ? (
        <div className="field__row">
          {input}
          <span className="field__suffix">{suffix}</span>
        </div>
      ) : (
        input
      )}
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

/** A password input: never autocompleted, never spell-checked. */
export function PasswordField(props: Omit<InputProps, "type" | "autoComplete">) {
  return <TextField {...props} type="password" autoComplete="off" />;
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "onChange" | "value"> & {
  name: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  testId?: string;
  className?: string;
  ref?: Ref<HTMLTextAreaElement>;
};

/** A labelled multi-line input (Enter makes a new line, never submits). */
export function TextAreaField({ name, label, value, onChange, error, hint, required, testId, className, ref, rows = 3, ...rest }: TextAreaProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", error ? "field--invalid" : "", className ?? ""].join(" ").trim()}>
      <div className="field__label-row">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {required ? (
          <span className="field__required" aria-hidden="true">
            必須
          </span>
        ) : null}
      </div>
      <textarea
        {...rest}
        ref={ref}
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy}
        data-testid={testId}
        className="input textarea"
        spellCheck={rest.spellCheck ?? false}
      />
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
