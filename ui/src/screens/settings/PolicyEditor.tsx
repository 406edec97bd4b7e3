import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode } from "../../backend/errors";
import type {
  DayKind,
  DeadlineStart,
  DocType,
  DocumentsNeeded,
  FeeMethod,
  FeeTiming,
  FeeUnit,
  FieldError,
  IdentityMethod,
  PolicyBody,
  PolicyDetail,
  PolicyWarning,
  RequestKind,
  RetainedRecord,
  RetentionStart,
  ScanRequired,
  Vocabulary,
} from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { CheckboxGroup, RadioGroup } from "../../components/Choice";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { formatDate } from "../../lib/dates";
import {
  bodyOf,
  draftOf,
  draftSignature,
  newRowKey,
  pathErrorsOf,
  placeOf,
  policyErrorsOf,
  type AgentDraft,
  type PathErrors,
  type PolicyDraft,
} from "../../lib/policyForm";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { useDebounced } from "../../lib/useDebounced";
import { choiceOptions, labelsOf, useVocabulary } from "../../lib/vocabulary";
import { CheckField, ListError, SelectField } from "./policyFields";
import { PolicyWarningsDialog } from "./PolicyWarningsDialog";

/** How long the editor waits after a change before asking the core for the APPI lint. */
const LINT_DEBOUNCE_MS = 300;

const updateAt = <T,>(list: readonly T[], i: number, patch: Partial<T>): T[] => list.map((x, j) => (j === i ? { ...x, ...patch } : x));
const removeAt = <T,>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i);

/**
 * A profile in the 設定 › ポリシー tab: a new one (`id` null) or the latest
 * version of one, editable by a 管理者 and read-only for anyone else.
 */
export function PolicyEditor({ id, canEdit, onClose }: { id: number | null; canEdit: boolean; onClose: () => void }) {
  const backend = useBackend();
  const vocabulary = useVocabulary();
  const detail = useQuery({
    queryKey: queryKeys.policy(id ?? 0),
    queryFn: () => backend.getPolicy(id!),
    enabled: id !== null,
  });
  // A fresh template each time 新規作成 is pressed.
  const template = useQuery({
    queryKey: ["policyTemplate"],
    queryFn: () => backend.newPolicyBody(),
    enabled: id === null,
    staleTime: 0,
    gcTime: 0,
  });
  const body = id === null ? template.data : detail.data?.body;
  const failed = id === null ? template.error : detail.error;

  if (failed) {
    return (
      <div className="policy-editor">
        <ErrorAlert testId="policy-load-error">{(failed as { message?: string }).message ?? "ポリシーを読み込めませんでした。"}</ErrorAlert>
        <Button onClick={onClose} testId="policy-cancel">
          一覧に戻る
        </Button>
      </div>
    );
  }
  if (!body) return <p className="muted">読み込み中…</p>;
  return <PolicyForm initialId={id} initialBody={body} vocabulary={vocabulary} canEdit={canEdit} onClose={onClose} />;
}

interface FormProps {
  initialId: number | null;
  initialBody: PolicyBody;
  vocabulary: Vocabulary;
  canEdit: boolean;
  onClose: () => void;
}

