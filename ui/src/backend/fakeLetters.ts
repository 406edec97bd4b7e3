// 文書 of the in-memory fake backend (tests only): the eleven templates by
// key and name, versions on save, the placeholder check of
// src-tauri/core/src/letters/mod.rs (unknown 差し込み項目 refused at `text`),
// and what a case must have for each letter. The PDF is a stub; the real
// drawing is tested in Rust.
import type { FieldError, FieldSpec, LetterVocabulary, MailMethod, MailingInput, Scope, TemplateBody } from "./types";

export interface FakeTemplate {
  key: string;
  defaultBody: TemplateBody;
  versions: Array<{ body: TemplateBody; by: string; at: string }>;
}

const T = (key: string, name: string, scope: Scope, text: string): FakeTemplate => {
  const body: TemplateBody = { name, title: name, addressed: true, scope, text };
  return { key, defaultBody: body, versions: [{ body, by: "", at: "" }] };
};

export const fakeTemplates = (): FakeTemplate[] => [
  T("acknowledgement", "受付のお知らせ", "all", "拝啓\n{{受付番号}}\n敬具"),
  T("request_form", "個人情報開示等申請書", "all", "拝啓\n敬具\n[改ページ]\n[表題] 個人情報開示等申請書"),
  T("id_documents_request", "本人確認書類の追加提出のお願い", "all", "拝啓\n　{{不足書類}}\n敬具"),
  T("fee_guidance", "手数料のご案内", "all", "拝啓\n１．手数料　{{手数料}}\n敬具"),
  T("fee_shortfall", "手数料不足のお知らせ", "all", "拝啓\n３．不足額　{{不足額}}\n敬具"),
  T("disclosure_decision", "開示決定通知書", "disclosure", "拝啓\n　{{決定内容}}\n敬具"),
  T("partial_disclosure_decision", "一部開示・不開示決定通知書", "disclosure", "拝啓\n　{{決定内容}}\n　{{根拠}}\n　{{理由}}\n敬具"),
  T("correction_result", "訂正等の結果通知", "correction", "拝啓\n　{{決定内容}}\n敬具"),
  T("suspension_result", "利用停止等の結果通知", "suspension", "拝啓\n　{{決定内容}}\n敬具"),
  T("purpose_notice", "利用目的の通知書", "purpose", "拝啓\n　{{利用目的}}\n敬具"),
  T("originals_return", "原本返却のご案内", "all", "拝啓\n　{{返却書類}}\n敬具"),
];

/** Where recording a mailing moves the case (letters/defaults.rs `moves_to`). */
export const MOVES_TO: Record<string, "verifying" | "awaiting_fee" | "sent"> = {
  id_documents_request: "verifying",
  fee_guidance: "awaiting_fee",
  fee_shortfall: "awaiting_fee",
  disclosure_decision: "sent",
  partial_disclosure_decision: "sent",
  correction_result: "sent",
  suspension_result: "sent",
  purpose_notice: "sent",
};

const FIELD_NAMES = [
  "受付番号", "文書番号", "発行日", "受付日", "回答期限", "氏名", "郵便番号", "住所", "代理人", "請求の種類", "開示の方法",
  "会社名", "窓口名", "窓口郵便番号", "窓口住所", "窓口電話", "窓口メール", "不足書類", "手数料", "手数料内訳", "支払方法",
  "入金額", "不足額", "決定内容", "根拠", "理由", "開示する保有個人データ", "訂正等の内容", "利用停止等の内容", "利用目的", "返却書類",
];

const METHODS: Array<[MailMethod, string]> = [
  ["ordinary", "普通郵便"],
  ["specified_record", "特定記録"],
  ["simple_registered", "簡易書留"],
  ["restricted_delivery", "本人限定受取郵便"],
  ["email", "メール添付"],
];

export const FAKE_LETTER_VOCABULARY: LetterVocabulary = {
  fields: FIELD_NAMES.map((name): FieldSpec => ({ name, description: `${name}（見本の説明）`, sample: `見本の${name}` })),
  markupHelp: "{{項目名}} で差し込み項目を入れます。[表題] [見出し] [右] [中央] [欄] [選択] [改ページ] [あれば:項目名]",
  mailMethods: METHODS.map(([code, label]) => ({ code, label })),
  trackedMethods: ["specified_record", "simple_registered", "restricted_delivery"],
  scopes: [
    { code: "all", label: "すべての請求" },
    { code: "disclosure", label: "開示" },
    { code: "correction", label: "訂正等" },
    { code: "suspension", label: "利用停止等" },
    { code: "purpose", label: "利用目的の通知" },
  ],
};

/** `letters::validate`, the parts the editor shows. */
export function validateTemplate(body: TemplateBody): FieldError[] {
  const errors: FieldError[] = [];
  if (!body.name.trim()) errors.push({ field: "name", message: "テンプレート名を入力してください。" });
  if (!body.title.trim()) errors.push({ field: "title", message: "表題を入力してください。" });
  if (!body.text.trim()) errors.push({ field: "text", message: "本文を入力してください。" });
  const unknown = [...body.text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1] ?? "").filter((n) => !FIELD_NAMES.includes(n));
  if (unknown.length > 0)
    errors.push({ field: "text", message: `使えない差し込み項目があります: ${unknown.map((n) => `{{${n}}}`).join("、")}` });
  return errors;
}

/** `validate_mailing`. */
export function validateMailing(input: MailingInput, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const day = input.sentOn.trim().replace(/\//g, "-");
  if (!day) errors.push({ field: "sentOn", message: "発送日を入力してください。" });
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) errors.push({ field: "sentOn", message: "発送日は 2026-12-05 のように入力してください。" });
  else if (day > today) errors.push({ field: "sentOn", message: "発送日に未来の日付は入力できません。" });
  const digits = input.trackingNo.replace(/[-\s]/g, "");
  const tracked = FAKE_LETTER_VOCABULARY.trackedMethods.includes(input.method);
  if (!digits) {
    if (tracked) errors.push({ field: "trackingNo", message: `${METHODS.find(([m]) => m === input.method)?.[1]}のお問い合わせ番号を入力してください。` });
  } else if (!/^\d{11,13}$/.test(digits)) {
    errors.push({ field: "trackingNo", message: "お問い合わせ番号は11〜13桁の数字で入力してください（ハイフンは省略可）。" });
  }
  if (input.postageYen > 10000) errors.push({ field: "postageYen", message: "郵便料金は10,000円以内で入力してください。" });
  return errors;
}
