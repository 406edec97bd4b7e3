import type { SessionInfo } from "../../backend/types";

// Replaced by the reports screen (in progress this session).
export function ReportsPage(_props: { session: SessionInfo }) {
  return <h1>報告</h1>;
}
