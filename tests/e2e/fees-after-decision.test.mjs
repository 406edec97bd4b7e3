// A fee per document, asked after the decision (issue 16), in the real
// window: under X1's policy (開示 300円 per document disclosed, after the
// decision) the case page says the fee waits for the count; the decision
// asks for it; the fee becomes 3 × 300円 = 900円 and the case is 入金待ち; the
// 手数料のご案内 is previewed and printed through CUPS, and the printed letter
// states the count, the unit, the total and that the disclosure follows the
// payment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startApp } from './harness.mjs';
import { clearPrinted, inked, printedText, printer } from './printing.mjs';

const admin = join(process.env.CARGO_TARGET_DIR, 'debug/madoguchi-admin');

test('a fee per document asked after the decision, from the case page to the printed letter', async () => {
  const work = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-fee-after-'));
  const dataDir = join(work, 'data');
  execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--admin-name', '見本 担当', '--password-stdin',
    '--desk', '個人情報問合せ窓口', '--postal-code', '100-0005', '--address', '東京都千代田区丸の内9-9-9', '--phone', '03-0000-0000'], { input: 'kanri-pass-2026\n' });
  execFileSync(admin, ['--data-dir', dataDir, 'policy', 'import', join(root, 'tests/policies/x1-per-document-after-decision.json'), '--keep-warnings', '--user', 'kanri', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  clearPrinted('madoguchi-letter-1');
  const app = await startApp({ dataDir });
  const { driver, By } = app;
  try {
    await app.signIn();

    await app.click('nav-intake');
    await app.click('intake-channel-post');
    await app.type('case-name', '見本 花子');
    await app.type('case-postal-code', '150-0001');
    await app.type('case-address', '東京都渋谷区見本町4-5-6');
    await app.click('case-kind-disclosure');
    await app.click('case-save');
    await app.waitForText('case-saved-receipt', '-0001');
    await app.click('nav-cases');
    await app.waitForText('cases-table', '見本 花子');
    await (await driver.findElement(By.xpath("//*[@data-testid='cases-table']//tr[contains(., '見本 花子')]/td[1]"))).click();

    // Before the decision: nothing owed yet, no 過払い, not 入金待ち.
    await app.click('case-tab-fees');
    await app.waitForText('fee-state', '件数の決定後に請求');
    assert.match(await app.text('fee-lines'), /件数は決定時に確定/);
    await app.screenshot('55-fee-per-document-before-decision');

    // The decision asks for the count disclosed; an empty one is refused at the field.
    await app.click('case-move-investigating');
    await app.waitForText('case-status', '調査中');
    await app.click('case-tab-decisions');
    const card = await driver.wait(async () => (await driver.findElements(By.css('[data-testid="decision-card"][data-kind="disclosure"]')))[0] ?? false, 10000, 'decision card');
    await (await card.findElement(By.css('[data-testid="decision-outcome-full_disclosure"]'))).click();
    await driver.wait(async () => (await card.findElements(By.css('[data-testid="decision-fee-count"]'))).length > 0, 5000, 'count asked for');
    await (await card.findElement(By.css('[data-testid="decision-detail"]'))).sendKeys('氏名、購入履歴（3件）');
    await (await card.findElement(By.css('[data-testid="decision-save"]'))).click();
    await app.waitForText('error-feeCount', '開示する書類の件数を1以上の数で入力してください');
    await (await card.findElement(By.css('[data-testid="decision-fee-count"]'))).sendKeys('3');
    await app.screenshot('56-decision-fee-count');
    await (await card.findElement(By.css('[data-testid="decision-save"]'))).click();
    await app.waitForText('decision-current-fee-count', '3件');

    // Now owed: 3 × 300円, unpaid, in 入金待ち.
    await app.click('case-tab-fees');
    await app.waitForText('fee-expected', '900円');
    await app.waitForText('fee-state', '未入金');
    assert.match(await app.text('fee-lines'), /開示（1件につき300円×3件）/);
    await app.screenshot('57-fee-per-document-owed');

    // The 手数料のご案内, previewed, then printed through CUPS.
    await app.click('case-tab-letters');
    const templates = await app.byTestId('letter-template');
    await (await templates.findElement(By.css('option[value="fee_guidance"]'))).click();
    await driver.wait(async () => (await driver.findElements(By.css('[data-testid="letter-missing"]'))).length === 0, 10000, 'nothing missing');
    await driver.wait(async () => (await inked(driver, '[data-testid="letter-preview"] canvas')) > 200, 15000, 'preview drawn');
    const select = await app.byTestId('letters-printer');
    await (await select.findElement(By.css(`option[value="${printer}"]`))).click();
    await driver.wait(async () => (await app.byTestId('letter-issue-print')).isEnabled(), 10000, 'print enabled');
    await app.screenshot('58-fee-guidance-preview');
    await app.click('letter-issue-print');
    await app.waitForText('letters-message', '第2026-0001号');
    const printed = await printedText(driver, 'madoguchi-letter-1');
    for (const words of ['手数料のご案内', '見本花子', '開示の決定をいたしましたので', '手数料の確認ができ次第、開示いたします。', '開示（1件につき300円×3件）900円', '１．手数料900円']) {
      assert.ok(printed.includes(words), `printed letter lacks ${words}: ${printed}`);
    }

    await app.click('nav-home');
    await app.waitForText('home-queue-awaiting_fee', '1');
  } catch (e) {
    await app.screenshot('fee-after-decision-failure');
    throw e;
  } finally {
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
