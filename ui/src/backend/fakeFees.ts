// 手数料・期限 of the in-memory fake backend (tests only): what a case is
// expected to pay, the payments and refunds with their validation and
// problems (as `fees.rs`), the balance and its state, and the clock (as
// `deadline.rs`, simplified: business days skip weekends but not public
// holidays).
import { kindLabel } from "../lib/caseLabels";
import { cleanDay, containsIndividualNumber, noteError, wareki } from "./fakeDocuments";
import { FAKE_VOCABULARY } from "./fakePolicies";
import type { FeeDecision,
  Clock,
  DeadlineRule,
  FeeLedger,
  FeeLine,
  FeeState,
  FieldError,
  PauseReason,
  PaymentInput,
  PaymentRecord,
  PolicyBody,
  RequestKind,
} from "./types";

/** A payment as stored: the validated input and its amount. */
export interface FakePayment {
  id: number;
  input: PaymentInput;
  amountYen: number;
  createdAt: string;
}

/** A pause of the clock as stored (`toOn` null while it lasts). */
export interface FakePause {
  id: number;
  reason: PauseReason;
  fromOn: string;
  toOn: string | null;
  note: string;
}

/** 定額小為替 are issued in these face values (as `fees.rs`). */
export const MONEY_ORDER_FACES: readonly number[] = [50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 750, 1000];
const MAX_STAMP_FACE = 10_000;

/** `1100` → `1,100` (as `policy::yen`). */
export const yen = (n: number): string => n.toLocaleString("en-US");

const labelIn = (list: ReadonlyArray<{ code: string; label: string }>, code: string): string => list.find((c) => c.code === code)?.label ?? code;
export const pauseReasonLabel = (r: PauseReason): string => labelIn(FAKE_VOCABULARY.pauseReasons, r);

// ---- days ---------------------------------------------------------------------

const toUtc = (day: string): number => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const ofUtc = (t: number): string => new Date(t).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

export const addDays = (day: string, n: number): string => ofUtc(toUtc(day) + n * DAY_MS);
/** `b - a` in days. */
export const daysBetween = (a: string, b: string): number => Math.round((toUtc(b) - toUtc(a)) / DAY_MS);

/** As chrono's `checked_add_months`: the day is clamped to the month's last. */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

function cleanDayField(field: string, label: string, value: string, errors: FieldError[]): string {
  const d = cleanDay(value);
  if (d) return d;
  errors.push({ field, message: `${label}は「2026-12-05」の形で入力してください。` });
  return "";
}

// ---- the expected fee -----------------------------------------------------------

const FEE_ALLOWED: ReadonlySet<RequestKind> = new Set(FAKE_VOCABULARY.feeAllowedKinds);

function feeWarning(kind: RequestKind, amount: number): string | null {
  return !FEE_ALLOWED.has(kind) && amount > 0
    ? `個人情報保護法第38条第1項により、手数料を徴収できるのは利用目的の通知と開示（第三者提供記録の開示を含む）の請求に限られます。「${kindLabel[kind]}」に${yen(amount)}円の手数料を定めています。`
    : null;
}

/** As `fees::expected_fee`: per-request fees once (the highest), per-kind and per-document fees for each kind. */
export function expectedFee(policy: PolicyBody, kinds: readonly RequestKind[]): { expected: number; lines: FeeLine[] } {
  const feeFor = (k: RequestKind) => policy.fees.find((f) => f.kind === k && f.amountYen > 0);
  const lines: FeeLine[] = [];
  let perRequest: { kind: RequestKind; amount: number } | null = null;
  for (const kind of kinds) {
    const rule = feeFor(kind);
    if (!rule) continue;
    if (rule.per === "per_request") {
      if (!perRequest || rule.amountYen > perRequest.amount) perRequest = { kind, amount: rule.amountYen };
    } else {
      lines.push({ kind, label: kindLabel[kind], amountYen: rule.amountYen, warning: feeWarning(kind, rule.amountYen) });
    }
  }
  if (perRequest) {
    const kindsPerRequest = kinds.filter((k) => feeFor(k)?.per === "per_request");
    const warnings = kindsPerRequest.map((k) => feeWarning(k, feeFor(k)!.amountYen)).filter((w): w is string => w !== null);
    lines.unshift({
      kind: perRequest.kind,
      label: `${kindsPerRequest.map((k) => kindLabel[k]).join("・")}（1回の請求につき）`,
      amountYen: perRequest.amount,
      warning: warnings.length > 0 ? warnings.join(" ") : null,
    });
  }
  return { expected: lines.reduce((s, l) => s + l.amountYen, 0), lines };
}

/** A fixed amount set by a test: one line for the case's kinds. */
export function fixedFee(amount: number, kinds: readonly RequestKind[]): { expected: number; lines: FeeLine[] } {
  if (amount <= 0) return { expected: 0, lines: [] };
  const kind = kinds[0] ?? "disclosure";
  return {
    expected: amount,
    lines: [{ kind, label: `${kinds.map((k) => kindLabel[k]).join("・") || kindLabel[kind]}（1回の請求につき）`, amountYen: amount, warning: null }],
  };
}

