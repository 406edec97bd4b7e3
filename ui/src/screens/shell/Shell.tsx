import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import type { AppStatus, SessionInfo } from "../../backend/types";
import { isImeComposing } from "../../lib/ime";
import { handleSessionError, queryKeys } from "../../lib/queries";
import { useIdleLock } from "../../lib/useIdleLock";
import { SettingsPage } from "../settings/SettingsPage";
import { HomePage } from "./HomePage";
import { Sidebar, type Page } from "./Sidebar";

/** The signed-in app: sidebar on the left, the page on the right. */
export function Shell({ status, session }: { status: AppStatus; session: SessionInfo }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [page, setPage] = useState<Page>("home");
  const [locking, setLocking] = useState(false);
  const lockingRef = useRef(false);

  const lock = useCallback(async () => {
    if (lockingRef.current) return;
    lockingRef.current = true;
    setLocking(true);
    try {
      await backend.lock();
    } catch (e) {
      handleSessionError(client, e);
    } finally {
      // Cover the screen at once; the status query confirms (or, if the lock
      // failed, brings the session back).
      client.setQueryData<AppStatus>(queryKeys.appStatus, (old) => (old ? { ...old, phase: "locked", session: null } : old));
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
      lockingRef.current = false;
      setLocking(false);
    }
  }, [backend, client]);

  const touch = useCallback(() => {
    backend.touch().catch((e: unknown) => handleSessionError(client, e));
  }, [backend, client]);

  useIdleLock({ idleMinutes: status.idleLockMinutes, onIdle: () => void lock(), onActive: touch });

  // Ctrl+L (⌘L on macOS) locks from anywhere.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l" && !isImeComposing(e)) {
        e.preventDefault();
        void lock();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [lock]);

  return (
    <div className="shell">
      <Sidebar page={page} onNavigate={setPage} session={session} onLock={() => void lock()} locking={locking} version={status.version} />
      <main className="content" aria-busy={locking || undefined}>
        {page === "home" ? <HomePage session={session} /> : null}
        {page === "settings" ? <SettingsPage session={session} /> : null}
      </main>
    </div>
  );
}
