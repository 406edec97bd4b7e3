import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useBackend } from "../../backend/context";
import type { AppStatus, AttachmentInfo, CaseInput, CaseStatus, CaseView, DocType, DocumentCheck } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Tabs, type TabItem } from "../../components/Tabs";
import { formatBytes } from "../../lib/bytes";
import { formatDateTime, formatDay, warekiOfDay } from "../../lib/dates";
import { handleSessionError, queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import { useLabels, useVocabulary } from "../../lib/vocabulary";
import { CaseForm, needsCorrectionText } from "../cases/CaseForm";
import { DuplicatesPanel } from "../cases/DuplicatesPanel";
import { MailPanel } from "../cases/MailPanel";
import { SpecificBadge, StatusBadge } from "../cases/badges";
import { useDuplicateCheck } from "../cases/useDuplicateCheck";
import { useNavigate } from "../shell/navigation";
import { AttachmentViewer } from "./AttachmentViewer";
import { DecisionsTab } from "./DecisionsTab";
import { FeesTab } from "./FeesTab";
import { LettersTab } from "./LettersTab";
import { RetentionPanel } from "./RetentionPanel";
import { StatusDialog, type ReasonStatus } from "./StatusDialog";
import { useVerification, VerificationTab, verificationKey } from "./VerificationTab";

type Tab = "summary" | "verification" | "fees" | "decisions" | "letters" | "attachments" | "mail" | "history";

export const caseKey = (id: number) => ["case", id] as const;

/** 案件: header, 概要 (and 編集), 添付ファイル, 本人確認, 手数料・期限, 調査・決定, 文書, メール, 履歴; 取下げ / 誤登録. */
export function CasePage({ id }: { id: number }) {
  const backend = useBackend();
  const navigate = useNavigate();
  // Every open of the page is a view the backend audits: nothing is kept once the page is left.
  const query = useQuery({
    queryKey: caseKey(id),
    queryFn: () => backend.getCase(id),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });

  return (
    <div className="page page--wide">
      <div className="page__back">
        <Button variant="quiet" onClick={() => navigate({ page: "cases" })} testId="case-back">
          ← 案件一覧
        </Button>
      </div>
      {query.isPending ? <p className="muted">読み込み中…</p> : null}
      {query.isError ? (
        <ErrorAlert testId="case-error">{(query.error as { message?: string }).message ?? "案件を取得できませんでした。"}</ErrorAlert>
      ) : null}
      {query.data ? <CaseDetail view={query.data} /> : null}
    </div>
  );
}

function CaseDetail({ view }: { view: CaseView }) {
  const labels = useLabels();
  const client = useQueryClient();
  const [tab, setTab] = useState<Tab>("summary");
  const [statusDialog, setStatusDialog] = useState<ReasonStatus | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const input = view.input;
  const backend = useBackend();
  const move = useCommand((to: CaseStatus) => backend.setCaseStatus(view.id, to, ""));
  const forward = view.nextStatuses.filter((s) => s !== "withdrawn" && s !== "mistaken");
  // Who is signed in (already cached by the app): a 管理者 approves decisions and decides 38条 fees.
  const appStatus = useQuery<AppStatus>({ queryKey: queryKeys.appStatus, queryFn: () => backend.appStatus() });
  const canReview = appStatus.data?.session?.role === "admin";

  const updated = (next: CaseView, message: string | null) => {
    client.setQueryData(caseKey(next.id), next);
    void client.invalidateQueries({ queryKey: ["cases"] });
    // The checklist follows the case: its data, its policy, its attachments.
    void client.invalidateQueries({ queryKey: verificationKey(next.id) });
    // 受付日, 請求の種類 or the policy move the due date and the expected fee.
    void client.invalidateQueries({ queryKey: queryKeys.fees(next.id) });
    void client.invalidateQueries({ queryKey: queryKeys.clock(next.id) });
    // The requested kinds and 特定個人情報 decide what is decided and whether it needs approval.
    void client.invalidateQueries({ queryKey: queryKeys.decisions(next.id) });
    // Closing the case (or its 受付日) sets the 廃棄可能日.
    void client.invalidateQueries({ queryKey: queryKeys.retention(next.id) });
    setNotice(message);
  };

  // A decision (the count disclosed) or a letter (手数料のご案内) can change
  // what is owed and the clock's 手数料待ち pause: read those again too.
  const feesMayHaveChanged = () => {
    void client.invalidateQueries({ queryKey: caseKey(view.id) });
    void client.invalidateQueries({ queryKey: queryKeys.fees(view.id) });
    void client.invalidateQueries({ queryKey: queryKeys.clock(view.id) });
  };

  const tabs: Array<TabItem<Tab>> = [
    { id: "summary", label: "概要" },
    { id: "attachments", label: `添付ファイル（${view.attachments.length}）` },
    { id: "verification", label: "本人確認" },
    { id: "fees", label: "手数料・期限" },
    { id: "decisions", label: "調査・決定" },
    { id: "letters", label: "文書" },
    ...(view.mail ? [{ id: "mail" as const, label: "メール" }] : []),
    { id: "history", label: "履歴" },
  ];

  return (
    <>
      <header className="case-header">
        <div className="case-header__title-row">
          <h1 className="page__title">
            案件 <span className="receipt-no" data-testid="case-receipt-no">{view.receiptNo}</span>
          </h1>
          <StatusBadge status={view.status} testId="case-status" />
          {input.specificPersonalInfo ? <SpecificBadge testId="case-specific-badge" /> : null}
          <div className="case-header__actions">
            {forward.length > 0 ? (
              <div className="case-header__workflow" role="group" aria-label="状態を進める" data-testid="case-next-statuses">
                {forward.map((to) => (
                  <Button
                    key={to}
                    variant="primary"
                    pending={move.pending}
                    onClick={async () => {
                      const outcome = await move.run(to);
                      if (outcome.ok) updated(outcome.value, `「${labels.status(to)}」にしました。`);
                    }}
                    testId={`case-move-${to}`}
                  >
                    「{labels.status(to)}」へ
                  </Button>
                ))}
              </div>
            ) : null}
            <Button onClick={() => setStatusDialog("withdrawn")} disabled={!view.nextStatuses.includes("withdrawn")} testId="case-mark-withdrawn">
              取下げにする
            </Button>
            <Button onClick={() => setStatusDialog("mistaken")} disabled={!view.nextStatuses.includes("mistaken")} testId="case-mark-mistaken">
              誤登録にする
            </Button>
          </div>
        </div>
        <dl className="case-header__facts">
          <div>
            <dt>受付日</dt>
            <dd data-testid="case-received">
              {formatDay(input.receivedOn)} <span className="muted">（{warekiOfDay(input.receivedOn)}）</span>
            </dd>
          </div>
          <div>
            <dt>経路</dt>
            <dd data-testid="case-channel">{labels.channel(input.channel)}</dd>
          </div>
          <div>
            <dt>請求者</dt>
            <dd>{input.requester.name}</dd>
          </div>
          <div>
            <dt>請求内容</dt>
            <dd>{labels.kinds(input.kinds)}</dd>
          </div>
        </dl>
        {move.error ? <ErrorAlert testId="case-move-error">{move.error.message}</ErrorAlert> : null}
        {view.status === "withdrawn" || view.status === "mistaken" ? (
          <p className="notice notice--info case-header__closed" data-testid="case-status-reason-text">
            この案件は「{labels.status(view.status)}」です。理由: {view.statusReason}
          </p>
        ) : null}
      </header>

      {notice ? <StatusMessage testId="case-notice">{notice}</StatusMessage> : null}

      <Tabs tabs={tabs} current={tab} onChange={setTab} label="案件の項目" idPrefix="case">
        {tab === "summary" ? (
          <>
            <SummaryTab view={view} onSaved={(v) => updated(v, "保存しました。")} />
            {/* 保存期間: 廃棄可能日 and 保全 (a hold is on the timeline). */}
            <RetentionPanel caseId={view.id} canRelease={canReview} onCaseChanged={() => void client.invalidateQueries({ queryKey: caseKey(view.id) })} />
          </>
        ) : null}
        {tab === "attachments" ? <AttachmentsTab view={view} onAdded={(v, n) => updated(v, `${n}件のファイルを添付しました。`)} /> : null}
        {tab === "verification" ? (
          <VerificationTab
            caseId={view.id}
            // A mark, a document or an original is on the timeline: the case is read again.
            onCaseChanged={() => void client.invalidateQueries({ queryKey: caseKey(view.id) })}
          />
        ) : null}
        {tab === "mail" && view.mail ? <MailPanel mail={view.mail} testId="case-mail" title="取り込んだメール" /> : null}
        {tab === "fees" ? (
          <FeesTab caseId={view.id} canDecide={canReview} onCaseChanged={() => void client.invalidateQueries({ queryKey: caseKey(view.id) })} />
        ) : null}
        {tab === "decisions" ? (
          <DecisionsTab
            caseId={view.id}
            status={view.status}
            canReview={canReview}
            // Notes and decisions are on the timeline; a review moves the case (回答準備 / 調査中).
            onCaseChanged={feesMayHaveChanged}
          />
        ) : null}
        {tab === "letters" ? (
          <LettersTab
            caseId={view.id}
            // Issuing is on the timeline; a 発送 may move the case (the mailing dialog reads it again).
            onCaseChanged={feesMayHaveChanged}
          />
        ) : null}
        {tab === "history" ? <Timeline view={view} /> : null}
      </Tabs>

      {statusDialog ? (
        <StatusDialog
          caseId={view.id}
          status={statusDialog}
          onClose={() => setStatusDialog(null)}
          onDone={(v) => {
            setStatusDialog(null);
            updated(v, `「${labels.status(v.status)}」にしました。`);
          }}
        />
      ) : null}
    </>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children === "" || children === null || children === undefined ? <span className="muted">—</span> : children}</dd>
    </div>
  );
}