// ---- payments ---------------------------------------------------------------------

export function paymentAmount(p: PaymentInput): number {
  switch (p.method) {
    case "stamps":
      return p.stamps.reduce((s, l) => s + l.faceYen * l.count, 0);
    case "money_order":
      return p.moneyOrderCount * p.moneyOrderFaceYen;
    default:
      return p.amountYen;
  }
}

export function paymentBreakdown(p: PaymentInput): string {
  switch (p.method) {
    case "stamps":
      return p.stamps.map((s) => `${yen(s.faceYen)}円×${s.count}`).join("、");
    case "money_order":
      return `${yen(p.moneyOrderFaceYen)}円×${p.moneyOrderCount}枚`;
    case "bank_transfer":
      return `振込 ${yen(p.amountYen)}円${p.bankChargeDeducted ? "（振込手数料差引き）" : ""}`;
    case "cash_registered":
      return `現金書留 ${yen(p.amountYen)}円`;
  }
}

export function paymentProblems(p: PaymentInput): string[] {
  const out: string[] = [];
  if (p.method === "money_order") {
    const issued = cleanDay(p.moneyOrderIssuedOn);
    const received = cleanDay(p.receivedOn);
    if (issued && received) {
      // 定額小為替 can be cashed for 6 months after issue.
      const limit = addMonths(issued, 6);
      if (received > limit)
        out.push(
          `定額小為替の発行日（${wareki(issued)}）から6か月を過ぎています（${wareki(limit)}まで）。換金できないため、再発行を依頼してください。`,
        );
    }
  }
  if (p.method === "bank_transfer" && p.bankChargeDeducted) out.push("振込手数料が差し引かれています。不足分の扱いを確認してください。");
  return out;
}

/** As `PaymentInput::validated`: every problem at its field, the fields of other methods cleared. */
export function validatePayment(input: PaymentInput, today: string): { value: PaymentInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const v: PaymentInput = structuredClone(input);
  v.receivedOn = cleanDayField("receivedOn", "受領日", v.receivedOn, errors);
  if (v.receivedOn && v.receivedOn > today) errors.push({ field: "receivedOn", message: "未来の日付は指定できません。" });
  switch (v.method) {
    case "stamps":
      v.stamps = v.stamps.filter((s) => s.count > 0);
      if (v.stamps.length === 0) errors.push({ field: "stamps", message: "切手の額面と枚数を入力してください。" });
      v.stamps.forEach((s, i) => {
        if (s.faceYen === 0 || s.faceYen > MAX_STAMP_FACE)
          errors.push({ field: `stamps.${i}.faceYen`, message: "額面は1円〜10,000円で入力してください。" });
        if (s.count > 1000) errors.push({ field: `stamps.${i}.count`, message: "枚数が多すぎます（1,000枚まで）。" });
      });
      break;
    case "money_order":
      if (v.moneyOrderCount === 0 || v.moneyOrderCount > 100)
        errors.push({ field: "moneyOrderCount", message: "定額小為替の枚数を入力してください（100枚まで）。" });
      if (!MONEY_ORDER_FACES.includes(v.moneyOrderFaceYen))
        errors.push({ field: "moneyOrderFaceYen", message: "定額小為替の額面（50円〜1,000円）を選んでください。" });
      v.moneyOrderIssuedOn = cleanDayField("moneyOrderIssuedOn", "発行日", v.moneyOrderIssuedOn, errors);
      break;
    default:
      if (v.amountYen === 0 || v.amountYen > 1_000_000) errors.push({ field: "amountYen", message: "金額を入力してください（100万円まで）。" });
  }
  v.payerKana = v.payerKana.normalize("NFKC").trim();
  if (v.method !== "bank_transfer") {
    v.payerKana = "";
    v.bankChargeDeducted = false;
  }
  if (v.method !== "money_order") {
    v.moneyOrderCount = 0;
    v.moneyOrderFaceYen = 0;
    v.moneyOrderIssuedOn = "";
  }
  if (v.method !== "stamps") v.stamps = [];
  if (v.method !== "bank_transfer" && v.method !== "cash_registered") v.amountYen = 0;
  v.note = v.note.trim();
  for (const field of ["note", "payerKana"] as const) {
    const e = noteError(v[field]);
    if (e) errors.push({ field, message: e.message });
  }
  return { value: v, errors };
}

export function recordOf(p: FakePayment): PaymentRecord {
  return {
    id: p.id,
    input: p.input,
    amountYen: p.amountYen,
    breakdown: paymentBreakdown(p.input),
    problems: paymentProblems(p.input),
    createdAt: p.createdAt,
  };
}


