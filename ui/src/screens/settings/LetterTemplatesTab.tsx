import { useQuery } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import type { TemplateSummary } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatDateTime } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { EnvelopeOffsets } from "./EnvelopeOffsets";
import { LetterTemplateEditor } from "./LetterTemplateEditor";

/**
 * 設定 › 文書: the eleven letter templates (list, then the chosen one in the
 * editor below it) and the position of the address for window envelopes.
 * Only a 管理者 changes them; anyone may look, preview and print the 確認用紙.
 */
export function LetterTemplatesTab({ canEdit }: { canEdit: boolean }) {
  const backend = useBackend();
  const templates = useQuery({ queryKey: queryKeys.letterTemplates, queryFn: () => backend.listLetterTemplates() });
  const vocabulary = useQuery({
    queryKey: queryKeys.letterVocabulary,
    queryFn: () => backend.letterVocabulary(),
    staleTime: Infinity,
  });
  const [selected, setSelected] = useState<string | null>(null);
  /** Leaving the editor with unsaved changes: where to (a template, or null to close). */
  const [leaving, setLeaving] = useState<{ to: string | null } | null>(null);
  const dirty = useRef(false);
  const onDirtyChange = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);
  const rowRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const go = (to: string | null) => {
    if (to === selected) return;
    if (dirty.current) setLeaving({ to });
    else setSelected(to);
  };

  const confirmLeave = () => {
    if (!leaving) return;
    const from = selected;
    dirty.current = false;
    setSelected(leaving.to);
    setLeaving(null);
    if (leaving.to === null && from) window.setTimeout(() => rowRefs.current[from]?.focus(), 0);
  };

  const close = () => {
    const from = selected;
    if (dirty.current) {
      setLeaving({ to: null });
      return;
    }
    setSelected(null);
    if (from) window.setTimeout(() => rowRefs.current[from]?.focus(), 0);
  };

  const list = templates.data ?? [];
  const nameOf = (key: string | null) => list.find((t) => t.key === key)?.name ?? "";
  const loadError = templates.error ?? vocabulary.error;

  return (
    <div className="letters-settings">
      <section aria-labelledby="letter-templates-title">
        <h2 id="letter-templates-title" className="subsection-title">
          文書のテンプレート
        </h2>
        <p className="lead">
          案件から作る文書（受付のお知らせ、決定通知書など）のひな形です。本文の {"{{受付番号}}"}{" "}
          のような差し込み項目には、発行するときに案件の内容が入ります。保存するたびに新しい版になり、発行済みの文書は発行したときの版のまま残ります。
        </p>
        {loadError ? (
          <ErrorAlert>{(loadError as { message?: string }).message ?? "テンプレートを取得できませんでした。"}</ErrorAlert>
        ) : null}
        {templates.isPending ? <p className="muted">読み込み中…</p> : null}
        {list.length > 0 ? (
          <table className="table table--compact letter-templates" data-testid="letter-templates">
            <thead>
              <tr>
                <th scope="col">名前</th>
                <th scope="col">版</th>
                <th scope="col">更新</th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <TemplateRow
                  key={t.key}
                  template={t}
                  current={t.key === selected}
                  onOpen={() => go(t.key)}
                  buttonRef={(el) => {
                    rowRefs.current[t.key] = el;
                  }}
                  canEdit={canEdit}
                />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {selected && vocabulary.data ? (
        <LetterTemplateEditor
          key={selected}
          templateKey={selected}
          canEdit={canEdit}
          vocabulary={vocabulary.data}
          onDirtyChange={onDirtyChange}
          onClose={close}
        />
      ) : list.length > 0 ? (
        <p className="muted letter-templates__hint">一覧からテンプレートを選ぶと、ここに内容とプレビューが表示されます。</p>
      ) : null}

      <EnvelopeOffsets canEdit={canEdit} />

      {leaving ? (
        <ConfirmDialog
          title="保存していない変更があります"
          confirmLabel={leaving.to ? "変更を破棄して開く" : "変更を破棄して閉じる"}
          danger
          onConfirm={confirmLeave}
          onCancel={() => setLeaving(null)}
          testId="template-leave"
        >
          <p>
            「{nameOf(selected)}」の変更はまだ保存されていません。
            {leaving.to ? `変更を破棄して「${nameOf(leaving.to)}」を開きますか？` : "変更を破棄して閉じますか？"}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function TemplateRow({
  template: t,
  current,
  onOpen,
  buttonRef,
  canEdit,
}: {
  template: TemplateSummary;
  current: boolean;
  onOpen: () => void;
  buttonRef: (el: HTMLButtonElement | null) => void;
  canEdit: boolean;
}) {
  const shipped = !t.updatedBy;
  return (
    <tr
      className={current ? "table__row--link letter-templates__row--current" : "table__row--link"}
      onClick={onOpen}
      aria-current={current || undefined}
      data-testid={`template-row-${t.key}`}
    >
      <td>
        {/* The button makes the row reachable with Tab and Enter; its click reaches the row. */}
        <button type="button" className="link-button" ref={buttonRef} aria-label={`「${t.name}」を${canEdit ? "編集" : "表示"}`}>
          {t.name}
        </button>
        {!t.isDefault ? (
          <span className="badge badge--open letter-templates__badge" data-testid={`template-edited-${t.key}`}>
            編集済み
          </span>
        ) : null}
      </td>
      <td className="nowrap" data-testid={`template-version-${t.key}`}>
        第{t.version}版
      </td>
      <td className="nowrap">
        {shipped ? (
          <span className="muted">初期設定</span>
        ) : (
          <>
            {formatDateTime(t.updatedAt)}　{t.updatedBy}
          </>
        )}
      </td>
    </tr>
  );
}
