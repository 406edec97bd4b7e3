import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode, fieldErrorsOf, isApiError, toApiError } from "../../backend/errors";
import type { AuditFilter, AuditStatus, SessionInfo } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { queryKeys } from "../../lib/queries";
import { formatDateTimeSeconds } from "../../lib/dates";
import { useCommand } from "../../lib/useCommand";
import "./audit.css";

/** Rows a page of the viewer shows. */
export const AUDIT_PAGE_SIZE = 100;

/** The filter fields as typed (the actor as the select's value). */
interface Draft {
  actorId: string;
  from: string;
  to: string;
  receiptNo: string;
  action: string;
}

const EMPTY: Draft = { actorId: "", from: "", to: "", receiptNo: "", action: "" };

function filterOf(d: Draft, page: number): AuditFilter {
  return {
    actorId: d.actorId === "" ? null : Number(d.actorId),
    from: d.from.trim(),
    to: d.to.trim(),
    receiptNo: d.receiptNo.trim(),
    action: d.action,
    offset: page * AUDIT_PAGE_SIZE,
    limit: AUDIT_PAGE_SIZE,
  };
}

const count = (n: number) => n.toLocaleString("ja-JP");

/** A filter the backend refused, no right to read, a locked session: not worth a retry. */
const FINAL_ERRORS: readonly string[] = [ErrorCode.InvalidInput, ErrorCode.PermissionDenied, ErrorCode.Locked];
const retryable = (failures: number, error: unknown) => failures < 1 && !(isApiError(error) && FINAL_ERRORS.includes(error.code));

/**
 * 監査ログ (管理者): the chain check, the log filtered by 実行者, 期間,
 * 受付番号 and 操作, newest first, 100 a page, and the CSV of what the
 * filter selects (the export is itself recorded in the log).
 */
export function AuditLogPage({ session }: { session: SessionInfo }) {
  return (
    <div className="page page--wide">
      <header className="page__header">
        <h1 className="page__title">監査ログ</h1>
      </header>
      {session.role === "admin" ? (
        <AuditLog />
      ) : (
        <div className="notice notice--info" role="note" data-testid="audit-admin-only">
          <p>監査ログは管理者だけが見られます。</p>
        </div>
      )}
    </div>
  );
}

