import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { FieldErrors } from "../../backend/errors";
import type { DocInfo, DocType, Vocabulary } from "../../backend/types";
import { TextField } from "../../components/Field";
import { isImeComposing } from "../../lib/ime";

/**
 * 書類の種類 (a select of the core's list), 「本籍の記載あり」 for a 運転免許証,
 * and the 有効期限 / 発行日 it is checked by. The type and the check box are
 * sent at once; a date when it is left (or on Enter). A change made while
 * the previous one is being sent goes next (nothing is lost by a quick
 * Tab or click). Test ids are `${testIdPrefix}-doc-type`, `-honseki`,
 * `-expires-on`, `-issued-on`.
 */
export function DocFields({
  vocabulary,
  value,
  onCommit,
  errors,
  testIdPrefix,
  fileName,
}: {
  vocabulary: Vocabulary;
  value: DocInfo;
  /** Sends the document's data; resolves true when the backend took it. */
  onCommit: (doc: DocInfo) => Promise<boolean>;
  /** Field errors by name: docType, issuedOn, expiresOn. */
  errors: FieldErrors;
  testIdPrefix: string;
  /** For the labels read out by screen readers. */
  fileName: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState<DocInfo>(value);
  // The backend's answer (a date written as 2026-12-05) replaces what was typed.
  useEffect(() => setDraft(value), [value]);
  const busy = useRef(false);
  const queued = useRef<DocInfo | null>(null);

  const commit = async (doc: DocInfo) => {
    setDraft(doc);
    if (busy.current) {
      queued.current = doc;
      return;
    }
    busy.current = true;
    try {
      let next: DocInfo | null = doc;
      while (next) {
        queued.current = null;
        const ok: boolean = await onCommit(next);
        next = ok ? queued.current : null;
      }
    } finally {
      busy.current = false;
      queued.current = null;
    }
  };

  const commitDates = () => {
    if (draft.issuedOn !== value.issuedOn || draft.expiresOn !== value.expiresOn) void commit(draft);
  };
  const onDateKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" && !isImeComposing(e)) {
      e.preventDefault();
      commitDates();
    }
  };

  const dateField = (name: "expiresOn" | "issuedOn", label: string, testId: string) => (
    <TextField
      name={name}
      label={label}
      value={draft[name]}
      onChange={(v) => setDraft((d) => ({ ...d, [name]: v }))}
      onBlur={commitDates}
      onKeyDown={onDateKey}
      error={errors[name]}
      placeholder="例 2026-12-05"
      inputClassName="input--date"
      testId={`${testIdPrefix}-${testId}`}
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
          value={draft.docType}
          onChange={(e) => {
            const docType = e.target.value as DocType;
            void commit({ ...draft, docType, honsekiPrinted: docType === "drivers_license" && draft.honsekiPrinted });
          }}
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
      {draft.docType === "drivers_license" ? (
        <label className={draft.honsekiPrinted ? "choice choice--checked doc-fields__honseki" : "choice doc-fields__honseki"}>
          <input
            type="checkbox"
            checked={draft.honsekiPrinted}
            onChange={(e) => void commit({ ...draft, honsekiPrinted: e.target.checked })}
            data-testid={`${testIdPrefix}-honseki`}
          />
          <span>本籍の記載あり</span>
        </label>
      ) : null}
      {draft.docType !== "unclassified" ? dateField("expiresOn", "有効期限", "expires-on") : null}
      {draft.docType !== "unclassified" ? dateField("issuedOn", "発行日", "issued-on") : null}
    </div>
  );
}
