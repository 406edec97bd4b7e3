import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useBackend } from "../../backend/context";
import type { SessionInfo } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import type { CaseQuery } from "../../backend/types";
import { formatDay, formatSeireki, formatWareki, greetingFor, japanDay } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { KindList, StatusBadge } from "../cases/badges";
import { usePrintQueue } from "../letters/letterParts";
import { initialRegisterState, useRegisterState } from "../cases/registerState";
import { useNavigate } from "./navigation";
import { useLabels } from "../../lib/vocabulary";

/** Now, refreshed once a minute (the app stays open all day). */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(t);
  }, []);
  return now;
}

export function HomePage({ session }: { session: SessionInfo }) {
  const backend = useBackend();
  const now = useNow();
  const today = japanDay(now);
  const audit = useQuery({ queryKey: queryKeys.auditStatus, queryFn: () => backend.auditStatus() });

  return (
    <div className="page">
      <header className="page__header">
        <h1 className="page__title">ホーム</h1>
      </header>
      <section className="home-greeting" aria-label="あいさつ">
        <p className="home-greeting__text">
          {session.displayName}さん、{greetingFor(now)}。
        </p>
        <p className="home-greeting__date">
          <span data-testid="home-date-seireki">{formatSeireki(today)}</span>
          <span className="home-greeting__wareki" data-testid="home-date-wareki">
            {formatWareki(today)}
          </span>
        </p>
      </section>

      <WorkQueues />

      <RecentCases />

      <section className="panel" aria-labelledby="home-audit-title" data-testid="home-audit-status">
        <h2 id="home-audit-title" className="panel__title">
          監査ログ
        </h2>
        {audit.isPending ? <p className="muted">読み込み中…</p> : null}
        {audit.isError ? (
          <ErrorAlert>{(audit.error as { message?: string }).message ?? "監査ログの状態を取得できませんでした。"}</ErrorAlert>
        ) : null}
        {audit.data ? (
          <dl className="facts">
            <div className="facts__row">
              <dt>記録件数</dt>
              <dd>{audit.data.entries.toLocaleString("ja-JP")}件</dd>
            </div>
            <div className="facts__row">
              <dt>改ざん検知</dt>
              <dd>
                {audit.data.ok ? (
                  <span className="badge badge--ok">正常</span>
                ) : (
                  <span className="badge badge--danger" role="alert">
                    異常
                    {audit.data.brokenAt !== null ? `（記録番号 ${audit.data.brokenAt} で不整合を検出）` : null}
                  </span>
                )}
              </dd>
            </div>
            <div className="facts__row">
              <dt>最新ハッシュ</dt>
              <dd>
                <code className="hash" title={audit.data.headHash}>
                  {audit.data.headHash.slice(0, 16)}
                </code>
              </dd>
            </div>
          </dl>
        ) : null}
        {audit.data && !audit.data.ok ? (
          <p className="panel__note">
            監査ログの記録が途中で書き換えられた可能性があります。個人情報保護管理者に報告してください。
          </p>
        ) : null}
      </section>
    </div>
  );
}

/** 作業の一覧: 期限超過, 今週が期限, 入金待ち, 書類待ち, 承認待ち — each a click from its cases; 印刷待ちの文書 opens 印刷. */
function WorkQueues() {
  const backend = useBackend();
  const navigate = useNavigate();
  const { update } = useRegisterState();
  const counts = useQuery({ queryKey: ["cases", "queues"], queryFn: () => backend.queueCounts(), staleTime: 0 });
  const printQueue = usePrintQueue();
  const toPrint = printQueue.data?.length ?? 0;
  if (counts.isError) {
    return <ErrorAlert>{(counts.error as { message?: string }).message ?? "作業の件数を取得できませんでした。"}</ErrorAlert>;
  }
  return (
    <section className="panel" aria-labelledby="home-queues-title" data-testid="home-queues">
      <h2 id="home-queues-title" className="panel__title">
        今日の作業
      </h2>
      {counts.isPending ? <p className="muted">読み込み中…</p> : null}
      <ul className="queue-cards">
        {(counts.data ?? []).map((q) => (
          <li key={q.queue}>
            <button
              type="button"
              className={q.queue === "overdue" && q.count > 0 ? "queue-card queue-card--alert" : "queue-card"}
              onClick={() => {
                update({ ...initialRegisterState, queue: q.queue });
                navigate({ page: "cases" });
              }}
              data-testid={`home-queue-${q.queue}`}
              aria-label={`${q.label} ${q.count}件`}
            >
              <span className="queue-card__label">{q.label}</span>
              <span className="queue-card__count">
                {q.count.toLocaleString("ja-JP")}
                <small>件</small>
              </span>
            </button>
          </li>
        ))}
        {printQueue.data ? (
          <li>
            <button
              type="button"
              className="queue-card"
              onClick={() => navigate({ page: "print" })}
              data-testid="home-print-queue"
              aria-label={`印刷待ちの文書 ${toPrint}件`}
            >
              <span className="queue-card__label">印刷待ちの文書</span>
              <span className="queue-card__count">
                {toPrint.toLocaleString("ja-JP")}
                <small>件</small>
              </span>
            </button>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

const RECENT_QUERY: CaseQuery = {
  search: "",
  queue: null,
  statuses: [],
  kinds: [],
  channels: [],
  specificPersonalInfo: null,
  sort: "received_desc",
  page: 0,
  pageSize: 5,
};

/** 最近の受付: the five newest cases, shown once there is one. */
function RecentCases() {
  const labels = useLabels();
  const backend = useBackend();
  const navigate = useNavigate();
  const recent = useQuery({ queryKey: ["cases", RECENT_QUERY], queryFn: () => backend.listCases(RECENT_QUERY) });
  if (!recent.data || recent.data.items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="home-recent-title" data-testid="home-recent-cases">
      <h2 id="home-recent-title" className="panel__title">
        最近の受付
      </h2>
      <ul className="recent-list">
        {recent.data.items.map((c) => (
          <li key={c.id} className="recent-list__item">
            <button type="button" className="link-button mono" onClick={() => navigate({ page: "case", id: c.id })} data-testid={`home-recent-${c.receiptNo}`}>
              {c.receiptNo}
            </button>
            <span className="nowrap">{formatDay(c.receivedOn)}</span>
            <span>{c.requesterName}</span>
            <span className="muted">
              <KindList kinds={c.kinds} />
            </span>
            <span className="muted">{labels.channel(c.channel)}</span>
            <StatusBadge status={c.status} />
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={() => navigate({ page: "cases" })}>
        案件一覧を開く
      </button>
    </section>
  );
}
