// 苦情・相談 in the real window (S4-c): from the demo, a 苦情 by phone about a
// demo request is logged (it takes a 受付番号 of the same series), its four
// steps — 一次対応, 調査・検討, 改善措置, 回答・報告 — are recorded in order with
// today's date and a person, and it is then 対応完了: gone from the list of
// those still open, shown once 対応中のみ is off, its link opens the request,
// and the request register (案件一覧) never lists it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { japanDay, startApp } from './harness.mjs';


const STEPS = [
  ['first_response', '一次対応'],
  ['investigation', '調査・検討'],
  ['improvement', '改善措置'],
  ['reply', '回答・報告'],
];
const PERSON = '見本 担当';

test('a 苦情 linked to a demo request goes through its four steps to 対応完了', async () => {
  const app = await startApp();
  const { driver, By } = app;
  const count = async (css) => (await driver.findElements(By.css(css))).length;
  const today = japanDay();
  const shownDay = today.replace(/-/g, '/');
  try {
    await app.click('open-demo');
    await app.waitForText('demo-banner', 'デモ');
    await app.waitForText('session-user', 'デモ 担当者');

    // The 受付番号 of a demo request: the register's first row.
    await app.click('nav-cases');
    await app.byTestId('cases-table', 30000);
    const linked = await driver.wait(
      () =>
        driver.executeScript(
          "const r = document.querySelector('[data-testid=\"cases-table\"] tbody tr[data-testid^=\"case-row-\"]'); return r ? r.dataset.testid.slice('case-row-'.length) : null",
        ),
      15000,
      'no row in the register',
    );
    assert.match(linked, /\d/, `receipt no: ${linked}`);

    // 苦情・相談 › 新しく記録する.
    await app.click('nav-complaints');
    await app.click('complaint-new');
    await app.byTestId('complaint-dialog');
    await app.click('complaint-category-complaint');
    await (await (await app.byTestId('complaint-channel')).findElement(By.css('option[value="phone"]'))).click();
    await app.type('complaint-received-on', today);
    await app.type('complaint-name', '見本 花子');
    await app.type('complaint-summary', '開示請求の回答が遅い（見本）');
    await app.type('complaint-linked', linked);
    await app.screenshot('95-complaint-new');
    await app.click('complaint-submit');

    // The new complaint opens, with a 受付番号 of its own.
    await app.byTestId('complaint-steps');
    const receiptNo = (await app.text('complaint-receipt-no')).trim();
    assert.match(receiptNo, /\d/, `complaint receipt no: ${receiptNo}`);
    assert.notEqual(receiptNo, linked);
    await app.waitForText('complaint-status', '受付');
    await app.waitForText('complaint-person-name', '見本 花子');
    await app.waitForText('complaint-channel-label', '電話');
    // Stored as typed, NFKC-normalised (full-width brackets become ASCII): compare the words only.
    await app.waitForText('complaint-text', '開示請求の回答が遅い');
    await app.waitForText('complaint-linked-link', linked);

    // The four steps, in order, each today by the same person.
    for (const [step, label] of STEPS) {
      await app.waitForText(`complaint-step-${step}`, '次の段階');
      await app.type('step-done-on', today);
      await app.type('step-person', PERSON);
      await app.type('step-notes', `${label}を行った`);
      await app.click('step-submit');
      await app.waitForText(`complaint-step-${step}`, '対応済');
      await app.waitForText(`complaint-step-${step}`, `${shownDay}・${PERSON}`);
      await app.waitForText('complaint-message', `「${label}」を記録しました`);
    }
    await app.waitForText('complaint-done', '対応完了');
    await app.waitForText('complaint-status', '完了');
    assert.equal(await count('[data-testid="step-form"]'), 0, 'no step left to record');
    await app.screenshot('96-complaint-completed');

    // Back to the list: not among those still open …
    await app.click('complaint-back');
    await app.byTestId('complaints-open-only');
    await driver.wait(
      async () => (await count('[data-testid="complaints-table"], [data-testid="complaints-empty"]')) > 0,
      15000,
      'the list never loaded',
    );
    assert.equal(await (await app.byTestId('complaints-open-only')).isSelected(), true, '対応中のみ is on by default');
    assert.equal(await count(`[data-testid="complaint-row-${receiptNo}"]`), 0, 'a completed complaint is listed as open');

    // … shown with 対応中のみ off, at 回答・報告, 完了, with its request.
    await app.click('complaints-open-only');
    await app.waitForText(`complaint-row-${receiptNo}`, '回答・報告');
    const row = await app.text(`complaint-row-${receiptNo}`);
    for (const words of ['苦情', '電話', '見本 花子', '完了', linked]) {
      assert.ok(row.includes(words), `row lacks ${words}: ${row}`);
    }
    await app.screenshot('97-complaints-list');

    // The related link opens the request.
    // A table row is not "interactable" to WebKitWebDriver; click its first cell.
    await (await app.byTestId(`complaint-row-${receiptNo}`)).findElement(app.By.css('td')).click();
    await app.waitForText('complaint-receipt-no', receiptNo);
    await app.click('complaint-linked-link');
    await app.waitForText('case-receipt-no', linked);

    // The request register does not list the complaint.
    await app.click('nav-cases');
    await app.type('cases-search', receiptNo);
    await app.byTestId('cases-empty');
    assert.equal(await count(`[data-testid="case-row-${receiptNo}"]`), 0);
  } catch (e) {
    await app.screenshot('complaints-failure');
    throw e;
  } finally {
    await app.stop();
  }
});
