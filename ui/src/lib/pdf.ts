// Offline PDF rendering with pdf.js, loaded only when a PDF is opened.
//
// Everything pdf.js needs is bundled: the worker (a Vite worker chunk), and
// the CMaps (Japanese fonts that are not embedded), standard fonts, ICC
// profile and decoders, copied to dist/pdfjs/ by the build (vite.config.ts).
// Nothing is fetched from elsewhere; no eval (isEvalSupported: false).
//
// CSP: pdf.js fetch()es the CMaps and fonts from dist/pdfjs/, so connect-src
// needs 'self' (without it a PDF whose Japanese font is not embedded shows no
// text). The worker comes from our own origin (script-src 'self'). Without
// 'wasm-unsafe-eval' the JPEG 2000 / JBIG2 decoders fall back to JavaScript.
import PdfWorker from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?worker";

export interface PdfDocument {
  numPages: number;
  /** Renders one page (1-based) into the canvas at `scale` (1 = 100 %), turned by `rotation` degrees. */
  renderPage(pageNumber: number, canvas: HTMLCanvasElement, options: { scale: number; rotation: number }): Promise<void>;
  /** The page's size in CSS px at 100 %, after `rotation`. */
  pageSize(pageNumber: number, rotation: number): Promise<{ width: number; height: number }>;
  /**
   * Renders one page upright (its own /Rotate applied) to a PNG on a white
   * background, at `scale` times its 72-dpi size (2 ≈ 150 dpi), the longest
   * side capped at `maxSide` px. For masking: the boxes are drawn on this image.
   */
  renderPageToPng(pageNumber: number, options: { scale: number; maxSide: number }): Promise<{ pngBase64: string; width: number; height: number }>;
  destroy(): void;
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfWorkerHandle = InstanceType<PdfJs["PDFWorker"]>;

let loaded: Promise<{ pdfjs: PdfJs; worker: PdfWorkerHandle }> | null = null;

/**
 * pdf.js and one worker for every document. The worker is created here from
 * our own origin (no blob: wrapper) and handed to each document, which then
 * does not own it: closing a document does not stop it for the next one.
 */
function loadPdfJs(): Promise<{ pdfjs: PdfJs; worker: PdfWorkerHandle }> {
  loaded ??= import("pdfjs-dist/legacy/build/pdf.mjs").then((pdfjs) => ({
    pdfjs,
    worker: pdfjs.PDFWorker.create({ port: new PdfWorker() }),
  }));
  loaded.catch(() => {
    loaded = null; // try again next time
  });
  return loaded;
}

const assetUrl = (dir: string) => new URL(`pdfjs/${dir}/`, document.baseURI).href;

/** Opens a PDF from its bytes (the array is handed over to pdf.js). */
export async function openPdf(data: Uint8Array): Promise<PdfDocument> {
  const { pdfjs, worker } = await loadPdfJs();
  const task = pdfjs.getDocument({
    data,
    worker,
    cMapUrl: assetUrl("cmaps"),
    cMapPacked: true,
    standardFontDataUrl: assetUrl("standard_fonts"),
    wasmUrl: assetUrl("wasm"),
    iccUrl: assetUrl("iccs"),
    isEvalSupported: false,
    enableXfa: false,
    stopAtErrors: false,
  });
  const doc = await task.promise;
  const renders = new Map<HTMLCanvasElement, { cancel: () => void }>();
  return {
    numPages: doc.numPages,
    async pageSize(pageNumber, rotation) {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale: pdfjs.PixelsPerInch.PDF_TO_CSS_UNITS, rotation: (page.rotate + rotation) % 360 });
      return { width: viewport.width, height: viewport.height };
    },
    async renderPage(pageNumber, canvas, { scale, rotation }) {
      renders.get(canvas)?.cancel();
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({
        scale: scale * pdfjs.PixelsPerInch.PDF_TO_CSS_UNITS,
        rotation: (page.rotate + rotation) % 360,
      });
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      const task = page.render({
        canvas,
        viewport,
        transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
      });
      renders.set(canvas, task);
      try {
        await task.promise;
      } catch (e) {
        if (e instanceof pdfjs.RenderingCancelledException) return;
        throw e;
      } finally {
        if (renders.get(canvas) === task) renders.delete(canvas);
      }
    },
    async renderPageToPng(pageNumber, { scale, maxSide }) {
      const page = await doc.getPage(pageNumber);
      const base = page.getViewport({ scale: 1, rotation: page.rotate });
      const longest = Math.max(base.width, base.height);
      const s = Math.min(scale, maxSide / longest);
      const viewport = page.getViewport({ scale: s, rotation: page.rotate });
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.floor(viewport.width));
      canvas.height = Math.max(1, Math.floor(viewport.height));
      try {
        await page.render({ canvas, viewport, background: "#ffffff" }).promise;
        const url = canvas.toDataURL("image/png");
        return { pngBase64: url.slice(url.indexOf(",") + 1), width: canvas.width, height: canvas.height };
      } finally {
        // Release the pixels at once (a page at 150 dpi is several MB).
        canvas.width = 0;
        canvas.height = 0;
      }
    },
    destroy() {
      for (const t of renders.values()) t.cancel();
      renders.clear();
      void doc.destroy();
    },
  };
}
