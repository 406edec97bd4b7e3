import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { placeErrors } from "../../backend/errors";
import type {
  ApprovalRecord,
  CaseDecisions,
  CaseStatus,
  Decision,
  DecisionInput,
  FeeCountAsk,
  KindChoices,
  LegalGround,
  Outcome,
  OutcomeChoice,
  RequestKind,
} from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { RadioGroup } from "../../components/Choice";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { formatDateTime } from "../../lib/dates";
import { parseWholeNumber } from "../../lib/text";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { choiceOptions, labelOf, useLabels, useVocabulary } from "../../lib/vocabulary";
import { SelectField } from "../settings/policyFields";

const CLOSED: ReadonlySet<CaseStatus> = new Set<CaseStatus>(["completed", "withdrawn", "mistaken"]);

/** What the core says of `outcome` for this kind (full, refusal, the 内容's label …). */
const outcomeOf = (choices: KindChoices, outcome: Outcome): OutcomeChoice | undefined => choices.outcomes.find((c) => c.code === outcome);

export function useDecisions(caseId: number) {
  const backend = useBackend();
  return useQuery({ queryKey: queryKeys.decisions(caseId), queryFn: () => backend.getDecisions(caseId) });
}

/**
 * 調査・決定: what the desk searched and found, the decision on each
 * requested kind (short of full compliance: the legal ground and the reasons
 * the person is told, 法第36条), and the 管理者's approval — needed for any
 * refusal and for every 特定個人情報 case, never by the one who decided.
 */
export function DecisionsTab({
  caseId,
  status,
  canReview,
  onCaseChanged,
}: {
  caseId: number;
  status: CaseStatus;
  canReview: boolean;
  onCaseChanged?: () => void;
}) {
  const labels = useLabels();
  const client = useQueryClient();
  const vocabulary = useVocabulary();
  const query = useDecisions(caseId);
  const [message, setMessage] = useState<string | null>(null);

  if (query.isPending) return <p className="muted">読み込み中…</p>;
  if (query.isError) {
    return <ErrorAlert testId="decisions-error">{(query.error as { message?: string }).message ?? "調査・決定の情報を取得できませんでした。"}</ErrorAlert>;
  }
  const data = query.data;
  const choices = vocabulary.decisionChoices;
  const closed = CLOSED.has(status);

  // Every change is on the case's timeline too.
  const changed = (next: CaseDecisions, text: string) => {
    client.setQueryData(queryKeys.decisions(caseId), next);
    setMessage(text);
    onCaseChanged?.();
  };

  return (
    <div className="decisions-tab" data-testid="decisions-tab">
      <Summary data={data} status={status} />
      {message ? <StatusMessage testId="decisions-message">{message}</StatusMessage> : null}
      <InvestigationSection caseId={caseId} data={data} onStarted={() => setMessage(null)} onAdded={(d) => changed(d, "調査を記録しました。")} />
      <section className="decisions-section" data-testid="decisions" aria-labelledby="decisions-title">
        <div className="decisions-section__head">
          <h3 id="decisions-title" className="decisions-section__title">
            決定
          </h3>
        </div>
        <p className="decisions-section__hint muted">
          請求の種類ごとに決定を記録します。全部に応じない決定は、法的根拠と本人に説明する理由が必要です。
        </p>
        {closed ? (
          <p className="muted" data-testid="decisions-closed">
            「{labels.status(status)}」の案件の決定は変えられません。
          </p>
        ) : null}
        <div className="decision-cards">
          {data.decisions.map((kd) => (
            <DecisionCard
              key={kd.kind}
              caseId={caseId}
              kind={kd.kind}
              decision={kd.decision}
              feeCount={kd.feeCount}
              choices={choices.find((c) => c.kind === kd.kind) ?? { kind: kd.kind, outcomes: [], grounds: [] }}
              readOnly={closed}
              onStarted={() => setMessage(null)}
              onSaved={(d, outcome) =>
                changed(d, `${labels.kind(kd.kind)}の決定を記録しました（${labelOf(choices.find((c) => c.kind === kd.kind)?.outcomes ?? [], outcome)}）。`)
              }
            />
          ))}
        </div>
      </section>
      <ApprovalSection
        caseId={caseId}
        data={data}
        status={status}
        canReview={canReview}
        onStarted={() => setMessage(null)}
        onReviewed={(d, approved) =>
          changed(d, approved ? "決定を承認しました。案件は「回答準備」に進みました。" : "決定を差し戻しました。案件は「調査中」に戻りました。")
        }
      />
    </div>
  );
}

