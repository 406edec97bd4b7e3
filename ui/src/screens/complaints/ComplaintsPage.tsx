import type { SessionInfo } from "../../backend/types";

// Replaced by the complaints screen (in progress this session).
export function ComplaintsPage(_props: { session: SessionInfo; id?: number }) {
  return <h1>苦情・相談</h1>;
}
