// Data survives a restart: a store created by the admin CLI (the same core),
// the app started twice on it; the credential-store entry and the audit chain
// carry over, and an officer added in the first run signs in in the second.
// The backup the 管理者 makes in the window restores with the CLI and the
// recovery key into a new folder.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from './harness.mjs';

const targetDir = process.env.CARGO_TARGET_DIR;
const admin = join(targetDir, 'debug/madoguchi-admin');

test('a store made by the CLI opens in the app, and survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-restart-'));
  const keyFile = join(dataDir, '..', `${dataDir.split('/').pop()}-key.txt`);
  const saveDir = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-backup-'));
  const restored = join(saveDir, 'restored');
  try {
    execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本物産株式会社', '--admin', 'kanri', '--admin-name', '見本 花子', '--password-stdin',
      '--recovery-key-out', keyFile], { input: 'kanri-pass-2026\n' });

    let app = await startApp({ dataDir, env: { MADOGUCHI_TEST_SAVE_DIR: saveDir } });
    try {
      await app.type('login-username', 'kanri');
      await app.type('login-password', 'kanri-pass-2026');
      await app.click('login-submit');
      await app.waitForText('session-user', '見本 花子');
      await app.click('nav-settings');
      await app.click('settings-tab-users');
      await app.type('user-add-username', 'tanto');
      await app.type('user-add-display-name', '見本 一郎');
      await app.type('user-add-password', 'tanto-pass-2026');
      await app.click('user-add-submit');
      await app.waitForText('users-table', 'tanto');
      await app.screenshot('10-user-added');
      // 設定 › バックアップ: written where the (answered) save dialog says, read back.
      await app.click('settings-tab-backup');
      await app.click('backup-create');
      await app.waitForText('backup-done', '読み戻して検証しました');
      await app.waitForText('backup-done', '.mdgbak');
      await app.screenshot('10b-backup-done');
    } finally {
      await app.stop({ keepData: true });
    }

    app = await startApp({ dataDir });
    try {
      await app.type('login-username', 'tanto');
      await app.type('login-password', 'tanto-pass-2026');
      await app.click('login-submit');
      await app.waitForText('session-user', '見本 一郎');
      await app.waitForText('session-user', '担当者');
      // An officer sees ホーム and 設定, but not the 利用者 tab.
      await app.click('nav-settings');
      const tabs = await app.driver.executeScript("return [...document.querySelectorAll('[data-testid^=\"settings-tab-\"]')].map(e => e.dataset.testid)");
      assert.ok(!tabs.includes('settings-tab-users'), `officer tabs: ${tabs}`);
      await app.screenshot('11-officer-settings');
    } finally {
      await app.stop({ keepData: true });
    }

    // The CLI verifies what the app wrote: database and audit chain intact.
    const out = execFileSync(admin, ['--data-dir', dataDir, 'verify', '--user', 'kanri', '--password-stdin'], { input: 'kanri-pass-2026\n' }).toString();
    assert.match(out, /連鎖は正常/);

    // The backup made in the window: one .mdgbak, nothing half-written, and it
    // restores with the recovery key into an empty folder.
    const files = readdirSync(saveDir);
    const backups = files.filter((f) => /^窓口バックアップ_\d{8}\.mdgbak$/.test(f));
    assert.equal(backups.length, 1, `save folder: ${files}`);
    assert.ok(!files.some((f) => f.endsWith('.partial')), `save folder: ${files}`);
    const key = readFileSync(keyFile, 'utf8').trim();
    execFileSync(admin, ['restore', join(saveDir, backups[0]), '--data-dir', restored, '--admin', 'kanri', '--recovery-key-stdin'],
      { input: `${key}\nkanri-new-pass-2026\n` });
    assert.ok(existsSync(join(restored, 'keyslots.json')), 'restored store has its key slots');
    const users = execFileSync(admin, ['--data-dir', restored, 'verify', '--user', 'kanri', '--password-stdin'], { input: 'kanri-new-pass-2026\n' }).toString();
    assert.match(users, /連鎖は正常/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(saveDir, { recursive: true, force: true });
    rmSync(keyFile, { force: true });
  }
});
