import type { FieldErrors } from "../backend/errors";
import type { Organisation } from "../backend/types";
import { TextField } from "./Field";

type Field = keyof Organisation;

const FIELDS: ReadonlyArray<{
  field: Field;
  label: string;
  placeholder: string;
  area: string;
  required?: boolean;
  inputMode?: "numeric" | "tel" | "email";
}> = [
  { field: "name", label: "会社名", placeholder: "例：株式会社サンプル商事", area: "name", required: true },
  { field: "deskName", label: "窓口名", placeholder: "例：個人情報問合せ窓口", area: "desk", required: true },
  { field: "postalCode", label: "郵便番号", placeholder: "例：100-0001", area: "postal", inputMode: "numeric" },
  { field: "address", label: "住所", placeholder: "例：東京都千代田区千代田1-1", area: "address" },
  { field: "phone", label: "電話番号", placeholder: "例：03-1234-5678", area: "phone", inputMode: "tel" },
  { field: "email", label: "メールアドレス", placeholder: "例：privacy@example.co.jp", area: "email", inputMode: "email" },
];

interface Props {
  value: Organisation;
  onChange: (field: Field, value: string) => void;
  errors: FieldErrors;
  /** data-testid of each input, e.g. { name: "setup-org-name", … }. */
  testIds: Record<Field, string>;
  readOnly?: boolean;
  autoFocus?: boolean;
}

/** The six organisation fields, as in 初期設定 and 設定 › 組織情報. */
export function OrganisationFields({ value, onChange, errors, testIds, readOnly = false, autoFocus = false }: Props) {
  return (
    <div className="org-grid">
      {FIELDS.map((f, i) => (
        <TextField
          key={f.field}
          name={f.field}
          label={f.label}
          required={f.required && !readOnly}
          value={value[f.field]}
          onChange={(v) => onChange(f.field, v)}
          error={errors[f.field]}
          testId={testIds[f.field]}
          placeholder={readOnly ? undefined : f.placeholder}
          inputMode={f.inputMode}
          readOnly={readOnly}
          autoFocus={autoFocus && i === 0}
          className={`org-grid__${f.area}`}
        />
      ))}
    </div>
  );
}
