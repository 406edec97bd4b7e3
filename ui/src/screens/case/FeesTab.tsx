import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode, placeErrors } from "../../backend/errors";
import type {
  ApiError,
  Clock,
  FeeLedger,
  FeeMethod,
  FeeState,
  FieldError,
  PauseReason,
  PaymentDirection,
  PaymentInput,
  PaymentRecord,
  StampLine,
  Vocabulary,
} from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { RadioGroup } from "../../components/Choice";
import { Dialog } from "../../components/Dialog";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { formatDateTime, formatDay, isoDay, warekiOfDay } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { toHankaku } from "../../lib/text";
import { useCommand } from "../../lib/useCommand";
import { choiceOptions, labelOf, useVocabulary } from "../../lib/vocabulary";
import { CheckField, SelectField } from "../settings/policyFields";

/** 定額小為替 are issued in these face values (as `fees.rs`). */
export const MONEY_ORDER_FACES: readonly number[] = [50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 750, 1000];

/** Stamps that usually arrive: 110円 (letters), 100円, the older 84円 and 63円, 10円 and 1円 for the odd amounts. */
export const QUICK_STAMP_FACES: readonly number[] = [110, 100, 84, 63, 10, 1];

/** `1000` → 「1,000円」. */
export const formatYen = (n: number): string => `${n.toLocaleString("ja-JP")}円`;

/** A day as 「2026/12/01（令和8年12月1日）」. */
function DayText({ day }: { day: string }) {
  const wareki = warekiOfDay(day);
  return (
    <>
      {formatDay(day)}
      {wareki ? <span className="muted">（{wareki}）</span> : null}
    </>
  );
}

export function useFeeLedger(caseId: number) {
  const backend = useBackend();
  return useQuery({ queryKey: queryKeys.fees(caseId), queryFn: () => backend.getFeeLedger(caseId) });
}

export function useClock(caseId: number) {
  const backend = useBackend();
  return useQuery({ queryKey: queryKeys.clock(caseId), queryFn: () => backend.getClock(caseId) });
}

/**
 * 手数料・期限: the case's due date (moved by every pause of the clock) with
 * its pauses, and its fee — what is expected, what arrived or went back, and
 * whether it is paid, short or over. A payment that leaves the fee short
 * stops the clock (手数料待ち); one that settles it starts it again.
 */
/** `canDecide`: the signed-in user is a 管理者 (decides fees 38条 does not allow). */
export function FeesTab({ caseId, canDecide, onCaseChanged }: { caseId: number; canDecide: boolean; onCaseChanged?: () => void }) {
  const client = useQueryClient();
  const vocab = useVocabulary();
  const [message, setMessage] = useState<string | null>(null);

  // Every change is on the case's timeline too.
  const changed = (text: string) => {
    setMessage(text);
    onCaseChanged?.();
  };

  return (
    <div className="fees-tab" data-testid="fees-tab">
      {message ? <StatusMessage testId="fees-message">{message}</StatusMessage> : null}
      <ClockPanel
        caseId={caseId}
        vocabulary={vocab}
        onStarted={() => setMessage(null)}
        onChanged={(clock, text) => {
          client.setQueryData(queryKeys.clock(caseId), clock);
          changed(text);
        }}
      />
      <FeePanel
        canDecide={canDecide}
        caseId={caseId}
        vocabulary={vocab}
        onStarted={() => setMessage(null)}
        onRecorded={(ledger, direction) => {
          client.setQueryData(queryKeys.fees(caseId), ledger);
          // A shortfall stops the clock, settling starts it again.
          void client.invalidateQueries({ queryKey: queryKeys.clock(caseId) });
          changed(`${direction === "in" ? "入金" : labelOf(vocab.paymentDirections, direction)}を記録しました（${ledger.summary}）。`);
        }}
        onDecided={(ledger, text) => {
          client.setQueryData(queryKeys.fees(caseId), ledger);
          void client.invalidateQueries({ queryKey: queryKeys.clock(caseId) });
          changed(text);
        }}
      />
    </div>
  );
}

// ---- 期限 ------------------------------------------------------------------------

