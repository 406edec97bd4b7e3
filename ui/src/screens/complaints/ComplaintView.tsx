import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useBackend } from "../../backend/context";
import { placeErrors } from "../../backend/errors";
import type { ComplaintDetail, ComplaintStep, SessionInfo, StepInput, StepView } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { formatDateTime, formatDay, isoDay, warekiOfDay } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { StatusBadge } from "../cases/badges";
import { useNavigate } from "../shell/navigation";
import { useLabels } from "../../lib/vocabulary";

/** The fields of a step the backend may refuse, each shown under its input; `step` (the order) goes above the form. */
const STEP_FIELDS = ["doneOn", "person", "notes"] as const;
/** As `record_complaint_step`: notes are kept to 4000 characters. */
const NOTES_MAX = 4000;

const dash = <span className="muted">—</span>;

/**
 * A complaint was logged or a step recorded: it is shown as the backend
 * returned it, and whatever lists complaints is read again — the list, and
 * the disposal queue (回答・報告 starts its 保存期間) and the 報告 (which
 * counts complaints; its keys are spelled here so that complaints/ does not
 * depend on the reports page).
 */
export function refreshAfterComplaint(client: QueryClient, detail: ComplaintDetail): void {
  client.setQueryData(queryKeys.complaint(detail.summary.caseId), detail);
  void client.invalidateQueries({ queryKey: ["complaints"] });
  void client.invalidateQueries({ queryKey: queryKeys.disposalQueue });
  void client.invalidateQueries({ queryKey: queryKeys.retention(detail.summary.caseId) });
  void client.invalidateQueries({ queryKey: ["report"] });
  void client.invalidateQueries({ queryKey: ["reportPdf"] });
}

/** One 苦情・相談: what came in, the request it is about, and its four steps. */
export function ComplaintView({ id, session }: { id: number; session: SessionInfo }) {
  const backend = useBackend();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: queryKeys.complaint(id), queryFn: () => backend.getComplaint(id) });

  return (
    <div className="page page--wide">
      <div className="page__back">
        <Button variant="quiet" onClick={() => navigate({ page: "complaints" })} testId="complaint-back">
          ← 一覧へ戻る
        </Button>
      </div>
      {query.isPending ? <p className="muted">読み込み中…</p> : null}
      {query.isError ? (
        <ErrorAlert testId="complaint-load-error">{(query.error as { message?: string }).message ?? "苦情・相談を取得できませんでした。"}</ErrorAlert>
      ) : null}
      {query.data ? <Detail detail={query.data} session={session} /> : null}
    </div>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children === "" || children === null || children === undefined ? dash : children}</dd>
    </div>
  );
}

/** Which step's form is open: the next one (by default) or a recorded one being corrected. */
type Editing = ComplaintStep | null;

