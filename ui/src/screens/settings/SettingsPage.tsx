import { useRef, useState, type KeyboardEvent } from "react";
import type { SessionInfo } from "../../backend/types";
import { IdleLockTab } from "./IdleLockTab";
import { OrganisationTab } from "./OrganisationTab";
import { UsersTab } from "./UsersTab";

type Tab = "org" | "users" | "lock";

const TABS: ReadonlyArray<{ id: Tab; label: string; adminOnly: boolean }> = [
  { id: "org", label: "組織情報", adminOnly: false },
  { id: "users", label: "利用者", adminOnly: true },
  { id: "lock", label: "自動ロック", adminOnly: false },
];

/** 設定: 組織情報 · 利用者 (admins only) · 自動ロック. */
export function SettingsPage({ session }: { session: SessionInfo }) {
  const isAdmin = session.role === "admin";
  const tabs = TABS.filter((t) => isAdmin || !t.adminOnly);
  const [current, setCurrent] = useState<Tab>("org");
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  // Left/Right/Home/End move between tabs (WAI-ARIA tabs pattern).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === current);
    let next = index;
    if (e.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (e.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = tabs.length - 1;
    else return;
    e.preventDefault();
    const tab = tabs[next]!;
    setCurrent(tab.id);
    tabRefs.current[tab.id]?.focus();
  };

  return (
    <div className="page">
      <header className="page__header">
        <h1 className="page__title">設定</h1>
      </header>
      <div className="tabs" role="tablist" aria-label="設定の項目" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`settings-tab-${t.id}`}
            aria-selected={t.id === current}
            aria-controls={`settings-panel-${t.id}`}
            tabIndex={t.id === current ? 0 : -1}
            className={t.id === current ? "tab tab--current" : "tab"}
            onClick={() => setCurrent(t.id)}
            data-testid={`settings-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`settings-panel-${current}`}
        aria-labelledby={`settings-tab-${current}`}
      >
        {current === "org" ? <OrganisationTab canEdit={isAdmin} /> : null}
        {current === "users" && isAdmin ? <UsersTab session={session} /> : null}
        {current === "lock" ? <IdleLockTab canEdit={isAdmin} /> : null}
      </div>
    </div>
  );
}
