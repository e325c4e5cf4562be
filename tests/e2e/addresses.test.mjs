// Journey: every page has an address. Pages visited through the app's own links are
// history entries: Back returns through them in order and Forward again; a reload stays
// on the page; an address pasted into a new tab opens that page of the autosaved
// evaluation; an address for something that is not there shows the nearest page with a
// short notice. The same journey runs served over HTTP and in bidmark.html from disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, watchedPage, artifact, dist } from './harness.mjs';

let server;
let browser;
let folder;
before(async () => {
  server = await serve();
  browser = await launch();
  // bidmark.html alone in a folder, as on a USB stick.
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bidmark-addresses-'));
  fs.copyFileSync(path.join(dist, 'bidmark.html'), path.join(folder, 'bidmark.html'));
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

const TITLE = 'Case management alpha - Office of the Independent Licensing Adjudicator';
const hash = (page) => new URL(page.url()).hash;
const h1 = (page) => page.locator('h1').first().innerText();

/** Waits until the page shows this address and this heading. */
async function at(page, address, heading) {
  await page.waitForFunction((a) => location.hash === a, address);
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  assert.equal(hash(page), address);
  assert.equal(await h1(page), heading);
}

async function journey(base, label) {
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(base);
  await at(page, '#/', 'Score bids with your evaluation panel');
  await page.getByRole('button', { name: 'Digital Outcomes: case management alpha' }).click();
  await at(page, '#/', TITLE);

  // Five pages through the app's own links and buttons.
  const visited = [['#/', TITLE]];
  const go = async (click, address, heading) => {
    await click();
    await at(page, address, heading);
    visited.push([address, heading]);
  };
  await go(() => page.getByRole('button', { name: 'Ranking and breakdowns' }).click(), '#/results', 'Results');
  await go(() => page.locator('#ranking').getByRole('link', { name: 'Fernhill Consulting Ltd' }).click(), '#/results/fernhill', 'Results');
  assert.equal(await page.locator('#breakdown-fernhill').getAttribute('open'), '');
  await go(() => page.getByRole('button', { name: '‹ Back to task list' }).click(), '#/', TITLE);
  await go(() => page.getByRole('button', { name: /Result file, award report/ }).click(), '#/export', 'Export');
  await go(() => page.click('#view-report'), '#/export/report', `Award report: ${TITLE}`);
  await go(() => page.getByRole('button', { name: 'Back to export' }).click(), '#/export', 'Export');
  await go(() => page.getByRole('button', { name: '‹ Back to task list' }).click(), '#/', TITLE);
  await go(() => page.getByRole('button', { name: /^Priya Raman/ }).click(), '#/scoring/priya', 'Score bids');

  // Back returns through them in order; Forward again.
  for (let i = visited.length - 2; i >= 0; i--) {
    await page.goBack();
    await at(page, ...visited[i]);
  }
  for (let i = 1; i < visited.length; i++) {
    await page.goForward();
    await at(page, ...visited[i]);
  }

  // Reload stays on the page.
  await page.goBack();
  await at(page, '#/', TITLE);
  await page.getByRole('button', { name: 'Moderate scores and record consensus' }).click();
  await at(page, '#/moderation', 'Moderate scores');
  await page.reload();
  await at(page, '#/moderation', 'Moderate scores');

  // An address pasted into another tab of this browser opens that page of the work
  // saved here (leave the page first so that it is saved).
  const deep = `${base}#/moderation/tidewell`;
  const other = await context.newPage();
  await other.goto(deep);
  await at(other, '#/moderation/tidewell', 'Moderate scores');
  assert.match(await other.locator('main').innerText(), /Tidewell/);
  // Something that is not there: the nearest page, and a notice that says why.
  await other.goto(`${base}#/results/no-such-bid`);
  await at(other, '#/results', 'Results');
  assert.match(await other.locator('#address-notice').innerText(), /There is no bid "no-such-bid"/);
  await other.goto(`${base}#/scoring/nobody/ashdown`);
  await at(other, '#/scoring', 'Score bids');
  assert.match(await other.locator('#address-notice').innerText(), /There is no evaluator "nobody"/);
  await other.goto(`${base}#/no/such/page`);
  await at(other, '#/', TITLE);
  assert.match(await other.locator('#address-notice').innerText(), /There is no page at #\/no\/such\/page/);
  // The notice goes with the next page.
  await other.getByRole('button', { name: 'Evaluation details' }).click();
  await at(other, '#/details', 'Evaluation details');
  assert.equal(await other.locator('#address-notice').count(), 0);
  await other.screenshot({ path: artifact(`addresses-${label}.png`) });
  await other.close();

  // A browser with nothing saved: a deep address shows the start page, and says why.
  const fresh = await browser.newContext();
  const { page: empty, errors: emptyErrors } = await watchedPage(fresh);
  await empty.goto(`${base}#/results`);
  await at(empty, '#/', 'Score bids with your evaluation panel');
  assert.match(await empty.locator('#address-notice').innerText(), /No evaluation is open in this browser/);
  await fresh.close();

  assert.deepEqual(errors, []);
  assert.deepEqual(emptyErrors, []);
  await context.close();
}

test('addresses, Back, Forward, reload and pasted addresses, served over HTTP', async () => {
  await journey(server.url, 'served');
});

test('the same journey in bidmark.html opened from disk', async () => {
  await journey(pathToFileURL(path.join(folder, 'bidmark.html')).href, 'from-disk');
});

test('the skip link and a typed address without its slash keep the app working', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await at(page, '#/', TITLE);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(hash(page), '#/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.goto(`${server.url}#results`);
  await at(page, '#/results', 'Results');
  assert.deepEqual(errors, []);
});
