import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useBackend } from "../../backend/context";
import type { Letter, LetterVocabulary, Mailing } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { PdfPages } from "../../components/PdfPages";
import { formatDay } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { labelOf } from "../../lib/vocabulary";
import "./letters.css";

// Pieces shared by the case page's 文書 tab and the 印刷 page.

/** An issued letter drawn again (`get_letter_pdf`): personal data, dropped as soon as nothing shows it. */
export const letterPdfKey = (letterId: number) => ["letterPdf", letterId] as const;

/** The letter a template makes for a case today (`preview_letter`). */
export const letterPreviewKey = (caseId: number, key: string) => ["letterPreview", caseId, key] as const;

/** The case view of CasePage (`caseKey`), spelled here so that letters/ does not import the case page. */
const caseViewKey = (caseId: number) => ["case", caseId] as const;

/** 差し込み項目, 発送方法 and which of them have a お問い合わせ番号: fixed while the app runs. */
export function useLetterVocabulary() {
  const backend = useBackend();
  return useQuery({
    queryKey: queryKeys.letterVocabulary,
    queryFn: () => backend.letterVocabulary(),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** 印刷待ち: issued letters not yet printed or saved (the 印刷 page, the sidebar badge, the home card). */
export function usePrintQueue() {
  const backend = useBackend();
  return useQuery({ queryKey: queryKeys.printQueue, queryFn: () => backend.printQueue() });
}

/**
 * After a letter was issued, printed, saved or mailed: its case's list, the
 * print queue and the preview's next 文書番号. `caseChanged` (issue, 発送):
 * the case's timeline and maybe its status moved — the case view, the
 * register and the home's work queues are read again.
 */
export function refreshLetters(client: QueryClient, caseIds: Iterable<number>, { caseChanged = false }: { caseChanged?: boolean } = {}): void {
  void client.invalidateQueries({ queryKey: queryKeys.printQueue });
  void client.invalidateQueries({ queryKey: ["letterPreview"] });
  for (const id of new Set(caseIds)) {
    void client.invalidateQueries({ queryKey: queryKeys.caseLetters(id) });
    void client.invalidateQueries({ queryKey: queryKeys.letterReadiness(id) });
    if (caseChanged) void client.invalidateQueries({ queryKey: caseViewKey(id) });
  }
  if (caseChanged) void client.invalidateQueries({ queryKey: ["cases"] });
}

/** An issued letter's pages (fetched again each time it is shown). */
export function IssuedLetterPdf({ letter, testId }: { letter: Letter; testId?: string }) {
  const backend = useBackend();
  const pdf = useQuery({
    queryKey: letterPdfKey(letter.id),
    queryFn: () => backend.getLetterPdf(letter.id),
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  return (
    <div className="letter-pdf" data-testid={testId}>
      {pdf.isPending ? <p className="muted">読み込み中…</p> : null}
      {pdf.isError ? (
        <ErrorAlert testId={testId ? `${testId}-error` : undefined}>
          {(pdf.error as { message?: string }).message ?? "文書を表示できませんでした。"}
        </ErrorAlert>
      ) : null}
      {pdf.data ? <PdfPages pdfBase64={pdf.data} label={`${letter.templateName}（${letter.documentNo}）`} /> : null}
    </div>
  );
}

/** 表示: the issued letter as it will print. */
export function LetterPdfDialog({ letter, onClose }: { letter: Letter; onClose: () => void }) {
  return (
    <Dialog title={`${letter.templateName}（${letter.documentNo}）`} onClose={onClose} testId="letter-view-dialog" width={760}>
      <IssuedLetterPdf letter={letter} testId="letter-view-pdf" />
      <div className="form-actions">
        <Button onClick={onClose} testId="letter-view-close">
          閉じる
        </Button>
      </div>
    </Dialog>
  );
}

/** 「簡易書留 2026/12/10 お問い合わせ番号 123456789012（430円）」. */
export function mailingText(m: Mailing, vocabulary: LetterVocabulary | undefined): string {
  const method = vocabulary ? labelOf(vocabulary.mailMethods, m.method) : m.method;
  const parts = [method, formatDay(m.sentOn)];
  if (m.trackingNo) parts.push(`お問い合わせ番号 ${m.trackingNo}`);
  return parts.join(" ") + (m.postageYen > 0 ? `（${m.postageYen.toLocaleString("ja-JP")}円）` : "");
}

/** The 発送 cell: each mailing on its line, or 未発送. */
export function Mailings({ letter, vocabulary }: { letter: Letter; vocabulary: LetterVocabulary | undefined }) {
  if (letter.mailings.length === 0) return <span className="muted">未発送</span>;
  return (
    <ul className="letter-mailings">
      {letter.mailings.map((m) => (
        <li key={m.id} data-testid={`letter-mailing-${m.id}`} title={m.note || undefined}>
          {mailingText(m, vocabulary)}
        </li>
      ))}
    </ul>
  );
}
