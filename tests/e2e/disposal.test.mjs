// 廃棄 in the real window: the demo store holds 3 synthetic requests answered
// over a year ago (kept 1 year after the reply by default), so they are due.
// The demo user (a 管理者) approves the first; the second is put on 保全 from
// its case page; performing destroys the approved one only, says why the held
// one was skipped, leaves a 廃棄記録 without personal data, and the register
// no longer finds the disposed 受付番号.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './harness.mjs';

const HOLD_REASON = '紛争中・E2E';

test('the demo\'s due cases: approve one, hold one, perform, and the 廃棄記録 remains', async () => {
  const app = await startApp();
  const { driver, By } = app;
  const count = async (css) => (await driver.findElements(By.css(css))).length;
  try {
    await app.click('open-demo');
    await app.waitForText('demo-banner', 'デモ');
    await app.waitForText('session-user', 'デモ 担当者');

    // 廃棄予定: the three requests answered long ago.
    await app.click('nav-disposal');
    await app.byTestId('disposal-due', 30000);
    const due = await driver.executeScript(
      "return [...document.querySelectorAll('[data-testid^=\"disposal-row-\"]')].map((r) => r.dataset.testid.slice('disposal-row-'.length))",
    );
    assert.ok(due.length >= 3, `due rows: ${due}`);
    const [first, second] = due;
    await app.waitForText(`disposal-row-${first}`, '回答完了から1年');
    await app.waitForText(`disposal-state-${first}`, '未承認');
    await app.screenshot('90-disposal-queue');

    // A 管理者 approves the first.
    await app.click(`disposal-select-${first}`);
    await app.click('disposal-approve');
    await app.waitForText(`disposal-state-${first}`, '承認済');
    await app.waitForText('disposal-message', '1件の廃棄を承認しました');

    // The second is put on 保全 from its case page (概要 › 保存期間).
    await app.click(`disposal-case-${second}`);
    await app.waitForText('case-receipt-no', second);
    await app.byTestId('retention-panel');
    await app.click('hold-set');
    await app.type('hold-reason', HOLD_REASON);
    await app.click('hold-submit');
    await app.waitForText('retention-hold', `保全中：${HOLD_REASON}`);
    await app.screenshot('91-case-retention-hold');

    // Back on 廃棄: the held case can be neither chosen nor approved.
    await app.click('nav-disposal');
    await app.waitForText(`disposal-state-${second}`, `保全中：${HOLD_REASON}`);
    assert.equal(await (await app.byTestId(`disposal-select-${second}`)).isEnabled(), false);
    await app.waitForText(`disposal-state-${first}`, '承認済');

    // Perform: asked first, with what cannot be undone and the backups.
    await app.click('disposal-perform');
    await app.waitForText('disposal-confirm-text', 'この操作は元に戻せません');
    await app.waitForText('disposal-confirm-text', 'バックアップ');
    await app.screenshot('92-disposal-confirm');
    await app.click('disposal-confirm-confirm');
    // The run rebuilds the database (VACUUM): give it time.
    await app.waitForText('disposal-result', '1件を廃棄しました', 60000);
    await app.waitForText('disposal-result', `${second}`);
    await app.waitForText('disposal-result', `保全中：${HOLD_REASON}`);
    await driver.wait(async () => (await count(`[data-testid="disposal-row-${first}"]`)) === 0, 15000, `${first} still listed`);
    await app.waitForText(`disposal-row-${second}`, second);
    await app.screenshot('93-disposal-result');

    // 廃棄記録: the record, without personal data.
    await app.click('disposal-tab-records');
    await app.waitForText(`disposal-record-${first}`, '案件全体');
    const record = await app.text(`disposal-record-${first}`);
    for (const words of ['回答完了から1年', 'デモ 担当者', '廃棄したもの', 'ファイル']) {
      assert.ok(record.includes(words), `record lacks ${words}: ${record}`);
    }
    assert.ok(!/example\.(jp|com|net)/.test(record), `record shows an email: ${record}`);
    // A postal request left paper at the desk: tick the first item as shredded today.
    const card = await app.byTestId(`disposal-record-${first}`);
    const shred = await card.findElements(By.css('[data-testid^="paper-shred-"]'));
    if (shred.length > 0) {
      const id = (await shred[0].getAttribute('data-testid')).slice('paper-shred-'.length);
      await app.click(`paper-shred-${id}`);
      await app.waitForText(`paper-status-${id}`, 'シュレッダー済');
    }
    await app.screenshot('94-disposal-records');

    // The register no longer finds the disposed 受付番号; the held one is still there.
    await app.click('nav-cases');
    await app.type('cases-search', second);
    await app.byTestId(`case-row-${second}`);
    await app.type('cases-search', first);
    await app.byTestId('cases-empty');
    assert.equal(await count(`[data-testid="case-row-${first}"]`), 0);
  } catch (e) {
    await app.screenshot('disposal-failure');
    throw e;
  } finally {
    await app.stop();
  }
});
