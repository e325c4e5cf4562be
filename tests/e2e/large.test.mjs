// A large framework evaluation: the results page draws the first bids and offers the
// rest, and printing shows every bid with its breakdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, watchedPage, artifact, root } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The DOS sample with its bids copied until there are `n`, each copy a new supplier. */
function manyBids(n) {
  const e = JSON.parse(fs.readFileSync(path.join(root, 'samples', 'dos-outcomes.json'), 'utf8'));
  const bids = [...e.bids];
  const scores = [...e.scores];
  const checks = [...(e.checks || [])];
  for (let i = 0; bids.length < n; i += 1) {
    const from = e.bids[i % e.bids.length];
    const id = `copy-${i}`;
    bids.push({ ...from, id, supplier: `Copy ${String(i).padStart(3, '0')} of ${from.supplier}` });
    for (const s of e.scores.filter((x) => x.bid === from.id)) scores.push({ ...s, bid: id });
    for (const c of (e.checks || []).filter((x) => x.bid === from.id)) checks.push({ ...c, bid: id });
  }
  const file = artifact(`large-${n}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...e, id: `large-${n}`, bids, scores, checks, consensus: [] }));
  return file;
}

test('results of 130 bids show the first 25, then more on asking, and every bid when printed', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', manyBids(130));
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
  const rows = () => page.locator('#ranking tbody tr').count();
  const breakdowns = () => page.locator('details').count();
  assert.equal(await rows(), 25);
  assert.equal(await breakdowns(), 25);
  assert.match(await page.locator('#show-more').innerText(), /Showing the first 25 of 130 bids/);
  assert.match(await page.locator('#ranking caption').innerText(), /Ranking of 130 bids/);
  // The ranking runs on from the first rows to the next, in rank order.
  const first = await page.$$eval('#ranking tbody tr', (trs) => trs.map((tr) => tr.dataset.bid));
  await page.click('#show-more-bids');
  assert.equal(await rows(), 50);
  const ranks = await page.$$eval('#ranking tbody .rank', (tds) => tds.map((td) => td.textContent.trim()));
  const ranked = ranks.filter((r) => r !== '–').map(Number);
  assert.deepEqual(ranked, [...ranked].sort((a, b) => a - b));
  assert.deepEqual((await page.$$eval('#ranking tbody tr', (trs) => trs.map((tr) => tr.dataset.bid))).slice(0, 25), first);
  assert.equal(await page.locator('#show-more-bids').innerText(), 'Show 25 more');
  await page.click('#show-all-bids');
  assert.equal(await rows(), 130);
  assert.equal(await page.locator('#show-more').count(), 0);

  // Back on the page, the first 25 again; printing draws every bid.
  await page.getByRole('button', { name: '‹ Back to task list' }).click();
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  assert.equal(await rows(), 25);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await rows(), 130);
  assert.equal(await breakdowns(), 130);
  // …each open, with its table of scores.
  assert.equal(await page.locator('details[open] table.breakdown').count(), 130);
  assert.deepEqual(errors, []);
});

test('results of 50 bids are all drawn at once', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', manyBids(50));
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
  assert.equal(await page.locator('#ranking tbody tr').count(), 50);
  assert.equal(await page.locator('#show-more').count(), 0);
  assert.deepEqual(errors, []);
});
