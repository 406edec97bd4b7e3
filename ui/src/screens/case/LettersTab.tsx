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

/** What the tab says after an action: a sentence, the files written (開示データ), the letter just issued. */
interface Said {
  text: string;
  files?: string[];
  issued?: Letter;
}

/** The issue buttons' labels; the second when the case already has a letter of the template (a dialog asks first). */
const ISSUE_LABELS: Record<IssueAction, { first: string; again: string; confirm: string }> = {
  print: { first: "発行して印刷", again: "もう一度発行して印刷…", confirm: "もう一度発行して印刷" },
  save: { first: "発行してPDFで保存", again: "もう一度発行してPDFで保存…", confirm: "もう一度発行してPDFで保存" },
  queue: { first: "発行して印刷待ちに入れる", again: "もう一度発行して印刷待ちに入れる…", confirm: "もう一度発行して印刷待ちに入れる" },
};

/**
 * 文書: pick one of the eleven letters, see it drawn with the case's data
 * (and what the case still lacks for it), issue it — which takes the next
 * 文書番号 — and print it, save it as PDF or leave it in 印刷待ち. Below,
 * the letters issued for the case: print or save again, 発送を記録, and for
 * an electronic disclosure the 開示データ written to a folder.
 *
 * Issuing is never one click away twice: once a letter is issued the choice
 * of template is cleared (the new letter is marked in 発行した文書), and a
 * template the case already has a letter of is issued again only after a
 * dialog that names the earlier 文書番号.
 */
