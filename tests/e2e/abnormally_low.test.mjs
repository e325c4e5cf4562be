// Journey: a buyer opens an evaluation whose rule flags an abnormally low bid, sees the
// flag on the results page, records a rejection (refused at first without a reason, what
// was typed kept), sees the ranking change, and finds the reason in the CSV export and the
// award report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, watchedPage, type, h1, ranking, download } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// 15 % below the median flags Cheap Co: the median of £100,000, £95,000 and £60,000 is
// £95,000; £95,000 × 85 % = £80,750, and £60,000 is below it.
const evaluation = {
  format: 'bidmark/evaluation', version: 1, title: 'Office cleaning', currency: 'GBP',
  criteria: [
    { id: 'q', name: 'Quality', kind: 'scored', weight: '60' },
    { id: 'price', name: 'Price', kind: 'price', weight: '40', method: 'lowest_over_bid' },
  ],
  abnormally_low: { below_percent: '15', of: 'median' },
  bids: [
    { id: 'able', supplier: 'Able Ltd', price: '100000' },
    { id: 'best', supplier: 'Best plc', price: '95000' },
    { id: 'cheap', supplier: 'Cheap Co', price: '60000' },
  ],
  evaluators: [{ id: 'e', name: 'Eve' }],
  scores: ['able', 'best', 'cheap'].map((bid) => ({ evaluator: 'e', bid, criterion: 'q', score: '3' })),
};

test('a flagged bid is investigated, rejected with a reason, and the ranking changes', async () => {
  const { page, errors } = await watchedPage(await browser.newContext({ acceptDownloads: true }));
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', { name: 'cleaning.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(evaluation)) });
  await h1(page, 'Office cleaning');
  await page.goto(`${server.url}#/results`);
  await h1(page, 'Results');
  // The flag: in the ranking and in its own section, with why; Cheap Co still first.
  let rows = await ranking(page);
  assert.match(rows[0].join(' '), /Cheap Co/);
  assert.match(rows[0].join(' '), /Abnormally low: investigate/);
  const section = await page.locator('#abnormally-low').innerText();
  assert.match(section, /Price £60,000 is 36\.84 % below the median price of the 3 bids compared \(£95,000\); the rule flags prices below £80,750/);

  // A rejection without a reason is refused; the name typed stays.
  await page.check('#investigation-cheap-outcome-rejected');
  await type(page, '#investigation-cheap-by', 'Morag Reid');
  await page.click('#investigation-cheap-record');
  await page.locator('#edit-error').getByText(/Say why the supplier's explanation does not account for the price/).waitFor();
  assert.equal(await page.inputValue('#investigation-cheap-by'), 'Morag Reid');

  const reason = 'Staff costs below the National Living Wage';
  await page.fill('#investigation-cheap-reason', reason);
  await page.click('#investigation-cheap-record');
  await page.locator('#investigation-cheap-outcome-words').getByText(/Rejected by Morag Reid/).waitFor();
  // Ranked again without Cheap Co: Best plc first with the whole price weight.
  rows = await ranking(page);
  assert.match(rows[0].join(' '), /Best plc/);
  assert.match(rows[0].join(' '), /100\.00/);
  const last = rows[rows.length - 1].join(' ');
  assert.match(last, /Cheap Co/);
  assert.match(last, /Excluded/);
  assert.match(last, new RegExp(reason));

  // The export: the CSV carries the outcome and the reason; the award report says why.
  await page.goto(`${server.url}#/export`);
  await h1(page, 'Export');
  const csv = await download(page, () => page.click('#download-csv-results'), 'abnormally-low-');
  const text = fs.readFileSync(csv.path, 'utf8');
  assert.match(text, /Abnormally low/);
  assert.match(text, new RegExp(reason));
  const report = await download(page, () => page.click('#download-report'), 'abnormally-low-');
  const html = fs.readFileSync(report.path, 'utf8');
  assert.match(html, /<h2>Abnormally low prices<\/h2>/);
  assert.match(html, new RegExp(`Rejected by Morag Reid on \\d{4}-\\d{2}-\\d{2}: ${reason}`));
  assert.deepEqual(errors, []);
});
