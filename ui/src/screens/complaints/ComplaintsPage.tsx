import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type KeyboardEvent } from "react";
import { useBackend } from "../../backend/context";
import type { ComplaintDetail, ComplaintSummary, SessionInfo } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { formatDay, warekiOfDay } from "../../lib/dates";
import { isImeComposing } from "../../lib/ime";
import { queryKeys } from "../../lib/queries";
import { StatusBadge } from "../cases/badges";
import { useNavigate } from "../shell/navigation";
import { ComplaintView, refreshAfterComplaint } from "./ComplaintView";
import { NewComplaintDialog } from "./NewComplaintDialog";
import "./complaints.css";
import { useLabels } from "../../lib/vocabulary";

const dash = <span className="muted">—</span>;

/**
 * 苦情・相談: complaints and consultations about how the desk handles
 * personal information — the list (`id` unset) or one of them with its four
 * steps. They take a 受付番号 from the requests' series but are not requests:
 * the 案件一覧 never shows them.
 */
export function ComplaintsPage({ session, id }: { session: SessionInfo; id?: number }) {
  // Kept while the officer moves between the list and a complaint.
  const [openOnly, setOpenOnly] = useState(true);
  if (id !== undefined) return <ComplaintView key={id} id={id} session={session} />;
  return <ComplaintList openOnly={openOnly} onOpenOnly={setOpenOnly} />;
}

function ComplaintList({ openOnly, onOpenOnly }: { openOnly: boolean; onOpenOnly: (on: boolean) => void }) {
  const labels = useLabels();
  const backend = useBackend();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: queryKeys.complaints(openOnly), queryFn: () => backend.listComplaints(openOnly) });
  const rows = list.data ?? [];

  const open = (row: ComplaintSummary) => navigate({ page: "complaints", id: row.caseId });
  const onRowKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, row: ComplaintSummary) => {
    if (isImeComposing(e)) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      open(row);
    }
  };

  const created = (detail: ComplaintDetail) => {
    setCreating(false);
    refreshAfterComplaint(client, detail);
    navigate({ page: "complaints", id: detail.summary.caseId });
  };

  return (
    <div className="page page--wide">
      <header className="page__header">
        <h1 className="page__title">苦情・相談</h1>
      </header>
      <p className="lead">
        個人情報の取扱いに関する苦情・相談を記録し、一次対応 → 調査・検討 → 改善措置 → 回答・報告 の順に対応を記録します。請求の案件一覧には表示されません。
      </p>

      <div className="complaints-toolbar">
        <label className="complaints-toggle">
          <input type="checkbox" checked={openOnly} onChange={(e) => onOpenOnly(e.target.checked)} data-testid="complaints-open-only" />
          <span>対応中のみ</span>
        </label>
        <span className="complaints-toolbar__spacer" />
        <Button variant="primary" onClick={() => setCreating(true)} testId="complaint-new">
          新しく記録する
        </Button>
      </div>

      {list.isPending ? <p className="muted">読み込み中…</p> : null}
      {list.isError ? (
        <ErrorAlert testId="complaints-error">{(list.error as { message?: string }).message ?? "苦情・相談を取得できませんでした。"}</ErrorAlert>
      ) : null}
      {list.data && rows.length === 0 ? (
        <p className="empty-state" data-testid="complaints-empty">
          {openOnly ? "対応中の苦情・相談はありません。" : "苦情・相談の記録はありません。"}
        </p>
      ) : null}

      {rows.length > 0 ? (
        <table className="table complaints-table" data-testid="complaints-table" aria-busy={list.isFetching || undefined}>
          <thead>
            <tr>
              <th scope="col">受付番号</th>
              <th scope="col">区分</th>
              <th scope="col">受付日</th>
              <th scope="col">受付経路</th>
              <th scope="col">申出者</th>
              <th scope="col">段階</th>
              <th scope="col">状態</th>
              <th scope="col">関連する請求</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const done = row.status === "completed";
              return (
                <tr
                  key={row.caseId}
                  tabIndex={0}
                  className={done ? "table__row--link table__row--muted" : "table__row--link"}
                  onClick={() => open(row)}
                  onKeyDown={(e) => onRowKeyDown(e, row)}
                  aria-label={`${row.receiptNo} ${labels.complaintCategory(row.category)} ${row.name}`}
                  data-testid={`complaint-row-${row.receiptNo}`}
                >
                  <td className="mono nowrap">{row.receiptNo}</td>
                  <td className="nowrap">{labels.complaintCategory(row.category)}</td>
                  <td className="nowrap">
                    <span className="cell-main">{formatDay(row.receivedOn)}</span>
                    <span className="cell-sub">{warekiOfDay(row.receivedOn)}</span>
                  </td>
                  <td className="nowrap">{labels.channel(row.channel)}</td>
                  <td>{row.name}</td>
                  <td className="nowrap" data-testid={`complaint-row-stage-${row.receiptNo}`}>
                    {labels.complaintStage(row.lastStep)}
                  </td>
                  <td className="nowrap">
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="mono nowrap">{row.linkedReceiptNo ?? dash}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}

      {creating ? <NewComplaintDialog onClose={() => setCreating(false)} onCreated={created} /> : null}
    </div>
  );
}
