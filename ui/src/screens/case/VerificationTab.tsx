import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsOf } from "../../backend/errors";
import type { CheckGroup, CheckItem, CheckStatus, DocInfo, DocumentCheck, Verification, Vocabulary } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { formatDateTime } from "../../lib/dates";
import { useCommand } from "../../lib/useCommand";
import { labelOf, useVocabulary } from "../../lib/vocabulary";
import { DocFields } from "./DocFields";
import { MaskTool } from "./MaskTool";
import { OriginalsSection } from "./OriginalsSection";

export const verificationKey = (caseId: number) => ["verification", caseId] as const;

/** The case's checklist (`get_verification`), shared by the 本人確認 and 添付ファイル tabs. */
export function useVerification(caseId: number) {
  const backend = useBackend();
  return useQuery({ queryKey: verificationKey(caseId), queryFn: () => backend.getVerification(caseId) });
}

/**
 * 本人確認: the checklist of the case's policy (result, what is missing,
 * each item with the officer's mark), the documents kept (type, dates,
 * masking) and the originals received by post.
 */
export function VerificationTab({ caseId, onCaseChanged }: { caseId: number; onCaseChanged: () => void }) {
  const client = useQueryClient();
  const query = useVerification(caseId);
  const vocab = useVocabulary();

  // Every change answers with the whole checklist; the case's timeline has a new entry too.
  const updated = (v: Verification) => {
    client.setQueryData(verificationKey(caseId), v);
    onCaseChanged();
  };

  if (query.isPending) return <p className="muted">読み込み中…</p>;
  if (query.isError) {
    return <ErrorAlert testId="verification-error">{(query.error as { message?: string }).message ?? "本人確認の情報を取得できませんでした。"}</ErrorAlert>;
  }
  const v = query.data;
  const tone = !v.policyLabel ? "none" : v.verified ? "ok" : "ng";

  return (
    <div className="verification" data-testid="verification">
      <p className="verification__policy" data-testid="verification-policy">
        {v.policyLabel ? (
          <>
            <span className="muted">ポリシー</span> <strong>{v.policyLabel}</strong>
          </>
        ) : (
          <>
            <span className="badge badge--warning">ポリシー未設定</span>{" "}
            <span className="muted">「概要」の「編集」で、この案件が従うポリシーを選んでください。選ぶと確認項目が表示されます。</span>
          </>
        )}
      </p>

      <section className={`verification-result verification-result--${tone}`} data-testid="verification-result" aria-label="本人確認の結果">
        <p className="verification-result__title">
          <span className="verification-result__mark" aria-hidden="true">
            {tone === "ok" ? "✓" : "!"}
          </span>
          {v.result}
        </p>
        {v.missing.length > 0 ? (
          <div className="verification-result__missing">
            <p className="verification-result__lead">不足しているもの（「追加提出のお願い」に記載する内容）</p>
            <ul className="verification-result__list" data-testid="verification-missing">
              {v.missing.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {v.feeWarnings.length > 0 ? (
        <div className="notice notice--warning" data-testid="verification-fee-warnings">
          <p className="notice__title">手数料について確認が必要です</p>
          {v.feeWarnings.map((w, i) => (
            <p key={i}>{w}</p>
          ))}
        </div>
      ) : null}

      {v.groups.map((g) => (
        <GroupView key={g.key} caseId={caseId} group={g} vocabulary={vocab} onUpdated={updated} />
      ))}

      <DocumentsSection documents={v.documents} vocabulary={vocab} onUpdated={updated} />
      <OriginalsSection caseId={caseId} originals={v.originals} vocabulary={vocab} onUpdated={updated} />
    </div>
  );
}

function GroupView({
  caseId,
  group,
  vocabulary,
  onUpdated,
}: {
  caseId: number;
  group: CheckGroup;
  vocabulary: Vocabulary;
  onUpdated: (v: Verification) => void;
}) {
  const titleId = `check-group-${group.key}`;
  return (
    <section className="check-group" data-testid="verification-group" data-key={group.key} aria-labelledby={titleId}>
      <div className="check-group__head">
        <h3 id={titleId} className="check-group__title">
          {group.title}
        </h3>
        <span className={group.satisfied ? "badge badge--ok" : "badge badge--danger"} data-testid="verification-group-state">
          {group.satisfied ? "満たしています" : "満たしていません"}
        </span>
      </div>
      {group.rule ? <p className="check-group__rule">{group.rule}</p> : null}
      <ul className="check-items">
        {group.items.map((item) => (
          <ItemRow key={item.key} caseId={caseId} item={item} vocabulary={vocabulary} onUpdated={onUpdated} />
        ))}
      </ul>
    </section>
  );
}

const STATUS_BADGE: Record<CheckStatus, string> = { pending: "badge badge--muted", ok: "badge badge--ok", ng: "badge badge--danger" };

function ItemRow({
  caseId,
  item,
  vocabulary,
  onUpdated,
}: {
  caseId: number;
  item: CheckItem;
  vocabulary: Vocabulary;
  onUpdated: (v: Verification) => void;
}) {
  const backend = useBackend();
  const [note, setNote] = useState(item.note);
  useEffect(() => setNote(item.note), [item.note]);
  const mark = useCommand((status: CheckStatus) => backend.markVerification(caseId, item.key, status, note));
  const errors = fieldErrorsOf(mark.error);

  const run = (status: CheckStatus) =>
    void mark.run(status).then((o) => {
      if (o.ok) onUpdated(o.value);
    });

  return (
    <li className={`check-item check-item--${item.status}`} data-testid="verification-item" data-key={item.key}>
      <div className="check-item__head">
        <span className="check-item__label">{item.label}</span>
        <span className={STATUS_BADGE[item.status]} data-testid="verification-item-status">
          {labelOf(vocabulary.checkStatuses, item.status)}
        </span>
        <span className={item.auto ? "check-item__source check-item__source--auto" : "check-item__source"} data-testid="verification-item-source">
          {item.auto ? "自動判定" : "手動"}
        </span>
      </div>
      {item.detail ? (
        <p className="check-item__detail" data-testid="verification-item-detail">
          {item.detail}
        </p>
      ) : null}
      {item.note ? (
        <p className="check-item__note" data-testid="verification-item-note">
          メモ: {item.note}
        </p>
      ) : null}
      {item.markedBy || item.markedAt ? (
        <p className="check-item__marked muted" data-testid="verification-item-marked">
          記録: {item.markedBy || "—"}
          {item.markedAt ? `（${formatDateTime(item.markedAt)}）` : ""}
        </p>
      ) : null}
      <div className="check-item__mark">
        <TextField
          name="note"
          label="メモ（任意）"
          value={note}
          onChange={setNote}
          error={errors.note}
          className="check-item__note-field"
          testId="verification-note"
          aria-label={`${item.label} のメモ（任意）`}
          disabled={mark.pending}
        />
        <div className="inline-actions check-item__buttons">
          <Button onClick={() => run("ok")} disabled={mark.pending} testId="verification-mark-ok">
            確認済にする
          </Button>
          <Button onClick={() => run("ng")} disabled={mark.pending} testId="verification-mark-ng">
            不備にする
          </Button>
          <Button variant="quiet" onClick={() => run("pending")} disabled={mark.pending} testId="verification-mark-pending">
            未確認に戻す
          </Button>
        </div>
      </div>
      {mark.error && !errors.note ? <ErrorAlert testId="verification-item-error">{mark.error.message}</ErrorAlert> : null}
    </li>
  );
}

function DocumentsSection({
  documents,
  vocabulary,
  onUpdated,
}: {
  documents: DocumentCheck[];
  vocabulary: Vocabulary;
  onUpdated: (v: Verification) => void;
}) {
  return (
    <section className="verification-section" data-testid="verification-documents" aria-labelledby="verification-documents-title">
      <h3 id="verification-documents-title" className="verification-section__title">
        書類（添付ファイル）
      </h3>
      <p className="muted verification-section__hint">書類の種類と日付を設定すると、確認項目が自動で判定されます。</p>
      {documents.length === 0 ? (
        <p className="muted">添付ファイルはありません。「添付ファイル」タブでスキャンを追加できます。</p>
      ) : (
        <ul className="doc-checks">
          {documents.map((d) => (
            <DocumentRow key={d.attachmentId} document={d} vocabulary={vocabulary} onUpdated={onUpdated} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DocumentRow({ document: d, vocabulary, onUpdated }: { document: DocumentCheck; vocabulary: Vocabulary; onUpdated: (v: Verification) => void }) {
  const backend = useBackend();
  const [masking, setMasking] = useState(false);
  const rowRef = useRef<HTMLLIElement>(null);
  const setDoc = useCommand((doc: DocInfo) => backend.setAttachmentDoc(d.attachmentId, doc));
  const errors = fieldErrorsOf(setDoc.error);
  const info = vocabulary.docTypes.find((t) => t.docType === d.doc.docType);
  const mustMask = d.needsMask && !d.masked;
  const unplaced = setDoc.error && !errors.docType && !errors.issuedOn && !errors.expiresOn ? setDoc.error.message : null;

  return (
    <li ref={rowRef} className={mustMask ? "doc-check doc-check--alert" : "doc-check"} data-testid="verification-document" data-attachment-id={d.attachmentId}>
      <div className="doc-check__head">
        <span className="file-line__name">{d.fileName}</span>
        {mustMask ? (
          <span className="badge badge--danger" data-testid="document-mask-state">
            要マスク
          </span>
        ) : d.masked ? (
          <span className="badge badge--ok" data-testid="document-mask-state">
            マスク済
          </span>
        ) : null}
        {mustMask ? (
          <Button variant="primary" onClick={() => setMasking(true)} testId="document-mask" aria-label={`${d.fileName} をマスクする`}>
            マスクする
          </Button>
        ) : null}
      </div>
      <DocFields
        vocabulary={vocabulary}
        value={d.doc}
        onCommit={async (doc) => {
          const o = await setDoc.run(doc);
          if (o.ok) onUpdated(o.value);
          return o.ok;
        }}
        errors={errors}
        testIdPrefix="document"
        fileName={d.fileName}
      />
      {unplaced ? <ErrorAlert testId="document-error">{unplaced}</ErrorAlert> : null}
      {d.problems.length > 0 ? (
        <ul className="doc-check__problems" data-testid="document-problems">
          {d.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      {masking ? (
        <MaskTool
          fileName={d.fileName}
          docLabel={info?.label ?? ""}
          maskReason={info?.maskReason ?? ""}
          load={() => backend.getAttachment(d.attachmentId)}
          submit={(mask) => backend.maskAttachment(d.attachmentId, mask)}
          onDone={(v) => {
            setMasking(false);
            onUpdated(v);
            requestAnimationFrame(() => rowRef.current?.querySelector<HTMLElement>("select")?.focus());
          }}
          onClose={() => setMasking(false)}
        />
      ) : null}
    </li>
  );
}