function SummaryTab({ view, onSaved }: { view: CaseView; onSaved: (v: CaseView) => void }) {
  const labels = useLabels();
  const vocabulary = useVocabulary();
  const backend = useBackend();
  const [editing, setEditing] = useState<CaseInput | null>(null);
  const save = useCommand((input: CaseInput) => backend.updateCase(view.id, input));
  const duplicates = useDuplicateCheck(editing, view.id);

  if (editing) {
    return (
      <CaseForm
        value={editing}
        onChange={setEditing}
        onSubmit={() =>
          void save.run(editing).then((o) => {
            if (o.ok) {
              setEditing(null);
              onSaved(o.value);
            }
          })
        }
        error={save.error}
        pending={save.pending}
        submitLabel="保存"
        showChannel
        ariaLabel="案件の編集"
        before={<DuplicatesPanel rows={duplicates.rows} />}
        actions={
          <Button
            variant="quiet"
            onClick={() => {
              save.reset();
              setEditing(null);
            }}
            disabled={save.pending}
            testId="case-edit-cancel"
          >
            キャンセル
          </Button>
        }
      />
    );
  }

  const i = view.input;
  const r = i.requester;
  return (
    <div className="case-summary" data-testid="case-summary">
      <div className="case-summary__actions">
        <Button variant="primary" onClick={() => setEditing(structuredClone(view.input))} testId="case-edit">
          編集
        </Button>
      </div>
      <div className="case-summary__columns">
        <section aria-labelledby="sum-requester">
          <h3 id="sum-requester" className="case-form__title">
            請求者
          </h3>
          <dl className="facts">
            <Fact label="氏名" testId="case-fact-name">
              {r.kana ? <span className="cell-kana">{r.kana}</span> : null}
              {r.name}
            </Fact>
            <Fact label="住所" testId="case-fact-address">
              {r.postalCode ? `〒${r.postalCode} ` : ""}
              {r.address}
            </Fact>
            <Fact label="電話">{r.phone}</Fact>
            <Fact label="メール" testId="case-fact-email">
              {r.email}
            </Fact>
            <Fact label="登録メール">{r.registeredEmail}</Fact>
            <Fact label="登録電話">{r.registeredPhone}</Fact>
            <Fact label="区分">{labels.requesterType(i.requesterType)}</Fact>
            {i.requesterType !== "self" ? (
              <Fact label="代理人" testId="case-fact-agent">
                {[i.agent.name, i.agent.kana && `（${i.agent.kana}）`, i.agent.relationship && `・${i.agent.relationship}`, i.agent.contact && `・${i.agent.contact}`]
                  .filter(Boolean)
                  .join("")}
              </Fact>
            ) : null}
          </dl>
        </section>
        <section aria-labelledby="sum-request">
          <h3 id="sum-request" className="case-form__title">
            請求の内容
          </h3>
          <dl className="facts">
            <Fact label="請求の種類" testId="case-fact-kinds">
              {labels.kinds(i.kinds)}
            </Fact>
            <Fact label="対象データ">{i.dataConcerned ? <span className="pre-line">{i.dataConcerned}</span> : ""}</Fact>
            {needsCorrectionText(i, vocabulary) || i.requestedCorrection ? (
              <Fact label="訂正等の内容">{i.requestedCorrection ? <span className="pre-line">{i.requestedCorrection}</span> : ""}</Fact>
            ) : null}
            <Fact label="開示の方法">{labels.disclosure(i.disclosureMethod)}</Fact>
            <Fact label="特定個人情報">{i.specificPersonalInfo ? <SpecificBadge /> : "なし"}</Fact>
            <Fact label="同封物">
              {[i.enclosures.map((e) => labels.enclosure(e)).join("・"), i.enclosuresNote && `（${i.enclosuresNote}）`].filter(Boolean).join(" ")}
            </Fact>
            <Fact label="メモ" testId="case-fact-memo">
              {i.memo ? <span className="pre-line">{i.memo}</span> : ""}
            </Fact>
            <Fact label="登録">{formatDateTime(view.createdAt)}</Fact>
            <Fact label="最終更新">{formatDateTime(view.updatedAt)}</Fact>
          </dl>
        </section>
      </div>
    </div>
  );
}

