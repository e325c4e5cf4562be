// No network, no injection. The page's policy allows nothing from elsewhere; a whole
// journey makes no request after the app has loaded; text from a bid file that looks
// like HTML or a spreadsheet formula stays text everywhere it is shown or exported; and
// downloaded files are named safely whatever the evaluation calls itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, watchedPage, artifact, root, dist } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const sample = (slug) => JSON.parse(fs.readFileSync(path.join(root, 'samples', `${slug}.json`), 'utf8'));
const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).first().waitFor();

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const saved = artifact(`security-${file.suggestedFilename()}`);
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), text: fs.readFileSync(saved, 'utf8'), bytes: fs.readFileSync(saved) };
}

test('the Content-Security-Policy allows no other origin, no inline script but the hashed loader, and no eval beyond wasm', () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.deepEqual(directives['form-action'], ["'none'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  const script = directives['script-src'];
  assert.deepEqual(script.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
  assert.ok(script.slice(2).every((s) => /^'sha256-[A-Za-z0-9+/]{43}='$/.test(s)), `only hashes beyond self: ${script}`);
  for (const [name, sources] of Object.entries(directives)) {
    for (const s of sources) {
      assert.ok(!/^(https?:|wss?:|\*|'unsafe-inline'|'unsafe-eval'|blob:)/.test(s), `${name} allows ${s}`);
    }
  }
  // Every inline script is one the policy hashes: nothing else could run.
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(inline.length, script.length - 2);
});

test('a whole journey makes no request once the app has loaded', async () => {
  const { page, requests, errors } = await watchedPage(browser);
  const violations = [];
  await page.exposeFunction('cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(server.url);
  await h1(page, 'Score bids with your evaluation panel');
  const loaded = requests.length;
  assert.ok(requests.every((u) => u.startsWith(server.url)), `loaded only from this server: ${requests}`);

  // Open a file, score, moderate, look at every page, export everything.
  await page.setInputFiles('#evaluation-file', path.join(root, 'samples', 'dos-outcomes.json'));
  await h1(page, /Case management alpha/);
  for (const task of ['Evaluation details', 'Criteria and weights', 'Bids', 'Evaluation panel', /^Priya Raman/,
    'Moderate scores and record consensus', 'Ranking and breakdowns', 'Live weights, charts and sensitivity', /Result file, award report/]) {
    if (await page.getByRole('button', { name: '‹ Back to task list' }).count()) {
      await page.getByRole('button', { name: '‹ Back to task list' }).click();
    }
    await page.getByRole('button', { name: task }).first().click();
    await page.locator('h1').first().waitFor();
  }
  for (const id of ['#download-result', '#download-report', '#download-summaries', '#download-csv-results', '#download-csv-scores', '#download-xlsx']) {
    await download(page, () => page.click(id));
  }
  await page.click('#view-report');
  await h1(page, /Award report/);
  await page.getByRole('button', { name: 'Back to export' }).click();
  await download(page, () => page.click('#save-evaluation'));
  assert.deepEqual(requests.slice(loaded), [], 'nothing is fetched or sent after load');
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});

function hostileEvaluation() {
  const e = sample('dos-outcomes');
  e.title = '<b onmouseover=alert(1)>Alpha</b>';
  e.reference = '../../etc/passwd <con>:"|?*';
  e.bids[0].supplier = '<img src=x onerror=alert(1)> Ltd';
  e.bids[1].supplier = '=HYPERLINK("http://evil.example","Click")';
  e.scores[0].note = '<script>alert(2)</script>';
  e.scores[1].note = '@SUM(1+1)*cmd|" /C calc"!A0';
  return e;
}

test('HTML in bid and note text stays text in the app, the report and every assessment summary', async () => {
  const { page, errors } = await watchedPage(browser);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', { name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostileEvaluation())) });
  await h1(page, '<b onmouseover=alert(1)>Alpha</b>');
  await page.getByRole('button', { name: /Result file, award report/ }).click();
  await h1(page, 'Export');
  // Each supplier's summary, as a page.
  await page.getByRole('button', { name: 'View the summary for <img src=x onerror=alert(1)> Ltd' }).click();
  const summary = await page.locator('main.document').innerText();
  assert.ok(summary.includes('<img src=x onerror=alert(1)> Ltd'));
  assert.equal(await page.locator('main.document img, main.document script, main.document b').count(), 0);
  await page.getByRole('button', { name: 'Back to export' }).click();
  // The downloaded summaries and report escape it too.
  for (const id of ['#download-summaries', '#download-report']) {
    const file = await download(page, () => page.click(id));
    assert.ok(!file.text.includes('<img src=x'), `${id}: the tag is escaped`);
    assert.ok(file.text.includes('&lt;img src=x onerror=alert(1)&gt; Ltd'), `${id}: the text is kept`);
    assert.ok(!/<script>alert/.test(file.text) && !/<b onmouseover/.test(file.text), `${id}: no live markup`);
  }
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});

test('formulas in supplier names and notes are neutralised in CSV, and file names are made safe', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', { name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostileEvaluation())) });
  await page.getByRole('button', { name: /Result file, award report/ }).click();
  await h1(page, 'Export');
  const results = await download(page, () => page.click('#download-csv-results'));
  assert.ok(results.text.includes(`'=HYPERLINK(`), 'a leading = is quoted');
  assert.ok(!/(^|[,\n])"?=HYPERLINK/.test(results.text), 'no cell starts with =');
  const scores = await download(page, () => page.click('#download-csv-scores'));
  assert.ok(scores.text.includes(`'@SUM(1+1)`), 'a leading @ is quoted');
  // Every file name is plain: no path, no reserved characters, whatever the reference.
  const names = [results.name, scores.name];
  for (const id of ['#download-result', '#download-xlsx', '#download-summaries', '#save-evaluation']) {
    names.push((await download(page, () => page.click(id))).name);
  }
  for (const name of names) {
    assert.match(name, /^[A-Za-z0-9 ._-]+$/, `${name} is a safe file name`);
    assert.ok(!name.includes('..') && !name.startsWith('.') && name.length <= 120, name);
  }
  assert.deepEqual(errors, []);
});
