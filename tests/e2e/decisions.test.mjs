// Investigation and decisions in the real window (S2-a): a 開示 request is
// investigated, decided 一部開示 under 法第33条第2項第2号 with reasons; the
// decider cannot approve it; a second 管理者 (created by the CLI) approves and
// the case goes on to 回答準備.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from './harness.mjs';

const admin = join(process.env.CARGO_TARGET_DIR, 'debug/madoguchi-admin');

async function signIn(app, user, password, name) {
  await app.type('login-username', user);
  await app.type('login-password', password);
  await app.click('login-submit');
  await app.waitForText('session-user', name);
}

test('一部開示 needs a ground, reasons and another 管理者 to approve', async () => {
  const work = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-decisions-'));
  const dataDir = join(work, 'data');
  execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--admin-name', '見本 担当', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  const app = await startApp({ dataDir });
  const { driver, By } = app;
  try {
    await signIn(app, 'kanri', 'kanri-pass-2026', '見本 担当');
    // A second administrator, added in 設定 › 利用者.
    await app.click('nav-settings');
    await app.click('settings-tab-users');
    await app.type('user-add-username', 'shonin');
    await app.type('user-add-display-name', '見本 承認者');
    await (await driver.findElement(By.css('[data-testid="user-add-role"] option[value="admin"]'))).click();
    await app.type('user-add-password', 'shonin-pass-2026');
    await app.click('user-add-submit');
    await app.waitForText('users-table', '見本 承認者');

    await app.click('nav-intake');
    await app.click('intake-channel-email');
    await app.type('case-name', '見本 花子');
    await app.click('case-kind-disclosure');
    await app.click('case-save');
    await app.waitForText('case-saved-receipt', '-0001');
    await app.click('nav-cases');
    await app.waitForText('cases-table', '見本 花子');
    await (await driver.findElement(By.xpath("//*[@data-testid='cases-table']//tr[contains(., '見本 花子')]/td[1]"))).click();
    await app.click('case-move-investigating');
    await app.waitForText('case-status', '調査中');

    await app.click('case-tab-decisions');
    await app.type('investigation-searched', '会員データベース、社内調査記録');
    await app.type('investigation-found', '登録情報、利用履歴、社内調査の記録');
    await app.click('investigation-add');
    await app.waitForText('investigation', '会員データベース');

    const card = await driver.wait(async () => (await driver.findElements(By.css('[data-testid="decision-card"][data-kind="disclosure"]')))[0] ?? false, 10000, 'decision card');
    const outcome = await card.findElement(By.css('[data-testid="decision-outcome"] option[value="partial_disclosure"], [data-testid="decision-outcome"] input[value="partial_disclosure"]'));
    await outcome.click();
    // The ground appears once a refusal is chosen.
    const ground = await driver.wait(async () => (await card.findElements(By.css('[data-testid="decision-ground"] option[value="appi_33_2_2"]')))[0] ?? false, 5000, 'ground offered');
    await ground.click();
    await driver.wait(async () => (await card.findElements(By.css('[data-testid="decision-reasons"]'))).length > 0, 5000, 'reasons offered');
    await (await card.findElement(By.css('[data-testid="decision-reasons"]'))).sendKeys('社内の不正調査に関する記録は、開示すると調査の適正な実施に著しい支障を及ぼすおそれがあるため');
    await (await card.findElement(By.css('[data-testid="decision-detail"]'))).sendKeys('不正調査に関する記録');
    await (await card.findElement(By.css('[data-testid="decision-save"]'))).click();
    await app.waitForText('decisions-summary', '承認');
    await app.screenshot('70-decision-partial');

    await app.click('case-move-awaiting_approval');
    await app.waitForText('case-status', '承認待ち');
    await app.click('case-tab-decisions');
    await app.click('approval-approve');
    await app.waitForText('approval-error', '自分が行った決定は承認できません');
    await app.screenshot('71-self-approval-refused');

    // The second administrator approves.
    await app.click('lock-button');
    await signIn(app, 'shonin', 'shonin-pass-2026', '見本 承認者');
    await app.click('nav-cases');
    await app.waitForText('cases-table', '見本 花子');
    await (await driver.findElement(By.xpath("//*[@data-testid='cases-table']//tr[contains(., '見本 花子')]/td[1]"))).click();
    await app.click('case-tab-decisions');
    await app.click('approval-approve');
    await app.waitForText('case-status', '回答準備');
    await app.screenshot('72-approved');
    assert.match(await app.text('decisions-summary'), /承認済/);
  } finally {
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
