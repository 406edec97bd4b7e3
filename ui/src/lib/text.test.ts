import { describe, expect, it } from "vitest";
import { fieldErrorsByPath, fieldErrorsOf, toApiError } from "../backend/errors";
import { formatBytes } from "./bytes";
import { formatDate, formatDateTime, formatDateTimeSeconds, formatDay, formatSeireki, formatWareki, greetingFor, isoDay, japanDay, parseDay, warekiOfDay } from "./dates";
import { normaliseRecoveryKey, parseWholeNumber } from "./text";

describe("normaliseRecoveryKey", () => {
  it("accepts lower case, 全角 and missing or spaced hyphens", () => {
    expect(normaliseRecoveryKey(" 7k3m-abcd ")).toBe("7K3M-ABCD");
    expect(normaliseRecoveryKey("７Ｋ３Ｍ－ＡＢＣＤ")).toBe("7K3M-ABCD");
    expect(normaliseRecoveryKey("7K3MABCDEFGH")).toBe("7K3M-ABCD-EFGH");
    expect(normaliseRecoveryKey("7K3M ABCD EFGH")).toBe("7K3M-ABCD-EFGH");
    expect(normaliseRecoveryKey("efgh")).toBe("EFGH");
  });
});

describe("parseWholeNumber", () => {
  it("reads 半角 and 全角 digits and nothing else", () => {
    expect(parseWholeNumber("30")).toBe(30);
    expect(parseWholeNumber("３０")).toBe(30);
    expect(parseWholeNumber(" 5 ")).toBe(5);
    expect(parseWholeNumber("1.5")).toBeNull();
    expect(parseWholeNumber("-1")).toBeNull();
    expect(parseWholeNumber("")).toBeNull();
    expect(parseWholeNumber("十")).toBeNull();
  });
});

describe("field errors", () => {
  it("keys messages by the last path segment, dropping list indexes", () => {
    const e = toApiError({
      code: "invalid_input",
      message: "入力内容を確認してください。",
      fields: [
        { field: "organisation.postalCode", message: "A" },
        { field: "answers[1]", message: "B" },
        { field: "email", message: "C" },
        { field: "email", message: "D" },
      ],
    });
    expect(fieldErrorsOf(e)).toEqual({ postalCode: "A", answers: "B", email: "C" });
  });

  it("never shows a raw error to the person", () => {
    expect(toApiError(new Error("SQLITE_BUSY at /home/x")).message).not.toContain("SQLITE");
    expect(toApiError({ code: "locked", message: "ロックされました。" })).toEqual({
      code: "locked",
      message: "ロックされました。",
      fields: [],
    });
  });
});

describe("dates", () => {
  it("formats 西暦 with the weekday and 和暦 with the era", () => {
    const d = new Date(2026, 0, 5);
    expect(formatSeireki(d)).toBe("2026年1月5日（月）");
    expect(formatWareki(d)).toBe("令和8年1月5日");
    expect(formatWareki(new Date(2019, 3, 30))).toMatch(/^平成31年4月30日$/);
  });

  it("shows backend timestamps on the Japanese clock, whatever the PC's zone", () => {
    // The tests run with TZ=America/Los_Angeles (vite.config.ts), 17 hours behind.
    expect(new Date("2026-12-07T23:39:12Z").getTimezoneOffset()).toBe(480);
    expect(formatDate("2025-03-31T15:00:00Z")).toBe("2025/04/01");
    expect(formatDate("2025-04-01T09:00:00+09:00")).toBe("2025/04/01");
    expect(formatDateTime("2026-12-07T23:39:12.345Z")).toBe("2026/12/08 08:39");
    expect(formatDateTimeSeconds("2026-12-03T13:55:46Z")).toBe("2026/12/03 22:55:46");
    expect(formatDate("不明")).toBe("不明");
    expect(formatDateTimeSeconds("not a time")).toBe("not a time");
  });

  it("today and the greeting are Japan's", () => {
    // 23:39 UTC on 12/7 is 15:39 on 12/7 in California and 08:39 on 12/8 in Japan.
    const instant = new Date("2026-12-07T23:39:00Z");
    expect(isoDay(japanDay(instant))).toBe("2026-12-08");
    expect(formatSeireki(japanDay(instant))).toBe("2026年12月8日（火）");
    expect(greetingFor(instant)).toBe("おはようございます");
    expect(greetingFor(new Date("2026-12-08T03:00:00Z"))).toBe("こんにちは");
    expect(isoDay(japanDay(new Date("2026-12-31T15:00:00Z")))).toBe("2027-01-01");
  });
});

describe("case dates and sizes", () => {
  it("reads a typed 受付日 in 半角 or 全角, with hyphens, slashes or 年月日", () => {
    expect(warekiOfDay("2026-12-01")).toBe("令和8年12月1日");
    expect(warekiOfDay("２０２６／１２／０１")).toBe("令和8年12月1日");
    expect(warekiOfDay("2026年12月1日")).toBe("令和8年12月1日");
    expect(warekiOfDay("2019-04-30")).toBe("平成31年4月30日");
    expect(warekiOfDay("2026-02-30")).toBe("");
    expect(warekiOfDay("12/1")).toBe("");
    expect(parseDay("2026-1-5")?.getDate()).toBe(5);
    expect(formatDay("2026-01-05")).toBe("2026/01/05");
    expect(formatDay("不明")).toBe("不明");
  });

  it("shows sizes in B, KB, MB", () => {
    expect(formatBytes(900)).toBe("900 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(52_000)).toBe("51 KB");
    expect(formatBytes(1_300_000)).toBe("1.2 MB");
  });
});

describe("field errors by path", () => {
  it("keeps the whole dotted path, so requester.name and agent.name stay apart", () => {
    const e = toApiError({
      code: "invalid_input",
      message: "入力内容を確認してください。",
      fields: [
        { field: "requester.name", message: "A" },
        { field: "agent.name", message: "B" },
        { field: "kinds[0]", message: "C" },
        { field: "requester.name", message: "D" },
      ],
    });
    expect(fieldErrorsByPath(e)).toEqual({ "requester.name": "A", "agent.name": "B", kinds: "C" });
  });
});
