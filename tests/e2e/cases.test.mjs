// The case register in the real window: import an ISO-2022-JP mail through
// the file-dialog path, create a postal case with a scan, find it by kana,
// open it and its scan. (The native dialog is stood in for by a pick list:
// MADOGUCHI_TEST_PICK_FILE; everything after the dialog is the real path.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { root, startApp } from './harness.mjs';

const fixtures = process.env.MADOGUCHI_FIXTURES ?? resolve(root, '../shared/fixtures');
assert.ok(existsSync(fixtures), `fixtures not found at ${fixtures}`);
const admin = join(process.env.CARGO_TARGET_DIR, 'debug/madoguchi-admin');

test('intake by mail and by post, then find and open the cases', async () => {
  const work = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-cases-'));
  const dataDir = join(work, 'data');
  const pickFile = join(work, 'pick.txt');
  const pick = (...files) => writeFileSync(pickFile, files.join('\n'));
  execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--admin-name', '見本 担当', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  process.env.MADOGUCHI_TEST_PICK_FILE = pickFile;
  const app = await startApp({ dataDir });
  try {
    await app.type('login-username', 'kanri');
    await app.type('login-password', 'kanri-pass-2026');
    await app.click('login-submit');
    await app.waitForText('session-user', '見本 担当');

    // Mail: ISO-2022-JP, prefilled from the sender; the mail beside the form.
    await app.click('nav-intake');
    pick(join(fixtures, 'mail/s0a-registered-iso2022jp.eml'));
    await app.click('intake-pick-eml');
    await app.waitForText('intake-mail-preview', '個人情報の開示等のお願い');
    assert.equal(await (await app.byTestId('case-name')).getAttribute('value'), '見本 花子');
    await app.screenshot('20-intake-mail');
    await app.click('case-save');
    await app.waitForText('case-saved-receipt', '-0001');

    // Post: a scan attached, the kana given.
    await app.click('case-saved-next');
    await app.click('intake-channel-post');
    await app.type('case-name', '見本 太郎');
    await app.type('case-kana', 'ミホン タロウ');
    await app.type('case-postal-code', '１００－０００１');
    await app.type('case-address', '東京都千代田区見本町1-2-3');
    await app.click('case-kind-disclosure');
    pick(join(fixtures, 'scans/license-front.jpg'));
    await app.click('intake-pick-scan');
    await app.driver.wait(async () => (await app.driver.getPageSource()).includes('license-front.jpg'), 10000, 'scan listed');
    await app.screenshot('21-intake-post');
    await app.click('case-save');
    await app.waitForText('case-saved-receipt', '-0002');
    await app.screenshot('21b-intake-saved');

    // The register: both cases; found by kana typed in hiragana.
    await app.click('nav-cases');
    await app.waitForText('cases-table', '見本 花子');
    await app.screenshot('22-register');
    await app.type('cases-search', 'みほんたろう');
    await app.driver.wait(async () => {
      const t = await app.text('cases-table');
      return t.includes('見本 太郎') && !t.includes('見本 花子');
    }, 10000, 'search by kana');
    await app.screenshot('23-register-search-kana');

    // The case page, its timeline and the scan in the viewer.
    const cell = await app.driver.findElement(app.By.xpath("//*[@data-testid='cases-table']//tr[contains(., '見本 太郎')]/td[1]"));
    await cell.click();
    await app.waitForText('case-receipt-no', '-0002');
    await app.screenshot('24-case-page');
    await app.click('case-tab-history');
    await app.waitForText('case-timeline', '登録');
    await app.click('case-tab-attachments');
    const open = await app.driver.findElement(app.By.xpath("//*[@data-testid='case-attachments']//*[self::button or self::a][contains(., 'license-front.jpg')]"));
    await open.click();
    await app.byTestId('attachment-viewer');
    await app.click('viewer-rotate');
    await app.screenshot('25-case-scan-viewer');
  } finally {
    delete process.env.MADOGUCHI_TEST_PICK_FILE;
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
