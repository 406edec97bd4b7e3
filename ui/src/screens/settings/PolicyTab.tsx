import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode } from "../../backend/errors";
import type { PolicySummary, PolicyWarning } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { formatDate } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { PolicyEditor } from "./PolicyEditor";
import { PolicyWarningsDialog } from "./PolicyWarningsDialog";
import { useLabels } from "../../lib/vocabulary";

type View = { kind: "list"; returning: boolean } | { kind: "edit"; id: number | null; session: number };

/**
 * 設定 › ポリシー: the profiles (会社・サービスごとの手続き), the default one,
 * export and import; the editor opens in place of the list. Only a 管理者
 * edits; anyone may look and export.
 */
export function PolicyTab({ canEdit }: { canEdit: boolean }) {
  const [view, setView] = useState<View>({ kind: "list", returning: false });
  const sessions = useRef(0);

  if (view.kind === "edit") {
    return (
      <PolicyEditor
        key={view.session}
        id={view.id}
        canEdit={canEdit}
        onClose={() => setView({ kind: "list", returning: true })}
      />
    );
  }
  return (
    <PolicyList
      canEdit={canEdit}
      focusTitle={view.returning}
      onOpen={(id) => {
        sessions.current += 1;
        setView({ kind: "edit", id, session: sessions.current });
      }}
    />
  );
}

