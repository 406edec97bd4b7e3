// Policy profiles for the FakeBackend (tests only): the core's vocabulary,
// the template, the main validation rules and the APPI 38条 lint, kept in the
// same words as src-tauri/core/src/policy.rs so the UI tests see what the
// app would show.
import { kindLabel } from "../lib/caseLabels";
import type {
  Choice,
  DocType,
  DocTypeInfo,
  FieldError,
  KindChoices,
  LegalGround,
  Outcome,
  PolicyBody,
  PolicyWarning,
  RequestKind,
  Vocabulary,
} from "./types";

const choices = (list: ReadonlyArray<readonly [string, string]>): Choice[] => list.map(([code, label]) => ({ code, label }));

const DOC_TYPES: ReadonlyArray<readonly [DocType, string]> = [
  ["unclassified", "未分類"],
  ["drivers_license", "運転免許証"],
  ["mynumber_front", "個人番号カード（表面）"],
  ["mynumber_back", "個人番号カード（裏面）"],
  ["passport", "パスポート"],
  ["residence_card", "在留カード"],
  ["health_insurance", "健康保険証"],
  ["pension_book", "年金手帳"],
  ["resident_record", "住民票の写し"],
  ["power_of_attorney", "委任状"],
  ["seal_certificate", "印鑑登録証明書"],
  ["family_register", "戸籍謄本"],
  ["registry_certificate", "登記事項証明書"],
  ["request_form", "請求書・申請書"],
  ["other", "その他"],
];

const PHOTO_ID: ReadonlySet<DocType> = new Set(["drivers_license", "mynumber_front", "passport", "residence_card"]);
const NON_PHOTO_ID: ReadonlySet<DocType> = new Set(["health_insurance", "pension_book", "resident_record", "mynumber_back"]);

function docTypeInfo(docType: DocType, label: string): DocTypeInfo {
  const maskRule = docType === "mynumber_back" || docType === "health_insurance" ? "required" : docType === "drivers_license" ? "if_honseki_printed" : "none";
  const maskReason =
    docType === "mynumber_back"
      ? "個人番号カードの裏面には個人番号（マイナンバー）が記載されています。番号法により、必要な場合を除き個人番号を収集・保管することはできません。個人番号とQRコードを黒塗りしてから保存してください。"
      : docType === "health_insurance"
        ? "健康保険証の記号・番号、保険者番号およびQRコードは、健康保険法により告知を求めることが制限されています。黒塗りしてから保存してください。"
        : docType === "drivers_license"
          ? "本籍が記載された運転免許証は、本籍を黒塗りしてから保存してください（要配慮個人情報に準じて扱います）。"
          : "";
  return { docType, label, photoId: PHOTO_ID.has(docType), nonPhotoId: NON_PHOTO_ID.has(docType), maskRule, maskReason };
}

/** `decisions::Outcome` (codes and labels as the core). */
const OUTCOME_LABELS: Record<Outcome, string> = {
  full_disclosure: "全部開示",
  partial_disclosure: "一部開示",
  non_disclosure: "不開示",
  no_data: "保有個人データなし",
  done: "実施",
  partly_done: "一部実施",
  not_done: "実施しない",
  alternative: "代替措置",
  notified: "通知",
  not_notified: "通知しない",
};

/** `decisions::LegalGround` (codes and labels as the core). */
const GROUND_LABELS: Record<LegalGround, string> = {
  appi_33_2_1: "法第33条第2項第1号（本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ）",
  appi_33_2_2: "法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）",
  appi_33_2_3: "法第33条第2項第3号（他の法令に違反することとなる）",
  appi_32_2_1: "法第32条第2項第1号（利用目的が明らかな場合など法第21条第4項第1号〜第3号に該当）",
  appi_32_2_2: "法第32条第2項第2号（法第21条第4項第1号〜第3号に該当）",
  appi_34_2: "法第34条第2項（調査の結果、内容が事実でないとは認められない）",
  appi_35: "法第35条（違反の事実が認められない）",
  appi_35_cost: "法第35条第2項・第4項ただし書（多額の費用を要する等、困難であり代替措置をとる）",
  no_personal_data: "保有個人データに該当しない",
  identity_not_verified: "本人確認ができない",
};

