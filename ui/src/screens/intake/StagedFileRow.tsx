import { useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { fieldErrorsOf } from "../../backend/errors";
import type { DocInfo, StagedFile } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatBytes } from "../../lib/bytes";
import { useCommand } from "../../lib/useCommand";
import { useVocabulary } from "../../lib/vocabulary";
import { DocFields } from "../case/DocFields";
import { MaskTool } from "../case/MaskTool";

/**
 * One staged scan or mail attachment in 受付: what it is (書類の種類), and
 * for a type that must be masked the way to mask it or to refuse it.
 * `data-testid="staged-file"` with `data-file-name`; inside `staged-doc-type`,
 * `staged-mask-state` (要マスク / マスク済), `staged-mask`, `staged-refuse`.
 */
export function StagedFileRow({
  file,
  refused = false,
  fromMail = false,
  onChanged,
  onRefused,
  onRemove,
}: {
  file: StagedFile;
  /** A mail attachment already refused (破棄済). */
  refused?: boolean;
  fromMail?: boolean;
  onChanged: (file: StagedFile) => void;
  onRefused: () => void;
  /** 外す (scans only). */
  onRemove?: () => void;
}) {
  const backend = useBackend();
  const vocabulary = useVocabulary();
  const [masking, setMasking] = useState(false);
  const rowRef = useRef<HTMLLIElement>(null);
  const [confirmRefuse, setConfirmRefuse] = useState(false);
  const setDoc = useCommand((doc: DocInfo) => backend.setStagedDoc(file.stagedId, doc));
  const refuse = useCommand(() => backend.refuseStaged(file.stagedId));

  const info = vocabulary.docTypes.find((t) => t.docType === file.doc.docType);
  const docLabel = info?.label ?? "";
  const mustMask = file.needsMask && !file.masked && !refused;
  const errors = fieldErrorsOf(setDoc.error);
  const unplaced = setDoc.error && !errors.docType && !errors.issuedOn && !errors.expiresOn ? setDoc.error.message : null;

  const commit = async (doc: DocInfo) => {
    const o = await setDoc.run(doc);
    if (o.ok) onChanged(o.value);
    return o.ok;
  };

  const classes = ["staged-file", mustMask ? "staged-file--alert" : "", refused ? "staged-file--refused" : ""].join(" ").trim();
  return (
    <li ref={rowRef} className={classes} data-testid="staged-file" data-file-name={file.fileName} data-staged-id={file.stagedId}>
      <div className={file.problem ? "file-line file-line--bad" : "file-line"} data-testid={`intake-file-${file.stagedId}`}>
        <span className="file-line__name">{file.fileName}</span>
        <span className="muted">
          {file.kindLabel}・{formatBytes(file.size)}
        </span>
        {file.problem ? <span className="file-line__problem">{file.problem}</span> : null}
        {refused ? (
          <span className="badge badge--muted" data-testid="staged-refused">
            破棄済（保存しません）
          </span>
        ) : mustMask ? (
          <span className="badge badge--danger" data-testid="staged-mask-state">
            要マスク
          </span>
        ) : file.masked ? (
          <span className="badge badge--ok" data-testid="staged-mask-state">
            マスク済
          </span>
        ) : null}
        <span className="staged-file__actions">
          {mustMask ? (
            <>
              <Button variant="primary" onClick={() => setMasking(true)} testId="staged-mask" aria-label={`${file.fileName} をマスクする`}>
                マスクする
              </Button>
              <Button variant="danger" onClick={() => setConfirmRefuse(true)} testId="staged-refuse" aria-label={`${file.fileName} を受け取らずに破棄`}>
                受け取らずに破棄
              </Button>
            </>
          ) : null}
          {onRemove ? (
            <Button variant="quiet" onClick={onRemove} testId={`intake-file-remove-${file.stagedId}`} aria-label={`${file.fileName} を外す`}>
              外す
            </Button>
          ) : null}
        </span>
      </div>
      {!file.problem && !refused ? (
        <DocFields
          vocabulary={vocabulary}
          value={file.doc}
          onCommit={commit}
          errors={errors}
          testIdPrefix="staged"
          fileName={file.fileName}
        />
      ) : null}
      {mustMask ? (
        <p className="staged-file__reason" data-testid="staged-mask-reason">
          {file.maskReason || info?.maskReason}
          <span className="staged-file__reason-hint">マスクするか、受け取らずに破棄するまで保存できません。</span>
        </p>
      ) : null}
      {unplaced ? <ErrorAlert testId="staged-error">{unplaced}</ErrorAlert> : null}
      {refuse.error ? <ErrorAlert testId="staged-refuse-error">{refuse.error.message}</ErrorAlert> : null}

      {masking ? (
        <MaskTool
          fileName={file.fileName}
          docLabel={docLabel}
          maskReason={file.maskReason || info?.maskReason || ""}
          load={() => backend.getStagedData(file.stagedId)}
          submit={(mask) => backend.maskStaged(file.stagedId, mask)}
          onDone={(f) => {
            setMasking(false);
            onChanged(f);
            // The マスクする button is gone: the focus goes back to this file's row.
            requestAnimationFrame(() => rowRef.current?.querySelector<HTMLElement>("select")?.focus());
          }}
          onClose={() => setMasking(false)}
        />
      ) : null}
      {confirmRefuse ? (
        <ConfirmDialog
          title="受け取らずに破棄しますか？"
          confirmLabel="破棄する"
          danger
          pending={refuse.pending}
          onConfirm={() =>
            void refuse.run().then((o) => {
              if (o.ok) {
                setConfirmRefuse(false);
                onRefused();
              } else if (o.error) {
                setConfirmRefuse(false);
              }
            })
          }
          onCancel={() => setConfirmRefuse(false)}
          testId="staged-refuse-dialog"
        >
          <p>
            「{file.fileName}」{docLabel ? `（${docLabel}）` : ""}は保存しません。
            {fromMail ? "保存するメールからも、この添付ファイルは取り除かれます。" : "取り込んだファイルはこの場で破棄されます。"}
          </p>
          <p>受け取らずに破棄したことは監査ログに記録されます（ファイルの内容は記録されません）。元に戻せません。</p>
          <p className="muted">必要な場合は、請求者にマスクした写しの再提出をお願いしてください。</p>
        </ConfirmDialog>
      ) : null}
    </li>
  );
}
