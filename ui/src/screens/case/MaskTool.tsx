import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { ErrorCode, toApiError } from "../../backend/errors";
import type { ApiError, AttachmentData, MaskPage, MaskRect, MaskRequest } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { base64ToBytes } from "../../lib/bytes";
import { openPdf, type PdfDocument } from "../../lib/pdf";
import { handleSessionError } from "../../lib/queries";
import { useBoxSize } from "./useBoxSize";

/** PDF pages are sent as images at twice their 72-dpi size (≈150 dpi), at most this many px on the longest side. */
export const PDF_MASK_SCALE = 2;
export const PDF_MASK_MAX_SIDE = 2400;
/** A drag smaller than this (a fraction of the image) is a click, not a box. */
const MIN_BOX = 0.005;
/** Images are enlarged at most this much to fill the area. */
const MAX_UPSCALE = 3;
const STAGE_MARGIN = 16;

interface Box {
  /** 1-based page (always 1 for an image). */
  page: number;
  rect: MaskRect;
}

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** A drag in any direction as a box with its origin at the top left, inside the image. */
export function normaliseRect(x0: number, y0: number, x1: number, y1: number): MaskRect {
  const left = clamp01(Math.min(x0, x1));
  const top = clamp01(Math.min(y0, y1));
  return { x: left, y: top, w: clamp01(Math.max(x0, x1)) - left, h: clamp01(Math.max(y0, y1)) - top };
}

