// Journey: a buyer sets the published price method of their tender in the editor (prices
// between stated bounds, a budget), sees the arithmetic in words in the breakdown, and
// compares the formulas side by side in the workshop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchedPage, type, h1, addCriterion } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the editor sets a between-bounds price and a budget; the breakdown and the workshop show them', async () => {
  const { page, errors } = await watchedPage(await browser.newContext());
  await page.goto(server.url);
  await page.click('#start-blank');
  await h1(page, 'Evaluation details');
  await type(page, '#title', 'Grounds maintenance');
  await page.getByRole('button', { name: 'Continue' }).click();
  await h1(page, 'Criteria and weights');
  await addCriterion(page, 'Quality', 'scored');
  await addCriterion(page, 'Price', 'price');
  await type(page, '#criterion-quality-weight', '60');
  await type(page, '#criterion-price-weight', '40');
  await page.check('#criterion-price-method-between_bounds');
  // The bounds are saved together; the wrong way round is refused and what was typed stays.
  await page.fill('#criterion-price-bound-full', '200000');
  await page.fill('#criterion-price-bound-zero', '100000');
  await page.click('#criterion-price-bounds-save');
  await page.locator('#edit-error').getByText(/the bounds are the wrong way round/).waitFor();
  assert.equal(await page.inputValue('#criterion-price-bound-full'), '200000');
  await page.fill('#criterion-price-bound-full', '100000');
  await page.fill('#criterion-price-bound-zero', '200000');
  await page.click('#criterion-price-bounds-save');
  await page.locator('#edit-error').waitFor({ state: 'detached' });
  await type(page, '#criterion-price-budget', '180000');
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Bids');
  for (const [supplier, price] of [['Acorn Ltd', '125000'], ['Birch Ltd', '150000'], ['Cedar Ltd', '190000']]) {
    await page.fill('#new-bid-supplier', supplier);
    await page.fill('#new-bid-price', price);
    await page.getByRole('button', { name: 'Add bid' }).click();
    await page.locator(`#bid-${supplier.toLowerCase().replace(' ', '-')}-supplier`).waitFor();
  }
  // Results: Cedar is above the budget, excluded with the reason; Acorn's price points
  // are 40 × (200,000 − 125,000) / (200,000 − 100,000) = 30.00, in words.
  await page.goto(`${server.url}#/results/acorn-ltd`);
  await h1(page, 'Results');
  const main = await page.locator('main').innerText();
  assert.match(main, /Price 190000 is above the budget of 180000/);
  assert.match(main, /\(£200,000 − £125,000\) ÷ \(£200,000 − £100,000\) × 40 = 30\.00/);
  // The workshop compares the formulas, the stated bounds among them.
  await page.goto(`${server.url}#/workshop`);
  await h1(page, 'Workshop');
  const formulas = await page.locator('#price-formulas').innerText();
  assert.match(formulas, /Linear, lowest to highest/);
  assert.match(formulas, /Between stated prices/);
  assert.deepEqual(errors, []);
});

test('the ranking method is set on the details page; the results say what each bid is ranked on', async () => {
  const { page, errors } = await watchedPage(await browser.newContext());
  // Acorn: £90,000 for 60 points = £1,500.00 a point; Birch: £100,000 for 80 = £1,250.00.
  const bids = [['acorn', 'Acorn Ltd', '90000', '60'], ['birch', 'Birch Ltd', '100000', '80']];
  const evaluation = {
    format: 'bidmark/evaluation', version: 1, title: 'Cleaning services', currency: 'GBP',
    scale: { min: '0', max: '100' },
    criteria: [{ id: 'q', name: 'Quality', kind: 'scored', weight: '100' }],
    bids: bids.map(([id, supplier, price]) => ({ id, supplier, price })),
    evaluators: [{ id: 'e', name: 'Eve' }],
    scores: bids.map(([id, , , score]) => ({ evaluator: 'e', bid: id, criterion: 'q', score })),
  };
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', { name: 'cleaning.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(evaluation)) });
  await h1(page, 'Cleaning services');
  // The details page: a quality-adjusted price without the value of a point is refused,
  // and the choice stays; then price per quality point is saved.
  await page.goto(`${server.url}#/details`);
  await h1(page, 'Evaluation details');
  await page.check('#ranking-method-adjusted_price');
  await page.click('#ranking-save');
  await page.locator('#edit-error').getByText(/Enter the value of one quality point/).waitFor();
  assert.equal(await page.isChecked('#ranking-method-adjusted_price'), true);
  await page.check('#ranking-method-price_per_point');
  await page.click('#ranking-save');
  await page.locator('#edit-error').waitFor({ state: 'detached' });
  await page.goto(`${server.url}#/results`);
  await h1(page, 'Results');
  const main = await page.locator('main').innerText();
  assert.match(main, /Ranked on\s+Price per quality point \(price ÷ quality points\), lowest first/);
  const ranked = await page.locator('#ranked-on').innerText();
  assert.match(ranked, /Birch Ltd: Price per quality point: £100,000 ÷ 80\.00 = £1,250\.00 \(lowest ranks first\)/);
  assert.match(ranked, /Acorn Ltd: Price per quality point: £90,000 ÷ 60\.00 = £1,500\.00/);
  // Birch ranks first, though Acorn is cheaper.
  assert.match((await page.locator('#ranking tbody tr').first().innerText()), /Birch Ltd/);
  // The workshop sets the ranking methods side by side.
  await page.goto(`${server.url}#/workshop`);
  await h1(page, 'Workshop');
  const rankings = await page.locator('#rankings').innerText();
  assert.match(rankings, /Total weighted points: total \(rank\)/);
  assert.match(rankings, /Value for money: total \(rank\)/);
  assert.deepEqual(errors, []);
});

