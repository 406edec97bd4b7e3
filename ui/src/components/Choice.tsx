import { useId, type ReactNode } from "react";

export interface ChoiceOption<T extends string> {
  value: T;
  label: ReactNode;
  testId?: string;
}

interface GroupProps {
  /** Field name: the key of backend field errors and of `error-<name>`. */
  name: string;
  legend: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  /** Lay the options out in this many columns (default: in one row, wrapping). */
  columns?: number;
}

function Group({
  name,
  legend,
  error,
  hint,
  required,
  className,
  columns,
  children,
  role,
}: GroupProps & { children: ReactNode; role?: string }) {
  const id = useId();
  return (
    <fieldset
      className={["choice-group", error ? "field--invalid" : "", className ?? ""].join(" ").trim()}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
      role={role}
    >
      <legend className="field__label">
        {legend}
        {required ? (
          <span className="field__required" aria-hidden="true">
            {" "}
            必須
          </span>
        ) : null}
      </legend>
      <div className="choice-group__options" style={columns ? { gridTemplateColumns: `repeat(${columns}, max-content)` } : undefined}>
        {children}
      </div>
      {error ? (
        <p id={`${id}-error`} className="field__error" data-testid={`error-${name}`}>
          {error}
        </p>
      ) : null}
      {hint ? <p className="field__hint">{hint}</p> : null}
    </fieldset>
  );
}

/** Radio buttons in a fieldset: arrow keys move between them (the browser's own radio group). */
export function RadioGroup<T extends string>({
  value,
  onChange,
  options,
  disabled,
  ...group
}: GroupProps & { value: T; onChange: (value: T) => void; options: ReadonlyArray<ChoiceOption<T>>; disabled?: boolean }) {
  const groupName = useId();
  return (
    <Group {...group} role="radiogroup">
      {options.map((o) => (
        <label key={o.value} className={o.value === value ? "choice choice--checked" : "choice"}>
          <input
            type="radio"
            name={groupName}
            value={o.value}
            checked={o.value === value}
            onChange={() => onChange(o.value)}
            data-testid={o.testId}
            disabled={disabled}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </Group>
  );
}

/** Check boxes in a fieldset, for a set of codes. The order of `values` follows `options`. */
export function CheckboxGroup<T extends string>({
  values,
  onChange,
  options,
  ...group
}: GroupProps & { values: readonly T[]; onChange: (values: T[]) => void; options: ReadonlyArray<ChoiceOption<T>> }) {
  const toggle = (v: T, on: boolean) => {
    const set = new Set(values);
    if (on) set.add(v);
    else set.delete(v);
    onChange(options.map((o) => o.value).filter((x) => set.has(x)));
  };
  return (
    <Group {...group}>
      {options.map((o) => {
        const checked = values.includes(o.value);
        return (
          <label key={o.value} className={checked ? "choice choice--checked" : "choice"}>
            <input type="checkbox" checked={checked} onChange={(e) => toggle(o.value, e.target.checked)} data-testid={o.testId} />
            <span>{o.label}</span>
          </label>
        );
      })}
    </Group>
  );
}
