// The audit viewer's rules for the fake backend, as in audit.rs (filter_sql,
// search, export_csv) and retention_commands.rs (audit_actions): filters by
// 実行者, 期間 (local days, both ends included), 受付番号 and 操作 (a code or a
// group), newest first, a page at a time; the same Japanese field errors.
import { isoDay } from "../lib/dates";
import type { AuditFilter, AuditPage, AuditRow, Choice, FieldError } from "./types";

/** One entry of the fake log. `target` is already in words (「案件 2026-0001」). */
export interface FakeAuditEntry {
  seq: number;
  /** RFC 3339, UTC. */
  at: string;
  actorKind: "user" | "recovery" | "system";
  /** The user (actorKind "user"). */
  actorId: number | null;
  action: string;
  target: string;
  detail: string;
}

/** The groups the 操作 filter offers first (as `audit_actions`). */
export const AUDIT_GROUPS: Choice[] = [
  { code: "case", label: "案件（すべて）" },
  { code: "letter", label: "文書（すべて）" },
  { code: "disposal", label: "廃棄（すべて）" },
  { code: "signin", label: "サインイン（すべて）" },
  { code: "user", label: "利用者（すべて）" },
  { code: "policy", label: "ポリシー（すべて）" },
];

/** Action codes and labels (a part of audit::LABELS, in its order). */
export const AUDIT_LABELS: Choice[] = [
  { code: "store.created", label: "データ作成" },
  { code: "signin", label: "サインイン" },
  { code: "signin.failed", label: "サインイン失敗" },
  { code: "signin.recovery", label: "回復キーで開く" },
  { code: "lock", label: "ロック" },
  { code: "user.created", label: "利用者追加" },
  { code: "settings.changed", label: "設定変更" },
  { code: "audit.exported", label: "監査ログ出力" },
  { code: "backup.created", label: "バックアップ作成" },
  { code: "case.created", label: "案件登録" },
  { code: "case.edited", label: "案件修正" },
  { code: "case.status_changed", label: "案件の状態変更" },
  { code: "case.viewed", label: "案件閲覧" },
  { code: "policy.saved", label: "ポリシー保存" },
  { code: "attachment.added", label: "添付ファイル追加" },
  { code: "letter.issued", label: "文書の発行" },
  { code: "letter.printed", label: "文書の印刷" },
  { code: "disposal.approved", label: "廃棄の承認" },
  { code: "case.disposed", label: "廃棄の実施" },
];

export function auditActionLabel(code: string): string {
  return AUDIT_LABELS.find((c) => c.code === code)?.label ?? "その他";
}

/**
 * A small log over 2026-12-01 … 12-09 (the fake's today is 12-10), times in
 * the middle of the UTC day so the local day is the same in UTC and JST.
 * User 1 is the admin, user 2 the officer of the test helpers.
 */
export function sampleAuditLog(): FakeAuditEntry[] {
  const rows: Array<Omit<FakeAuditEntry, "seq">> = [
    { at: "2026-12-01T00:30:00.000Z", actorKind: "system", actorId: null, action: "store.created", target: "", detail: "" },
    { at: "2026-12-01T01:00:00.000Z", actorKind: "user", actorId: 1, action: "signin", target: "", detail: "" },
    { at: "2026-12-01T01:10:00.000Z", actorKind: "user", actorId: 1, action: "user.created", target: "利用者 2", detail: "role=officer" },
    { at: "2026-12-01T02:00:00.000Z", actorKind: "user", actorId: 2, action: "case.created", target: "案件 2026-0001", detail: "channel=post" },
    { at: "2026-12-01T02:05:00.000Z", actorKind: "user", actorId: 2, action: "attachment.added", target: "案件 2026-0001", detail: "kind=pdf" },
    { at: "2026-12-02T03:00:00.000Z", actorKind: "user", actorId: 2, action: "case.created", target: "案件 2026-0002", detail: "channel=email" },
    { at: "2026-12-02T03:30:00.000Z", actorKind: "user", actorId: 1, action: "case.viewed", target: "案件 2026-0001", detail: "" },
    { at: "2026-12-03T04:00:00.000Z", actorKind: "user", actorId: 2, action: "signin.failed", target: "", detail: "attempt=1" },
    { at: "2026-12-03T04:10:00.000Z", actorKind: "user", actorId: 2, action: "case.status_changed", target: "案件 2026-0001", detail: "received→verifying" },
    { at: "2026-12-04T05:00:00.000Z", actorKind: "user", actorId: 2, action: "letter.issued", target: "文書 1", detail: "template=acknowledgement" },
    { at: "2026-12-04T05:10:00.000Z", actorKind: "user", actorId: 2, action: "letter.printed", target: "文書 1", detail: "" },
    { at: "2026-12-05T06:00:00.000Z", actorKind: "user", actorId: 1, action: "policy.saved", target: "ポリシー 1", detail: "version=2" },
    { at: "2026-12-08T02:30:00.000Z", actorKind: "recovery", actorId: null, action: "signin.recovery", target: "", detail: "" },
    { at: "2026-12-09T03:00:00.000Z", actorKind: "user", actorId: 1, action: "case.created", target: "案件 2026-0003", detail: "channel=counter" },
  ];
  return rows.map((r, i) => ({ seq: i + 1, ...r }));
}

