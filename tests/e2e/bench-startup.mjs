// Cold start to the login screen, in the real window (Xvfb): a store made by
// the admin CLI, then the app started N times; each time from WebDriver
// session start until the sign-in form is visible. Prints the median.
// Run: xvfb-run -a scripts/with-keyring node tests/e2e/bench-startup.mjs [runs]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from './harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const admin = join(process.env.CARGO_TARGET_DIR, 'debug/madoguchi-admin');
const dataDir = mkdtempSync(join(tmpdir(), 'madoguchi-bench-'));
execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--password-stdin'], { input: 'kanri-pass-2026\n' });

const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const app = await startApp({ dataDir });
  await app.byTestId('login-username', 30000);
  times.push(performance.now() - t0);
  await app.stop({ keepData: true });
}
rmSync(dataDir, { recursive: true, force: true });
times.sort((a, b) => a - b);
console.log(`cold start to the login screen (${process.env.MADOGUCHI_APP_BINARY ?? 'debug build'}): median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${runs} runs (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}); includes tauri-driver and WebKitWebDriver start-up`);
