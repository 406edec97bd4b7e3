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
    await app.signIn();

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
    // A two-page PDF (two fixtures joined): the viewer must page through it.
    const twoPages = join(work, 'request-2pages.pdf');
    execFileSync('pdfunite', [join(fixtures, 'scans/postal-request-letter.pdf'), join(fixtures, 'scans/power-of-attorney.pdf'), twoPages]);
    pick(join(fixtures, 'scans/license-front.jpg'), twoPages);
    await app.click('intake-pick-scan');
    await app.driver.wait(async () => {
      const source = await app.driver.getPageSource();
      return source.includes('license-front.jpg') && source.includes('request-2pages.pdf');
    }, 10000, 'scans listed');
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
    await app.click('viewer-close');

    // The PDF, rendered offline by pdf.js, page by page.
    const openPdf = await app.driver.findElement(app.By.xpath("//*[@data-testid='case-attachments']//*[self::button or self::a][contains(., 'request-2pages.pdf')]"));
    await openPdf.click();
    await app.waitForText('viewer-page', '1 / 2');
    const inked = () => app.driver.executeScript(`
      const c = document.querySelector('[data-testid="viewer-pdf"]');
      if (!c || c.width === 0) return 0;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 16) if (d[i] < 128) dark++;
      return dark;`);
    await app.driver.wait(async () => (await inked()) > 100, 10000, 'page 1 drawn');
    await app.screenshot('26-case-pdf-page-1');
    await app.click('viewer-page-next');
    await app.waitForText('viewer-page', '2 / 2');
    await app.driver.wait(async () => (await (await app.byTestId('viewer-pdf')).getAttribute('data-page')) === '2', 10000, 'page 2');
    await app.driver.wait(async () => (await inked()) > 100, 10000, 'page 2 drawn');
    assert.equal(await (await app.byTestId('viewer-page-next')).isEnabled(), false);
    await app.screenshot('27-case-pdf-page-2');
  } finally {
    delete process.env.MADOGUCHI_TEST_PICK_FILE;
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
