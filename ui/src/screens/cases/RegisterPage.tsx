import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useBackend } from "../../backend/context";
import type { CaseRow, CaseSort, CaseStatus, Channel, Queue, RequestKind } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { formatDay, isoDay, warekiOfDay } from "../../lib/dates";
import { isImeComposing } from "../../lib/ime";
import { useDebounced } from "../../lib/useDebounced";
import { useLabels, useVocabulary } from "../../lib/vocabulary";
import { useNavigate } from "../shell/navigation";
import { KindList, SpecificBadge, StatusBadge } from "./badges";
import { PAGE_SIZE, queryOf, useRegisterState } from "./registerState";

export const SEARCH_DELAY_MS = 250;

type SortColumn = "receipt" | "received" | "name";

const SORT_OF: Record<SortColumn, { first: CaseSort; second?: CaseSort }> = {
  receipt: { first: "receipt_no_desc", second: "receipt_no_asc" },
  received: { first: "received_desc", second: "received_asc" },
  name: { first: "name_asc" },
};

function sortState(sort: CaseSort, column: SortColumn): "ascending" | "descending" | undefined {
  const s = SORT_OF[column];
  if (sort === s.first) return s.first.endsWith("_asc") ? "ascending" : "descending";
  if (s.second && sort === s.second) return s.second.endsWith("_asc") ? "ascending" : "descending";
  return undefined;
}

/** A vocabulary list as the filters' [code, label] options. */
const pairs = (list: ReadonlyArray<{ code: string; label: string }>) => list.map((c) => [c.code, c.label] as const);

