import type { CaseDecisions, CaseInput, CaseStatus, PaymentInput, TemplateReadiness } from "../backend/types";
import { blankPayment } from "./fixtures";
import type { Host } from "./host";
import { createCase, sampleInput, signIn, type Who } from "./seed";

const NAMES: Array<[string, string]> = [
  ["見本 花子", "ミホン ハナコ"],
  ["高橋 一郎", "タカハシ イチロウ"],
  ["佐々木 由美", "ササキ ユミ"],
  ["田中 次郎", "タナカ ジロウ"],
  ["伊藤 さくら", "イトウ サクラ"],
];

/** `n` cases received on different days of 2026 (the newest last), receipt numbers 2026-0001…. */
export function manyCases(n: number): CaseInput[] {
  return Array.from({ length: n }, (_, i) => {
    const [name, kana] = NAMES[i % NAMES.length]!;
    const day = new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 2)));
    return sampleInput({
      receivedOn: day.toISOString().slice(0, 10),
      channel: i % 3 === 0 ? "email" : "post",
      requester: { name: `${name}${i + 1}`, kana, email: `user${i + 1}@example.jp` },
      kinds: i % 4 === 0 ? ["disclosure", "deletion"] : ["disclosure"],
      specificPersonalInfo: i % 10 === 0,
    });
  });
}

/** A case to seed: its intake, and a status to move it to (with the reason 取下げ and 誤登録 need). */
export type CaseSeed = { input: CaseInput; status?: CaseStatus };

/**
 * Registers the cases through the app's commands (as the 管理者), then
 * leaves `who` signed in — the app opens on its home screen.
 */
export async function seedCases(h: Host, cases: Array<CaseInput | CaseSeed>, who: Who = "officer"): Promise<void> {
  await signIn(h, "admin");
  for (const c of cases) {
    const seed = "input" in c ? c : { input: c };
    const made = await createCase(h, seed.input);
    if (seed.status) await h.call("set_case_status", { id: made.id, status: seed.status, reason: "見本の理由" });
  }
  await h.call("lock");
  await signIn(h, who);
}

/**
 * A 開示 request answered on `repliedOn` through the app's own steps:
 * investigated, decided (全部開示), the 開示決定通知書 issued and its mailing
 * recorded on that day (which makes the case 発送済 with that 回答完了日),
 * then 完了 unless `complete` is false. Signed in as the 管理者 throughout;
 * returns the case's id.
 */
export async function seedReplied(h: Host, input: CaseInput, repliedOn: string, { complete = true } = {}): Promise<number> {
  await signIn(h, "admin");
  const made = await createCase(h, {
    ...input,
    requester: { ...input.requester, postalCode: input.requester.postalCode || "100-0001", address: input.requester.address || "東京都千代田区見本町1-2-3" },
  });
  const id = made.id;
  await h.call("set_case_status", { id, status: "investigating", reason: "" });
  for (const kind of made.input.kinds) {
    await h.call("record_decision", { caseId: id, decision: { kind, outcome: kind === "disclosure" ? "full_disclosure" : "done", legalGround: null, reasons: "", detail: "登録情報（氏名・住所・購入履歴）" } });
  }
  await h.call("set_case_status", { id, status: "preparing_reply", reason: "" });
  const letter = await h.call<{ id: number }>("issue_letter", { caseId: id, key: "disclosure_decision" });
  await h.call("record_mailing", { letterId: letter.id, input: { sentOn: repliedOn, method: "ordinary", trackingNo: "", postageYen: 0, note: "" } });
  if (complete) await h.call("set_case_status", { id, status: "completed", reason: "" });
  return id;
}

/** What a seeded case was answered with. */
export type Answer = {
  input: CaseInput;
  /** Each requested kind's decision, as the 決定 tab records it. */
  decisions: Array<{ kind: CaseInput["kinds"][number]; outcome: string; legalGround?: string | null; reasons?: string; detail?: string }>;
  /** Payments (and refunds) recorded before the decision. */
  payments?: Array<Partial<PaymentInput> & Pick<PaymentInput, "method" | "receivedOn">>;
  /** The day the answer was mailed; the case stays 調査中 without one. */
  repliedOn?: string;
};


/** The letters that answer a request and move it to 発送済. */
const ANSWERS = ["disclosure_decision", "partial_disclosure_decision", "correction_result", "suspension_result", "purpose_notice"];

/**
 * A request answered the way a desk answers it: the 管理者 registers it and
 * records its payments, the 担当者 decides, a 管理者 approves where the law
 * asks for it, the answering letter is issued and its mailing recorded on
 * `repliedOn` (the 回答完了日), then 完了. Ends with the 管理者 signed in;
 * returns the case's id.
 */
export async function seedAnswered(h: Host, a: Answer): Promise<number> {
  await signIn(h, "admin");
  const made = await createCase(h, {
    ...a.input,
    requester: { ...a.input.requester, postalCode: a.input.requester.postalCode || "100-0001", address: a.input.requester.address || "東京都千代田区見本町1-2-3" },
  });
  const id = made.id;
  for (const p of a.payments ?? []) await h.call("record_payment", { caseId: id, payment: { ...blankPayment, ...p } });
  await h.call("set_case_status", { id, status: "investigating", reason: "" });
  if (!a.repliedOn) return id;
  await h.call("lock");
  await signIn(h, "officer");
  for (const d of a.decisions) {
    await h.call("record_decision", {
      caseId: id,
      decision: { legalGround: null, reasons: "", detail: "見本の内容（登録情報）", ...d },
    });
  }
  const decided = await h.call<CaseDecisions>("get_decisions", { caseId: id });
  await h.call("set_case_status", { id, status: decided.needsApproval ? "awaiting_approval" : "preparing_reply", reason: "" });
  await h.call("lock");
  await signIn(h, "admin");
  if (decided.needsApproval) await h.call("review_decisions", { caseId: id, approve: true, note: "" });
  const ready = await h.call<TemplateReadiness[]>("letter_readiness", { caseId: id });
  const key = ready.find((t) => ANSWERS.includes(t.key) && t.missing.length === 0)?.key;
  if (!key) throw new Error(`no answering letter is ready for case ${id}: ${JSON.stringify(ready)}`);
  const letter = await h.call<{ id: number }>("issue_letter", { caseId: id, key });
  await h.call("record_mailing", { letterId: letter.id, input: { sentOn: a.repliedOn, method: "ordinary", trackingNo: "", postageYen: 0, note: "" } });
  await h.call("set_case_status", { id, status: "completed", reason: "" });
  return id;
}
