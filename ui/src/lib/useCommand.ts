import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { toApiError, type FieldErrors, fieldErrorsOf } from "../backend/errors";
import type { ApiError } from "../backend/types";
import { handleSessionError } from "./queries";

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: ApiError | null };

export interface Command<A extends unknown[], R> {
  /** Runs the command. Never rejects: an error is returned and kept in `error`. */
  run: (...args: A) => Promise<Outcome<R>>;
  pending: boolean;
  error: ApiError | null;
  fieldErrors: FieldErrors;
  setError: (error: ApiError | null) => void;
  reset: () => void;
}

/**
 * One backend command driven by a button: pending state, the last error as an
 * ApiError, its field errors. Unlike a TanStack mutation it keeps neither the
 * arguments nor the result anywhere (they may be passwords or the recovery key).
 * A `locked` error also sends the app back to the login screen.
 */
export function useCommand<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Command<A, R> {
  const client = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  const inFlight = useRef(false);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (...args: A): Promise<Outcome<R>> => {
      if (inFlight.current) return { ok: false, error: null }; // a double click runs it once
      inFlight.current = true;
      setPending(true);
      setError(null);
      try {
        return { ok: true, value: await fnRef.current(...args) };
      } catch (e) {
        const apiError = toApiError(e);
        handleSessionError(client, apiError);
        if (mounted.current) setError(apiError);
        return { ok: false, error: apiError };
      } finally {
        inFlight.current = false;
        if (mounted.current) setPending(false);
      }
    },
    [client],
  );

  const reset = useCallback(() => setError(null), []);

  return { run, pending, error, fieldErrors: fieldErrorsOf(error), setError, reset };
}
