// 報告 in the real window: the demo's 40 synthetic requests were received
// within the last 60 days, so this year's report counts them. The demo user
// (a 管理者) reads the year's figures and charts, then a month's, previews
// the printable report (a page drawn by pdf.js), saves it as PDF and exports
// the month as CSV without personal data — both written by the app into
// MADOGUCHI_TEST_SAVE_DIR instead of a save dialog (dialog.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { japanDay, startApp } from './harness.mjs';
import { inked } from './printing.mjs';

/** 「受付件数 1,234件」 → 1234 (NaN if not shown yet). */
const receivedOf = (text) => {
  const m = /受付件数\s*([\d,]+)件/.exec(text);
  return m ? Number(m[1].replace(/,/g, '')) : Number.NaN;
};

/** Chooses `value` in the select `testId` (as a person would, by its option). */
async function choose(app, testId, value) {
  const { driver, By } = app;
  const select = await app.byTestId(testId);
  const option = await driver.wait(
    async () => (await select.findElements(By.css(`option[value="${value}"]`)))[0] ?? false,
    10000,
    `${testId} does not offer ${value}`,
  );
  await option.click();
}

/** The counts of a chart's table, e.g. report-table-kinds: { 開示: 12, … }. */
const tableCounts = (driver, name) =>
  driver.executeScript(
    `return Object.fromEntries([...document.querySelectorAll('[data-testid="report-table-${name}"] tbody tr')]
       .map((r) => [r.querySelector('th').textContent.trim(), Number(r.querySelector('td').textContent.replace(/[^\\d]/g, ''))]));`,
  );

test('the report: this year, a month, the printable preview saved as PDF, the CSV export', async () => {
  // startApp passes process.env on to tauri-driver, and so to the app it starts.
  const saveDir = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-reports-save-'));
  process.env.MADOGUCHI_TEST_SAVE_DIR = saveDir;
  const app = await startApp();
  const { driver, By } = app;
  try {
    await app.click('open-demo');
    await app.waitForText('demo-banner', 'デモ');

    await app.click('nav-reports');
    // The report's default period is this year in Japan.
    const [y, m] = japanDay().split('-').map(Number);
    let year = y;
    let month = m;
    await app.waitForText('report-label', `${year}年（${year}/01/01〜${year}/12/31）`, 30000);
    await app.waitForText('report-received', '件', 30000);
    let received = receivedOf(await app.text('report-received'));
    if (received === 0 && month === 1) {
      // The first days of January: the demo's requests may all be of last year.
      year -= 1;
      month = 12;
      await choose(app, 'report-year', String(year));
      await app.waitForText('report-label', `${year}年（`, 30000);
      await app.waitForText('report-received', '件', 30000);
      received = receivedOf(await app.text('report-received'));
    }
    assert.ok(received > 0, `受付件数: ${await app.text('report-received')}`);
    for (const id of ['report-replied', 'report-median', 'report-p90', 'report-within-due', 'report-fees-total', 'report-complaints', 'report-disposals']) {
      await app.byTestId(id);
    }
    assert.match(await app.text('report-fees-total'), /手数料\s*-?[\d,]+円/);
    // Each request asks for one kind or more: the table of kinds counts at least every request.
    const kinds = await tableCounts(driver, 'kinds');
    assert.ok(Object.values(kinds).reduce((a, b) => a + b, 0) >= received, JSON.stringify(kinds));
    const channels = await tableCounts(driver, 'channels');
    assert.equal(Object.values(channels).reduce((a, b) => a + b, 0), received, JSON.stringify(channels));
    // The charts are drawn: bars for the kinds and channels that occur.
    const bars = (name) => driver.executeScript(`return document.querySelectorAll('[data-testid="report-chart-${name}"] .report-bar').length`);
    assert.ok((await bars('kinds')) > 0, 'the chart of kinds has bars');
    assert.ok((await bars('channels')) > 0, 'the chart of channels has bars');
    await app.byTestId('report-notes');
    await app.screenshot('95-report-year');

    // One month: the label and the figures follow.
    await choose(app, 'report-month', String(month));
    await app.waitForText('report-label', `${year}年${month}月（`, 30000);
    await app.waitForText('report-received', '件', 30000);
    const receivedInMonth = receivedOf(await app.text('report-received'));
    assert.ok(receivedInMonth >= 0 && receivedInMonth <= received, `${month}月: ${receivedInMonth} of ${received}`);
    await app.screenshot('96-report-month');

    // The printable report: its first page drawn in the preview.
    await app.click('report-preview');
    await app.byTestId('report-preview-dialog');
    await driver.wait(async () => (await inked(driver, '[data-testid="report-preview-dialog"] canvas')) > 200, 30000, 'the report preview is drawn');
    await app.screenshot('97-report-preview');

    // PDFで保存: written into the test folder under the suggested name.
    await app.click('report-save-pdf');
    await app.waitForText('report-message', 'PDFを保存しました。', 30000);
    const pdfs = readdirSync(saveDir).filter((f) => f.endsWith('.pdf'));
    assert.deepEqual(pdfs, [`報告_${year}年${month}月.pdf`], `saved: ${readdirSync(saveDir).join(', ')}`);
    assert.equal(readFileSync(join(saveDir, pdfs[0])).subarray(0, 5).toString('latin1'), '%PDF-');

    // CSVで書き出す, without personal data (the box is left unchecked).
    const personal = await app.byTestId('report-personal');
    assert.equal(await personal.isSelected(), false, 'personal data is not included by default');
    await app.click('report-export-csv');
    await app.waitForText('report-message', '書き出しました。', 30000);
    assert.equal((await driver.findElements(By.css('[data-testid="report-personal-confirm"]'))).length, 0, 'no question without personal data');
    const csvs = readdirSync(saveDir).filter((f) => f.endsWith('.csv'));
    assert.deepEqual(csvs, [`報告_${year}年${month}月.csv`], `saved: ${readdirSync(saveDir).join(', ')}`);
    const bytes = readFileSync(join(saveDir, csvs[0]));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM, for Excel');
    const text = bytes.subarray(3).toString('utf8');
    assert.ok(text.startsWith('"受付番号"'), text.slice(0, 80));
    // The requests come first (then, after a blank line, any 苦情・相談): one row each.
    const [requests] = text.split('\r\n\r\n');
    const lines = requests.split('\r\n').filter((l) => l !== '');
    assert.ok(!lines[0].includes('"氏名"'), `no personal columns: ${lines[0]}`);
    assert.equal(lines.length - 1, receivedInMonth, 'one row per request of the month');
    await app.screenshot('98-report-exported');
  } finally {
    await app.stop();
    rmSync(saveDir, { recursive: true, force: true });
    delete process.env.MADOGUCHI_TEST_SAVE_DIR;
  }
});
