import type { CaseStatus, RequestKind } from "../../backend/types";
import { kindLabel, statusLabel } from "../../lib/caseLabels";

export function StatusBadge({ status, testId }: { status: CaseStatus; testId?: string }) {
  const cls = status === "withdrawn" || status === "mistaken" || status === "completed" ? "badge badge--muted" : "badge badge--open";
  return (
    <span className={cls} data-testid={testId}>
      {statusLabel[status]}
    </span>
  );
}

export function SpecificBadge({ testId }: { testId?: string }) {
  return (
    <span className="badge badge--warning" title="特定個人情報（マイナンバー）を含む請求" data-testid={testId}>
      特定個人情報
    </span>
  );
}

export function KindList({ kinds }: { kinds: readonly RequestKind[] }) {
  return <span className="kind-list">{kinds.map((k) => kindLabel[k]).join("・")}</span>;
}
