// 保存期間と廃棄 of the in-memory fake backend (tests only): a small mirror of
// retention.rs — the schedule a case's 回答完了日 gives, the 廃棄予定 queue,
// 管理者 approvals, 保全 (legal hold), disposal and the 廃棄記録 with its
// checklist of paper to shred. The fake's cases have no 回答完了日 of their
// own: a test gives one with `FakeBackend.seedReplied`.
import { enclosureLabel, kindLabel } from "../lib/caseLabels";
import { containsIndividualNumber, docTypeLabel } from "./fakeDocuments";
import { FAKE_VOCABULARY } from "./fakePolicies";
import type {
  CaseStatus,
  Channel,
  Destroyed,
  DisposalItem,
  DisposalQueue,
  DisposalRecord,
  DisposalRun,
  DisposalScope,
  DisposalTarget,
  DocType,
  Enclosure,
  FieldError,
  LegalHold,
  Outcome,
  RequestKind,
  RetentionInfo,
  SkippedDisposal,
} from "./types";

/** How many days ahead the queue shows what is coming (`UPCOMING_DAYS`). */
export const UPCOMING_DAYS = 60;

export type FakeRetainedRecord = "request_documents" | "case_record";

export interface FakeRetentionRule {
  record: FakeRetainedRecord;
  years: number;
  months: number;
  after: "receipt" | "reply_completed";
}

/** The product default: both records 1 year after the reply. */
export const DEFAULT_RETENTION_RULES: readonly FakeRetentionRule[] = [
  { record: "request_documents", years: 1, months: 0, after: "reply_completed" },
  { record: "case_record", years: 1, months: 0, after: "reply_completed" },
];

const RECORD_LABEL: Record<FakeRetainedRecord, string> = {
  request_documents: "請求書類・本人確認書類",
  case_record: "案件の記録",
};

const INDIVIDUAL_NUMBER_MESSAGE =
  "個人番号（マイナンバー）と思われる12桁の番号が含まれています。番号法により、個人番号は必要な場合を除き記録できません。番号を削除してください。";

const isoOf = (d: Date): string => d.toISOString().slice(0, 10);

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoOf(d);
}

/** The day after a period of `years` and `months` from `start` ends (as `disposable_from`: the month end clamps). */
export function disposableFrom(start: string, years: number, months: number): string {
  const [y, m, d] = start.split("-").map(Number) as [number, number, number];
  const total = m - 1 + years * 12 + months;
  const ty = y + Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return addDays(isoOf(new Date(Date.UTC(ty, tm, Math.min(d, last)))), 1);
}

/** 「回答完了から1年」, 「受付日から3年6か月」. */
export function ruleLabel(r: FakeRetentionRule): string {
  const start = r.after === "receipt" ? "受付日から" : "回答完了から";
  const period = r.months === 0 ? `${r.years}年` : r.years === 0 ? `${r.months}か月` : `${r.years}年${r.months}か月`;
  return `${start}${period}`;
}

interface Due {
  from: string;
  rule: string;
}

/** As `schedule`: the day the request documents may go (only if before the case) and the day the case may go. */
export function scheduleOf(
  rules: readonly FakeRetentionRule[],
  receivedOn: string,
  repliedOn: string | null,
): { documents: Due | null; case: Due | null } {
  // undefined: no rule for the record; null: a rule whose start is not known yet.
  const due = (record: FakeRetainedRecord): Due | null | undefined => {
    const matching = rules.filter((r) => r.record === record);
    if (matching.length === 0) return undefined;
    let best: Due | null = null;
    for (const r of matching) {
      const start = r.after === "receipt" ? receivedOn : repliedOn;
      if (!start) return null;
      const d = { from: disposableFrom(start, r.years, r.months), rule: ruleLabel(r) };
      if (!best || d.from > best.from) best = d;
    }
    return best;
  };
  const rd = due("request_documents");
  const rc = due("case_record");
  const docs = rd === undefined ? (rc ?? null) : rd;
  let kase = rc === undefined ? (rd ?? null) : rc;
  if (docs && kase && docs.from > kase.from) kase = docs;
  const documents = docs && kase && docs.from < kase.from ? docs : null;
  return { documents, case: kase };
}

