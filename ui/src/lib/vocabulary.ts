import { useQuery } from "@tanstack/react-query";
import { useBackend } from "../backend/context";
import type { Choice } from "../backend/types";
import { queryKeys } from "./queries";

/**
 * The core's closed lists with their Japanese labels (`vocabulary`): fetched
 * once per session and shared by every form, so no enum label is kept here.
 */
export function useVocabulary() {
  const backend = useBackend();
  return useQuery({
    queryKey: queryKeys.vocabulary,
    queryFn: () => backend.vocabulary(),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** The label of a code in a vocabulary list; the code itself if the list does not know it. */
export function labelOf(list: ReadonlyArray<Choice>, code: string): string {
  return list.find((c) => c.code === code)?.label ?? code;
}

/** A vocabulary list as the options of a select. */
export function choiceOptions(list: ReadonlyArray<Choice>): Array<{ value: string; label: string }> {
  return list.map((c) => ({ value: c.code, label: c.label }));
}
