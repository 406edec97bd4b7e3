// 報告 of the in-memory fake backend (tests only), in the same words as
// src-tauri/core/src/reports.rs: the period's check and label, and the
// figures counted from the fake's cases, decisions, payments, replies,
// 苦情・相談 and 廃棄記録 — by the same definitions (a request belongs to
// the period it was received in; median and nearest-rank 90th percentile of
// the 回答日数; 期限内 on or before the 回答期限; fees by the day the money
// arrived, refunds taken off).
import { CASE_STATUSES, CHANNELS, REQUEST_KINDS } from "../lib/caseLabels";
import { outcomeLabel } from "./fakeDecisions";
import { FAKE_VOCABULARY } from "./fakePolicies";
import type {
  CaseStatus,
  Channel,
  ComplaintCategory,
  Count,
  FeeMethod,
  FeeTotal,
  FieldError,
  LegalGround,
  Outcome,
  PaymentDirection,
  Period,
  Report,
  RequestKind,
} from "./types";

/** `reports::NOTES`. */
export const REPORT_NOTES: readonly string[] = [
  "件数は受付日がこの期間にある請求を数えています（保存期間を過ぎて廃棄した案件を除く）。",
  "1件の請求で複数の種類を求められた場合は、種類ごとに数えています。",
  "回答日数は受付日から回答完了日までの暦日数です。中央値は中央の値（偶数件は中央2件の平均）、90パーセンタイルは小さい方から数えて⌈0.9×件数⌉番目の値です。",
  "期限内回答率は、回答期限のある回答済みの請求のうち、期限（本人確認・手数料待ちによる延長後）までに回答したものの割合です。",
  "手数料は、この期間に受け取った額から返金・返却した額を引いたものです。",
];

/** `Outcome::ALL`. */
const OUTCOMES: readonly Outcome[] = [
  "full_disclosure",
  "partial_disclosure",
  "non_disclosure",
  "no_data",
  "done",
  "partly_done",
  "not_done",
  "alternative",
  "notified",
  "not_notified",
];

/** `LegalGround::ALL`. */
const GROUNDS: readonly LegalGround[] = [
  "appi_33_2_1",
  "appi_33_2_2",
  "appi_33_2_3",
  "appi_32_2_1",
  "appi_32_2_2",
  "appi_34_2",
  "appi_35",
  "appi_35_cost",
  "no_personal_data",
  "identity_not_verified",
];

const COMPLAINT_CATEGORIES: ReadonlyArray<readonly [ComplaintCategory, string]> = [
  ["complaint", "苦情"],
  ["consultation", "相談"],
];

function groundLabel(ground: string): string {
  for (const k of FAKE_VOCABULARY.decisionChoices) {
    const g = k.grounds.find((c) => c.code === ground);
    if (g) return g.label;
  }
  return ground;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `Period::validated`: the first and last day, or the field that is wrong. */
export function periodDays(period: Period): { from: string; to: string } | { error: FieldError } {
  const { year, month } = period;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    return { error: { field: "year", message: "年は2000〜2100の範囲で指定してください。" } };
  }
  if (month === null) return { from: `${year}-01-01`, to: `${year}-12-31` };
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    return { error: { field: "month", message: "月は1〜12で指定してください。" } };
  }
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(last)}` };
}

/** `Period::label`: 「2026年」「2026年12月」. */
export const periodLabel = (p: Period): string => (p.month === null ? `${p.year}年` : `${p.year}年${p.month}月`);

/** Calendar days from `a` to `b` (YYYY-MM-DD). */
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** `reports::median` of sorted values. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** `reports::percentile`: nearest rank. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((sorted.length * p) / 100));
  return sorted[rank - 1]!;
}

/** What the fake knows of one request, for the report. */
export interface ReportCase {
  id: number;
  receivedOn: string;
  channel: Channel;
  kinds: readonly RequestKind[];
  status: CaseStatus;
  /** 回答期限 (null: none). */
  dueOn: string | null;
  /** 回答完了日 (null: not replied yet). */
  repliedOn: string | null;
  decisions: ReadonlyArray<{ outcome: Outcome; legalGround: LegalGround | null }>;
}

export interface ReportFacts {
  cases: readonly ReportCase[];
  payments: ReadonlyArray<{ method: FeeMethod; direction: PaymentDirection; receivedOn: string; amountYen: number }>;
  complaints: ReadonlyArray<{ category: ComplaintCategory; receivedOn: string; status: CaseStatus }>;
  /** `performedAt` of every 廃棄記録 (RFC 3339). */
  disposals: readonly string[];
}

/** The report of a period already checked by `periodDays`. */
export function fakeReport(period: Period, { from, to }: { from: string; to: string }, facts: ReportFacts): Report {
  const inPeriod = (day: string) => day >= from && day <= to;
  const cases = facts.cases.filter((c) => inPeriod(c.receivedOn));
  const tally = <T extends string>(all: ReadonlyArray<readonly [T, string]>, codes: readonly string[]): Count[] =>
    all.map(([code, label]) => ({ code, label, count: codes.filter((c) => c === code).length }));
  const nonZero = (list: Count[]) => list.filter((c) => c.count > 0);

  const decisions = cases.flatMap((c) => c.decisions);
  const replied = cases.filter((c): c is ReportCase & { repliedOn: string } => c.repliedOn !== null);
  const days = replied.map((c) => daysBetween(c.receivedOn, c.repliedOn)).sort((a, b) => a - b);
  const withDue = replied.filter((c) => c.dueOn !== null);
  const withinDue = withDue.filter((c) => c.repliedOn <= c.dueOn!).length;

  const payments = facts.payments.filter((p) => inPeriod(p.receivedOn));
  const fees: FeeTotal[] = FAKE_VOCABULARY.feeMethods.map(({ code, label }) => {
    const of = (direction: PaymentDirection) => payments.filter((p) => p.method === code && p.direction === direction);
    const sum = (list: typeof payments) => list.reduce((n, p) => n + p.amountYen, 0);
    return { code, label, count: of("in").length, netYen: sum(of("in")) - sum(of("refund")) };
  });

  const complaints = facts.complaints.filter((c) => inPeriod(c.receivedOn));

  return {
    period: { ...period },
    label: periodLabel(period),
    from,
    to,
    received: cases.length,
    byKind: tally(REQUEST_KINDS, cases.flatMap((c) => c.kinds)),
    byChannel: tally(CHANNELS, cases.map((c) => c.channel)),
    byOutcome: nonZero(tally(OUTCOMES.map((o) => [o, outcomeLabel(o)] as const), decisions.map((d) => d.outcome))),
    byStatus: tally(CASE_STATUSES, cases.map((c) => c.status)),
    replied: days.length,
    medianDays: median(days),
    p90Days: percentile(days, 90),
    withDue: withDue.length,
    withinDue,
    withinDuePercent: withDue.length === 0 ? null : Math.round((withinDue * 1000) / withDue.length) / 10,
    fees,
    feesTotalYen: fees.reduce((n, f) => n + f.netYen, 0),
    refusalsByGround: nonZero(
      tally(
        GROUNDS.map((g) => [g, groundLabel(g)] as const),
        decisions.flatMap((d) => (d.legalGround ? [d.legalGround] : [])),
      ),
    ),
    complaints: complaints.length,
    complaintsByCategory: tally(COMPLAINT_CATEGORIES, complaints.map((c) => c.category)),
    complaintsClosed: complaints.filter((c) => c.status === "completed").length,
    disposals: facts.disposals.filter((at) => inPeriod(at.slice(0, 10))).length,
    notes: [...REPORT_NOTES],
  };
}
