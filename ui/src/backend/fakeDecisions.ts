// 調査・決定 of the in-memory fake backend (tests only), in the same words as
// src-tauri/core/src/decisions.rs: the validation of a decision (法的根拠 for
// a refusal, reasons for anything short of full compliance, the detail of a
// partial one), what needs a 管理者's approval, and `check_move` (承認待ち
// only with every kind decided, 回答準備 only when approved if needed).
import { kindLabel } from "../lib/caseLabels";
import { containsIndividualNumber } from "./fakeDocuments";
import { FAKE_VOCABULARY } from "./fakePolicies";
import type {
  ApprovalRecord,
  CaseDecisions,
  CaseStatus,
  DecisionInput,
  FieldError,
  InvestigationNote,
  KindDecision,
  LegalGround,
  Outcome,
  RequestKind,
} from "./types";

/** A decision as stored: who decided it by id as well (for the self-approval rule). */
export interface FakeDecision {
  input: DecisionInput;
  decidedBy: string;
  decidedById: number | null;
  decidedAt: string;
}

/** An approval or a send-back as stored. */
export interface FakeApproval {
  approved: boolean;
  note: string;
  by: string;
  byId: number | null;
  at: string;
}

/** As `documents::INDIVIDUAL_NUMBER_MESSAGE`. */
const INDIVIDUAL_NUMBER_MESSAGE =
  "個人番号（マイナンバー）と思われる12桁の番号が含まれています。番号法により、個人番号は必要な場合を除き記録できません。番号を削除してください。";

const choicesOf = (kind: RequestKind) => FAKE_VOCABULARY.decisionChoices.find((c) => c.kind === kind) ?? { kind, outcomes: [], grounds: [] };

/** `outcomes_for`: the first one is full compliance. */
export const outcomesFor = (kind: RequestKind): Outcome[] => choicesOf(kind).outcomes.map((c) => c.code as Outcome);
/** `grounds_for`. */
export const groundsFor = (kind: RequestKind): LegalGround[] => choicesOf(kind).grounds.map((c) => c.code as LegalGround);

export function outcomeLabel(outcome: string): string {
  for (const k of FAKE_VOCABULARY.decisionChoices) {
    const c = k.outcomes.find((o) => o.code === outcome);
    if (c) return c.label;
  }
  return "";
}

/** `Outcome::is_full`. */
export const isFull = (o: Outcome): boolean => o === "full_disclosure" || o === "done" || o === "notified";
/** `Outcome::is_refusal`: not full and not 保有個人データなし. */
export const isRefusal = (o: Outcome): boolean => !isFull(o) && o !== "no_data";

const chars = (s: string) => [...s].length;

/** `clean_text`: trimmed; too long or a 個人番号 is an error at the field. */
function cleanText(field: string, value: string, max: number, errors: FieldError[]): string {
  const v = value.trim();
  if (chars(v) > max) errors.push({ field, message: `${max}文字以内で入力してください。` });
  else if (containsIndividualNumber(v)) errors.push({ field, message: INDIVIDUAL_NUMBER_MESSAGE });
  return v;
}

/** `DecisionInput::validated`. */
export function validateDecision(input: DecisionInput, requested: readonly RequestKind[]): { value: DecisionInput; errors: FieldError[] } {
  const v: DecisionInput = { ...input };
  const errors: FieldError[] = [];
  if (!requested.includes(v.kind)) errors.push({ field: "kind", message: "この案件で請求されていない種類です。" });
  if (!outcomesFor(v.kind).includes(v.outcome)) errors.push({ field: "outcome", message: `${kindLabel[v.kind]}の決定として選べない内容です。` });
  v.reasons = cleanText("reasons", v.reasons, 2000, errors);
  v.detail = cleanText("detail", v.detail, 2000, errors);
  if (isFull(v.outcome)) {
    v.legalGround = null;
  } else {
    if (isRefusal(v.outcome)) {
      if (v.legalGround === null) errors.push({ field: "legalGround", message: "応じない理由となる法的根拠を選んでください。" });
      else if (!groundsFor(v.kind).includes(v.legalGround))
        errors.push({ field: "legalGround", message: `${kindLabel[v.kind]}の根拠として選べない条文です。` });
    }
    if (chars(v.reasons) < 10)
      errors.push({
        field: "reasons",
        message: "本人に説明する理由を10文字以上で入力してください（法第36条により、理由の説明に努めなければなりません）。",
      });
  }
  if ((v.outcome === "partial_disclosure" || v.outcome === "partly_done" || v.outcome === "alternative") && v.detail === "")
    errors.push({ field: "detail", message: "開示しない部分・実施した内容・代替措置の内容を入力してください。" });
  return { value: v, errors };
}

