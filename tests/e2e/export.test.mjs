// Journey: a buyer leaves Bidmark with documents to file and send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, watchedPage, artifact, ranking, download } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });


test('the result, report, summaries and spreadsheets come out of the browser, and a result verifies when reopened', async () => {
  const { page, requests, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: /Result file, award report/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
  const loaded = requests.length;

  const result = await download(page, () => page.click('#download-result'));
  assert.match(result.name, /^DOS6-2026-0042 result \d{4}-\d\d-\d\d\.json$/);
  const json = JSON.parse(fs.readFileSync(result.path, 'utf8'));
  assert.equal(json.format, 'bidmark/result');
  assert.equal(json.digest.value, await page.locator('#result-digest').innerText());
  assert.equal(json.results.bids[0].total, '82.14');

  const csv = await download(page, () => page.click('#download-csv-results'));
  const text = fs.readFileSync(csv.path, 'utf8');
  assert.match(text, /Kestrel & Moss Ltd/);
  assert.match(csv.name, /results .*\.csv$/);
  const xlsx = await download(page, () => page.click('#download-xlsx'));
  assert.equal(fs.readFileSync(xlsx.path).subarray(0, 2).toString(), 'PK');
  const summaries = await download(page, () => page.click('#download-summaries'));
  assert.equal((fs.readFileSync(summaries.path, 'utf8').match(/<section class="page"/g) || []).length, 5);

  // The report, as a page to print.
  await page.click('#view-report');
  const doc = page.locator('main.document');
  await doc.getByRole('heading', { level: 1, name: /Award report: Case management alpha/ }).waitFor();
  const report = await doc.innerText();
  for (const needle of [
    'The panel recommends awarding the contract to Kestrel & Moss Ltd',
    'Award criteria and their relative importance',
    'The evaluation panel',
    'Cobalt Yard Ltd: Moderated score 1.67',
    '£334,200.00 (lowest) ÷ £412,500.00 × 30 = 24.31',
    json.digest.value,
  ]) assert.ok(report.includes(needle), `the report lacks ${needle}`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: artifact('award-report.pdf'), format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });

  // One supplier's assessment summary.
  await page.getByRole('button', { name: 'Back to export' }).click();
  await page.getByRole('button', { name: 'View the summary for Ashdown Digital Ltd' }).click();
  const summary = await page.locator('main.document').innerText();
  assert.match(summary, /Assessment summary: Case management alpha/);
  assert.match(summary, /80\.53 out of 100/);
  assert.match(summary, /The most advantageous tender: Kestrel & Moss Ltd/);
  assert.match(summary, /standstill period of at least 8 working days/);
  await page.pdf({ path: artifact('assessment-summary.pdf'), format: 'A4' });
  assert.deepEqual(requests.slice(loaded), [], 'exports are made in the browser');

  // Reopening the result verifies it; a changed result is refused.
  const other = await watchedPage(browser);
  await other.page.goto(server.url);
  await other.page.setInputFiles('#evaluation-file', result.path);
  await other.page.getByText(/^Verified: every result in .* recomputes/).waitFor();
  assert.equal((await ranking(other.page))[0][4], '82.14');
  const tampered = fs.readFileSync(result.path, 'utf8').replace('"score": "3"', '"score": "2"');
  await other.page.setInputFiles('#another-file', { name: 'changed.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
  const refusal = other.page.locator('.error-summary');
  await refusal.getByText('This result file does NOT verify').waitFor();
  assert.match(await refusal.innerText(), /digest does not match/);
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
});