/** 「12.5」「１２．５」「12.5%」 → 12.5; null if not a number. */
function percent(value: string): number | null {
  const t = value.normalize("NFKC").replace(/[%％]/g, "").trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

type Phase = { kind: "idle" } | { kind: "rendering"; done: number; total: number } | { kind: "sending" };

/**
 * 黒塗り (masking): the officer draws black boxes over the image (or each
 * page of a PDF) with the mouse, or types them as percentages; the boxes
 * are sent as fractions of the image as shown (upright). For a PDF every
 * page is rendered to a PNG (≈150 dpi) and sent with its boxes. The backend
 * burns them into the pixels; the unmasked original is not kept.
 */
export function MaskTool<T>({
  fileName,
  docLabel,
  maskReason,
  load,
  submit,
  onDone,
  onClose,
}: {
  fileName: string;
  /** 書類の種類, e.g. 個人番号カード（裏面）. */
  docLabel: string;
  /** What must be blacked out and why (from the backend). */
  maskReason: string;
  /** The bytes to show (fetched once when the tool opens). */
  load: () => Promise<AttachmentData>;
  /** Sends the boxes; the result goes to `onDone`. */
  submit: (mask: MaskRequest) => Promise<T>;
  onDone: (result: T) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [data, setData] = useState<AttachmentData | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [page, setPage] = useState(1);
  const [pages, setPages] = useState(1);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [pdfFailed, setPdfFailed] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [confirmClose, setConfirmClose] = useState(false);
  const live = useRef(true);
  const loadRef = useRef(load);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    loadRef.current().then(
      (d) => live.current && setData(d),
      (e: unknown) => {
        handleSessionError(client, e);
        if (live.current) setLoadError(toApiError(e));
      },
    );
  }, [client]);

  const kind = data?.kind ?? "";
  const isPdf = kind === "pdf";
  const isImage = kind === "jpeg" || kind === "png";

  useEffect(() => {
    if (!data || data.kind !== "pdf") return;
    let opened: PdfDocument | null = null;
    let current = true;
    openPdf(base64ToBytes(data.dataBase64)).then(
      (d) => {
        opened = d;
        if (!current) return d.destroy();
        setDoc(d);
        setPages(d.numPages);
      },
      () => current && setPdfFailed(true),
    );
    return () => {
      current = false;
      opened?.destroy();
    };
  }, [data]);

  const busy = phase.kind !== "idle";
  const pageBoxes = boxes.filter((b) => b.page === page);

  const add = (rect: MaskRect) => {
    setBoxes((list) => [...list, { page, rect }]);
    setError(null);
  };

  const undo = () => {
    const last = boxes[boxes.length - 1];
    if (!last) return;
    setBoxes(boxes.slice(0, -1));
    // The box taken away is on the page shown, so the officer sees what changed.
    setPage(last.page);
  };

  const requestClose = () => {
    if (busy) return;
    if (boxes.length > 0) setConfirmClose(true);
    else onClose();
  };

  const apply = async () => {
    if (boxes.length === 0 || busy) return;
    setError(null);
    let request: MaskRequest;
    if (isPdf) {
      if (!doc) return;
      const out: MaskPage[] = [];
      try {
        for (let n = 1; n <= doc.numPages; n++) {
          setPhase({ kind: "rendering", done: n, total: doc.numPages });
          const png = await doc.renderPageToPng(n, { scale: PDF_MASK_SCALE, maxSide: PDF_MASK_MAX_SIDE });
          if (!live.current) return;
          out.push({ pngBase64: png.pngBase64, rects: boxes.filter((b) => b.page === n).map((b) => b.rect) });
        }
      } catch {
        if (live.current) {
          setPhase({ kind: "idle" });
          setError({ code: ErrorCode.PdfRender, message: "PDFのページを画像にできませんでした。ファイルが壊れている可能性があります。", fields: [] });
        }
        return;
      }
      request = { rects: [], pages: out };
    } else {
      request = { rects: boxes.map((b) => b.rect), pages: [] };
    }
    setPhase({ kind: "sending" });
    try {
      const result = await submit(request);
      if (live.current) setPhase({ kind: "idle" });
      onDone(result);
    } catch (e) {
      handleSessionError(client, e);
      if (live.current) {
        setPhase({ kind: "idle" });
        setError(toApiError(e));
      }
    }
  };

  const progress =
    phase.kind === "rendering"
      ? `ページを画像にしています… ${phase.done} / ${phase.total}`
      : phase.kind === "sending"
        ? "黒塗りして保存しています…"
        : null;

  return (
    <>
      <Dialog title={`黒塗り（マスク）: ${fileName}`} onClose={requestClose} testId="mask-dialog" width={1180}>
        <div className="mask-tool">
          <div className="mask-tool__main">
            <div className="mask-tool__toolbar" role="toolbar" aria-label="黒塗りの操作">
              <Button variant="quiet" onClick={undo} disabled={boxes.length === 0 || busy} testId="mask-undo">
                元に戻す
              </Button>
              <Button variant="quiet" onClick={() => setBoxes([])} disabled={boxes.length === 0 || busy} testId="mask-clear">
                すべて消す
              </Button>
              {isPdf && pages > 1 ? (
                <span className="mask-tool__pages">
                  <Button variant="quiet" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1 || busy} testId="mask-page-prev">
                    前のページ
                  </Button>
                  <span data-testid="mask-page" aria-live="polite">
                    {page} / {pages} ページ
                  </span>
                  <Button variant="quiet" onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages || busy} testId="mask-page-next">
                    次のページ
                  </Button>
                </span>
              ) : isPdf ? (
                <span className="mask-tool__pages" data-testid="mask-page">
                  1 / 1 ページ
                </span>
              ) : null}
              <span className="mask-tool__count muted" data-testid="mask-count" aria-live="polite">
                黒塗り {boxes.length}か所{isPdf && pages > 1 ? `（このページ ${pageBoxes.length}か所）` : ""}
              </span>
            </div>
            <MaskStage
              data={data}
              isImage={isImage}
              isPdf={isPdf}
              doc={doc}
              page={page}
              boxes={pageBoxes}
              disabled={busy}
              failed={pdfFailed || (data !== null && !isImage && !isPdf)}
              loadError={loadError}
              onBox={add}
            />
          </div>

          <aside className="mask-tool__side">
            <div className="mask-tool__guide" data-testid="mask-guidance">
              <p className="mask-tool__guide-title">{docLabel}：黒塗りしてから保存します</p>
              {maskReason ? <p>{maskReason}</p> : null}
              <p>画像の上でマウスをドラッグして、隠す部分を黒い四角で囲んでください。数値で指定することもできます。</p>
              <p className="mask-tool__guide-strong">保存されるのは黒塗りした画像だけです。黒塗り前の元の画像は保存されません。</p>
            </div>
            <PercentForm onAdd={add} disabled={busy} canAdd={data !== null && loadError === null} />
            {error ? <ErrorAlert testId="mask-error">{error.message}</ErrorAlert> : null}
            {progress ? (
              <p className="mask-tool__progress" role="status" data-testid="mask-progress">
                <span className="spinner" aria-hidden="true" />
                {progress}
              </p>
            ) : null}
            <div className="form-actions mask-tool__actions">
              <Button onClick={requestClose} disabled={busy} testId="mask-cancel">
                キャンセル
              </Button>
              <Button variant="primary" onClick={() => void apply()} disabled={boxes.length === 0 || (isPdf && !doc)} pending={busy} pendingLabel="保存中…" testId="mask-apply">
                黒塗りして保存
              </Button>
            </div>
          </aside>
        </div>
      </Dialog>
      {confirmClose ? (
        <ConfirmDialog
          title="黒塗りせずに閉じますか？"
          confirmLabel="閉じる"
          danger
          onConfirm={() => {
            setConfirmClose(false);
            onClose();
          }}
          onCancel={() => setConfirmClose(false)}
          testId="mask-close-confirm"
        >
          <p>描いた黒塗りの範囲（{boxes.length}か所）は保存されません。ファイルは黒塗りされないままです。</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/** The image or the PDF page, with the drawing overlay exactly on it. */
function MaskStage({
  data,
  isImage,
  isPdf,
  doc,
  page,
  boxes,
  disabled,
  failed,
  loadError,
  onBox,
}: {
  data: AttachmentData | null;
  isImage: boolean;
  isPdf: boolean;
  doc: PdfDocument | null;
  page: number;
  boxes: Box[];
  disabled: boolean;
  failed: boolean;
  loadError: ApiError | null;
  onBox: (rect: MaskRect) => void;
}) {
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stage = useBoxSize(stageRef);
  const [natural, setNatural] = useState({ width: 0, height: 0 });
  const [drag, setDrag] = useState<Drag | null>(null);
  const [rendered, setRendered] = useState(false);
  // Pointer events can come faster than renders: the drag in progress is read from here.
  const dragRef = useRef<Drag | null>(null);

  useEffect(() => {
    if (!isPdf || !doc || !canvasRef.current) return;
    let current = true;
    const canvas = canvasRef.current;
    (async () => {
      const size = await doc.pageSize(page, 0);
      const fit =
        stage.width > 0 && stage.height > 0
          ? Math.min((stage.width - STAGE_MARGIN) / size.width, (stage.height - STAGE_MARGIN) / size.height)
          : 1;
      if (!current) return;
      await doc.renderPage(page, canvas, { scale: fit, rotation: 0 });
      if (current) setRendered(true);
    })().catch(() => undefined);
    return () => {
      current = false;
    };
  }, [isPdf, doc, page, stage.width, stage.height]);

  const point = (e: ReactPointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return null;
    return { x: clamp01((e.clientX - r.left) / r.width), y: clamp01((e.clientY - r.top) / r.height) };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (disabled || e.button !== 0) return;
    const p = point(e);
    if (!p) return;
    e.preventDefault();
    if (typeof e.currentTarget.setPointerCapture === "function") {
      try {
        e.currentTarget.setPointerCapture(e.pointerId);
      } catch {
        // not capturable (e.g. a synthetic event): the drag still works inside the image
      }
    }
    dragRef.current = { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
    setDrag(dragRef.current);
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = dragRef.current;
    if (!d) return;
    const p = point(e);
    if (!p) return;
    dragRef.current = { ...d, x1: p.x, y1: p.y };
    setDrag(dragRef.current);
  };

  const finish = (e: ReactPointerEvent<HTMLDivElement>, keep: boolean) => {
    const d = dragRef.current;
    if (!d) return;
    const p = keep ? point(e) : null;
    const end = p ? { ...d, x1: p.x, y1: p.y } : d;
    dragRef.current = null;
    setDrag(null);
    if (!keep) return;
    const rect = normaliseRect(end.x0, end.y0, end.x1, end.y1);
    if (rect.w >= MIN_BOX && rect.h >= MIN_BOX) onBox(rect);
  };

  // Images: as large as the area allows (never more than 3×), upright as the browser shows them.
  // Until the image has loaded its size is unknown: it is hidden and nothing can be drawn yet.
  const loaded = natural.width > 0 && natural.height > 0;
  const fit =
    loaded && stage.width > STAGE_MARGIN && stage.height > STAGE_MARGIN
      ? Math.min((stage.width - STAGE_MARGIN) / natural.width, (stage.height - STAGE_MARGIN) / natural.height, MAX_UPSCALE)
      : 1;
  const imageSize = loaded ? { width: Math.max(1, Math.floor(natural.width * fit)), height: Math.max(1, Math.floor(natural.height * fit)) } : undefined;
  const drawable = isPdf ? rendered : loaded;
  const showDrag = drag ? normaliseRect(drag.x0, drag.y0, drag.x1, drag.y1) : null;
  const ready = (isImage && data) || (isPdf && doc);

  return (
    <div className="mask-tool__stage" ref={stageRef}>
      {loadError ? <ErrorAlert testId="mask-load-error">{loadError.message}</ErrorAlert> : null}
      {!data && !loadError ? <p className="mask-tool__loading">読み込み中…</p> : null}
      {failed ? (
        <p className="alert alert--error" role="alert" data-testid="mask-unsupported">
          このファイルは表示できないため、黒塗りできません。「受け取らずに破棄」を選ぶか、読み取れる形式で取り込み直してください。
        </p>
      ) : null}
      {ready && !failed ? (
        <div className="mask-tool__frame">
          {isImage && data ? (
            <img
              src={`data:${data.mime};base64,${data.dataBase64}`}
              alt={`${data.fileName}（黒塗りする画像）`}
              className={loaded ? "mask-tool__image" : "mask-tool__image mask-tool__image--loading"}
              data-testid="mask-image"
              draggable={false}
              onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
              style={imageSize}
            />
          ) : null}
          {isPdf ? <canvas ref={canvasRef} className="mask-tool__pdf" data-testid="mask-pdf" data-page={page} /> : null}
          {drawable ? (
          <div
            className={disabled ? "mask-tool__overlay mask-tool__overlay--busy" : "mask-tool__overlay"}
            data-testid="mask-canvas"
            role="img"
            aria-label={`黒塗りする範囲をドラッグで囲みます（このページ ${boxes.length}か所）`}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(e) => finish(e, true)}
            onPointerCancel={(e) => finish(e, false)}
            onLostPointerCapture={(e) => finish(e, false)}
          >
            {boxes.map((b, i) => (
              <div key={i} className="mask-tool__box" data-testid="mask-box" style={boxStyle(b.rect)} />
            ))}
            {showDrag ? <div className="mask-tool__box mask-tool__box--drawing" style={boxStyle(showDrag)} /> : null}
          </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

const boxStyle = (r: MaskRect) => ({
  left: `${r.x * 100}%`,
  top: `${r.y * 100}%`,
  width: `${r.w * 100}%`,
  height: `${r.h * 100}%`,
});

/** Without a mouse: a box by 左・上・幅・高さ in % of the image. */
function PercentForm({ onAdd, disabled, canAdd }: { onAdd: (rect: MaskRect) => void; disabled: boolean; canAdd: boolean }) {
  const [v, setV] = useState({ left: "", top: "", width: "", height: "" });
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    if (disabled || !canAdd) return;
    const left = percent(v.left);
    const top = percent(v.top);
    const width = percent(v.width);
    const height = percent(v.height);
    if (left === null || top === null || width === null || height === null) {
      setProblem("左・上・幅・高さを、画像に対する割合（0〜100 の数字）で入力してください。");
      return;
    }
    if (left >= 100 || top >= 100 || width <= 0 || height <= 0 || width > 100 || height > 100) {
      setProblem("左・上は100未満、幅・高さは0より大きく100以下で入力してください。");
      return;
    }
    setProblem(null);
    onAdd({
      x: left / 100,
      y: top / 100,
      w: Math.min(width, 100 - left) / 100,
      h: Math.min(height, 100 - top) / 100,
    });
    setV({ left: "", top: "", width: "", height: "" });
  };

  const field = (name: keyof typeof v, label: string) => (
    <TextField
      name={`mask-${name}`}
      label={label}
      value={v[name]}
      onChange={(x) => setV({ ...v, [name]: x })}
      suffix="%"
      inputMode="decimal"
      inputClassName="input--number"
      testId={`mask-input-${name}`}
      disabled={disabled}
    />
  );

  return (
    <ImeSafeForm onSubmit={submit} className="mask-tool__percent" aria-label="数値で黒塗りの範囲を追加">
      <p className="field__label">数値で範囲を追加（画像に対する%）</p>
      <div className="mask-tool__percent-grid">
        {field("left", "左")}
        {field("top", "上")}
        {field("width", "幅")}
        {field("height", "高さ")}
      </div>
      {problem ? (
        <p className="field__error" role="alert" data-testid="mask-input-error">
          {problem}
        </p>
      ) : null}
      <Button type="submit" disabled={disabled || !canAdd} testId="mask-add-rect">
        範囲を追加
      </Button>
    </ImeSafeForm>
  );
}
