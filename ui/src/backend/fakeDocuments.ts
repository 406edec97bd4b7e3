// 書類・マスク・本人確認 of the in-memory fake backend (tests only): the
// document types and which of them need masking (as `documents.rs`, labels
// from the fake vocabulary), the validation of document dates and originals,
// and the checklist (as `verification.rs`, slightly simplified): registered
// email / phone, ID documents with their 有効期限, agents' documents with
// 原本 and 発行日, officers' marks that cannot override an automatic 不備.
import { kindLabel } from "../lib/caseLabels";
import { FAKE_VOCABULARY } from "./fakePolicies";
import type {
  AgentRules,
  CaseInput,
  CheckGroup,
  CheckItem,
  CheckStatus,
  DocInfo,
  DocType,
  DocumentCheck,
  FieldError,
  MaskRequest,
  OriginalInput,
  OriginalRecord,
  PolicyBody,
  Verification,
} from "./types";

const docInfoOf = (d: DocType) => FAKE_VOCABULARY.docTypes.find((t) => t.docType === d);

export const docTypeLabel = (d: DocType): string => docInfoOf(d)?.label ?? "書類";
const isPhotoId = (d: DocType): boolean => docInfoOf(d)?.photoId ?? false;
const isNonPhotoId = (d: DocType): boolean => docInfoOf(d)?.nonPhotoId ?? false;
export const maskReason = (d: DocType): string => docInfoOf(d)?.maskReason ?? "";

export function needsMask(doc: DocInfo): boolean {
  const rule = docInfoOf(doc.docType)?.maskRule ?? "none";
  return rule === "required" || (rule === "if_honseki_printed" && doc.honsekiPrinted);
}

export const unclassified = (): DocInfo => ({ docType: "unclassified", honsekiPrinted: false, issuedOn: "", expiresOn: "" });

// ---- dates ------------------------------------------------------------------

