// Every page and dialog passes axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules.
// axe is injected with the page's Content-Security-Policy bypassed for this test only:
// the audit script is the test's, not the app's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, root } from './harness.mjs';

const axe = fs.readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function audit(page, where) {
  await page.evaluate(axe);
  const result = await page.evaluate(async (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  const found = result.violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], found.join('\n'));
  return result.passes.length;
}

test('every page and dialog has no WCAG 2.2 A or AA violation', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const h1 = (name) => page.getByRole('heading', { level: 1, name }).first().waitFor();
  let checks = 0;

  await page.goto(server.url);
  await h1('Score bids with your evaluation panel');
  checks += await audit(page, 'start page');

  // An error summary, after a broken file.
  await page.setInputFiles('#evaluation-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
  await page.locator('.error-summary').waitFor();
  checks += await audit(page, 'error summary');

  await page.goto(`${server.url}?sample=dos-outcomes`);
  await h1(/Case management alpha/);
  checks += await audit(page, 'task list');
  const pages = [
    ['Evaluation details', 'Evaluation details'],
    ['Criteria and weights', 'Criteria and weights'],
    ['Bids', 'Bids'],
    ['Evaluation panel', 'Evaluation panel'],
    [/^Priya Raman/, 'Score bids'],
    ['Moderate scores and record consensus', 'Moderate scores'],
    ['Ranking and breakdowns', 'Results'],
    [/Result file, award report/, 'Export'],
    ['Live weights, charts and sensitivity', 'Workshop'],
  ];
  for (const [task, heading] of pages) {
    await page.getByRole('button', { name: 'Bidmark' }).first().waitFor();
    if (await page.getByRole('button', { name: '‹ Back to task list' }).count()) {
      await page.getByRole('button', { name: '‹ Back to task list' }).click();
    }
    await page.getByRole('button', { name: task }).first().click();
    await h1(heading);
    checks += await audit(page, heading);
  }

  // The award report as a page, and a refused edit's error summary.
  await page.getByRole('button', { name: '‹ Back to task list' }).click();
  await page.getByRole('button', { name: /Result file, award report/ }).click();
  await page.click('#view-report');
  await h1(/Award report/);
  checks += await audit(page, 'award report');
  await page.getByRole('button', { name: '‹ Back to task list' }).click();
  await page.getByRole('button', { name: 'Evaluation details' }).click();
  await page.fill('#title', '');
  await page.press('#title', 'Tab');
  await page.locator('#edit-error').waitFor();
  checks += await audit(page, 'edit error summary');

  // The confirmation before closing.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Bidmark' }).click();
  await page.locator('#confirm-close').waitFor();
  checks += await audit(page, 'close confirmation');
  assert.ok(checks > 100, `axe ran its checks (${checks} rules passed)`);
  await context.close();
});

