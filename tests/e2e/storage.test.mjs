// Nothing is lost: work survives a reload, and a browser that refuses to store it says
// so and offers the evaluation file instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, watchedPage, artifact } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('an evaluation and the page it was on come back after a reload', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Digital Outcomes: case management alpha' }).click();
  await page.getByRole('button', { name: 'Moderate scores and record consensus' }).click();
  await page.getByRole('heading', { level: 1, name: 'Moderate scores' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Moderate scores' }).waitFor();
  // Closing the evaluation removes it from the browser: a reload shows the start page.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Bidmark' }).click();
  // Closing asks first: it removes the evaluation from this browser.
  await page.click('#confirm-close-button');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Score bids with your evaluation panel' }).waitFor();
  assert.deepEqual(errors, []);
});

test('a full storage is reported with an offer to save the file, and nothing is lost', async () => {
  const context = await browser.newContext();
  // The browser's storage is full: every write fails as a real quota failure does.
  await context.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const { page, errors } = await watchedPage(context);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Digital Outcomes: case management alpha' }).click();
  const warning = page.locator('#storage-warning');
  await warning.waitFor();
  assert.match(await warning.innerText(), /could not be saved in this browser: the browser's storage is full/);
  await page.screenshot({ path: artifact('storage-full.png') });
  const [file] = await Promise.all([page.waitForEvent('download'), warning.getByRole('button', { name: 'Save evaluation file' }).click()]);
  const path = artifact(file.suggestedFilename());
  await file.saveAs(path);
  const saved = JSON.parse(fs.readFileSync(path, 'utf8'));
  assert.equal(saved.format, 'bidmark/evaluation');
  assert.equal(saved.scores.length, 120);
  assert.deepEqual(errors, []);
});
