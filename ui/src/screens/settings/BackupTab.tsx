import { useState } from "react";
import { useBackend } from "../../backend/context";
import type { BackupDone } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { useCommand } from "../../lib/useCommand";

/** 1,234,567 bytes → "1.2 MB": the officer checks the size looks right, not the byte. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString("ja-JP", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;
}

/** 設定 › バックアップ (管理者 only): one encrypted file, written where the admin chooses and read back. */
export function BackupTab() {
  const backend = useBackend();
  const create = useCommand(() => backend.createBackup());
  const [done, setDone] = useState<BackupDone | null>(null);

  const run = async () => {
    setDone(null);
    const outcome = await create.run();
    if (outcome.ok && outcome.value) setDone(outcome.value);
  };

  return (
    <section className="settings-form" aria-label="バックアップ">
      <p className="lead">
        案件・メール・スキャン・文書・監査ログを、暗号化した1つのファイルに保存します。保存した後に読み戻して、壊れていないことを確かめます。
      </p>
      <ul className="notes" data-testid="backup-notes">
        <li>復元には、初期設定で印刷した回復キーが必要です。パスワードだけでは復元できません。</li>
        <li>保存先には、このPCとは別の場所（社内のファイルサーバー、暗号化したUSBメモリなど）を選んでください。</li>
        <li>廃棄した案件も、廃棄より前に作ったバックアップには残ります。バックアップも保存期間を決めて管理してください。</li>
        <li>復元は管理コマンド（madoguchi-admin restore）で、回復キーを使って行います。</li>
      </ul>
      {create.error ? <ErrorAlert testId="backup-error">{create.error.message}</ErrorAlert> : null}
      <div className="form-actions form-actions--start">
        <Button variant="primary" testId="backup-create" onClick={() => void run()} pending={create.pending} pendingLabel="作成・検証中…">
          バックアップを作成…
        </Button>
        {done ? (
          <StatusMessage testId="backup-done">
            バックアップを作成し、読み戻して検証しました：{done.fileName}（{megabytes(done.bytes)}、監査ログ {done.auditEntries.toLocaleString("ja-JP")}件）
          </StatusMessage>
        ) : null}
      </div>
    </section>
  );
}