function ClockPanel({
  caseId,
  vocabulary,
  onStarted,
  onChanged,
}: {
  caseId: number;
  vocabulary: Vocabulary;
  onStarted: () => void;
  onChanged: (clock: Clock, message: string) => void;
}) {
  const query = useClock(caseId);
  const [dialog, setDialog] = useState<"pause" | "resume" | null>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [refocus, setRefocus] = useState(false);

  // 停止 and 再開 replace each other: the focus goes to the one now shown.
  useEffect(() => {
    if (!refocus) return;
    headRef.current?.querySelector<HTMLButtonElement>("button")?.focus();
    setRefocus(false);
  }, [refocus, query.data]);

  return (
    <section className="fees-section" data-testid="clock-panel" aria-labelledby="clock-panel-title">
      <div className="fees-section__head" ref={headRef}>
        <h3 id="clock-panel-title" className="fees-section__title">
          回答期限
        </h3>
        {query.data ? (
          query.data.paused ? (
            <Button
              onClick={() => {
                onStarted();
                setDialog("resume");
              }}
              testId="clock-resume"
            >
              期限を再開
            </Button>
          ) : (
            <Button
              onClick={() => {
                onStarted();
                setDialog("pause");
              }}
              testId="clock-pause"
            >
              期限を停止
            </Button>
          )
        ) : null}
      </div>
      {query.isPending ? (
        <p className="muted">読み込み中…</p>
      ) : query.isError ? (
        <ErrorAlert testId="clock-error">{(query.error as { message?: string }).message ?? "期限を取得できませんでした。"}</ErrorAlert>
      ) : (
        <ClockView clock={query.data} vocabulary={vocabulary} />
      )}
      {dialog === "pause" ? (
        <PauseDialog
          caseId={caseId}
          vocabulary={vocabulary}
          onClose={() => setDialog(null)}
          onDone={(clock, reason) => {
            setDialog(null);
            setRefocus(true);
            onChanged(clock, `期限を停止しました（${labelOf(vocabulary.pauseReasons, reason)}）。`);
          }}
        />
      ) : null}
      {dialog === "resume" && query.data ? (
        <ResumeDialog
          caseId={caseId}
          clock={query.data}
          vocabulary={vocabulary}
          onClose={() => setDialog(null)}
          onDone={(clock) => {
            setDialog(null);
            setRefocus(true);
            onChanged(clock, "期限を再開しました。");
          }}
        />
      ) : null}
    </section>
  );
}

function DaysLeft({ days }: { days: number }) {
  if (days < 0)
    return (
      <span className="badge badge--danger" data-testid="clock-days-left">
        {-days}日超過
      </span>
    );
  if (days === 0)
    return (
      <span className="badge badge--warning" data-testid="clock-days-left">
        本日が期限
      </span>
    );
  return (
    <span className="badge badge--open" data-testid="clock-days-left">
      あと{days}日
    </span>
  );
}

