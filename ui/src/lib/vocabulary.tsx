import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useBackend } from "../backend/context";
import type {
  CaseStatus,
  Channel,
  ComplaintCategory,
  ComplaintStep,
  DisclosureMethod,
  DisposalScope,
  Enclosure,
  RequesterType,
  RequestKind,
  Role,
  Vocabulary,
} from "../backend/types";
import { CannotStart, Splash } from "../components/Startup";
import { queryKeys } from "./queries";

const VocabularyContext = createContext<Vocabulary | null>(null);

/**
 * The core's closed lists with their Japanese labels (`vocabulary`), fetched
 * once when the app starts and kept for its life: every screen shows the
 * core's words, and no enum label is kept in TypeScript. Until they arrive
 * the app shows 読み込み中; if they cannot be read, why, with 再試行.
 */
export function VocabularyProvider({ children }: { children: ReactNode }) {
  const backend = useBackend();
  const query = useQuery({
    queryKey: queryKeys.vocabulary,
    queryFn: () => backend.vocabulary(),
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
  });
  if (query.data) return <VocabularyContext.Provider value={query.data}>{children}</VocabularyContext.Provider>;
  if (query.isError) return <CannotStart query={query} testId="vocabulary-error" fallback="画面の表示に必要な情報を読み込めませんでした。" />;
  return <Splash />;
}

/** The core's vocabulary (inside `VocabularyProvider`, which the app and the test renderers put around everything). */
export function useVocabulary(): Vocabulary {
  const vocabulary = useContext(VocabularyContext);
  if (!vocabulary) throw new Error("useVocabulary() outside <VocabularyProvider>");
  return vocabulary;
}

/** The label of a code in a vocabulary list; the code itself if the list does not know it. */
export function labelOf<T extends string>(list: ReadonlyArray<{ code: T; label: string }>, code: T): string {
  return list.find((c) => c.code === code)?.label ?? code;
}

/** A vocabulary list as the options of a select. */
export function choiceOptions<T extends string>(list: ReadonlyArray<{ code: T; label: string }>): Array<{ value: T; label: string }> {
  return list.map((c) => ({ value: c.code, label: c.label }));
}

/** The labels of the core's codes a screen shows, by kind of code. */
export interface Labels {
  channel: (code: Channel) => string;
  kind: (code: RequestKind) => string;
  /** Several kinds as the desk writes them: 開示・訂正. */
  kinds: (codes: readonly RequestKind[]) => string;
  requesterType: (code: RequesterType) => string;
  disclosure: (code: DisclosureMethod) => string;
  status: (code: CaseStatus) => string;
  enclosure: (code: Enclosure) => string;
  role: (code: Role) => string;
  complaintCategory: (code: ComplaintCategory) => string;
  complaintStep: (code: ComplaintStep) => string;
  /** 段階 of a complaint: the latest step done, or 未対応. */
  complaintStage: (lastStep: ComplaintStep | null) => string;
  disposalScope: (code: DisposalScope) => string;
}

export function labelsOf(v: Vocabulary): Labels {
  return {
    channel: (c) => labelOf(v.channels, c),
    kind: (c) => labelOf(v.requestKinds, c),
    kinds: (cs) => cs.map((c) => labelOf(v.requestKinds, c)).join("・"),
    requesterType: (c) => labelOf(v.requesterTypes, c),
    disclosure: (c) => labelOf(v.disclosureMethods, c),
    status: (c) => labelOf(v.caseStatuses, c),
    enclosure: (c) => labelOf(v.enclosures, c),
    role: (c) => labelOf(v.roles, c),
    complaintCategory: (c) => labelOf(v.complaintCategories, c),
    complaintStep: (c) => labelOf(v.complaintSteps, c),
    complaintStage: (c) => (c ? labelOf(v.complaintSteps, c) : "未対応"),
    disposalScope: (c) => labelOf(v.disposalScopes, c),
  };
}

/** `labelsOf` the core's vocabulary. */
export function useLabels(): Labels {
  const vocabulary = useVocabulary();
  return useMemo(() => labelsOf(vocabulary), [vocabulary]);
}
