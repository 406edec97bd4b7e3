import type { CaseStatus, Channel, DisclosureMethod, Enclosure, RequestKind, RequesterType } from "../backend/types";

/** Every code with its Japanese label, in the order the forms show them. */
export const CHANNELS: ReadonlyArray<readonly [Channel, string]> = [
  ["post", "郵送"],
  ["email", "メール"],
  ["phone", "電話"],
  ["form", "フォーム"],
  ["counter", "窓口"],
];

export const REQUEST_KINDS: ReadonlyArray<readonly [RequestKind, string]> = [
  ["purpose_notice", "利用目的の通知"],
  ["disclosure", "開示"],
  ["third_party_record", "第三者提供記録の開示"],
  ["correction", "訂正"],
  ["addition", "追加"],
  ["deletion", "削除"],
  ["suspension", "利用停止"],
  ["erasure", "消去"],
  ["stop_third_party", "第三者提供の停止"],
  ["other", "その他"],
];

export const REQUESTER_TYPES: ReadonlyArray<readonly [RequesterType, string]> = [
  ["self", "本人"],
  ["legal_agent", "法定代理人"],
  ["appointed_agent", "任意代理人"],
];

export const DISCLOSURE_METHODS: ReadonlyArray<readonly [DisclosureMethod, string]> = [
  ["", "指定なし"],
  ["paper", "書面"],
  ["electronic", "電磁的記録"],
];

export const CASE_STATUSES: ReadonlyArray<readonly [CaseStatus, string]> = [
  ["received", "受付"],
  ["verifying", "本人確認中"],
  ["awaiting_fee", "手数料待ち"],
  ["investigating", "調査中"],
  ["awaiting_approval", "承認待ち"],
  ["preparing_reply", "回答準備"],
  ["sent", "発送済"],
  ["completed", "完了"],
  ["withdrawn", "取下げ"],
  ["mistaken", "誤登録"],
];

export const ENCLOSURES: ReadonlyArray<readonly [Enclosure, string]> = [
  ["id_copy", "本人確認書類の写し"],
  ["request_form", "請求書・申請書"],
  ["stamps", "郵便切手"],
  ["money_order", "定額小為替"],
  ["power_of_attorney", "委任状"],
  ["seal_certificate", "印鑑登録証明書"],
  ["return_envelope", "返信用封筒"],
  ["other", "その他"],
];

const toMap = <K extends string>(list: ReadonlyArray<readonly [K, string]>) => Object.fromEntries(list) as Record<K, string>;

export const channelLabel = toMap(CHANNELS);
export const kindLabel = toMap(REQUEST_KINDS);
export const requesterTypeLabel = toMap(REQUESTER_TYPES);
export const disclosureLabel = toMap(DISCLOSURE_METHODS);
export const statusLabel = toMap(CASE_STATUSES);
export const enclosureLabel = toMap(ENCLOSURES);

/** Kinds whose request carries 訂正等の内容. */
export const CORRECTION_KINDS: readonly RequestKind[] = ["correction", "addition", "deletion"];

/** Where an attachment came from. */
export function originLabel(origin: string): string {
  switch (origin) {
    case "eml":
      return "メール（原本）";
    case "mail_attachment":
      return "メールの添付";
    case "scan":
      return "スキャン";
    default:
      return origin;
  }
}

/** 1234567 → "1.2 MB"; sizes in the officer's terms. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
