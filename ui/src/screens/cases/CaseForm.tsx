import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, type ReactNode } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsByPath } from "../../backend/errors";
import type { Agent, ApiError, CaseInput, Requester, Vocabulary } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { CheckboxGroup, RadioGroup } from "../../components/Choice";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { warekiOfDay } from "../../lib/dates";
import { isImeComposing } from "../../lib/ime";
import { queryKeys } from "../../lib/queries";
import { useVocabulary } from "../../lib/vocabulary";
import { SelectField } from "../settings/policyFields";

/** Field paths the form shows an error at; any other field error goes to the alert on top. */
const PLACED = new Set([
  "channel",
  "receivedOn",
  "requester.name",
  "requester.kana",
  "requester.postalCode",
  "requester.address",
  "requester.phone",
  "requester.email",
  "requester.registeredEmail",
  "requester.registeredPhone",
  "requesterType",
  "agent.name",
  "agent.kana",
  "agent.contact",
  "agent.relationship",
  "kinds",
  "dataConcerned",
  "requestedCorrection",
  "disclosureMethod",
  "specificPersonalInfo",
  "enclosures",
  "enclosuresNote",
  "memo",
  "policyId",
]);

/**
 * A kind asked for states what to correct (訂正・追加・削除): the form shows
 * 訂正等の内容. (What is kept without one is the core's to decide: it drops
 * the text, as it drops a 代理人 of a 本人's request.)
 */
export function needsCorrectionText(input: CaseInput, vocabulary: Vocabulary): boolean {
  return input.kinds.some((k) => vocabulary.correctionKinds.includes(k));
}

interface Props {
  value: CaseInput;
  onChange: (next: CaseInput) => void;
  onSubmit: () => void;
  /** The save command's error: its field errors are shown at their fields. */
  error: ApiError | null;
  pending: boolean;
  submitLabel: string;
  /** 受付経路 inside the form (the case page); the intake shows it above the form. */
  showChannel?: boolean;
  /** Buttons beside 保存 (破棄, キャンセル). */
  actions?: ReactNode;
  /** Shown above the fields (e.g. the duplicate warning). */
  before?: ReactNode;
  ariaLabel: string;
  /**
   * A case not saved yet: its ポリシー may be left to the default. Defaults
   * to true on the intake (no 受付経路 in the form), false on the case page.
   */
  isNewCase?: boolean;
}

/**
 * The case form, for 受付 (new) and 案件 › 編集: 受付日 with its 和暦, the
 * requester, 本人/代理人, the request, 同封物, メモ. Enter (outside IME
 * composition) and Ctrl+S save.
 */
