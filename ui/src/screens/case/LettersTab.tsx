import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { placeErrors, toApiError } from "../../backend/errors";
import type { ApiError, Letter } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { PdfPages } from "../../components/PdfPages";
import { PrinterSelect } from "../../components/PrinterSelect";
import { formatDateTime, formatDay } from "../../lib/dates";
import { handleSessionError, queryKeys } from "../../lib/queries";
import { LetterPdfDialog, Mailings, letterPreviewKey, refreshLetters, useLetterVocabulary } from "../letters/letterParts";
import { MailingDialog } from "../letters/MailingDialog";

type IssueAction = "print" | "save" | "queue";

/** What the tab says after an action: a sentence, and the files written (開示データ). */
interface Said {
  text: string;
  files?: string[];
}

/**
 * 文書: pick one of the eleven letters, see it drawn with the case's data
 * (and what the case still lacks for it), issue it — which takes the next
 * 文書番号 — and print it, save it as PDF or leave it in 印刷待ち. Below,
 * the letters issued for the case: print or save again, 発送を記録, and for
 * an electronic disclosure the 開示データ written to a folder.
 */
export function LettersTab({ caseId, onCaseChanged }: { caseId: number; onCaseChanged?: () => void }) {
  const backend = useBackend();
  const client = useQueryClient();
  const listId = useId();
  const templates = useQuery({ queryKey: queryKeys.letterTemplates, queryFn: () => backend.listLetterTemplates() });
  // Which letters the case can have now; read again whenever the tab opens.
  const readiness = useQuery({ queryKey: queryKeys.letterReadiness(caseId), queryFn: () => backend.letterReadiness(caseId) });
  const lacking = (k: string) => readiness.data?.find((r) => r.key === k)?.missing.length ?? 0;
  const letters = useQuery({ queryKey: queryKeys.caseLetters(caseId), queryFn: () => backend.caseLetters(caseId) });
  const vocabulary = useLetterVocabulary();
  const [key, setKey] = useState("");
  const preview = useQuery({
    queryKey: letterPreviewKey(caseId, key),
    queryFn: () => backend.previewLetter(caseId, key),
    enabled: key !== "",
    // The letter holds the person's data: kept only while it is shown.
    gcTime: 0,
  });
  const [printer, setPrinter] = useState("");
  const [said, setSaid] = useState<Said | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);
  const [viewing, setViewing] = useState<Letter | null>(null);
  const [mailing, setMailing] = useState<Letter | null>(null);
  const [packaging, setPackaging] = useState<Letter | null>(null);

  /** Runs one action at a time (a double click runs it once); what it says replaces the last message. */
  const act = async (name: string, body: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(name);
    setSaid(null);
    setError(null);
    try {
      await body();
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  /** A backend call whose error is shown (and a `locked` one signs out). */
  const attempt = async <T,>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
    try {
      return { ok: true, value: await call() };
    } catch (e) {
      const apiError = toApiError(e);
      handleSessionError(client, apiError);
      setError(apiError);
      return { ok: false };
    }
  };

  /** The case's letters, the queue, the next 文書番号; `timeline`: the case view too (issuing is on it). */
  const refresh = (letter: Letter, timeline = false) => {
    refreshLetters(client, [letter.caseId]);
    if (timeline) onCaseChanged?.();
  };

  const issue = (action: IssueAction) =>
    act(`issue-${action}`, async () => {
      const made = await attempt(() => backend.issueLetter(caseId, key));
      if (!made.ok) return;
      const l = made.value;
      // Issuing is on the case's timeline.
      refresh(l, true);
      if (action === "queue") {
        setSaid({ text: `${l.documentNo}を発行し、印刷待ちに入れました。` });
        return;
      }
      if (action === "print") {
        const printed = await attempt(() => backend.printLetter(l.id, printer));
        setSaid({
          text: printed.ok ? `${l.documentNo}を発行し、${printer}に送りました。` : `${l.documentNo}を発行しました。印刷できなかったため、印刷待ちに入っています。`,
        });
      } else {
        const saved = await attempt(() => backend.saveLetterPdf(l.id));
        setSaid({
          text: !saved.ok
            ? `${l.documentNo}を発行しました。PDFを保存できなかったため、印刷待ちに入っています。`
            : saved.value
              ? `${l.documentNo}を発行し、PDFで保存しました。`
              : `${l.documentNo}を発行しました。PDFの保存は取り消したため、印刷待ちに入っています。`,
        });
      }
      refresh(l);
    });

  const printAgain = (l: Letter) =>
    act(`print-${l.id}`, async () => {
      const printed = await attempt(() => backend.printLetter(l.id, printer));
      if (!printed.ok) return;
      setSaid({ text: `${l.documentNo}を${printer}に送りました。` });
      refresh(l);
    });

  const saveAgain = (l: Letter) =>
    act(`save-${l.id}`, async () => {
      const saved = await attempt(() => backend.saveLetterPdf(l.id));
      if (!saved.ok) return;
      setSaid({ text: saved.value ? `${l.documentNo}をPDFで保存しました。` : "PDFの保存を取り消しました。保存したファイルはありません。" });
      if (saved.value) refresh(l);
    });

  const writePackage = (l: Letter) => {
    setPackaging(null);
    void act(`package-${l.id}`, async () => {
      const written = await attempt(() => backend.saveDisclosurePackage(l.id));
      if (!written.ok) return;
      if (!written.value) {
        setSaid({ text: "開示データの書き出しを取り消しました。書き出したファイルはありません。" });
        return;
      }
      setSaid({
        text: `開示データを${written.value.length}件のファイルに書き出しました。受け渡しが済んだら削除してください。`,
        files: written.value,
      });
    });
  };

  const chosen = templates.data?.find((t) => t.key === key);
  const missing = preview.data?.missing ?? [];
  const canIssue = key !== "" && !!preview.data && missing.length === 0 && busy === null;
  const errorLines = placeErrors(error, []).unplaced;

  return (
    <div className="letters-tab" data-testid="letters-tab">
      {said ? (
        <div className="status-message letters-message" role="status" data-testid="letters-message">
          <p>{said.text}</p>
          {said.files ? (
            <ul data-testid="package-files">
              {said.files.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <ErrorAlert testId="letters-error">
          {errorLines.map((m, i) => (
            <p key={i}>{m}</p>
          ))}
        </ErrorAlert>
      ) : null}

      <div className="letters-tab__toolbar">
        <PrinterSelect value={printer} onChange={setPrinter} testId="letters-printer" />
        <span className="muted">印刷は実寸（等倍）で行います。</span>
      </div>

      <div className="letters-tab__columns">
        <section className="letters-tab__templates" aria-labelledby={`${listId}-title`}>
          <h3 id={`${listId}-title`} className="letters-tab__section-title">
            文書を作る
          </h3>
          {templates.isError ? (
            <ErrorAlert testId="letter-templates-error">
              {(templates.error as { message?: string }).message ?? "文書の一覧を取得できませんでした。"}
            </ErrorAlert>
          ) : (
            <>
              <label htmlFor={listId} className="field__label">
                文書の種類
              </label>
              <select
                id={listId}
                className="input"
                size={Math.max(templates.data?.length ?? 0, 4)}
                value={key}
                onChange={(e) => {
                  setKey(e.target.value);
                  setSaid(null);
                  setError(null);
                }}
                aria-describedby={`${listId}-hint`}
                data-testid="letter-template"
              >
                {(templates.data ?? []).map((t) => (
                  <option key={t.key} value={t.key} data-missing={lacking(t.key)}>
                    {lacking(t.key) > 0 ? `${t.name}（不足${lacking(t.key)}）` : t.name}
                  </option>
                ))}
              </select>
              <p id={`${listId}-hint`} className="field__hint">
                ↑↓キーで選ぶと、右に見本が表示されます。（不足N）の文書は、案件に必要な情報がそろうと発行できます。
              </p>
            </>
          )}
        </section>

        <section className="letters-tab__preview" aria-label="文書の見本">
          {key === "" ? (
            <p className="muted" data-testid="letter-no-template">
              左の一覧から作成する文書を選んでください。案件の情報を差し込んだ見本が表示されます。
            </p>
          ) : (
            <>
              <div className="letters-tab__head">
                <h3 className="letters-tab__title">{chosen?.name ?? ""}</h3>
                {preview.data ? (
                  <span data-testid="letter-document-no">
                    文書番号 <strong className="mono">{preview.data.documentNo}</strong>
                    <span className="muted">（発行した時点で確定します）</span>
                  </span>
                ) : null}
              </div>
              {preview.isError ? (
                <ErrorAlert testId="letter-preview-error">
                  {(preview.error as { message?: string }).message ?? "見本を作成できませんでした。"}
                </ErrorAlert>
              ) : null}
              {missing.length > 0 ? (
                <div className="notice notice--danger letter-missing" data-testid="letter-missing">
                  <p className="notice__title">この文書は発行できません。案件に次の情報がありません</p>
                  <ul>
                    {missing.map((m) => (
                      <li key={m.name}>
                        {m.name}：{m.reason}
                      </li>
                    ))}
                  </ul>
                  <p className="muted">「概要」の編集、「本人確認」「手数料・期限」「調査・決定」で入力すると発行できるようになります。</p>
                </div>
              ) : null}
              <div className="inline-actions" role="group" aria-label="発行">
                <Button
                  variant="primary"
                  onClick={() => void issue("print")}
                  disabled={!canIssue || !printer}
                  pending={busy === "issue-print"}
                  pendingLabel="発行・印刷中…"
                  title={printer ? `${printer}で印刷します` : "使えるプリンターがありません"}
                  testId="letter-issue-print"
                >
                  発行して印刷
                </Button>
                <Button
                  onClick={() => void issue("save")}
                  disabled={!canIssue}
                  pending={busy === "issue-save"}
                  pendingLabel="発行・保存中…"
                  testId="letter-issue-save"
                >
                  発行してPDFで保存
                </Button>
                <Button
                  onClick={() => void issue("queue")}
                  disabled={!canIssue}
                  pending={busy === "issue-queue"}
                  pendingLabel="発行中…"
                  testId="letter-issue"
                >
                  発行して印刷待ちに入れる
                </Button>
              </div>
              <div data-testid="letter-preview">
                {preview.isPending ? <p className="muted">見本を作成しています…</p> : null}
                {preview.data ? <PdfPages pdfBase64={preview.data.pdfBase64} label={`${chosen?.name ?? "文書"}の見本`} /> : null}
              </div>
            </>
          )}
        </section>
      </div>

      <section aria-labelledby={`${listId}-issued`}>
        <h3 id={`${listId}-issued`} className="letters-tab__section-title">
          発行した文書
        </h3>
        {letters.isPending ? <p className="muted">読み込み中…</p> : null}
        {letters.isError ? (
          <ErrorAlert testId="case-letters-error">{(letters.error as { message?: string }).message ?? "発行した文書を取得できませんでした。"}</ErrorAlert>
        ) : null}
        {letters.data && letters.data.length === 0 ? (
          <p className="muted" data-testid="case-letters-empty">
            この案件で発行した文書はまだありません。
          </p>
        ) : null}
        {letters.data && letters.data.length > 0 ? (
          <table className="table" data-testid="case-letters">
            <thead>
              <tr>
                <th scope="col">文書番号</th>
                <th scope="col">文書</th>
                <th scope="col">発行日</th>
                <th scope="col">印刷</th>
                <th scope="col">発送</th>
                <th scope="col" className="table__actions-head">
                  操作
                </th>
              </tr>
            </thead>
            <tbody>
              {letters.data.map((l) => (
                <tr key={l.id} data-testid={`letter-row-${l.id}`}>
                  <td className="nowrap mono" data-testid={`letter-document-no-${l.id}`}>
                    {l.documentNo}
                  </td>
                  <td>
                    {l.templateName}
                    <span className="muted">（第{l.templateVersion}版）</span>
                  </td>
                  <td className="nowrap">
                    {formatDay(l.issuedOn)}
                    <span className="muted">　{l.createdBy}</span>
                  </td>
                  <td className="nowrap" data-testid={`letter-printed-${l.id}`}>
                    {l.printedAt ? (
                      <>
                        <span className="badge badge--ok">印刷済</span> <span className="muted">{formatDateTime(l.printedAt)}</span>
                      </>
                    ) : (
                      <span className="badge badge--warning">未印刷</span>
                    )}
                  </td>
                  <td data-testid={`letter-mailed-${l.id}`}>
                    <Mailings letter={l} vocabulary={vocabulary.data} />
                  </td>
                  <td className="table__actions">
                    <div className="table__actions-inner" role="group" aria-label={`${l.documentNo}の操作`}>
                      <Button variant="quiet" onClick={() => setViewing(l)} testId={`letter-view-${l.id}`}>
                        表示
                      </Button>
                      <Button
                        variant="quiet"
                        onClick={() => void printAgain(l)}
                        disabled={busy !== null || !printer}
                        pending={busy === `print-${l.id}`}
                        pendingLabel="印刷中…"
                        title={printer ? `${printer}で印刷します` : "使えるプリンターがありません"}
                        testId={`letter-print-${l.id}`}
                      >
                        印刷
                      </Button>
                      <Button
                        variant="quiet"
                        onClick={() => void saveAgain(l)}
                        disabled={busy !== null}
                        pending={busy === `save-${l.id}`}
                        pendingLabel="保存中…"
                        testId={`letter-save-${l.id}`}
                      >
                        PDFで保存
                      </Button>
                      <Button
                        variant="quiet"
                        onClick={() => {
                          setSaid(null);
                          setError(null);
                          setMailing(l);
                        }}
                        disabled={busy !== null}
                        testId={`letter-mail-${l.id}`}
                      >
                        発送を記録
                      </Button>
                      {l.hasPackage ? (
                        <Button
                          variant="quiet"
                          onClick={() => setPackaging(l)}
                          disabled={busy !== null}
                          pending={busy === `package-${l.id}`}
                          pendingLabel="書き出し中…"
                          testId={`letter-package-${l.id}`}
                        >
                          開示データを書き出す
                        </Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {viewing ? <LetterPdfDialog letter={viewing} onClose={() => setViewing(null)} /> : null}
      {mailing ? (
        <MailingDialog
          letter={mailing}
          onClose={() => setMailing(null)}
          onDone={(outcome) => {
            setMailing(null);
            // The dialog has read the case again (its status may have moved).
            setSaid({ text: outcome.message });
          }}
        />
      ) : null}
      {packaging ? (
        <ConfirmDialog
          title="開示データを書き出す"
          confirmLabel="フォルダを選んで書き出す"
          onConfirm={() => writePackage(packaging)}
          onCancel={() => setPackaging(null)}
          testId="package"
        >
          <p data-testid="package-warning">
            開示決定通知書・別紙（PDF）・別紙（CSV）を、選んだフォルダに書き出します。アプリの外に出たファイルは暗号化されていません。受け渡しが済んだら削除してください。
          </p>
          <p className="muted">
            {packaging.documentNo}（{packaging.requesterName} 様）
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
