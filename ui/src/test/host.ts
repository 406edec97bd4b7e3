/**
 * The UI tests' backend: the app's real command bodies and core, in the
 * test host process (src-tauri/app/src/bin/testhost.rs), on a real encrypted
 * store of its own. `mockIPC` forwards every `invoke` of the UI's generated
 * client to it, so a test exercises the same client, the same commands and
 * the same rules as the window — no second copy of them in TypeScript.
 *
 * The host runs under libfaketime: its clock starts at `TODAY` (Japan time),
 * so dates the tests show are fixed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { ApiError } from "../backend/types";

/** The day the host's clock starts on (a Thursday). */
export const TODAY = "2026-12-10";

const LIBFAKETIME = [
  "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
  "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
  "/usr/lib/faketime/libfaketime.so.1",
];

function hostBinary(): string {
  const explicit = process.env.MADOGUCHI_TESTHOST;
  if (explicit) return explicit;
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache", "madoguchi", "target");
  const bin = join(target, "debug", process.platform === "win32" ? "madoguchi-testhost.exe" : "madoguchi-testhost");
  if (!existsSync(bin)) {
    throw new Error(
      `the UI tests' host is not built (${bin}): cargo build -p madoguchi --features test-hooks --bin madoguchi-testhost (scripts/test does it)`,
    );
  }
  return bin;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; cmd: string };

export class Host {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private stderr = "";

  private constructor() {
    const faketime = LIBFAKETIME.find((p) => existsSync(p));
    if (!faketime) throw new Error("libfaketime is missing (Debian package faketime): the host's clock must start on TODAY");
    this.proc = spawn(hostBinary(), [], {
      env: {
        ...process.env,
        LD_PRELOAD: faketime,
        FAKETIME: `@${TODAY} 10:00:00`,
        TZ: "Asia/Tokyo",
        RUST_BACKTRACE: "1",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.proc.stderr.on("data", (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.proc.on("exit", (code) => {
      for (const [, p] of this.pending) p.reject(new Error(`the test host exited (${code}) during ${p.cmd}:\n${this.stderr}`));
      this.pending.clear();
    });
    createInterface({ input: this.proc.stdout }).on("line", (line) => {
      const answer = JSON.parse(line) as { id: number; ok?: unknown; err?: ApiError; host_error?: string };
      const p = this.pending.get(answer.id);
      if (!p) return;
      this.pending.delete(answer.id);
      if (answer.host_error !== undefined) p.reject(new Error(`host: ${p.cmd}: ${answer.host_error}`));
      else if (answer.err !== undefined) p.reject(answer.err);
      else p.resolve(answer.ok ?? null);
    });
  }

  static start(): Host {
    return new Host();
  }

  /** One command of the app (or one of the host's own, `host.*`). Rejects with the command's ApiError. */
  call<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, cmd });
      this.proc.stdin.write(`${JSON.stringify({ id, cmd, args })}\n`);
    });
  }

  /** Routes the webview's `invoke` (the generated client) to this host. */
  install(): void {
    mockIPC((cmd, args) => this.call(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  }

  async stop(): Promise<void> {
    clearMocks();
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once("exit", r));
    this.proc.stdin.end();
    await exited;
  }
}
