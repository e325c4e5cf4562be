// Journey: a buyer scores a figure each bid states (delivery days) by a published formula,
// enters each bid's figure (a figure that is not a number is refused beside what was
// typed), reads the arithmetic in words, compares the formulas in the workshop; and a
// panel's quality set against the best bid's reproduces the FELP assessment method.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchedPage, type, h1, addCriterion } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a measured criterion: set in the editor, figures on the bids page, words in the breakdown, compared in the workshop', async () => {
  const { page, errors } = await watchedPage(await browser.newContext());
  await page.goto(server.url);
  await page.click('#start-blank');
  await h1(page, 'Evaluation details');
  await type(page, '#title', 'Road salt supply');
  await page.getByRole('button', { name: 'Continue' }).click();
  await h1(page, 'Criteria and weights');
  await addCriterion(page, 'Quality', 'scored');
  await addCriterion(page, 'Delivery time', 'measured');
  await type(page, '#criterion-quality-weight', '70');
  await type(page, '#criterion-delivery-time-weight', '30');
  await type(page, '#criterion-delivery-time-unit', 'days');
  await page.check('#criterion-delivery-time-method-linear_lowest_highest');
  assert.equal(await page.isChecked('#criterion-delivery-time-better-lower'), true);
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Bids');
  for (const supplier of ['Acorn Ltd', 'Birch Ltd', 'Cedar Ltd']) {
    await page.fill('#new-bid-supplier', supplier);
    await page.getByRole('button', { name: 'Add bid' }).click();
    await page.locator(`#bid-${supplier.toLowerCase().replace(' ', '-')}-supplier`).waitFor();
  }
  // A figure that is not a number is refused where it was typed, and stays there.
  await type(page, '#bid-acorn-ltd-figure-delivery-time', 'ten');
  await page.locator('#edit-error').getByText(/The figure for Delivery time/).waitFor();
  assert.equal(await page.inputValue('#bid-acorn-ltd-figure-delivery-time'), 'ten');
  await type(page, '#bid-acorn-ltd-figure-delivery-time', '10');
  await page.locator('#edit-error').waitFor({ state: 'detached' });
  await type(page, '#bid-birch-ltd-figure-delivery-time', '15');
  await type(page, '#bid-cedar-ltd-figure-delivery-time', '20');

  // Birch: (20 − 15) ÷ (20 − 10) × 30 = 15.00, in words with the best and the worst.
  await page.goto(`${server.url}#/results/birch-ltd`);
  await h1(page, 'Results');
  const main = await page.locator('main').innerText();
  assert.match(main, /\(20 days \(highest, the worst\) − 15 days\) ÷ \(20 days − 10 days \(lowest, the best\)\) × 30 = 15\.00/);
  // The workshop sets the formulas side by side.
  await page.goto(`${server.url}#/workshop`);
  await h1(page, 'Workshop');
  const compared = await page.locator('#measured-delivery-time').innerText();
  assert.match(compared, /Ratio to the best: total \(rank\)/);
  assert.match(compared, /Linear, best to worst: total \(rank\)/);
  assert.deepEqual(errors, []);
});

test('quality set against the best bid reproduces the FELP example, and says how', async () => {
  const { page, errors } = await watchedPage(await browser.newContext());
  const firms = [['a', 'Firm A', '123', '10500'], ['b', 'Firm B', '126', '10350'], ['c', 'Firm C', '129', '11750'], ['d', 'Firm D', '117', '9900']];
  const evaluation = {
    format: 'bidmark/evaluation', version: 1, title: 'FELP assessment method', currency: 'GBP',
    criteria: [
      { id: 'nf', name: 'Non-financial', kind: 'group', weight: '80', relative_to_best: true, scale: { min: '0', max: '150' },
        children: [{ id: 'marks', name: 'Assessment marks', kind: 'scored', weight: '100' }] },
      { id: 'price', name: 'Price', kind: 'price', weight: '20', method: 'lowest_over_bid' },
    ],
    bids: firms.map(([id, supplier, , price]) => ({ id, supplier, price })),
    evaluators: [{ id: 'e', name: 'Panel' }],
    scores: firms.map(([id, , marks]) => ({ evaluator: 'e', bid: id, criterion: 'marks', score: marks })),
  };
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', { name: 'felp.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(evaluation)) });
  await h1(page, 'FELP assessment method');
  await page.goto(`${server.url}#/results/a`);
  await h1(page, 'Results');
  const main = await page.locator('main').innerText();
  for (const total of ['95.14', '97.27', '96.85', '92.56']) assert.ok(main.includes(total), total);
  assert.match(main, /65\.60 ÷ 68\.80 \(the best bid's\) × 80 = 76\.28/);
  // The editor shows the group's setting, checked.
  await page.goto(`${server.url}#/criteria`);
  await h1(page, 'Criteria and weights');
  assert.equal(await page.isChecked('#criterion-nf-relative'), true);
  assert.deepEqual(errors, []);
});
