import type { CaseRow } from "../../backend/types";
import { formatDay } from "../../lib/dates";
import { useNavigate } from "../shell/navigation";
import { KindList } from "./badges";

/** 「同じ請求者の可能性がある受付中の案件があります」 with links to those cases. */
export function DuplicatesPanel({ rows, insist = false }: { rows: CaseRow[]; insist?: boolean }) {
  const navigate = useNavigate();
  if (rows.length === 0) return null;
  return (
    <div className="notice notice--warning duplicates" role="status" data-testid="case-duplicates">
      <p className="notice__title">同じ請求者の可能性がある受付中の案件があります</p>
      <ul className="duplicates__list">
        {rows.map((r) => (
          <li key={r.id}>
            <button type="button" className="link-button mono" onClick={() => navigate({ page: "case", id: r.id })} data-testid={`duplicate-${r.receiptNo}`}>
              {r.receiptNo}
            </button>
            <span>{r.requesterName}</span>
            <span className="muted">{formatDay(r.receivedOn)}受付</span>
            <span className="muted">
              <KindList kinds={r.kinds} />
            </span>
          </li>
        ))}
      </ul>
      {insist ? (
        <p className="duplicates__insist" data-testid="case-duplicates-insist">
          内容を確認してください。別の請求として登録する場合は、もう一度「登録」を押してください。
        </p>
      ) : null}
    </div>
  );
}
