import {
  MutationCache,
  QueryCache,
  QueryClient,
  useQuery,
  useQueryClient,
  type QueryKey,
} from "@tanstack/react-query";
import { useBackend } from "../backend/context";
import { ErrorCode, isApiError } from "../backend/errors";
import type { AppStatus, SessionInfo } from "../backend/types";
import type { AuditFilter, Period } from "../backend/types";

export const queryKeys = {
  appStatus: ["appStatus"] as const,
  organisation: ["organisation"] as const,
  users: ["users"] as const,
  settings: ["settings"] as const,
  auditStatus: ["auditStatus"] as const,
  /** 監査ログ: every page of the viewer (`search_audit`), to invalidate at once. */
  auditLog: ["auditLog"] as const,
  /** One page of the viewer: the filter with its offset and limit. */
  auditSearch: (filter: AuditFilter) => ["auditLog", filter] as const,
  /** The 操作 filter's choices (`audit_actions`). */
  auditActions: ["auditActions"] as const,
  /** Closed lists with the core's labels (they never change while the app runs). */
  vocabulary: ["vocabulary"] as const,
  policies: ["policies"] as const,
  policy: (id: number) => ["policy", id] as const,
  /** A case's fee ledger (`get_fee_ledger`). */
  fees: (caseId: number) => ["fees", caseId] as const,
  /** A case's due date and pauses (`get_clock`). */
  clock: (caseId: number) => ["clock", caseId] as const,
  /** A case's investigation notes, decisions and approval (`get_decisions`). */
  decisions: (caseId: number) => ["decisions", caseId] as const,
  /** 文書: the letters issued for a case (`case_letters`). */
  caseLetters: (caseId: number) => ["caseLetters", caseId] as const,
  /** Which templates a case can have now (`letter_readiness`). */
  letterReadiness: (caseId: number) => ["letterReadiness", caseId] as const,
  /** 印刷待ち: issued letters not yet printed (`print_queue`). */
  printQueue: ["printQueue"] as const,
  /** The OS printers (`list_printers`). */
  printers: ["printers"] as const,
  /** 廃棄予定: what may be disposed of now and within 60 days (`disposal_queue`). */
  disposalQueue: ["disposalQueue"] as const,
  /** 廃棄記録, all (null) or of one year (`disposal_records`); `["disposalRecords"]` is every list. */
  disposalRecords: (year: number | null) => ["disposalRecords", year] as const,
  /** A case's 保存期間, 廃棄可能日 and 保全 (`case_retention`). */
  retention: (caseId: number) => ["retention", caseId] as const,
  /** The letter templates (`list_letter_templates`) and one of them. */
  letterTemplates: ["letterTemplates"] as const,
  letterTemplate: (key: string) => ["letterTemplate", key] as const,
  /** 差し込み項目, markup help, 発送方法 (`letter_vocabulary`). */
  letterVocabulary: ["letterVocabulary"] as const,
  letterOffsets: ["letterOffsets"] as const,
  /** 報告: the figures of a year or a month (`get_report`); `["report"]` is every period. */
  report: (period: Period) => ["report", period.year, period.month] as const,
  /** The printable report of a period (`report_pdf`), for the preview. */
  reportPdf: (period: Period) => ["reportPdf", period.year, period.month] as const,
  /** 苦情・相談, all or those not yet 回答・報告 (`list_complaints`); `["complaints"]` is every list. */
  complaints: (openOnly: boolean) => ["complaints", openOnly] as const,
  /** One 苦情・相談 with its four steps (`get_complaint`). */
  complaint: (caseId: number) => ["complaint", caseId] as const,
};

/** How often the phase is polled, so the login screen shows when the backend locked. */
export const APP_STATUS_POLL_MS = 15_000;

/**
 * Reacts to an error from any command: `locked` means the backend ended the
 * session, so the status is fetched again and the login screen appears.
 */
export function handleSessionError(client: QueryClient, error: unknown): void {
  if (isApiError(error) && error.code === ErrorCode.Locked) {
    client.setQueryData<AppStatus>(queryKeys.appStatus, (old) =>
      old ? { ...old, phase: old.phase === "unlocked" ? "locked" : old.phase, session: null } : old,
    );
    void client.invalidateQueries({ queryKey: queryKeys.appStatus });
  }
}

export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey[0] !== queryKeys.appStatus[0]) handleSessionError(client, error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => handleSessionError(client, error),
    }),
    defaultOptions: {
      queries: {
        // An error is not a flaky network here: retry once at most, never for `locked`.
        retry: options.retry === false ? false : (count, error) => count < 1 && !(isApiError(error) && error.code === ErrorCode.Locked),
        refetchOnWindowFocus: true,
        staleTime: 5_000,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

export function useAppStatus() {
  const backend = useBackend();
  return useQuery({
    queryKey: queryKeys.appStatus,
    queryFn: () => backend.appStatus(),
    refetchInterval: APP_STATUS_POLL_MS,
    refetchIntervalInBackground: true,
  });
}

/** After unlock / recover / finish_setup: show the shell at once, then confirm with the backend. */
export function useSignedIn(): (session: SessionInfo) => void {
  const client = useQueryClient();
  return (session) => {
    client.setQueryData<AppStatus>(queryKeys.appStatus, (old) =>
      old ? { ...old, phase: "unlocked", session, credentialProblem: null } : old,
    );
    void client.invalidateQueries({ queryKey: queryKeys.appStatus });
  };
}

/** Every query but these two holds data of the signed-in session: dropped when it ends. */
export function dropSessionData(client: QueryClient): void {
  // The app's status and the core's vocabulary (labels, no personal data) stay.
  const kept: unknown[] = [queryKeys.appStatus[0], queryKeys.vocabulary[0]];
  client.removeQueries({ predicate: (q) => !kept.includes((q.queryKey as QueryKey)[0]) });
}
