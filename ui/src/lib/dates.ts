/**
 * Dates as a Japanese desk reads them. Two kinds of value pass through here:
 *
 * - **instants** (the backend's RFC 3339 stamps, `new Date()`): always shown
 *   on the Japanese clock (Asia/Tokyo), whatever zone the PC is set to, as
 *   the core counts the law's days in Japan time (`kernel::clock`);
 * - **calendar days** (`parseDay`, `japanDay`): a Date at local midnight
 *   whose local fields are the day, never compared as an instant.
 *
 * Only this file reads a Date's fields (`lib/dates.guard.test.ts`).
 */
const JAPAN = "Asia/Tokyo";

const japanParts = new Intl.DateTimeFormat("en-US", {
  timeZone: JAPAN,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  hourCycle: "h23",
});

/** The Japanese wall clock at an instant. */
export function inJapan(instant: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const n = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of japanParts.formatToParts(instant)) if (p.type in n) n[p.type as keyof typeof n] = Number(p.value);
  n.hour %= 24; // some engines say 24 for midnight even with h23
  return n;
}

/** The day in Japan at an instant (now by default), as a calendar day. */
export function japanDay(instant: Date = new Date()): Date {
  const j = inJapan(instant);
  return new Date(j.year, j.month - 1, j.day);
}

const p2 = (n: number) => String(n).padStart(2, "0");

const WEEKDAYS = ["日", "月", "火", "水", "木", "金", "土"] as const;

/** 西暦 of a calendar day: 2025年11月21日（金） */
export function formatSeireki(date: Date): string {
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日（${WEEKDAYS[date.getDay()]}）`;
}

const warekiFormat = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
});

/** 和暦 of a calendar day: 令和7年11月21日 */
export function formatWareki(date: Date): string {
  return warekiFormat.format(date);
}

/** A backend timestamp (ISO 8601) as its day in Japan, 2025/04/01; anything unparsable is shown as given. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const j = inJapan(d);
  return `${j.year}/${p2(j.month)}/${p2(j.day)}`;
}

/** The greeting for the hour in Japan at an instant. */
export function greetingFor(instant: Date): string {
  const h = inJapan(instant).hour;
  if (h >= 4 && h < 11) return "おはようございます";
  if (h >= 11 && h < 18) return "こんにちは";
  return "こんばんは";
}

/**
 * A typed day — "2026-12-01", "2026/12/1", "２０２６年１２月１日" — as a local
 * Date at midnight, or null if it is not a real day.
 */
export function parseDay(value: string): Date | null {
  const t = value
    .normalize("NFKC")
    .trim()
    .replace(/[‐‑‒–—―−ー－]/g, "-")
    .replace(/[/.年月]/g, "-")
    .replace(/日$/, "");
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** "2026-12-01" → "令和8年12月1日"; "" if the text is not a day. */
export function warekiOfDay(value: string): string {
  const d = parseDay(value);
  return d ? formatWareki(d) : "";
}

/** "2026-12-01" → "2026/12/01" (as given if it is not a day). */
export function formatDay(value: string): string {
  const d = parseDay(value);
  if (!d) return value;
  return `${d.getFullYear()}/${p2(d.getMonth() + 1)}/${p2(d.getDate())}`;
}

/** A backend timestamp (RFC 3339) on the Japanese clock: 2026/12/01 10:23; as given if unparsable. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  const j = inJapan(d);
  return `${j.year}/${p2(j.month)}/${p2(j.day)} ${p2(j.hour)}:${p2(j.minute)}`;
}

/** A backend timestamp with seconds, for the audit log: 2026/12/03 22:55:46; as given if unparsable. */
export function formatDateTimeSeconds(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  return `${formatDateTime(iso)}:${p2(inJapan(d).second)}`;
}

/** A calendar day as `YYYY-MM-DD` (today in Japan by default), comparable with days from the backend. */
export function isoDay(day: Date = japanDay()): string {
  return `${day.getFullYear()}-${p2(day.getMonth() + 1)}-${p2(day.getDate())}`;
}

/** The year in Japan now (a report's default period). */
export function japanYear(): number {
  return inJapan(new Date()).year;
}
