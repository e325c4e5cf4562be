// Journeys: a buyer opens an evaluation whose rule flags an abnormally low bid, sees the
// flag on the results page, records a rejection (refused at first without a reason, what
// was typed kept), sees the ranking change, and finds the reason in the CSV export and the
// award report. And a buyer whose file states no rule sets one on the details page (a
// percentage of 100 refused first, what was typed kept), then sees the bid flagged.
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

test('the rule is set on the details page, refused first, and the results flag the bid', async () => {
  const { page, errors } = await watchedPage(await browser.newContext());
  await page.goto(server.url);
  const { abnormally_low: _, ...withoutRule } = evaluation;
  await page.setInputFiles('#evaluation-file', { name: 'cleaning.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(withoutRule)) });
  await h1(page, 'Office cleaning');
  // No rule yet: nothing is flagged.
  await page.goto(`${server.url}#/results`);
  await h1(page, 'Results');
  let rows = await ranking(page);
  assert.doesNotMatch(rows.map((r) => r.join(' ')).join('\n'), /Abnormally low/);

  await page.goto(`${server.url}#/details`);
  await h1(page, 'Evaluation details');
  const hint = await page.locator('#low-rule-hint').innerText();
  assert.match(hint, /never excluded by the flag alone/);
  assert.match(hint, /Procurement Act 2023, section 43/);
  assert.equal(await page.isChecked('#low-base-none'), true);
  // No base, no numbers asked for.
  assert.equal(await page.locator('#low-percent').count(), 0);
  await page.check('#low-base-median');
  await page.fill('#low-percent', '100');
  await page.fill('#low-margin', '1');
  await page.click('#low-rule-save');
  // Refused: the message names the field, beside it and in the summary; nothing typed is lost.
  await page.locator('#edit-error').getByText(/The percentage below the base is 100; enter a number more than 0 and less than 100/).waitFor();
  await page.locator('#low-percent-error').getByText(/The percentage below the base is 100/).waitFor();
  assert.equal(await page.inputValue('#low-percent'), '100');
  assert.equal(await page.inputValue('#low-margin'), '1');
  assert.equal(await page.isChecked('#low-base-median'), true);

  await page.fill('#low-percent', '15');
  await page.click('#low-rule-save');
  await page.locator('#edit-error').waitFor({ state: 'detached' });
  assert.equal(await page.inputValue('#low-percent'), '15');
  assert.equal(await page.inputValue('#low-margin'), '1');

  // The results flag Cheap Co for investigation; it is still ranked.
  await page.goto(`${server.url}#/results`);
  await h1(page, 'Results');
  rows = await ranking(page);
  assert.match(rows[0].join(' '), /Cheap Co/);
  assert.match(rows[0].join(' '), /Abnormally low: investigate/);
  const section = await page.locator('#abnormally-low').innerText();
  assert.match(section, /A price more than 15 % below the median price/);
  assert.match(section, /more than 1 % below the lowest price of the other bids/);

  // Back on the details page, the saved rule is what the form shows.
  await page.goto(`${server.url}#/details`);
  await h1(page, 'Evaluation details');
  assert.equal(await page.isChecked('#low-base-median'), true, 'the saved rule is shown');
  assert.deepEqual(errors, []);
});
