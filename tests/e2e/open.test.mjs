// Journey: a buyer opens an evaluation file and reads the result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, watchedPage, artifact, ranking, root } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const sample = (slug) => path.join(root, 'samples', `${slug}.json`);

test('opening a file through the file input shows the ranked table', async () => {
  const { page, requests, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Score bids with your evaluation panel' }).waitFor();
  const loaded = requests.length;

  await page.setInputFiles('#evaluation-file', sample('dos-outcomes'));
  // An opened evaluation starts at its task list; the results are one step away.
  await page.getByRole('heading', { level: 1, name: /Case management alpha/ }).waitFor();
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();

  const rows = await ranking(page);
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2], r[3], r[4]]), [
    ['1', 'Kestrel & Moss Ltd', '61.67', '20.47', '82.14'],
    ['2', 'Ashdown Digital Ltd', '56.22', '24.31', '80.53'],
    ['3', 'Fernhill Consulting Ltd', '50.78', '27.24', '78.02'],
    ['4', 'Tidewell Digital Ltd', '42.44', '30.00', '72.44'],
    ['–', 'Cobalt Yard Ltd', '42.78', '–', '–'],
  ]);
  assert.match(rows[4][5], /^Excluded/);
  assert.match(rows[4][5], /below the minimum of 2/);
  assert.match(await page.locator('.summary-list').innerText(), /Opened from\s+dos-outcomes\.json/);

  // The arithmetic behind a total, one click away.
  await page.getByText('Ashdown Digital Ltd: how was 80.53 calculated?').click();
  await page.locator('#breakdown-ashdown .working').waitFor();
  assert.equal(await page.locator('#breakdown-ashdown .working').innerText(),
    '£334,200.00 (lowest) ÷ £412,500.00 × 30 = 24.31');

  await page.screenshot({ path: artifact('results.png'), fullPage: true });
  // Opening a file is read in the browser: no request leaves the page after load.
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a broken file lists its problems and keeps the open evaluation', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=gcloud-call-off`);
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
  const before = await ranking(page);

  const broken = JSON.parse(fs.readFileSync(sample('gcloud-call-off'), 'utf8'));
  broken.criteria[0].weight = '55';
  broken.scores[0].score = '9';
  await page.setInputFiles('#another-file', {
    name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken, null, 2)),
  });
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  const text = await summary.innerText();
  assert.match(text, /edited\.json could not be opened/);
  assert.match(text, /2 problems were found/);
  assert.match(text, /Weights at the top level add up to 95\. Make them add up to 100\./);
  assert.match(text, /is 9, outside the scale 0 to 4/);
  assert.match(text, /is still open/);
  // Focus moves to the summary, for keyboard and screen-reader users.
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
  assert.deepEqual(await ranking(page), before);

  // JSON syntax errors say where.
  await page.setInputFiles('#another-file', {
    name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "format": "bidmark/evaluation",\n  "title": }'),
  });
  await page.getByText('cut.json could not be opened').waitFor();
  assert.match(await summary.innerText(), /Line 3, column 12/);
  assert.deepEqual(await ranking(page), before);
  await page.screenshot({ path: artifact('error-summary.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file dropped on the drop zone opens', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.locator('.drop-zone').waitFor();
  const json = fs.readFileSync(sample('negotiated-80-20'), 'utf8');
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'negotiated.json', { type: 'application/json' }));
    return dt;
  }, json);
  await page.dispatchEvent('.drop-zone', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer: transfer });
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
  const rows = await ranking(page);
  assert.deepEqual(rows.map((r) => r[0]), ['1', '2', '3', '4', '–']);
  assert.match(rows[0][1], /Nuri Soft/);
  assert.match(rows[4][5], /below the threshold of 85 %/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('samples open from the start page and the page is keyboard reachable', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'G-Cloud call-off on quality and price' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
  assert.match(await page.locator('.banner--warning').innerText(), /provisional/);
  const rows = await ranking(page);
  assert.match(rows.find((r) => r[1] === 'Larchfield Software Ltd')[5], /Provisional/);
  // Back to the start page through the breadcrumb.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Bidmark' }).click();
  // Closing asks first: it removes the evaluation from this browser.
  await page.click('#confirm-close-button');
  await page.getByRole('heading', { level: 1, name: 'Score bids with your evaluation panel' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('an evaluator can score and justify with the keyboard alone', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: /^Grace Okafor: 40 of 40 scored/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Score bids' }).waitFor();
  // Into the first criterion's score: the checked radio takes focus; arrows change it.
  const first = '#score-ashdown-ess-ucd-2';
  assert.equal(await page.isChecked(first), true);
  await page.focus(first);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.isChecked('#score-ashdown-ess-ucd-1'), true);
  // Tab leaves the radio group for the justification, where typing replaces the text.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'note-ashdown-ess-ucd');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Partially met: research with caseworkers only.');
  assert.equal(await page.inputValue('#note-ashdown-ess-ucd'), 'Partially met: research with caseworkers only.');
  // Focus is always visible: the focused control has an outline or a box shadow.
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
  });
  assert.equal(ring, true);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Score bids' }).waitFor();
  assert.equal(await page.isChecked('#score-ashdown-ess-ucd-1'), true);
  assert.equal(await page.inputValue('#note-ashdown-ess-ucd'), 'Partially met: research with caseworkers only.');
  assert.deepEqual(errors, []);
});

test('bid and note text that looks like HTML shows as text, in the app and in the report', async () => {
  const { page, errors } = await watchedPage(browser);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const hostile = JSON.parse(fs.readFileSync(sample('dos-outcomes'), 'utf8'));
  hostile.bids[0].supplier = '<img src=x onerror=alert(1)> Ltd';
  hostile.scores[0].note = '<script>alert(2)</script>';
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', { name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostile)) });
  await page.getByRole('button', { name: 'Ranking and breakdowns' }).click();
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
  assert.ok((await page.locator('#ranking').innerText()).includes('<img src=x onerror=alert(1)> Ltd'));
  await page.getByRole('button', { name: '‹ Back to task list' }).click();
  await page.getByRole('button', { name: /Result file, award report/ }).click();
  await page.click('#view-report');
  const report = await page.locator('main.document').innerText();
  assert.ok(report.includes('<img src=x onerror=alert(1)> Ltd'));
  assert.ok(report.includes('<script>alert(2)</script>'));
  assert.equal(await page.locator('main img, main.document script').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});