/** 「案件 2026-0001」 → "2026-0001"; "" for any other target. */
export function receiptOfTarget(target: string): string {
  return target.startsWith("案件 ") ? target.slice("案件 ".length) : "";
}

/** As text::iso_day on text::clean(v).replace('/', '-'): a local day, or undefined if empty, or null if not a day. */
function dayOf(value: string): string | undefined | null {
  const t = value.normalize("NFKC").trim().replace(/\//g, "-");
  if (!t) return undefined;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return isoDay(date);
}

/**
 * The field errors of a filter (empty when it is fine): days like the
 * backend, 終了日 not before 開始日, and a 受付番号 the store knows.
 * Like filter_sql, it stops at the first problem.
 */
export function auditFilterErrors(f: AuditFilter, knownReceipt: (receiptNo: string) => boolean): FieldError[] {
  const from = dayOf(f.from);
  if (from === null) return [{ field: "from", message: "開始日は「2026-12-05」の形で入力してください。" }];
  const to = dayOf(f.to);
  if (to === null) return [{ field: "to", message: "終了日は「2026-12-05」の形で入力してください。" }];
  if (from && to && from > to) return [{ field: "to", message: "終了日は開始日以降にしてください。" }];
  const receipt = f.receiptNo.normalize("NFKC").trim();
  if (receipt && !knownReceipt(receipt)) return [{ field: "receiptNo", message: "その受付番号の案件はありません。" }];
  return [];
}

/** The entries a (valid) filter selects, oldest first. */
export function selectAudit(entries: FakeAuditEntry[], f: AuditFilter): FakeAuditEntry[] {
  const from = dayOf(f.from) ?? "";
  const to = dayOf(f.to) ?? "";
  const receipt = f.receiptNo.normalize("NFKC").trim();
  const action = f.action.trim();
  return entries.filter((e) => {
    if (f.actorId !== null && e.actorId !== f.actorId) return false;
    const day = isoDay(new Date(e.at));
    if (from && day < from) return false;
    if (to && day > to) return false;
    if (receipt && receiptOfTarget(e.target) !== receipt) return false;
    if (action && e.action !== action && !e.action.startsWith(`${action}.`)) return false;
    return true;
  });
}

/** The store's users by id (the log keeps ids, never names). */
export type AuditUserLookup = (id: number) => { displayName: string; username: string } | undefined;

/** Who, in words (as actor_label): the user's display name, 回復キー or システム. */
export function auditActorLabel(e: FakeAuditEntry, userOf: AuditUserLookup): string {
  if (e.actorKind === "recovery") return "回復キー";
  if (e.actorKind === "system") return "システム";
  if (e.actorId === null) return "不明";
  return userOf(e.actorId)?.displayName ?? `利用者${e.actorId}`;
}

/** One page, newest first (limit ≤ 0 → 100, at most 1000). */
export function searchAuditLog(
  entries: FakeAuditEntry[],
  f: AuditFilter,
  userOf: AuditUserLookup,
): AuditPage {
  const selected = selectAudit(entries, f);
  const limit = f.limit <= 0 ? 100 : Math.min(f.limit, 1000);
  const offset = Math.max(0, f.offset);
  const rows: AuditRow[] = [...selected]
    .sort((a, b) => b.seq - a.seq)
    .slice(offset, offset + limit)
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      actor: auditActorLabel(e, userOf),
      action: e.action,
      actionLabel: auditActionLabel(e.action),
      target: e.target,
      detail: e.detail,
    }));
  return { total: selected.length, rows };
}

/** 「案件 2026-0001」's word → the target kind the CSV names. */
const TARGET_KINDS: Record<string, string> = { 案件: "case", 利用者: "user", ポリシー: "policy", 文書: "letter", 廃棄記録: "disposal" };

/** As text::csv_cell: always quoted, a leading = + - @ defused with an apostrophe. */
const csvField = (v: string) => `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`;

/** The CSV export_csv writes (BOM, header, oldest first), without the hashes' real values. */
export function auditCsv(entries: FakeAuditEntry[], f: AuditFilter, userOf: AuditUserLookup): string {
  const header = "\u{feff}連番,日時(UTC),実行者種別,利用者ID,ユーザー名,操作コード,操作,対象種別,対象ID,受付番号,詳細,前ハッシュ,ハッシュ\r\n";
  const lines = selectAudit(entries, f).map((e) =>
    [
      String(e.seq),
      e.at,
      e.actorKind,
      e.actorId === null ? "" : String(e.actorId),
      e.actorId === null ? "" : (userOf(e.actorId)?.username ?? ""),
      e.action,
      auditActionLabel(e.action),
      TARGET_KINDS[e.target.split(" ")[0] ?? ""] ?? "",
      e.target.split(" ")[1] ?? "",
      receiptOfTarget(e.target),
      e.detail,
      "",
      "",
    ]
      .map(csvField)
      .join(",") + "\r\n",
  );
  return header + lines.join("");
}
