import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "./commands";

// Vitest runs from ui/.
const SRC = join(process.cwd(), "src");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "bindings") sources(path, out);
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== "commands.ts") {
      out.push(path);
    }
  }
  return out;
}

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
