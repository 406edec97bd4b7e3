import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useBackend } from "../../backend/context";
import { toApiError } from "../../backend/errors";
import type { ApiError, CaseInput, CaseRow, Channel, Staged, StagedMail } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { RadioGroup } from "../../components/Choice";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatDateTime } from "../../lib/dates";
import { handleSessionError } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { CaseForm } from "../cases/CaseForm";
import { DuplicatesPanel } from "../cases/DuplicatesPanel";
import { MailPanel } from "../cases/MailPanel";
import { useDuplicateCheck } from "../cases/useDuplicateCheck";
import { useNavigate } from "../shell/navigation";
import { useVocabulary } from "../../lib/vocabulary";
import { useIntakeDraft } from "./draft";
import { StagedFileRow } from "./StagedFileRow";

type Confirm = { kind: "discard" } | { kind: "switch"; mail: StagedMail } | null;

/** 受付: one form for any channel; an imported mail beside it; scans to attach. */
export function IntakePage() {
  const backend = useBackend();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { draft, dispatch } = useIntakeDraft();
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [insist, setInsist] = useState(false);
  const [discarding, setDiscarding] = useState(false);

  const currentMail = draft.mails.find((m) => m.stagedId === draft.mailId) ?? null;
  const mailAttachments = currentMail?.attachments ?? [];
  const vocabulary = useVocabulary();
  const duplicates = useDuplicateCheck(draft.input, null, currentMail?.duplicates ?? []);
  const shownDuplicates = useRef<CaseRow[]>([]);
  shownDuplicates.current = duplicates.rows;

  // A blank form for the chosen channel when there is none (not behind the 登録しました panel).
  const needsInput = draft.input === null && draft.saved === null;
  const blankSeq = draft.blankSeq;
  const channel = draft.channel;
  useEffect(() => {
    if (!needsInput) return;
    let live = true;
    setLoadError(null);
    backend.newCaseInput(channel).then(
      (input) => live && dispatch({ type: "loaded", input, blankSeq }),
      (e: unknown) => {
        handleSessionError(client, e);
        if (live) setLoadError(toApiError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [needsInput, blankSeq, channel, backend, client, dispatch]);

  // A different mail (or a blank form) takes the duplicates its import found.
  useEffect(() => {
    duplicates.reset(currentMail?.duplicates ?? []);
    setInsist(false);
  }, [draft.mailId]); // only when the mail changes, not on every keystroke

  const pickEml = useCommand(() => backend.pickEmlFiles());
  const pickScan = useCommand(() => backend.pickScanFiles());
  const create = useCommand((input: CaseInput, mailId: string | null, fileIds: string[]) => backend.createCase(input, mailId, fileIds));

  const staged = (s: Staged) => dispatch({ type: "staged", staged: s });

  // create_case refuses a document that must be masked and is not: its message, prominently, by the documents.
  const documentsError = create.error?.fields.filter((f) => f.field === "documents").map((f) => f.message).join("\n") || null;
  const documentsErrorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = documentsErrorRef.current;
    if (!documentsError || !el) return;
    el.scrollIntoView?.({ block: "center", behavior: "smooth" });
    el.focus({ preventScroll: true });
  }, [documentsError, create.error]);

  const save = async () => {
    if (!draft.input || create.pending) return;
    const input = draft.input;
    const found = await duplicates.checkNow(input);
    const shown = new Set(shownDuplicates.current.map((r) => r.id));
    if (found && found.some((r) => !shown.has(r.id))) {
      // New possible duplicates: show them first; the next 登録 goes ahead.
      setInsist(true);
      return;
    }
    const fileIds = draft.files.filter((f) => !f.problem).map((f) => f.stagedId);
    const outcome = await create.run(input, draft.mailId, fileIds);
    if (outcome.ok) {
      setInsist(false);
      // Files with a problem were never sent: the backend can forget them.
      const unused = draft.files.filter((f) => f.problem).map((f) => f.stagedId);
      if (unused.length > 0) backend.discardStaged(unused).catch(() => undefined);
      dispatch({ type: "saved", id: outcome.value.id, receiptNo: outcome.value.receiptNo });
      void client.invalidateQueries({ queryKey: ["cases"] });
    }
  };

  const discard = async () => {
    setDiscarding(true);
    const ids = [...(draft.mailId ? [draft.mailId] : []), ...draft.files.map((f) => f.stagedId)];
    try {
      if (ids.length > 0) await backend.discardStaged(ids);
    } catch (e) {
      handleSessionError(client, e);
    } finally {
      setDiscarding(false);
    }
    setConfirm(null);
    create.reset();
    dispatch({ type: "discarded" });
  };

  const canDiscard = draft.dirty || draft.mailId !== null || draft.files.length > 0;
  const waiting = draft.mails.length;

  return (
    <div className={currentMail && !draft.saved ? "page page--wide" : "page"}>
      <header className="page__header">
        <h1 className="page__title">受付</h1>
      </header>

      <div className="intake-toolbar">
        <RadioGroup
          name="channel"
          legend="受付経路"
          value={draft.channel}
          onChange={(c: Channel) => dispatch({ type: "channel", channel: c })}
          options={vocabulary.channels.map(({ code, label }) => ({ value: code, label, testId: `intake-channel-${code}` }))}
          className="intake-toolbar__channel"
        />
        <div className="intake-toolbar__import">
          <div className="inline-actions">
            <Button onClick={() => void pickEml.run().then((o) => o.ok && staged(o.value))} pending={pickEml.pending} pendingLabel="取り込み中…" testId="intake-pick-eml">
              メール（.eml）を取り込む
            </Button>
            <Button onClick={() => void pickScan.run().then((o) => o.ok && staged(o.value))} pending={pickScan.pending} pendingLabel="取り込み中…" testId="intake-pick-scan">
              スキャンを添付
            </Button>
          </div>
          <p className="drop-hint" data-testid="intake-drop-hint">
            .eml やスキャン（JPEG・PNG・PDF）をウィンドウにドロップしても取り込めます
          </p>
        </div>
      </div>

      {pickEml.error || pickScan.error ? <ErrorAlert testId="intake-error">{(pickEml.error ?? pickScan.error)!.message}</ErrorAlert> : null}
      {loadError ? <ErrorAlert testId="intake-load-error">{loadError.message}</ErrorAlert> : null}

      {draft.problems.length > 0 ? (
        <div className="alert alert--error" role="alert" data-testid="intake-problems">
          <p className="alert__title">取り込めなかったファイルがあります</p>
          <ul className="alert__list">
            {draft.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
          <Button variant="quiet" onClick={() => dispatch({ type: "clearProblems" })}>
            閉じる
          </Button>
        </div>
      ) : null}

      {waiting > 0 ? (
        <section className="panel panel--compact intake-queue" aria-labelledby="intake-queue-title" data-testid="intake-queue">
          <h2 id="intake-queue-title" className="panel__title">
            取り込み待ち {waiting}件
          </h2>
          <ul className="intake-queue__list">
            {draft.mails.map((m) => {
              const current = m.stagedId === draft.mailId && !draft.saved;
              return (
                <li key={m.stagedId} className={current ? "intake-queue__item intake-queue__item--current" : "intake-queue__item"}>
                  <span className="intake-queue__name">{m.mail.subject || m.fileName}</span>
                  <span className="muted">
                    {m.mail.fromName || m.mail.fromAddress}
                    {m.mail.sentAt ? `・${formatDateTime(m.mail.sentAt)}` : ""}
                  </span>
                  {current ? (
                    <span className="badge badge--open">入力中</span>
                  ) : (
                    <Button
                      variant="quiet"
                      onClick={() => (draft.dirty && !draft.saved ? setConfirm({ kind: "switch", mail: m }) : dispatch({ type: "useMail", mailId: m.stagedId }))}
                      testId={`intake-queue-open-${m.stagedId}`}
                    >
                      このメールを入力
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      {draft.saved ? (
        <section className="panel saved-panel" role="status" data-testid="case-saved">
          <p className="saved-panel__text">
            受付番号{" "}
            <strong className="receipt-no" data-testid="case-saved-receipt">
              {draft.saved.receiptNo}
            </strong>{" "}
            で登録しました。
          </p>
          {waiting > 0 ? <p className="muted">取り込み待ちのメールが {waiting}件 あります。</p> : null}
          <div className="inline-actions">
            <Button onClick={() => draft.saved && navigate({ page: "case", id: draft.saved.id })} testId="case-saved-open">
              案件を開く
            </Button>
            <Button variant="primary" onClick={() => dispatch({ type: "next" })} testId="case-saved-next" autoFocus>
              {waiting > 0 ? "続けて受付（次のメール）" : "続けて受付"}
            </Button>
          </div>
        </section>
      ) : null}

      {!draft.saved && (draft.files.length > 0 || mailAttachments.length > 0) ? (
        <section className="panel panel--compact intake-docs" aria-labelledby="intake-files-title" data-testid="intake-files">
          <h2 id="intake-files-title" className="panel__title">
            書類
          </h2>
          <p className="muted intake-docs__hint">書類の種類を選ぶと、黒塗り（マスク）が必要な書類かどうかを確かめます。黒塗りが必要な書類は、マスクしてから保存します。</p>
          {documentsError ? (
            <div className="alert alert--error intake-docs__error" role="alert" tabIndex={-1} ref={documentsErrorRef} data-testid="intake-documents-error">
              <p className="alert__title">保存できませんでした: マスクが必要な書類があります</p>
              <p className="alert__body pre-line">{documentsError}</p>
            </div>
          ) : null}
          {mailAttachments.length > 0 ? (
            <>
              <h3 className="intake-docs__group">メールの添付ファイル（{mailAttachments.length}件）</h3>
              <ul className="staged-files">
                {mailAttachments.map((f) => (
                  <StagedFileRow
                    key={f.stagedId}
                    file={f}
                    fromMail
                    refused={draft.refused.includes(f.stagedId)}
                    onChanged={(file) => dispatch({ type: "fileChanged", file })}
                    onRefused={() => dispatch({ type: "fileRefused", stagedId: f.stagedId })}
                  />
                ))}
              </ul>
            </>
          ) : null}
          {draft.files.length > 0 ? (
            <>
              <h3 className="intake-docs__group">添付するスキャン（{draft.files.filter((f) => !f.problem).length}件）</h3>
              <ul className="staged-files">
                {draft.files.map((f) => (
                  <StagedFileRow
                    key={f.stagedId}
                    file={f}
                    onChanged={(file) => dispatch({ type: "fileChanged", file })}
                    onRefused={() => dispatch({ type: "fileRefused", stagedId: f.stagedId })}
                    onRemove={() => {
                      dispatch({ type: "removeFile", stagedId: f.stagedId });
                      backend.discardStaged([f.stagedId]).catch((e: unknown) => handleSessionError(client, e));
                    }}
                  />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {!draft.saved && draft.input ? (
        <div className={currentMail ? "intake-columns" : "intake-single"}>
          <CaseForm
            value={draft.input}
            onChange={(input) => {
              dispatch({ type: "edit", input });
            }}
            onSubmit={() => void save()}
            error={documentsError && create.error?.fields.every((f) => f.field === "documents") ? null : create.error}
            pending={create.pending}
            submitLabel="登録"
            ariaLabel="受付の入力"
            before={<DuplicatesPanel rows={duplicates.rows} insist={insist} />}
            actions={
              <Button variant="quiet" onClick={() => setConfirm({ kind: "discard" })} disabled={!canDiscard || create.pending} testId="intake-discard">
                破棄
              </Button>
            }
          />
          {currentMail ? (
            <aside className="intake-columns__mail" data-testid="intake-mail-preview">
              <MailPanel mail={currentMail.mail} title={`取り込んだメール（${currentMail.fileName}）`} />
            </aside>
          ) : null}
        </div>
      ) : null}
      {!draft.saved && !draft.input && !loadError ? <p className="muted">読み込み中…</p> : null}

      {confirm?.kind === "discard" ? (
        <ConfirmDialog
          title="入力内容を破棄しますか？"
          confirmLabel="破棄する"
          danger
          pending={discarding}
          onConfirm={() => void discard()}
          onCancel={() => setConfirm(null)}
          testId="intake-discard-dialog"
        >
          <p>この受付の入力内容{draft.mailId ? "と取り込んだメール" : ""}{draft.files.length > 0 ? "・スキャン" : ""}を破棄します。元に戻せません。</p>
        </ConfirmDialog>
      ) : null}
      {confirm?.kind === "switch" ? (
        <ConfirmDialog
          title="入力中の内容を置き換えますか？"
          confirmLabel="置き換える"
          onConfirm={() => {
            dispatch({ type: "useMail", mailId: confirm.mail.stagedId });
            setConfirm(null);
          }}
          onCancel={() => setConfirm(null)}
          testId="intake-switch-dialog"
        >
          <p>入力中の内容は失われ、「{confirm.mail.mail.subject || confirm.mail.fileName}」の内容がフォームに入ります。</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