/** As `add_investigation_note`'s checks. */
export function validateInvestigation(searched: string, found: string): { searched: string; found: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const s = cleanText("searched", searched, 2000, errors);
  const f = cleanText("found", found, 4000, errors);
  if (s === "") errors.push({ field: "searched", message: "調査した対象（システム・台帳・書類など）を入力してください。" });
  return { searched: s, found: f, errors };
}

/** `Store::case_decisions`. */
export function decisionsOf(
  caseId: number,
  kinds: readonly RequestKind[],
  specificPersonalInfo: boolean,
  notes: readonly InvestigationNote[],
  stored: readonly FakeDecision[],
  approvals: readonly FakeApproval[],
): CaseDecisions {
  const decisions: KindDecision[] = kinds.map((kind) => {
    const d = stored.find((x) => x.input.kind === kind);
    return { kind, decision: d ? { input: { ...d.input }, decidedBy: d.decidedBy, decidedAt: d.decidedAt } : null };
  });
  const approvalReasons: string[] = [];
  for (const kd of decisions) {
    if (kd.decision && isRefusal(kd.decision.input.outcome)) approvalReasons.push(`${kindLabel[kd.kind]}: ${outcomeLabel(kd.decision.input.outcome)}`);
  }
  if (specificPersonalInfo) approvalReasons.push("特定個人情報を含む案件");
  const latest = approvals[approvals.length - 1];
  const lastDecision = stored.map((d) => d.decidedAt).sort().at(-1);
  const approval: ApprovalRecord | null = latest ? { approved: latest.approved, note: latest.note, by: latest.by, at: latest.at } : null;
  return {
    caseId,
    notes: notes.map((n) => ({ ...n })),
    decisions,
    complete: decisions.every((d) => d.decision !== null),
    needsApproval: approvalReasons.length > 0,
    approvalReasons,
    approval,
    approved: !!latest && latest.approved && (lastDecision === undefined || lastDecision <= latest.at),
  };
}

/** `check_move`: the error of a move to 承認待ち / 回答準備, or null. */
export function moveError(d: CaseDecisions, to: CaseStatus): FieldError | null {
  if (to !== "awaiting_approval" && to !== "preparing_reply") return null;
  if (!d.complete) {
    const missing = d.decisions.filter((x) => x.decision === null).map((x) => kindLabel[x.kind]);
    return { field: "status", message: `決定していない請求があります: ${missing.join("・")}` };
  }
  if (to === "preparing_reply" && d.needsApproval && !d.approved)
    return { field: "status", message: `管理者の承認が必要です（${d.approvalReasons.join("、")}）。「承認待ち」にしてください。` };
  return null;
}

/**
 * The checks of `review_decisions` after the 管理者 check: only 承認待ち,
 * never one's own decision, a send-back needs its reason.
 */
export function reviewError(status: CaseStatus, approve: boolean, note: string, me: number | null, deciders: ReadonlyArray<number | null>): FieldError | null {
  if (status !== "awaiting_approval") return { field: "status", message: "「承認待ち」の案件だけを承認・差戻しできます。" };
  if (approve && me !== null && deciders.includes(me))
    return { field: "approval", message: "自分が行った決定は承認できません。別の管理者に承認を依頼してください。" };
  if (!approve && note.trim() === "") return { field: "note", message: "差し戻す理由を入力してください。" };
  if (containsIndividualNumber(note)) return { field: "note", message: INDIVIDUAL_NUMBER_MESSAGE };
  return null;
}

/** The timeline's line for a recorded decision (as `event_summary`). */
export const decisionEventSummary = (kind: RequestKind, outcome: Outcome): string => `決定を記録: ${kindLabel[kind]} → ${outcomeLabel(outcome)}`;

/** The timeline's line for a review (as `event_summary`). */
export const reviewEventSummary = (approved: boolean, note: string): string =>
  approved ? "管理者が決定を承認" : `管理者が決定を差戻し（理由: ${note}）`;
