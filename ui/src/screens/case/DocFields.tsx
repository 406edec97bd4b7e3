import { useEffect, useId, useState, type KeyboardEvent } from "react";
import type { FieldErrors } from "../../backend/errors";
import type { DocInfo, DocType, Vocabulary } from "../../backend/types";
import { TextField } from "../../components/Field";
import { isImeComposing } from "../../lib/ime";

/**
 * 書類の種類 (a select of the core's list), 「本籍の記載あり」 for a 運転免許証,
 * and the 有効期限 / 発行日 it is checked by. The type and the check box are
 * sent at once; a date when it is left (or on Enter). Test ids are
 * `${testIdPrefix}-doc-type`, `-honseki`, `-expires-on`, `-issued-on`.
 */
export function DocFields({
  vocabulary,
  value,
  onCommit,
  errors,
  disabled = false,
  testIdPrefix,
  fileName,
}: {
  vocabulary: Vocabulary;
  value: DocInfo;
  onCommit: (doc: DocInfo) => void;
  /** Field errors by name: docType, issuedOn, expiresOn. */
  errors: FieldErrors;
  disabled?: boolean;
  testIdPrefix: string;
  /** For the labels read out by screen readers. */
  fileName: string;
}) {
  const id = useId();
  const [dates, setDates] = useState({ issuedOn: value.issuedOn, expiresOn: value.expiresOn });
  // The backend's answer (a date written as 2026-12-05) replaces what was typed.
  useEffect(() => setDates({ issuedOn: value.issuedOn, expiresOn: value.expiresOn }), [value.issuedOn, value.expiresOn]);

  const commitDates = () => {
    if (dates.issuedOn !== value.issuedOn || dates.expiresOn !== value.expiresOn) onCommit({ ...value, ...dates });
  };
  const onDateKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" && !isImeComposing(e)) {
      e.preventDefault();
      commitDates();
    }
  };

  const classified = value.docType !== "unclassified";
  const dateField = (name: "expiresOn" | "issuedOn", label: string, testId: string) => (
    <TextField
      name={name}
      label={label}
      value={dates[name]}
      onChange={(v) => setDates((d) => ({ ...d, [name]: v }))}
      onBlur={commitDates}
      onKeyDown={onDateKey}
      error={errors[name]}
      placeholder="2026-12-05"
      inputClassName="input--date"
      testId={`${testIdPrefix}-${testId}`}
      disabled={disabled}
      aria-label={`${fileName} の${label}`}
    />
  );

  return (
    <div className="doc-fields">
      <div className={errors.docType ? "field field--invalid" : "field"}>
        <label className="field__label" htmlFor={`${id}-type`}>
          書類の種類
        </label>
        <select
          id={`${id}-type`}
          className="input select doc-fields__type"
          value={value.docType}
          onChange={(e) => onCommit({ ...value, ...dates, docType: e.target.value as DocType, honsekiPrinted: e.target.value === "drivers_license" && value.honsekiPrinted })}
          disabled={disabled}
          aria-invalid={errors.docType ? true : undefined}
          aria-label={`${fileName} の書類の種類`}
          data-testid={`${testIdPrefix}-doc-type`}
        >
          {vocabulary.docTypes.map((t) => (
            <option key={t.docType} value={t.docType}>
              {t.label}
            </option>
          ))}
        </select>
        {errors.docType ? <p className="field__error">{errors.docType}</p> : null}
      </div>
      {value.docType === "drivers_license" ? (
        <label className={value.honsekiPrinted ? "choice choice--checked doc-fields__honseki" : "choice doc-fields__honseki"}>
          <input
            type="checkbox"
            checked={value.honsekiPrinted}
            onChange={(e) => onCommit({ ...value, ...dates, honsekiPrinted: e.target.checked })}
            disabled={disabled}
            data-testid={`${testIdPrefix}-honseki`}
          />
          <span>本籍の記載あり</span>
        </label>
      ) : null}
      {classified ? dateField("expiresOn", "有効期限", "expires-on") : null}
      {classified ? dateField("issuedOn", "発行日", "issued-on") : null}
    </div>
  );
}