function PolicyForm({ initialId, initialBody, vocabulary: v, canEdit, onClose }: FormProps) {
  const backend = useBackend();
  const client = useQueryClient();
  const [id, setId] = useState(initialId);
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(initialBody));
  const [baseline, setBaseline] = useState(() => draftSignature(draftOf(initialBody)));
  const [clientErrors, setClientErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [keepDialog, setKeepDialog] = useState<{ body: PolicyBody; warnings: PolicyWarning[] } | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);
  /** The row just added: its first field takes the focus. */
  const [added, setAdded] = useState<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const save = useCommand((body: PolicyBody, keepWarnings: boolean) => backend.savePolicy(id, body, keepWarnings));
  const detail = useQuery({
    queryKey: queryKeys.policy(id ?? 0),
    queryFn: () => backend.getPolicy(id!),
    enabled: id !== null,
  });

  const built = useMemo(() => bodyOf(draft), [draft]);
  // APPI 38条 lint while editing: the core decides, a moment after the last change.
  const lintInput = useDebounced(JSON.stringify(built.body), LINT_DEBOUNCE_MS);
  const lint = useQuery({
    queryKey: ["policyLint", lintInput],
    queryFn: () => backend.lintPolicy(JSON.parse(lintInput) as PolicyBody),
    enabled: canEdit,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
  const warnings: PolicyWarning[] = (canEdit ? lint.data : undefined) ?? detail.data?.warnings ?? [];
  const warnAt = pathErrorsOf(warnings);

  const serverErrors = policyErrorsOf(save.error);
  const errors: PathErrors = { ...serverErrors, ...pathErrorsOf(clientErrors) };
  const errorList: FieldError[] = clientErrors.length > 0 ? clientErrors : save.error && save.error.code !== ErrorCode.Warnings ? save.error.fields : [];
  const dirty = draftSignature(draft) !== baseline;

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  // After a refused save, the first field in error gets the focus.
  useEffect(() => {
    if (errorList.length === 0) return;
    formRef.current
      ?.querySelector<HTMLElement>(
        'input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"], fieldset[aria-invalid="true"] input',
      )
      ?.focus();
    // Only when a save was refused, not on every keystroke after it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [save.error, clientErrors]);

  const edit = (change: (d: PolicyDraft) => PolicyDraft) => {
    setDraft(change);
    setSaved(null);
  };
  const set =
    <K extends keyof PolicyDraft>(key: K) =>
    (value: PolicyDraft[K]) =>
      edit((d) => ({ ...d, [key]: value }));
  /** Removing a row shifts the rows after it, so errors shown at them would be wrong. */
  const removed = () => {
    save.reset();
    setClientErrors([]);
  };
  const addRow = (key: number) => setAdded(key);

  const done = (detail: PolicyDetail, previousVersion: number | null) => {
    client.setQueryData(queryKeys.policy(detail.id), detail);
    void client.invalidateQueries({ queryKey: queryKeys.policies });
    setId(detail.id);
    const next = draftOf(detail.body);
    setDraft(next);
    setBaseline(draftSignature(next));
    setSaved(
      previousVersion !== null && detail.version === previousVersion
        ? "変更がないため、新しい版は作りませんでした。"
        : `保存しました（第${detail.version}版）。`,
    );
  };

  const submit = async () => {
    if (!canEdit) return;
    setSaved(null);
    const { body, errors: numberErrors } = bodyOf(draft);
    if (numberErrors.length > 0) {
      save.reset();
      setClientErrors(numberErrors);
      return;
    }
    setClientErrors([]);
    const previousVersion = id === null ? null : (detail.data?.version ?? null);
    const outcome = await save.run(body, false);
    if (outcome.ok) done(outcome.value, previousVersion);
    else if (outcome.error?.code === ErrorCode.Warnings) setKeepDialog({ body, warnings: outcome.error.fields });
  };

  const keep = async () => {
    if (!keepDialog) return;
    const previousVersion = id === null ? null : (detail.data?.version ?? null);
    const outcome = await save.run(keepDialog.body, true);
    // A refusal after the warnings (e.g. the name is taken) is shown at its field.
    if (outcome.ok || (outcome.error && outcome.error.fields.length > 0)) setKeepDialog(null);
    if (outcome.ok) done(outcome.value, previousVersion);
  };

  const back = () => {
    const first = keepDialog?.warnings[0]?.field;
    setKeepDialog(null);
    save.reset();
    if (first) window.setTimeout(() => formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus(), 0);
  };

  const leave = () => {
    if (canEdit && dirty) setConfirmLeave(true);
    else onClose();
  };

  const current = detail.data;
  const title = !canEdit ? "ポリシー（表示）" : id === null ? "新しいポリシー" : "ポリシーの編集";

  // Options from the core's vocabulary.
  const photoIds = v.docTypes.filter((d) => d.photoId);
  // The back of the 個人番号カード is never an ID document (the core refuses it: collecting the number).
  const nonPhotoIds = v.docTypes.filter((d) => d.nonPhotoId && !d.photoId && d.docType !== "mynumber_back");
  const agentDocs = v.docTypes.filter((d) => d.docType !== "unclassified").map((d) => ({ value: d.docType, label: d.label }));
  const allowedKinds = labelsOf(v).kinds(v.feeAllowedKinds);

  return (
    <div className="policy-editor" data-testid="policy-editor">
      <div className="policy-editor__head">
        <h2 className="subsection-title policy-editor__title" ref={titleRef} tabIndex={-1}>
          {title}
          {current && id !== null ? <span className="policy-editor__version">第{current.version}版</span> : null}
          {current?.isDefault && id !== null ? <span className="badge badge--open">既定</span> : null}
        </h2>
        <Button variant="quiet" onClick={leave} testId="policy-back">
          ← 一覧に戻る
        </Button>
      </div>
      {!canEdit ? (
        <p className="notice notice--info" data-testid="policy-read-only">
          ポリシーの変更は管理者のみ行えます。
        </p>
      ) : null}

      <ImeSafeForm ref={formRef} onSubmit={() => void submit()} aria-label="ポリシー" className="policy-form">
        {errorList.length > 0 || (save.error && save.error.code !== ErrorCode.Warnings) ? (
          <ErrorAlert testId="policy-error" title="保存できませんでした。入力内容を確認してください。">
            {errorList.length > 0 ? (
              <ul className="alert__list">
                {errorList.map((f, i) => (
                  <li key={`${f.field}-${i}`}>
                    {placeOf(f.field)}: {f.message}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="pre-line">{save.error?.message}</p>
            )}
          </ErrorAlert>
        ) : null}

        <fieldset className="policy-fieldset" disabled={!canEdit}>
          <Section id="policy-sec-basic" title="基本">
            <div className="policy-grid">
              <TextField
                name="name"
                label="名前"
                required
                value={draft.name}
                onChange={set("name")}
                error={errors.name}
                testId="policy-name"
                placeholder="例：標準（オンラインショップ）"
                hint="会社名・サービス名など、受付で選ぶときに分かる名前にします。"
              />
              <TextAreaField
                name="description"
                label="説明"
                value={draft.description}
                onChange={set("description")}
                error={errors.description}
                testId="policy-description"
                rows={2}
                className="policy-grid__wide"
              />
            </div>
            <CheckboxGroup
              name="channels"
              legend="受付経路"
              required
              values={draft.channels}
              onChange={set("channels")}
              error={errors.channels}
              options={v.channels.map(({ code, label }) => ({ value: code, label, testId: `policy-channel-${code}` }))}
            />
            <CheckField
              name="sendsOwnForm"
              label="請求があったら、先に当社の申請書を送付して返送してもらう"
              checked={draft.sendsOwnForm}
              onChange={set("sendsOwnForm")}
              testId="policy-sends-own-form"
            />
            {draft.sendsOwnForm ? (
              <TextField
                name="formName"
                label="申請書の名前"
                required
                value={draft.formName}
                onChange={set("formName")}
                error={errors.formName}
                testId="policy-form-name"
                placeholder="例：保有個人データ開示等請求書"
                className="policy-indent"
              />
            ) : null}
          </Section>

          <Section id="policy-sec-identity" title="本人確認">
            <CheckboxGroup
              name="identity.methods"
              legend="本人確認の方法（いずれか1つで確認できれば可）"
              required
              values={draft.identity.methods}
              onChange={(methods) => edit((d) => ({ ...d, identity: { ...d.identity, methods: methods as IdentityMethod[] } }))}
              error={errors["identity.methods"]}
              options={v.identityMethods.map((c) => ({ value: c.code as IdentityMethod, label: c.label, testId: `policy-method-${c.code}` }))}
            />
            <div className={errors["identity.idDocuments"] ? "policy-id-docs field--invalid" : "policy-id-docs"}>
              <p className="field__label" id="policy-id-docs-label">
                本人確認書類として認める書類
              </p>
              <IdDocGroup
                legend="顔写真つき（1点で確認）"
                docs={photoIds}
                values={draft.identity.idDocuments}
                onChange={(idDocuments) => edit((d) => ({ ...d, identity: { ...d.identity, idDocuments } }))}
                all={v}
              />
              <IdDocGroup
                legend={`顔写真なし（${draft.identity.nonPhotoCount}点で確認）`}
                docs={nonPhotoIds}
                values={draft.identity.idDocuments}
                onChange={(idDocuments) => edit((d) => ({ ...d, identity: { ...d.identity, idDocuments } }))}
                all={v}
              />
              <ListError name="identity.idDocuments" error={errors["identity.idDocuments"]} />
            </div>
            <div className="policy-grid">
              <SelectField
                name="identity.nonPhotoCount"
                label="顔写真のない書類の必要数"
                value={String(draft.identity.nonPhotoCount)}
                onChange={(n) => edit((d) => ({ ...d, identity: { ...d.identity, nonPhotoCount: Number(n) } }))}
                options={[1, 2, 3].map((n) => ({ value: String(n), label: `${n}点` }))}
                error={errors["identity.nonPhotoCount"]}
                testId="policy-non-photo-count"
                className="policy-field--narrow"
              />
            </div>
            <RadioGroup
              name="identity.scanRequired"
              legend="本人確認書類の写し"
              value={draft.identity.scanRequired}
              onChange={(scanRequired) => edit((d) => ({ ...d, identity: { ...d.identity, scanRequired } }))}
              error={errors["identity.scanRequired"]}
              options={v.scanRequired.map((c) => ({ value: c.code as ScanRequired, label: c.label, testId: `policy-scan-${c.code}` }))}
            />
          </Section>

          <Section id="policy-sec-agents" title="代理人">
            <AgentRulesEditor
              prefix="legalAgent"
              title="法定代理人"
              example="親権者、成年後見人など"
              value={draft.legalAgent}
              onChange={(legalAgent) => edit((d) => ({ ...d, legalAgent }))}
              errors={errors}
              vocabulary={v}
              docOptions={agentDocs}
              canEdit={canEdit}
              added={added}
              onAdded={addRow}
              onRemoved={removed}
            />
            <AgentRulesEditor
              prefix="appointedAgent"
              title="任意代理人"
              example="本人が委任した弁護士など"
              value={draft.appointedAgent}
              onChange={(appointedAgent) => edit((d) => ({ ...d, appointedAgent }))}
              errors={errors}
              vocabulary={v}
              docOptions={agentDocs}
              canEdit={canEdit}
              added={added}
              onAdded={addRow}
              onRemoved={removed}
            />
          </Section>

          <Section id="policy-sec-fees" title="手数料">
            <p className="field__hint">
              個人情報保護法第38条により、手数料を求められるのは{allowedKinds}の請求だけです。定めなければ無料です。
            </p>
            <RowList
              label="手数料"
              rows={draft.fees}
              empty="手数料は定めていません（無料）。"
              canEdit={canEdit}
              addLabel="手数料を追加"
              addTestId="policy-fee-add"
              error={<ListError name="fees" error={errors.fees} />}
              onAdd={() => {
                const used = new Set(draft.fees.map((f) => f.kind));
                const kind =
                  v.feeAllowedKinds.find((k) => !used.has(k)) ?? v.requestKinds.map((k) => k.code).find((k) => !used.has(k)) ?? "disclosure";
                const key = newRowKey();
                set("fees")([
                  ...draft.fees,
                  { key, kind, amountYen: "", per: v.feeUnits[0]!.code as FeeUnit, when: v.feeTimings[0]!.code as FeeTiming },
                ]);
                addRow(key);
              }}
              onRemove={(i) => {
                set("fees")(removeAt(draft.fees, i));
                removed();
              }}
              removeTestId={(i) => `policy-fee-remove-${i}`}
              rowClass={(_, i) => (warnAt[`fees.${i}.kind`] ? "policy-row policy-row--warning" : "policy-row")}
              renderRow={(f, i) => (
                <>
                  <SelectField
                    name={`fees.${i}.kind`}
                    label="請求の種類"
                    value={f.kind}
                    onChange={(kind) => set("fees")(updateAt(draft.fees, i, { kind: kind as RequestKind }))}
                    options={choiceOptions(v.requestKinds)}
                    error={errors[`fees.${i}.kind`]}
                    testId={`policy-fee-kind-${i}`}
                    describedBy={warnAt[`fees.${i}.kind`] ? `policy-fee-warning-${i}` : undefined}
                    autoFocus={added === f.key}
                  />
                  <TextField
                    name={`fees.${i}.amountYen`}
                    label="金額"
                    value={f.amountYen}
                    onChange={(amountYen) => set("fees")(updateAt(draft.fees, i, { amountYen }))}
                    error={errors[`fees.${i}.amountYen`]}
                    testId={`policy-fee-amount-${i}`}
                    inputMode="numeric"
                    inputClassName="input--number"
                    suffix="円"
                    placeholder="例：1000"
                  />
                  <SelectField
                    name={`fees.${i}.per`}
                    label="単位"
                    value={f.per}
                    onChange={(per) => set("fees")(updateAt(draft.fees, i, { per: per as FeeUnit }))}
                    options={choiceOptions(v.feeUnits)}
                    error={errors[`fees.${i}.per`]}
                    testId={`policy-fee-per-${i}`}
                  />
                  <SelectField
                    name={`fees.${i}.when`}
                    label="求める時期"
                    value={f.when}
                    onChange={(when) => set("fees")(updateAt(draft.fees, i, { when: when as FeeTiming }))}
                    options={choiceOptions(v.feeTimings)}
                    error={errors[`fees.${i}.when`]}
                    testId={`policy-fee-when-${i}`}
                  />
                </>
              )}
            />
            <div className="policy-lint" role="status" aria-live="polite">
              {warnings.length > 0 ? (
                <div className="policy-warnings" data-testid="policy-warnings">
                  <p className="policy-warnings__title">個人情報保護法に関する警告</p>
                  <ul>
                    {warnings.map((w, i) => {
                      const row = /^fees\.(\d+)\./.exec(w.field)?.[1];
                      return (
                        <li key={`${w.field}-${i}`} id={row !== undefined ? `policy-fee-warning-${row}` : undefined}>
                          {row !== undefined ? `${Number(row) + 1}行目: ` : ""}
                          {w.message}
                        </li>
                      );
                    })}
                  </ul>
                  {canEdit ? (
                    <p className="policy-warnings__note">このまま保存することもできます。保存の際に確認し、その判断は監査ログに記録されます。</p>
                  ) : null}
                </div>
              ) : null}
            </div>

            <h4 className="policy-subtitle">支払方法</h4>
            <RowList
              label="支払方法"
              rows={draft.feeMethods}
              empty="支払方法は定めていません。"
              canEdit={canEdit}
              addLabel="支払方法を追加"
              addTestId="policy-fee-method-add"
              addDisabled={draft.feeMethods.length >= v.feeMethods.length}
              error={<ListError name="feeMethods" error={errors.feeMethods} />}
              onAdd={() => {
                const used = new Set(draft.feeMethods.map((m) => m.method));
                const method = (v.feeMethods.find((c) => !used.has(c.code as FeeMethod))?.code ?? v.feeMethods[0]!.code) as FeeMethod;
                const key = newRowKey();
                set("feeMethods")([...draft.feeMethods, { key, method, instructions: "" }]);
                addRow(key);
              }}
              onRemove={(i) => {
                set("feeMethods")(removeAt(draft.feeMethods, i));
                removed();
              }}
              removeTestId={(i) => `policy-fee-method-remove-${i}`}
              renderRow={(m, i) => (
                <>
                  <SelectField
                    name={`feeMethods.${i}.method`}
                    label="方法"
                    value={m.method}
                    onChange={(method) => set("feeMethods")(updateAt(draft.feeMethods, i, { method: method as FeeMethod }))}
                    options={choiceOptions(v.feeMethods)}
                    error={errors[`feeMethods.${i}.method`]}
                    testId={`policy-fee-method-${i}`}
                    autoFocus={added === m.key}
                  />
                  <TextAreaField
                    name={`feeMethods.${i}.instructions`}
                    label={m.method === "bank_transfer" ? "振込先（銀行名・支店・種別・口座番号・名義）" : "案内文"}
                    required={m.method === "bank_transfer"}
                    value={m.instructions}
                    onChange={(instructions) => set("feeMethods")(updateAt(draft.feeMethods, i, { instructions }))}
                    error={errors[`feeMethods.${i}.instructions`]}
                    testId={`policy-fee-instructions-${i}`}
                    rows={2}
                    className="policy-row__grow"
                    hint="手数料の案内に印字されます。"
                  />
                </>
              )}
            />
          </Section>

          <Section id="policy-sec-deadline" title="回答期限">
            <div className="policy-grid">
              <TextField
                name="deadline.days"
                label="回答期限"
                required
                value={draft.deadline.days}
                onChange={(days) => edit((d) => ({ ...d, deadline: { ...d.deadline, days } }))}
                error={errors["deadline.days"]}
                testId="policy-deadline-days"
                inputMode="numeric"
                inputClassName="input--number"
                suffix="日"
                hint="1〜365日"
              />
              <TextField
                name="deadline.wording"
                label="ポリシー上の表現"
                value={draft.deadline.wording}
                onChange={(wording) => edit((d) => ({ ...d, deadline: { ...d.deadline, wording } }))}
                error={errors["deadline.wording"]}
                testId="policy-wording"
                placeholder="例：遅滞なく、合理的な期間内"
              />
            </div>
            <RadioGroup
              name="deadline.dayKind"
              legend="日数の数え方"
              value={draft.deadline.dayKind}
              onChange={(dayKind) => edit((d) => ({ ...d, deadline: { ...d.deadline, dayKind } }))}
              options={v.dayKinds.map((c) => ({ value: c.code as DayKind, label: c.label, testId: `policy-day-kind-${c.code}` }))}
            />
            <RadioGroup
              name="deadline.from"
              legend="起算日"
              value={draft.deadline.from}
              onChange={(from) => edit((d) => ({ ...d, deadline: { ...d.deadline, from } }))}
              options={v.deadlineStarts.map((c) => ({ value: c.code as DeadlineStart, label: c.label, testId: `policy-deadline-from-${c.code}` }))}
            />
            <CheckField
              name="deadline.pauseWhileWaiting"
              label="本人確認書類や手数料を待っている間は、期限を止める"
              checked={draft.deadline.pauseWhileWaiting}
              onChange={(pauseWhileWaiting) => edit((d) => ({ ...d, deadline: { ...d.deadline, pauseWhileWaiting } }))}
              testId="policy-pause"
            />
            <h4 className="policy-subtitle">休業期間（期限の計算から除く日）</h4>
            <RowList
              label="休業期間"
              rows={draft.deadline.closures}
              empty="休業期間は定めていません。"
              canEdit={canEdit}
              addLabel="休業期間を追加"
              addTestId="policy-closure-add"
              error={<ListError name="deadline.closures" error={errors["deadline.closures"]} />}
              onAdd={() => {
                const key = newRowKey();
                edit((d) => ({ ...d, deadline: { ...d.deadline, closures: [...d.deadline.closures, { key, from: "", to: "" }] } }));
                addRow(key);
              }}
              onRemove={(i) => {
                edit((d) => ({ ...d, deadline: { ...d.deadline, closures: removeAt(d.deadline.closures, i) } }));
                removed();
              }}
              removeTestId={(i) => `policy-closure-remove-${i}`}
              renderRow={(c, i) => {
                const setClosure = (patch: { from?: string; to?: string }) =>
                  edit((d) => ({ ...d, deadline: { ...d.deadline, closures: updateAt(d.deadline.closures, i, patch) } }));
                return (
                  <>
                    <TextField
                      name={`deadline.closures.${i}.from`}
                      label="開始（月-日）"
                      value={c.from}
                      onChange={(from) => setClosure({ from })}
                      error={errors[`deadline.closures.${i}.from`]}
                      testId={`policy-closure-from-${i}`}
                      placeholder="12-29"
                      inputMode="numeric"
                      inputClassName="input--month-day"
                      suffix="〜"
                      autoFocus={added === c.key}
                    />
                    <TextField
                      name={`deadline.closures.${i}.to`}
                      label="終了（月-日）"
                      value={c.to}
                      onChange={(to) => setClosure({ to })}
                      error={errors[`deadline.closures.${i}.to`]}
                      testId={`policy-closure-to-${i}`}
                      placeholder="01-03"
                      inputMode="numeric"
                      inputClassName="input--month-day"
                    />
                  </>
                );
              }}
            />
          </Section>

          <Section id="policy-sec-retention" title="保存期間">
            <RowList
              label="保存期間"
              rows={draft.retention}
              empty={<span data-testid="policy-retention-default">定めなし — 製品の既定（回答完了から1年）を適用</span>}
              canEdit={canEdit}
              addLabel="保存期間を追加"
              addTestId="policy-retention-add"
              addDisabled={draft.retention.length >= 4}
              error={<ListError name="retention" error={errors.retention} />}
              onAdd={() => {
                const used = new Set(draft.retention.map((r) => r.record));
                const record = (v.retainedRecords.find((c) => !used.has(c.code as RetainedRecord))?.code ?? v.retainedRecords[0]!.code) as RetainedRecord;
                const after = (v.retentionStarts.find((c) => c.code === "reply_completed") ?? v.retentionStarts[0]!).code as RetentionStart;
                const key = newRowKey();
                set("retention")([...draft.retention, { key, record, years: "1", months: "0", after }]);
                addRow(key);
              }}
              onRemove={(i) => {
                set("retention")(removeAt(draft.retention, i));
                removed();
              }}
              removeTestId={(i) => `policy-retention-remove-${i}`}
              renderRow={(r, i) => (
                <>
                  <SelectField
                    name={`retention.${i}.record`}
                    label="記録"
                    value={r.record}
                    onChange={(record) => set("retention")(updateAt(draft.retention, i, { record: record as RetainedRecord }))}
                    options={choiceOptions(v.retainedRecords)}
                    error={errors[`retention.${i}.record`]}
                    testId={`policy-retention-record-${i}`}
                    autoFocus={added === r.key}
                  />
                  <TextField
                    name={`retention.${i}.years`}
                    label="年"
                    value={r.years}
                    onChange={(years) => set("retention")(updateAt(draft.retention, i, { years }))}
                    error={errors[`retention.${i}.years`]}
                    testId={`policy-retention-years-${i}`}
                    inputMode="numeric"
                    inputClassName="input--number input--tiny"
                    suffix="年"
                  />
                  <TextField
                    name={`retention.${i}.months`}
                    label="か月"
                    value={r.months}
                    onChange={(months) => set("retention")(updateAt(draft.retention, i, { months }))}
                    error={errors[`retention.${i}.months`]}
                    testId={`policy-retention-months-${i}`}
                    inputMode="numeric"
                    inputClassName="input--number input--tiny"
                    suffix="か月"
                  />
                  <SelectField
                    name={`retention.${i}.after`}
                    label="起算"
                    value={r.after}
                    onChange={(after) => set("retention")(updateAt(draft.retention, i, { after: after as RetentionStart }))}
                    options={choiceOptions(v.retentionStarts)}
                    error={errors[`retention.${i}.after`]}
                    testId={`policy-retention-after-${i}`}
                  />
                </>
              )}
            />
          </Section>

          <Section id="policy-sec-other" title="特定個人情報・不開示の理由">
            <CheckField
              name="specificInfoApproval"
              label="特定個人情報（マイナンバーを含む）に関する請求は、特定個人情報保護管理者の承認を必要とする"
              checked={draft.specificInfoApproval}
              onChange={set("specificInfoApproval")}
              testId="policy-specific-approval"
            />
            <h4 className="policy-subtitle">不開示の理由</h4>
            <RowList
              label="不開示の理由"
              rows={draft.refusalGrounds}
              empty="不開示の理由は定めていません。"
              canEdit={canEdit}
              addLabel="理由を追加"
              addTestId="policy-ground-add"
              error={<ListError name="refusalGrounds" error={errors.refusalGrounds} />}
              onAdd={() => {
                const key = newRowKey();
                set("refusalGrounds")([...draft.refusalGrounds, { key, text: "" }]);
                addRow(key);
              }}
              onRemove={(i) => {
                set("refusalGrounds")(removeAt(draft.refusalGrounds, i));
                removed();
              }}
              removeTestId={(i) => `policy-ground-remove-${i}`}
              renderRow={(g, i) => (
                <TextField
                  name={`refusalGrounds.${i}`}
                  label={`理由 ${i + 1}`}
                  value={g.text}
                  onChange={(text) => set("refusalGrounds")(updateAt(draft.refusalGrounds, i, { text }))}
                  error={errors[`refusalGrounds.${i}`]}
                  testId={`policy-ground-${i}`}
                  className="policy-row__grow"
                  placeholder="例：本人または第三者の生命、身体、財産その他の権利利益を害するおそれがある場合"
                  autoFocus={added === g.key}
                />
              )}
            />
          </Section>
        </fieldset>

        {canEdit ? (
          <div className="form-actions form-actions--start policy-form__actions">
            <Button type="submit" variant="primary" testId="policy-save" pending={save.pending && !keepDialog} pendingLabel="保存中…">
              保存
            </Button>
            <Button onClick={leave} testId="policy-cancel" disabled={save.pending}>
              {dirty ? "キャンセル" : "一覧に戻る"}
            </Button>
            {saved ? <StatusMessage testId="policy-saved">{saved}</StatusMessage> : null}
            {!saved ? (
              <span className="muted policy-form__version-note">
                {current && id !== null
                  ? `保存すると第${current.version + 1}版になります。`
                  : "保存すると第1版として登録されます。"}
              </span>
            ) : null}
          </div>
        ) : (
          <div className="form-actions form-actions--start">
            <Button onClick={onClose} testId="policy-cancel">
              一覧に戻る
            </Button>
          </div>
        )}
      </ImeSafeForm>

      {current && id !== null ? <PolicyHistory detail={current} /> : null}

      {keepDialog ? (
        <PolicyWarningsDialog
          mode="save"
          warnings={keepDialog.warnings}
          pending={save.pending}
          error={save.error && save.error.code !== ErrorCode.Warnings && save.error.fields.length === 0 ? save.error.message : null}
          onKeep={() => void keep()}
          onBack={back}
        />
      ) : null}
      {confirmLeave ? (
        <ConfirmDialog
          title="保存していない変更があります"
          confirmLabel="変更を破棄して戻る"
          danger
          onConfirm={onClose}
          onCancel={() => setConfirmLeave(false)}
          testId="policy-discard"
        >
          <p>このポリシーの変更はまだ保存されていません。破棄して一覧に戻りますか？</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="policy-section" aria-labelledby={id}>
      <h3 id={id} className="policy-section__title">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** Check boxes for some of the ID document types; the others in `values` are kept as they are. */
function IdDocGroup({
  legend,
  docs,
  values,
  onChange,
  all,
}: {
  legend: string;
  docs: Vocabulary["docTypes"];
  values: DocType[];
  onChange: (values: DocType[]) => void;
  all: Vocabulary;
}) {
  const mine = new Set<DocType>(docs.map((d) => d.docType));
  return (
    <CheckboxGroup
      name={`identity.idDocuments.${docs[0]?.photoId ? "photo" : "nonPhoto"}`}
      legend={legend}
      values={values.filter((d) => mine.has(d))}
      onChange={(picked) => {
        const chosen = new Set<DocType>([...values.filter((d) => !mine.has(d)), ...picked]);
        // In the core's order.
        onChange(all.docTypes.map((d) => d.docType).filter((d) => chosen.has(d)));
      }}
      className="policy-id-docs__group"
      options={docs.map((d) => ({ value: d.docType, label: d.label, testId: `policy-id-doc-${d.docType}` }))}
    />
  );
}

/** A list of rows with 削除 on each and 追加 below; the add button takes the focus after a removal. */
function RowList<T extends { key: number }>({
  label,
  rows,
  empty,
  canEdit,
  addLabel,
  addTestId,
  addDisabled = false,
  error,
  onAdd,
  onRemove,
  removeTestId,
  renderRow,
  rowClass,
}: {
  label: string;
  rows: T[];
  empty: ReactNode;
  canEdit: boolean;
  addLabel: string;
  addTestId: string;
  addDisabled?: boolean;
  error?: ReactNode;
  onAdd: () => void;
  onRemove: (i: number) => void;
  removeTestId: (i: number) => string;
  renderRow: (row: T, i: number) => ReactNode;
  rowClass?: (row: T, i: number) => string;
}) {
  const addRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="policy-rows">
      {rows.length === 0 ? <p className="muted policy-rows__empty">{empty}</p> : null}
      {rows.length > 0 ? (
        <ol className="policy-rows__list" aria-label={label}>
          {rows.map((row, i) => (
            <li key={row.key} className={rowClass?.(row, i) ?? "policy-row"}>
              <div className="policy-row__fields">{renderRow(row, i)}</div>
              {canEdit ? (
                <RemoveButton
                  label={`${label}の${i + 1}行目を削除`}
                  testId={removeTestId(i)}
                  onClick={() => {
                    onRemove(i);
                    addRef.current?.focus();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {error}
      {canEdit ? <AddButton ref={addRef} label={addLabel} testId={addTestId} onClick={onAdd} disabled={addDisabled} /> : null}
    </div>
  );
}

function RemoveButton({ label, testId, onClick }: { label: string; testId: string; onClick: () => void }) {
  return (
    <Button variant="quiet" className="policy-row__remove" onClick={onClick} testId={testId} aria-label={label}>
      削除
    </Button>
  );
}

function AddButton({
  ref,
  label,
  testId,
  onClick,
  disabled,
}: {
  ref: RefObject<HTMLButtonElement | null>;
  label: string;
  testId: string;
  onClick: () => void;
  disabled: boolean;
}) {
  return (
    <button ref={ref} type="button" className="btn btn--secondary policy-rows__add" onClick={onClick} data-testid={testId} disabled={disabled}>
      ＋ {label}
    </button>
  );
}

/** 法定代理人 / 任意代理人: accepted or not, the documents, all or any, the agent's own ID. */
function AgentRulesEditor({
  prefix,
  title,
  example,
  value,
  onChange,
  errors,
  vocabulary: v,
  docOptions,
  canEdit,
  added,
  onAdded,
  onRemoved,
}: {
  prefix: "legalAgent" | "appointedAgent";
  title: string;
  example: string;
  value: AgentDraft;
  onChange: (next: AgentDraft) => void;
  errors: PathErrors;
  vocabulary: Vocabulary;
  docOptions: Array<{ value: DocType; label: string }>;
  canEdit: boolean;
  added: number | null;
  onAdded: (key: number) => void;
  onRemoved: () => void;
}) {
  const headingId = `policy-${prefix}-title`;
  const docs = value.documents;
  return (
    <section className="policy-agent" aria-labelledby={headingId} data-testid={`policy-${prefix}`}>
      <h4 id={headingId} className="policy-subtitle">
        {title}
        <span className="muted policy-subtitle__note">（{example}）</span>
      </h4>
      <CheckField
        name={`${prefix}.accepted`}
        label={`${title}からの請求を受け付ける`}
        checked={value.accepted}
        onChange={(accepted) => onChange({ ...value, accepted })}
        testId={`policy-${prefix}-accepted`}
      />
      {value.accepted ? (
        <div className="policy-indent">
          <p className="field__label">必要な書類</p>
          <RowList
            label={`${title}の書類`}
            rows={docs}
            empty="書類が選ばれていません。"
            canEdit={canEdit}
            addLabel="書類を追加"
            addTestId={`policy-${prefix}-doc-add`}
            addDisabled={docs.length >= docOptions.length}
            error={<ListError name={`${prefix}.documents`} error={errors[`${prefix}.documents`]} />}
            onAdd={() => {
              const used = new Set(docs.map((d) => d.doc));
              const doc = docOptions.find((o) => !used.has(o.value))?.value ?? docOptions[0]!.value;
              const key = newRowKey();
              onChange({ ...value, documents: [...docs, { key, doc, originalRequired: false, issuedWithinMonths: "" }] });
              onAdded(key);
            }}
            onRemove={(i) => {
              onChange({ ...value, documents: removeAt(docs, i) });
              onRemoved();
            }}
            removeTestId={(i) => `policy-${prefix}-doc-remove-${i}`}
            renderRow={(d, i) => (
              <>
                <SelectField
                  name={`${prefix}.documents.${i}.doc`}
                  label="書類"
                  value={d.doc}
                  onChange={(doc) => onChange({ ...value, documents: updateAt(docs, i, { doc: doc as DocType }) })}
                  options={docOptions}
                  error={errors[`${prefix}.documents.${i}.doc`]}
                  testId={`policy-${prefix}-doc-${i}`}
                  autoFocus={added === d.key}
                />
                <TextField
                  name={`${prefix}.documents.${i}.issuedWithinMonths`}
                  label="発行後"
                  value={d.issuedWithinMonths}
                  onChange={(issuedWithinMonths) => onChange({ ...value, documents: updateAt(docs, i, { issuedWithinMonths }) })}
                  error={errors[`${prefix}.documents.${i}.issuedWithinMonths`]}
                  testId={`policy-${prefix}-months-${i}`}
                  inputMode="numeric"
                  inputClassName="input--number input--tiny"
                  suffix="か月以内"
                  hint="空欄なら期限なし"
                />
                <div className="policy-row__check">
                  <CheckField
                    name={`${prefix}.documents.${i}.originalRequired`}
                    label="原本が必要"
                    checked={d.originalRequired}
                    onChange={(originalRequired) => onChange({ ...value, documents: updateAt(docs, i, { originalRequired }) })}
                    testId={`policy-${prefix}-original-${i}`}
                  />
                </div>
              </>
            )}
          />
          <RadioGroup
            name={`${prefix}.documentsNeeded`}
            legend="書類の数"
            value={value.documentsNeeded}
            onChange={(documentsNeeded) => onChange({ ...value, documentsNeeded })}
            options={v.documentsNeeded.map((c) => ({ value: c.code as DocumentsNeeded, label: c.label, testId: `policy-${prefix}-needed-${c.code}` }))}
          />
          <CheckField
            name={`${prefix}.agentIdRequired`}
            label="代理人本人の本人確認書類も求める"
            checked={value.agentIdRequired}
            onChange={(agentIdRequired) => onChange({ ...value, agentIdRequired })}
            testId={`policy-${prefix}-agent-id`}
          />
        </div>
      ) : (
        <p className="muted policy-indent">{title}からの請求は受け付けません。</p>
      )}
    </section>
  );
}

/** 版の履歴 and the cases received under the profile. */
function PolicyHistory({ detail }: { detail: PolicyDetail }) {
  return (
    <section className="policy-history" aria-labelledby="policy-history-title" data-testid="policy-history">
      <h3 id="policy-history-title" className="policy-section__title">
        版の履歴
      </h3>
      <p data-testid="policy-case-count">この方針で受け付けた案件: {detail.caseCount}件</p>
      <p className="muted">保存するたびに新しい版になります。受付済みの案件は、受け付けたときの版のまま変わりません。</p>
      <table className="table table--compact" data-testid="policy-versions">
        <thead>
          <tr>
            <th scope="col">版</th>
            <th scope="col">保存日</th>
            <th scope="col">保存した人</th>
            <th scope="col">備考</th>
          </tr>
        </thead>
        <tbody>
          {detail.versions.map((ver) => (
            <tr key={ver.version} data-testid="policy-version-row">
              <td className="nowrap">
                第{ver.version}版{ver.version === detail.version ? <span className="muted">（現在）</span> : null}
              </td>
              <td className="nowrap">{formatDate(ver.createdAt)}</td>
              <td>{ver.createdBy || "—"}</td>
              <td>{ver.warningsKept ? <span className="badge badge--warning">警告を承知のうえ保存</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
