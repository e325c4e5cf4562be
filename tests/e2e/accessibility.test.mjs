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
