// 苦情・相談 of the in-memory fake backend (tests only): a small mirror of
// complaints.rs — a complaint takes a 受付番号 from the requests' series but
// is kept apart from them (never in the register), may be linked to a request
// by its 受付番号, and is handled in four dated steps, in order:
// 一次対応 → 調査・検討 → 改善措置 → 回答・報告. Its status follows the latest
// step done. The messages are those of the Rust side.
import { containsIndividualNumber } from "./fakeDocuments";
import { dayString, parseDay } from "./fakeCases";
import type {
  CaseStatus,
  Channel,
  ComplaintCategory,
  ComplaintDetail,
  ComplaintInput,
  ComplaintStep,
  ComplaintSummary,
  FieldError,
  StepInput,
  StepView,
} from "./types";

/** The four steps, in order, with the core's labels. */
export const COMPLAINT_STEPS: ReadonlyArray<readonly [ComplaintStep, string]> = [
  ["first_response", "一次対応"],
  ["investigation", "調査・検討"],
  ["improvement", "改善措置"],
  ["reply", "回答・報告"],
];

/** As `ANONYMOUS`: the name of a complaint given without one. */
export const ANONYMOUS = "（匿名）";

const INDIVIDUAL_NUMBER_MESSAGE =
  "個人番号（マイナンバー）と思われる12桁の番号が含まれています。番号法により、個人番号は必要な場合を除き記録できません。番号を削除してください。";

/** The status a complaint has once this step is its latest (`ComplaintStep::status`). */
const STATUS_AFTER: Record<ComplaintStep, CaseStatus> = {
  first_response: "investigating",
  investigation: "investigating",
  improvement: "preparing_reply",
  reply: "completed",
};

interface FakeStepRecord {
  doneOn: string;
  person: string;
  notes: string;
  recordedBy: string;
  recordedAt: string;
}

export interface FakeComplaint {
  caseId: number;
  receiptNo: string;
  category: ComplaintCategory;
  channel: Channel;
  receivedOn: string;
  name: string;
  contact: string;
  text: string;
  linkedCaseId: number | null;
  linkedReceiptNo: string | null;
  steps: Partial<Record<ComplaintStep, FakeStepRecord>>;
}

/** A request a complaint may be linked to. */
export interface LinkableRequest {
  id: number;
  receiptNo: string;
}

const clean = (s: string): string => s.normalize("NFKC").trim();

/** As `checked_text`: required, at most `max` characters, no 個人番号. */
function checkedText(field: string, label: string, v: string, max: number, required: boolean, errors: FieldError[]): string {
  const value = clean(v);
  if (required && value === "") errors.push({ field, message: `${label}を入力してください。` });
  else if ([...value].length > max) errors.push({ field, message: `${max}文字以内で入力してください。` });
  else if (containsIndividualNumber(value)) errors.push({ field, message: INDIVIDUAL_NUMBER_MESSAGE });
  return value;
}

/** As `checked_day`: a real day (西暦), not in the future. */
function checkedDay(field: string, label: string, v: string, today: string, errors: FieldError[]): string | null {
  const p = parseDay(v);
  if (!p) {
    errors.push({ field, message: `${label}は西暦の年-月-日（例: 2026-12-01）で入力してください。` });
    return null;
  }
  const day = dayString(p);
  if (day > today) {
    errors.push({ field, message: `${label}に未来の日付は入力できません。` });
    return null;
  }
  return day;
}

/** Every 苦情・相談 of the fake, with the rules of `create_complaint` and `record_complaint_step`. */
export class FakeComplaints {
  items: FakeComplaint[] = [];

  /** How many 受付番号 of `year` complaints have taken (the series is shared with requests). */
  countInYear(year: string): number {
    return this.items.filter((c) => c.receiptNo.startsWith(year)).length;
  }

  find(caseId: number): FakeComplaint | undefined {
    return this.items.find((c) => c.caseId === caseId);
  }

