import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The UI's own source (Vitest runs from ui/). */
export const SRC = join(process.cwd(), "src");

/** The UI's code files under `dir`: no tests, no generated bindings or client. */
export function sources(dir: string = SRC, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "bindings" && name !== "test") sources(path, out);
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== "commands.ts") {
      out.push(path);
    }
  }
  return out;
}
