// Nothing is lost: a reload in the middle of scoring or moderation brings back every
// score, note, choice and half-written rationale; two tabs on one evaluation never
// overwrite each other silently, and each says which holds the newest work; a file too
// large is refused from its size alone, and a large one shows progress while it is read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, watchedPage, artifact, root } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const TITLE = 'Case management alpha - Office of the Independent Licensing Adjudicator';

test('a reload in the middle of scoring keeps every score and note typed so far', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: /^Priya/ }).first().click();
  await h1(page, 'Score bids');
  const radio = page.locator('input[type=radio][id^="score-"]:not(:checked)').first();
  const id = await radio.getAttribute('id');
  await radio.check();
  const note = page.locator('textarea[id^="note-"]').first();
  const noteId = await note.getAttribute('id');
  // Typed, not yet left: the note is kept as it is typed.
  await note.fill('Half a justification, still being wri');
  await page.reload();
  await h1(page, 'Score bids');
  assert.equal(await page.isChecked(`#${id}`), true);
  assert.equal(await page.inputValue(`#${noteId}`), 'Half a justification, still being wri');
  assert.deepEqual(errors, []);
});

test('a reload in the middle of moderation keeps recorded consensus and an unrecorded one being written', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: 'Moderate scores and record consensus' }).click();
  await h1(page, 'Moderate scores');
  const cells = page.locator('.moderate-cell[id^="moderate-"]');
  const first = cells.nth(0);
  const second = cells.nth(1);
  const firstId = await first.getAttribute('id');
  const secondId = await second.getAttribute('id');
  // Nothing on the first bid is flagged: each form is offered folded away, and opened.
  await first.getByText('Record an agreed score anyway').click();
  // The first is agreed and recorded.
  await first.locator('input[type=radio]').nth(2).check();
  await first.locator('textarea').fill('Agreed at 2: the example is relevant but the outcome is not measured.');
  await first.getByRole('button', { name: 'Record the consensus score' }).click();
  await first.getByText('Consensus recorded').waitFor();
  // The second is chosen and half-written when the page reloads.
  await second.getByText('Record an agreed score anyway').click();
  const secondRadio = await second.locator('input[type=radio]').nth(1).getAttribute('id');
  await second.locator('input[type=radio]').nth(1).check();
  await second.locator('textarea').fill('The panel is still discussing whether');
  await page.reload();
  await h1(page, 'Moderate scores');
  await page.locator(`#${firstId}`).getByText('Consensus recorded').waitFor();
  assert.equal(await page.locator(`#${firstId} textarea`).inputValue(), 'Agreed at 2: the example is relevant but the outcome is not measured.');
  assert.equal(await page.isChecked(`#${secondRadio}`), true);
  assert.equal(await page.locator(`#${secondId} textarea`).inputValue(), 'The panel is still discussing whether');
  assert.equal(await page.locator(`#${secondId}`).getByText('Consensus recorded').count(), 0, 'a draft is not a record');
  assert.deepEqual(errors, []);
});

/** The autosaved title and revision, as the browser holds them. */
async function stored(page) {
  return page.evaluate(() => {
    // Saves wait a moment after a change; leaving the page saves at once.
    window.dispatchEvent(new Event('pagehide'));
    const head = JSON.parse(localStorage.getItem('bidmark.session.v1.head'));
    const saved = JSON.parse(localStorage.getItem('bidmark.session.v1'));
    return { head, title: JSON.parse(saved.evaluation).title };
  });
}

async function setTitle(page, title) {
  if (!(await page.locator('#title').count())) {
    await page.getByRole('button', { name: 'Evaluation details' }).click();
    await h1(page, 'Evaluation details');
  }
  await page.fill('#title', title);
  await page.press('#title', 'Tab');
}

test('two tabs on one evaluation: each is told, the newest work is named, and nothing is overwritten', async () => {
  const context = await browser.newContext();
  const a = await watchedPage(context);
  await a.page.goto(`${server.url}?sample=dos-outcomes`);
  await h1(a.page, TITLE);
  // The same evaluation opens in a second tab, from what the first saved.
  const b = await watchedPage(context);
  await b.page.goto(server.url);
  await h1(b.page, TITLE);
  for (const tab of [a.page, b.page]) {
    const banner = tab.locator('#other-tab');
    await banner.getByText('This evaluation is also open in another tab').waitFor();
    assert.match(await banner.innerText(), /Both tabs hold the same work/);
  }

  // Tab B changes the title: B holds the newest work, and A is told at once.
  await setTitle(b.page, 'Alpha - changed in tab B');
  await b.page.locator('#other-tab').getByText('This tab holds the newest work').waitFor();
  const warning = a.page.locator('#other-tab');
  await warning.getByText('Another tab holds newer work').waitFor();
  assert.match(await warning.innerText(), /was changed in another tab of this browser at \d\d:\d\d:\d\d UTC\. That tab holds the newest work\./);
  assert.equal(await warning.getAttribute('role'), 'alert');
  await a.page.screenshot({ path: artifact('two-tabs.png'), fullPage: true });

  // Tab A's own change is not saved over B's work.
  await setTitle(a.page, 'Alpha - changed in tab A');
  assert.equal((await stored(a.page)).title, 'Alpha - changed in tab B');

  // A chooses to load the newest work: B's title arrives in A.
  await a.page.click('#other-tab-load');
  await a.page.getByRole('heading', { level: 1, name: 'Evaluation details' }).waitFor();
  assert.equal(await a.page.inputValue('#title'), 'Alpha - changed in tab B');
  assert.match(await a.page.locator('#other-tab').innerText(), /Both tabs hold the same work/);

  // Now A changes it and saves; then B's stale change is held back until B chooses.
  await setTitle(a.page, 'Alpha - final from tab A');
  await a.page.locator('#other-tab').getByText('This tab holds the newest work').waitFor();
  await b.page.locator('#other-tab').getByText('Another tab holds newer work').waitFor();
  await setTitle(b.page, 'Alpha - stale edit in B');
  assert.equal((await stored(b.page)).title, 'Alpha - final from tab A');
  // B keeps its own work after all: it replaces A's, and A is told.
  await b.page.click('#other-tab-keep');
  await b.page.locator('#other-tab').getByText('This tab holds the newest work').waitFor();
  assert.equal((await stored(b.page)).title, 'Alpha - stale edit in B');
  await a.page.locator('#other-tab').getByText('Another tab holds newer work').waitFor();
  assert.deepEqual([...a.errors, ...b.errors], []);
  await context.close();
});

