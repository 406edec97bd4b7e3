// The app half of `scripts/bench` (docs/BENCHMARKS.md), in the real window
// under Xvfb: for the big store made by bench_store (argv[2]) and, as the
// baseline, an empty store made by the admin CLI, it measures
//  - cold start to the sign-in screen (WebDriver session request → the
//    sign-in form visible; includes starting WebKitWebDriver), median of 5;
//  - memory with the store open: signed in, the register showing its first
//    page of 100,000+ cases, then one case page open. Reported as PSS (shared
//    pages divided among the processes that map them) summed over the app and
//    its WebKit processes, and the app process's own RSS.
// Run by scripts/bench; not a test (figures are printed, never asserted).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, appBinary } from './harness.mjs';

const bigStore = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
if (!bigStore) throw new Error('usage: bench-app.mjs <data dir of bench_store> [runs]');
const admin = process.env.MADOGUCHI_ADMIN_BINARY ?? join(process.env.CARGO_TARGET_DIR, 'release/madoguchi-admin');
const emptyStore = join(mkdtempSync(join(tmpdir(), 'madoguchi-bench-empty-')), 'data');
execFileSync(admin, ['--data-dir', emptyStore, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--password-stdin'], { input: 'kanri-pass-2026\n' });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function coldStart(dataDir) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const app = await startApp({ dataDir });
    await app.byTestId('login-username', 60000);
    times.push(performance.now() - t0);
    await app.stop({ keepData: true });
  }
  return times;
}

/** Processes started for this data folder (the app and the WebKit helpers it spawned). */
function processesOf(dataDir) {
  const marker = `MADOGUCHI_DATA_DIR=${dataDir}\0`;
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (!env.includes(marker)) continue;
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (!/madoguchi|WebKit/.test(comm)) continue; // not tauri-driver or WebKitWebDriver
      if (comm === 'WebKitWebDriver') continue;
      const kb = (file, key) => Number(readFileSync(`/proc/${pid}/${file}`, 'utf8').match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0);
      out.push({ pid, comm, pss: kb('smaps_rollup', 'Pss'), rss: kb('status', 'VmRSS') });
    } catch { /* gone */ }
  }
  return out;
}

async function memory(dataDir) {
  const app = await startApp({ dataDir });
  try {
    await app.type('login-username', 'kanri');
    await app.type('login-password', 'kanri-pass-2026');
    await app.click('login-submit');
    await app.click('nav-cases');
    // The register's first page (or, in the empty store, its empty state).
    const shownEl = await app.driver.wait(async () => {
      const found = await app.driver.findElements(app.By.css('[data-testid="cases-page-info"], [data-testid="cases-empty"]'));
      return found[0] ?? false;
    }, 60000, 'the register never showed');
    const shown = (await shownEl.getText()).replace(/\s+/g, ' ');
    // Open the first case of the page, as an officer would (if there is one).
    const cells = await app.driver.findElements(app.By.css('[data-testid^="case-row-"] td'));
    if (cells.length) await cells[0].click();
    await app.driver.sleep(3000); // let the page settle and the allocator return what it frees
    const procs = processesOf(dataDir);
    await app.screenshot(`bench-memory-${dataDir === bigStore ? 'big' : 'empty'}`);
    return { shown, procs };
  } finally {
    await app.stop({ keepData: true });
  }
}

const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
console.log(`app bench: ${appBinary}`);
const bigCold = await coldStart(bigStore);
const emptyCold = await coldStart(emptyStore);
console.log(`| cold start to the sign-in screen, median of ${runs} | ${median(bigCold).toFixed(0)} ms (${Math.min(...bigCold).toFixed(0)}–${Math.max(...bigCold).toFixed(0)}) | empty store: ${median(emptyCold).toFixed(0)} ms | ${(median(bigCold) / median(emptyCold)).toFixed(2)}× |`);
const big = await memory(bigStore);
const empty = await memory(emptyStore);
const sum = (procs, k) => procs.reduce((a, p) => a + p[k], 0);
const appRss = (procs) => procs.find((p) => p.comm.startsWith('madoguchi'))?.rss ?? 0;
console.log(`| memory, signed in, register (${big.shown}) and a case page open: PSS of ${big.procs.map((p) => p.comm).join(' + ')} | ${mb(sum(big.procs, 'pss'))} (app process RSS ${mb(appRss(big.procs))}) | empty store: ${mb(sum(empty.procs, 'pss'))} (app RSS ${mb(appRss(empty.procs))}) | ${(sum(big.procs, 'pss') / sum(empty.procs, 'pss')).toFixed(2)}× |`);
rmSync(join(emptyStore, '..'), { recursive: true, force: true });