/** As `Store::fee_ledger`. */
export function ledgerOf(
  caseId: number,
  policyFee: { expected: number; lines: FeeLine[] },
  payments: readonly FakePayment[],
  decision: FeeDecision | null = null,
): FeeLedger {
  const warned = policyFee.lines.some((l) => l.warning !== null);
  // Waived by the 管理者: the lines 38条 does not allow are not charged.
  const lines = decision && !decision.keep ? policyFee.lines.filter((l) => l.warning === null) : policyFee.lines;
  const fee = { expected: lines.reduce((s, l) => s + l.amountYen, 0), lines };
  const sorted = [...payments].sort((a, b) => (a.input.receivedOn < b.input.receivedOn ? -1 : a.input.receivedOn > b.input.receivedOn ? 1 : a.id - b.id));
  const paidYen = sorted.filter((p) => p.input.direction === "in").reduce((s, p) => s + p.amountYen, 0);
  const refundedYen = sorted.filter((p) => p.input.direction === "refund").reduce((s, p) => s + p.amountYen, 0);
  const balanceYen = paidYen - refundedYen - fee.expected;
  const state: FeeState =
    fee.expected === 0 && paidYen === 0 ? "no_fee" : balanceYen === 0 ? "paid" : balanceYen > 0 ? "over" : paidYen === 0 ? "due" : "short";
  const summary = state === "short" ? `不足 ${yen(-balanceYen)}円` : state === "over" ? `過払い ${yen(balanceYen)}円` : labelIn(FAKE_VOCABULARY.feeStates, state);
  return {
    caseId,
    needsDecision: warned && decision === null,
    decision,
    expectedYen: fee.expected,
    lines: fee.lines,
    paidYen,
    refundedYen,
    balanceYen,
    state,
    summary,
    payments: sorted.map(recordOf),
  };
}

// ---- the clock ----------------------------------------------------------------------

function inClosure(day: string, rule: DeadlineRule): boolean {
  const md = day.slice(5);
  return rule.closures.some((c) => (c.from <= c.to ? c.from <= md && md <= c.to : md >= c.from || md <= c.to));
}

function pausedOn(day: string, pauses: readonly FakePause[], today: string): boolean {
  return pauses.some((p) => day >= p.fromOn && day < (p.toOn ?? addDays(today > p.fromOn ? today : p.fromOn, 1)));
}

/** As `deadline::due_date` (from receipt; business days skip weekends only). */
export function dueDate(rule: DeadlineRule, received: string, pauses: readonly FakePause[], today: string): string {
  let d = received;
  let counted = 0;
  const limit = addDays(received, 366 * 20);
  while (counted < rule.days && d < limit) {
    d = addDays(d, 1);
    if (pausedOn(d, pauses, today) || inClosure(d, rule)) continue;
    const weekday = new Date(toUtc(d)).getUTCDay();
    if (rule.dayKind === "business" && (weekday === 0 || weekday === 6)) continue;
    counted += 1;
  }
  return d;
}

/** As `Store::clock`. */
export function clockOf(caseId: number, receivedOn: string, rule: DeadlineRule | null, pauses: readonly FakePause[], today: string): Clock {
  const sorted = [...pauses].sort((a, b) => (a.fromOn < b.fromOn ? -1 : a.fromOn > b.fromOn ? 1 : a.id - b.id));
  const due = rule ? dueDate(rule, receivedOn, sorted, today) : null;
  return {
    caseId,
    receivedOn,
    dueOn: due,
    paused: sorted.some((p) => p.toOn === null),
    pausedDays: sorted.reduce((s, p) => s + Math.max(0, daysBetween(p.fromOn, p.toOn ?? addDays(today, 1))), 0),
    daysLeft: due ? daysBetween(today, due) : null,
    wording: rule?.wording ?? "",
    pauses: sorted.map((p) => ({
      id: p.id,
      reason: p.reason,
      fromOn: p.fromOn,
      toOn: p.toOn,
      note: p.note,
      days: Math.max(0, p.toOn ? daysBetween(p.fromOn, p.toOn) : daysBetween(p.fromOn, today) + 1),
    })),
  };
}

/** As `Store::pause_clock`'s checks. */
export function validatePause(
  from: string,
  note: string,
  receivedOn: string,
  today: string,
  open: boolean,
): { from: string; note: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const day = cleanDayField("from", "停止日", from, errors);
  if (day && day < receivedOn) errors.push({ field: "from", message: "受付日より前からは停止できません。" });
  if (day && day > today) errors.push({ field: "from", message: "未来の日付は指定できません。" });
  const n = note.trim();
  if (containsIndividualNumber(n)) {
    const e = noteError(n);
    if (e) errors.push(e);
  }
  if (errors.length === 0 && open)
    errors.push({ field: "reason", message: "期限は既に停止しています。再開してから停止し直してください。" });
  return { from: day, note: n, errors };
}

/** As `Store::resume_clock`'s checks. */
export function validateResume(to: string, open: FakePause | undefined, today: string): { to: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const day = cleanDayField("to", "再開日", to, errors);
  if (errors.length > 0) return { to: day, errors };
  if (!open) return { to: day, errors: [{ field: "to", message: "期限は停止していません。" }] };
  if (day < open.fromOn) return { to: day, errors: [{ field: "to", message: "再開日が停止日より前になっています。" }] };
  if (day > today) return { to: day, errors: [{ field: "to", message: "未来の日付は指定できません。" }] };
  return { to: day, errors };
}
