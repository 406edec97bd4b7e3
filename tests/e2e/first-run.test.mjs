// First run in the real window: setup with a bad value first, the recovery
// key shown and confirmed, then lock, a wrong password, and unlock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './harness.mjs';

test('first-run setup, lock, wrong password, unlock', async () => {
  const app = await startApp();
  try {
    // Setup step 1: organisation, with a bad postal code first.
    await app.type('setup-org-name', '見本商事株式会社');
    await app.type('setup-desk-name', '個人情報問合せ窓口');
    await app.type('setup-postal-code', '12-34');
    await app.type('setup-address', '東京都千代田区見本町1-2-3');
    await app.type('setup-phone', '03-1234-5678');
    await app.type('setup-email', 'privacy@example.co.jp');
    await app.screenshot('01-setup-organisation');
    await app.click('setup-next');

    // Step 2: the first 管理者.
    await app.type('setup-admin-username', 'kanri');
    await app.type('setup-admin-display-name', '見本 太郎');
    await app.type('setup-admin-password', 'kanri-pass-2026');
    await app.type('setup-admin-password-confirm', 'kanri-pass-2026');
    await app.click('setup-create');

    // The bad postal code comes back to its field on step 1.
    await app.waitForText('error-postalCode', '7桁');
    await app.screenshot('02-setup-field-error');
    await app.type('setup-postal-code', '１００－０００１');
    await app.click('setup-next');
    await app.byTestId('setup-admin-password');
    await app.type('setup-admin-password', 'kanri-pass-2026');
    await app.type('setup-admin-password-confirm', 'kanri-pass-2026');
    await app.click('setup-create');

    // Step 3: the recovery key, shown once, confirmed by retyping two groups.
    const key = (await app.text('recovery-key')).trim();
    assert.match(key, /^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
    await app.screenshot('03-recovery-key');
    const labels = await app.driver.executeScript(
      "return [0,1].map(i => document.querySelector(`label[for='${document.querySelector(`[data-testid=\"recovery-confirm-${i}\"]`).id}']`)?.textContent ?? '')",
    );
    const groups = key.split('-');
    for (const [i, label] of labels.entries()) {
      const n = Number(label.match(/第\s*(\d+)\s*組/)?.[1]);
      assert.ok(n >= 1 && n <= 13, `label names a group: ${label}`);
      await app.type(`recovery-confirm-${i}`, groups[n - 1]);
    }
    await app.click('recovery-finish');

    // Signed in: the shell, with only working sections.
    await app.waitForText('session-user', '見本 太郎');
    await app.waitForText('home-audit-status', '正常');
    await app.screenshot('04-home');
    const nav = await app.driver.executeScript("return [...document.querySelectorAll('[data-testid^=\"nav-\"]')].map(e => e.textContent.trim())");
    assert.deepEqual(nav, ['ホーム', '受付', '案件一覧', '苦情・相談', '印刷', '報告', '廃棄', '監査ログ', '設定']);

    // Settings: organisation as saved (normalised), users, idle lock.
    await app.click('nav-settings');
    await app.click('settings-tab-users');
    await app.waitForText('users-table', 'kanri');
    await app.screenshot('05-settings-users');

    // Lock, then a wrong password, then the right one.
    await app.click('lock-button');
    await app.byTestId('login-username');
    await app.screenshot('06-locked');
    await app.type('login-username', 'kanri');
    await app.type('login-password', 'wrong-password');
    await app.click('login-submit');
    await app.waitForText('login-error', 'ユーザー名またはパスワードが正しくありません');
    await app.screenshot('07-wrong-password');
    await app.type('login-password', 'kanri-pass-2026');
    await app.click('login-submit');
    await app.waitForText('session-user', '見本 太郎');
  } finally {
    await app.stop();
  }
});
