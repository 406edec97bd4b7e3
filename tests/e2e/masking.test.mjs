// Masking in the real window: a postal scan typed as the back of a My Number
// card cannot be saved until the number is blacked out; drawn with the mouse
// in the masking tool, saved, and the stored image is black there. Then the
// case's 本人確認 tab shows the checklist of its policy (S0, imported by the
// admin CLI) and what is missing.

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

// Where the 個人番号 is printed on mynumber-back.jpg (fractions of the image).
const NUMBER_BOX = { x0: 0.02, y0: 0.23, x1: 0.33, y1: 0.34 };

test('the back of a My Number card is stored masked', async () => {
  const work = mkdtempSync(join(tmpdir(), 'madoguchi-e2e-mask-'));
  const dataDir = join(work, 'data');
  const pickFile = join(work, 'pick.txt');
  const auth = ['--user', 'kanri', '--password-stdin'];
  execFileSync(admin, ['--data-dir', dataDir, 'init', '--org', '見本商事株式会社', '--admin', 'kanri', '--admin-name', '見本 担当', '--password-stdin'], { input: 'kanri-pass-2026\n' });
  execFileSync(admin, ['--data-dir', dataDir, 'policy', 'import', join(root, 'tests/policies/s0-email-desk.json'), '--keep-warnings', ...auth], { input: 'kanri-pass-2026\n' });
  writeFileSync(pickFile, join(fixtures, 'scans/mynumber-back.jpg'));
  process.env.MADOGUCHI_TEST_PICK_FILE = pickFile;
  const app = await startApp({ dataDir });
  const { driver, By } = app;
  try {
    await app.signIn();

    await app.click('nav-intake');
    await app.click('intake-channel-post');
    await app.type('case-name', '見本 花子');
    await app.type('case-kana', 'ミホン ハナコ');
    await app.click('case-kind-disclosure');
    await app.click('intake-pick-scan');
    const ROW = '[data-testid="staged-file"][data-file-name="mynumber-back.jpg"]';
    const row = await driver.wait(async () => (await driver.findElements(By.css(ROW)))[0] ?? false, 10000, 'scan listed');
    // The row's badge appears once the backend answers: look it up afresh each time.
    const maskState = async () => {
      try {
        return await (await driver.findElement(By.css(`${ROW} [data-testid="staged-mask-state"]`))).getText();
      } catch {
        return '';
      }
    };

    // Typed as the back of the card: it must be masked first.
    const option = await row.findElement(By.css('[data-testid="staged-doc-type"] option[value="mynumber_back"]'));
    await option.click();
    await driver.wait(async () => (await maskState()).includes('要マスク'), 10000, '要マスク shown');
    await app.screenshot('40-intake-needs-mask');
    await app.click('case-save');
    await driver.wait(async () => (await driver.getPageSource()).includes('マスクしてから保存してください'), 10000, 'save refused until masked');

    // The masking tool: drag a box over the number.
    await (await driver.findElement(By.css(`${ROW} [data-testid="staged-mask"]`))).click();
    await app.byTestId('mask-dialog');
    const canvas = await app.byTestId('mask-canvas');
    await driver.wait(async () => (await canvas.getRect()).width > 100, 10000, 'image laid out');
    const rect = await canvas.getRect();
    const at = (fx, fy) => ({ origin: canvas, x: Math.round(fx * rect.width - rect.width / 2), y: Math.round(fy * rect.height - rect.height / 2) });
    await driver.actions({ async: true })
      .move(at(NUMBER_BOX.x0, NUMBER_BOX.y0)).press()
      .move(at((NUMBER_BOX.x0 + NUMBER_BOX.x1) / 2, (NUMBER_BOX.y0 + NUMBER_BOX.y1) / 2))
      .move(at(NUMBER_BOX.x1, NUMBER_BOX.y1)).release()
      .perform();
    await driver.wait(async () => (await app.byTestId('mask-apply')).isEnabled(), 5000, 'a box was drawn');
    await app.screenshot('41-mask-tool');
    await app.click('mask-apply');
    await driver.wait(async () => (await maskState()).includes('マスク済'), 15000, 'マスク済 shown');
    await app.screenshot('42-intake-masked');
    await app.click('case-save');
    await app.waitForText('case-saved-receipt', '-0001');

    // The case: open the stored scan and read its pixels.
    await app.click('nav-cases');
    await app.waitForText('cases-table', '見本 花子');
    const cell = await driver.findElement(By.xpath("//*[@data-testid='cases-table']//tr[contains(., '見本 花子')]/td[1]"));
    await cell.click();
    await app.waitForText('case-receipt-no', '-0001');
    await app.click('case-tab-attachments');
    const open = await driver.findElement(By.xpath("//*[@data-testid='case-attachments']//*[self::button or self::a][contains(., 'mynumber-back.jpg')]"));
    await open.click();
    const img = await app.byTestId('viewer-image');
    await driver.wait(async () => driver.executeScript('return arguments[0].complete && arguments[0].naturalWidth > 0', img), 10000, 'image loaded');
    const luma = await driver.executeScript(`
      const img = arguments[0], box = arguments[1];
      const c = document.createElement('canvas');
      c.width = img.naturalWidth; c.height = img.naturalHeight;
      const g = c.getContext('2d'); g.drawImage(img, 0, 0);
      const at = (fx, fy) => { const d = g.getImageData(Math.round(fx * c.width), Math.round(fy * c.height), 1, 1).data; return (d[0] + d[1] + d[2]) / 3; };
      const inside = [];
      for (let i = 1; i < 10; i++) for (let j = 1; j < 4; j++) inside.push(at(box.x0 + (box.x1 - box.x0) * i / 10, box.y0 + (box.y1 - box.y0) * j / 4));
      return { inside: Math.max(...inside), outside: at(0.5, 0.9) };`, img, { x0: 0.05, y0: 0.26, x1: 0.28, y1: 0.31 });
    assert.ok(luma.inside < 40, `the number must be black in the stored image: ${JSON.stringify(luma)}`);
    assert.ok(luma.outside > 150, `the rest of the card stays visible: ${JSON.stringify(luma)}`);
    await app.screenshot('43-stored-masked');
    await app.click('viewer-close');

    // 本人確認 under S0: no registered email, so an ID document decides; the
    // back of the card is not an accepted ID.
    await app.click('case-tab-verification');
    await app.waitForText('verification-result', '不備');
    await app.waitForText('verification-missing', '本人確認書類が必要');
    await app.screenshot('44-verification');
  } finally {
    delete process.env.MADOGUCHI_TEST_PICK_FILE;
    await app.stop({ keepData: true });
    rmSync(work, { recursive: true, force: true });
  }
});
