import type { CaseStatus, RequestKind } from "../../backend/types";
import { useLabels } from "../../lib/vocabulary";

export function StatusBadge({ status, testId }: { status: CaseStatus; testId?: string }) {
  const label = useLabels();
  const cls = status === "withdrawn" || status === "mistaken" || status === "completed" ? "badge badge--muted" : "badge badge--open";
  return (
    <span className={cls} data-testid={testId}>
      {label.status(status)}
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
  const label = useLabels();
  return <span className="kind-list">{label.kinds(kinds)}</span>;
}
