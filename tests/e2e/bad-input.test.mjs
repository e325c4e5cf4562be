// Every file of the bad-input corpus (tests/bad/expected.json), opened in the browser the
// way a person would: evaluations and results from the start page, bids files on the
// Bids page, scoresheets in moderation. Each is refused with its expected message (and
// line), and whatever was open before stays open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, watchedPage, artifact, root } from './harness.mjs';

const bad = path.join(root, 'tests', 'bad');
const cases = JSON.parse(fs.readFileSync(path.join(bad, 'expected.json'), 'utf8'));

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The file to offer: from the corpus, or generated (the 50 MB one is never committed). */
function fileFor(c, dir) {
  if (!c.generate) return path.join(bad, c.file);
  assert.equal(c.generate, '50MB');
  const file = path.join(dir, c.file);
  const start = Buffer.from('{"format": "bidmark/evaluation", "version": 1, "title": "');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, start);
  fs.ftruncateSync(fd, 50_000_000);
  fs.closeSync(fd);
  return file;
}

async function expectRefused(page, c, input, file) {
  await page.setInputFiles(input, file);
  const summary = page.locator('.error-summary').filter({ hasText: `${c.file} could not be opened` });
  await summary.waitFor({ timeout: 10_000 }).catch(() => { throw new Error(`${c.file}: no error summary (${c.why})`); });
  const text = await summary.innerText();
  assert.ok(text.includes(c.error), `${c.file}: expected "${c.error}" in:\n${text}`);
  if (c.line != null) assert.ok(text.includes(`Line ${c.line},`), `${c.file}: expected line ${c.line} in:\n${text}`);
  await summary.getByRole('button', { name: 'Dismiss' }).click();
}

test('every bad file is refused in the browser with the error it must produce', async () => {
  assert.ok(cases.length >= 40, `the corpus has ${cases.length} files`);
  const dir = fs.mkdtempSync(path.join(artifact(''), 'bad-'));
  const { page, errors } = await watchedPage(browser);
  const byKind = (k) => cases.filter((c) => c.kind === k);
  const seen = [];

  // Evaluations and result files, from the start page.
  await page.goto(server.url);
  for (const c of [...byKind('evaluation'), ...byKind('result')]) {
    await expectRefused(page, c, '#evaluation-file', fileFor(c, dir));
    seen.push(c.file);
  }
  assert.equal(await page.getByRole('heading', { level: 1, name: 'Score bids with your evaluation panel' }).count(), 1);

  // Bids files on the Bids page of an open evaluation, which stays as it was.
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: 'Bids' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bids' }).waitFor();
  for (const c of byKind('bids')) {
    await expectRefused(page, c, '#bids-file', fileFor(c, dir));
    seen.push(c.file);
  }
  assert.equal(await page.locator('#bids-preview').count(), 0, 'no preview of a refused file');

  // Scoresheets in moderation.
  await page.getByRole('button', { name: '‹ Back to task list' }).click();
  await page.getByRole('button', { name: 'Moderate scores and record consensus' }).click();
  await page.getByRole('heading', { level: 1, name: 'Moderate scores' }).waitFor();
  for (const c of byKind('scoresheet')) {
    await expectRefused(page, c, '#scoresheet-file', fileFor(c, dir));
    seen.push(c.file);
  }
  // Nothing entered was lost: the sample is intact.
  const saved = await page.evaluate(() => {
    window.dispatchEvent(new Event('pagehide')); // saves what is waiting, as leaving the page does
    return JSON.parse(JSON.parse(localStorage.getItem('bidmark.session.v1')).evaluation);
  });
  assert.equal(saved.bids.length, 5);
  assert.equal(saved.scores.length, 120);
  assert.deepEqual(seen.sort(), cases.map((c) => c.file).sort(), 'every kind was tried');
  assert.deepEqual(errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
});
