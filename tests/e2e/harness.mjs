// End-to-end harness: drives the real Madoguchi window through tauri-driver
// and WebKitWebDriver. Each session gets its own empty data folder; the
// credential store is the real Secret Service of scripts/with-keyring.
// Screenshots go to artifacts/e2e/ (kept by CI, and looked at).

import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
const require = createRequire(join(root, 'ui/package.json'));
const { Builder, By, until, Key } = require('selenium-webdriver');
export { By, until, Key };

export const artifacts = join(root, 'artifacts/e2e');
mkdirSync(artifacts, { recursive: true });

const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
export const appBinary = process.env.MADOGUCHI_APP_BINARY ?? join(targetDir, 'debug/madoguchi');

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((ok, fail) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.end(); ok(); });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) fail(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

let nextPort = 4444;

/** Kills any process started with this data folder (an app the driver left behind). */
function killByDataDir(dir) {
  const marker = `MADOGUCHI_DATA_DIR=${dir}\0`;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (Number(pid) !== process.pid && readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) {
        process.kill(Number(pid), 'SIGKILL');
      }
    } catch { /* gone, or not ours to read */ }
  }
}

/**
 * The zone every window runs in: not Japan's, on purpose. A desk's PC may be
 * set to any zone and the app shows and counts Japan time regardless; in
 * California a day taken from the PC's clock is wrong 17 hours a day.
 */
export const PC_ZONE = 'America/Los_Angeles';

/** The day in Japan at an instant (now by default), `YYYY-MM-DD`. */
export function japanDay(instant = new Date()) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(instant);
}

/** An instant as a zone's wall clock, `YYYY-MM-DD HH:MM:SS` (libfaketime reads FAKETIME in the process's zone). */
export function wallClock(instant, zone = PC_ZONE) {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date(instant));
}

/**
 * Starts the app in a fresh data folder (or `dataDir`) and returns a session.
 * `env`: variables added for this session only (tauri-driver passes its
 * environment on to WebKitWebDriver and the app), e.g. libfaketime's.
 */
export async function startApp({ dataDir, env = {} } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'madoguchi-e2e-'));
  const port = nextPort;
  nextPort += 2;
  // The driver, WebKitWebDriver and the app run in a process group of their
  // own, killed as a whole at the end: an app left behind by the driver would
  // otherwise keep running and hold the test runner open. Their output goes
  // to a log file, not to a pipe the runner waits on.
  const log = join(artifacts, `driver-${port}.log`);
  const logFd = openSync(log, 'w');
  const driverProcess = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
    env: { ...process.env, TZ: PC_ZONE, ...env, MADOGUCHI_DATA_DIR: dir },
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  closeSync(logFd);
  await waitForPort(port, 20000);
  const caps = { browserName: 'wry', 'tauri:options': { application: appBinary } };
  const driver = await new Builder().usingServer(`http://127.0.0.1:${port}/`).withCapabilities(caps).build();
  const started = Date.now();
  const session = {
    driver,
    By,
    dataDir: dir,
    /** The output of tauri-driver, WebKitWebDriver and the app. */
    log,
    async byTestId(id, timeout = 15000) {
      const el = await driver.wait(until.elementLocated(By.css(`[data-testid="${id}"]`)), timeout, `no element ${id}`);
      await driver.wait(until.elementIsVisible(el), timeout, `element ${id} not visible`);
      return el;
    },
    async type(id, text) {
      const el = await this.byTestId(id);
      await el.clear();
      await el.sendKeys(text);
    },
    async click(id) {
      const el = await this.byTestId(id);
      // Sticky headers and footers must not cover the target.
      await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", el);
      try {
        await el.click();
      } catch (e) {
        await this.screenshot(`failed-click-${id}`);
        throw e;
      }
    },
    /** Signs in on the login screen and waits for the shell to name the user. */
    async signIn(username = 'kanri', password = 'kanri-pass-2026', displayName = '見本 担当') {
      await this.type('login-username', username);
      await this.type('login-password', password);
      await this.click('login-submit');
      await this.waitForText('session-user', displayName);
    },
    async text(id) {
      return (await this.byTestId(id)).getText();
    },
    async waitForText(id, fragment, timeout = 15000) {
      await driver.wait(async () => {
        try {
          return (await this.text(id)).includes(fragment);
        } catch {
          return false;
        }
      }, timeout, `${id} never showed ${fragment}`);
    },
    async screenshot(name) {
      // Let WebKit paint what the DOM already shows before capturing.
      await driver.executeAsyncScript('const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));');
      const png = await driver.takeScreenshot();
      writeFileSync(join(artifacts, `${name}.png`), png, 'base64');
    },
    async stop({ keepData = false } = {}) {
      try { await driver.quit(); } catch { /* the window may already be gone */ }
      // End everything this session started, by process group.
      for (const signal of ['SIGTERM', 'SIGKILL']) {
        try { process.kill(-driverProcess.pid, signal); } catch { /* already gone */ }
        await new Promise((r) => setTimeout(r, 300));
      }
      killByDataDir(dir);
      if (!keepData && !dataDir) rmSync(dir, { recursive: true, force: true });
    },
    startedAt: started,
  };
  return session;
}