test('every dialog and warning has no WCAG 2.2 A or AA violation', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const h1 = (name) => page.getByRole('heading', { level: 1, name }).first().waitFor();
  const back = () => page.getByRole('button', { name: '‹ Back to task list' }).click();
  let checks = 0;
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await h1(/Case management alpha/);

  // The evaluator's scoresheet is exported; a score given then locks the criteria.
  await page.getByRole('button', { name: /^Priya Raman/ }).click();
  await h1('Score bids');
  const [sheet] = await Promise.all([page.waitForEvent('download'), page.click('#export-scoresheet')]);
  const sheetPath = path.join(root, 'tests', 'e2e', 'artifacts', 'a11y-scoresheet.json');
  await sheet.saveAs(sheetPath);
  // A score changed after the export: the sheet now differs, and importing it asks first.
  await page.locator('input[type=radio][id^="score-"]:not(:checked)').first().check();
  await back();

  // Unlocking the criteria, then removing one.
  await page.getByRole('button', { name: 'Criteria and weights' }).click();
  await h1('Criteria and weights');
  await page.click('#unlock-criteria');
  await page.locator('#unlock-question').waitFor();
  checks += await audit(page, 'unlock question');
  await page.fill('#unlock-reason', 'Clarification 3 changed what the price criterion covers.');
  await page.click('#unlock-confirm');
  await page.click('#criterion-price-remove');
  await page.locator('#criterion-price-remove-confirm').waitFor();
  checks += await audit(page, 'remove criterion confirmation');
  await back();

  // Removing a bid, and a bids file's preview.
  await page.getByRole('button', { name: 'Bids' }).click();
  await h1('Bids');
  await page.click('#bid-ashdown-remove');
  await page.locator('#bid-remove-confirm').waitFor();
  checks += await audit(page, 'remove bid confirmation');
  const bids = { format: 'bidmark/bids', version: 1, bids: [{ id: 'new-co', supplier: 'New Co Ltd', price: '300000' }] };
  await page.setInputFiles('#bids-file', { name: 'bids.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bids)) });
  await page.locator('#bids-preview').waitFor();
  checks += await audit(page, 'bids import preview');
  await back();

  // Replacing an evaluator's scores with their scoresheet.
  await page.getByRole('button', { name: 'Moderate scores and record consensus' }).click();
  await h1('Moderate scores');
  await page.setInputFiles('#scoresheet-file', sheetPath);
  await page.locator('#replace-scoresheet').waitFor();
  checks += await audit(page, 'replace scoresheet question');
  await back();

  // The workshop's presentation.
  await page.getByRole('button', { name: 'Live weights, charts and sensitivity' }).click();
  await h1('Workshop');
  await page.click('#present');
  await page.getByRole('button', { name: 'Leave the presentation' }).waitFor();
  checks += await audit(page, 'workshop presentation');
  await page.click('#present');

  // Another tab changes the evaluation: the warning and its choices.
  const other = await context.newPage();
  await other.goto(server.url);
  // It opens where the first tab was: the workshop.
  await other.getByRole('heading', { level: 1, name: 'Workshop' }).waitFor();
  await other.getByRole('button', { name: '‹ Back to task list' }).click();
  await other.getByRole('button', { name: 'Evaluation details' }).click();
  await other.fill('#title', 'Changed in the other tab');
  await other.press('#title', 'Tab');
  await page.locator('#other-tab').getByText('Another tab holds newer work').waitFor();
  checks += await audit(page, 'another tab holds newer work');
  checks += await audit(other, 'this tab holds the newest work');
  await context.close();

  // The browser's storage is full.
  const full = await browser.newContext({ bypassCSP: true });
  await full.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  const fullPage = await full.newPage();
  await fullPage.goto(`${server.url}?sample=dos-outcomes`);
  await fullPage.locator('#storage-warning').waitFor();
  checks += await audit(fullPage, 'storage full warning');
  await full.close();
  assert.ok(checks > 100, `axe ran its checks (${checks} rules passed)`);
});

test('the pages of a lotted evaluation with a sectioned panel have no WCAG 2.2 A or AA violation', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const h1 = (name) => page.getByRole('heading', { level: 1, name }).first().waitFor();
  let checks = 0;
  await page.goto(`${server.url}?sample=dos-lotted-outcomes`);
  await h1(/Benefits advice service/);
  checks += await audit(page, 'lotted task list, with the lot switcher');
  const pages = [
    ['#/lot/lot-1/details', 'Evaluation details', 'details with lots, fewest scores and blind scoring'],
    ['#/lot/lot-2/panel', 'Evaluation panel', 'panel with assignments and a recusal'],
    ['#/lot/lot-2/scoring/rhian', 'Score bids', 'blind scoring of an assigned evaluator'],
    ['#/lot/lot-1/moderation', 'Moderate scores', 'moderation overview and calibration'],
    ['#/lot/lot-2/results', /Results: Lot 2/, 'results with the awards and the decision form'],
    ['#/lot/lot-1/export/report', /Award report/, 'award report of every lot'],
  ];
  for (const [address, heading, where] of pages) {
    await page.goto(`${server.url}${address}`);
    await h1(heading);
    if (address.endsWith('/panel')) {
      await page.locator('#evaluator-owen-assignment summary').click();
    }
    checks += await audit(page, where);
  }
  // A refused decision: its error summary and the field's message.
  await page.goto(`${server.url}#/lot/lot-1/results`);
  await h1(/Results: Lot 1/);
  await page.click('#record-decision');
  await page.locator('#edit-error').waitFor();
  checks += await audit(page, 'refused decision');
  assert.ok(checks > 50, `axe ran its checks (${checks} rules passed)`);
  await context.close();
});
