import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode, toApiError } from "../../backend/errors";
import type { Letter, MailingOutcome } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { PrinterSelect } from "../../components/PrinterSelect";
import { formatDay } from "../../lib/dates";
import { handleSessionError } from "../../lib/queries";
import { useNavigate } from "../shell/navigation";
import { IssuedLetterPdf, refreshLetters, usePrintQueue } from "./letterParts";
import { MailingDialog } from "./MailingDialog";

/** One run of 「選択した文書を印刷」: how far it got, what failed (by letter id), what printed. */
interface Run {
  total: number;
  done: number;
  printed: Letter[];
  failed: Map<number, string>;
  running: boolean;
  /** Stopped early (the session ended): the rest was not tried. */
  stopped: boolean;
}

/**
 * 印刷: the letters issued and not yet printed (or saved), oldest first.
 * The officer looks at each before it goes out, picks the printer and
 * prints the checked ones in one go — letter by letter, with the progress,
 * a failed letter reported on its row and the others still printed.
 * Printed letters leave the list; 発送 can be recorded for them right away.
 */
export function PrintQueuePage() {
  const backend = useBackend();
  const client = useQueryClient();
  const navigate = useNavigate();
  const queue = usePrintQueue();
  const [unchecked, setUnchecked] = useState<ReadonlySet<number>>(new Set());
  const [currentId, setCurrentId] = useState<number | null>(null);
  const [printer, setPrinter] = useState("");
  const [run, setRun] = useState<Run | null>(null);
  const [mailing, setMailing] = useState<Letter | null>(null);
  const [mailed, setMailed] = useState<string | null>(null);
  const alive = useRef(true);
  const checkAll = useRef<HTMLInputElement>(null);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const rows = queue.data ?? [];
  const running = run?.running ?? false;
  // Rows printed in this run stay until the queue is read again, marked as printed.
  const printedIds = new Set(run?.printed.map((l) => l.id));
  const waiting = rows.filter((l) => !printedIds.has(l.id));
  const selected = waiting.filter((l) => !unchecked.has(l.id));
  const allChecked = waiting.length > 0 && selected.length === waiting.length;
  const current = rows.find((l) => l.id === currentId) ?? waiting[0] ?? null;

  useEffect(() => {
    if (checkAll.current) checkAll.current.indeterminate = selected.length > 0 && !allChecked;
  });

  const toggle = (id: number, on: boolean) =>
    setUnchecked((old) => {
      const next = new Set(old);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });

  const printSelected = async () => {
    if (running || selected.length === 0 || !printer) return;
    const batch = [...selected];
    const state: Run = { total: batch.length, done: 0, printed: [], failed: new Map(), running: true, stopped: false };
    setMailed(null);
    setRun({ ...state, failed: new Map() });
    for (const letter of batch) {
      try {
        state.printed.push(await backend.printLetter(letter.id, printer));
      } catch (e) {
        const error = toApiError(e);
        handleSessionError(client, error);
        state.failed.set(letter.id, error.message);
        if (error.code === ErrorCode.Locked) {
          state.stopped = true;
          break;
        }
      }
      state.done += 1;
      if (alive.current) setRun({ ...state, printed: [...state.printed], failed: new Map(state.failed) });
    }
    state.running = false;
    if (alive.current) setRun({ ...state, printed: [...state.printed], failed: new Map(state.failed) });
    refreshLetters(
      client,
      batch.map((l) => l.caseId),
    );
    // The queue is read again: rows printed are gone, rows that failed stay checked for another try.
  };

  const failedCount = run ? run.failed.size : 0;
  const printedCount = run ? run.printed.length : 0;

  return (
    <div className="page page--wide">
      <header className="page__header">
        <h1 className="page__title">印刷</h1>
      </header>
      <p className="muted">発行して、まだ印刷もPDF保存もしていない文書です（古い順）。内容を確かめてから印刷してください。</p>

      {queue.isPending ? <p className="muted">読み込み中…</p> : null}
      {queue.isError ? (
        <ErrorAlert testId="queue-error">{(queue.error as { message?: string }).message ?? "印刷待ちの文書を取得できませんでした。"}</ErrorAlert>
      ) : null}

      {run ? (
        <div className="print-queue__progress">
          <progress data-testid="queue-progress" max={run.total} value={run.done} aria-label="印刷の進み具合" />
          <span data-testid="queue-progress-text" aria-live="polite">
            {printedCount} / {run.total} 件を印刷しました
            {failedCount > 0 ? `（${failedCount}件は印刷できませんでした）` : ""}
          </span>
        </div>
      ) : null}

      {run && !run.running ? (
        <div
          className={failedCount > 0 ? "print-queue__result print-queue__result--failed" : "print-queue__result"}
          role={failedCount > 0 ? "alert" : "status"}
          data-testid="queue-result"
        >
          <p>
            <strong>
              {printedCount > 0 ? `${printedCount}件を${printer}で印刷しました。` : "印刷した文書はありません。"}
              {failedCount > 0 ? `${failedCount}件は印刷できませんでした（一覧に残っています）。` : ""}
              {run.stopped ? "ロックされたため、残りは印刷していません。" : ""}
            </strong>
          </p>
          {run.printed.length > 0 ? (
            <>
              <p className="muted">郵送したら「発送を記録」で発送日と発送方法を残してください。</p>
              <ul>
                {run.printed.map((l) => (
                  <li key={l.id} data-testid={`queue-printed-${l.id}`}>
                    {l.receiptNo}　{l.requesterName} 様　{l.templateName}（{l.documentNo}）{" "}
                    {l.mailings.length > 0 ? (
                      <span className="badge badge--ok">発送記録済</span>
                    ) : (
                      <Button variant="quiet" onClick={() => setMailing(l)} testId={`queue-mail-${l.id}`}>
                        発送を記録
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {mailed ? <StatusMessage testId="queue-mailed">{mailed}</StatusMessage> : null}

      {queue.data && waiting.length === 0 ? (
        <p className="empty-state" data-testid="queue-empty">
          印刷待ちの文書はありません。
        </p>
      ) : null}

      {waiting.length > 0 ? (
        <div className="print-queue">
          <section aria-label="印刷待ちの文書">
            <div className="print-queue__toolbar">
              <PrinterSelect value={printer} onChange={setPrinter} testId="queue-printer" />
              <Button
                variant="primary"
                onClick={() => void printSelected()}
                disabled={selected.length === 0 || !printer}
                pending={running}
                pendingLabel="印刷中…"
                testId="queue-print"
              >
                選択した文書を印刷（{selected.length}件）
              </Button>
            </div>
            <table className="table" data-testid="queue-table">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      ref={checkAll}
                      type="checkbox"
                      checked={allChecked}
                      onChange={(e) => setUnchecked(e.target.checked ? new Set() : new Set(waiting.map((l) => l.id)))}
                      disabled={running}
                      aria-label="すべて選ぶ"
                      data-testid="queue-check-all"
                    />
                  </th>
                  <th scope="col">受付番号</th>
                  <th scope="col">申請者</th>
                  <th scope="col">文書</th>
                  <th scope="col">文書番号</th>
                  <th scope="col">発行日</th>
                  <th scope="col">
                    <span className="letters-sr-only">表示</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((l) => {
                  const failure = run?.failed.get(l.id);
                  const isCurrent = current?.id === l.id;
                  return (
                    <tr
                      key={l.id}
                      className={isCurrent ? "print-queue__row--current" : undefined}
                      onClick={() => setCurrentId(l.id)}
                      aria-current={isCurrent || undefined}
                      data-testid={`queue-row-${l.id}`}
                    >
                      <td>
                        <input
                          type="checkbox"
                          checked={!unchecked.has(l.id)}
                          onChange={(e) => toggle(l.id, e.target.checked)}
                          onFocus={() => setCurrentId(l.id)}
                          disabled={running}
                          aria-label={`${l.documentNo}を印刷する`}
                          data-testid={`queue-check-${l.id}`}
                        />
                      </td>
                      <td className="nowrap">
                        <button
                          type="button"
                          className="link-button mono"
                          onClick={() => navigate({ page: "case", id: l.caseId })}
                          data-testid={`queue-case-${l.id}`}
                        >
                          {l.receiptNo}
                        </button>
                      </td>
                      <td>{l.requesterName}</td>
                      <td>
                        {l.templateName}
                        {failure ? (
                          <p className="print-queue__row-error" role="alert" data-testid={`queue-row-error-${l.id}`}>
                            印刷できませんでした: {failure}
                          </p>
                        ) : null}
                      </td>
                      <td className="nowrap mono">{l.documentNo}</td>
                      <td className="nowrap">{formatDay(l.issuedOn)}</td>
                      <td className="table__actions">
                        <Button variant="quiet" onClick={() => setCurrentId(l.id)} aria-pressed={isCurrent} testId={`queue-show-${l.id}`}>
                          見本
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <section className="print-queue__preview" aria-label="選んだ文書の見本" data-testid="queue-preview">
            {current ? (
              <>
                <p className="letters-tab__title" data-testid="queue-preview-title">
                  {current.templateName}（{current.documentNo}）
                  <span className="muted">　{current.requesterName} 様</span>
                </p>
                <IssuedLetterPdf key={current.id} letter={current} />
              </>
            ) : null}
          </section>
        </div>
      ) : null}

      {mailing ? (
        <MailingDialog
          letter={mailing}
          onClose={() => setMailing(null)}
          onDone={(outcome: MailingOutcome) => {
            setMailing(null);
            setMailed(`${outcome.letter.documentNo}：${outcome.message}`);
            setRun((r) => (r ? { ...r, printed: r.printed.map((l) => (l.id === outcome.letter.id ? outcome.letter : l)) } : r));
          }}
        />
      ) : null}
    </div>
  );
}