export function CaseForm({
  value,
  onChange,
  onSubmit,
  error,
  pending,
  submitLabel,
  showChannel = false,
  actions,
  before,
  ariaLabel,
  isNewCase = !showChannel,
}: Props) {
  const formRef = useRef<HTMLFormElement>(null);
  const vocabulary = useVocabulary();
  const errors = fieldErrorsByPath(error);
  const unplaced = Object.entries(errors).filter(
    ([path]) => !PLACED.has(path) || (path === "requestedCorrection" && !needsCorrectionText(value, vocabulary)),
  );

  const set = <K extends keyof CaseInput>(key: K) => (v: CaseInput[K]) => onChange({ ...value, [key]: v });
  const setRequester = (key: keyof Requester) => (v: string) => onChange({ ...value, requester: { ...value.requester, [key]: v } });
  const setAgent = (key: keyof Agent) => (v: string) => onChange({ ...value, agent: { ...value.agent, [key]: v } });

  // Ctrl+S (⌘S) saves from anywhere on the page.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "s" && !isImeComposing(e)) {
        e.preventDefault();
        const form = formRef.current;
        if (!form || form.querySelector('button[type="submit"]:disabled')) return;
        form.requestSubmit();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  // After a failed save, the first field in error gets the focus.
  useEffect(() => {
    if (!error || error.fields.length === 0) return;
    const form = formRef.current;
    const bad = form?.querySelector<HTMLElement>('input[aria-invalid="true"], textarea[aria-invalid="true"], fieldset[aria-invalid="true"] input');
    bad?.focus();
  }, [error]);

  const wareki = warekiOfDay(value.receivedOn);
  const isAgent = value.requesterType !== "self";

  return (
    <ImeSafeForm ref={formRef} onSubmit={onSubmit} aria-label={ariaLabel} className="case-form" data-testid="case-form">
      {error ? (
        <ErrorAlert testId="case-form-error">
          {/* The core's message lists every field's; each is shown at its field, so here only how many. */}
          <p>{error.fields.length > 0 ? `入力内容を確認してください（${error.fields.length}か所）。` : error.message}</p>
          {unplaced.length > 0 ? (
            <ul className="alert__list">
              {unplaced.map(([path, message]) => (
                <li key={path} data-testid={`error-${path}`}>
                  {message}
                </li>
              ))}
            </ul>
          ) : null}
        </ErrorAlert>
      ) : null}
      {before}

      <section className="case-form__section" aria-labelledby="case-form-receipt">
        <h3 id="case-form-receipt" className="case-form__title">
          受付
        </h3>
        <div className="case-grid case-grid--receipt">
          <TextField
            name="receivedOn"
            label="受付日"
            required
            value={value.receivedOn}
            onChange={set("receivedOn")}
            error={errors.receivedOn}
            testId="case-received-on"
            placeholder="例：2026-12-01"
            inputMode="numeric"
            inputClassName="input--date"
            hint="届いた日（消印の日ではありません）。西暦で入力します。"
            suffix={
              <span className="wareki" data-testid="case-received-on-wareki" aria-live="polite">
                {wareki}
              </span>
            }
          />
          {showChannel ? (
            <RadioGroup
              name="channel"
              legend="受付経路"
              value={value.channel}
              onChange={set("channel")}
              error={errors.channel}
              options={vocabulary.channels.map(({ code, label }) => ({ value: code, label, testId: `case-channel-${code}` }))}
            />
          ) : null}
          <PolicySelect value={value.policyId} onChange={set("policyId")} error={errors.policyId} isNewCase={isNewCase} />
        </div>
      </section>

      <section className="case-form__section" aria-labelledby="case-form-requester">
        <h3 id="case-form-requester" className="case-form__title">
          請求者
        </h3>
        <div className="case-grid">
          <TextField
            name="requester.name"
            label="氏名"
            required
            value={value.requester.name}
            onChange={setRequester("name")}
            error={errors["requester.name"]}
            testId="case-name"
          />
          <TextField
            name="requester.kana"
            label="フリガナ"
            value={value.requester.kana}
            onChange={setRequester("kana")}
            error={errors["requester.kana"]}
            testId="case-kana"
          />
          <div className="case-grid__wide case-grid__address-row">
            <TextField
              name="requester.postalCode"
              label="〒 郵便番号"
              value={value.requester.postalCode}
              onChange={setRequester("postalCode")}
              error={errors["requester.postalCode"]}
              testId="case-postal-code"
              placeholder="例：100-0001"
              inputMode="numeric"
              inputClassName="input--postal"
            />
            <TextField
              name="requester.address"
              label="住所"
              value={value.requester.address}
              onChange={setRequester("address")}
              error={errors["requester.address"]}
              testId="case-address"
            />
          </div>
          <TextField
            name="requester.phone"
            label="電話"
            value={value.requester.phone}
            onChange={setRequester("phone")}
            error={errors["requester.phone"]}
            testId="case-phone"
            inputMode="tel"
          />
          <TextField
            name="requester.email"
            label="メール"
            value={value.requester.email}
            onChange={setRequester("email")}
            error={errors["requester.email"]}
            testId="case-email"
            inputMode="email"
          />
          <TextField
            name="requester.registeredEmail"
            label="登録メール"
            value={value.requester.registeredEmail}
            onChange={setRequester("registeredEmail")}
            error={errors["requester.registeredEmail"]}
            testId="case-registered-email"
            inputMode="email"
            hint="当社が保有しているメールアドレス（本人確認の照合用）"
          />
          <TextField
            name="requester.registeredPhone"
            label="登録電話"
            value={value.requester.registeredPhone}
            onChange={setRequester("registeredPhone")}
            error={errors["requester.registeredPhone"]}
            testId="case-registered-phone"
            inputMode="tel"
            hint="当社が保有している電話番号"
          />
        </div>
        <RadioGroup
          name="requesterType"
          legend="請求者の区分"
          value={value.requesterType}
          onChange={set("requesterType")}
          error={errors.requesterType}
          options={vocabulary.requesterTypes.map(({ code, label }) => ({ value: code, label, testId: `case-requester-type-${code}` }))}
        />
        {isAgent ? (
          <div className="case-grid case-form__agent" aria-label="代理人">
            <TextField
              name="agent.name"
              label="代理人の氏名"
              required
              value={value.agent.name}
              onChange={setAgent("name")}
              error={errors["agent.name"]}
              testId="case-agent-name"
            />
            <TextField
              name="agent.kana"
              label="代理人のフリガナ"
              value={value.agent.kana}
              onChange={setAgent("kana")}
              error={errors["agent.kana"]}
              testId="case-agent-kana"
            />
            <TextField
              name="agent.contact"
              label="代理人の連絡先"
              value={value.agent.contact}
              onChange={setAgent("contact")}
              error={errors["agent.contact"]}
              testId="case-agent-contact"
              placeholder="電話・メール・住所"
            />
            <TextField
              name="agent.relationship"
              label="本人との関係"
              value={value.agent.relationship}
              onChange={setAgent("relationship")}
              error={errors["agent.relationship"]}
              testId="case-agent-relationship"
              placeholder={value.requesterType === "legal_agent" ? "例：親権者、成年後見人" : "例：弁護士"}
            />
          </div>
        ) : null}
      </section>

      <section className="case-form__section" aria-labelledby="case-form-request">
        <h3 id="case-form-request" className="case-form__title">
          請求の内容
        </h3>
        <CheckboxGroup
          name="kinds"
          legend="請求の種類"
          required
          values={value.kinds}
          onChange={set("kinds")}
          error={errors.kinds}
          className="choice-group--kinds"
          options={vocabulary.requestKinds.map(({ code, label }) => ({ value: code, label, testId: `case-kind-${code}` }))}
        />
        <TextAreaField
          name="dataConcerned"
          label="対象となる個人データ"
          value={value.dataConcerned}
          onChange={set("dataConcerned")}
          error={errors.dataConcerned}
          testId="case-data-concerned"
          rows={2}
          placeholder="例：会員登録情報、購入履歴（2024年以降）"
        />
        {needsCorrectionText(value, vocabulary) ? (
          <TextAreaField
            name="requestedCorrection"
            label="訂正等の内容"
            value={value.requestedCorrection}
            onChange={set("requestedCorrection")}
            error={errors.requestedCorrection}
            testId="case-requested-correction"
            rows={2}
            placeholder="例：住所を「…」から「…」に訂正"
          />
        ) : null}
        <RadioGroup
          name="disclosureMethod"
          legend="開示の方法"
          value={value.disclosureMethod}
          onChange={set("disclosureMethod")}
          error={errors.disclosureMethod}
          options={vocabulary.disclosureMethods.map(({ code, label }) => ({ value: code, label, testId: `case-disclosure-${code || "none"}` }))}
        />
        <div className={value.specificPersonalInfo ? "specific-box specific-box--on" : "specific-box"}>
          <label className="choice">
            <input
              type="checkbox"
              checked={value.specificPersonalInfo}
              onChange={(e) => set("specificPersonalInfo")(e.target.checked)}
              data-testid="case-specific"
            />
            <span>特定個人情報（マイナンバーを含む）に関する請求</span>
          </label>
          {value.specificPersonalInfo ? (
            <p className="specific-box__note" role="note">
              特定個人情報保護管理者の承認が必要です。個人番号が写った書類は、番号を隠してから保存してください。
            </p>
          ) : null}
          {errors.specificPersonalInfo ? (
            <p className="field__error" data-testid="error-specificPersonalInfo">
              {errors.specificPersonalInfo}
            </p>
          ) : null}
        </div>
      </section>

      <section className="case-form__section" aria-labelledby="case-form-enclosures">
        <h3 id="case-form-enclosures" className="case-form__title">
          同封物
        </h3>
        <CheckboxGroup
          name="enclosures"
          legend="同封されていたもの"
          values={value.enclosures}
          onChange={set("enclosures")}
          error={errors.enclosures}
          className="choice-group--enclosures"
          options={vocabulary.enclosures.map(({ code, label }) => ({ value: code, label, testId: `case-enclosure-${code}` }))}
        />
        <TextField
          name="enclosuresNote"
          label="同封物の補足"
          value={value.enclosuresNote}
          onChange={set("enclosuresNote")}
          error={errors.enclosuresNote}
          testId="case-enclosures-note"
          placeholder="例：84円切手×12枚、定額小為替1,000円"
        />
      </section>

      <section className="case-form__section" aria-labelledby="case-form-memo">
        <h3 id="case-form-memo" className="case-form__title">
          メモ
        </h3>
        <TextAreaField
          name="memo"
          label="メモ（窓口内の記録）"
          value={value.memo}
          onChange={set("memo")}
          error={errors.memo}
          testId="case-memo"
          rows={3}
        />
      </section>

      <div className="form-actions form-actions--start case-form__actions">
        <Button type="submit" variant="primary" testId="case-save" pending={pending} pendingLabel="保存中…" aria-keyshortcuts="Control+S">
          {submitLabel} <kbd>Ctrl+S</kbd>
        </Button>
        {actions}
      </div>
    </ImeSafeForm>
  );
}

