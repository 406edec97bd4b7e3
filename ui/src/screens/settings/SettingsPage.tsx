import { useState } from "react";
import type { SessionInfo } from "../../backend/types";
import { Tabs } from "../../components/Tabs";
import { BackupTab } from "./BackupTab";
import { IdleLockTab } from "./IdleLockTab";
import { LetterTemplatesTab } from "./LetterTemplatesTab";
import { OrganisationTab } from "./OrganisationTab";
import { PolicyTab } from "./PolicyTab";
import { ReceiptNoTab } from "./ReceiptNoTab";
import { UsersTab } from "./UsersTab";

type Tab = "org" | "users" | "policies" | "receipt" | "letters" | "lock" | "backup";

const TABS: ReadonlyArray<{ id: Tab; label: string; adminOnly: boolean }> = [
  { id: "org", label: "組織情報", adminOnly: false },
  { id: "users", label: "利用者", adminOnly: true },
  { id: "policies", label: "ポリシー", adminOnly: false },
  { id: "receipt", label: "受付番号", adminOnly: false },
  { id: "letters", label: "文書", adminOnly: false },
  { id: "lock", label: "自動ロック", adminOnly: false },
  { id: "backup", label: "バックアップ", adminOnly: true },
];

/** 設定: 組織情報 · 利用者 (admins only) · ポリシー · 受付番号 · 文書 · 自動ロック · バックアップ (admins only). */
export function SettingsPage({ session }: { session: SessionInfo }) {
  const isAdmin = session.role === "admin";
  const tabs = TABS.filter((t) => isAdmin || !t.adminOnly);
  const [current, setCurrent] = useState<Tab>("org");

  return (
    <div className="page">
      <header className="page__header">
        <h1 className="page__title">設定</h1>
      </header>
      <Tabs tabs={tabs} current={current} onChange={setCurrent} label="設定の項目" idPrefix="settings">
        {current === "org" ? <OrganisationTab canEdit={isAdmin} /> : null}
        {current === "users" && isAdmin ? <UsersTab session={session} /> : null}
        {current === "policies" ? <PolicyTab canEdit={isAdmin} /> : null}
        {current === "receipt" ? <ReceiptNoTab canEdit={isAdmin} /> : null}
        {current === "letters" ? <LetterTemplatesTab canEdit={isAdmin} /> : null}
        {current === "lock" ? <IdleLockTab canEdit={isAdmin} /> : null}
        {current === "backup" && isAdmin ? <BackupTab /> : null}
      </Tabs>
    </div>
  );
}
