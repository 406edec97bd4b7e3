/** 全角 digits, letters and hyphens to 半角 (NFKC), trimmed. For codes and numbers, not for names. */
export function toHankaku(value: string): string {
  return value
    .normalize("NFKC")
    .replace(/[‐‑‒–—―−ー－]/g, "-")
    .trim();
}

/**
 * A recovery key (or a group of one) as typed — any case, 全角, spaces, with
 * or without hyphens — to the printed form "7K3M-ABCD-…".
 */
export function normaliseRecoveryKey(value: string): string {
  const compact = toHankaku(value).toUpperCase().replace(/[\s-]+/g, "");
  if (compact.length > 4 && compact.length % 4 === 0 && /^[0-9A-Z]+$/.test(compact)) {
    return compact.match(/.{4}/g)!.join("-");
  }
  return toHankaku(value).toUpperCase().replace(/\s+/g, "");
}

/** Parses a whole number typed with 半角 or 全角 digits; null if it is not one. */
export function parseWholeNumber(value: string): number | null {
  const v = toHankaku(value);
  if (!/^\d{1,6}$/.test(v)) return null;
  return Number(v);
}