/** 「開示：全部開示」: a decided kind as the 廃棄記録 keeps it. */
export function outcomeText(kind: RequestKind, outcome: Outcome): string {
  const label = FAKE_VOCABULARY.decisionChoices.find((c) => c.kind === kind)?.outcomes.find((o) => o.code === outcome)?.label ?? "";
  return `${kindLabel[kind]}：${label}`;
}

/** What the fake backend tells this module about one case. */
export interface RetentionFacts {
  id: number;
  receiptNo: string;
  status: CaseStatus;
  channel: Channel;
  kinds: RequestKind[];
  receivedOn: string;
  enclosures: Enclosure[];
  /** Originals kept at the desk (not returned). */
  originalsKept: DocType[];
}

/** What a disposal destroyed and what the record keeps of the case. */
export interface Disposed {
  destroyed: Destroyed;
  outcomes: string[];
}

const FINISHED: readonly CaseStatus[] = ["sent", "completed", "withdrawn", "mistaken"];

const key = (caseId: number, scope: DisposalScope) => `${caseId}:${scope}`;

export class FakeRetention {
  rules: FakeRetentionRule[] = DEFAULT_RETENTION_RULES.map((r) => ({ ...r }));
  /** The profile states no period: the product default applies. */
  isDefault = true;
  /** 回答完了日 by case id. */
  repliedOn = new Map<number, string>();
  documentsDisposedOn = new Map<number, string>();
  holds = new Map<number, LegalHold>();
  approvals = new Map<string, { by: string; at: string }>();
  records: DisposalRecord[] = [];
  private nextRecordId = 1;
  private nextPaperId = 1;

  private schedule(f: RetentionFacts) {
    return scheduleOf(this.rules, f.receivedOn, this.repliedOn.get(f.id) ?? null);
  }

  /** As `paper_items`: originals not returned, and what came by post (stamps, 為替, envelopes are used up). */
  private paperOf(f: RetentionFacts): string[] {
    const items = f.originalsKept.map((d) => `${docTypeLabel(d)}（原本）`);
    const seen = new Set<string>(f.originalsKept);
    for (const e of f.enclosures) {
      if (e === "stamps" || e === "money_order" || e === "return_envelope" || seen.has(e)) continue;
      items.push(`${enclosureLabel[e]}（郵送で受領）`);
      seen.add(e);
    }
    if (f.channel === "post" && !f.enclosures.includes("request_form")) items.push("郵送で届いた請求の書面");
    return items;
  }

  info(f: RetentionFacts): RetentionInfo {
    const s = this.schedule(f);
    const finished = FINISHED.includes(f.status);
    const disposedOn = this.documentsDisposedOn.get(f.id) ?? null;
    return {
      rules: this.rules.map((r) => `${RECORD_LABEL[r.record]}：${ruleLabel(r)}`),
      isDefault: this.isDefault,
      disposableFrom: finished && s.case ? s.case.from : null,
      documentsFrom: finished && s.documents && !disposedOn ? s.documents.from : null,
      documentsDisposedOn: disposedOn,
      hold: this.holds.get(f.id) ?? null,
    };
  }

