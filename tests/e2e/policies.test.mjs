// Policy profiles in the real window: the S0 profile (imported by the admin
// CLI) is opened in 設定 › ポリシー, its APPI 38条 warning shown; an edit is
// saved only after the 管理者 confirms the warning, as a new version.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startApp } from './harness.mjs';

const admin = join(process.env.CARGO_TARGET_DIR, 'debug/madoguchi-admin');

test('the S0 profile is edited, its 38条 warning confirmed, saved as 第2版', async () => {
  const work = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-policy-'));
  const dataDir = join(work, 'data');
  execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--admin-name', '見本 担当', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  execFileSync(admin, ['--data-dir', dataDir, 'policy', 'import', join(root, 'tests/policies/s0-email-desk.json'), '--keep-warnings', '--user', 'kanri', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  const app = await startApp({ dataDir });
  try {
    await app.signIn();

    await app.click('nav-settings');
    await app.click('settings-tab-policies');
    await app.waitForText('policy-list', 'S0 メール窓口');
    await app.screenshot('60-policy-list');
    await app.click('policy-edit');
    await app.byTestId('policy-editor');
    await app.waitForText('policy-warnings', '第38条');
    await app.screenshot('61-policy-editor');

    await app.type('policy-deadline-days', '20');
    await app.click('policy-save');
    await app.waitForText('policy-warnings-dialog', '第38条');
    await app.screenshot('62-policy-warning-confirm');
    await app.click('policy-keep-warnings');
    await app.byTestId('policy-saved');
    await app.waitForText('policy-versions', '第2版');
    assert.match(await app.text('policy-versions'), /第1版/);
    await app.screenshot('63-policy-saved-v2');
  } finally {
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
