import type {
  AgentRules,
  ApiError,
  DeadlineRule,
  DocType,
  FeeMethodRule,
  FeeTiming,
  FeeUnit,
  FieldError,
  PolicyBody,
  RequestKind,
  RetainedRecord,
  RetentionStart,
} from "../backend/types";
import { ErrorCode } from "../backend/errors";
import { parseWholeNumber, toHankaku } from "./text";

// The policy editor keeps a draft: the body with every typed number as text
// (so 全角 digits and a half-typed value survive) and a stable key per row.

let lastKey = 0;
/** A React key for a new row. */
export const newRowKey = (): number => ++lastKey;

export interface AgentDocDraft {
  key: number;
  doc: DocType;
  originalRequired: boolean;
  /** 発行後Nか月以内; empty = no limit. */
  issuedWithinMonths: string;
}

export type AgentDraft = Omit<AgentRules, "documents"> & { documents: AgentDocDraft[] };

export interface FeeDraft {
  key: number;
  kind: RequestKind;
  amountYen: string;
  per: FeeUnit;
  when: FeeTiming;
}

export type FeeMethodDraft = FeeMethodRule & { key: number };

export interface ClosureDraft {
  key: number;
  from: string;
  to: string;
}

export type DeadlineDraft = Omit<DeadlineRule, "days" | "closures"> & { days: string; closures: ClosureDraft[] };

export interface RetentionDraft {
  key: number;
  record: RetainedRecord;
  years: string;
  months: string;
  after: RetentionStart;
}

export interface GroundDraft {
  key: number;
  text: string;
}

export type PolicyDraft = Omit<
  PolicyBody,
  "legalAgent" | "appointedAgent" | "fees" | "feeMethods" | "deadline" | "retention" | "refusalGrounds"
> & {
  legalAgent: AgentDraft;
  appointedAgent: AgentDraft;
  fees: FeeDraft[];
  feeMethods: FeeMethodDraft[];
  deadline: DeadlineDraft;
  retention: RetentionDraft[];
  refusalGrounds: GroundDraft[];
};

const agentDraft = (a: AgentRules): AgentDraft => ({
  ...a,
  documents: a.documents.map((d) => ({
    key: newRowKey(),
    doc: d.doc,
    originalRequired: d.originalRequired,
    issuedWithinMonths: d.issuedWithinMonths === null ? "" : String(d.issuedWithinMonths),
  })),
});

export function draftOf(body: PolicyBody): PolicyDraft {
  return {
    ...structuredClone(body),
    legalAgent: agentDraft(body.legalAgent),
    appointedAgent: agentDraft(body.appointedAgent),
    fees: body.fees.map((f) => ({ key: newRowKey(), kind: f.kind, amountYen: String(f.amountYen), per: f.per, when: f.when })),
    feeMethods: body.feeMethods.map((m) => ({ key: newRowKey(), ...m })),
    deadline: {
      ...body.deadline,
      days: String(body.deadline.days),
      closures: body.deadline.closures.map((c) => ({ key: newRowKey(), ...c })),
    },
    retention: body.retention.map((r) => ({
      key: newRowKey(),
      record: r.record,
      years: String(r.years),
      months: String(r.months),
      after: r.after,
    })),
    refusalGrounds: body.refusalGrounds.map((text) => ({ key: newRowKey(), text })),
  };
}

/** The draft without its row keys, to tell whether anything changed. */
export function draftSignature(draft: PolicyDraft): string {
  return JSON.stringify(draft, (k, v: unknown) => (k === "key" ? undefined : v));
}

/**
 * "12/29", "１２－２９", "1-3", "12月29日" → "12-29" / "01-03". Anything else
 * is sent as typed, and the core says what is wrong with it.
 */
export function normaliseMonthDay(value: string): string {
  const typed = toHankaku(value);
  const m = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?$/.exec(typed);
  return m ? `${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}` : typed;
}

/**
 * The body to send, and the numbers that are not whole numbers (at their
 * field paths, as the core names them). An unreadable number is 0 in the
 * body, so it can still be linted while being typed.
 */
