import type { MailView, StagedFile } from "../../backend/types";
import { formatBytes } from "../../lib/bytes";
import { formatDateTime } from "../../lib/dates";

/** An imported mail: 差出人, 日時, 件名, 本文 (scrolls), its attachments and what could not be read. */
export function MailPanel({
  mail,
  attachments,
  testId,
  title = "取り込んだメール",
}: {
  mail: MailView;
  attachments?: StagedFile[];
  testId?: string;
  title?: string;
}) {
  return (
    <section className="mail-panel" aria-label={title} data-testid={testId}>
      <h3 className="mail-panel__title">{title}</h3>
      {mail.problems.length > 0 ? (
        <div className="alert alert--error" role="alert" data-testid="mail-problems">
          <p className="alert__title">メールの一部を読み取れませんでした</p>
          <ul className="alert__list">
            {mail.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="mail-panel__head">
        <div>
          <dt>差出人</dt>
          <dd data-testid="mail-from">
            {mail.fromName ? `${mail.fromName} ` : ""}
            {mail.fromAddress ? <span className="mono">&lt;{mail.fromAddress}&gt;</span> : null}
            {!mail.fromName && !mail.fromAddress ? <span className="muted">（なし）</span> : null}
          </dd>
        </div>
        <div>
          <dt>日時</dt>
          <dd data-testid="mail-date">{mail.sentAt ? formatDateTime(mail.sentAt) : <span className="muted">（なし）</span>}</dd>
        </div>
        <div>
          <dt>件名</dt>
          <dd data-testid="mail-subject">{mail.subject || <span className="muted">（件名なし）</span>}</dd>
        </div>
      </dl>
      <pre className="mail-panel__body" tabIndex={0} aria-label="本文" data-testid="mail-body">
        {mail.bodyText}
      </pre>
      {attachments && attachments.length > 0 ? (
        <div className="mail-panel__attachments">
          <p className="field__label">添付ファイル（{attachments.length}件）</p>
          <ul>
            {attachments.map((a) => (
              <li key={a.stagedId} className={a.problem ? "file-line file-line--bad" : "file-line"}>
                <span className="file-line__name">{a.fileName}</span>
                <span className="muted">
                  {a.kindLabel}・{formatBytes(a.size)}
                </span>
                {a.problem ? <span className="file-line__problem">{a.problem}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