function AttachmentsTab({ view, onAdded }: { view: CaseView; onAdded: (v: CaseView, n: number) => void }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [viewing, setViewing] = useState<AttachmentInfo | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const pick = useCommand(() => backend.pickScanFiles());
  const add = useCommand((ids: string[]) => backend.addCaseFiles(view.id, ids));
  const verification = useVerification(view.id);
  const vocabulary = useVocabulary();
  const docOf = (id: number) => verification.data?.documents.find((d) => d.attachmentId === id);

  const addScans = async () => {
    setProblems([]);
    const picked = await pick.run();
    if (!picked.ok) return;
    const s = picked.value;
    const good = s.files.filter((f) => !f.problem);
    const bad = s.files.filter((f) => f.problem);
    const unused = [...bad.map((f) => f.stagedId), ...s.mails.map((m) => m.stagedId)];
    if (unused.length > 0) backend.discardStaged(unused).catch((e: unknown) => handleSessionError(client, e));
    setProblems([
      ...s.problems,
      ...bad.map((f) => `${f.fileName}: ${f.problem}`),
      ...s.mails.map((m) => `${m.fileName}: メールはここでは添付できません。「受付」で取り込んでください。`),
    ]);
    if (good.length === 0) return;
    const outcome = await add.run(good.map((f) => f.stagedId));
    if (outcome.ok) onAdded(outcome.value, good.length);
  };

  const error = pick.error ?? add.error;
  return (
    <div>
      <div className="inline-actions tab-actions">
        <Button onClick={() => void addScans()} pending={pick.pending || add.pending} pendingLabel="追加中…" testId="case-add-scan">
          スキャンを追加
        </Button>
        <span className="muted">JPEG・PNG・PDF（50MB未満）</span>
      </div>
      {error ? <ErrorAlert testId="case-attachments-error">{error.message}</ErrorAlert> : null}
      {problems.length > 0 ? (
        <div className="alert alert--error" role="alert" data-testid="case-attachments-problems">
          <p className="alert__title">添付できなかったファイルがあります</p>
          <ul className="alert__list">
            {problems.map((p, n) => (
              <li key={n}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {view.attachments.length === 0 ? (
        <p className="muted" data-testid="case-attachments">
          添付ファイルはありません。
        </p>
      ) : (
        <table className="table" data-testid="case-attachments">
          <thead>
            <tr>
              <th scope="col">ファイル名</th>
              <th scope="col">種類</th>
              <th scope="col">由来</th>
              <th scope="col">サイズ</th>
              <th scope="col">追加日時</th>
              <th scope="col">書類</th>
            </tr>
          </thead>
          <tbody>
            {view.attachments.map((a) => (
              <tr key={a.id} data-testid={`attachment-row-${a.id}`}>
                <td>
                  <button type="button" className="link-button" onClick={() => setViewing(a)} data-testid={`attachment-open-${a.id}`}>
                    {a.fileName}
                  </button>
                </td>
                <td className="nowrap">{a.kindLabel}</td>
                <td className="nowrap">{a.originLabel}</td>
                <td className="nowrap num">{formatBytes(a.size)}</td>
                <td className="nowrap">{formatDateTime(a.addedAt)}</td>
                <td>
                  <DocCell doc={docOf(a.id)} label={(code) => vocabulary.docTypes.find((t) => t.docType === code)?.label ?? ""} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {viewing ? <AttachmentViewer attachment={viewing} onClose={() => setViewing(null)} /> : null}
    </div>
  );
}

/** 書類の種類 and the masking state of a kept attachment (mails have none). */
function DocCell({ doc, label }: { doc: DocumentCheck | undefined; label: (d: DocType) => string }) {
  if (!doc) return null;
  return (
    <span className="attachment-doc">
      {doc.doc.docType !== "unclassified" ? <span className="attachment-doc__type">{label(doc.doc.docType)}</span> : null}
      {doc.masked ? (
        <span className="badge badge--ok" data-testid="attachment-masked">
          マスク済
        </span>
      ) : doc.needsMask ? (
        <span className="badge badge--danger" data-testid="attachment-needs-mask">
          要マスク
        </span>
      ) : null}
    </span>
  );
}

function Timeline({ view }: { view: CaseView }) {
  // Oldest first, newest last; the same instant keeps the order of the records.
  const time = (at: string) => {
    const t = Date.parse(at);
    return Number.isNaN(t) ? 0 : t;
  };
  const events = [...view.events].sort((a, b) => time(a.at) - time(b.at) || a.id - b.id);
  return (
    <ol className="timeline" data-testid="case-timeline" aria-label="履歴（古い順）">
      {events.map((e) => (
        <li key={e.id} className={`timeline__item timeline__item--${e.kind}`}>
          <time className="timeline__time" dateTime={e.at}>
            {formatDateTime(e.at)}
          </time>
          <span className="timeline__actor">{e.actor || "—"}</span>
          <span className="timeline__summary">{e.summary}</span>
        </li>
      ))}
    </ol>
  );
}