export function LettersTab({ caseId, onCaseChanged }: { caseId: number; onCaseChanged?: () => void }) {
  const backend = useBackend();
  const client = useQueryClient();
  const listId = useId();
  const tabRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLSelectElement>(null);
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
  /** The letter issued last (marked in 発行した文書). */
  const [justIssued, setJustIssued] = useState<number | null>(null);
  /** 「もう一度発行」: the action waiting for the officer's confirmation. */
  const [confirming, setConfirming] = useState<IssueAction | null>(null);

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

  const issue = (action: IssueAction) => {
    const issuing = key;
    return act(`issue-${action}`, async () => {
      const made = await attempt(() => backend.issueLetter(caseId, issuing));
      if (!made.ok) return;
      const l = made.value;
      // Issuing is on the case's timeline.
      refresh(l, true);
      // The letter is issued: the same template is not left one click away from
      // a second letter (a failed print below is printed again from its row).
      setKey((k) => (k === issuing ? "" : k));
      setJustIssued(l.id);
      const active = document.activeElement;
      if (!active || active === document.body || tabRef.current?.contains(active)) listRef.current?.focus();
      if (action === "queue") {
        setSaid({ text: `${l.documentNo}を発行し、印刷待ちに入れました。`, issued: l });
        return;
      }
      if (action === "print") {
        // The row's 印刷 button shows the printing.
        setBusy(`print-${l.id}`);
        setSaid({ text: `${l.documentNo}を発行しました。${printer}に送っています…`, issued: l });
        const printed = await attempt(() => backend.printLetter(l.id, printer));
        setSaid({
          text: printed.ok ? `${l.documentNo}を発行し、${printer}に送りました。` : `${l.documentNo}を発行しました。印刷できなかったため、印刷待ちに入っています。`,
          issued: l,
        });
      } else {
        setBusy(`save-${l.id}`);
        setSaid({ text: `${l.documentNo}を発行しました。PDFを保存しています…`, issued: l });
        const saved = await attempt(() => backend.saveLetterPdf(l.id));
        setSaid({
          text: !saved.ok
            ? `${l.documentNo}を発行しました。PDFを保存できなかったため、印刷待ちに入っています。`
            : saved.value
              ? `${l.documentNo}を発行し、PDFで保存しました。`
              : `${l.documentNo}を発行しました。PDFの保存は取り消したため、印刷待ちに入っています。`,
          issued: l,
        });
      }
      refresh(l);
    });
  };

  /** The case's earlier letters of the chosen template: issuing again asks first. */
  const earlier = key === "" ? [] : (letters.data ?? []).filter((l) => l.templateKey === key);
  const requestIssue = (action: IssueAction) => {
    if (earlier.length === 0) {
      void issue(action);
      return;
    }
    setSaid(null);
    setError(null);
    setConfirming(action);
  };

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
  // The case's letters must be known: they decide whether issuing asks first.
  const canIssue = key !== "" && !!preview.data && missing.length === 0 && busy === null && !letters.isPending;
  const labelOf = (action: IssueAction) => (earlier.length > 0 ? ISSUE_LABELS[action].again : ISSUE_LABELS[action].first);
  const errorLines = placeErrors(error, []).unplaced;

  return (
    <div className="letters-tab" data-testid="letters-tab" ref={tabRef}>
      {said ? (
        <div className="status-message letters-message" role="status" data-testid="letters-message">
          <p>
            {said.text}
            {said.issued ? (
              <>
                {" "}
                <Button variant="quiet" className="letters-message__view" onClick={() => setViewing(said.issued ?? null)} testId="letters-message-view">
                  {said.issued.documentNo}を表示
                </Button>
              </>
            ) : null}
          </p>
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
                ref={listRef}
                id={listId}
                className="input"
                size={Math.max((templates.data?.length ?? 0) + 1, 4)}
                value={key}
                onChange={(e) => {
                  setKey(e.target.value);
                  setSaid(null);
                  setError(null);
                  setJustIssued(null);
                }}
                aria-describedby={`${listId}-hint`}
                data-testid="letter-template"
              >
                {/* The line marked while no template is chosen (at first, and once a letter is
                    issued). Without it React would mark the first template, which a click
                    could then not choose, and ↓ would skip it. */}
                <option value="" disabled>
                  （選んでいません）
                </option>
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
              {earlier.length > 0 ? (
                <div className="notice notice--warning letter-already-issued" data-testid="letter-already-issued">
                  <p>
                    この案件では、この文書を発行済みです：
                    {earlier.map((l, i) => (
                      <span key={l.id} className="nowrap">
                        {i > 0 ? "、" : ""}
                        {l.documentNo}（{formatDay(l.issuedOn)}）
                      </span>
                    ))}
                  </p>
                  <p className="muted letter-already-issued__hint">もう一度発行すると、新しい文書番号の別の文書になります。発行の前に確認します。</p>
                </div>
              ) : null}
              <div className="inline-actions" role="group" aria-label="発行">
                <Button
                  variant="primary"
                  onClick={() => requestIssue("print")}
                  disabled={!canIssue || !printer}
                  pending={busy === "issue-print"}
                  pendingLabel="発行・印刷中…"
                  title={printer ? `${printer}で印刷します` : "使えるプリンターがありません"}
                  testId="letter-issue-print"
                >
                  {labelOf("print")}
                </Button>
                <Button
                  onClick={() => requestIssue("save")}
                  disabled={!canIssue}
                  pending={busy === "issue-save"}
                  pendingLabel="発行・保存中…"
                  testId="letter-issue-save"
                >
                  {labelOf("save")}
                </Button>
                <Button
                  onClick={() => requestIssue("queue")}
                  disabled={!canIssue}
                  pending={busy === "issue-queue"}
                  pendingLabel="発行中…"
                  testId="letter-issue"
                >
                  {labelOf("queue")}
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
          // Fixed widths for the numbers, dates and states, the rest for the 文書; scrolled
          // sideways (inside the panel) only in a window too narrow for all of it.
          <div className="letters-table-wrap">
            <table className="table letters-table" data-testid="case-letters">
              <colgroup>
                <col className="letters-table__col-no" />
                <col />
                <col className="letters-table__col-issued" />
                <col className="letters-table__col-printed" />
                <col className="letters-table__col-mailed" />
                <col className="letters-table__col-actions" />
              </colgroup>
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
                  <tr
                    key={l.id}
                    data-testid={`letter-row-${l.id}`}
                    data-just-issued={l.id === justIssued ? "true" : undefined}
                    className={l.id === justIssued ? "letters-table__row--new" : undefined}
                  >
                    <td className="nowrap mono" data-testid={`letter-document-no-${l.id}`}>
                      {l.documentNo}
                    </td>
                    <td className="letters-table__name">
                      {l.templateName}
                      <span className="muted nowrap">（第{l.templateVersion}版）</span>
                      {l.id === justIssued ? <span className="badge letters-table__new">今回発行</span> : null}
                    </td>
                    <td>
                      <span className="letters-table__line nowrap">{formatDay(l.issuedOn)}</span>
                      <span className="letters-table__line muted">{l.createdBy}</span>
                    </td>
                    <td data-testid={`letter-printed-${l.id}`}>
                      {l.printedAt ? (
                        <>
                          <span className="letters-table__line">
                            <span className="badge badge--ok">印刷済</span>
                          </span>{" "}
                          <span className="letters-table__line muted nowrap">{formatDateTime(l.printedAt)}</span>
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
                            className="letters-table__wide-action"
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
          </div>
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
      {confirming ? (
        <ConfirmDialog
          title="同じ文書をもう一度発行しますか？"
          confirmLabel={ISSUE_LABELS[confirming].confirm}
          onConfirm={() => {
            const action = confirming;
            setConfirming(null);
            void issue(action);
          }}
          onCancel={() => setConfirming(null)}
          testId="letter-reissue"
        >
          <p data-testid="letter-reissue-earlier">
            {chosen?.name ?? "この文書"}は、この案件で発行済みです（
            {earlier.map((l) => `${l.documentNo}・${formatDay(l.issuedOn)}発行`).join("、")}）。
          </p>
          <p>
            もう一度発行すると、新しい文書番号
            {preview.data ? <strong className="mono">{preview.data.documentNo}</strong> : null}
            の別の文書になります。発行済みの文書はそのまま残ります。
          </p>
        </ConfirmDialog>
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