/** `outcomes_for` and `grounds_for` of decisions.rs, per kind in `RequestKind::ALL` order (the first outcome is full compliance). */
const DECISION_KINDS: ReadonlyArray<readonly [RequestKind, readonly Outcome[], readonly LegalGround[]]> = (() => {
  const disclosure = [["full_disclosure", "partial_disclosure", "non_disclosure", "no_data"], ["appi_33_2_1", "appi_33_2_2", "appi_33_2_3", "no_personal_data", "identity_not_verified"]] as const;
  const correction = [["done", "partly_done", "not_done"], ["appi_34_2", "no_personal_data", "identity_not_verified"]] as const;
  const suspension = [["done", "not_done", "alternative"], ["appi_35", "appi_35_cost", "no_personal_data", "identity_not_verified"]] as const;
  return [
    ["purpose_notice", ["notified", "not_notified"], ["appi_32_2_1", "appi_32_2_2", "identity_not_verified"]],
    ["disclosure", ...disclosure],
    ["third_party_record", ...disclosure],
    ["correction", ...correction],
    ["addition", ...correction],
    ["deletion", ...correction],
    ["suspension", ...suspension],
    ["erasure", ...suspension],
    ["stop_third_party", ...suspension],
    ["other", ["done", "not_done"], ["no_personal_data", "identity_not_verified"]],
  ];
})();

const DECISION_CHOICES: KindChoices[] = DECISION_KINDS.map(([kind, outcomes, grounds]) => ({
  kind,
  outcomes: outcomes.map((code) => ({ code, label: OUTCOME_LABELS[code] })),
  grounds: grounds.map((code) => ({ code, label: GROUND_LABELS[code] })),
}));

/** What the `vocabulary` command answers (codes and labels of the core's enums, in their order). */
export const FAKE_VOCABULARY: Vocabulary = {
  docTypes: DOC_TYPES.map(([code, label]) => docTypeInfo(code, label)),
  identityMethods: choices([
    ["registered_email", "登録メールアドレスとの一致"],
    ["registered_phone", "登録電話番号との一致"],
    ["held_data", "保有データとの照合"],
    ["id_document", "本人確認書類"],
  ]),
  scanRequired: choices([
    ["always", "常に必要"],
    ["unless_matched", "登録情報と一致しない場合に必要"],
    ["never", "不要"],
  ]),
  documentsNeeded: choices([
    ["all", "すべて必要"],
    ["any", "いずれか1つ"],
  ]),
  feeUnits: choices([
    ["per_request", "1回の請求ごと"],
    ["per_kind", "請求の種類ごと"],
    ["per_document", "1件（書類）ごと"],
  ]),
  feeTimings: choices([
    ["with_request", "請求時に同封"],
    ["after_acceptance", "受付後に案内"],
    ["after_decision", "決定後に案内"],
  ]),
  feeMethods: choices([
    ["stamps", "郵便切手"],
    ["money_order", "定額小為替"],
    ["bank_transfer", "銀行振込"],
    ["cash_registered", "現金書留"],
  ]),
  dayKinds: choices([
    ["calendar", "暦日"],
    ["business", "営業日"],
  ]),
  deadlineStarts: choices([
    ["receipt", "受付日の翌日から"],
    ["complete", "書類がそろった日の翌日から"],
  ]),
  retainedRecords: choices([
    ["request_documents", "請求書類・本人確認書類"],
    ["case_record", "案件の記録"],
  ]),
  retentionStarts: choices([
    ["receipt", "受付日から"],
    ["reply_completed", "回答完了から"],
  ]),
  checkStatuses: choices([
    ["pending", "未確認"],
    ["ok", "確認済"],
    ["ng", "不備"],
  ]),
  paymentDirections: choices([
    ["in", "受領"],
    ["refund", "返金・返却"],
  ]),
  pauseReasons: choices([
    ["id_documents", "本人確認書類待ち"],
    ["fee", "手数料待ち"],
    ["clarification", "請求内容の確認待ち"],
  ]),
  feeStates: choices([
    ["no_fee", "手数料なし"],
    ["due", "未入金"],
    ["short", "不足"],
    ["paid", "入金済"],
    ["over", "過払い"],
  ]),
  queues: choices([
    ["overdue", "期限超過"],
    ["due_this_week", "今週が期限"],
    ["awaiting_fee", "入金待ち"],
    ["awaiting_documents", "書類待ち"],
    ["awaiting_approval", "承認待ち"],
  ]),
  decisionChoices: DECISION_CHOICES,
  feeAllowedKinds: ["purpose_notice", "disclosure", "third_party_record"],
};