// ---- 状況 ----------------------------------------------------------------------------

function Summary({ data, status }: { data: CaseDecisions; status: CaseStatus }) {
  const decided = data.decisions.filter((d) => d.decision !== null).length;
  const total = data.decisions.length;
  const staleApproval = data.needsApproval && !data.approved && data.approval?.approved === true;
  let next: string | null = null;
  if (!data.complete) next = "すべての請求を決定すると、「承認待ち」または「回答準備」に進められます。";
  else if (status === "investigating" && data.needsApproval && !data.approved)
    next = "すべて決定しました。状態を「承認待ち」にして、決定していない管理者に承認を依頼してください。";
  else if (status === "investigating") next = "すべて決定しました。「回答準備」に進められます。";
  return (
    <div className="decisions-summary">
      <p className="decisions-summary__state" data-testid="decisions-summary" aria-live="polite">
        <span className={data.complete ? "badge badge--ok" : "badge badge--open"} data-testid="decisions-count">
          決定済み {decided}/{total}
        </span>
        {data.needsApproval ? (
          data.approved ? (
            <span className="badge badge--ok" data-testid="decisions-approval-state">
              承認済み
            </span>
          ) : (
            <span className="badge badge--warning" data-testid="decisions-approval-state">
              {staleApproval ? "承認が必要（承認後に変更あり）" : "承認が必要"}
            </span>
          )
        ) : null}
      </p>
      {next ? (
        <p className="decisions-summary__next" data-testid="decisions-next">
          {next}
        </p>
      ) : null}
    </div>
  );
}

// ---- 調査の記録 ----------------------------------------------------------------------

