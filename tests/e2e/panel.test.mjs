// Journey: a whole evaluation with no server. A facilitator sets it up from blank; two
// evaluators, each in their own browser, score and export scoresheets; the moderator
// imports both, resolves the flagged divergences and reads the ranking. Reloading at
// any point loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, watchedPage, artifact, ranking, type, h1, addCriterion } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function reloadAndCheck(page, check) {
  await page.reload();
  await check();
}

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = artifact(file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

async function scoreAs(context, evaluationFile, who, scores) {
  const { page, errors } = await watchedPage(context);
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', evaluationFile);
  await h1(page, 'Website redesign discovery');
  await page.getByRole('button', { name: new RegExp(`^${who}: 0 of 4 scored`) }).click();
  await h1(page, 'Score bids');
  let first = true;
  for (const [bid, cells] of Object.entries(scores)) {
    if (!first) await page.getByRole('button', { name: 'Next bid' }).click();
    first = false;
    await page.getByRole('heading', { level: 2, name: bid === 'acme-digital-ltd' ? 'Acme Digital Ltd' : 'Brightwave Ltd' }).waitFor();
    for (const [criterion, [score, note]] of Object.entries(cells)) {
      await page.check(`#score-${bid}-${criterion}-${score}`);
      await page.fill(`#note-${bid}-${criterion}`, note);
    }
    if (bid === 'acme-digital-ltd') {
      // Reloading in the middle of scoring loses nothing.
      await reloadAndCheck(page, async () => {
        await h1(page, 'Score bids');
        for (const [criterion, [score, note]] of Object.entries(cells)) {
          assert.equal(await page.isChecked(`#score-${bid}-${criterion}-${score}`), true);
          assert.equal(await page.inputValue(`#note-${bid}-${criterion}`), note);
        }
      });
    }
  }
  // Prices are hidden from evaluators while they score.
  assert.match(await page.locator('.scoring-bid').innerText(), /Prices are hidden while you score quality/);
  await page.click('#complete-scoresheet');
  await page.getByText('Scoresheet complete').waitFor();
  await page.screenshot({ path: artifact(`scoring-${who.split(' ')[0].toLowerCase()}.png`), fullPage: true });
  const sheet = await download(page, () => page.click('#export-scoresheet'));
  const json = JSON.parse(fs.readFileSync(sheet, 'utf8'));
  assert.equal(json.format, 'bidmark/scoresheet');
  assert.equal(json.scores.length, 4);
  assert.equal(json.complete, true);
  assert.deepEqual(errors, []);
  return sheet;
}

test('a panel evaluates from blank to a moderated ranking, with nothing lost on reload', async () => {
  // --- The facilitator sets up the evaluation. ---
  const facilitator = await browser.newContext();
  const { page, errors } = await watchedPage(facilitator);
  await page.goto(server.url);
  await page.click('#start-blank');
  await h1(page, 'Evaluation details');
  await type(page, '#title', 'Website redesign discovery');
  await type(page, '#reference', 'DOS6-2026-0101');
  await type(page, '#divergence', '2');
  await page.check('#hide-prices');
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Criteria and weights');
  await addCriterion(page, 'Technical competence', 'group');
  await addCriterion(page, 'Proposal', 'scored', 'technical-competence');
  await addCriterion(page, 'Team', 'scored', 'technical-competence');
  await addCriterion(page, 'Price', 'price');
  await type(page, '#criterion-technical-competence-weight', '70');
  await type(page, '#criterion-proposal-weight', '60');
  await type(page, '#criterion-team-weight', '40');
  await type(page, '#criterion-price-weight', '30');
  await page.screenshot({ path: artifact('editor.png'), fullPage: true });
  // The live sums say the weights are complete.
  assert.doesNotMatch(await page.locator('main').innerText(), /still to give/);
  await reloadAndCheck(page, async () => {
    await h1(page, 'Criteria and weights');
    assert.equal(await page.inputValue('#criterion-proposal-weight'), '60');
  });
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Bids');
  await type(page, '#new-bid-supplier', 'Acme Digital Ltd');
  await page.fill('#new-bid-price', '£100,000');
  await page.getByRole('button', { name: 'Add bid' }).click();
  await page.locator('#bid-acme-digital-ltd-supplier').waitFor();
  await page.fill('#new-bid-supplier', 'Brightwave Ltd');
  await page.fill('#new-bid-price', '120000');
  await page.getByRole('button', { name: 'Add bid' }).click();
  await page.locator('#bid-brightwave-ltd-supplier').waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Evaluation panel');
  for (const [name, role] of [['Priya Shah', 'Service owner'], ['Tom Okafor', 'User researcher']]) {
    await page.fill('#new-evaluator-name', name);
    await page.fill('#new-evaluator-role', role);
    await page.getByRole('button', { name: 'Add evaluator' }).click();
    const id = name.toLowerCase().replace(' ', '-');
    await page.locator(`#evaluator-${id}-name`).waitFor();
    await page.check(`#evaluator-${id}-conflict-no`);
    await page.getByText('Declared: no conflict').nth(name === 'Priya Shah' ? 0 : 1).waitFor();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
  await h1(page, 'Website redesign discovery');
  const tasks = await page.locator('.task-list').innerText();
  assert.match(tasks, /Priya Shah: 0 of 4 scored/);
  assert.match(tasks, /Tom Okafor: 0 of 4 scored/);
  const evaluationFile = await download(page, () => page.click('#save-evaluation'));
  assert.match(evaluationFile, /DOS6-2026-0101 evaluation \d{4}-\d\d-\d\d\.json$/);

  // --- Each evaluator scores alone, in their own browser. ---
  const priyaSheet = await scoreAs(await browser.newContext(), evaluationFile, 'Priya Shah', {
    'acme-digital-ltd': { proposal: ['3', 'Clear discovery plan with named researcher'], team: ['2', 'Team meets the need'] },
    'brightwave-ltd': { proposal: ['1', 'Plan lacks user research'], team: ['2', 'Suitable team'] },
  });
  const tomSheet = await scoreAs(await browser.newContext(), evaluationFile, 'Tom Okafor', {
    'acme-digital-ltd': { proposal: ['1', 'Research plan is generic'], team: ['2', 'Adequate team'] },
    'brightwave-ltd': { proposal: ['3', 'Strong, evidence-based plan'], team: ['3', 'Excellent blended team'] },
  });

  // --- The moderator imports both sheets and resolves the divergences. ---
  await page.getByRole('button', { name: 'Moderate scores and record consensus' }).click();
  await h1(page, 'Moderate scores');
  await page.setInputFiles('#scoresheet-file', [priyaSheet, tomSheet]);
  await page.locator('#scoresheets tr[data-evaluator="tom-okafor"]').getByText('Complete').waitFor();
  await page.locator('#scoresheets tr[data-evaluator="priya-shah"]').getByText('Complete').waitFor();
  await reloadAndCheck(page, async () => {
    await h1(page, 'Moderate scores');
    await page.locator('#scoresheets tr[data-evaluator="tom-okafor"]').getByText('Complete').waitFor();
  });
  await page.check('#flagged-only');
  for (const bid of ['acme-digital-ltd', 'brightwave-ltd']) {
    await page.getByRole('navigation', { name: 'Bids to moderate' }).getByRole('button', { name: bid === 'acme-digital-ltd' ? 'Acme Digital Ltd' : 'Brightwave Ltd' }).click();
    const cell = page.locator(`#moderate-${bid}-proposal`);
    await cell.getByText('Flagged: scores differ by 2').waitFor();
    assert.equal(await page.locator(`#moderate-${bid}-team`).count(), 0, 'only flagged cells are shown');
    if (bid === 'acme-digital-ltd') await page.screenshot({ path: artifact('moderation.png'), fullPage: true });
    // A rationale is required.
    await page.check(`#consensus-${bid}-proposal-2`);
    await cell.getByRole('button', { name: 'Record the consensus score' }).click();
    await page.locator('#edit-error').getByText('Record the rationale for the agreed score.').waitFor();
    await page.fill(`#rationale-${bid}-proposal`, 'Panel agreed the plan meets the need: named researcher, but limited detail on accessibility.');
    await cell.getByRole('button', { name: 'Update the consensus score' }).or(cell.getByRole('button', { name: 'Record the consensus score' })).click();
    await cell.getByText('Consensus recorded').waitFor();
  }

  // --- The results rank the bids on the moderated scores. ---
  await page.getByRole('button', { name: 'See the results' }).click();
  await h1(page, 'Results');
  const rows = await ranking(page);
  // Acme: proposal 2 (consensus) → 28, team mean 2 → 18.67; quality 46.67, price 30.00, total 76.67.
  // Brightwave: proposal 2 → 28, team mean 2.5 → 23.33; quality 51.33, price 100,000 / 120,000 × 30 = 25.00, total 76.33.
  assert.deepEqual(rows.map((r) => r.slice(0, 5)), [
    ['1', 'Acme Digital Ltd', '46.67', '30.00', '76.67'],
    ['2', 'Brightwave Ltd', '51.33', '25.00', '76.33'],
  ]);
  assert.match(rows[0][5], /Final/);
  await reloadAndCheck(page, async () => {
    await h1(page, 'Results');
    assert.deepEqual((await ranking(page)).map((r) => r[4]), ['76.67', '76.33']);
  });

  // The audit log records who did what.
  await page.getByRole('button', { name: 'Website redesign discovery' }).click();
  await page.getByText(/Audit log/).click();
  const audit = await page.locator('#audit-log').innerText();
  assert.match(audit, /Imported the scoresheet from Priya Shah/);
  assert.match(audit, /Recorded the consensus score of Acme Digital Ltd on "Proposal"/);
  assert.match(audit, /Locked the criteria: scoring has started/);
  assert.deepEqual(errors, []);
});
