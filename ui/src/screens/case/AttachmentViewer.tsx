import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useBackend } from "../../backend/context";
import { toApiError } from "../../backend/errors";
import type { ApiError, AttachmentData, AttachmentInfo } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { base64ToBytes, formatBytes } from "../../lib/bytes";
import { openPdf, type PdfDocument } from "../../lib/pdf";
import { handleSessionError } from "../../lib/queries";
import { useBoxSize } from "./useBoxSize";

export const ZOOM_STEPS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;

export type Zoom = number | "fit";
type Rotation = 0 | 90 | 180 | 270;

export function zoomIn(current: number): number {
  return ZOOM_STEPS.find((s) => s > current + 0.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
}

export function zoomOut(current: number): number {
  return [...ZOOM_STEPS].reverse().find((s) => s < current - 0.001) ?? ZOOM_STEPS[0]!;
}

const FIT_MARGIN = 16;

/**
 * The attachment viewer: images with zoom, fit and 90° turns; PDFs rendered
 * offline page by page (pdf.js); text as text. The bytes are fetched when it
 * opens (an audited view) and dropped when it closes.
 */
export function AttachmentViewer({ attachment, onClose }: { attachment: AttachmentInfo; onClose: () => void }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [data, setData] = useState<AttachmentData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [zoom, setZoom] = useState<Zoom>("fit");
  const [rotation, setRotation] = useState<Rotation>(0);
  const [page, setPage] = useState(1);
  const [pages, setPages] = useState(0);
  const fitScale = useRef(1);
  const onFit = useCallback((s: number) => {
    fitScale.current = s;
  }, []);

  useEffect(() => {
    let live = true;
    backend.getAttachment(attachment.id).then(
      (d) => live && setData(d),
      (e: unknown) => {
        handleSessionError(client, e);
        if (live) setError(toApiError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [attachment.id, backend, client]);

  const kind = data?.kind ?? attachment.kind;
  const isImage = kind === "jpeg" || kind === "png";
  const isPdf = kind === "pdf";
  const canTransform = isImage || isPdf;
  // Read when a key or button is pressed: the fit scale is measured after the last render.
  const current = () => (zoom === "fit" ? fitScale.current : zoom);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!canTransform || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    if (e.key === "+" || e.key === "=") setZoom(zoomIn(current()));
    else if (e.key === "-") setZoom(zoomOut(current()));
    else if (e.key === "0") setZoom("fit");
    else if (e.key === "r" || e.key === "R") setRotation((r) => ((r + 90) % 360) as Rotation);
    else if (isPdf && (e.key === "PageDown" || e.key === "ArrowRight")) setPage((p) => Math.min(pages, p + 1));
    else if (isPdf && (e.key === "PageUp" || e.key === "ArrowLeft")) setPage((p) => Math.max(1, p - 1));
    else return;
    e.preventDefault();
  };

  return (
    <Dialog title={attachment.fileName} onClose={onClose} testId="attachment-viewer" width={1100}>
      <div className="viewer" onKeyDown={onKeyDown}>
        <div className="viewer__toolbar" role="toolbar" aria-label="表示の操作">
          <span className="muted viewer__meta">
            {attachment.kindLabel}・{formatBytes(attachment.size)}
          </span>
          {canTransform ? (
            <>
              <Button variant="quiet" onClick={() => setZoom(zoomOut(current()))} testId="viewer-zoom-out" aria-label="縮小" title="縮小（-）">
                －
              </Button>
              <span className="viewer__zoom" data-testid="viewer-zoom-level" aria-live="polite">
                {zoom === "fit" ? "全体表示" : `${Math.round(zoom * 100)}%`}
              </span>
              <Button variant="quiet" onClick={() => setZoom(zoomIn(current()))} testId="viewer-zoom-in" aria-label="拡大" title="拡大（+）">
                ＋
              </Button>
              <Button variant="quiet" onClick={() => setZoom("fit")} testId="viewer-fit" title="全体表示（0）" aria-pressed={zoom === "fit"}>
                全体表示
              </Button>
              <Button variant="quiet" onClick={() => setRotation((r) => ((r + 90) % 360) as Rotation)} testId="viewer-rotate" title="右に90°回転（R）">
                90°回転
              </Button>
              <span className="muted" data-testid="viewer-rotation">
                {rotation}°
              </span>
            </>
          ) : null}
          {isPdf && pages > 0 ? (
            <span className="viewer__pages">
              <Button variant="quiet" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1} testId="viewer-page-prev">
                前のページ
              </Button>
              <span data-testid="viewer-page">
                {page} / {pages} ページ
              </span>
              <Button variant="quiet" onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages} testId="viewer-page-next">
                次のページ
              </Button>
            </span>
          ) : null}
          <Button className="viewer__close" onClick={onClose} testId="viewer-close">
            閉じる（Esc）
          </Button>
        </div>
        {error ? <ErrorAlert testId="viewer-error">{error.message}</ErrorAlert> : null}
        {!data && !error ? <p className="muted viewer__loading">読み込み中…</p> : null}
        {data && isImage ? (
          <ImageView data={data} zoom={zoom} rotation={rotation} onFit={onFit} />
        ) : null}
        {data && isPdf ? (
          <PdfView data={data} page={page} zoom={zoom} rotation={rotation} onPages={setPages} onFit={onFit} />
        ) : null}
        {data && (kind === "text" || kind === "eml") ? <TextView data={data} /> : null}
        {data && !isImage && !isPdf && kind !== "text" && kind !== "eml" ? (
          <p className="viewer__unsupported" data-testid="viewer-unsupported">
            この形式（{attachment.kindLabel}）はここでは表示できません。
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}

function ImageView({ data, zoom, rotation, onFit }: { data: AttachmentData; zoom: Zoom; rotation: Rotation; onFit: (s: number) => void }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const box = useBoxSize(boxRef);
  const [natural, setNatural] = useState({ width: 0, height: 0 });
  const [src, setSrc] = useState<string | null>(null);

  useEffect(() => {
    if (typeof URL.createObjectURL === "function") {
      const url = URL.createObjectURL(new Blob([base64ToBytes(data.dataBase64) as BlobPart], { type: data.mime }));
      setSrc(url);
      return () => URL.revokeObjectURL(url);
    }
    setSrc(`data:${data.mime};base64,${data.dataBase64}`);
    return undefined;
  }, [data]);

  const turned = rotation % 180 !== 0;
  const w = turned ? natural.height : natural.width;
  const h = turned ? natural.width : natural.height;
  const fit = w > 0 && box.width > 0 ? Math.min((box.width - FIT_MARGIN) / w, (box.height - FIT_MARGIN) / h, 1) : 1;
  useEffect(() => onFit(fit), [fit, onFit]);
  const scale = zoom === "fit" ? fit : zoom;

  return (
    <div className="viewer__canvas" ref={boxRef} tabIndex={0} aria-label="画像">
      <div className="viewer__frame" style={{ width: w * scale, height: h * scale }}>
        {src ? (
          <img
            src={src}
            alt={data.fileName}
            className="viewer__image"
            data-testid="viewer-image"
            draggable={false}
            onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
            style={{
              width: natural.width * scale || undefined,
              height: natural.height * scale || undefined,
              transform: `translate(-50%, -50%) rotate(${rotation}deg)`,
            }}
          />
        ) : null}
      </div>
    </div>
  );
}

function PdfView({
  data,
  page,
  zoom,
  rotation,
  onPages,
  onFit,
}: {
  data: AttachmentData;
  page: number;
  zoom: Zoom;
  rotation: Rotation;
  onPages: (n: number) => void;
  onFit: (s: number) => void;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const box = useBoxSize(boxRef);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    let opened: PdfDocument | null = null;
    setFailed(false);
    openPdf(base64ToBytes(data.dataBase64)).then(
      (d) => {
        opened = d;
        if (!live) return d.destroy();
        setDoc(d);
        onPages(d.numPages);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      opened?.destroy();
    };
  }, [data, onPages]);

  useEffect(() => {
    if (!doc || !canvasRef.current) return;
    let live = true;
    const canvas = canvasRef.current;
    (async () => {
      const size = await doc.pageSize(page, rotation);
      const fit = box.width > 0 ? Math.min((box.width - FIT_MARGIN) / size.width, (box.height - FIT_MARGIN) / size.height) : 1;
      if (!live) return;
      onFit(fit);
      await doc.renderPage(page, canvas, { scale: zoom === "fit" ? fit : zoom, rotation });
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [doc, page, zoom, rotation, box.width, box.height, onFit]);

  return (
    <div className="viewer__canvas" ref={boxRef} tabIndex={0} aria-label={`PDF ${page}ページ`}>
      {failed ? (
        <p className="alert alert--error" role="alert" data-testid="viewer-pdf-error">
          PDFを表示できませんでした。ファイルが壊れているか、対応していない形式です。
        </p>
      ) : null}
      <canvas ref={canvasRef} className="viewer__pdf" data-testid="viewer-pdf" data-page={page} data-rotation={rotation} />
    </div>
  );
}

function TextView({ data }: { data: AttachmentData }) {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(base64ToBytes(data.dataBase64));
  return (
    <pre className="viewer__text" tabIndex={0} data-testid="viewer-text">
      {text}
    </pre>
  );
}
