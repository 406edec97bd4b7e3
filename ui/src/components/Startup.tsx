import type { UseQueryResult } from "@tanstack/react-query";
import { ErrorAlert } from "./Alert";
import { AuthLayout } from "./AuthLayout";
import { Button } from "./Button";

/** While the app reads what it needs before its first screen. */
export function Splash() {
  return (
    <div className="splash" role="status">
      読み込み中…
    </div>
  );
}

/** What the app could not read to start: the core's message (or `fallback`), and 再試行. */
export function CannotStart({ query, testId, fallback }: { query: Pick<UseQueryResult, "error" | "refetch" | "isFetching">; testId: string; fallback: string }) {
  return (
    <AuthLayout title="起動できません">
      <ErrorAlert testId={testId}>{(query.error as { message?: string } | null)?.message ?? fallback}</ErrorAlert>
      <div className="form-actions">
        <Button variant="primary" onClick={() => void query.refetch()} pending={query.isFetching}>
          再試行
        </Button>
      </div>
    </AuthLayout>
  );
}
