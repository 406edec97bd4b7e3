import { useState } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsOf } from "../../backend/errors";
import type { DocType, OriginalInput, OriginalRecord, Verification, Vocabulary } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { formatDay, isoDay } from "../../lib/dates";
import { useCommand } from "../../lib/useCommand";
import { labelOf } from "../../lib/vocabulary";

/** How originals usually go back (free text: anything else may be typed). */
export const RETURN_METHODS = ["簡易書留", "特定記録郵便", "レターパック", "普通郵便", "手渡し"] as const;
const OTHER = "__other";

type Mode = { kind: "add" } | { kind: "return"; record: OriginalRecord } | { kind: "keep"; record: OriginalRecord };

const inputOf = (r: OriginalRecord): OriginalInput => ({
  docType: r.docType,
  receivedOn: r.receivedOn,
  issuedOn: r.issuedOn,
  returnedOn: r.returnedOn,
  returnMethod: r.returnMethod,
  keptReason: r.keptReason,
  note: r.note,
});

/** 原本の記録: originals received by post, their return (date, how) or why they are kept. */
export function OriginalsSection({
  caseId,
  originals,
  vocabulary,
  onUpdated,
}: {
  caseId: number;
  originals: OriginalRecord[];
  vocabulary: Vocabulary;
  onUpdated: (v: Verification) => void;
}) {
  const [mode, setMode] = useState<Mode | null>(null);
  const docLabel = (d: DocType) => labelOf(vocabulary.docTypes.map((t) => ({ code: t.docType, label: t.label })), d);

  return (
    <section className="verification-section" data-testid="verification-originals" aria-labelledby="verification-originals-title">
      <div className="verification-section__head">
        <h3 id="verification-originals-title" className="verification-section__title">
          原本の記録
        </h3>
        <Button onClick={() => setMode({ kind: "add" })} testId="original-add">
          原本を受領
        </Button>
      </div>
      <p className="muted verification-section__hint">郵送で受け取った原本（委任状・印鑑登録証明書など）を記録し、返却または保管を記録します。</p>
      {originals.length === 0 ? (
        <p className="muted" data-testid="originals-empty">
          記録された原本はありません。
        </p>
      ) : (
        <table className="table originals-table">
          <thead>
            <tr>
              <th scope="col">書類の種類</th>
              <th scope="col">受領日</th>
              <th scope="col">発行日</th>
              <th scope="col">状態</th>
              <th scope="col">返却・保管</th>
              <th scope="col">メモ</th>
              <th scope="col" className="table__actions-head">
                操作
              </th>
            </tr>
          </thead>
          <tbody>
            {originals.map((o) => (
              <tr key={o.id} data-testid="original-row" data-original-id={o.id}>
                <td>
                  <span className="originals-table__doc">{docLabel(o.docType)}</span>
                  {o.problems.length > 0 ? (
                    <ul className="originals-table__problems" data-testid="original-problems">
                      {o.problems.map((p, i) => (
                        <li key={i}>{p}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td className="nowrap">{formatDay(o.receivedOn)}</td>
                <td className="nowrap">{o.issuedOn ? formatDay(o.issuedOn) : <span className="muted">—</span>}</td>
                <td className="nowrap">
                  <span className={o.returnedOn ? "badge badge--ok" : o.keptReason ? "badge badge--open" : "badge badge--warning"} data-testid="original-state">
                    {o.state}
                  </span>
                </td>
                <td>
                  {o.returnedOn ? (
                    <span data-testid="original-returned">
                      {formatDay(o.returnedOn)}・{o.returnMethod}
                    </span>
                  ) : o.keptReason ? (
                    <span className="pre-line" data-testid="original-kept-reason-text">
                      {o.keptReason}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="pre-line">{o.note || <span className="muted">—</span>}</td>
                <td className="table__actions">
                  <div className="table__actions-inner">
                    {!o.returnedOn ? (
                      <>
                        <Button variant="quiet" onClick={() => setMode({ kind: "return", record: o })} testId="original-return">
                          返却を記録
                        </Button>
                        <Button variant="quiet" onClick={() => setMode({ kind: "keep", record: o })} testId="original-keep">
                          保管の理由
                        </Button>
                      </>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mode ? (
        <OriginalDialog
          caseId={caseId}
          mode={mode}
          vocabulary={vocabulary}
          onClose={() => setMode(null)}
          onSaved={(v) => {
            setMode(null);
            onUpdated(v);
          }}
        />
      ) : null}
    </section>
  );
}

const FIELDS_OF: Record<Mode["kind"], ReadonlyArray<keyof OriginalInput>> = {
  add: ["docType", "receivedOn", "issuedOn", "note"],
  return: ["returnedOn", "returnMethod", "note"],
  keep: ["keptReason", "note"],
};

function OriginalDialog({
  caseId,
  mode,
  vocabulary,
  onClose,
  onSaved,
}: {
  caseId: number;
  mode: Mode;
  vocabulary: Vocabulary;
  onClose: () => void;
  onSaved: (v: Verification) => void;
}) {
  const backend = useBackend();
  const [value, setValue] = useState<OriginalInput>(() => {
    if (mode.kind === "add")
      return { docType: "unclassified", receivedOn: isoDay(), issuedOn: "", returnedOn: "", returnMethod: "", keptReason: "", note: "" };
    const v = inputOf(mode.record);
    return mode.kind === "return" ? { ...v, returnedOn: isoDay(), returnMethod: v.returnMethod || RETURN_METHODS[0], keptReason: "" } : v;
  });
  const known = (RETURN_METHODS as readonly string[]).includes(value.returnMethod);
  const [method, setMethod] = useState<string>(known || mode.kind !== "return" ? value.returnMethod : OTHER);
  const save = useCommand((input: OriginalInput) => backend.saveOriginal(caseId, mode.kind === "add" ? null : mode.record.id, input));
  const errors = fieldErrorsOf(save.error);
  const shown = FIELDS_OF[mode.kind];
  const unplaced = save.error ? save.error.fields.filter((f) => !shown.includes(f.field.split(".").pop() as keyof OriginalInput)) : [];

  const set = <K extends keyof OriginalInput>(k: K, v: OriginalInput[K]) => setValue((x) => ({ ...x, [k]: v }));
  const submit = () =>
    void save.run(value).then((o) => {
      if (o.ok) onSaved(o.value);
    });

  const title =
    mode.kind === "add"
      ? "原本を受領"
      : mode.kind === "return"
        ? `返却を記録（${labelOf(vocabulary.docTypes.map((t) => ({ code: t.docType, label: t.label })), mode.record.docType)}）`
        : `保管の理由（${labelOf(vocabulary.docTypes.map((t) => ({ code: t.docType, label: t.label })), mode.record.docType)}）`;

  return (
    <Dialog title={title} onClose={onClose} testId="original-dialog" width={520}>
      <ImeSafeForm onSubmit={submit} aria-label={title}>
        {save.error && (unplaced.length > 0 || save.error.fields.length === 0) ? (
          <ErrorAlert testId="original-error">
            {unplaced.length > 0 ? unplaced.map((f, i) => <p key={i}>{f.message}</p>) : save.error.message}
          </ErrorAlert>
        ) : null}
        <div className="form-stack">
          {mode.kind === "add" ? (
            <>
              <div className={errors.docType ? "field field--invalid" : "field"}>
                <label className="field__label" htmlFor="original-doc-type">
                  書類の種類
                </label>
                <select
                  id="original-doc-type"
                  className="input select"
                  value={value.docType}
                  onChange={(e) => set("docType", e.target.value as DocType)}
                  aria-invalid={errors.docType ? true : undefined}
                  data-testid="original-doc-type"
                >
                  {vocabulary.docTypes.map((t) => (
                    <option key={t.docType} value={t.docType}>
                      {t.docType === "unclassified" ? "（選んでください）" : t.label}
                    </option>
                  ))}
                </select>
                {errors.docType ? (
                  <p className="field__error" data-testid="error-docType">
                    {errors.docType}
                  </p>
                ) : null}
              </div>
              <div className="form-grid">
                <TextField
                  name="receivedOn"
                  label="受領日"
                  value={value.receivedOn}
                  onChange={(v) => set("receivedOn", v)}
                  error={errors.receivedOn}
                  required
                  hint="例: 2026-12-05"
                  testId="original-received-on"
                />
                <TextField
                  name="issuedOn"
                  label="発行日"
                  value={value.issuedOn}
                  onChange={(v) => set("issuedOn", v)}
                  error={errors.issuedOn}
                  hint="証明書の発行日（分かる場合）"
                  testId="original-issued-on"
                />
              </div>
            </>
          ) : null}
          {mode.kind === "return" ? (
            <div className="form-grid">
              <TextField
                name="returnedOn"
                label="返却日"
                value={value.returnedOn}
                onChange={(v) => set("returnedOn", v)}
                error={errors.returnedOn}
                required
                hint="例: 2026-12-05"
                testId="original-returned-on"
              />
              <div className={errors.returnMethod ? "field field--invalid" : "field"}>
                <label className="field__label" htmlFor="original-return-method">
                  返却の方法
                </label>
                <select
                  id="original-return-method"
                  className="input select"
                  value={method}
                  onChange={(e) => {
                    setMethod(e.target.value);
                    set("returnMethod", e.target.value === OTHER ? "" : e.target.value);
                  }}
                  aria-invalid={errors.returnMethod ? true : undefined}
                  data-testid="original-return-method"
                >
                  {RETURN_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                  <option value={OTHER}>その他（入力する）</option>
                </select>
                {method === OTHER ? (
                  <input
                    className="input original-dialog__other"
                    value={value.returnMethod}
                    onChange={(e) => set("returnMethod", e.target.value)}
                    aria-label="返却の方法（その他）"
                    aria-invalid={errors.returnMethod ? true : undefined}
                    data-testid="original-return-method-other"
                  />
                ) : null}
                {errors.returnMethod ? (
                  <p className="field__error" data-testid="error-returnMethod">
                    {errors.returnMethod}
                  </p>
                ) : null}
              </div>
            </div>
          ) : null}
          {mode.kind === "keep" ? (
            <TextAreaField
              name="keptReason"
              label="保管の理由"
              value={value.keptReason}
              onChange={(v) => set("keptReason", v)}
              error={errors.keptReason}
              hint="返却せずに保管する理由（例: 請求者から返却不要との申出）"
              testId="original-kept-reason"
            />
          ) : null}
          <TextAreaField name="note" label="メモ" value={value.note} onChange={(v) => set("note", v)} error={errors.note} rows={2} testId="original-note" />
        </div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={save.pending} testId="original-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="primary" pending={save.pending} pendingLabel="保存中…" testId="original-save">
            記録する
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}
