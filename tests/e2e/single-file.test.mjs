// Journey: a buyer with no hosting opens dist/bidmark.html (`make dist`) straight from
// a folder or a USB stick, through a file:// URL, with nothing served and no network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, watchedPage, artifact, ranking, root, dist } from './harness.mjs';

const single = path.join(dist, 'bidmark.html');
let browser;
let folder;
let pageUrl;

before(async () => {
  if (!fs.existsSync(single)) throw new Error('dist/bidmark.html is missing: run `make dist` first');
  // A fresh folder with the one file in it and nothing beside it, like a USB stick.
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bidmark-usb-'));
  fs.copyFileSync(single, path.join(folder, 'bidmark.html'));
  pageUrl = pathToFileURL(path.join(folder, 'bidmark.html')).href;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

/** A file:// page that also records every Content-Security-Policy violation in
 * window.__csp. The listener is installed before the page's own scripts run, so a
 * violation while the app starts is caught too. */
async function openFromDisk() {
  const watched = await watchedPage(browser);
  await watched.page.addInitScript(() => {
    window.__csp = [];
    window.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} (${e.sourceFile}:${e.lineNumber})`);
    }, true);
  });
  await watched.page.goto(pageUrl);
  await watched.page.getByRole('heading', { level: 1, name: 'Score bids with your evaluation panel' }).waitFor();
  return watched;
}

/** Every request but the page itself and data: URLs (the inlined icon). */
const elsewhere = (requests) => requests.filter((u) => u !== pageUrl && !u.startsWith('data:'));

test('the single file opens from disk, scores a sample and loads nothing', async () => {
  const { page, requests, errors } = await openFromDisk();
  assert.equal(new URL(page.url()).protocol, 'file:');
  // The inlined stylesheet applies (its hash is in the policy).
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.masthead')).backgroundColor),
    'rgb(18, 53, 82)');

  await page.getByRole('button', { name: 'Digital Outcomes: case management alpha' }).click();
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
  const rows = await ranking(page);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0].slice(0, 2), ['1', 'Kestrel & Moss Ltd']);
  assert.equal(rows[0][4], '82.14');
  assert.equal(rows.at(-1)[1], 'Cobalt Yard Ltd');
  assert.equal(rows.at(-1)[0], '–');
  assert.match(rows.at(-1)[5], /^Excluded/);
  await page.screenshot({ path: artifact('single-file.png'), fullPage: true });

  assert.deepEqual(elsewhere(requests), []);
  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);

  // The policy is in force, and the listener above would have seen a violation:
  // a style the policy does not list is refused.
  const applied = await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { outline: 7px solid red; }';
    document.head.append(style);
    return getComputedStyle(document.body).outlineWidth;
  });
  assert.notEqual(applied, '7px');
  await page.waitForFunction(() => window.__csp.length > 0);
  assert.match((await page.evaluate(() => window.__csp))[0], /^style-src(-elem)? blocked inline/);
  await page.close();
});

test('an evaluation file opens through the file input of the single file', async () => {
  const { page, requests, errors } = await openFromDisk();
  await page.setInputFiles('#evaluation-file', path.join(root, 'samples', 'gcloud-call-off.json'));
  // An opened evaluation starts at its task list.
  await page.getByRole('heading', { level: 1, name: /Housing repairs case management SaaS/ }).waitFor();
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).waitFor();

  assert.deepEqual(elsewhere(requests), []);
  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  await page.close();
});
