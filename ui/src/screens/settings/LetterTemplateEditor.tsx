import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsOf, placeErrors, toApiError } from "../../backend/errors";
import type { CaseQuery, LetterPreview, LetterVocabulary, Scope, TemplateBody, TemplateDetail } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { PdfPages } from "../../components/PdfPages";
import { formatDateTime } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { useDebounced } from "../../lib/useDebounced";
import { CheckField, SelectField } from "./policyFields";

/** How long the editor waits after the last change before drawing the preview again. */
export const PREVIEW_DEBOUNCE_MS = 400;

/** The newest cases, offered as the data of the preview (besides 見本データ). */
const PREVIEW_CASES: CaseQuery = {
  search: "",
  queue: null,
  statuses: [],
  kinds: [],
  channels: [],
  specificPersonalInfo: null,
  sort: "received_desc",
  page: 0,
  pageSize: 30,
};

/** The fields of a template shown next to their inputs; anything else goes to the alert. */
const FORM_FIELDS = ["name", "title", "addressed", "scope", "text"] as const;

const same = (a: TemplateBody, b: TemplateBody) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One letter template in 設定 › 文書: its fields, the 差し込み項目 to insert,
 * a live preview drawn by the core, saving as a new version, going back to
 * the shipped text, and the version history. A 管理者 edits; anyone else
 * reads (and may still look at the preview).
 */
export function LetterTemplateEditor({
  templateKey,
  canEdit,
  vocabulary,
  onDirtyChange,
  onClose,
}: {
  templateKey: string;
  canEdit: boolean;
  vocabulary: LetterVocabulary;
  onDirtyChange: (dirty: boolean) => void;
  onClose: () => void;
}) {
  const backend = useBackend();
  const detail = useQuery({
    queryKey: queryKeys.letterTemplate(templateKey),
    queryFn: () => backend.getLetterTemplate(templateKey),
  });
  if (detail.isError) {
    return (
      <ErrorAlert testId="template-load-error">
        {(detail.error as { message?: string }).message ?? "テンプレートを読み込めませんでした。"}
      </ErrorAlert>
    );
  }
  if (!detail.data) return <p className="muted">読み込み中…</p>;
  return (
    <TemplateForm
      initial={detail.data}
      canEdit={canEdit}
      vocabulary={vocabulary}
      onDirtyChange={onDirtyChange}
      onClose={onClose}
    />
  );
}