export function bodyOf(draft: PolicyDraft): { body: PolicyBody; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const num = (value: string, field: string, message: string, empty: number | null = null): number => {
    if (value.trim() === "" && empty !== null) return empty;
    const n = parseWholeNumber(value);
    if (n === null) {
      errors.push({ field, message });
      return 0;
    }
    return n;
  };
  const agent = (a: AgentDraft, prefix: string): AgentRules => ({
    accepted: a.accepted,
    documentsNeeded: a.documentsNeeded,
    agentIdRequired: a.agentIdRequired,
    documents: a.documents.map((d, i) => ({
      doc: d.doc,
      originalRequired: d.originalRequired,
      issuedWithinMonths:
        d.issuedWithinMonths.trim() === ""
          ? null
          : num(d.issuedWithinMonths, `${prefix}.documents.${i}.issuedWithinMonths`, "か月数は整数で入力してください（期限がなければ空欄）。"),
    })),
  });
  const body: PolicyBody = {
    name: draft.name,
    description: draft.description,
    channels: [...draft.channels],
    sendsOwnForm: draft.sendsOwnForm,
    formName: draft.formName,
    identity: structuredClone(draft.identity),
    legalAgent: agent(draft.legalAgent, "legalAgent"),
    appointedAgent: agent(draft.appointedAgent, "appointedAgent"),
    fees: draft.fees.map((f, i) => ({
      kind: f.kind,
      // 「1,000円」 as typed is 1000.
      amountYen: num(f.amountYen.replace(/[,，円]/g, ""), `fees.${i}.amountYen`, "金額は0以上の整数（円）で入力してください。"),
      per: f.per,
      when: f.when,
    })),
    feeMethods: draft.feeMethods.map((m) => ({ method: m.method, instructions: m.instructions })),
    deadline: {
      days: num(draft.deadline.days, "deadline.days", "回答期限の日数は整数で入力してください。"),
      dayKind: draft.deadline.dayKind,
      from: draft.deadline.from,
      closures: draft.deadline.closures.map((c) => ({ from: normaliseMonthDay(c.from), to: normaliseMonthDay(c.to) })),
      pauseWhileWaiting: draft.deadline.pauseWhileWaiting,
      wording: draft.deadline.wording,
    },
    retention: draft.retention.map((r, i) => ({
      record: r.record,
      years: num(r.years, `retention.${i}.years`, "年数は整数で入力してください。", 0),
      months: num(r.months, `retention.${i}.months`, "月数は整数で入力してください。", 0),
      after: r.after,
    })),
    specificInfoApproval: draft.specificInfoApproval,
    refusalGrounds: draft.refusalGrounds.map((g) => g.text),
  };
  return { body, errors };
}

/** Field errors keyed by the whole path ("fees.2.amountYen"); the first message per path. */
export type PathErrors = Record<string, string>;

export function pathErrorsOf(fields: ReadonlyArray<FieldError> | null | undefined): PathErrors {
  const out: PathErrors = {};
  for (const f of fields ?? []) if (!(f.field in out)) out[f.field] = f.message;
  return out;
}

/** An ApiError's field errors, unless it is the `warnings` answer (those are not errors). */
export function policyErrorsOf(error: ApiError | null): PathErrors {
  return error && error.code !== ErrorCode.Warnings ? pathErrorsOf(error.fields) : {};
}

const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ["identity", "本人確認"],
  ["legalAgent", "法定代理人"],
  ["appointedAgent", "任意代理人"],
  ["feeMethods", "支払方法"],
  ["fees", "手数料"],
  ["deadline", "回答期限"],
  ["retention", "保存期間"],
  ["refusalGrounds", "不開示の理由"],
  ["specificInfoApproval", "特定個人情報"],
];

/** Where a field path is, for the summary: 「手数料（2行目）」, 「基本」. */
export function placeOf(path: string): string {
  const parts = path.split(".");
  const section = SECTIONS.find(([prefix]) => parts[0] === prefix)?.[1] ?? "基本";
  const index = parts.find((p) => /^\d+$/.test(p));
  const sub = parts[0] === "deadline" && parts[1] === "closures" ? "休業期間" : parts[1] === "documents" ? "書類" : null;
  const where = sub ? `${section}・${sub}` : section;
  return index === undefined ? where : `${where}（${Number(index) + 1}行目）`;
}