  /**
   * The checked input of a new complaint, or every field's problem. The
   * linked 受付番号 is looked at only once the rest is right (as the Rust side).
   */
  validate(
    input: ComplaintInput,
    today: string,
    findRequest: (receiptNo: string) => LinkableRequest | undefined,
  ): { errors: FieldError[]; value?: Omit<FakeComplaint, "caseId" | "receiptNo" | "steps"> } {
    const errors: FieldError[] = [];
    const receivedOn = checkedDay("receivedOn", "受付日", input.receivedOn, today, errors);
    const name = checkedText("name", "氏名", input.name, 100, false, errors);
    const contact = checkedText("contact", "連絡先", input.contact, 200, false, errors);
    const text = checkedText("summary", "内容", input.summary, 4000, true, errors);
    if (errors.length > 0 || receivedOn === null) return { errors };
    const linkedNo = clean(input.linkedReceiptNo);
    let linked: LinkableRequest | undefined;
    if (linkedNo !== "") {
      linked = findRequest(linkedNo);
      if (!linked) return { errors: [{ field: "linkedReceiptNo", message: "その受付番号の請求はありません。" }] };
    }
    return {
      errors: [],
      value: {
        category: input.category,
        channel: input.channel,
        receivedOn,
        name: name === "" ? ANONYMOUS : name,
        contact,
        text,
        linkedCaseId: linked?.id ?? null,
        linkedReceiptNo: linked?.receiptNo ?? null,
      },
    };
  }

  add(c: FakeComplaint): FakeComplaint {
    this.items.push(c);
    return c;
  }

  /**
   * Records (or corrects) a step: in order, dated on or after the 受付日 and
   * the step before, on or before the step after, never in the future.
   */
  recordStep(c: FakeComplaint, input: StepInput, today: string, recordedBy: string, recordedAt: string): FieldError[] {
    const i = COMPLAINT_STEPS.findIndex(([s]) => s === input.step);
    if (i < 0) return [{ field: "step", message: "対応の段階が正しくありません。" }];
    if (i > 0 && !c.steps[COMPLAINT_STEPS[i - 1]![0]])
      return [{ field: "step", message: `先に「${COMPLAINT_STEPS[i - 1]![1]}」を記録してください。` }];
    const errors: FieldError[] = [];
    const day = checkedDay("doneOn", "対応日", input.doneOn, today, errors);
    const person = checkedText("person", "対応者", input.person, 50, true, errors);
    const notes = checkedText("notes", "内容", input.notes, 4000, false, errors);
    if (errors.length > 0 || day === null) return errors;
    const prev = COMPLAINT_STEPS.slice(0, i)
      .map(([s]) => c.steps[s]?.doneOn)
      .filter((d): d is string => !!d)
      .at(-1);
    const next = COMPLAINT_STEPS.slice(i + 1)
      .map(([s]) => c.steps[s]?.doneOn)
      .find((d): d is string => !!d);
    if (day < c.receivedOn) return [{ field: "doneOn", message: "対応日は受付日以降にしてください。" }];
    if (prev && day < prev) return [{ field: "doneOn", message: "対応日は前の段階の日付以降にしてください。" }];
    if (next && day > next) return [{ field: "doneOn", message: "対応日は次の段階の日付以前にしてください。" }];
    c.steps[input.step] = { doneOn: day, person, notes, recordedBy, recordedAt };
    return [];
  }

  summaryOf(c: FakeComplaint): ComplaintSummary {
    const last = [...COMPLAINT_STEPS].reverse().find(([s]) => c.steps[s])?.[0] ?? null;
    return {
      caseId: c.caseId,
      receiptNo: c.receiptNo,
      category: c.category,
      channel: c.channel,
      receivedOn: c.receivedOn,
      name: c.name,
      status: last ? STATUS_AFTER[last] : "received",
      lastStep: last,
      linkedReceiptNo: c.linkedReceiptNo,
    };
  }

  detailOf(c: FakeComplaint): ComplaintDetail {
    const steps: StepView[] = COMPLAINT_STEPS.map(([step, label]) => {
      const d = c.steps[step];
      return {
        step,
        label,
        doneOn: d?.doneOn ?? null,
        person: d?.person ?? "",
        notes: d?.notes ?? "",
        recordedBy: d?.recordedBy ?? "",
        recordedAt: d?.recordedAt ?? "",
      };
    });
    return {
      summary: this.summaryOf(c),
      contact: c.contact,
      text: c.text,
      linkedCaseId: c.linkedCaseId,
      steps,
      nextStep: steps.find((s) => s.doneOn === null)?.step ?? null,
    };
  }

  /** Newest first (受付日, then the latest logged); `openOnly`: not yet 回答・報告. */
  list(openOnly: boolean): ComplaintSummary[] {
    return [...this.items]
      .sort((a, b) => b.receivedOn.localeCompare(a.receivedOn) || b.caseId - a.caseId)
      .map((c) => this.summaryOf(c))
      .filter((s) => !openOnly || s.status !== "completed");
  }
}