/**
 * ポリシー of the case (設定 › ポリシー). null on a new case is the default
 * profile; on a saved case it is none. Hidden while no profile exists.
 */
function PolicySelect({
  value,
  onChange,
  error,
  isNewCase,
}: {
  value: number | null;
  onChange: (id: number | null) => void;
  error?: string | undefined;
  isNewCase: boolean;
}) {
  const backend = useBackend();
  const policies = useQuery({ queryKey: queryKeys.policies, queryFn: () => backend.listPolicies() });
  const list = policies.data ?? [];
  if (list.length === 0 && value === null) return null;
  const fallback = list.find((p) => p.isDefault);
  const none = isNewCase && fallback ? `既定のポリシー（${fallback.name}）` : "ポリシーなし";
  const options = [
    { value: "", label: none },
    ...list.map((p) => ({ value: String(p.id), label: p.name })),
    // A profile the list does not hold (yet): still shown as chosen.
    ...(value !== null && !list.some((p) => p.id === value) ? [{ value: String(value), label: `ポリシー（番号 ${value}）` }] : []),
  ];
  return (
    <SelectField
      name="policyId"
      label="ポリシー"
      value={value === null ? "" : String(value)}
      onChange={(v) => onChange(v === "" ? null : Number(v))}
      options={options}
      error={error}
      testId="case-policy"
      hint={
        isNewCase
          ? "本人確認・手数料・回答期限の基準です。受け付けたときの版が案件に記録されます。"
          : "変更すると、選んだポリシーの最新の版に沿って確認します。"
      }
    />
  );
}
