// Journey: a facilitator moves a weight in front of a delegation and the ranking follows;
// the published weights come back in one click and were never changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchedPage, artifact } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const firstRow = async (page) => page.$eval('#what-if-ranking tbody tr', (tr) => tr.querySelector('.supplier').textContent.trim());

test('moving the price weight changes the winner, and the published weights come back', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: 'Live weights, charts and sensitivity' }).click();
  await page.getByRole('heading', { level: 1, name: 'Workshop' }).waitFor();
  assert.equal(await firstRow(page), 'Kestrel & Moss Ltd');
  await page.screenshot({ path: artifact('workshop.png'), fullPage: true });

  // Price up to 85 %: the cheapest bid still in, Tidewell, takes first place.
  await page.locator('#weight-price').fill('85');
  await page.locator('#what-if-note').waitFor();
  assert.equal(await firstRow(page), 'Tidewell Digital Ltd');
  const tidewell = await page.locator('#what-if-ranking tr[data-bid="tidewell"]').innerText();
  assert.match(tidewell, /Up 3/);
  // The other top-level weights were rescaled to keep the sum at 100 (60 : 10 → 12.86 : 2.14).
  assert.match(await page.locator('label[for="weight-technical"]').innerText(), /12\.86 %/);
  // The chart and its table follow.
  assert.match(await page.locator('#chart-desc').textContent(), /^Tidewell Digital Ltd/);

  await page.click('#reset-weights');
  assert.equal(await firstRow(page), 'Kestrel & Moss Ltd');
  assert.equal(await page.locator('#what-if-note').count(), 0);
  // The evaluation itself never changed: nothing to undo, and the audit log is empty.
  assert.equal(await page.getByRole('button', { name: 'Undo' }).isDisabled(), true);

  // Robustness and price formulas are explained in words.
  assert.match(await page.locator('#stability').innerText(), /Kestrel & Moss Ltd wins/);
  assert.match(await page.locator('#price-formulas').innerText(), /Logarithmic, A = 2/);
  // The formula chart says in words what its bars show: Kestrel & Moss wins on the ratio
  // formula but is third under the linear and logarithmic ones.
  assert.match(await page.locator('#formula-desc').textContent(),
    /Kestrel & Moss Ltd — Lowest over bid: rank 1, Linear to the lowest: rank 3, Logarithmic, A = 2: rank 3/);
  assert.equal(await page.locator('#formula-chart .chart__flag').count() >= 1, true);
  const sensitivity = await page.locator('#sensitivity').innerText();
  assert.match(sensitivity, /Price is weighted 30 %\. Above 37\.88 %, Ashdown Digital Ltd would win instead of Kestrel & Moss Ltd/);
  assert.match(sensitivity, /No rank reversal/);

  await page.click('#present');
  await page.locator('main.present').waitFor();
  await page.screenshot({ path: artifact('workshop-present.png') });
  await page.click('#present');
  assert.deepEqual(errors, []);
});
