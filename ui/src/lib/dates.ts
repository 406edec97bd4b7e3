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