/** 案件一覧: every case, searched, filtered, sorted, 50 a page. */
export function RegisterPage({ focusSearch }: { focusSearch?: object }) {
  const backend = useBackend();
  const navigate = useNavigate();
  const { state, update } = useRegisterState();
  const vocabulary = useVocabulary();
  const label = useLabels();
  const today = isoDay();
  const search = useDebounced(state.searchText, SEARCH_DELAY_MS);
  const query = queryOf(state, search);
  const cases = useQuery({
    queryKey: ["cases", query],
    queryFn: () => backend.listCases(query),
    placeholderData: keepPreviousData,
    // The register is read again whenever it is shown or its query changes (a page seen before may have changed).
    staleTime: 0,
  });
  const searchRef = useRef<HTMLInputElement>(null);
  const rowRefs = useRef<Array<HTMLTableRowElement | null>>([]);
  const [active, setActive] = useState(0);

  // Ctrl+F (from the shell) puts the cursor in the search box.
  useEffect(() => {
    if (focusSearch) {
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  }, [focusSearch]);

  const items = cases.data?.items ?? [];
  const total = cases.data?.total ?? 0;

  // Coming back from a case: the row it was opened from gets the focus again.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || !cases.data || focusSearch) return;
    restored.current = true;
    const i = items.findIndex((r) => r.id === state.focusedId);
    if (i >= 0) {
      setActive(i);
      rowRefs.current[i]?.focus();
    }
  }, [cases.data, items, state.focusedId, focusSearch]);

  useEffect(() => {
    setActive((a) => (a >= items.length ? 0 : a));
  }, [items.length]);

  const filtersOn =
    state.queue !== null ||
    state.searchText.trim() !== "" || state.statuses.length > 0 || state.kinds.length > 0 || state.channels.length > 0 || state.specific !== null;

  const open = (row: CaseRow) => {
    update({ focusedId: row.id });
    navigate({ page: "case", id: row.id });
  };

  const focusRow = (i: number) => {
    if (items.length === 0) return;
    const n = Math.max(0, Math.min(items.length - 1, i));
    setActive(n);
    rowRefs.current[n]?.focus();
  };

  const onRowKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, i: number, row: CaseRow) => {
    if (isImeComposing(e)) return;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        focusRow(i + 1);
        break;
      case "ArrowUp":
        e.preventDefault();
        if (i === 0) searchRef.current?.focus();
        else focusRow(i - 1);
        break;
      case "Home":
        e.preventDefault();
        focusRow(0);
        break;
      case "End":
        e.preventDefault();
        focusRow(items.length - 1);
        break;
      case "Enter":
      case " ":
        e.preventDefault();
        open(row);
        break;
    }
  };

  const sortBy = (column: SortColumn) => {
    const s = SORT_OF[column];
    const next = state.sort === s.first && s.second ? s.second : s.first;
    update({ sort: next, page: 0 });
  };

  // The range of the rows shown: while the next page loads, the previous
  // page's rows stay on screen, and so does their range.
  const shownPage = cases.data?.page ?? state.page;
  const from = total === 0 ? 0 : shownPage * PAGE_SIZE + 1;
  const to = Math.min(total, (shownPage + 1) * PAGE_SIZE);
  const lastPage = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);

  const sortHeader = (column: SortColumn, label: string, testId: string) => {
    const sorted = sortState(state.sort, column);
    return (
      <th scope="col" aria-sort={sorted ?? "none"}>
        <button type="button" className="th-sort" onClick={() => sortBy(column)} data-testid={testId}>
          {label}
          <span className="th-sort__mark" aria-hidden="true">
            {sorted === "ascending" ? "▲" : sorted === "descending" ? "▼" : "↕"}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="page page--wide">
      <header className="page__header">
        <h1 className="page__title">案件一覧</h1>
      </header>

      <div className="register-filters" role="search" aria-label="案件の検索">
        <div className="field register-filters__search">
          <label htmlFor="cases-search" className="field__label">
            検索 <kbd>Ctrl+F</kbd>
          </label>
          <input
            ref={searchRef}
            id="cases-search"
            type="search"
            className="input"
            value={state.searchText}
            onChange={(e) => update({ searchText: e.target.value, page: 0 })}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown" && !isImeComposing(e) && items.length > 0) {
                e.preventDefault();
                focusRow(active);
              }
            }}
            placeholder="受付番号・氏名・フリガナ・メール・電話・メール本文で検索"
            data-testid="cases-search"
            autoComplete="off"
            spellCheck={false}
            aria-keyshortcuts="Control+F"
          />
        </div>
        <FilterSelect
          id="cases-filter-queue"
          label="作業"
          value={state.queue ?? ""}
          options={pairs(vocabulary.queues)}
          onChange={(v) => update({ queue: v ? (v as Queue) : null, page: 0 })}
        />
        <FilterSelect
          id="cases-filter-status"
          label="状態"
          value={state.statuses[0] ?? ""}
          options={pairs(vocabulary.caseStatuses)}
          onChange={(v) => update({ statuses: v ? [v as CaseStatus] : [], page: 0 })}
        />
        <FilterSelect
          id="cases-filter-kind"
          label="種類"
          value={state.kinds[0] ?? ""}
          options={pairs(vocabulary.requestKinds)}
          onChange={(v) => update({ kinds: v ? [v as RequestKind] : [], page: 0 })}
        />
        <FilterSelect
          id="cases-filter-channel"
          label="経路"
          value={state.channels[0] ?? ""}
          options={pairs(vocabulary.channels)}
          onChange={(v) => update({ channels: v ? [v as Channel] : [], page: 0 })}
        />
        <FilterSelect
          id="cases-filter-specific"
          label="特定個人情報"
          value={state.specific === null ? "" : state.specific ? "yes" : "no"}
          options={[
            ["yes", "あり"],
            ["no", "なし"],
          ]}
          onChange={(v) => update({ specific: v === "" ? null : v === "yes", page: 0 })}
        />
        {filtersOn ? (
          <Button
            variant="quiet"
            className="register-filters__clear"
            onClick={() => update({ searchText: "", queue: null, statuses: [], kinds: [], channels: [], specific: null, page: 0 })}
            testId="cases-filter-clear"
          >
            条件をクリア
          </Button>
        ) : null}
      </div>

      {cases.isError ? (
        <ErrorAlert testId="cases-error">{(cases.error as { message?: string }).message ?? "案件一覧を取得できませんでした。"}</ErrorAlert>
      ) : null}
      {cases.isPending ? <p className="muted">読み込み中…</p> : null}

      {cases.data && total === 0 ? (
        <div className="empty-state" data-testid="cases-empty">
          {filtersOn ? (
            <p>該当する案件はありません</p>
          ) : (
            <>
              <p>まだ案件がありません。「受付」から登録してください。</p>
              <Button variant="primary" onClick={() => navigate({ page: "intake" })}>
                受付へ
              </Button>
            </>
          )}
        </div>
      ) : null}

      {cases.data && total > 0 ? (
        <>
          <table className="table table--cases" data-testid="cases-table" aria-busy={cases.isFetching || undefined}>
            <thead>
              <tr>
                {sortHeader("receipt", "受付番号", "cases-sort-receipt")}
                {sortHeader("received", "受付日", "cases-sort-received")}
                {sortHeader("name", "氏名", "cases-sort-name")}
                <th scope="col">請求内容</th>
                <th scope="col">経路</th>
                <th scope="col">回答期限</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {items.map((row, i) => {
                const closed = row.status === "withdrawn" || row.status === "mistaken" || row.status === "completed";
                return (
                  <tr
                    key={row.id}
                    ref={(el) => {
                      rowRefs.current[i] = el;
                    }}
                    tabIndex={i === active ? 0 : -1}
                    className={closed ? "table__row--link table__row--muted" : "table__row--link"}
                    onClick={() => open(row)}
                    onKeyDown={(e) => onRowKeyDown(e, i, row)}
                    onFocus={() => setActive(i)}
                    aria-label={`${row.receiptNo} ${row.requesterName}`}
                    data-testid={`case-row-${row.receiptNo}`}
                  >
                    <td className="mono nowrap">{row.receiptNo}</td>
                    <td className="nowrap">
                      <span className="cell-main">{formatDay(row.receivedOn)}</span>
                      <span className="cell-sub">{warekiOfDay(row.receivedOn)}</span>
                    </td>
                    <td>
                      {row.requesterKana ? <span className="cell-kana">{row.requesterKana}</span> : null}
                      <span className="cell-main">{row.requesterName}</span>
                    </td>
                    <td>
                      <KindList kinds={row.kinds} />
                      {row.specificPersonalInfo ? (
                        <>
                          {" "}
                          <SpecificBadge />
                        </>
                      ) : null}
                    </td>
                    <td className="nowrap">{label.channel(row.channel)}</td>
                    <td className="nowrap" data-testid="case-row-due">
                      <DueCell row={row} today={today} closed={closed} />
                    </td>
                    <td className="nowrap">
                      <StatusBadge status={row.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <nav className="pager" aria-label="ページ">
            <Button variant="quiet" onClick={() => update({ page: state.page - 1 })} disabled={state.page === 0} testId="cases-page-prev">
              ← 前の50件
            </Button>
            <span className="pager__info" data-testid="cases-page-info" aria-live="polite">
              {from}–{to} / 全{total}件
            </span>
            <Button variant="quiet" onClick={() => update({ page: state.page + 1 })} disabled={state.page >= lastPage} testId="cases-page-next">
              次の50件 →
            </Button>
          </nav>
        </>
      ) : null}
    </div>
  );
}

function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: ReadonlyArray<readonly [string, string]>;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field register-filters__select">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={id}>
        <option value="">すべて</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}


/** 回答期限: the date, and 期限超過 / 停止中 at a glance. */
function DueCell({ row, today, closed }: { row: CaseRow; today: string; closed: boolean }) {
  if (!row.dueOn) return <span className="muted">—</span>;
  const overdue = !closed && !row.clockPaused && row.dueOn < today;
  return (
    <>
      <span className={overdue ? "cell-main due--overdue" : "cell-main"}>{formatDay(row.dueOn)}</span>
      {row.clockPaused && !closed ? <span className="badge badge--muted">停止中</span> : null}
      {overdue ? <span className="badge badge--danger">期限超過</span> : null}
    </>
  );
}
