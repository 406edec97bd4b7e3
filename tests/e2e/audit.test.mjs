// 監査ログ in the real window: the demo's administrator opens the viewer,
// verifies the hash chain (正常), filters on 案件登録 and sees only those
// entries, and exports them as CSV — written by the app into
// MADOGUCHI_TEST_SAVE_DIR instead of a save dialog (dialog.rs) — a UTF-8
// file with a BOM, the header and exactly the rows the viewer counted; the
// export is itself in the log afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from './harness.mjs';

/** The 操作 cells of the rows shown, top to bottom. */
const shownActions = (driver) =>
  driver.executeScript(
    "return [...document.querySelectorAll('[data-testid=\"audit-table\"] tbody [data-testid=\"audit-row-action\"]')].map(e => e.textContent.trim())",
  );

/** 「1,234件」 → 1234. */
const countOf = (text) => Number(text.replace(/[^\d]/g, ''));

test('the audit log: verify the chain, filter on 案件登録, export it as CSV', async () => {
  // startApp passes process.env on to tauri-driver, and so to the app it starts.
  const saveDir = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-audit-save-'));
  process.env.MADOGUCHI_TEST_SAVE_DIR = saveDir;
  const app = await startApp();
  const { driver, By } = app;
  try {
    await app.click('open-demo');
    await app.waitForText('demo-banner', 'デモ');
    // The demo's only user is an administrator: the menu has 監査ログ.
    await app.click('nav-audit');
    await app.byTestId('audit-table');
    assert.ok((await shownActions(driver)).length > 0, 'the demo has audit entries');
    await app.screenshot('90-audit-log');

    await app.click('audit-verify');
    await app.waitForText('audit-verify-result', '正常', 30000);
    assert.match(await app.text('audit-verify-result'), /^正常：[\d,]+件の記録の連鎖を確認しました。$/);
    assert.match(await app.text('audit-head-hash'), /^[0-9a-f]{16}$/);

    const select = await app.byTestId('audit-filter-action');
    const option = await driver.wait(
      async () => (await select.findElements(By.css('option[value="case.created"]')))[0] ?? false,
      10000,
      '案件登録 is not offered',
    );
    assert.equal(await driver.executeScript('return arguments[0].textContent.trim()', option), '案件登録');
    await option.click();
    await app.click('audit-apply');
    // The rows of the whole log (shown until the filtered page arrives) mix actions.
    await driver.wait(async () => {
      const actions = await shownActions(driver);
      return actions.length > 0 && actions.every((a) => a === '案件登録');
    }, 15000, 'the table never showed only 案件登録');
    const actions = await shownActions(driver);
    const total = countOf(await app.text('audit-total'));
    assert.ok(total >= 1, `案件登録 entries: ${total}`);
    if (total <= 100) assert.equal(actions.length, total, 'one page holds every 案件登録 entry');
    await app.screenshot('91-audit-filtered');

    await app.click('audit-export');
    await app.waitForText('audit-export-result', 'CSVを保存しました。書き出しは監査ログに記録されました。', 30000);
    const files = readdirSync(saveDir).filter((f) => /^監査ログ_\d{8}\.csv$/.test(f));
    assert.equal(files.length, 1, `saved: ${readdirSync(saveDir).join(', ')}`);
    const bytes = readFileSync(join(saveDir, files[0]));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM, for Excel');
    const text = bytes.subarray(3).toString('utf8');
    assert.ok(text.startsWith('連番,'), text.slice(0, 80));
    const lines = text.split('\r\n').filter((l) => l !== '');
    assert.ok(lines.length >= 2, 'the CSV has rows');
    assert.equal(lines.length - 1, total, 'the CSV holds what the filter selects');
    for (const line of lines.slice(1)) assert.ok(line.includes('"case.created","案件登録"'), line);

    // The export is recorded: the newest entry of the whole log.
    await app.click('audit-clear');
    await driver.wait(async () => (await shownActions(driver))[0] === '監査ログ出力', 15000, 'the export is not in the log');
    await app.screenshot('92-audit-exported');
  } finally {
    await app.stop();
    rmSync(saveDir, { recursive: true, force: true });
    delete process.env.MADOGUCHI_TEST_SAVE_DIR;
  }
});
