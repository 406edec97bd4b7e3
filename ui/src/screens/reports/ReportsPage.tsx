import { useQuery } from "@tanstack/react-query";
import { BarChart } from "../../components/BarChart";
import { useId, useMemo, useState, type ReactNode } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode, isApiError, toApiError } from "../../backend/errors";
import type { ApiError, Count, ExportFormat, FeeTotal, Period, Report, SessionInfo } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Dialog } from "../../components/Dialog";
import { PdfPages } from "../../components/PdfPages";
import { PrinterSelect } from "../../components/PrinterSelect";
import { formatDay, japanYear } from "../../lib/dates";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";
import "./reports.css";

/** The years offered: this one and the five before. */
const YEARS_BACK = 5;

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** What each export is called on its button and in the confirmation. */
const FORMAT_LABEL: Record<ExportFormat, string> = { xlsx: "Excel", csv: "CSV" };

const count = (n: number) => n.toLocaleString("ja-JP");
const yen = (n: number) => `${n.toLocaleString("ja-JP")}円`;
/** 「18日」「18.5日」「—」 (as `reports::days_label`). */
export const daysText = (d: number | null): string => (d === null ? "—" : Number.isInteger(d) ? `${d}日` : `${d.toFixed(1)}日`);
/** 「66.7%」「100.0%」「—」. */
export const percentText = (p: number | null): string => (p === null ? "—" : `${p.toFixed(1)}%`);
/** The axis label of a long one: the part before 「（」 (法第33条第2項第1号（…） → 法第33条第2項第1号). */
export const shortLabel = (label: string): string => label.split("（")[0]!.trim() || label;

/** A period the backend refused, no right, a locked session: not worth a retry. */
const FINAL_ERRORS: readonly string[] = [ErrorCode.InvalidInput, ErrorCode.PermissionDenied, ErrorCode.Locked];
const retryable = (failures: number, error: unknown) => failures < 1 && !(isApiError(error) && FINAL_ERRORS.includes(error.code));

/** An error's field messages (year, month), or its message. */
const errorLines = (e: ApiError): string[] => (e.fields.length > 0 ? e.fields.map((f) => f.message) : [e.message]);

/**
 * 報告: the figures of a year or a month — 受付件数, 回答日数, 期限内回答率,
 * 手数料, 苦情・相談, 廃棄 — with charts by 種類, 受付経路, 決定の内容, 不開示等の根拠
 * and 手数料, each over a table of the same numbers. Printed (with a
 * preview) or saved as PDF; exported as Excel or CSV, with the requesters'
 * personal data for a 管理者 who confirms it (every export is audited).
 */
