// The demo store from the first-run screen: synthetic cases to look around,
// clearly marked デモ, and locking returns to the real (still empty) setup.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './harness.mjs';

test('open the demo from the first-run screen, browse it, lock to leave', async () => {
  const app = await startApp();
  try {
    await app.click('open-demo');
    await app.waitForText('demo-banner', 'デモ');
    await app.waitForText('session-user', 'デモ 担当者');
    await app.click('nav-cases');
    await app.waitForText('cases-table', '受付');
    const rows = await app.driver.executeScript("return document.querySelectorAll('[data-testid=\"cases-table\"] tbody tr').length");
    assert.ok(rows >= 40, `demo rows: ${rows}`);
    await app.screenshot('30-demo-register');
    await app.click('lock-button');
    await app.byTestId('setup-org-name');
    assert.equal((await app.driver.findElements(app.By.css('[data-testid="demo-banner"]'))).length, 0);
  } finally {
    await app.stop();
  }
});
