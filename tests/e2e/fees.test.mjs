// Fees and the clock in the real window (S3-b): under the S3 policy
// (1,000円 of stamps per application), stamps 110円×8 arrive; the case shows
// 不足 120円 and its clock stopped (手数料待ち); the home screen counts it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startApp } from './harness.mjs';

const admin = join(process.env.CARGO_TARGET_DIR, 'debug/madoguchi-admin');

test('a stamp payment that falls short shows the shortfall and stops the clock', async () => {
  const work = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-fees-'));
  const dataDir = join(work, 'data');
  execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--admin-name', '見本 担当', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  execFileSync(admin, ['--data-dir', dataDir, 'policy', 'import', join(root, 'tests/policies/s3-designated-form-stamps.json'), '--keep-warnings', '--user', 'kanri', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  const app = await startApp({ dataDir });
  const { driver, By } = app;
  try {
    await app.signIn();

    await app.click('nav-intake');
    await app.click('intake-channel-post');
    await app.type('case-name', '見本 一郎');
    await app.click('case-kind-disclosure');
    await app.click('case-save');
    await app.waitForText('case-saved-receipt', '-0001');

    await app.click('nav-cases');
    await app.waitForText('cases-table', '見本 一郎');
    await (await driver.findElement(By.xpath("//*[@data-testid='cases-table']//tr[contains(., '見本 一郎')]/td[1]"))).click();
    await app.click('case-tab-fees');
    await app.waitForText('fee-expected', '1,000');
    await app.click('fee-record');
    await app.byTestId('payment-dialog');
    await app.type('payment-stamp-face-0', '110');
    await app.type('payment-stamp-count-0', '8');
    await app.waitForText('payment-total', '880');
    await app.screenshot('50-payment-stamps');
    await app.click('payment-save');
    await app.waitForText('fee-state', '不足 120円');
    await app.byTestId('clock-paused');
    assert.match(await app.text('clock-pauses'), /手数料待ち/);
    await app.screenshot('51-fee-short-clock-paused');

    await app.click('nav-home');
    await app.waitForText('home-queue-awaiting_fee', '1');
    await app.screenshot('52-home-queues');
  } finally {
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
