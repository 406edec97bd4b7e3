import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import type { CaseInput, CaseRow } from "../../backend/types";
import { handleSessionError } from "../../lib/queries";

export const DUPLICATE_CHECK_DELAY_MS = 300;

/**
 * Open cases that may be the same requester (`check_duplicates`): checked
 * again 300 ms after the 氏名, フリガナ or メール last changed, and on demand
 * (`checkNow`) just before saving. Nothing is cached.
 */
export function useDuplicateCheck(input: CaseInput | null, excludeId: number | null, initial: CaseRow[] = []) {
  const backend = useBackend();
  const client = useQueryClient();
  const [rows, setRows] = useState<CaseRow[]>(initial);
  const seq = useRef(0);
  const name = input?.requester.name.trim() ?? "";
  const kana = input?.requester.kana.trim() ?? "";
  const email = input?.requester.email.trim() ?? "";
  const inputRef = useRef(input);
  inputRef.current = input;

  const run = useCallback(
    async (value: CaseInput): Promise<CaseRow[] | null> => {
      const mine = ++seq.current;
      try {
        const found = await backend.checkDuplicates(value, excludeId);
        if (mine === seq.current) setRows(found);
        return found;
      } catch (e) {
        handleSessionError(client, e);
        return null;
      }
    },
    [backend, client, excludeId],
  );

  useEffect(() => {
    if (!name && !kana && !email) {
      seq.current++;
      setRows([]);
      return;
    }
    const t = window.setTimeout(() => {
      if (inputRef.current) void run(inputRef.current);
    }, DUPLICATE_CHECK_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [name, kana, email, run]);

  return { rows, checkNow: run, reset: (next: CaseRow[] = []) => setRows(next) };
}
