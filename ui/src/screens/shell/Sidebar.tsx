import type { SessionInfo } from "../../backend/types";
import { AppMark } from "../../components/AppMark";
import { Button } from "../../components/Button";
import { usePrintQueue } from "../letters/letterParts";
import { useLabels } from "../../lib/vocabulary";

export type Page = "home" | "intake" | "cases" | "complaints" | "print" | "reports" | "disposal" | "audit" | "settings";

const NAV: ReadonlyArray<{ page: Page; label: string; testId: string; shortcut?: string; adminOnly?: boolean }> = [
  { page: "home", label: "ホーム", testId: "nav-home" },
  { page: "intake", label: "受付", testId: "nav-intake", shortcut: "Ctrl+N" },
  { page: "cases", label: "案件一覧", testId: "nav-cases", shortcut: "Ctrl+F" },
  { page: "complaints", label: "苦情・相談", testId: "nav-complaints" },
  { page: "print", label: "印刷", testId: "nav-print" },
  { page: "reports", label: "報告", testId: "nav-reports" },
  { page: "disposal", label: "廃棄", testId: "nav-disposal" },
  { page: "audit", label: "監査ログ", testId: "nav-audit", adminOnly: true },
  { page: "settings", label: "設定", testId: "nav-settings" },
];

interface Props {
  page: Page;
  onNavigate: (page: Page) => void;
  session: SessionInfo;
  onLock: () => void;
  locking: boolean;
  version: string;
}

export function Sidebar({ page, onNavigate, session, onLock, locking, version }: Props) {
  const labels = useLabels();
  return (
    <aside className="sidebar" data-testid="sidebar">
      <div className="sidebar__brand">
        <AppMark size={32} />
        <div>
          <p className="sidebar__app">窓口</p>
          <p className="sidebar__subtitle">個人情報問合せ窓口</p>
        </div>
      </div>
      <nav aria-label="メインメニュー" className="sidebar__nav">
        <ul>
          {NAV.filter((item) => !item.adminOnly || session.role === "admin").map((item) => (
            <li key={item.page}>
              <button
                type="button"
                className={item.page === page ? "nav-item nav-item--current" : "nav-item"}
                aria-current={item.page === page ? "page" : undefined}
                onClick={() => onNavigate(item.page)}
                data-testid={item.testId}
                title={item.shortcut ? `${item.label}（${item.shortcut}）` : undefined}
                aria-keyshortcuts={item.shortcut?.replace("Ctrl", "Control")}
              >
                {item.label}
                {item.page === "print" ? <PrintQueueBadge /> : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar__footer">
        <div className="sidebar__user" data-testid="session-user">
          <span className="sidebar__user-name">{session.displayName}</span>
          <span className="role-badge">{labels.role(session.role)}</span>
        </div>
        <Button
          variant="quiet"
          className="sidebar__lock"
          onClick={onLock}
          testId="lock-button"
          pending={locking}
          pendingLabel="ロック中…"
          title="画面をロックします（Ctrl+L）"
          aria-keyshortcuts="Control+L"
        >
          ロック <kbd>Ctrl+L</kbd>
        </Button>
        <p className="sidebar__version">バージョン {version}</p>
      </div>
    </aside>
  );
}

/** How many letters wait to be printed (nothing when none). */
function PrintQueueBadge() {
  const queue = usePrintQueue();
  const n = queue.data?.length ?? 0;
  if (n === 0) return null;
  return (
    <span className="nav-item__badge" data-testid="nav-print-count">
      <span aria-hidden="true">{n}</span>
      <span className="letters-sr-only">（印刷待ち{n}件）</span>
    </span>
  );
}