const docLabel = (d: DocType) => DOC_TYPES.find(([code]) => code === d)?.[1] ?? d;
const feeMethodLabel = (m: string) => FAKE_VOCABULARY.feeMethods.find((c) => c.code === m)?.label ?? m;

/** `PolicyBody::template()`: post and email, ID unless the registered email matches, 委任状, no fee, 30 days. */
export function templatePolicyBody(): PolicyBody {
  const agent = (doc: DocType) => ({
    accepted: true,
    documents: [{ doc, originalRequired: false, issuedWithinMonths: null }],
    documentsNeeded: "all" as const,
    agentIdRequired: true,
  });
  return {
    name: "",
    description: "",
    channels: ["post", "email"],
    sendsOwnForm: false,
    formName: "",
    identity: {
      methods: ["registered_email", "id_document"],
      idDocuments: ["drivers_license", "mynumber_front", "passport", "residence_card", "health_insurance", "pension_book", "resident_record"],
      nonPhotoCount: 2,
      scanRequired: "unless_matched",
    },
    legalAgent: agent("family_register"),
    appointedAgent: agent("power_of_attorney"),
    fees: [],
    feeMethods: [],
    deadline: { days: 30, dayKind: "calendar", from: "receipt", closures: [], pauseWhileWaiting: true, wording: "遅滞なく" },
    retention: [],
    specificInfoApproval: false,
    refusalGrounds: [],
  };
}

/** A valid body for tests, with whatever they override. */
export function samplePolicyBody(over: Partial<PolicyBody> = {}): PolicyBody {
  return { ...templatePolicyBody(), name: "標準ポリシー", ...over };
}

const FEE_ALLOWED: ReadonlySet<RequestKind> = new Set(FAKE_VOCABULARY.feeAllowedKinds);

const yen = (n: number) => n.toLocaleString("en-US");

/** `policy::lint`: fees for kinds APPI 38条 does not allow a fee for. */
export function lintPolicyBody(body: PolicyBody): PolicyWarning[] {
  return body.fees.flatMap((f, i) =>
    !FEE_ALLOWED.has(f.kind) && f.amountYen > 0
      ? [
          {
            field: `fees.${i}.kind`,
            message: `「${kindLabel[f.kind]}」に${yen(f.amountYen)}円の手数料を定めています（個人情報保護法第38条第1項の対象外）。`,
          },
        ]
      : [],
  );
}