function ClockView({ clock, vocabulary }: { clock: Clock; vocabulary: Vocabulary }) {
  return (
    <>
      <dl className="fees-facts">
        <div>
          <dt>受付日</dt>
          <dd data-testid="clock-received">
            <DayText day={clock.receivedOn} />
          </dd>
        </div>
        <div>
          <dt>回答期限</dt>
          <dd data-testid="clock-due" className={clock.daysLeft !== null && clock.daysLeft < 0 ? "clock-due clock-due--overdue" : "clock-due"}>
            {clock.dueOn ? (
              <>
                <strong className="clock-due__day">
                  <DayText day={clock.dueOn} />
                </strong>
                {clock.daysLeft !== null ? <DaysLeft days={clock.daysLeft} /> : null}
                {clock.paused ? (
                  <span className="badge badge--warning" data-testid="clock-paused">
                    期限停止中
                  </span>
                ) : null}
              </>
            ) : (
              <>
                <span className="clock-due__none">ポリシーが設定されていないため、期限を計算できません。</span>
                {clock.paused ? (
                  <span className="badge badge--warning" data-testid="clock-paused">
                    期限停止中
                  </span>
                ) : null}
              </>
            )}
          </dd>
        </div>
        {clock.wording ? (
          <div>
            <dt>ポリシーの定め</dt>
            <dd data-testid="clock-wording">{clock.wording}</dd>
          </div>
        ) : null}
        <div>
          <dt>停止日数</dt>
          <dd data-testid="clock-paused-days">{clock.pausedDays}日</dd>
        </div>
      </dl>
      {clock.paused && clock.dueOn ? <p className="fees-section__hint">停止中は、再開するまで1日ごとに期限が1日延びます。</p> : null}
      <p className="fees-section__hint muted">受付日は受け付けた日のまま記録されます（法第39条の2週間は受付日から数えます）。</p>
      {clock.pauses.length === 0 ? (
        <p className="muted" data-testid="clock-pauses-empty">
          期限の停止はありません。
        </p>
      ) : (
        <table className="table fees-table" data-testid="clock-pauses">
          <caption className="fees-table__caption">期限の停止</caption>
          <thead>
            <tr>
              <th scope="col">理由</th>
              <th scope="col">期間</th>
              <th scope="col" className="fees-table__num">
                日数
              </th>
              <th scope="col">メモ</th>
            </tr>
          </thead>
          <tbody>
            {clock.pauses.map((p) => (
              <tr key={p.id} data-testid="clock-pause-row" data-pause-id={p.id}>
                <td className="nowrap">{labelOf(vocabulary.pauseReasons, p.reason)}</td>
                <td className="nowrap">
                  {formatDay(p.fromOn)} 〜{" "}
                  {p.toOn ? (
                    formatDay(p.toOn)
                  ) : (
                    <span className="badge badge--warning" data-testid="clock-pause-open">
                      停止中
                    </span>
                  )}
                </td>
                <td className="fees-table__num nowrap">{p.days}日</td>
                <td className="pre-line">{p.note || <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PauseDialog({
  caseId,
  vocabulary,
  onClose,
  onDone,
}: {
  caseId: number;
  vocabulary: Vocabulary;
  onClose: () => void;
  onDone: (clock: Clock, reason: PauseReason) => void;
}) {
  const backend = useBackend();
  const [reason, setReason] = useState<PauseReason>((vocabulary.pauseReasons[0]?.code as PauseReason | undefined) ?? "id_documents");
  const [from, setFrom] = useState(() => isoDay());
  const [note, setNote] = useState("");
  const pause = useCommand(() => backend.pauseClock(caseId, reason, from, note));
  const { at, unplaced } = placeErrors(pause.error, ["reason", "from", "note"]);

  const submit = () =>
    void pause.run().then((o) => {
      if (o.ok) onDone(o.value, reason);
    });

  return (
    <Dialog title="期限を停止" onClose={onClose} testId="pause-dialog" width={520}>
      <ImeSafeForm onSubmit={submit} aria-label="期限を停止" data-testid="pause-form">
        {unplaced.length > 0 ? (
          <ErrorAlert testId="pause-error">
            {unplaced.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </ErrorAlert>
        ) : null}
        <p className="muted fees-dialog__lead">請求者からの書類・手数料・回答を待つ間、回答期限の計算を止めます。</p>
        <div className="form-stack">
          <SelectField
            name="reason"
            label="停止の理由"
            value={reason}
            onChange={(v) => setReason(v as PauseReason)}
            options={choiceOptions(vocabulary.pauseReasons)}
            error={at.reason}
            testId="pause-reason"
          />
          <TextField
            name="from"
            label="停止日"
            value={from}
            onChange={setFrom}
            error={at.from}
            required
            hint="例: 2026-12-05（追加提出などを依頼した日。この日から期限が止まります）"
            inputClassName="input--short"
            testId="pause-from"
          />
          <TextAreaField name="note" label="メモ" value={note} onChange={setNote} error={at.note} rows={2} hint="例: 本人確認書類の追加提出を依頼" testId="pause-note" />
        </div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={pause.pending} testId="pause-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="primary" pending={pause.pending} pendingLabel="停止中…" testId="pause-save">
            停止する
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}

function ResumeDialog({
  caseId,
  clock,
  vocabulary,
  onClose,
  onDone,
}: {
  caseId: number;
  clock: Clock;
  vocabulary: Vocabulary;
  onClose: () => void;
  onDone: (clock: Clock) => void;
}) {
  const backend = useBackend();
  const [to, setTo] = useState(() => isoDay());
  const resume = useCommand(() => backend.resumeClock(caseId, to));
  const { at, unplaced } = placeErrors(resume.error, ["to"]);
  const open = clock.pauses.find((p) => p.toOn === null);

  const submit = () =>
    void resume.run().then((o) => {
      if (o.ok) onDone(o.value);
    });

  return (
    <Dialog title="期限を再開" onClose={onClose} testId="resume-dialog" width={480}>
      <ImeSafeForm onSubmit={submit} aria-label="期限を再開" data-testid="resume-form">
        {unplaced.length > 0 ? (
          <ErrorAlert testId="resume-error">
            {unplaced.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </ErrorAlert>
        ) : null}
        {open ? (
          <p className="fees-dialog__lead" data-testid="resume-open-pause">
            {labelOf(vocabulary.pauseReasons, open.reason)}（{formatDay(open.fromOn)}から停止中）
          </p>
        ) : null}
        <TextField
          name="to"
          label="再開日"
          value={to}
          onChange={setTo}
          error={at.to}
          required
          hint="待っていたもの（書類・手数料・回答）が届いた日。この日から期限が再び進みます。"
          inputClassName="input--short"
          testId="resume-to"
        />
        <div className="form-actions">
          <Button onClick={onClose} disabled={resume.pending} testId="resume-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="primary" pending={resume.pending} pendingLabel="再開中…" testId="resume-save">
            再開する
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}

// ---- 手数料 ------------------------------------------------------------------------

const STATE_BADGE: Record<FeeState, string> = {
  no_fee: "badge badge--muted",
  not_asked: "badge badge--muted",
  due: "badge badge--danger",
  short: "badge badge--danger",
  paid: "badge badge--ok",
  over: "badge badge--warning",
};

function FeePanel({
  canDecide,
  caseId,
  vocabulary,
  onStarted,
  onRecorded,
  onDecided,
}: {
  caseId: number;
  vocabulary: Vocabulary;
  onStarted: () => void;
  onRecorded: (ledger: FeeLedger, direction: PaymentDirection) => void;
  onDecided: (ledger: FeeLedger, message: string) => void;
  canDecide: boolean;
}) {
  const query = useFeeLedger(caseId);
  const [recording, setRecording] = useState(false);

  return (
    <section className="fees-section" data-testid="fee-panel" aria-labelledby="fee-panel-title">
      <div className="fees-section__head">
        <h3 id="fee-panel-title" className="fees-section__title">
          手数料
        </h3>
        {query.data ? (
          <span className={STATE_BADGE[query.data.state]} data-testid="fee-state" data-state={query.data.state}>
            {query.data.summary}
          </span>
        ) : null}
        <Button
          variant="primary"
          onClick={() => {
            onStarted();
            setRecording(true);
          }}
          disabled={!query.data}
          testId="fee-record"
        >
          入金を記録
        </Button>
      </div>
      {query.isPending ? (
        <p className="muted">読み込み中…</p>
      ) : query.isError ? (
        <ErrorAlert testId="fee-error">{(query.error as { message?: string }).message ?? "手数料の情報を取得できませんでした。"}</ErrorAlert>
      ) : (
        <>
          <FeeDecisionBox caseId={caseId} canDecide={canDecide} ledger={query.data} onDecided={onDecided} />
          <LedgerView ledger={query.data} vocabulary={vocabulary} />
        </>
      )}
      {recording ? (
        <PaymentDialog
          caseId={caseId}
          vocabulary={vocabulary}
          onClose={() => setRecording(false)}
          onSaved={(ledger, direction) => {
            setRecording(false);
            onRecorded(ledger, direction);
          }}
        />
      ) : null}
    </section>
  );
}

/**
 * 法第38条: the policy charges this case a fee the law does not allow. A
 * 管理者 decides, once per case, to charge it knowingly or to waive it; the
 * choice is audited and on the timeline.
 */
function FeeDecisionBox({
  caseId,
  canDecide,
  ledger,
  onDecided,
}: {
  caseId: number;
  canDecide: boolean;
  ledger: FeeLedger;
  onDecided: (ledger: FeeLedger, message: string) => void;
}) {
  const backend = useBackend();
  const decide = useCommand((keep: boolean) => backend.decideFeeWarning(caseId, keep));
  if (ledger.decision) {
    return (
      <p className="notice notice--info" data-testid="fee-decision">
        管理者の判断（{ledger.decision.by}、{formatDateTime(ledger.decision.at)}）:{" "}
        {ledger.decision.keep ? "法第38条の警告を承知のうえ、ポリシーどおり請求します。" : "法第38条で認められない手数料は請求しません。"}
      </p>
    );
  }
  if (!ledger.needsDecision) return null;
  const run = async (keep: boolean) => {
    const outcome = await decide.run(keep);
    if (outcome.ok) onDecided(outcome.value, keep ? "ポリシーどおり請求することを記録しました。" : "法第38条で認められない手数料を請求しないことを記録しました。");
  };
  return (
    <div className="fee-decision" role="alert" data-testid="fee-decision-needed">
      <p>
        <strong>法第38条の警告</strong>:
        このポリシーは、法律上手数料を求められない請求にも手数料を定めています。請求する前に管理者の判断が必要です。
      </p>
      {canDecide ? (
        <div className="inline-actions">
          <Button onClick={() => void run(false)} pending={decide.pending} testId="fee-decision-waive">
            認められない手数料は請求しない
          </Button>
          <Button onClick={() => void run(true)} pending={decide.pending} testId="fee-decision-keep">
            警告を承知のうえ請求する
          </Button>
        </div>
      ) : (
        <p className="muted">管理者に判断を依頼してください。</p>
      )}
      {decide.error ? <ErrorAlert testId="fee-decision-error">{decide.error.message}</ErrorAlert> : null}
    </div>
  );
}

function LedgerView({ ledger, vocabulary }: { ledger: FeeLedger; vocabulary: Vocabulary }) {
  return (
    <>
      {ledger.lines.length === 0 ? (
        <p className="muted" data-testid="fee-lines-empty">
          この案件のポリシーでは、手数料は定められていません。
        </p>
      ) : (
        <table className="table fees-table" data-testid="fee-lines">
          <caption className="fees-table__caption">手数料の内訳</caption>
          <thead>
            <tr>
              <th scope="col">請求の種類</th>
              <th scope="col" className="fees-table__num">
                金額
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger.lines.map((l, i) => (
              <tr key={i} data-testid="fee-line">
                <td>
                  {l.label}
                  {l.warning ? (
                    <p className="fee-line__warning" data-testid="fee-line-warning">
                      {l.warning}
                    </p>
                  ) : null}
                </td>
                <td className="fees-table__num nowrap">{l.pending ? <span className="muted">決定時に確定</span> : formatYen(l.amountYen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="fees-facts fees-facts--totals">
        <div>
          <dt>合計</dt>
          <dd data-testid="fee-expected">{ledger.lines.some((l) => l.pending) ? "決定時に確定" : formatYen(ledger.expectedYen)}</dd>
        </div>
        {ledger.owedSince ? (
          <div>
            <dt>請求日</dt>
            <dd data-testid="fee-owed-since">{formatDay(ledger.owedSince)}</dd>
          </div>
        ) : null}
        <div>
          <dt>入金済</dt>
          <dd data-testid="fee-paid">{formatYen(ledger.paidYen)}</dd>
        </div>
        <div>
          <dt>返金・返却</dt>
          <dd data-testid="fee-refunded">{formatYen(ledger.refundedYen)}</dd>
        </div>
        <div>
          <dt>差引</dt>
          <dd data-testid="fee-balance" className={`fee-balance fee-balance--${ledger.state}`}>
            {ledger.summary}
          </dd>
        </div>
      </dl>
      {ledger.payments.length === 0 ? (
        <p className="muted" data-testid="fee-payments-empty">
          入金・返金の記録はありません。
        </p>
      ) : (
        <table className="table fees-table" data-testid="fee-payments">
          <caption className="fees-table__caption">入金・返金の記録</caption>
          <thead>
            <tr>
              <th scope="col">日付</th>
              <th scope="col">区分</th>
              <th scope="col">方法</th>
              <th scope="col">内訳</th>
              <th scope="col" className="fees-table__num">
                金額
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger.payments.map((p) => (
              <PaymentRow key={p.id} payment={p} vocabulary={vocabulary} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PaymentRow({ payment: p, vocabulary }: { payment: PaymentRecord; vocabulary: Vocabulary }) {
  const refund = p.input.direction === "refund";
  return (
    <tr data-testid="fee-payment-row" data-payment-id={p.id} className={refund ? "fee-payment--refund" : undefined}>
      <td className="nowrap">{formatDay(p.input.receivedOn)}</td>
      <td className="nowrap">
        <span className={refund ? "badge badge--warning" : "badge badge--open"} data-testid="fee-payment-direction">
          {labelOf(vocabulary.paymentDirections, p.input.direction)}
        </span>
      </td>
      <td className="nowrap" data-testid="fee-payment-method">
        {labelOf(vocabulary.feeMethods, p.input.method)}
      </td>
      <td>
        <span data-testid="fee-payment-breakdown">{p.breakdown}</span>
        {p.input.method === "money_order" && p.input.moneyOrderIssuedOn ? (
          <span className="muted fee-payment__extra">発行日 {formatDay(p.input.moneyOrderIssuedOn)}</span>
        ) : null}
        {p.input.payerKana ? <span className="muted fee-payment__extra">振込人 {p.input.payerKana}</span> : null}
        {p.input.note ? <span className="muted fee-payment__extra pre-line">{p.input.note}</span> : null}
        {p.problems.length > 0 ? (
          <ul className="fee-payment__problems" data-testid="fee-payment-problems">
            {p.problems.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        ) : null}
      </td>
      <td className="fees-table__num nowrap" data-testid="fee-payment-amount">
        {refund ? "−" : ""}
        {formatYen(p.amountYen)}
      </td>
    </tr>
  );
}

// ---- 入金を記録 ---------------------------------------------------------------------

interface StampRow {
  key: number;
  face: string;
  count: string;
}

interface Draft {
  direction: PaymentDirection;
  method: FeeMethod;
  receivedOn: string;
  stamps: StampRow[];
  moneyOrderCount: string;
  moneyOrderFaceYen: string;
  moneyOrderIssuedOn: string;
  amountYen: string;
  payerKana: string;
  bankChargeDeducted: boolean;
  note: string;
}

/** A number typed with 半角 or 全角 digits, 「1,000」「1,000円」「8枚」 too: null when blank, NaN when not a number. */
export function parseAmount(value: string): number | null {
  const t = toHankaku(value).replace(/[,，\s]/g, "").replace(/[円枚]$/, "");
  if (t === "") return null;
  return /^\d{1,7}$/.test(t) ? Number(t) : Number.NaN;
}

const valid = (n: number | null): number => (n === null || Number.isNaN(n) ? 0 : n);

/** What the draft adds up to (rows that are not numbers yet count as nothing). */
function draftTotal(d: Draft): number {
  switch (d.method) {
    case "stamps":
      return d.stamps.reduce((s, r) => s + valid(parseAmount(r.face)) * valid(parseAmount(r.count)), 0);
    case "money_order":
      return valid(parseAmount(d.moneyOrderCount)) * valid(parseAmount(d.moneyOrderFaceYen));
    default:
      return valid(parseAmount(d.amountYen));
  }
}

/**
 * The draft as the backend's input, with the errors found here (a field that
 * is not a number). `rowOfSent[i]` is the form's row of the i-th stamp line
 * sent, to put the backend's `stamps.i.…` errors at the right row.
 */
function toInput(d: Draft): { input: PaymentInput; errors: FieldError[]; rowOfSent: number[] } {
  const errors: FieldError[] = [];
  const rowOfSent: number[] = [];
  const stamps: StampLine[] = [];
  const number = (value: string, field: string, message: string): number => {
    const n = parseAmount(value);
    if (n !== null && Number.isNaN(n)) {
      errors.push({ field, message });
      return 0;
    }
    return n ?? 0;
  };
  if (d.method === "stamps") {
    d.stamps.forEach((r, i) => {
      const face = parseAmount(r.face);
      const count = parseAmount(r.count);
      if (face === null && count === null) return; // a blank row
      if (face === null) errors.push({ field: `stamps.${i}.faceYen`, message: "額面を入力してください。" });
      else if (Number.isNaN(face)) errors.push({ field: `stamps.${i}.faceYen`, message: "額面は数字（円）で入力してください。" });
      if (count === null) errors.push({ field: `stamps.${i}.count`, message: "枚数を入力してください。" });
      else if (Number.isNaN(count)) errors.push({ field: `stamps.${i}.count`, message: "枚数は数字で入力してください。" });
      else if (count === 0) errors.push({ field: `stamps.${i}.count`, message: "枚数は1枚以上で入力してください。" });
      rowOfSent.push(i);
      stamps.push({ faceYen: valid(face), count: valid(count) });
    });
  }
  const input: PaymentInput = {
    direction: d.direction,
    method: d.method,
    receivedOn: d.receivedOn,
    stamps,
    moneyOrderCount: d.method === "money_order" ? number(d.moneyOrderCount, "moneyOrderCount", "枚数は数字で入力してください。") : 0,
    moneyOrderFaceYen: d.method === "money_order" ? valid(parseAmount(d.moneyOrderFaceYen)) : 0,
    moneyOrderIssuedOn: d.method === "money_order" ? d.moneyOrderIssuedOn : "",
    amountYen:
      d.method === "bank_transfer" || d.method === "cash_registered" ? number(d.amountYen, "amountYen", "金額は数字（円）で入力してください。") : 0,
    payerKana: d.method === "bank_transfer" ? d.payerKana : "",
    bankChargeDeducted: d.method === "bank_transfer" && d.bankChargeDeducted,
    note: d.note,
  };
  return { input, errors, rowOfSent };
}

const PAYMENT_FIELDS = ["receivedOn", "stamps", "moneyOrderCount", "moneyOrderFaceYen", "moneyOrderIssuedOn", "amountYen", "payerKana", "note"];
const isShownField = (path: string) => PAYMENT_FIELDS.includes(path) || /^stamps\.\d+\.(faceYen|count)$/.test(path);

function PaymentDialog({
  caseId,
  vocabulary,
  onClose,
  onSaved,
}: {
  caseId: number;
  vocabulary: Vocabulary;
  onClose: () => void;
  onSaved: (ledger: FeeLedger, direction: PaymentDirection) => void;
}) {
  const backend = useBackend();
  const nextKey = useRef(1);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(() => ({
    direction: "in",
    method: (vocabulary.feeMethods[0]?.code as FeeMethod | undefined) ?? "stamps",
    receivedOn: isoDay(),
    stamps: [{ key: 0, face: "", count: "" }],
    moneyOrderCount: "",
    moneyOrderFaceYen: "",
    moneyOrderIssuedOn: "",
    amountYen: "",
    payerKana: "",
    bankChargeDeducted: false,
    note: "",
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const record = useCommand((input: PaymentInput) => backend.recordPayment(caseId, input));

  useEffect(() => {
    if (!focusTarget) return;
    formRef.current?.querySelector<HTMLElement>(`[data-focus-key="${focusTarget}"]`)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((x) => ({ ...x, [k]: v }));
  const setRow = (key: number, part: "face" | "count", value: string) =>
    setDraft((x) => ({ ...x, stamps: x.stamps.map((r) => (r.key === key ? { ...r, [part]: value } : r)) }));
  const addRow = (face = "") => {
    const key = nextKey.current++;
    setDraft((x) => ({ ...x, stamps: [...x.stamps, { key, face, count: "" }] }));
    setFocusTarget(face ? `count-${key}` : `face-${key}`);
  };
  const removeRow = (key: number) => {
    const i = draft.stamps.findIndex((r) => r.key === key);
    const rest = draft.stamps.filter((r) => r.key !== key);
    setDraft((x) => ({ ...x, stamps: rest }));
    setErrors({});
    const next = rest[Math.min(i, rest.length - 1)];
    if (next) setFocusTarget(`face-${next.key}`);
  };
  /** A face value from the quick buttons: its row if there is one, else the last blank row, else a new row; then its 枚数. */
  const quickFace = (face: number) => {
    const existing = draft.stamps.find((r) => parseAmount(r.face) === face);
    if (existing) {
      setFocusTarget(`count-${existing.key}`);
      return;
    }
    const last = draft.stamps[draft.stamps.length - 1];
    if (last && last.face.trim() === "" && last.count.trim() === "") {
      setRow(last.key, "face", String(face));
      setFocusTarget(`count-${last.key}`);
      return;
    }
    addRow(String(face));
  };

  /**
   * Puts each error at its field. The backend counts only the stamp lines it
   * was sent (`rowOfSent`), the form counts its rows: back to the form's rows.
   */
  const show = (error: ApiError, rowOfSent: readonly number[] | null) => {
    const at: Record<string, string> = {};
    const rest: string[] = [];
    for (const f of error.fields) {
      const m = /^stamps\.(\d+)\.(faceYen|count)$/.exec(f.field);
      const path = m && rowOfSent ? `stamps.${rowOfSent[Number(m[1])] ?? Number(m[1])}.${m[2]}` : f.field;
      if (isShownField(path)) {
        if (!(path in at)) at[path] = f.message;
      } else rest.push(f.message);
    }
    if (error.fields.length === 0) rest.push(error.message);
    setErrors(at);
    setUnplaced(rest);
  };

  const submit = () => {
    const { input, errors: local, rowOfSent } = toInput(draft);
    if (local.length > 0) {
      // Not a number: nothing is sent (local errors already name the form's rows).
      show({ code: ErrorCode.InvalidInput, message: "入力内容を確認してください。", fields: local }, null);
      return;
    }
    void record.run(input).then((o) => {
      if (o.ok) onSaved(o.value, input.direction);
      else if (o.error) show(o.error, rowOfSent);
    });
  };

  const methodLabel = labelOf(vocabulary.feeMethods, draft.method);
  const total = draftTotal(draft);
  const disabled = record.pending;

  return (
    <Dialog title="入金・返金を記録" onClose={onClose} testId="payment-dialog" width={660}>
      <ImeSafeForm ref={formRef} onSubmit={submit} aria-label="入金・返金を記録" data-testid="payment-form" className="payment-form">
        {unplaced.length > 0 ? (
          <ErrorAlert testId="payment-error">
            {unplaced.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </ErrorAlert>
        ) : null}
        <div className="form-stack">
          <RadioGroup
            name="direction"
            legend="区分"
            value={draft.direction}
            onChange={(v) => set("direction", v)}
            options={vocabulary.paymentDirections.map((c) => ({
              value: c.code as PaymentDirection,
              label: c.label,
              testId: `payment-direction-${c.code}`,
            }))}
            disabled={disabled}
          />
          <div className="form-grid">
            <SelectField
              name="method"
              label="方法"
              value={draft.method}
              onChange={(v) => {
                set("method", v as FeeMethod);
                setErrors({});
              }}
              options={choiceOptions(vocabulary.feeMethods)}
              testId="payment-method"
            />
            <TextField
              name="receivedOn"
              label={draft.direction === "refund" ? "日付（返金・返却した日）" : "受領日"}
              value={draft.receivedOn}
              onChange={(v) => set("receivedOn", v)}
              error={errors.receivedOn}
              required
              hint="例: 2026-12-05"
              inputClassName="input--short"
              testId="payment-date"
              disabled={disabled}
            />
          </div>

          {draft.method === "stamps" ? (
            <fieldset className="stamp-rows" aria-describedby={errors.stamps ? "payment-stamps-error" : undefined}>
              <legend className="field__label">{methodLabel}（額面と枚数）</legend>
              <div className="stamp-rows__quick" role="group" aria-label="よく使う額面">
                <span className="muted">よく使う額面:</span>
                {QUICK_STAMP_FACES.map((f) => (
                  <Button
                    key={f}
                    variant="quiet"
                    className="stamp-rows__quick-btn"
                    onClick={() => quickFace(f)}
                    disabled={disabled}
                    testId={`payment-stamp-quick-${f}`}
                    aria-label={`${f}円切手`}
                  >
                    {f}円
                  </Button>
                ))}
              </div>
              <table className="stamp-table">
                <thead>
                  <tr>
                    <th scope="col">額面</th>
                    <th scope="col">枚数</th>
                    <th scope="col" className="fees-table__num">
                      小計
                    </th>
                    <th scope="col">
                      <span className="fees-sr-only">操作</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {draft.stamps.map((r, i) => {
                    const faceError = errors[`stamps.${i}.faceYen`];
                    const countError = errors[`stamps.${i}.count`];
                    const sub = valid(parseAmount(r.face)) * valid(parseAmount(r.count));
                    return (
                      <tr key={r.key} data-testid="payment-stamp-row">
                        <td>
                          <div className="field__row">
                            <input
                              className="input input--number"
                              value={r.face}
                              onChange={(e) => setRow(r.key, "face", e.target.value)}
                              aria-label={`${i + 1}行目の額面（円）`}
                              aria-invalid={faceError ? true : undefined}
                              aria-describedby={faceError ? `stamp-face-error-${r.key}` : undefined}
                              inputMode="numeric"
                              autoComplete="off"
                              data-focus-key={`face-${r.key}`}
                              data-testid={`payment-stamp-face-${i}`}
                              disabled={disabled}
                            />
                            <span className="field__suffix">円</span>
                            <span className="field__suffix" aria-hidden="true">
                              ×
                            </span>
                          </div>
                          {faceError ? (
                            <p id={`stamp-face-error-${r.key}`} className="field__error" data-testid={`error-stamps.${i}.faceYen`}>
                              {faceError}
                            </p>
                          ) : null}
                        </td>
                        <td>
                          <div className="field__row">
                            <input
                              className="input input--number"
                              value={r.count}
                              onChange={(e) => setRow(r.key, "count", e.target.value)}
                              aria-label={`${i + 1}行目の枚数`}
                              aria-invalid={countError ? true : undefined}
                              aria-describedby={countError ? `stamp-count-error-${r.key}` : undefined}
                              inputMode="numeric"
                              autoComplete="off"
                              data-focus-key={`count-${r.key}`}
                              data-testid={`payment-stamp-count-${i}`}
                              disabled={disabled}
                            />
                            <span className="field__suffix">枚</span>
                          </div>
                          {countError ? (
                            <p id={`stamp-count-error-${r.key}`} className="field__error" data-testid={`error-stamps.${i}.count`}>
                              {countError}
                            </p>
                          ) : null}
                        </td>
                        <td className="fees-table__num nowrap" data-testid={`payment-stamp-subtotal-${i}`}>
                          {sub > 0 ? formatYen(sub) : <span className="muted">—</span>}
                        </td>
                        <td>
                          <Button
                            variant="quiet"
                            onClick={() => removeRow(r.key)}
                            disabled={disabled || draft.stamps.length === 1}
                            testId={`payment-stamp-remove-${i}`}
                            aria-label={`${i + 1}行目を削除`}
                          >
                            削除
                          </Button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div className="inline-actions">
                <Button onClick={() => addRow()} disabled={disabled} testId="payment-stamp-add">
                  行を追加
                </Button>
              </div>
              {errors.stamps ? (
                <p id="payment-stamps-error" className="field__error" data-testid="error-stamps">
                  {errors.stamps}
                </p>
              ) : null}
            </fieldset>
          ) : null}

          {draft.method === "money_order" ? (
            <div className="form-row">
              <TextField
                name="moneyOrderCount"
                label="枚数"
                value={draft.moneyOrderCount}
                onChange={(v) => set("moneyOrderCount", v)}
                error={errors.moneyOrderCount}
                required
                inputMode="numeric"
                inputClassName="input--number"
                suffix="枚"
                testId="payment-mo-count"
                disabled={disabled}
              />
              <SelectField
                name="moneyOrderFaceYen"
                label="額面"
                value={draft.moneyOrderFaceYen}
                onChange={(v) => set("moneyOrderFaceYen", v)}
                options={[{ value: "", label: "（選んでください）" }, ...MONEY_ORDER_FACES.map((f) => ({ value: String(f), label: formatYen(f) }))]}
                error={errors.moneyOrderFaceYen}
                testId="payment-mo-face"
              />
              <TextField
                name="moneyOrderIssuedOn"
                label="発行日"
                value={draft.moneyOrderIssuedOn}
                onChange={(v) => set("moneyOrderIssuedOn", v)}
                error={errors.moneyOrderIssuedOn}
                required
                hint="証書の発行日（6か月を過ぎると換金できません）"
                inputClassName="input--short"
                testId="payment-mo-issued-on"
                disabled={disabled}
              />
            </div>
          ) : null}

          {draft.method === "bank_transfer" || draft.method === "cash_registered" ? (
            <div className="form-grid">
              <TextField
                name="amountYen"
                label={draft.method === "bank_transfer" ? "振込金額" : "金額"}
                value={draft.amountYen}
                onChange={(v) => set("amountYen", v)}
                error={errors.amountYen}
                required
                inputMode="numeric"
                inputClassName="input--short"
                suffix="円"
                testId="payment-amount"
                disabled={disabled}
              />
              {draft.method === "bank_transfer" ? (
                <TextField
                  name="payerKana"
                  label="振込人名（カナ）"
                  value={draft.payerKana}
                  onChange={(v) => set("payerKana", v)}
                  error={errors.payerKana}
                  hint="通帳・入金明細の表記のまま"
                  testId="payment-payer-kana"
                  disabled={disabled}
                />
              ) : null}
              {draft.method === "bank_transfer" ? (
                <div className="field--wide">
                  <CheckField
                    name="bankChargeDeducted"
                    label="振込手数料が差し引かれている"
                    checked={draft.bankChargeDeducted}
                    onChange={(v) => set("bankChargeDeducted", v)}
                    testId="payment-bank-charge"
                  />
                </div>
              ) : null}
            </div>
          ) : null}

          <TextAreaField name="note" label="メモ" value={draft.note} onChange={(v) => set("note", v)} error={errors.note} rows={2} testId="payment-note" disabled={disabled} />
        </div>
        <p className="payment-total" data-testid="payment-total" aria-live="polite">
          合計 {formatYen(total)}
        </p>
        <div className="form-actions">
          <Button onClick={onClose} disabled={disabled} testId="payment-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="primary" pending={record.pending} pendingLabel="記録中…" testId="payment-save">
            記録する
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}