test('a sample opened over saved work does not replace it until asked', async () => {
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await setTitle(page, 'My real evaluation');
  await page.close();
  // Later, a sample link in a new tab: the saved work is named, and kept.
  const later = await watchedPage(context);
  await later.page.goto(`${server.url}?sample=gcloud-call-off`);
  const banner = later.page.locator('#other-tab');
  await banner.getByText('This browser holds other saved work').waitFor();
  assert.match(await banner.innerText(), /"My real evaluation" was saved in this browser at/);
  assert.equal((await stored(later.page)).title, 'My real evaluation');
  await later.page.getByRole('button', { name: 'Open that work in this tab' }).click();
  await h1(later.page, 'Evaluation details');
  assert.equal(await later.page.inputValue('#title'), 'My real evaluation');
  assert.deepEqual([...errors, ...later.errors], []);
  await context.close();
});

test('a file over the size limit is refused unread; a large one shows progress while it is read', async () => {
  const dir = fs.mkdtempSync(path.join(artifact(''), 'big-'));
  // 50,000,000 bytes: refused from its size, before anything is read.
  const huge = path.join(dir, 'huge.json');
  const fd = fs.openSync(huge, 'w');
  fs.ftruncateSync(fd, 50_000_000);
  fs.closeSync(fd);
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', huge);
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /The file is 47\.7 MB and Bidmark opens files of up to 32 MB/);

  // About 9 MB and valid: read in slices with progress, then checked and opened.
  const sample = JSON.parse(fs.readFileSync(path.join(root, 'samples', 'dos-outcomes.json'), 'utf8'));
  sample.scores[0].note = 'A long justification. '.repeat(400_000);
  const big = path.join(dir, 'large-evaluation.json');
  fs.writeFileSync(big, JSON.stringify(sample, null, 2));
  await page.evaluate(() => {
    window.progressSeen = [];
    const status = document.getElementById('evaluation-file-progress');
    new MutationObserver(() => window.progressSeen.push(status.textContent))
      .observe(status, { childList: true, subtree: true, characterData: true });
  });
  await page.setInputFiles('#evaluation-file', big);
  await h1(page, TITLE);
  const seen = await page.evaluate(() => window.progressSeen);
  assert.ok(seen.some((t) => /^Reading large-evaluation\.json: \d+(\.\d)? MB of 8\.\d MB$/.test(t)), `progress shown: ${JSON.stringify(seen)}`);
  assert.ok(seen.some((t) => t.startsWith('Checking large-evaluation.json (8.')), `checking shown: ${JSON.stringify(seen)}`);
  assert.deepEqual(errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('text being typed survives the page being drawn again before the field is left', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: 'Evaluation details' }).click();
  await h1(page, 'Evaluation details');
  // Typed, not yet left (no change event yet).
  await page.fill('#reference', 'REF-typed-not-left');
  // Another tab announces it has the same evaluation open: this page is drawn again,
  // with a banner, while the field is still being typed in.
  await page.waitForFunction(() => localStorage.getItem('bidmark.session.v1.head'));
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('bidmark.session.v1.head')).id);
  await page.evaluate((id) => window.dispatchEvent(new StorageEvent('storage', {
    key: 'bidmark.presence.v1',
    newValue: JSON.stringify({ tab: 'tab-elsewhere', id, at: '2026-11-26T00:00:00Z', reply: true, nonce: 'n1' }),
  })), id);
  await page.getByText('Both tabs hold the same work for now.').waitFor();
  assert.equal(await page.inputValue('#reference'), 'REF-typed-not-left');
  // Leaving the field makes the change.
  await page.press('#reference', 'Tab');
  assert.equal(await page.inputValue('#reference'), 'REF-typed-not-left');
  assert.deepEqual(errors, []);
});
