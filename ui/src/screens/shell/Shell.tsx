import { DemoBanner } from "../../components/DemoEntry";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import type { AppStatus, SessionInfo } from "../../backend/types";
import { isImeComposing } from "../../lib/ime";
import { handleSessionError, queryKeys } from "../../lib/queries";
import { useIdleLock } from "../../lib/useIdleLock";
import { CasePage } from "../case/CasePage";
import { RegisterPage } from "../cases/RegisterPage";
import { RegisterStateProvider } from "../cases/registerState";
import { IntakeDraftProvider } from "../intake/draft";
import { IntakePage } from "../intake/IntakePage";
import { AuditLogPage } from "../audit/AuditLogPage";
import { ComplaintsPage } from "../complaints/ComplaintsPage";
import { ReportsPage } from "../reports/ReportsPage";
import { DisposalPage } from "../disposal/DisposalPage";
import { PrintQueuePage } from "../letters/PrintQueuePage";
import { SettingsPage } from "../settings/SettingsPage";
import { HomePage } from "./HomePage";
import { NavigateProvider, type Route } from "./navigation";
import { Sidebar, type Page } from "./Sidebar";

/** The sidebar entry a route belongs to (a case page is part of 案件一覧). */
function pageOf(route: Route): Page {
  return route.page === "case" ? "cases" : route.page;
}

/** The signed-in app: sidebar on the left, the page on the right. */
export function Shell({ status, session }: { status: AppStatus; session: SessionInfo }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [route, setRoute] = useState<Route>({ page: "home" });
  const navigate = useCallback((next: Route) => {
    setRoute(next);
    // A new page starts at its top.
    document.querySelector(".content")?.scrollTo?.(0, 0);
  }, []);
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

  // Ctrl+L (⌘L on macOS) locks from anywhere; Ctrl+N opens 受付, Ctrl+F searches the register.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || isImeComposing(e)) return;
      const key = e.key.toLowerCase();
      if (key === "l") {
        e.preventDefault();
        void lock();
      } else if (key === "n") {
        e.preventDefault();
        navigate({ page: "intake" });
      } else if (key === "f") {
        e.preventDefault();
        navigate({ page: "cases", focusSearch: true });
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [lock, navigate]);

  return (
    <NavigateProvider value={navigate}>
      <RegisterStateProvider>
        <IntakeDraftProvider onDropped={() => navigate({ page: "intake" })}>
          <div className="shell">
            <Sidebar
              page={pageOf(route)}
              onNavigate={(page) => navigate({ page })}
              session={session}
              onLock={() => void lock()}
              locking={locking}
              version={status.version}
            />
            <main className="content" aria-busy={locking || undefined}>
              {status.demo ? <DemoBanner /> : null}
              {route.page === "home" ? <HomePage session={session} /> : null}
              {route.page === "intake" ? <IntakePage /> : null}
              {route.page === "cases" ? <RegisterPage focusSearch={route.focusSearch ? route : undefined} /> : null}
              {route.page === "case" ? <CasePage key={route.id} id={route.id} /> : null}
              {route.page === "print" ? <PrintQueuePage /> : null}
              {route.page === "complaints" ? <ComplaintsPage session={session} id={route.id} /> : null}
              {route.page === "reports" ? <ReportsPage session={session} /> : null}
              {route.page === "disposal" ? <DisposalPage session={session} /> : null}
              {route.page === "audit" ? <AuditLogPage session={session} /> : null}
              {route.page === "settings" ? <SettingsPage session={session} /> : null}
            </main>
          </div>
        </IntakeDraftProvider>
      </RegisterStateProvider>
    </NavigateProvider>
  );
}