function AuditLog() {
  const backend = useBackend();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [applied, setApplied] = useState<Draft>(EMPTY);
  const [page, setPage] = useState(0);
  const [exported, setExported] = useState(false);

  const filter = filterOf(applied, page);
  const search = useQuery({
    queryKey: queryKeys.auditSearch(filter),
    // The offset travels with the rows: while the next page loads, the rows
    // shown (and the range said) are still the previous page's.
    queryFn: async () => ({ ...(await backend.searchAudit(filter)), offset: filter.offset }),
    placeholderData: keepPreviousData,
    // The log grows with every action: read again whenever it is shown.
    staleTime: 0,
    retry: retryable,
  });
  const users = useQuery({ queryKey: queryKeys.users, queryFn: () => backend.listUsers() });
  const actions = useQuery({ queryKey: queryKeys.auditActions, queryFn: () => backend.auditActions(), staleTime: Infinity });

  // A group and an action may share a code (「サインイン（すべて）」 and 「サインイン」 are both
  // `signin`, and the group takes in the action): the first one is offered.
  const actionChoices = (actions.data ?? []).filter((c, i, all) => all.findIndex((x) => x.code === c.code) === i);

  const exportCsv = useCommand((f: AuditFilter) => backend.exportAuditCsv(f));

  const searchError = search.isError ? toApiError(search.error) : null;
  const fieldErrors = searchError?.code === ErrorCode.InvalidInput ? fieldErrorsOf(searchError) : {};
  const exportFieldErrors = exportCsv.fieldErrors;
  const errorAt = (name: string) => fieldErrors[name] ?? exportFieldErrors[name];

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const apply = () => {
    setExported(false);
    exportCsv.reset();
    // The same filter again reads the log again (it may have grown since).
    if (page === 0 && JSON.stringify(draft) === JSON.stringify(applied)) void search.refetch();
    setApplied({ ...draft });
    setPage(0);
  };

  const clear = () => {
    setDraft(EMPTY);
    setApplied(EMPTY);
    setPage(0);
    setExported(false);
    exportCsv.reset();
  };

  const runExport = async () => {
    setExported(false);
    const outcome = await exportCsv.run({ ...filterOf(applied, 0) });
    if (!outcome.ok) return;
    // Cancelled: nothing was written, nothing recorded.
    if (!outcome.value) return;
    setExported(true);
    // The export added an entry to the log (and to the chain's count).
    void client.invalidateQueries({ queryKey: queryKeys.auditLog });
    void client.invalidateQueries({ queryKey: queryKeys.auditStatus });
  };

  const rows = search.data?.rows ?? [];
  const total = search.data?.total ?? 0;
  const shownOffset = search.data?.offset ?? page * AUDIT_PAGE_SIZE;
  const first = total === 0 ? 0 : shownOffset + 1;
  const last = Math.min(total, shownOffset + AUDIT_PAGE_SIZE);
  const lastPage = Math.max(0, Math.ceil(total / AUDIT_PAGE_SIZE) - 1);
  const filtersOn = Object.values(applied).some((v) => v !== "");
  const invalidFilter = searchError?.code === ErrorCode.InvalidInput;

  return (
    <>
      <ChainCheck />

      <ImeSafeForm onSubmit={apply} className="audit-filters register-filters" role="search" aria-label="監査ログの絞り込み">
        <div className="field register-filters__select">
          <label htmlFor="audit-filter-actor" className="field__label">
            実行者
          </label>
          <select
            id="audit-filter-actor"
            className="input select"
            value={draft.actorId}
            onChange={(e) => set({ actorId: e.target.value })}
            data-testid="audit-filter-actor"
          >
            <option value="">すべて</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={String(u.id)}>
                {u.displayName}
                {u.active ? "" : "（無効）"}
              </option>
            ))}
          </select>
        </div>
        <TextField
          name="from"
          type="date"
          label="期間（開始日）"
          value={draft.from}
          onChange={(v) => set({ from: v })}
          error={errorAt("from")}
          testId="audit-filter-from"
          className="audit-filters__day"
        />
        <TextField
          name="to"
          type="date"
          label="期間（終了日）"
          value={draft.to}
          onChange={(v) => set({ to: v })}
          error={errorAt("to")}
          testId="audit-filter-to"
          className="audit-filters__day"
        />
        <TextField
          name="receiptNo"
          label="受付番号"
          value={draft.receiptNo}
          onChange={(v) => set({ receiptNo: v })}
          error={errorAt("receiptNo")}
          testId="audit-filter-receipt"
          placeholder="2026-0001"
          inputClassName="input--mono"
          className="audit-filters__receipt"
        />
        <div className="field register-filters__select">
          <label htmlFor="audit-filter-action" className="field__label">
            操作
          </label>
          <select
            id="audit-filter-action"
            className="input select"
            value={draft.action}
            onChange={(e) => set({ action: e.target.value })}
            data-testid="audit-filter-action"
          >
            <option value="">すべて</option>
            {actionChoices.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="audit-filters__buttons">
          <Button type="submit" variant="primary" testId="audit-apply">
            絞り込む
          </Button>
          <Button variant="quiet" onClick={clear} testId="audit-clear">
            条件をクリア
          </Button>
        </div>
      </ImeSafeForm>

      {invalidFilter ? (
        <ErrorAlert testId="audit-filter-error">条件を確かめてください。{Object.keys(fieldErrors).length === 0 ? searchError.message : ""}</ErrorAlert>
      ) : null}
      {searchError && !invalidFilter ? (
        <ErrorAlert testId="audit-error">{searchError.message || "監査ログを取得できませんでした。"}</ErrorAlert>
      ) : null}
      {search.isPending ? <p className="muted">読み込み中…</p> : null}

      {search.data && !invalidFilter ? (
        <>
          <div className="audit-toolbar">
            <p className="audit-toolbar__total">
              {filtersOn ? "条件に合う記録 " : "記録 "}
              <strong data-testid="audit-total">{count(total)}件</strong>
            </p>
            <Button
              onClick={() => void runExport()}
              pending={exportCsv.pending}
              pendingLabel="書き出し中…"
              disabled={total === 0}
              testId="audit-export"
            >
              CSVで書き出す
            </Button>
          </div>
          {exported ? <StatusMessage testId="audit-export-result">CSVを保存しました。書き出しは監査ログに記録されました。</StatusMessage> : null}
          {exportCsv.error && Object.keys(exportFieldErrors).length === 0 ? (
            <ErrorAlert testId="audit-export-error">{exportCsv.error.message}</ErrorAlert>
          ) : null}

          {total === 0 ? (
            <p className="empty-state" data-testid="audit-empty">
              該当する記録はありません。
            </p>
          ) : (
            <>
              <table className="table audit-table" data-testid="audit-table" aria-busy={search.isFetching || undefined}>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      連番
                    </th>
                    <th scope="col">日時</th>
                    <th scope="col">実行者</th>
                    <th scope="col">操作</th>
                    <th scope="col">対象</th>
                    <th scope="col">詳細</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.seq} data-testid={`audit-row-${r.seq}`}>
                      <td className="num mono">{r.seq}</td>
                      <td className="nowrap" data-testid="audit-row-at">
                        <time dateTime={r.at}>{formatDateTimeSeconds(r.at)}</time>
                      </td>
                      <td data-testid="audit-row-actor">{r.actor}</td>
                      <td data-testid="audit-row-action" title={r.action}>
                        {r.actionLabel}
                      </td>
                      <td className="nowrap" data-testid="audit-row-target">
                        {r.target}
                      </td>
                      <td className="audit-table__detail mono" data-testid="audit-row-detail">
                        {r.detail}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <nav className="pager" aria-label="ページ">
                <Button variant="quiet" onClick={() => setPage((p) => Math.max(0, p - 1))} disabled={page === 0} testId="audit-prev">
                  ← 前へ
                </Button>
                <span className="pager__info" data-testid="audit-page-info" aria-live="polite">
                  {count(first)}〜{count(last)}件目 / {count(total)}件
                </span>
                <Button variant="quiet" onClick={() => setPage((p) => p + 1)} disabled={page >= lastPage} testId="audit-next">
                  次へ →
                </Button>
              </nav>
            </>
          )}
        </>
      ) : null}
    </>
  );
}