function TemplateForm({
  initial,
  canEdit,
  vocabulary,
  onDirtyChange,
  onClose,
}: {
  initial: TemplateDetail;
  canEdit: boolean;
  vocabulary: LetterVocabulary;
  onDirtyChange: (dirty: boolean) => void;
  onClose: () => void;
}) {
  const key = initial.key;
  const backend = useBackend();
  const client = useQueryClient();
  // The cached detail, kept fresh after a save (version, history).
  const live = useQuery({ queryKey: queryKeys.letterTemplate(key), queryFn: () => backend.getLetterTemplate(key) });
  const current = live.data ?? initial;

  const [draft, setDraft] = useState<TemplateBody>(initial.body);
  const [baseline, setBaseline] = useState<TemplateBody>(initial.body);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [caseId, setCaseId] = useState<number | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  /** Where the caret goes once an inserted 差し込み項目 is in the text. */
  const caret = useRef<number | null>(null);
  const save = useCommand((body: TemplateBody) => backend.saveLetterTemplate(key, body));
  const caseSelectId = useId();

  const dirty = !same(draft, baseline);
  useEffect(() => {
    onDirtyChange(dirty);
  }, [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  // ---- live preview: the core draws the draft a moment after the last change.
  const draftJson = JSON.stringify(draft);
  const typed = useDebounced(draftJson, PREVIEW_DEBOUNCE_MS);
  const preview = useQuery({
    queryKey: ["letterTemplatePreview", typed, caseId],
    queryFn: () => backend.previewLetterTemplate(JSON.parse(typed) as TemplateBody, caseId),
    retry: false,
    staleTime: Infinity,
    // PDFs are large: do not keep the previews of every keystroke around.
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  const [lastGood, setLastGood] = useState<{ preview: LetterPreview; caseId: number | null } | null>(null);
  useEffect(() => {
    if (preview.data) setLastGood({ preview: preview.data, caseId });
    // caseId is part of the query key: data changes whenever it matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preview.data]);
  const previewIsCurrent = draftJson === typed;
  const previewError = preview.isError && previewIsCurrent ? toApiError(preview.error) : null;
  const previewFieldErrors = fieldErrorsOf(previewError);

  const cases = useQuery({ queryKey: ["cases", PREVIEW_CASES], queryFn: () => backend.listCases(PREVIEW_CASES) });

  // ---- errors: a refused save first, else what the preview found in the draft.
  const placed = placeErrors(save.error, FORM_FIELDS);
  const errors: Record<string, string | undefined> = {};
  for (const f of FORM_FIELDS) errors[f] = placed.at[f] ?? previewFieldErrors[f];

  // After a refused save, the first field in error gets the focus.
  useEffect(() => {
    if (!save.error || save.error.fields.length === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error]);

  // After a 差し込み項目 was inserted: the caret right after it, in the text.
  useLayoutEffect(() => {
    const at = caret.current;
    const ta = textRef.current;
    if (at === null || !ta) return;
    caret.current = null;
    ta.focus();
    ta.setSelectionRange(at, at);
  }, [draft.text]);

  const edit = (patch: Partial<TemplateBody>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setNotice(null);
    save.reset();
  };

  const insert = (name: string) => {
    if (!canEdit) return;
    const token = `{{${name}}}`;
    const ta = textRef.current;
    const text = draft.text;
    const start = ta ? ta.selectionStart : text.length;
    const end = ta ? ta.selectionEnd : text.length;
    caret.current = start + token.length;
    edit({ text: text.slice(0, start) + token + text.slice(end) });
  };

  const submit = async () => {
    if (!canEdit) return;
    setNotice(null);
    const before = current.version;
    const outcome = await save.run(draft);
    if (!outcome.ok) return;
    const saved = outcome.value;
    client.setQueryData(queryKeys.letterTemplate(key), saved);
    void client.invalidateQueries({ queryKey: queryKeys.letterTemplates });
    setDraft(saved.body);
    setBaseline(saved.body);
    setNotice(
      saved.version === before
        ? "変更がないため、新しい版は作りませんでした。"
        : `第${saved.version}版として保存しました。発行済みの文書は元の版のまま残ります。`,
    );
  };

  const resetToDefault = () => {
    setConfirmReset(false);
    edit({ ...current.defaultBody });
    setNotice("初期設定の内容を編集欄に読み込みました。「保存（新しい版）」を押すまで、今の版は変わりません。");
    window.setTimeout(() => textRef.current?.focus(), 0);
  };

  const discard = () => {
    setDraft(baseline);
    save.reset();
    setNotice("変更を取り消しました。");
  };

  const scopeOptions = vocabulary.scopes.map((s) => ({ value: s.code, label: s.label }));
  const isShipped = same(baseline, current.defaultBody);
  const caseRows = cases.data?.items ?? [];
  const previewShown = lastGood?.preview ?? null;
  const missing = lastGood && lastGood.caseId === caseId && caseId !== null ? lastGood.preview.missing : [];

  return (
    <section className="letter-editor" data-testid="template-editor" aria-labelledby="letter-editor-title">
      <div className="letter-editor__head">
        <h3 id="letter-editor-title" className="subsection-title letter-editor__title" ref={titleRef} tabIndex={-1}>
          {canEdit ? "テンプレートの編集" : "テンプレート（表示）"}：{baseline.name}
          <span className="letter-editor__version" data-testid="template-version">
            第{current.version}版
          </span>
          {!isShipped ? <span className="badge badge--open">編集済み</span> : null}
        </h3>
        <Button variant="quiet" onClick={onClose} testId="template-close">
          閉じる
        </Button>
      </div>
      {!canEdit ? (
        <p className="notice notice--info" data-testid="template-read-only">
          テンプレートの編集は管理者が行います。
        </p>
      ) : null}

      <div className="letter-editor__grid">
        <ImeSafeForm ref={formRef} onSubmit={() => void submit()} aria-label="テンプレート" className="letter-editor__form">
          {placed.unplaced.length > 0 ? (
            <ErrorAlert testId="template-save-error" title="保存できませんでした。">
              {placed.unplaced.map((m, i) => (
                <p key={i} className="pre-line">
                  {m}
                </p>
              ))}
            </ErrorAlert>
          ) : null}
          <fieldset className="letter-editor__fieldset" disabled={!canEdit}>
            <div className="letter-editor__fields">
              <TextField
                name="name"
                label="テンプレート名"
                required
                value={draft.name}
                onChange={(name) => edit({ name })}
                error={errors.name}
                testId="template-name"
                hint="文書を発行するときに選ぶ名前です。"
              />
              <TextField
                name="title"
                label="表題"
                required
                value={draft.title}
                onChange={(title) => edit({ title })}
                error={errors.title}
                testId="template-title"
                hint="文書の上部中央に印字されます。"
              />
              <SelectField
                name="scope"
                label="対象の請求"
                value={draft.scope}
                onChange={(scope) => edit({ scope: scope as Scope })}
                options={scopeOptions}
                error={errors.scope}
                testId="template-scope"
                hint="決定内容・根拠・理由には、この種類の請求だけが載ります。"
              />
              <CheckField
                name="addressed"
                label="宛名（郵便番号・住所・氏名）を印字する"
                checked={draft.addressed}
                onChange={(addressed) => edit({ addressed })}
                error={errors.addressed}
                testId="template-addressed"
                hint="窓付き封筒で送る文書は印字します。申請書など宛名の要らない文書は外します。"
              />
            </div>
            <TextAreaField
              ref={textRef}
              name="text"
              label="本文"
              required
              value={draft.text}
              onChange={(text) => edit({ text })}
              error={errors.text}
              testId="template-text"
              rows={22}
              className="letter-editor__text"
              hint="下の差し込み項目を押すと、カーソルの位置に入ります。"
            />

            <div className="letter-fields" data-testid="template-fields">
              <h4 className="letter-fields__title">差し込み項目</h4>
              <ul className="letter-fields__list">
                {vocabulary.fields.map((f) => (
                  <li key={f.name}>
                    <button
                      type="button"
                      className="letter-fields__item"
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => insert(f.name)}
                      data-testid={`template-field-${f.name}`}
                      aria-label={`{{${f.name}}} を本文に入れる：${f.description}`}
                      title={`見本：${f.sample}`}
                    >
                      <code className="letter-fields__name">{`{{${f.name}}}`}</code>
                      <span className="letter-fields__desc">{f.description}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          </fieldset>

          <div className="letter-markup" data-testid="template-markup-help">
            <h4 className="letter-fields__title">書き方</h4>
            <p className="pre-line">{vocabulary.markupHelp}</p>
          </div>

          {canEdit ? (
            <div className="form-actions form-actions--start letter-editor__actions">
              <Button type="submit" variant="primary" testId="template-save" pending={save.pending} pendingLabel="保存中…">
                保存（新しい版）
              </Button>
              <Button onClick={discard} disabled={!dirty || save.pending} testId="template-discard">
                変更を取り消す
              </Button>
              <Button
                onClick={() => setConfirmReset(true)}
                disabled={same(draft, current.defaultBody) || save.pending}
                testId="template-reset"
              >
                初期設定に戻す
              </Button>
            </div>
          ) : null}
          {notice ? <StatusMessage testId="template-notice">{notice}</StatusMessage> : null}
        </ImeSafeForm>

        <div className="letter-editor__preview">
          <div className="letter-preview__head">
            <h4 className="letter-fields__title">プレビュー</h4>
            <div className="field field--inline">
              <label htmlFor={caseSelectId}>プレビューに使う案件</label>
              <select
                id={caseSelectId}
                className="input select"
                value={caseId === null ? "" : String(caseId)}
                onChange={(e) => setCaseId(e.target.value === "" ? null : Number(e.target.value))}
                data-testid="template-preview-case"
              >
                <option value="">見本データ</option>
                {caseRows.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.receiptNo}　{c.requesterName}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {previewError ? (
            <p className="notice notice--warning" data-testid="template-preview-error" role="status">
              {previewError.fields.length > 0
                ? `入力内容に誤りがあるため、プレビューを更新できません（${previewError.fields[0]!.message}）。${previewShown ? "直前のプレビューを表示しています。" : ""}`
                : previewError.message}
            </p>
          ) : null}
          {missing.length > 0 ? (
            <div className="notice notice--info" data-testid="template-preview-missing">
              <p className="notice__title">この案件では次の項目が足りないため、この文書はまだ発行できません。</p>
              <ul>
                {missing.map((m) => (
                  <li key={m.name}>
                    ・{m.name}：{m.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div
            className={previewError ? "letter-preview letter-preview--stale" : "letter-preview"}
            data-testid="template-preview"
            aria-busy={preview.isFetching || !previewIsCurrent}
          >
            {previewShown ? (
              <PdfPages pdfBase64={previewShown.pdfBase64} label={`「${draft.name}」のプレビュー`} />
            ) : previewError ? null : (
              <p className="muted">プレビューを作成しています…</p>
            )}
          </div>
          <p className="field__hint">
            {caseId === null
              ? "見本データで表示しています。案件を選ぶと、その案件の内容で表示します（文書は発行されません）。"
              : "選んだ案件の内容で表示しています。文書は発行されず、文書番号も使われません。"}
          </p>
        </div>
      </div>

      <div className="letter-history" data-testid="template-history">
        <h4 className="letter-fields__title">版の履歴</h4>
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">版</th>
              <th scope="col">日時</th>
              <th scope="col">更新者</th>
            </tr>
          </thead>
          <tbody>
            {current.history.map((h) => (
              <tr key={h.version} data-testid={`template-history-${h.version}`}>
                <td className="nowrap">
                  第{h.version}版{h.version === current.version ? <span className="muted">（使用中）</span> : null}
                </td>
                <td className="nowrap">{h.createdAt ? formatDateTime(h.createdAt) : "—"}</td>
                <td>{h.createdBy || "初期設定"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="field__hint">発行済みの文書は、発行したときの版のまま残ります。</p>
      </div>

      {confirmReset ? (
        <ConfirmDialog
          title="初期設定に戻す"
          confirmLabel="初期設定の内容にする"
          onConfirm={resetToDefault}
          onCancel={() => setConfirmReset(false)}
          testId="template-reset-dialog"
        >
          <p>
            編集欄を、製品に用意されている初期設定の内容に置き換えます。編集中の内容は失われます。「保存（新しい版）」を押すまで、今の版は変わりません。
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