const isMonthDay = (s: string) => {
  const m = /^(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(2024, Number(m[1]) - 1, Number(m[2]));
  return d.getMonth() === Number(m[1]) - 1 && d.getDate() === Number(m[2]);
};

/** `policy::trimmed`. */
export function trimPolicyBody(body: PolicyBody): PolicyBody {
  const b = structuredClone(body);
  b.name = b.name.trim();
  b.description = b.description.trim();
  b.formName = b.formName.trim();
  b.deadline.wording = b.deadline.wording.trim();
  b.refusalGrounds = b.refusalGrounds.map((g) => g.trim());
  for (const m of b.feeMethods) m.instructions = m.instructions.trim();
  return b;
}

/** The main rules of `policy::validate`, with the core's field paths and messages. */
export function validatePolicyBody(body: PolicyBody): FieldError[] {
  const errors: FieldError[] = [];
  const push = (field: string, message: string) => errors.push({ field, message });
  const name = body.name.trim();
  if (!name) push("name", "ポリシーの名前を入力してください。");
  else if ([...name].length > 60) push("name", "60文字以内で入力してください。");
  if (body.sendsOwnForm && !body.formName.trim()) push("formName", "送付する申請書の名前を入力してください。");
  if (body.channels.length === 0) push("channels", "受け付ける経路を1つ以上選んでください。");
  const id = body.identity;
  if (id.methods.length === 0) push("identity.methods", "本人確認の方法を1つ以上選んでください。");
  const wantsDocs = id.methods.includes("id_document") || id.scanRequired !== "never";
  if (wantsDocs && id.idDocuments.length === 0) push("identity.idDocuments", "本人確認書類として認める書類を1つ以上選んでください。");
  if (id.idDocuments.some((d) => !PHOTO_ID.has(d) && !NON_PHOTO_ID.has(d))) push("identity.idDocuments", "本人確認書類にできない書類が含まれています。");
  if (id.idDocuments.includes("mynumber_back"))
    push(
      "identity.idDocuments",
      "個人番号カードの裏面は本人確認書類として求められません（個人番号の収集になります）。表面を選んでください。",
    );
  if (!(id.nonPhotoCount >= 1 && id.nonPhotoCount <= 3)) push("identity.nonPhotoCount", "顔写真のない書類の必要数は1〜3で指定してください。");
  for (const [prefix, a] of [
    ["legalAgent", body.legalAgent],
    ["appointedAgent", body.appointedAgent],
  ] as const) {
    if (a.accepted && a.documents.length === 0) push(`${prefix}.documents`, "代理人を受け付ける場合は、必要な書類を1つ以上選んでください。");
    const seen = new Set<DocType>();
    a.documents.forEach((d, i) => {
      if (seen.has(d.doc)) push(`${prefix}.documents.${i}.doc`, `${docLabel(d.doc)}が重複しています。`);
      seen.add(d.doc);
      if (d.doc === "unclassified") push(`${prefix}.documents.${i}.doc`, "書類の種類を選んでください。");
      if (d.issuedWithinMonths !== null && !(d.issuedWithinMonths >= 1 && d.issuedWithinMonths <= 24))
        push(`${prefix}.documents.${i}.issuedWithinMonths`, "有効期間は1〜24か月で指定してください。");
    });
  }
  const kinds = new Set<RequestKind>();
  body.fees.forEach((f, i) => {
    if (kinds.has(f.kind)) push(`fees.${i}.kind`, `${kindLabel[f.kind]}の手数料が重複しています。`);
    kinds.add(f.kind);
    if (f.amountYen > 100_000) push(`fees.${i}.amountYen`, "手数料は100,000円以下で指定してください。");
  });
  if (body.fees.some((f) => f.amountYen > 0) && body.feeMethods.length === 0)
    push("feeMethods", "手数料を定める場合は、支払方法を1つ以上選んでください。");
  const methods = new Set<string>();
  body.feeMethods.forEach((m, i) => {
    if (methods.has(m.method)) push(`feeMethods.${i}.method`, `${feeMethodLabel(m.method)}が重複しています。`);
    methods.add(m.method);
    if (m.method === "bank_transfer" && !m.instructions.trim())
      push(`feeMethods.${i}.instructions`, "銀行振込の場合は、案内する振込先を入力してください。");
  });
  const d = body.deadline;
  if (!(d.days >= 1 && d.days <= 365)) push("deadline.days", "回答期限は1〜365日で指定してください。");
  d.closures.forEach((c, i) => {
    for (const part of ["from", "to"] as const) {
      if (!isMonthDay(c[part])) push(`deadline.closures.${i}.${part}`, "月日はMM-DD（例: 12-29）で入力してください。");
    }
  });
  body.retention.forEach((r, i) => {
    if (r.years > 30 || r.months > 11 || (r.years === 0 && r.months === 0))
      push(`retention.${i}.years`, "保存期間は1か月〜30年で指定してください。");
  });
  if (body.retention.length > 4) push("retention", "保存期間は4件までです。");
  body.refusalGrounds.forEach((g, i) => {
    if (!g.trim()) push(`refusalGrounds.${i}`, "空の理由は登録できません。");
  });
  return errors;
}

/** One stored version of a fake profile. */
export interface FakePolicyVersion {
  versionId: number;
  version: number;
  body: PolicyBody;
  createdAt: string;
  createdBy: string;
  warningsKept: boolean;
}

/** A fake profile: its versions, oldest first. */
export interface FakePolicy {
  id: number;
  isDefault: boolean;
  updatedAt: string;
  versions: FakePolicyVersion[];
}