export function ReportsPage({ session }: { session: SessionInfo }) {
  const backend = useBackend();
  const isAdmin = session.role === "admin";
  const thisYear = useMemo(() => japanYear(), []);
  const [year, setYear] = useState(thisYear);
  const [month, setMonth] = useState<number | null>(null);
  const period: Period = useMemo(() => ({ year, month }), [year, month]);
  const yearId = useId();
  const monthId = useId();

  const report = useQuery({
    queryKey: queryKeys.report(period),
    queryFn: () => backend.getReport(period),
    retry: retryable,
  });

  const [said, setSaid] = useState<string | null>(null);
  const [personal, setPersonal] = useState(false);
  const [confirming, setConfirming] = useState<ExportFormat | null>(null);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const exportReport = useCommand((p: Period, format: ExportFormat, withPersonal: boolean) => backend.exportReport(p, format, withPersonal));

  const choosePeriod = (next: Period) => {
    setSaid(null);
    exportReport.reset();
    setYear(next.year);
    setMonth(next.month);
  };

  const runExport = async (format: ExportFormat, withPersonal: boolean) => {
    setSaid(null);
    setExporting(format);
    const outcome = await exportReport.run(period, format, withPersonal);
    setExporting(null);
    setConfirming(null);
    // Cancelled (false): nothing was written, nothing to say.
    if (outcome.ok && outcome.value) setSaid("書き出しました。書き出しは監査ログに記録されました。");
  };

  const askExport = (format: ExportFormat) => {
    const withPersonal = isAdmin && personal;
    if (withPersonal) {
      setSaid(null);
      exportReport.reset();
      setConfirming(format);
    } else {
      void runExport(format, false);
    }
  };

  const openPreview = () => {
    setSaid(null);
    exportReport.reset();
    setPreviewing(true);
  };

  const loadError = report.isError ? toApiError(report.error) : null;
  const fieldError = (name: string) => loadError?.fields.some((f) => f.field === name) || undefined;
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.push(year);
  const ready = !!report.data;

  return (
    <div className="page page--wide">
      <header className="page__header">
        <h1 className="page__title">報告</h1>
      </header>
      <p className="muted">年または月ごとの受付・回答の件数と手数料です。プライバシーマーク等の審査や社内報告に使えます。</p>

      <div className="report-toolbar">
        <div className="field">
          <label htmlFor={yearId} className="field__label">
            年
          </label>
          <select
            id={yearId}
            className="input select report-toolbar__year"
            value={String(year)}
            onChange={(e) => choosePeriod({ year: Number(e.target.value), month })}
            aria-invalid={fieldError("year")}
            data-testid="report-year"
          >
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}年
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={monthId} className="field__label">
            月
          </label>
          <select
            id={monthId}
            className="input select report-toolbar__month"
            value={month === null ? "" : String(month)}
            onChange={(e) => choosePeriod({ year, month: e.target.value === "" ? null : Number(e.target.value) })}
            aria-invalid={fieldError("month")}
            data-testid="report-month"
          >
            <option value="">年間</option>
            {MONTHS.map((m) => (
              <option key={m} value={String(m)}>
                {m}月
              </option>
            ))}
          </select>
        </div>
        <span className="report-toolbar__spacer" />
        <Button onClick={openPreview} disabled={!ready} testId="report-preview">
          印刷プレビュー
        </Button>
        <Button
          onClick={() => askExport("xlsx")}
          disabled={!ready || exporting !== null}
          pending={exporting === "xlsx"}
          pendingLabel="書き出し中…"
          testId="report-export-xlsx"
        >
          Excelで書き出す
        </Button>
        <Button
          onClick={() => askExport("csv")}
          disabled={!ready || exporting !== null}
          pending={exporting === "csv"}
          pendingLabel="書き出し中…"
          testId="report-export-csv"
        >
          CSVで書き出す
        </Button>
      </div>
      {isAdmin ? (
        <label className="report-personal">
          <input type="checkbox" checked={personal} onChange={(e) => setPersonal(e.target.checked)} data-testid="report-personal" />
          個人情報（氏名・住所・連絡先・内容）を含める
        </label>
      ) : null}

      {said ? <StatusMessage testId="report-message">{said}</StatusMessage> : null}
      {exportReport.error ? (
        <ErrorAlert testId="report-action-error">
          {errorLines(exportReport.error).map((m, n) => (
            <p key={n}>{m}</p>
          ))}
        </ErrorAlert>
      ) : null}

      {report.isPending ? <p className="muted">集計しています…</p> : null}
      {loadError ? (
        <ErrorAlert testId="report-error">
          {errorLines(loadError).map((m, n) => (
            <p key={n}>{m}</p>
          ))}
        </ErrorAlert>
      ) : null}
      {report.data ? <Figures report={report.data} /> : null}

      {previewing && report.data ? (
        <PreviewDialog
          period={period}
          label={report.data.label}
          onClose={() => setPreviewing(false)}
          onDone={(text) => {
            setPreviewing(false);
            setSaid(text);
          }}
        />
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="個人情報を含めて書き出す"
          confirmLabel={`${FORMAT_LABEL[confirming]}で書き出す`}
          onConfirm={() => void runExport(confirming, true)}
          onCancel={() => setConfirming(null)}
          pending={exporting !== null}
          testId="report-personal-confirm"
        >
          <div className="report-confirm" data-testid="report-personal-warning">
            <p>書き出すファイルには、請求者・申出者の氏名・住所・連絡先と請求の内容が含まれます。ファイルは暗号化されません。</p>
            <p>会社の規程に従って保管・受け渡しし、不要になったら削除してください。</p>
            <p>この書き出しは監査ログに記録されます。</p>
          </div>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** The figures of one period: cards, charts with their tables, the other tallies and the definitions. */
function Figures({ report: r }: { report: Report }) {
  const fees = r.fees.map((f: FeeTotal) => ({ code: f.code, label: f.label, count: f.netYen }));
  return (
    <>
      <h2 className="section-title report-label" data-testid="report-label">
        {r.label}（{formatDay(r.from)}〜{formatDay(r.to)}）
      </h2>
      <ul className="report-cards" aria-label="主な数値">
        <Card testId="report-received" label="受付件数" value={`${count(r.received)}件`} sub="苦情・相談を除く請求" />
        <Card testId="report-replied" label="回答済み" value={`${count(r.replied)}件`} />
        <Card testId="report-median" label="回答日数の中央値" value={daysText(r.medianDays)} />
        <Card testId="report-p90" label="回答日数の90パーセンタイル" value={daysText(r.p90Days)} />
        <Card
          testId="report-within-due"
          label="期限内回答率"
          value={percentText(r.withinDuePercent)}
          extra={r.withinDuePercent === null ? null : `（${count(r.withDue)}件中${count(r.withinDue)}件）`}
        />
        <Card testId="report-fees-total" label="手数料" value={yen(r.feesTotalYen)} sub="受領額から返金を引いた額" />
        <Card
          testId="report-complaints"
          label="苦情・相談"
          value={`${count(r.complaints)}件`}
          sub={`うち回答・報告済み ${count(r.complaintsClosed)}件`}
        />
        <Card testId="report-disposals" label="廃棄" value={`${count(r.disposals)}件`} />
      </ul>

      <div className="report-charts">
        <ChartSection name="kinds" title="請求の種類別" rows={r.byKind} head="種類" />
        <ChartSection name="channels" title="受付経路別" rows={r.byChannel} head="受付経路" />
        <ChartSection name="outcomes" title="決定の内容別" rows={r.byOutcome} head="決定の内容" />
        <ChartSection name="grounds" title="不開示等の根拠別" rows={r.refusalsByGround} head="根拠" />
        <ChartSection name="fees" title="手数料（受領方法別）" rows={fees} head="受領方法" unit="円" feeCounts={r.fees} />
      </div>

      <div className="report-tables">
        <TallyTable name="status" title="状態別（現在）" head="状態" rows={r.byStatus} />
        <TallyTable name="complaints" title="苦情・相談（分類別）" head="分類" rows={r.complaintsByCategory} />
      </div>

      {r.notes.length > 0 ? (
        <section className="report-notes" aria-label="集計の定義" data-testid="report-notes">
          <h2 className="report-notes__title">集計の定義</h2>
          <ul>
            {r.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** One headline figure: 「受付件数 4件」. */
function Card({ label, value, extra, sub, testId }: { label: string; value: string; extra?: ReactNode; sub?: string; testId: string }) {
  return (
    <li className="report-card" data-testid={testId}>
      <span className="report-card__label">{label}</span>{" "}
      <span className="report-card__value">
        {value}
        {extra ? <small className="report-card__sub">{extra}</small> : null}
      </span>
      {sub ? <span className="report-card__sub"> {sub}</span> : null}
    </li>
  );
}

const CHART_WIDTH = 440;

/**
 * A bar chart (horizontal bars, zero rows left out) over a table with every
 * row and the same numbers — what a screen reader and the tests read. Fees
 * (`unit` 円) show the amount in the chart and both the count and the amount
 * in the table.
 */
function ChartSection({
  name,
  title,
  head,
  rows,
  unit = "件",
  feeCounts,
}: {
  name: string;
  title: string;
  head: string;
  rows: Count[];
  unit?: "件" | "円";
  feeCounts?: FeeTotal[];
}) {
  const titleId = useId();
  const shown = rows.filter((c) => c.count !== 0).map((c) => ({ code: c.code, name: shortLabel(c.label), full: c.label, value: c.count }));
  const format = (v: number) => (unit === "円" ? yen(v) : `${count(v)}件`);
  return (
    <section className="panel report-chart" aria-labelledby={titleId} data-testid={`report-chart-${name}`}>
      <h2 id={titleId} className="panel__title">
        {title}
      </h2>
      {shown.length === 0 ? (
        <p className="muted" data-testid={`report-chart-${name}-empty`}>
          この期間にはありません。
        </p>
      ) : (
        // The table below says the same to a screen reader.
        <div className="report-chart__figure" aria-hidden="true">
          <BarChart
            width={CHART_WIDTH}
            bars={shown.map((b) => ({ key: b.code, label: b.name, title: b.full, value: b.value }))}
            format={format}
          />
        </div>
      )}
      {feeCounts ? (
        <FeeTable name={name} title={title} fees={feeCounts} />
      ) : rows.length > 0 ? (
        <CountTable name={name} title={title} head={head} rows={rows} />
      ) : null}
    </section>
  );
}

function CountTable({ name, title, head, rows }: { name: string; title: string; head: string; rows: Count[] }) {
  return (
    <table className="table report-table" data-testid={`report-table-${name}`}>
      <caption className="report-sr-only">{title}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">
            件数
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.code} data-testid={`report-row-${name}-${c.code}`}>
            <th scope="row">{c.label}</th>
            <td className="num">{count(c.count)}件</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FeeTable({ name, title, fees }: { name: string; title: string; fees: FeeTotal[] }) {
  const total = fees.reduce((n, f) => n + f.netYen, 0);
  const received = fees.reduce((n, f) => n + f.count, 0);
  return (
    <table className="table report-table" data-testid={`report-table-${name}`}>
      <caption className="report-sr-only">{title}</caption>
      <thead>
        <tr>
          <th scope="col">受領方法</th>
          <th scope="col" className="num">
            件数
          </th>
          <th scope="col" className="num">
            金額（返金を除く）
          </th>
        </tr>
      </thead>
      <tbody>
        {fees.map((f) => (
          <tr key={f.code} data-testid={`report-row-${name}-${f.code}`}>
            <th scope="row">{f.label}</th>
            <td className="num">{count(f.count)}件</td>
            <td className="num">{yen(f.netYen)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">合計</th>
          <td className="num">{count(received)}件</td>
          <td className="num">{yen(total)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A tally shown as a table only (状態別, 苦情・相談の分類). */
function TallyTable({ name, title, head, rows }: { name: string; title: string; head: string; rows: Count[] }) {
  const titleId = useId();
  if (rows.length === 0) return null;
  return (
    <section className="panel panel--compact" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel__title">
        {title}
      </h2>
      <CountTable name={name} title={title} head={head} rows={rows} />
    </section>
  );
}

/**
 * 印刷プレビュー: the report's pages as they print, the printer, 「印刷」 and
 * 「PDFで保存」. Done (printed or saved) closes it with what to say; a
 * cancelled save dialog leaves it open.
 */
function PreviewDialog({
  period,
  label,
  onClose,
  onDone,
}: {
  period: Period;
  label: string;
  onClose: () => void;
  onDone: (said: string) => void;
}) {
  const backend = useBackend();
  const pdf = useQuery({
    queryKey: queryKeys.reportPdf(period),
    queryFn: () => backend.reportPdf(period),
    retry: retryable,
    gcTime: 0,
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
  const [printer, setPrinter] = useState("");
  const print = useCommand((p: Period, on: string) => backend.printReport(p, on));
  const save = useCommand((p: Period) => backend.saveReportPdf(p));
  const busy = print.pending || save.pending;
  const error = print.error ?? save.error;

  const runPrint = async () => {
    save.reset();
    const outcome = await print.run(period, printer);
    if (outcome.ok) onDone("印刷しました。");
  };

  const runSave = async () => {
    print.reset();
    const outcome = await save.run(period);
    if (outcome.ok && outcome.value) onDone("PDFを保存しました。");
  };

  return (
    <Dialog title={`報告（${label}）の印刷プレビュー`} onClose={onClose} testId="report-preview-dialog" width={760}>
      <div className="report-preview" data-testid="report-preview-pages">
        {pdf.isPending ? <p className="muted">プレビューを作成しています…</p> : null}
        {pdf.isError ? <ErrorAlert testId="report-preview-load-error">{toApiError(pdf.error).message}</ErrorAlert> : null}
        {pdf.data ? <PdfPages pdfBase64={pdf.data} label={`報告（${label}）`} /> : null}
      </div>
      {error ? (
        <ErrorAlert testId="report-preview-error">
          {errorLines(error).map((m, n) => (
            <p key={n}>{m}</p>
          ))}
        </ErrorAlert>
      ) : null}
      <div className="form-actions report-preview__actions">
        <PrinterSelect value={printer} onChange={setPrinter} testId="report-printer" />
        <Button onClick={onClose} disabled={busy} testId="report-preview-close">
          閉じる
        </Button>
        <Button
          onClick={() => void runSave()}
          disabled={!pdf.data || busy}
          pending={save.pending}
          pendingLabel="保存中…"
          testId="report-save-pdf"
        >
          PDFで保存
        </Button>
        <Button
          variant="primary"
          onClick={() => void runPrint()}
          disabled={!pdf.data || !printer || busy}
          pending={print.pending}
          pendingLabel="印刷中…"
          testId="report-print"
        >
          印刷
        </Button>
      </div>
    </Dialog>
  );
}