function PolicyList({ canEdit, focusTitle, onOpen }: { canEdit: boolean; focusTitle: boolean; onOpen: (id: number | null) => void }) {
  const labels = useLabels();
  const backend = useBackend();
  const client = useQueryClient();
  const policies = useQuery({ queryKey: queryKeys.policies, queryFn: () => backend.listPolicies() });
  const setDefault = useCommand((id: number) => backend.setDefaultPolicy(id));
  const exporter = useCommand((id: number) => backend.exportPolicy(id));
  const importer = useCommand((keepWarnings: boolean) => backend.importPolicy(keepWarnings));
  const [notice, setNotice] = useState<string | null>(null);
  const [importWarnings, setImportWarnings] = useState<PolicyWarning[] | null>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (focusTitle) titleRef.current?.focus();
  }, [focusTitle]);

  const makeDefault = async (p: PolicySummary) => {
    setNotice(null);
    const outcome = await setDefault.run(p.id);
    if (outcome.ok) {
      client.setQueryData(queryKeys.policies, outcome.value);
      void client.invalidateQueries({ queryKey: ["policy"] });
      setNotice(`「${p.name}」を既定のポリシーにしました。これから受け付ける案件に適用されます。`);
    }
  };

  const exportOne = async (p: PolicySummary) => {
    setNotice(null);
    const outcome = await exporter.run(p.id);
    if (outcome.ok && outcome.value) setNotice(`「${p.name}」（第${p.version}版）を書き出しました。`);
  };

  const runImport = async (keepWarnings: boolean) => {
    setNotice(null);
    const outcome = await importer.run(keepWarnings);
    if (keepWarnings) setImportWarnings(null);
    if (outcome.ok) {
      // null: the file dialog was cancelled.
      if (outcome.value) {
        client.setQueryData(queryKeys.policy(outcome.value.id), outcome.value);
        void client.invalidateQueries({ queryKey: queryKeys.policies });
        setNotice(`「${outcome.value.body.name}」を取り込みました（第${outcome.value.version}版）。`);
      }
    } else if (outcome.error?.code === ErrorCode.Warnings) {
      setImportWarnings(outcome.error.fields);
    }
  };

  const importError = importer.error && importer.error.code !== ErrorCode.Warnings ? importer.error : null;
  const actionError = setDefault.error ?? exporter.error;
  const list = policies.data ?? [];

  return (
    <div className="policies">
      <div className="policies__head">
        <h2 className="subsection-title" ref={titleRef} tabIndex={-1}>
          ポリシー
        </h2>
        {canEdit ? (
          <div className="inline-actions">
            <Button variant="primary" onClick={() => onOpen(null)} testId="policy-new">
              新規作成
            </Button>
            <Button onClick={() => void runImport(false)} testId="policy-import" pending={importer.pending && !importWarnings} pendingLabel="取り込み中…">
              取り込み
            </Button>
          </div>
        ) : null}
      </div>
      <p className="lead">
        ポリシーは、会社・サービスごとの手続き（受付経路、本人確認、代理人、手数料、回答期限、保存期間）をまとめたものです。新しい案件には既定のポリシーが適用され、受付のときに別のポリシーを選ぶこともできます。保存するたびに新しい版になり、受付済みの案件は受け付けたときの版に沿って確認します。
      </p>

      {notice ? <StatusMessage testId="policy-notice">{notice}</StatusMessage> : null}
      {importError ? (
        <ErrorAlert testId="policy-import-error" title="取り込めませんでした。">
          <p className="pre-line">{importError.message}</p>
        </ErrorAlert>
      ) : null}
      {actionError ? <ErrorAlert testId="policy-action-error">{actionError.message}</ErrorAlert> : null}
      {policies.isPending ? <p className="muted">読み込み中…</p> : null}
      {policies.isError ? (
        <ErrorAlert>{(policies.error as { message?: string }).message ?? "ポリシーを取得できませんでした。"}</ErrorAlert>
      ) : null}

      {policies.isSuccess && list.length === 0 ? (
        <div className="policies__empty" data-testid="policy-empty">
          <p className="policies__empty-title">ポリシーはまだありません。</p>
          <p>
            ポリシーには、会社・サービスごとの手続き（受付経路、本人確認、代理人、手数料、回答期限、保存期間）を定めます。定めておくと、案件ごとに必要な本人確認書類や手数料、回答期限を確認できます。
          </p>
          <p className="muted">
            {canEdit
              ? "「新規作成」で作るか、ほかの窓口で書き出したファイルを「取り込み」で読み込んでください。"
              : "ポリシーは管理者が登録します。"}
          </p>
        </div>
      ) : null}

      {list.length > 0 ? (
        <table className="table policies__table" data-testid="policy-list">
          <thead>
            <tr>
              <th scope="col">名前</th>
              <th scope="col">版</th>
              <th scope="col">受付経路</th>
              <th scope="col">更新日</th>
              <th scope="col" className="table__actions-head">
                操作
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id} data-testid="policy-row" data-policy-id={p.id}>
                <td>
                  <span className="policies__name">{p.name}</span>
                  {p.isDefault ? (
                    <span className="badge badge--open policies__default" data-testid="policy-default-badge">
                      既定
                    </span>
                  ) : null}
                </td>
                <td className="nowrap">第{p.version}版</td>
                <td>{p.channels.map((c) => labels.channel(c)).join("、")}</td>
                <td className="nowrap">{formatDate(p.updatedAt)}</td>
                <td className="table__actions">
                  <div className="table__actions-inner">
                    <Button variant="quiet" onClick={() => onOpen(p.id)} testId="policy-edit" aria-label={`「${p.name}」を${canEdit ? "編集" : "表示"}`}>
                      {canEdit ? "編集" : "表示"}
                    </Button>
                    {canEdit && !p.isDefault ? (
                      <Button
                        variant="quiet"
                        onClick={() => void makeDefault(p)}
                        testId="policy-default"
                        disabled={setDefault.pending}
                        aria-label={`「${p.name}」を既定にする`}
                      >
                        既定にする
                      </Button>
                    ) : null}
                    <Button
                      variant="quiet"
                      onClick={() => void exportOne(p)}
                      testId="policy-export"
                      disabled={exporter.pending}
                      aria-label={`「${p.name}」を書き出し`}
                    >
                      書き出し
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {importWarnings ? (
        <PolicyWarningsDialog
          mode="import"
          warnings={importWarnings}
          pending={importer.pending}
          onKeep={() => void runImport(true)}
          onBack={() => {
            setImportWarnings(null);
            importer.reset();
          }}
        />
      ) : null}
    </div>
  );
}
