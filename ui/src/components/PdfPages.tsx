import { useEffect, useRef, useState } from "react";
import { base64ToBytes } from "../lib/bytes";
import { openPdf, type PdfDocument } from "../lib/pdf";
import { useBoxSize } from "../screens/case/useBoxSize";

/**
 * Every page of a PDF, stacked and fitted to the width of the box — the
 * preview of a letter before it is printed. Rendered offline by pdf.js; a
 * new `pdfBase64` replaces the pages (the live preview of the template
 * editor), the old document is released.
 */
/** .pdf-pages' padding on both sides plus the page's shadow (styles.css). */
const PADDING = 20;

export function PdfPages({ pdfBase64, label }: { pdfBase64: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useBoxSize(box);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    let opened: PdfDocument | null = null;
    setFailed(false);
    openPdf(base64ToBytes(pdfBase64)).then(
      (d) => {
        opened = d;
        if (live) setDoc(d);
        else d.destroy();
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      opened?.destroy();
    };
  }, [pdfBase64]);

  return (
    <div className="pdf-pages" ref={box} role="document" aria-label={label} aria-busy={!doc && !failed}>
      {failed && <p className="muted">プレビューを表示できませんでした。</p>}
      {!doc && !failed && <p className="muted">プレビューを作成しています…</p>}
      {doc &&
        width > 0 &&
        Array.from({ length: doc.numPages }, (_, i) => (
          <PdfPage key={`${pdfBase64.length}-${i}`} doc={doc} page={i + 1} pages={doc.numPages} width={width - PADDING} />
        ))}
    </div>
  );
}

function PdfPage({ doc, page, pages, width }: { doc: PdfDocument; page: number; pages: number; width: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    void doc.pageSize(page, 0).then((size) => {
      if (!live || !canvas.current || size.width <= 0) return;
      void doc.renderPage(page, canvas.current, { scale: width / size.width, rotation: 0 }).catch(() => undefined);
    });
    return () => {
      live = false;
    };
  }, [doc, page, width]);
  return (
    <figure className="pdf-page">
      <canvas ref={canvas} data-testid="pdf-page" aria-label={`${page} / ${pages} ページ`} />
      {pages > 1 && <figcaption className="muted">{`${page} / ${pages}`}</figcaption>}
    </figure>
  );
}