/** 改ざんの検証: the whole hash chain checked on demand, with the head hash for the auditor. */
function ChainCheck() {
  const backend = useBackend();
  const client = useQueryClient();
  const verify = useCommand(() => backend.auditStatus());
  const [status, setStatus] = useState<AuditStatus | null>(null);

  const run = async () => {
    setStatus(null);
    const outcome = await verify.run();
    if (!outcome.ok) return;
    setStatus(outcome.value);
    // ホーム shows the same status.
    client.setQueryData(queryKeys.auditStatus, outcome.value);
  };

  return (
    <section className="panel audit-chain" aria-labelledby="audit-chain-title" data-testid="audit-chain">
      <h2 id="audit-chain-title" className="panel__title">
        改ざんの検証
      </h2>
      <p className="muted">
        記録はひとつ前の記録のハッシュを含んで連なっています。すべての記録をたどって、途中で書き換え・削除がないかを確かめます。
      </p>
      <div className="audit-chain__actions">
        <Button variant="primary" onClick={() => void run()} pending={verify.pending} pendingLabel="検証中…" testId="audit-verify">
          改ざんの検証
        </Button>
      </div>
      {verify.error ? <ErrorAlert testId="audit-verify-error">{verify.error.message}</ErrorAlert> : null}
      {status?.ok ? (
        <StatusMessage testId="audit-verify-result">正常：{count(status.entries)}件の記録の連鎖を確認しました。</StatusMessage>
      ) : null}
      {status && !status.ok ? (
        <ErrorAlert testId="audit-verify-result" title="改ざんを検知しました">
          <p>
            {status.brokenAt !== null
              ? `第${count(status.brokenAt)}件目以降が改ざんされているおそれがあります。`
              : "記録の連鎖に不整合があります。改ざんされているおそれがあります。"}
          </p>
          <p>個人情報保護管理者に報告し、バックアップと照合してください。</p>
        </ErrorAlert>
      ) : null}
      {status ? (
        <dl className="facts audit-chain__facts">
          <div className="facts__row">
            <dt>記録件数</dt>
            <dd>{count(status.entries)}件</dd>
          </div>
          <div className="facts__row">
            <dt>最新ハッシュ</dt>
            <dd>
              <code className="hash" title={status.headHash} data-testid="audit-head-hash">
                {status.headHash.slice(0, 16)}
              </code>
            </dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