/** NFKC, `/` → `-`, then YYYY-M-D as a real day → "YYYY-MM-DD"; null if not a day. */
export function cleanDay(value: string): string | null {
  const t = value.normalize("NFKC").trim().replace(/\//g, "-");
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** "2026-12-01" → "令和8年12月1日" (as the Rust `wareki`, for the eras in use). */
export function wareki(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  if (day >= "2019-05-01") return `令和${y - 2018 === 1 ? "元" : y - 2018}年${m}月${d}日`;
  if (day >= "1989-01-08") return `平成${y - 1988 === 1 ? "元" : y - 1988}年${m}月${d}日`;
  return `${y}年${m}月${d}日`;
}

function subMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export function issuedWithin(issued: string, received: string, months: number): string | null {
  const earliest = subMonths(received, months);
  if (issued < earliest)
    return `発行日 ${wareki(issued)} は、受領日 ${wareki(received)} から${months}か月以内（${wareki(earliest)}以降）ではありません。`;
  if (issued > received) return `発行日 ${wareki(issued)} が受領日 ${wareki(received)} より後になっています。日付を確認してください。`;
  return null;
}

export function validOn(expires: string, received: string): string | null {
  return expires < received ? `有効期限 ${wareki(expires)} が受付日 ${wareki(received)} より前に切れています。` : null;
}

// ---- validation ---------------------------------------------------------------

/** As `DocInfo::validated`: dates cleaned, 本籍 only on a 運転免許証. */
export function validateDocInfo(doc: DocInfo): { value: DocInfo; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: DocInfo = { ...doc };
  for (const [field, label] of [
    ["issuedOn", "発行日"],
    ["expiresOn", "有効期限"],
  ] as const) {
    const raw = value[field].normalize("NFKC").trim();
    if (!raw) {
      value[field] = "";
      continue;
    }
    const day = cleanDay(raw);
    if (day) value[field] = day;
    else errors.push({ field, message: `${label}は「2026-12-05」の形で入力してください。` });
  }
  if (value.docType !== "drivers_license") value.honsekiPrinted = false;
  return { value, errors };
}

/** As `IntakeDoc::check_keepable`: the message names the file by its place, never by its name. */
export function keepableError(n: number, doc: DocInfo, masked: boolean): FieldError | null {
  if (!needsMask(doc) || masked) return null;
  return {
    field: "documents",
    message: `${n}番目のファイル（${docTypeLabel(doc.docType)}）はマスクしてから保存してください。${maskReason(doc.docType)}`,
  };
}

/** As the core's mask checks: at least one box, at most 100, on the image. */
export function validateMask(mask: MaskRequest, isPdf: boolean): FieldError | null {
  const rects = isPdf ? mask.pages.flatMap((p) => p.rects) : mask.rects;
  if (isPdf && (mask.pages.length === 0 || mask.pages.length > 50))
    return { field: "mask", message: "PDFのページを読み取れませんでした（50ページまで）。" };
  if (rects.length === 0) return { field: "mask", message: "黒塗りする範囲を1つ以上指定してください。" };
  if (rects.length > 100) return { field: "mask", message: "黒塗りの範囲が多すぎます（100か所まで）。" };
  const inside = rects.some(
    (r) => [r.x, r.y, r.w, r.h].every(Number.isFinite) && r.w > 0 && r.h > 0 && r.x < 1 && r.y < 1 && r.x + r.w > 0 && r.y + r.h > 0,
  );
  if (!inside) return { field: "mask", message: "黒塗りの範囲が画像の外にあります。範囲を指定し直してください。" };
  return null;
}

const INDIVIDUAL_NUMBER_MESSAGE =
  "個人番号（マイナンバー）と思われる12桁の番号が含まれています。番号法により、個人番号は必要な場合を除き記録できません。番号を削除してください。";

/** 12 digits with a valid check digit (as `contains_individual_number`, simplified: no separators). */
export function containsIndividualNumber(text: string): boolean {
  for (const m of text.normalize("NFKC").matchAll(/(?<!\d)\d{12}(?!\d)/g)) {
    const digits = [...m[0]].map(Number);
    const sum = digits
      .slice(0, 11)
      .reverse()
      .reduce((s, p, i) => {
        const n = i + 1;
        return s + p * (n <= 6 ? n + 1 : n - 5);
      }, 0);
    const r = sum % 11;
    if ((r <= 1 ? 0 : 11 - r) === digits[11]) return true;
  }
  return false;
}

/** As `OriginalInput::validated`: every problem at its field. */
export function validateOriginal(input: OriginalInput, today: string): { value: OriginalInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const v: OriginalInput = { ...input };
  if (v.docType === "unclassified") errors.push({ field: "docType", message: "書類の種類を選んでください。" });
  const date = (field: "receivedOn" | "issuedOn" | "returnedOn", label: string, required: boolean) => {
    const t = v[field].normalize("NFKC").trim();
    if (!t) {
      if (required) errors.push({ field, message: `${label}を入力してください。` });
      v[field] = "";
      return;
    }
    const d = cleanDay(t);
    if (d) v[field] = d;
    else {
      errors.push({ field, message: `${label}は「2026-12-05」の形で入力してください。` });
      v[field] = "";
    }
  };
  date("receivedOn", "受領日", true);
  date("issuedOn", "発行日", false);
  date("returnedOn", "返却日", false);
  for (const field of ["receivedOn", "returnedOn"] as const) {
    if (v[field] && v[field] > today) errors.push({ field, message: "未来の日付は指定できません。" });
  }
  if (v.receivedOn && v.returnedOn && v.returnedOn < v.receivedOn)
    errors.push({ field: "returnedOn", message: "返却日が受領日より前になっています。" });
  v.returnMethod = v.returnMethod.normalize("NFKC").replace(/\s+/g, " ").trim();
  v.keptReason = v.keptReason.trim();
  v.note = v.note.trim();
  if (v.returnedOn && !v.returnMethod) errors.push({ field: "returnMethod", message: "返却の方法（簡易書留など）を入力してください。" });
  if (v.returnedOn && v.keptReason)
    errors.push({ field: "keptReason", message: "返却した原本に保管の理由は記録できません。どちらかにしてください。" });
  for (const [field, max] of [
    ["returnMethod", 50],
    ["keptReason", 500],
    ["note", 1000],
  ] as const) {
    if ([...v[field]].length > max) errors.push({ field, message: `${max}文字以内で入力してください。` });
    else if (containsIndividualNumber(v[field])) errors.push({ field, message: INDIVIDUAL_NUMBER_MESSAGE });
  }
  return { value: v, errors };
}

export function noteError(note: string): FieldError | null {
  if ([...note.trim()].length > 500) return { field: "note", message: "500文字以内で入力してください。" };
  if (containsIndividualNumber(note)) return { field: "note", message: INDIVIDUAL_NUMBER_MESSAGE };
  return null;
}

// ---- the checklist -------------------------------------------------------------

export interface FakeMark {
  status: CheckStatus;
  note: string;
  by: string;
  at: string;
}

/** A kept attachment as the fake's document record. */
export interface FakeDocRecord {
  doc: DocInfo;
  masked: boolean;
}

/** One original received by post, as stored. */
export type FakeOriginal = Omit<OriginalRecord, "state" | "problems">;

interface Held {
  doc: DocType;
  original: boolean;
  received: string;
  issued: string | null;
  expires: string | null;
}

const isDay = (s: string): string | null => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);

function item(key: string, label: string, status: CheckStatus, auto: boolean, detail: string): CheckItem {
  return { key, label, status, auto, detail, note: "", markedBy: "", markedAt: "" };
}

function applyMark(it: CheckItem, marks: Map<string, FakeMark>): CheckItem {
  const m = marks.get(it.key);
  if (!m) return it;
  const out = { ...it, note: m.note, markedBy: m.by, markedAt: m.at };
  if (!(it.auto && it.status === "ng")) {
    out.status = m.status;
    out.auto = false;
  }
  return out;
}

function acceptedDocumentsText(policy: PolicyBody): string {
  const ids = policy.identity.idDocuments;
  const photo = ids.filter(isPhotoId).map(docTypeLabel);
  const other = ids.filter(isNonPhotoId).map(docTypeLabel);
  const n = policy.identity.nonPhotoCount;
  if (photo.length > 0 && other.length > 0) return `${photo.join("・")}のいずれか1点、または${other.join("・")}のうち${n}点の写し`;
  if (photo.length > 0) return `${photo.join("・")}のいずれか1点の写し`;
  if (other.length > 0) return `${other.join("・")}のうち${n}点の写し`;
  return "本人確認書類の写し";
}

const IDENTITY_LABELS: Record<string, string> = Object.fromEntries(FAKE_VOCABULARY.identityMethods.map((c) => [c.code, c.label]));

function idDocumentItem(key: string, input: CaseInput, policy: PolicyBody, held: Held[]): CheckItem {
  const label = "写真付き本人確認書類（または写真なし2点）";
  const failures: string[] = [];
  let photo = 0;
  let nonPhoto = 0;
  for (const h of held.filter((x) => policy.identity.idDocuments.includes(x.doc))) {
    if (h.expires) {
      const why = validOn(h.expires, input.receivedOn);
      if (why) {
        failures.push(`${docTypeLabel(h.doc)}: ${why}`);
        continue;
      }
    }
    if (isPhotoId(h.doc)) photo += 1;
    else nonPhoto += 1;
  }
  const needed = policy.identity.nonPhotoCount;
  if (photo >= 1) return item(key, label, "ok", true, "顔写真付きの本人確認書類を受領しています。");
  if (nonPhoto >= needed) return item(key, label, "ok", true, `顔写真のない本人確認書類を${nonPhoto}点受領しています。`);
  if (failures.length > 0) return item(key, label, "ng", true, failures.join(" "));
  if (nonPhoto > 0) return item(key, label, "pending", true, `顔写真のない書類はあと${needed - nonPhoto}点必要です。`);
  return item(key, label, "pending", true, "本人確認書類がまだありません。添付ファイルに書類の種類を設定すると自動で判定します。");
}

function identityGroup(input: CaseInput, policy: PolicyBody, held: Held[], marks: Map<string, FakeMark>, missing: string[]): CheckGroup {
  const rules = policy.identity;
  const r = input.requester;
  const items = rules.methods.map((method) => {
    const key = `identity.${method}`;
    const label = IDENTITY_LABELS[method] ?? method;
    let it: CheckItem;
    switch (method) {
      case "registered_email":
        if (!r.registeredEmail)
          it = item(key, label, "pending", true, "登録メールアドレスが未入力です。会社が保有する登録情報を案件に入力すると、自動で照合します。");
        else if (!r.email) it = item(key, label, "pending", true, "請求者のメールアドレスが未入力です。");
        else if (r.email.trim().toLowerCase() === r.registeredEmail.trim().toLowerCase())
          it = item(key, label, "ok", true, "請求者のメールアドレスが登録メールアドレスと一致しました。");
        else it = item(key, label, "ng", true, "請求者のメールアドレスが登録メールアドレスと一致しません。ほかの方法で本人確認が必要です。");
        break;
      case "registered_phone": {
        const digits = (s: string) => s.replace(/\D/g, "");
        if (!r.registeredPhone || !r.phone) it = item(key, label, "pending", true, "電話番号または登録電話番号が未入力です。");
        else if (digits(r.phone) === digits(r.registeredPhone)) it = item(key, label, "ok", true, "請求者の電話番号が登録電話番号と一致しました。");
        else it = item(key, label, "ng", true, "請求者の電話番号が登録電話番号と一致しません。");
        break;
      }
      case "held_data":
        it = item(key, label, "pending", false, "請求書の氏名・住所・生年月日などを、会社が保有するデータと照合して記録してください。");
        break;
      case "id_document":
        it = idDocumentItem(key, input, policy, held);
        break;
    }
    return applyMark(it, marks);
  });
  const ok = (code: string) => items.some((i) => i.key === `identity.${code}` && i.status === "ok");
  const byDocument = ok("id_document");
  const byMatch = ok("registered_email") || ok("registered_phone") || ok("held_data");
  const satisfied = rules.scanRequired === "always" ? byDocument : byMatch || byDocument;
  const rule =
    rules.scanRequired === "always"
      ? "本人確認書類の写しが必要です。"
      : rules.scanRequired === "unless_matched"
        ? "いずれか1つで確認できれば足ります。登録情報と一致しない場合は本人確認書類が必要です。"
        : "いずれか1つで確認できれば足ります。";
  if (!satisfied) {
    const needsDocument =
      rules.scanRequired !== "never" && (rules.scanRequired === "always" || rules.methods.includes("id_document") || !byMatch);
    if (needsDocument && rules.methods.includes("id_document")) missing.push(`本人確認書類が必要です（${acceptedDocumentsText(policy)}）`);
    else missing.push("ご本人であることの確認（登録情報との照合）");
  }
  return { key: "identity", title: "本人確認", rule, satisfied, items };
}

function agentGroup(rules: AgentRules, kindLabel: string, held: Held[], marks: Map<string, FakeMark>, missing: string[]): CheckGroup {
  const title = `代理権の確認（${kindLabel}）`;
  if (!rules.accepted) {
    missing.push(`${kindLabel}による請求は受け付けていません`);
    return {
      key: "agent",
      title,
      rule: "",
      satisfied: false,
      items: [item("agent.not_accepted", `${kindLabel}による請求`, "ng", true, `このポリシーでは${kindLabel}による請求を受け付けていません。`)],
    };
  }
  const items: CheckItem[] = [];
  for (const rule of rules.documents) {
    const conditions = [rule.originalRequired ? "原本" : null, rule.issuedWithinMonths !== null ? `発行後${rule.issuedWithinMonths}か月以内` : null].filter(Boolean);
    const label = conditions.length > 0 ? `${docTypeLabel(rule.doc)}（${conditions.join("・")}）` : docTypeLabel(rule.doc);
    const key = `agent.${rule.doc}`;
    const candidates = held.filter((h) => h.doc === rule.doc);
    const usable = candidates.filter((h) => h.original || !rule.originalRequired);
    let it: CheckItem;
    if (candidates.length === 0) it = item(key, label, "pending", true, "まだ受領していません。");
    else if (usable.length === 0)
      it = item(key, label, "pending", true, "写しのみ受領しています。原本が必要です（原本を受領したら「原本の記録」に登録してください）。");
    else if (rule.issuedWithinMonths !== null) {
      const months = rule.issuedWithinMonths;
      const failures: string[] = [];
      let ok = false;
      let undated = false;
      for (const h of usable) {
        if (!h.issued) undated = true;
        else {
          const why = issuedWithin(h.issued, h.received, months);
          if (why) failures.push(why);
          else ok = true;
        }
      }
      if (ok) it = item(key, label, "ok", true, `発行後${months}か月以内のものを受領しています。`);
      else if (undated) it = item(key, label, "pending", true, "発行日を入力すると有効期間を判定します。");
      else it = item(key, label, "ng", true, `受け付けられません。${failures.join(" ")}`);
    } else it = item(key, label, "ok", true, rule.originalRequired ? "原本を受領しています。" : "受領しています。");
    items.push(applyMark(it, marks));
  }
  if (rules.agentIdRequired)
    items.push(applyMark(item("agent.agent_id", "代理人の本人確認書類", "pending", false, "代理人本人の本人確認書類を確認して記録してください。"), marks));
  const docItems = items.filter((i) => i.key !== "agent.agent_id");
  const docsOk = rules.documentsNeeded === "all" ? docItems.every((i) => i.status === "ok") : docItems.some((i) => i.status === "ok");
  const idOk = items.filter((i) => i.key === "agent.agent_id").every((i) => i.status === "ok");
  if (!docsOk) {
    const names = docItems.filter((i) => i.status !== "ok").map((i) => i.label);
    if (rules.documentsNeeded === "all") missing.push(...names);
    else missing.push(`${names.join("または")}のいずれか`);
  }
  if (!idOk) missing.push("代理人の本人確認書類");
  return {
    key: "agent",
    title,
    rule: rules.documentsNeeded === "all" ? "すべての書類が必要です。" : "書類はいずれか1つで足ります。",
    satisfied: docsOk && idOk,
    items,
  };
}

/** A kept attachment as the fake's document, for the checklist. */
export interface FakeDocument {
  attachmentId: number;
  fileName: string;
  kind: string;
  record: FakeDocRecord;
}

/** The case's checklist from its documents, originals and marks (as `Store::verification`). */
export function evaluateVerification(
  c: { id: number; input: CaseInput },
  policy: { label: string; body: PolicyBody } | null,
  docs: FakeDocument[],
  originals: FakeOriginal[],
  marks: Map<string, FakeMark>,
): Verification {
  const received = c.input.receivedOn;
  const rulesByDoc = (d: DocType): number | null => {
    if (!policy) return null;
    const rules = [...policy.body.legalAgent.documents, ...policy.body.appointedAgent.documents];
    return rules.find((r) => r.doc === d)?.issuedWithinMonths ?? null;
  };
  const documents: DocumentCheck[] = docs.map(({ attachmentId, fileName, kind, record }) => {
    const problems: string[] = [];
    const needs = needsMask(record.doc);
    if (needs && !record.masked) problems.push(`マスクが必要です。${maskReason(record.doc.docType)}`);
    const expires = isDay(record.doc.expiresOn);
    if (expires) {
      const why = validOn(expires, received);
      if (why) problems.push(why);
    }
    const issued = isDay(record.doc.issuedOn);
    const months = rulesByDoc(record.doc.docType);
    if (issued && months !== null) {
      const why = issuedWithin(issued, received, months);
      if (why) problems.push(why);
    }
    return { attachmentId, fileName, kind, doc: { ...record.doc }, masked: record.masked, needsMask: needs, problems };
  });
  const records: OriginalRecord[] = originals.map((o) => {
    const problems: string[] = [];
    const months = rulesByDoc(o.docType);
    if (isDay(o.issuedOn) && isDay(o.receivedOn) && months !== null) {
      const why = issuedWithin(o.issuedOn, o.receivedOn, months);
      if (why) problems.push(why);
    }
    const state = o.returnedOn ? "返却済" : o.keptReason ? "保管" : "受領（未返却）";
    return { ...o, state, problems };
  });
  const held: Held[] = [
    ...documents
      .filter((d) => d.doc.docType !== "unclassified")
      .map((d) => ({ doc: d.doc.docType, original: false, received, issued: isDay(d.doc.issuedOn), expires: isDay(d.doc.expiresOn) })),
    ...records.map((o) => ({ doc: o.docType, original: true, received: isDay(o.receivedOn) ?? received, issued: isDay(o.issuedOn), expires: null })),
  ];
  if (!policy) {
    return {
      caseId: c.id,
      policyLabel: "",
      groups: [],
      verified: false,
      result: "ポリシー未設定",
      missing: ["案件にポリシーを設定してください"],
      documents,
      originals: records,
      feeWarnings: [],
    };
  }
  const missing: string[] = [];
  const body = policy.body;
  const group =
    c.input.requesterType === "self"
      ? identityGroup(c.input, body, held, marks, missing)
      : c.input.requesterType === "legal_agent"
        ? agentGroup(body.legalAgent, "法定代理人", held, marks, missing)
        : agentGroup(body.appointedAgent, "任意代理人", held, marks, missing);
  if (documents.some((d) => d.needsMask && !d.masked)) missing.push("マスクが必要な書類の黒塗り");
  const verified = group.satisfied && missing.length === 0;
  // APPI 38条: a fee the policy charges for a kind this case requests that the law allows no fee for.
  const feeWarnings = c.input.kinds.flatMap((k) => {
    const fee = body.fees.find((f) => f.kind === k && f.amountYen > 0);
    if (!fee || FAKE_VOCABULARY.feeAllowedKinds.includes(k)) return [];
    return [
      `個人情報保護法第38条第1項により、手数料を徴収できるのは利用目的の通知と開示（第三者提供記録の開示を含む）の請求に限られます。「${kindLabel[k]}」に${fee.amountYen.toLocaleString("en-US")}円の手数料を定めています。`,
    ];
  });
  return {
    caseId: c.id,
    policyLabel: policy.label,
    groups: [group],
    verified,
    result: verified ? "本人確認済" : "不備",
    missing,
    documents,
    originals: records,
    feeWarnings,
  };
}