  /** Every disposal whose day is on or before `until`, by day then 受付番号. */
  items(cases: readonly RetentionFacts[], until: string): DisposalItem[] {
    const out: DisposalItem[] = [];
    for (const f of [...cases].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.id - b.id)) {
      if (!FINISHED.includes(f.status)) continue;
      const s = this.schedule(f);
      const disposedOn = this.documentsDisposedOn.get(f.id);
      let pick: [DisposalScope, Due] | null = null;
      if (s.case && s.case.from <= until) pick = ["case", s.case];
      else if (s.documents && s.documents.from <= until && !disposedOn) pick = ["documents", s.documents];
      if (!pick) continue;
      const [scope, due] = pick;
      const approval = this.approvals.get(key(f.id, scope));
      out.push({
        caseId: f.id,
        receiptNo: f.receiptNo,
        // The fake's cases are all requests (no 苦情・相談).
        complaint: false,
        scope,
        status: f.status,
        kinds: [...f.kinds],
        receivedOn: f.receivedOn,
        repliedOn: this.repliedOn.get(f.id) ?? null,
        rule: due.rule,
        disposableFrom: due.from,
        hold: this.holds.get(f.id) ?? null,
        approvedBy: approval?.by ?? null,
        approvedAt: approval?.at ?? null,
        paperItems: scope === "case" && disposedOn ? [] : this.paperOf(f),
      });
    }
    return out.sort((a, b) => a.disposableFrom.localeCompare(b.disposableFrom) || a.receiptNo.localeCompare(b.receiptNo));
  }

  queue(cases: readonly RetentionFacts[], today: string): DisposalQueue {
    const all = this.items(cases, addDays(today, UPCOMING_DAYS));
    return { today, due: all.filter((i) => i.disposableFrom <= today), upcoming: all.filter((i) => i.disposableFrom > today) };
  }

  /** As `approve_disposals`: the first target that is not due or is held. */
  approveError(cases: readonly RetentionFacts[], targets: readonly DisposalTarget[], today: string): FieldError | null {
    const due = this.items(cases, today);
    for (const t of targets) {
      const item = due.find((i) => i.caseId === t.caseId && i.scope === t.scope);
      if (!item) return { field: "caseId", message: "この案件はまだ廃棄できません（保存期間中か、回答が完了していません）。" };
      if (item.hold) return { field: "caseId", message: `${item.receiptNo} は保全中のため承認できません。` };
    }
    return null;
  }

  approve(targets: readonly DisposalTarget[], by: string, at: string): void {
    for (const t of targets) this.approvals.set(key(t.caseId, t.scope), { by, at });
  }

  withdraw(target: DisposalTarget): FieldError | null {
    if (!this.approvals.delete(key(target.caseId, target.scope))) return { field: "caseId", message: "この廃棄は承認されていません。" };
    return null;
  }

  /** As `set_legal_hold`'s checks: the reason cleaned, or the error at `reason`. */
  holdReason(reason: string): { value: string; error: FieldError | null } {
    const value = reason.trim();
    if (!value) return { value, error: { field: "reason", message: "保全の理由を入力してください。" } };
    if ([...value].length > 200) return { value, error: { field: "reason", message: "保全の理由は200字以内で入力してください。" } };
    if (containsIndividualNumber(value)) return { value, error: { field: "reason", message: INDIVIDUAL_NUMBER_MESSAGE } };
    return { value, error: null };
  }

  /** 保全; an approval given before it no longer stands. */
  setHold(caseId: number, reason: string, by: string, at: string): void {
    this.holds.set(caseId, { reason, setAt: at, setBy: by });
    for (const scope of ["documents", "case"] as const) this.approvals.delete(key(caseId, scope));
  }

  releaseHold(caseId: number): FieldError | null {
    if (!this.holds.delete(caseId)) return { field: "caseId", message: "この案件は保全されていません。" };
    return null;
  }

  /**
   * As `perform_disposals`: every approved disposal that is due and not held
   * is done (`dispose` removes the case's data and says what went); the rest
   * are skipped with the reason, and so are held ones never approved.
   */
  perform(
    cases: readonly RetentionFacts[],
    today: string,
    performer: string,
    at: string,
    dispose: (item: DisposalItem) => Disposed,
  ): DisposalRun {
    const due = this.items(cases, today);
    const run: DisposalRun = { done: [], skipped: [] };
    const approved = [...this.approvals.entries()]
      .map(([k, v]) => {
        const [id, scope] = k.split(":") as [string, DisposalScope];
        return { caseId: Number(id), scope, approval: v };
      })
      .sort((a, b) => a.caseId - b.caseId || a.scope.localeCompare(b.scope));
    for (const { caseId, scope, approval } of approved) {
      const receiptNo = cases.find((c) => c.id === caseId)?.receiptNo ?? "";
      const item = due.find((i) => i.caseId === caseId && i.scope === scope);
      const skip = (reason: string): SkippedDisposal => ({ receiptNo, scope, reason });
      if (!item) {
        run.skipped.push(skip("廃棄可能日前か、対象でなくなりました。"));
        continue;
      }
      if (item.hold) {
        run.skipped.push(skip(`保全中：${item.hold.reason}`));
        continue;
      }
      const f = cases.find((c) => c.id === caseId)!;
      const { destroyed, outcomes } = dispose(item);
      this.approvals.delete(key(caseId, scope));
      if (scope === "case") {
        this.repliedOn.delete(caseId);
        this.documentsDisposedOn.delete(caseId);
        this.holds.delete(caseId);
        this.approvals.delete(key(caseId, "documents"));
      } else {
        this.documentsDisposedOn.set(caseId, at.slice(0, 10));
      }
      const record: DisposalRecord = {
        id: this.nextRecordId++,
        receiptNo: item.receiptNo,
        complaint: item.complaint,
        scope,
        kinds: [...item.kinds],
        channel: f.channel,
        receivedOn: item.receivedOn,
        repliedOn: item.repliedOn,
        finalStatus: item.status,
        outcomes,
        rule: item.rule,
        disposableFrom: item.disposableFrom,
        destroyed,
        approvedBy: approval.by,
        approvedAt: approval.at,
        performedBy: performer,
        performedAt: at,
        paper: item.paperItems.map((p) => ({ id: this.nextPaperId++, item: p, shreddedOn: null, shreddedBy: null })),
      };
      this.records.push(record);
      run.done.push(structuredClone(record));
    }
    for (const item of due) {
      if (item.hold && !run.skipped.some((s) => s.receiptNo === item.receiptNo && s.scope === item.scope)) {
        run.skipped.push({ receiptNo: item.receiptNo, scope: item.scope, reason: `保全中：${item.hold.reason}` });
      }
    }
    return run;
  }

  /** 廃棄記録, newest first; `year` on the day performed. */
  recordsOf(year: number | null): DisposalRecord[] {
    return this.records.filter((r) => year === null || r.performedAt.startsWith(String(year))).reverse();
  }

  /** As `mark_paper_shredded`'s checks; the record of the item when it may be ticked. */
  shredCheck(itemId: number, shreddedOn: string, today: string): { on: string; record: DisposalRecord | null; error: FieldError | null; notFound: boolean } {
    const on = shreddedOn.normalize("NFKC").trim().replace(/[/.年月]/g, "-").replace(/日$/, "");
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(on);
    const day = m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : "";
    const valid = !!m && isoOf(new Date(`${day}T00:00:00Z`)) === day;
    if (!valid) return { on, record: null, error: { field: "shreddedOn", message: "廃棄日は西暦の年-月-日（例: 2026-12-01）で入力してください。" }, notFound: false };
    if (day > today) return { on: day, record: null, error: { field: "shreddedOn", message: "廃棄日に未来の日付は入力できません。" }, notFound: false };
    const record = this.records.find((r) => r.paper.some((p) => p.id === itemId)) ?? null;
    if (!record) return { on: day, record: null, error: null, notFound: true };
    if (record.paper.find((p) => p.id === itemId)!.shreddedOn)
      return { on: day, record, error: { field: "itemId", message: "この書類はすでにシュレッダー済です。" }, notFound: false };
    return { on: day, record, error: null, notFound: false };
  }

  shred(record: DisposalRecord, itemId: number, on: string, by: string): DisposalRecord {
    const p = record.paper.find((x) => x.id === itemId)!;
    p.shreddedOn = on;
    p.shreddedBy = by;
    return structuredClone(record);
  }
}
