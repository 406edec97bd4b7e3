const WEEKDAYS = ["日", "月", "火", "水", "木", "金", "土"] as const;

/** 西暦: 2025年11月21日（金） */
export function formatSeireki(date: Date): string {
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日（${WEEKDAYS[date.getDay()]}）`;
}

const warekiFormat = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  era: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
});

/** 和暦: 令和7年11月21日 */
export function formatWareki(date: Date): string {
  return warekiFormat.format(date);
}

/** A backend timestamp (ISO 8601) as 2025/04/01; anything unparsable is shown as given. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())}`;
}

export function greetingFor(date: Date): string {
  const h = date.getHours();
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
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())}`;
}

/** A backend timestamp (RFC 3339) as 2026/12/01 10:23 in local time; as given if unparsable. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A local date as `YYYY-MM-DD` (today by default), comparable with dates from the backend. */
export function isoDay(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