test('the editor sets a Korean eligibility review; the breakdown says its sum and the lower limit excludes', async () => {
  const { page, errors } = await watchedPage(await browser.newContext());
  await page.goto(server.url);
  await page.click('#start-blank');
  await h1(page, 'Evaluation details');
  await type(page, '#title', 'Facility services');
  await page.getByRole('button', { name: 'Continue' }).click();
  await h1(page, 'Criteria and weights');
  await addCriterion(page, 'Capability', 'scored');
  await addCriterion(page, 'Price', 'price');
  await type(page, '#criterion-capability-weight', '30');
  await type(page, '#criterion-price-weight', '70');
  await page.check('#criterion-price-method-eligibility_review');
  // The rule is saved together; a band the wrong way round is refused and what was typed stays.
  await page.fill('#criterion-price-reference-price', '128226825');
  await page.fill('#criterion-price-target', '91');
  await page.fill('#criterion-price-slope', '5');
  await page.fill('#criterion-price-band-from', '100');
  await page.fill('#criterion-price-band-to', '95');
  await page.fill('#criterion-price-band-points', '60');
  await page.click('#criterion-price-eligibility-save');
  await page.locator('#edit-error').getByText(/The band is the wrong way round/).waitFor();
  assert.equal(await page.inputValue('#criterion-price-reference-price'), '128226825');
  assert.equal(await page.inputValue('#criterion-price-band-from'), '100');
  for (const id of ['band-from', 'band-to', 'band-points']) await page.fill(`#criterion-price-${id}`, '');
  await page.fill('#criterion-price-lower-limit', '86.745');
  await page.click('#criterion-price-eligibility-save');
  await page.locator('#edit-error').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Bids');
  for (const [supplier, price] of [['Acorn Ltd', '114156413'], ['Birch Ltd', '100000000']]) {
    await page.fill('#new-bid-supplier', supplier);
    await page.fill('#new-bid-price', price);
    await page.getByRole('button', { name: 'Add bid' }).click();
    await page.locator(`#bid-${supplier.toLowerCase().replace(' ', '-')}-supplier`).waitFor();
  }
  // Acorn: the ratio rounded half up to 4 places, then the schedule's sum (PPS [별표2]).
  await page.goto(`${server.url}#/results/acorn-ltd`);
  await h1(page, 'Results');
  const main = await page.locator('main').innerText();
  assert.match(main, /£114,156,413 ÷ £128,226,825 = 0\.8903 \(to 4 places\); 70 − 5 × \|0\.91 − 0\.8903\| × 100 = 60\.15/);
  // Birch is at 77.99 % of the reference price, below the lower limit: excluded, with the reason.
  assert.match(main, /Price 100000000 is 77\.99 % of the reference price 128226825, below the lower limit of 86\.745 %/);
  // The workshop compares the stated eligibility review beside the other formulas.
  await page.goto(`${server.url}#/workshop`);
  await h1(page, 'Workshop');
  assert.match(await page.locator('#price-formulas').innerText(), /Korean eligibility review/);
  assert.deepEqual(errors, []);
});

test('the Korean negotiated-contract sample opens with its bonus below 80 % and the excluded bid\'s reason', async () => {
  const { page, errors } = await watchedPage(await browser.newContext());
  await page.goto(`${server.url}?sample=korean-negotiated`);
  await h1(page, /Gwangnam Province records management system/);
  await page.evaluate(() => { location.hash = '#/results/minto'; });
  await h1(page, 'Results');
  const main = await page.locator('main').innerText();
  // Gaon is below the 85 % technical threshold.
  assert.match(main, /Quality is 82 % of the available points, below the threshold of 85 %/);
  // Minto is below 80 % of the estimated price: the points at 80 % plus the bonus, in words.
  assert.match(main, /₩380,000,000 is below 80 % of the estimated price ₩500,000,000 \(₩400,000,000\): ₩380,000,000 \(lowest\) ÷ ₩400,000,000 × 20 \+ 2 × \(₩400,000,000 − ₩380,000,000\) ÷ \(₩400,000,000 − ₩300,000,000\) = 19\.4000/);

  // The editor shows the estimated price; a missing one is refused and what was typed stays.
  await page.evaluate(() => { location.hash = '#/criteria'; });
  await h1(page, 'Criteria and weights');
  assert.equal(await page.inputValue('#criterion-price-estimated-price'), '500000000');
  await page.fill('#criterion-price-estimated-price', '');
  await page.fill('#criterion-price-reserve-price', '480000000');
  await page.click('#criterion-price-negotiated-save');
  await page.locator('#edit-error').getByText(/Enter the estimated price/).waitFor();
  assert.equal(await page.inputValue('#criterion-price-reserve-price'), '480000000');
  assert.deepEqual(errors, []);
});