function Detail({ detail, session }: { detail: ComplaintDetail; session: SessionInfo }) {
  const labels = useLabels();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [correcting, setCorrecting] = useState<Editing>(null);
  const [said, setSaid] = useState<string | null>(null);
  const s = detail.summary;
  const done = detail.nextStep === null;

  const saved = (next: ComplaintDetail, step: StepView, corrected: boolean) => {
    refreshAfterComplaint(client, next);
    setCorrecting(null);
    if (corrected) setSaid(`「${step.label}」を修正しました。`);
    else if (next.nextStep === null) setSaid(`「${step.label}」を記録しました。対応完了です。`);
    else setSaid(`「${step.label}」を記録しました。`);
  };

  return (
    <>
      <header className="case-header">
        <div className="case-header__title-row">
          <h1 className="page__title">
            {labels.complaintCategory(s.category)} <span className="receipt-no" data-testid="complaint-receipt-no">{s.receiptNo}</span>
          </h1>
          <StatusBadge status={s.status} testId="complaint-status" />
          {done ? (
            <span className="badge badge--ok" data-testid="complaint-done">
              対応完了
            </span>
          ) : null}
        </div>
      </header>

      {said ? <StatusMessage testId="complaint-message">{said}</StatusMessage> : null}

      <section className="panel" aria-labelledby="complaint-facts-title">
        <h2 id="complaint-facts-title" className="panel__title">
          受付の内容
        </h2>
        <div className="complaint-facts">
          <dl className="facts">
            <Fact label="受付番号">{s.receiptNo}</Fact>
            <Fact label="区分" testId="complaint-category-label">
              {labels.complaintCategory(s.category)}
            </Fact>
            <Fact label="受付日" testId="complaint-received">
              {formatDay(s.receivedOn)} <span className="muted">（{warekiOfDay(s.receivedOn)}）</span>
            </Fact>
            <Fact label="受付経路" testId="complaint-channel-label">
              {labels.channel(s.channel)}
            </Fact>
          </dl>
          <dl className="facts">
            <Fact label="申出者" testId="complaint-person-name">
              {s.name}
            </Fact>
            <Fact label="連絡先" testId="complaint-contact-text">
              {detail.contact}
            </Fact>
            <Fact label="関連する請求">
              {detail.linkedCaseId !== null && s.linkedReceiptNo ? (
                <button
                  type="button"
                  className="link-button mono"
                  onClick={() => navigate({ page: "case", id: detail.linkedCaseId! })}
                  data-testid="complaint-linked-link"
                >
                  {s.linkedReceiptNo}
                </button>
              ) : (
                ""
              )}
            </Fact>
          </dl>
        </div>
        <h3 className="subsection-title tab-actions">内容</h3>
        <p className="complaint-text" data-testid="complaint-text">
          {detail.text}
        </p>
      </section>

      <section className="panel" aria-labelledby="complaint-steps-title">
        <h2 id="complaint-steps-title" className="panel__title">
          対応の記録
        </h2>
        <ol className="complaint-steps" data-testid="complaint-steps">
          {detail.steps.map((step, n) => {
            const isNext = step.step === detail.nextStep;
            const recorded = step.doneOn !== null;
            // One form at a time: the step being corrected, else the next one.
            const formOpen = correcting === null ? isNext : correcting === step.step;
            const state = recorded ? "done" : isNext ? "next" : "pending";
            return (
              <li
                key={step.step}
                className={`complaint-step complaint-step--${state}`}
                aria-current={isNext ? "step" : undefined}
                data-testid={`complaint-step-${step.step}`}
              >
                <span className="complaint-step__marker" aria-hidden="true">
                  {recorded ? "✓" : n + 1}
                </span>
                <div className="complaint-step__body">
                  <div className="complaint-step__head">
                    <h3 className="complaint-step__title">{step.label}</h3>
                    {recorded ? (
                      <span className="badge badge--ok" data-testid={`complaint-step-state-${step.step}`}>
                        対応済
                      </span>
                    ) : (
                      <span className={isNext ? "badge badge--open" : "badge badge--muted"} data-testid={`complaint-step-state-${step.step}`}>
                        {isNext ? "次の段階" : "未対応"}
                      </span>
                    )}
                    {recorded && !formOpen ? (
                      <Button
                        variant="quiet"
                        onClick={() => {
                          setSaid(null);
                          setCorrecting(step.step);
                        }}
                        aria-label={`「${step.label}」を修正`}
                        testId={`step-edit-${step.step}`}
                      >
                        修正
                      </Button>
                    ) : null}
                  </div>
                  {recorded && !formOpen ? <StepRecord step={step} /> : null}
                  {formOpen ? (
                    <StepForm
                      key={`${step.step}:${recorded ? "correct" : "record"}`}
                      caseId={s.caseId}
                      step={step}
                      defaultPerson={session.displayName}
                      onSaved={(next) => saved(next, step, recorded)}
                      onCancel={recorded ? () => setCorrecting(null) : undefined}
                    />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
        {done ? (
          <p className="complaint-done" data-testid="complaint-complete">
            回答・報告まで記録しました。この苦情・相談は対応完了です。
          </p>
        ) : null}
      </section>
    </>
  );
}

/** A recorded step: 対応日・対応者, what was done, and who recorded it when. */
function StepRecord({ step }: { step: StepView }) {
  return (
    <>
      <p data-testid={`complaint-step-done-${step.step}`}>
        <strong>{formatDay(step.doneOn ?? "")}</strong>・{step.person}
      </p>
      {step.notes ? <p className="complaint-step__notes">{step.notes}</p> : null}
      <p className="muted complaint-step__recorded">
        記録：{step.recordedBy}
        {step.recordedAt ? `（${formatDateTime(step.recordedAt)}）` : ""}
      </p>
    </>
  );
}

/**
 * Records a step (対応日 today and 対応者 the signed-in officer by default)
 * or corrects a recorded one (its values to start with). The backend keeps
 * the order and the dates and says what is wrong.
 */
function StepForm({
  caseId,
  step,
  defaultPerson,
  onSaved,
  onCancel,
}: {
  caseId: number;
  step: StepView;
  defaultPerson: string;
  onSaved: (next: ComplaintDetail) => void;
  onCancel?: (() => void) | undefined;
}) {
  const backend = useBackend();
  const [doneOn, setDoneOn] = useState(() => step.doneOn ?? isoDay());
  const [person, setPerson] = useState(() => (step.doneOn !== null ? step.person : defaultPerson));
  const [notes, setNotes] = useState(() => step.notes);
  const record = useCommand((input: StepInput) => backend.recordComplaintStep(caseId, input));
  const { at, unplaced } = placeErrors(record.error, STEP_FIELDS);
  const correcting = step.doneOn !== null;

  const submit = async () => {
    const outcome = await record.run({ step: step.step, doneOn, person, notes });
    if (outcome.ok) onSaved(outcome.value);
  };

  return (
    <ImeSafeForm
      onSubmit={() => void submit()}
      className="complaint-step__form"
      aria-label={correcting ? `「${step.label}」を修正` : `「${step.label}」を記録`}
      data-testid="step-form"
    >
      {unplaced.length > 0 ? (
        <ErrorAlert testId="step-error">
          {unplaced.map((m, i) => (
            <p key={i}>{m}</p>
          ))}
        </ErrorAlert>
      ) : null}
      <div className="form-stack">
        <div className="form-grid">
          <TextField
            name="doneOn"
            label="対応日"
            required
            value={doneOn}
            onChange={setDoneOn}
            error={at.doneOn}
            placeholder="例：2026-12-01"
            inputMode="numeric"
            inputClassName="input--date"
            suffix={
              <span className="wareki" aria-live="polite">
                {warekiOfDay(doneOn)}
              </span>
            }
            testId="step-done-on"
          />
          <TextField name="person" label="対応者" required value={person} onChange={setPerson} error={at.person} testId="step-person" />
        </div>
        <TextAreaField
          name="notes"
          label="内容"
          value={notes}
          onChange={setNotes}
          error={at.notes}
          rows={3}
          hint={`対応した内容・結果。個人番号は書かないでください。（${[...notes].length}/${NOTES_MAX}字）`}
          testId="step-notes"
        />
      </div>
      <div className="form-actions form-actions--start">
        <Button type="submit" variant="primary" pending={record.pending} pendingLabel="記録中…" testId="step-submit">
          記録する
        </Button>
        {onCancel ? (
          <Button onClick={onCancel} disabled={record.pending} testId="step-cancel">
            キャンセル
          </Button>
        ) : null}
      </div>
    </ImeSafeForm>
  );
}
