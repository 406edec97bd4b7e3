// Letters in the real window (S1-a): a 訂正 request is decided 実施 with the
// new address; the 文書 tab previews the 訂正等の結果通知 (drawn offline by
// pdf.js), refuses a letter the case lacks data for, prints through a real
// CUPS queue backed by a PDF printer (scripts/cups.sh) and the printed file
// holds the letter's words; 発送 (簡易書留) moves the case to 発送済; the 印刷
// page prints a waiting letter with its progress bar; 設定 › 文書 previews a
// template and prints the calibration page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from './harness.mjs';
import { clearPrinted, inked, printedText, printer } from './printing.mjs';

const admin = join(process.env.CARGO_TARGET_DIR, 'debug/madoguchi-admin');
test('a letter is previewed, printed to CUPS, mailed, and the template editor previews', async () => {
  const work = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-letters-'));
  const dataDir = join(work, 'data');
  execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--admin-name', '見本 担当', '--password-stdin',
    '--desk', '個人情報問合せ窓口', '--postal-code', '100-0005', '--address', '東京都千代田区丸の内9-9-9', '--phone', '03-0000-0000'], { input: 'kanri-pass-2026\n' });
  // Job titles are madoguchi-letter-<id>: a fresh store numbers letters from 1.
  for (const t of ['madoguchi-letter-1', 'madoguchi-letter-2', 'madoguchi-calibration']) clearPrinted(t);
  const app = await startApp({ dataDir });
  const { driver, By } = app;
  try {
    await app.signIn();

    // A postal 訂正 request with the requester's address.
    await app.click('nav-intake');
    await app.click('intake-channel-post');
    await app.type('case-name', '見本 花子');
    await app.type('case-postal-code', '150-0001');
    await app.type('case-address', '東京都渋谷区見本町4-5-6 見本コーポ202');
    await app.click('case-kind-correction');
    await app.click('case-save');
    await app.waitForText('case-saved-receipt', '-0001');
    await app.click('nav-cases');
    await app.waitForText('cases-table', '見本 花子');
    await (await driver.findElement(By.xpath("//*[@data-testid='cases-table']//tr[contains(., '見本 花子')]/td[1]"))).click();
    await app.click('case-move-investigating');
    await app.waitForText('case-status', '調査中');

    // Decided: 訂正 実施, with the new address.
    await app.click('case-tab-decisions');
    const card = await driver.wait(async () => (await driver.findElements(By.css('[data-testid="decision-card"][data-kind="correction"]')))[0] ?? false, 10000, 'decision card');
    await (await card.findElement(By.css('[data-testid="decision-outcome"] option[value="done"], [data-testid="decision-outcome"] input[value="done"]'))).click();
    await driver.wait(async () => (await card.findElements(By.css('[data-testid="decision-detail"]'))).length > 0, 5000, 'detail offered');
    await (await card.findElement(By.css('[data-testid="decision-detail"]'))).sendKeys('登録住所を「東京都千代田区見本町2-2-2」に訂正しました。');
    await (await card.findElement(By.css('[data-testid="decision-save"]'))).click();
    await app.waitForText('decisions-summary', '決定済み 1/1');
    await app.click('case-move-preparing_reply');
    await app.waitForText('case-status', '回答準備');

    // 文書: a letter the case lacks data for is refused, by name.
    await app.click('case-tab-letters');
    const templates = await app.byTestId('letter-template');
    await (await templates.findElement(By.css('option[value="fee_shortfall"]'))).click();
    await app.waitForText('letter-missing', '不足額');
    assert.equal(await (await app.byTestId('letter-issue-print')).isEnabled(), false);
    await app.screenshot('80-letter-missing-data');

    // The 訂正等の結果通知, previewed before printing.
    await (await templates.findElement(By.css('option[value="correction_result"]'))).click();
    await driver.wait(async () => (await driver.findElements(By.css('[data-testid="letter-missing"]'))).length === 0, 10000, 'nothing missing');
    await driver.wait(async () => (await inked(driver, '[data-testid="letter-preview"] canvas')) > 200, 15000, 'preview drawn');
    await app.screenshot('81-letter-preview');

    // Printed through CUPS to the PDF printer; the printed file holds the letter.
    const select = await app.byTestId('letters-printer');
    await (await select.findElement(By.css(`option[value="${printer}"]`))).click();
    await driver.wait(async () => (await app.byTestId('letter-issue-print')).isEnabled(), 10000, 'print enabled');
    await app.click('letter-issue-print');
    await app.waitForText('letters-message', '第2026-0001号');
    const printed = await printedText(driver, 'madoguchi-letter-1');
    for (const words of ['訂正等の結果', '見本花子', '東京都千代田区見本町', '訂正：実施', '受付番号']) {
      assert.ok(printed.includes(words), `printed letter lacks ${words}: ${printed}`);
    }
    await app.waitForText('case-letters', '第2026-0001号');

    // 発送: 簡易書留 needs its お問い合わせ番号; then the case is 発送済.
    await app.click('letter-mail-1');
    await (await (await app.byTestId('mailing-method')).findElement(By.css('option[value="simple_registered"]'))).click();
    await app.click('mailing-save');
    await driver.wait(async () => (await driver.findElement(By.css('body')).getText()).includes('お問い合わせ番号を入力してください'), 10000, 'tracking number asked for');
    await app.screenshot('82-mailing-needs-tracking');
    await (await driver.findElement(By.css('input[name="trackingNo"]'))).sendKeys('1234-5678-9012');
    await (await driver.findElement(By.css('input[name="postageYen"]'))).sendKeys('460');
    await app.click('mailing-save');
    await app.waitForText('letters-message', '発送済');
    await app.waitForText('case-status', '発送済');
    await app.waitForText('case-letters', '簡易書留');
    await app.screenshot('83-letter-mailed');

    // A second letter waits in 印刷待ち and is printed from the 印刷 page.
    await (await (await app.byTestId('letter-template')).findElement(By.css('option[value="acknowledgement"]'))).click();
    await driver.wait(async () => (await driver.findElements(By.css('[data-testid="letter-missing"]'))).length === 0, 10000, 'nothing missing');
    // The buttons wait for the new template's preview.
    await driver.wait(async () => (await app.byTestId('letter-issue')).isEnabled(), 10000, 'issue enabled');
    await app.click('letter-issue');
    await app.waitForText('letters-message', '第2026-0002号');
    await app.click('nav-print');
    await app.waitForText('queue-row-2', '受付のお知らせ');
    await app.screenshot('84-print-queue');
    await app.click('queue-print');
    await app.waitForText('queue-result', '1');
    const progress = await app.byTestId('queue-progress');
    assert.equal(await progress.getAttribute('value'), '1');
    const ack = await printedText(driver, 'madoguchi-letter-2');
    assert.ok(ack.includes('受付のお知らせ') || ack.includes('ご請求の受付'), ack);
    await app.screenshot('85-print-queue-done');

    // 設定 › 文書: the template editor's live preview, and the calibration page.
    await app.click('nav-settings');
    await app.click('settings-tab-letters');
    await (await driver.findElement(By.css('[data-testid="template-row-fee_guidance"] button'))).click();
    await driver.wait(async () => (await inked(driver, '[data-testid="template-preview"] canvas')) > 200, 15000, 'template preview drawn');
    await driver.executeScript("document.querySelector('[data-testid=\"template-text\"]').scrollIntoView({ block: 'start' })");
    await app.screenshot('86-template-editor');
    await (await (await app.byTestId('calibration-printer')).findElement(By.css(`option[value="${printer}"]`))).click();
    await app.click('calibration-print');
    const calibration = await printedText(driver, 'madoguchi-calibration');
    assert.ok(calibration.includes('宛名位置の確認用紙'), calibration);
    await driver.executeScript("document.querySelector('[data-testid=\"envelope-offsets\"]').scrollIntoView({ block: 'start' })");
    await app.screenshot('87-envelope-offsets');
  } catch (e) {
    await app.screenshot('letters-failure');
    throw e;
  } finally {
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
