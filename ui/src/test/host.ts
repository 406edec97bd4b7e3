/**
 * The UI tests' backend: the app's real command bodies and core, in the
 * test host process (src-tauri/app/src/bin/testhost.rs), on a real encrypted
 * store of its own. `mockIPC` forwards every `invoke` of the UI's generated
 * client to it, so a test exercises the same client, the same commands and
 * the same rules as the window — no second copy of them in TypeScript.
 *
 * The host runs under libfaketime: its clock starts at 10:00 on `TODAY` in
 * Japan, so dates the tests show are fixed. Its zone is California's (where
 * that is 17:00 the day before): the core counts Japan time whatever the
 * PC's zone, and a day taken from the PC's clock would show up as wrong.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { STAGED_EVENT } from "../backend/tauri";
import type { ApiError, Staged } from "../backend/types";

/** The day the host's clock starts on in Japan (a Thursday). */
export const TODAY = "2026-12-10";

/** The host's time zone: not Japan's, on purpose. */
const HOST_ZONE = "America/Los_Angeles";

/** An instant as a zone's wall clock, `YYYY-MM-DD HH:MM:SS` (libfaketime reads FAKETIME in the process's zone). */
export function wallClock(instant: string, zone: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(instant));
}

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

/** A command the UI sent, with its arguments (as `invoke` got them). */
export type Call = { cmd: string; args: Record<string, unknown> };

export class Host {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private stderr = "";
  /** What the UI sent since the test began (seeding through `call` is not recorded). */
  private readonly calls: Call[] = [];
  private readonly failures = new Map<string, unknown[]>();
  private readonly delays = new Map<string, number>();
  private readonly interceptors: Array<{ cmd: string; run: (args: Record<string, unknown>) => Promise<unknown> | undefined }> = [];
  /** The store's recovery key, once `hostForFile` has set it up. */
  recoveryKey = "";

  private constructor() {
    const faketime = LIBFAKETIME.find((p) => existsSync(p));
    if (!faketime) throw new Error("libfaketime is missing (Debian package faketime): the host's clock must start on TODAY");
    this.proc = spawn(hostBinary(), [], {
      env: {
        ...process.env,
        LD_PRELOAD: faketime,
        FAKETIME: `@${wallClock(`${TODAY}T10:00:00+09:00`, HOST_ZONE)}`,
        TZ: HOST_ZONE,
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
    mockIPC(
      (cmd, payload) => {
        const args = (payload ?? {}) as Record<string, unknown>;
        this.calls.push({ cmd, args });
        const failure = this.failures.get(cmd)?.shift();
        if (failure !== undefined) return Promise.reject(failure);
        for (const i of this.interceptors) {
          const answer = i.cmd === cmd ? i.run(args) : undefined;
          if (answer) return answer;
        }
        const delay = this.delays.get(cmd);
        if (delay !== undefined) {
          this.delays.delete(cmd);
          return new Promise((r) => setTimeout(r, delay)).then(() => this.call(cmd, args));
        }
        return this.call(cmd, args);
      },
      { shouldMockEvents: true },
    );
  }

  /** The arguments of every `cmd` the UI sent, oldest first. */
  callsOf(cmd: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  }

  /** Every command the UI sent, oldest first. */
  sent(): readonly Call[] {
    return this.calls;
  }

  /**
   * The next `cmd` the UI sends answers `error` instead of reaching the
   * core: for what the core cannot be made to do on demand (a full disk, a
   * printer that jams). Everything else comes from the real core.
   */
  failNext(cmd: string, error: ApiError | string): void {
    const list = this.failures.get(cmd) ?? [];
    list.push(error);
    this.failures.set(cmd, list);
  }

  /**
   * Resolves once no command is waiting for the host: a point at which the
   * UI has every answer it asked for (for tests on fake timers, whose
   * `advanceTimers` moves time but cannot wait for another process).
   */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  }

  /** Every `cmd` whose arguments `match` answers `error` (the printer jams on that letter). */
  failWhen(cmd: string, match: (args: Record<string, unknown>) => boolean, error: ApiError): void {
    this.interceptors.push({ cmd, run: (args) => (match(args) ? Promise.reject(error) : undefined) });
  }

  /**
   * Every `cmd` whose arguments `match` waits until the returned function is
   * called, then reaches the host: to see the screen half way through.
   */
  holdWhen(cmd: string, match: (args: Record<string, unknown>) => boolean): () => void {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    this.interceptors.push({ cmd, run: (args) => (match(args) ? gate.then(() => this.call(cmd, args)) : undefined) });
    return () => release();
  }

  /** The next `cmd` reaches the host `ms` later: time to see the screen wait for it. */
  delayNext(cmd: string, ms: number): void {
    this.delays.set(cmd, ms);
  }

  /**
   * Files dropped onto the window: the window's drop handler stages them in
   * the host and its event reaches the UI, as in the app.
   */
  async drop(paths: string[]): Promise<Staged> {
    const staged = await this.call<Staged>("host.drop", { paths });
    await emit(STAGED_EVENT, staged);
    return staged;
  }

  /** Back to the snapshot `name` (the app as just started on it); what the UI sent is forgotten. */
  async restore(name: string): Promise<void> {
    this.calls.length = 0;
    this.failures.clear();
    this.delays.clear();
    this.interceptors.length = 0;
    await this.call("host.restore", { name });
  }

  async stop(): Promise<void> {
    clearMocks();
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once("exit", r));
    this.proc.stdin.end();
    await exited;
  }
}

/**
 * One host for a test file: started before its tests with three snapshots —
 * `empty` (the first-run screen), `bare` (the store set up with the two users
 * of seed.ts, no policy yet, locked) and `base` (`bare` with the default
 * policy 標準ポリシー) — and every test starts from `base`. `seed` adds what all
 * of the file's tests need to `base`.
 */
export function hostForFile(seed?: (h: Host) => Promise<void>): () => Host {
  let host: Host | null = null;
  beforeAll(async () => {
    host = Host.start();
    host.install();
    await host.call("host.snapshot", { name: "empty" });
    const { setUpStore, savePolicy, policyBody, signIn } = await import("./seed");
    host.recoveryKey = await setUpStore(host);
    await host.call("host.snapshot", { name: "bare" });
    await signIn(host, "admin");
    await savePolicy(host, await policyBody(host));
    if (seed) await seed(host);
    await host.call("host.snapshot", { name: "base" });
  }, 60_000);
  beforeEach(async () => {
    await host!.restore("base");
  });
  afterAll(async () => {
    await host?.stop();
  });
  return () => {
    if (!host) throw new Error("hostForFile(): the host starts in beforeAll");
    return host;
  };
}