function InvestigationSection({
  caseId,
  data,
  onStarted,
  onAdded,
}: {
  caseId: number;
  data: CaseDecisions;
  onStarted: () => void;
  onAdded: (d: CaseDecisions) => void;
}) {
  const backend = useBackend();
  const [searched, setSearched] = useState("");
  const [found, setFound] = useState("");
  const searchedRef = useRef<HTMLInputElement>(null);
  const [refocus, setRefocus] = useState(false);
  const add = useCommand(() => backend.addInvestigationNote(caseId, searched, found));
  const { at, unplaced } = placeErrors(add.error, ["searched", "found"]);

  // Ready for the next place searched (once the field is enabled again).
  useEffect(() => {
    if (!refocus || add.pending) return;
    searchedRef.current?.focus();
    setRefocus(false);
  }, [refocus, add.pending]);

  const submit = () => {
    onStarted();
    void add.run().then((o) => {
      if (!o.ok) return;
      setSearched("");
      setFound("");
      setRefocus(true);
      onAdded(o.value);
    });
  };

  return (
    <section className="decisions-section" data-testid="investigation" aria-labelledby="investigation-title">
      <div className="decisions-section__head">
        <h3 id="investigation-title" className="decisions-section__title">
          調査の記録
        </h3>
      </div>
      {data.notes.length === 0 ? (
        <p className="muted" data-testid="investigation-empty">
          調査の記録はまだありません。
        </p>
      ) : (
        <ol className="investigation-notes" data-testid="investigation-notes">
          {data.notes.map((n) => (
            <li key={n.id} className="investigation-note" data-testid="investigation-note">
              <p className="investigation-note__meta">
                <time dateTime={n.at}>{formatDateTime(n.at)}</time>
                <span>{n.by || "—"}</span>
              </p>
              <dl className="investigation-note__facts">
                <div>
                  <dt>調査した対象</dt>
                  <dd className="pre-line">{n.searched}</dd>
                </div>
                <div>
                  <dt>結果</dt>
                  <dd className="pre-line">{n.found || <span className="muted">—</span>}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ol>
      )}
      <ImeSafeForm onSubmit={submit} aria-label="調査を記録" data-testid="investigation-form" className="investigation-form">
        {unplaced.length > 0 ? (
          <ErrorAlert testId="investigation-error">
            {unplaced.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </ErrorAlert>
        ) : null}
        <div className="form-stack">
          <TextField
            ref={searchedRef}
            name="searched"
            label="調査した対象"
            value={searched}
            onChange={setSearched}
            error={at.searched}
            required
            hint="例: 会員データベース、問合せ履歴、紙の申込書ファイル"
            testId="investigation-searched"
            disabled={add.pending}
          />
          <TextAreaField
            name="found"
            label="結果"
            value={found}
            onChange={setFound}
            error={at.found}
            rows={2}
            hint="見つかった保有個人データ（見つからなかった場合はその旨）"
            testId="investigation-found"
            disabled={add.pending}
          />
        </div>
        <div className="form-actions form-actions--start">
          <Button type="submit" pending={add.pending} pendingLabel="記録中…" testId="investigation-add">
            調査を記録
          </Button>
        </div>
      </ImeSafeForm>
    </section>
  );
}

// ---- 決定 ------------------------------------------------------------------------------

function DecisionCard({
  caseId,
  kind,
  decision,
  feeCount,
  choices,
  readOnly,
  onStarted,
  onSaved,
}: {
  caseId: number;
  kind: RequestKind;
  decision: Decision | null;
  feeCount: FeeCountAsk | null;
  choices: KindChoices;
  readOnly: boolean;
  onStarted: () => void;
  onSaved: (d: CaseDecisions, outcome: Outcome) => void;
}) {
  const labels = useLabels();
  const titleId = useId();
  const cardRef = useRef<HTMLElement>(null);
  const [editing, setEditing] = useState(false);
  const [refocus, setRefocus] = useState<"form" | "edit" | null>(null);
  const showForm = !readOnly && (editing || decision === null);

  // 変更 opens the form at its choice; saving or cancelling goes back to 変更.
  useEffect(() => {
    if (!refocus) return;
    const el =
      refocus === "form"
        ? (cardRef.current?.querySelector<HTMLInputElement>('[data-testid="decision-outcome"] input:checked') ??
          cardRef.current?.querySelector<HTMLInputElement>('[data-testid="decision-outcome"] input'))
        : cardRef.current?.querySelector<HTMLButtonElement>('[data-testid="decision-edit"]');
    el?.focus();
    setRefocus(null);
  }, [refocus, showForm]);

  const outcome = decision?.input.outcome;
  return (
    <article ref={cardRef} className="decision-card" data-testid="decision-card" data-kind={kind} aria-labelledby={titleId}>
      <div className="decision-card__head">
        <h4 id={titleId} className="decision-card__title">
          {labels.kind(kind)}
        </h4>
        {outcome ? (
          <span
            className={outcomeOf(choices, outcome)?.full ? "badge badge--ok" : outcomeOf(choices, outcome)?.refusal ? "badge badge--warning" : "badge badge--muted"}
            data-testid="decision-outcome-label"
          >
            {labelOf(choices.outcomes, outcome)}
          </span>
        ) : (
          <span className="badge badge--muted" data-testid="decision-undecided">
            未決定
          </span>
        )}
        {decision && !showForm && !readOnly ? (
          <Button
            variant="quiet"
            onClick={() => {
              onStarted();
              setEditing(true);
              setRefocus("form");
            }}
            testId="decision-edit"
            aria-label={`${labels.kind(kind)}の決定を変更`}
          >
            決定を変更
          </Button>
        ) : null}
      </div>
      {decision ? <DecisionFacts decision={decision} feeCount={feeCount} choices={choices} /> : null}
      {showForm ? (
        <DecisionForm
          caseId={caseId}
          kind={kind}
          decision={decision}
          feeCount={feeCount}
          choices={choices}
          onStarted={onStarted}
          onCancel={
            decision
              ? () => {
                  setEditing(false);
                  setRefocus("edit");
                }
              : null
          }
          onSaved={(d, o) => {
            setEditing(false);
            setRefocus("edit");
            onSaved(d, o);
          }}
        />
      ) : null}
    </article>
  );
}

function DecisionFacts({ decision, feeCount, choices }: { decision: Decision; feeCount: FeeCountAsk | null; choices: KindChoices }) {
  const d = decision.input;
  return (
    <dl className="decision-card__facts" data-testid="decision-current">
      <div>
        <dt>決定</dt>
        <dd data-testid="decision-current-outcome">{labelOf(choices.outcomes, d.outcome)}</dd>
      </div>
      {d.legalGround ? (
        <div>
          <dt>法的根拠</dt>
          <dd data-testid="decision-current-ground">{labelOf(choices.grounds, d.legalGround)}</dd>
        </div>
      ) : null}
      {d.reasons ? (
        <div>
          <dt>本人に説明する理由</dt>
          <dd className="pre-line" data-testid="decision-current-reasons">
            {d.reasons}
          </dd>
        </div>
      ) : null}
      {d.detail ? (
        <div>
          <dt>{outcomeOf(choices, d.outcome)?.detailLabel ?? "補足"}</dt>
          <dd className="pre-line" data-testid="decision-current-detail">
            {d.detail}
          </dd>
        </div>
      ) : null}
      {feeCount && d.feeCount !== null && d.feeCount > 0 ? (
        <div>
          <dt>{feeCount.label}</dt>
          <dd data-testid="decision-current-fee-count">
            {d.feeCount}
            {feeCount.counter}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>決定した人</dt>
        <dd data-testid="decision-current-by">
          {decision.decidedBy || "—"}（{formatDateTime(decision.decidedAt)}）
        </dd>
      </div>
    </dl>
  );
}

function DecisionForm({
  caseId,
  kind,
  decision,
  feeCount,
  choices,
  onStarted,
  onCancel,
  onSaved,
}: {
  caseId: number;
  kind: RequestKind;
  decision: Decision | null;
  feeCount: FeeCountAsk | null;
  choices: KindChoices;
  onStarted: () => void;
  onCancel: (() => void) | null;
  onSaved: (d: CaseDecisions, outcome: Outcome) => void;
}) {
  const labels = useLabels();
  const backend = useBackend();
  const [outcome, setOutcome] = useState<Outcome | "">(decision?.input.outcome ?? "");
  const [ground, setGround] = useState<LegalGround | "">(decision?.input.legalGround ?? "");
  const [reasons, setReasons] = useState(decision?.input.reasons ?? "");
  const [detail, setDetail] = useState(decision?.input.detail ?? "");
  const [count, setCount] = useState(decision?.input.feeCount ? String(decision.input.feeCount) : "");
  const save = useCommand((input: DecisionInput) => backend.recordDecision(caseId, input));
  const { at, unplaced } = placeErrors(save.error, ["outcome", "legalGround", "reasons", "detail", "feeCount"]);
  const [localError, setLocalError] = useState<string | null>(null);
  const disabled = save.pending;
  const chosen = outcome === "" ? undefined : outcomeOf(choices, outcome);

  const submit = () => {
    onStarted();
    if (outcome === "") {
      setLocalError("決定の内容を選んでください。");
      return;
    }
    setLocalError(null);
    // Hidden fields are not sent: a full compliance has no ground and no reasons.
    const input: DecisionInput = {
      kind,
      outcome,
      legalGround: chosen?.refusal && ground !== "" ? ground : null,
      reasons: chosen?.full ? "" : reasons,
      detail,
      // The core asks for it only where something is disclosed; it says so at the field.
      feeCount: feeCount && chosen?.discloses ? parseWholeNumber(count) : null,
    };
    void save.run(input).then((o) => {
      if (o.ok) onSaved(o.value, outcome);
    });
  };

  return (
    <ImeSafeForm onSubmit={submit} aria-label={`${labels.kind(kind)}の決定`} data-testid="decision-form" className="decision-form">
      {unplaced.length > 0 ? (
        <ErrorAlert testId="decision-error">
          {unplaced.map((m, i) => (
            <p key={i}>{m}</p>
          ))}
        </ErrorAlert>
      ) : null}
      <div className="form-stack">
        <div data-testid="decision-outcome">
          <RadioGroup
            name="outcome"
            legend="決定の内容"
            required
            value={outcome}
            onChange={(v) => {
              setOutcome(v);
              setLocalError(null);
            }}
            options={choices.outcomes.map((c) => ({ value: c.code, label: c.label, testId: `decision-outcome-${c.code}` }))}
            error={localError ?? at.outcome}
            disabled={disabled}
          />
        </div>
        {chosen?.refusal ? (
          <SelectField
            name="legalGround"
            label="法的根拠（応じない理由となる条文）"
            value={ground}
            onChange={(v) => setGround(v as LegalGround | "")}
            options={[{ value: "", label: "（選んでください）" }, ...choiceOptions(choices.grounds)]}
            error={at.legalGround}
            testId="decision-ground"
          />
        ) : null}
        {chosen && !chosen.full ? (
          <TextAreaField
            name="reasons"
            label="本人に説明する理由"
            value={reasons}
            onChange={setReasons}
            error={at.reasons}
            required
            rows={3}
            hint="法第36条により、請求に応じない理由を本人に説明するよう努めなければなりません（10文字以上）。回答書に記載できる文にしてください。"
            testId="decision-reasons"
            disabled={disabled}
          />
        ) : null}
        {chosen ? (
          <TextAreaField
            name="detail"
            label={chosen.detailLabel}
            value={detail}
            onChange={setDetail}
            error={at.detail}
            required={chosen.needsDetail}
            rows={2}
            hint={chosen.needsDetail ? undefined : "任意"}
            testId="decision-detail"
            disabled={disabled}
          />
        ) : null}
        {feeCount && chosen?.discloses ? (
          <TextField
            name="feeCount"
            label={`${feeCount.label}（${feeCount.counter}）`}
            value={count}
            onChange={setCount}
            error={at.feeCount}
            required
            inputMode="numeric"
            hint={feeCount.hint}
            testId="decision-fee-count"
            disabled={disabled}
          />
        ) : null}
      </div>
      <div className="form-actions form-actions--start">
        <Button type="submit" variant="primary" pending={save.pending} pendingLabel="記録中…" testId="decision-save">
          決定を記録
        </Button>
        {onCancel ? (
          <Button variant="quiet" onClick={onCancel} disabled={disabled} testId="decision-cancel">
            キャンセル
          </Button>
        ) : null}
      </div>
    </ImeSafeForm>
  );
}

// ---- 承認 ------------------------------------------------------------------------------

function ApprovalRecordView({ record }: { record: ApprovalRecord }) {
  return (
    <div className={record.approved ? "approval-record approval-record--approved" : "approval-record approval-record--sent-back"} data-testid="approval-record">
      <p className="approval-record__head">
        <span className={record.approved ? "badge badge--ok" : "badge badge--danger"} data-testid="approval-record-outcome">
          {record.approved ? "承認" : "差戻し"}
        </span>
        <span>{record.by || "—"}</span>
        <time dateTime={record.at}>{formatDateTime(record.at)}</time>
      </p>
      {record.note ? (
        <p className="pre-line approval-record__note" data-testid="approval-record-note">
          {record.note}
        </p>
      ) : null}
    </div>
  );
}

function ApprovalSection({
  caseId,
  data,
  status,
  canReview,
  onStarted,
  onReviewed,
}: {
  caseId: number;
  data: CaseDecisions;
  status: CaseStatus;
  canReview: boolean;
  onStarted: () => void;
  onReviewed: (d: CaseDecisions, approved: boolean) => void;
}) {
  const backend = useBackend();
  const [note, setNote] = useState("");
  const titleRef = useRef<HTMLHeadingElement>(null);
  const review = useCommand((approve: boolean) => backend.reviewDecisions(caseId, approve, note));
  const { at, unplaced } = placeErrors(review.error, ["note"]);
  const awaiting = status === "awaiting_approval";

  const run = (approve: boolean) => {
    onStarted();
    void review.run(approve).then((o) => {
      if (!o.ok) return;
      setNote("");
      // The buttons go away with 承認待ち: the focus stays in the section.
      titleRef.current?.focus();
      onReviewed(o.value, approve);
    });
  };

  let state: string;
  if (data.approved) state = "現在の決定は承認済みです。";
  else if (data.approval?.approved) state = "承認の後に決定が変更されたため、あらためて承認が必要です。";
  else if (data.needsApproval) state = "現在の決定はまだ承認されていません。";
  else if (!data.complete) state = "現在の決定では、管理者の承認は必要ありません（まだ決定していない請求があります）。";
  else state = "現在の決定では、管理者の承認は必要ありません。";

  return (
    <section className="decisions-section" data-testid="approval" aria-labelledby="approval-title">
      <div className="decisions-section__head">
        <h3 id="approval-title" className="decisions-section__title" ref={titleRef} tabIndex={-1}>
          承認
        </h3>
      </div>
      {data.needsApproval ? (
        <div className="approval-why" data-testid="approval-reasons">
          <p>この案件の決定には、管理者の承認が必要です。</p>
          <ul>
            {data.approvalReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="decisions-section__hint muted" data-testid="approval-rule">
        請求に応じない決定（一部を含む）と特定個人情報を含む案件は、管理者の承認が必要です。決定した本人は承認できません。
      </p>
      <p className="approval-state" data-testid="approval-state">
        {state}
      </p>
      {data.approval ? <ApprovalRecordView record={data.approval} /> : null}
      {awaiting && !canReview ? (
        <p className="notice notice--info" data-testid="approval-waiting">
          管理者の承認を待っています。
        </p>
      ) : null}
      {awaiting && canReview ? (
        // Both actions are buttons of their own; Enter in the note makes a new line.
        <ImeSafeForm onSubmit={() => undefined} aria-label="決定の承認・差戻し" data-testid="approval-form" className="approval-form">
          {unplaced.length > 0 ? (
            <ErrorAlert testId="approval-error">
              {unplaced.map((m, i) => (
                <p key={i}>{m}</p>
              ))}
            </ErrorAlert>
          ) : null}
          <TextAreaField
            name="note"
            label="コメント"
            value={note}
            onChange={setNote}
            error={at.note}
            rows={2}
            hint="差し戻す場合は、その理由を入力してください（必須）。承認する場合は任意です。"
            testId="approval-note"
            disabled={review.pending}
          />
          <div className="form-actions form-actions--start">
            <Button variant="primary" onClick={() => run(true)} pending={review.pending} testId="approval-approve">
              承認する
            </Button>
            <Button onClick={() => run(false)} disabled={review.pending} testId="approval-send-back">
              差し戻す
            </Button>
          </div>
        </ImeSafeForm>
      ) : null}
    </section>
  );
}
