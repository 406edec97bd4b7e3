import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "./commands";
import { SRC, sources } from "../test/sources";

describe("error codes", () => {
  it("are named by the generated constants in the UI's code, never written as strings", () => {
    const codes = new Set<string>(Object.values(ErrorCode));
    const raw: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:\.code\s*[!=]==?\s*|code:\s*)"([a-z_]+)"/g)) {
        if (codes.has(m[1]!)) raw.push(`${relative(SRC, file)}: ${m[0]}`);
      }
    }
    expect(raw).toEqual([]);
  });

  it("the check finds a raw code", () => {
    const text = 'if (e.code === "warnings") {}';
    expect([...text.matchAll(/(?:\.code\s*[!=]==?\s*|code:\s*)"([a-z_]+)"/g)].map((m) => m[1])).toEqual(["warnings"]);
  });
});
