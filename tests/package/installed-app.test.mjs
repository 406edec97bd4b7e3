// The installed package starts: the app that `apt-get install ./Madoguchi_*.deb`
// put in /usr/bin opens its window in a fresh data folder and shows the
// first-run setup in Japanese, with the fonts the package depends on.
// Run by scripts/test after install_deb, with MADOGUCHI_APP_BINARY=/usr/bin/madoguchi.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startApp, appBinary } from '../e2e/harness.mjs';

test('the installed app starts and shows the first-run setup', async () => {
  assert.equal(appBinary, '/usr/bin/madoguchi', 'set MADOGUCHI_APP_BINARY=/usr/bin/madoguchi');
  // The binary belongs to the installed package, not to the build tree.
  const owner = execFileSync('dpkg', ['-S', appBinary]).toString();
  assert.match(owner, /^madoguchi: /);
  // What it depends on is installed (apt resolved it): a Japanese font among them.
  const fonts = execFileSync('fc-list', [':lang=ja', 'family']).toString();
  assert.ok(/IPAex|Noto Sans CJK/.test(fonts), fonts);

  const app = await startApp();
  try {
    const org = await app.byTestId('setup-org-name', 30000);
    assert.ok(await org.isEnabled());
    const body = await app.driver.executeScript('return document.body.innerText');
    assert.match(body, /窓口|組織|初期設定/, body.slice(0, 200));
    await app.screenshot('installed-first-run');
  } finally {
    await app.stop();
  }
});
