import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useBackend } from "../../backend/context";
import { placeErrors, toApiError } from "../../backend/errors";
import type {
  ApiError,
  DisposalItem,
  DisposalRecord,
  DisposalRun,
  DisposalScope,
  DisposalTarget,
  PaperItem,
  RequestKind,
  SessionInfo,
} from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { Tabs, type TabItem } from "../../components/Tabs";
import { formatDateTime, formatDay, isoDay } from "../../lib/dates";
import { handleSessionError, queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { useNavigate } from "../shell/navigation";
import "./disposal.css";
import { useLabels, type Labels } from "../../lib/vocabulary";

type Tab = "queue" | "records";

const TABS: ReadonlyArray<TabItem<Tab>> = [
  { id: "queue", label: "廃棄予定" },
  { id: "records", label: "廃棄記録" },
];

const itemKey = (i: { caseId: number; scope: DisposalScope }) => `${i.caseId}:${i.scope}`;
/** 請求の種類, or 苦情・相談 (which has none). */
const kindsText = (labels: Labels, { kinds, complaint }: { kinds: readonly RequestKind[]; complaint: boolean }) =>
  complaint ? "苦情・相談" : labels.kinds(kinds);
const dash = <span className="muted">—</span>;

/**
 * After disposals (or a 保全 that took approvals back): the queue, the
 * records, and whatever showed the cases — the register and the home's
 * queues, the print queue (their letters are gone), the case views and
 * their 保存期間.
 */
function refreshAfterDisposal(client: QueryClient, caseIds: Iterable<number> = []): void {
  void client.invalidateQueries({ queryKey: queryKeys.disposalQueue });
  void client.invalidateQueries({ queryKey: ["disposalRecords"] });
  void client.invalidateQueries({ queryKey: ["cases"] });
  void client.invalidateQueries({ queryKey: queryKeys.printQueue });
  for (const id of new Set(caseIds)) {
    // The case view of CasePage (`caseKey`), spelled here so that disposal/ does not import the case page.
    void client.invalidateQueries({ queryKey: ["case", id] });
    void client.invalidateQueries({ queryKey: queryKeys.retention(id) });
    void client.invalidateQueries({ queryKey: queryKeys.caseLetters(id) });
  }
}

/**
 * 廃棄: the cases whose 保存期間 has ended (廃棄予定) — a 管理者 approves them,
 * any officer then performs the approved ones, irreversibly — and the
 * 廃棄記録 that remains, with the checklist of paper to shred by hand.
 */
export function DisposalPage({ session }: { session: SessionInfo }) {
  const [tab, setTab] = useState<Tab>("queue");
  const [run, setRun] = useState<DisposalRun | null>(null);
  const isAdmin = session.role === "admin";

  return (
    <div className="page page--wide">
      <header className="page__header">
        <h1 className="page__title">廃棄</h1>
      </header>
      <p className="muted">
        保存期間が過ぎた案件は、管理者が承認してから廃棄します。廃棄すると個人データ・メール・スキャンは消去され、個人データを含まない廃棄記録だけが残ります。
      </p>

      {run ? <RunResult run={run} onShowRecords={() => setTab("records")} /> : null}

      <Tabs tabs={TABS} current={tab} onChange={setTab} label="廃棄" idPrefix="disposal">
        {tab === "queue" ? <QueueTab isAdmin={isAdmin} onRun={setRun} /> : <RecordsTab />}
      </Tabs>
    </div>
  );
}

/** 「N件を廃棄しました。」, what was skipped and why, and the paper left to shred. */
function RunResult({ run, onShowRecords }: { run: DisposalRun; onShowRecords: () => void }) {
  const labels = useLabels();
  const paper = run.done.reduce((n, r) => n + r.paper.length, 0);
  return (
    <div
      className={run.skipped.length > 0 ? "disposal-result disposal-result--skipped" : "disposal-result"}
      role="status"
      data-testid="disposal-result"
    >
      <p>
        <strong>{run.done.length > 0 ? `${run.done.length}件を廃棄しました。` : "廃棄したものはありません。"}</strong>
      </p>
      {run.skipped.length > 0 ? (
        <>
          <p>次のものは廃棄していません。</p>
          <ul>
            {run.skipped.map((s) => (
              <li key={`${s.receiptNo}:${s.scope}`} data-testid={`disposal-skipped-${s.receiptNo}`}>
                <span className="mono">{s.receiptNo}</span>（{labels.disposalScope(s.scope)}）：{s.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {paper > 0 ? <p>窓口に紙の書類が{paper}点あります。シュレッダーにかけたら、「廃棄記録」で記録してください。</p> : null}
      {run.done.length > 0 ? (
        <Button variant="quiet" onClick={onShowRecords} testId="disposal-result-records">
          廃棄記録を見る
        </Button>
      ) : null}
    </div>
  );
}

function QueueTab({ isAdmin, onRun }: { isAdmin: boolean; onRun: (run: DisposalRun | null) => void }) {
  const labels = useLabels();
  const backend = useBackend();
  const client = useQueryClient();
  const navigate = useNavigate();
  const queue = useQuery({ queryKey: queryKeys.disposalQueue, queryFn: () => backend.disposalQueue() });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);
  const checkAll = useRef<HTMLInputElement>(null);

  const due = queue.data?.due ?? [];
  const upcoming = queue.data?.upcoming ?? [];
  const selectable = due.filter((i) => !i.hold && !i.approvedBy);
  const chosen = selectable.filter((i) => selected.has(itemKey(i)));
  const approved = due.filter((i) => i.approvedBy && !i.hold);
  const allChosen = selectable.length > 0 && chosen.length === selectable.length;

  useEffect(() => {
    if (checkAll.current) checkAll.current.indeterminate = chosen.length > 0 && !allChosen;
  });

  /** One action at a time (a double click runs it once); its error or sentence replaces the last. */
  const act = async <T,>(name: string, call: () => Promise<T>): Promise<T | null> => {
    if (busyRef.current) return null;
    busyRef.current = true;
    setBusy(name);
    setError(null);
    setSaid(null);
    onRun(null);
    try {
      return await call();
    } catch (e) {
      const apiError = toApiError(e);
      handleSessionError(client, apiError);
      setError(apiError);
      return null;
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  const toggle = (i: DisposalItem, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(itemKey(i));
      else next.delete(itemKey(i));
      return next;
    });

  const approveChosen = async () => {
    const targets: DisposalTarget[] = chosen.map((i) => ({ caseId: i.caseId, scope: i.scope }));
    if (targets.length === 0) return;
    const next = await act("approve", () => backend.approveDisposals(targets));
    if (!next) return;
    client.setQueryData(queryKeys.disposalQueue, next);
    setSelected(new Set());
    setSaid(`${targets.length}件の廃棄を承認しました。`);
  };

  const withdrawOne = async (i: DisposalItem) => {
    const next = await act(`withdraw-${itemKey(i)}`, () => backend.withdrawDisposalApproval({ caseId: i.caseId, scope: i.scope }));
    if (!next) return;
    client.setQueryData(queryKeys.disposalQueue, next);
    setSaid(`${i.receiptNo}（${labels.disposalScope(i.scope)}）の承認を取り消しました。`);
  };

  const performApproved = async () => {
    const caseIds = new Map(due.map((i) => [`${i.receiptNo}:${i.scope}`, i.caseId]));
    const result = await act("perform", () => backend.performDisposals());
    setConfirming(false);
    if (!result) {
      // What was done before a failure is read again.
      refreshAfterDisposal(client, caseIds.values());
      return;
    }
    setSelected(new Set());
    onRun(result);
    refreshAfterDisposal(
      client,
      result.done.map((r) => caseIds.get(`${r.receiptNo}:${r.scope}`)).filter((id): id is number => id !== undefined),
    );
  };

  const errorLines = placeErrors(error, []).unplaced;
  const caseCount = approved.filter((i) => i.scope === "case").length;
  const documentsCount = approved.length - caseCount;

  return (
    <div data-testid="disposal-queue">
      {said ? <StatusMessage testId="disposal-message">{said}</StatusMessage> : null}
      {error ? (
        <ErrorAlert testId="disposal-error">
          {errorLines.map((m, n) => (
            <p key={n}>{m}</p>
          ))}
        </ErrorAlert>
      ) : null}
      {queue.isPending ? <p className="muted">読み込み中…</p> : null}
      {queue.isError ? (
        <ErrorAlert testId="disposal-queue-error">{(queue.error as { message?: string }).message ?? "廃棄予定を取得できませんでした。"}</ErrorAlert>
      ) : null}

      {queue.data ? (
        <section className="disposal-section" aria-labelledby="disposal-due-title">
          <h2 id="disposal-due-title" className="section-title">
            廃棄できる案件（{formatDay(queue.data.today)} 時点）
          </h2>
          {due.length === 0 ? (
            <p className="empty-state" data-testid="disposal-empty">
              廃棄できる案件はありません。
            </p>
          ) : (
            <>
              <div className="disposal-toolbar">
                {isAdmin ? (
                  <Button
                    variant="primary"
                    onClick={() => void approveChosen()}
                    disabled={chosen.length === 0 || busy !== null}
                    pending={busy === "approve"}
                    testId="disposal-approve"
                  >
                    選択したものを承認（{chosen.length}件）
                  </Button>
                ) : (
                  <span className="muted" data-testid="disposal-officer-note">
                    廃棄の承認は管理者が行います。承認済みのものは、担当者も廃棄を実行できます。
                  </span>
                )}
                <span className="disposal-toolbar__spacer" />
                <Button
                  variant="danger"
                  onClick={() => setConfirming(true)}
                  disabled={approved.length === 0 || busy !== null}
                  testId="disposal-perform"
                >
                  承認済みのものを廃棄する（{approved.length}件）
                </Button>
              </div>
              <table className="table disposal-table" data-testid="disposal-due">
                <thead>
                  <tr>
                    {isAdmin ? (
                      <th scope="col">
                        <input
                          ref={checkAll}
                          type="checkbox"
                          checked={allChosen}
                          disabled={selectable.length === 0 || busy !== null}
                          onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map(itemKey)) : new Set())}
                          aria-label="承認できるものをすべて選ぶ"
                          data-testid="disposal-select-all"
                        />
                      </th>
                    ) : null}
                    <th scope="col">受付番号</th>
                    <th scope="col">対象</th>
                    <th scope="col">種類</th>
                    <th scope="col">受付日</th>
                    <th scope="col">回答完了日</th>
                    <th scope="col">保存期間</th>
                    <th scope="col">廃棄可能日</th>
                    <th scope="col">状態</th>
                    <th scope="col">紙の書類</th>
                    {isAdmin ? (
                      <th scope="col">
                        <span className="disposal-sr-only">操作</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {due.map((i) => (
                    <tr key={itemKey(i)} className={i.hold ? "disposal-row--held" : undefined} data-testid={`disposal-row-${i.receiptNo}`}>
                      {isAdmin ? (
                        <td>
                          <input
                            type="checkbox"
                            // Checked: approved, or chosen to be. A held case cannot be approved.
                            checked={!i.hold && (!!i.approvedBy || selected.has(itemKey(i)))}
                            disabled={!!i.hold || !!i.approvedBy || busy !== null}
                            onChange={(e) => toggle(i, e.target.checked)}
                            aria-label={
                              i.hold
                                ? `${i.receiptNo}は保全中のため承認できません`
                                : i.approvedBy
                                  ? `${i.receiptNo}は承認済みです`
                                  : `${i.receiptNo}の廃棄を承認する`
                            }
                            data-testid={`disposal-select-${i.receiptNo}`}
                          />
                        </td>
                      ) : null}
                      <td className="nowrap">
                        <button
                          type="button"
                          className="link-button mono"
                          onClick={() => navigate({ page: "case", id: i.caseId })}
                          data-testid={`disposal-case-${i.receiptNo}`}
                        >
                          {i.receiptNo}
                        </button>
                      </td>
                      <td className="nowrap">{labels.disposalScope(i.scope)}</td>
                      <td>{kindsText(labels, i)}</td>
                      <td className="nowrap">{formatDay(i.receivedOn)}</td>
                      <td className="nowrap">{i.repliedOn ? formatDay(i.repliedOn) : dash}</td>
                      <td>{i.rule}</td>
                      <td className="nowrap">{formatDay(i.disposableFrom)}</td>
                      <td>
                        <ItemState item={i} />
                      </td>
                      <td>
                        <PaperCell items={i.paperItems} />
                      </td>
                      {isAdmin ? (
                        <td className="table__actions">
                          {i.approvedBy && !i.hold ? (
                            <Button
                              variant="quiet"
                              onClick={() => void withdrawOne(i)}
                              disabled={busy !== null}
                              pending={busy === `withdraw-${itemKey(i)}`}
                              testId={`disposal-withdraw-${i.receiptNo}`}
                            >
                              承認を取り消す
                            </Button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
              {due.some((i) => i.hold) ? (
                <p className="muted">保全中の案件は承認も廃棄もできません。保全の解除は、案件の「概要」で管理者が行います。</p>
              ) : null}
            </>
          )}
        </section>
      ) : null}

      {queue.data ? (
        <section className="disposal-section" aria-labelledby="disposal-upcoming-title" data-testid="disposal-upcoming">
          <h2 id="disposal-upcoming-title" className="section-title">
            今後60日以内
          </h2>
          {upcoming.length === 0 ? (
            <p className="muted" data-testid="disposal-upcoming-empty">
              今後60日以内に廃棄可能日を迎える案件はありません。
            </p>
          ) : (
            <table className="table disposal-table">
              <thead>
                <tr>
                  <th scope="col">受付番号</th>
                  <th scope="col">対象</th>
                  <th scope="col">種類</th>
                  <th scope="col">回答完了日</th>
                  <th scope="col">保存期間</th>
                  <th scope="col">廃棄可能日</th>
                  <th scope="col">保全</th>
                </tr>
              </thead>
              <tbody>
                {upcoming.map((i) => (
                  <tr key={itemKey(i)} data-testid={`disposal-upcoming-${i.receiptNo}`}>
                    <td className="nowrap">
                      <button
                        type="button"
                        className="link-button mono"
                        onClick={() => navigate({ page: "case", id: i.caseId })}
                        data-testid={`disposal-upcoming-case-${i.receiptNo}`}
                      >
                        {i.receiptNo}
                      </button>
                    </td>
                    <td className="nowrap">{labels.disposalScope(i.scope)}</td>
                    <td>{kindsText(labels, i)}</td>
                    <td className="nowrap">{i.repliedOn ? formatDay(i.repliedOn) : dash}</td>
                    <td>{i.rule}</td>
                    <td className="nowrap">{formatDay(i.disposableFrom)}</td>
                    <td>{i.hold ? <span className="badge badge--warning">保全中：{i.hold.reason}</span> : dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}

      {confirming ? (
        <ConfirmDialog
          title="承認済みのものを廃棄しますか？"
          confirmLabel={`${approved.length}件を廃棄する`}
          danger
          pending={busy === "perform"}
          onConfirm={() => void performApproved()}
          onCancel={() => setConfirming(false)}
          testId="disposal-confirm"
        >
          <div className="disposal-confirm" data-testid="disposal-confirm-text">
            <p className="disposal-confirm__warning">この操作は元に戻せません。</p>
            <ul>
              {approved.map((i) => (
                <li key={itemKey(i)}>
                  <span className="mono">{i.receiptNo}</span>（{labels.disposalScope(i.scope)}）
                </li>
              ))}
            </ul>
            {caseCount > 0 ? (
              <p>
                {caseCount}
                件の案件の個人データ（請求者・代理人の情報、請求の内容、履歴、発行した文書）、取り込んだメール、スキャンした書類をすべて消去します。
              </p>
            ) : null}
            {documentsCount > 0 ? (
              <p>{documentsCount}件の案件の請求書類（取り込んだメール、スキャンした書類）を消去します。案件の記録は、その保存期間が終わるまで残ります。</p>
            ) : null}
            <p>個人データを含まない廃棄記録（受付番号、請求の種類、日付、消去した件数、承認者と実施者）が残ります。</p>
            <p>
              <strong>今日より前に作成したバックアップには、これらのデータがまだ含まれています。</strong>
              バックアップは、自社の保管のルールに従って管理し、期限が来たら廃棄してください。
            </p>
          </div>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** 承認済（承認者） / 未承認 / 保全中：理由. */
function ItemState({ item }: { item: DisposalItem }) {
  const testId = `disposal-state-${item.receiptNo}`;
  if (item.hold) {
    return (
      <span className="disposal-state" data-testid={testId}>
        <span className="badge badge--warning">保全中：{item.hold.reason}</span>
        <span className="disposal-state__at">
          {item.hold.setBy}・{formatDateTime(item.hold.setAt)}
        </span>
      </span>
    );
  }
  if (item.approvedBy) {
    return (
      <span className="disposal-state" data-testid={testId}>
        <span className="badge badge--ok">承認済（{item.approvedBy}）</span>
        {item.approvedAt ? <span className="disposal-state__at">{formatDateTime(item.approvedAt)}</span> : null}
      </span>
    );
  }
  return (
    <span className="disposal-state" data-testid={testId}>
      <span className="badge badge--muted">未承認</span>
    </span>
  );
}

function PaperCell({ items }: { items: readonly string[] }) {
  if (items.length === 0) return dash;
  return (
    <ul className="disposal-paper">
      {items.map((p, n) => (
        <li key={n}>{p}</li>
      ))}
    </ul>
  );
}

// ---- 廃棄記録 ---------------------------------------------------------------

function RecordsTab() {
  const backend = useBackend();
  const yearId = useId();
  const [year, setYear] = useState<number | null>(null);
  // Every record (the years to choose from), and those of the chosen year.
  const all = useQuery({ queryKey: queryKeys.disposalRecords(null), queryFn: () => backend.disposalRecords(null) });
  const ofYear = useQuery({
    queryKey: queryKeys.disposalRecords(year),
    queryFn: () => backend.disposalRecords(year),
    enabled: year !== null,
  });
  const shown = year === null ? all : ofYear;
  const years = [...new Set((all.data ?? []).map((r) => Number(r.performedAt.slice(0, 4))).filter((y) => y > 0))].sort((a, b) => b - a);
  const records = shown.data ?? [];

  return (
    <div data-testid="disposal-records">
      <p className="muted">
        廃棄した案件の記録です（新しい順）。個人データは含みません。窓口に残っている紙の書類は、シュレッダーにかけたら日付を記録してください。
      </p>
      {all.data && all.data.length > 0 ? (
        <div className="disposal-toolbar tab-actions">
          <label htmlFor={yearId} className="field__label">
            実施した年
          </label>
          <select
            id={yearId}
            className="input select"
            value={year === null ? "" : String(year)}
            onChange={(e) => setYear(e.target.value === "" ? null : Number(e.target.value))}
            data-testid="disposal-year"
          >
            <option value="">すべて</option>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}年
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {shown.isPending && shown.fetchStatus !== "idle" ? <p className="muted">読み込み中…</p> : null}
      {shown.isError ? (
        <ErrorAlert testId="disposal-records-error">{(shown.error as { message?: string }).message ?? "廃棄記録を取得できませんでした。"}</ErrorAlert>
      ) : null}
      {shown.data && records.length === 0 ? (
        <p className="empty-state" data-testid="disposal-records-empty">
          廃棄記録はありません。
        </p>
      ) : null}
      <div className="disposal-records">
        {records.map((r) => (
          <RecordCard key={r.id} record={r} />
        ))}
      </div>
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

function RecordCard({ record: r }: { record: DisposalRecord }) {
  const labels = useLabels();
  const open = r.paper.filter((p) => !p.shreddedOn).length;
  const d = r.destroyed;
  return (
    <article
      className="panel disposal-record"
      aria-label={`廃棄記録 ${r.receiptNo}`}
      data-testid={r.scope === "case" ? `disposal-record-${r.receiptNo}` : `disposal-record-${r.receiptNo}-documents`}
    >
      <header className="disposal-record__head">
        <h3 className="disposal-record__title mono">{r.receiptNo}</h3>
        <span className="badge badge--muted">{labels.disposalScope(r.scope)}</span>
        {r.paper.length > 0 ? (
          open > 0 ? (
            <span className="badge badge--warning">紙の書類 未処理{open}点</span>
          ) : (
            <span className="badge badge--ok">紙の書類 処理済</span>
          )
        ) : null}
      </header>
      <div className="disposal-record__columns">
        <dl className="facts">
          <Fact label="受付番号">{r.receiptNo}</Fact>
          <Fact label="対象">{labels.disposalScope(r.scope)}</Fact>
          <Fact label="種類">{kindsText(labels, r)}</Fact>
          <Fact label="受付経路">{labels.channel(r.channel)}</Fact>
          <Fact label="受付日">{formatDay(r.receivedOn)}</Fact>
          <Fact label="回答完了日">{r.repliedOn ? formatDay(r.repliedOn) : ""}</Fact>
          <Fact label="最終の状態">{labels.status(r.finalStatus)}</Fact>
          <Fact label="結果">{r.outcomes.join("、")}</Fact>
        </dl>
        <dl className="facts">
          <Fact label="保存期間">{r.rule}</Fact>
          <Fact label="廃棄可能日">{formatDay(r.disposableFrom)}</Fact>
          <Fact label="廃棄したもの" testId={`disposal-record-destroyed-${r.id}`}>
            ファイル{d.files}件・メール{d.mails}件・文書{d.letters}件{r.scope === "case" ? `・履歴${d.events}件` : ""}
          </Fact>
          <Fact label="承認">
            {r.approvedBy}（{formatDateTime(r.approvedAt)}）
          </Fact>
          <Fact label="実施">
            {r.performedBy}（{formatDateTime(r.performedAt)}）
          </Fact>
        </dl>
      </div>
      <section aria-label="紙の書類" className="tab-actions">
        <h4 className="subsection-title">紙の書類</h4>
        {r.paper.length === 0 ? (
          <p className="muted">窓口に残っている紙の書類はありません。</p>
        ) : (
          <ul className="paper-list">
            {r.paper.map((p) => (
              <PaperRow key={p.id} item={p} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

/** One paper item: シュレッダー済（日付・担当者）, or the day it was shredded to record. */
function PaperRow({ item }: { item: PaperItem }) {
  const backend = useBackend();
  const client = useQueryClient();
  const inputId = useId();
  const [on, setOn] = useState(() => isoDay());
  const shred = useCommand((day: string) => backend.markPaperShredded(item.id, day));

  if (item.shreddedOn) {
    return (
      <li className="paper-list__item" data-testid={`paper-item-${item.id}`}>
        <span>
          <span className="paper-list__name">{item.item}</span>{" "}
          <span className="badge badge--ok" data-testid={`paper-status-${item.id}`}>
            シュレッダー済（{formatDay(item.shreddedOn)}・{item.shreddedBy ?? ""}）
          </span>
        </span>
      </li>
    );
  }

  const problem = shred.error ? (shred.fieldErrors.shreddedOn ?? shred.fieldErrors.itemId ?? shred.error.message) : null;
  const submit = async () => {
    const outcome = await shred.run(on);
    if (!outcome.ok) return;
    const record = outcome.value;
    client.setQueriesData<DisposalRecord[]>({ queryKey: ["disposalRecords"] }, (old) => old?.map((r) => (r.id === record.id ? record : r)));
    void client.invalidateQueries({ queryKey: ["disposalRecords"] });
  };

  return (
    <li className="paper-list__item" data-testid={`paper-item-${item.id}`}>
      <span className="paper-list__name">{item.item}</span>
      <ImeSafeForm onSubmit={() => void submit()} className="paper-form" aria-label={`${item.item}のシュレッダー`}>
        <label htmlFor={inputId} className="muted">
          シュレッダーにかけた日
        </label>
        <input
          id={inputId}
          className="input"
          value={on}
          onChange={(e) => setOn(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${inputId}-error` : undefined}
          autoComplete="off"
          spellCheck={false}
          data-testid={`paper-date-${item.id}`}
        />
        <Button type="submit" pending={shred.pending} pendingLabel="記録中…" testId={`paper-shred-${item.id}`}>
          シュレッダー済にする
        </Button>
      </ImeSafeForm>
      {problem ? (
        <p id={`${inputId}-error`} className="field__error" role="alert" data-testid={`paper-error-${item.id}`}>
          {problem}
        </p>
      ) : null}
    </li>
  );
}
