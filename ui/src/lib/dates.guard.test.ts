import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { SRC, sources } from "../test/sources";

/** Reading a Date's fields: on an instant it gives the PC's zone, not Japan's. */
const FIELD_READ = /\.(?:getFullYear|getMonth|getDate|getDay|getHours|getMinutes|getSeconds)\(\)|\.toLocale(?:Date|Time)?String\(\s*\)|toLocaleDateString|toLocaleTimeString/g;

function fieldReads(text: string): string[] {
  return [...text.matchAll(FIELD_READ)].map((m) => m[0]);
}

describe("Japan time in the UI", () => {
  it("only lib/dates.ts reads a Date's fields, so every time shown is on the Japanese clock", () => {
    const found: string[] = [];
    for (const file of sources()) {
      if (file.endsWith("lib/dates.ts")) continue;
      for (const r of fieldReads(readFileSync(file, "utf8"))) found.push(`${relative(SRC, file)}: ${r}`);
    }
    expect(found).toEqual([]);
  });

  it("the check finds a field read", () => {
    expect(fieldReads("const y = new Date().getFullYear();")).toEqual([".getFullYear()"]);
    expect(fieldReads("d.toLocaleDateString('ja-JP')")).toEqual(["toLocaleDateString"]);
    expect(fieldReads("n.toLocaleString('ja-JP')")).toEqual([]);
  });
});
