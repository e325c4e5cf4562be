// Journey: a real panel. A facilitator sets up two lots with a sectioned panel, an
// evaluator declares a conflict and stands down from a bid, both evaluators score blind
// in their own browsers and send scoresheets, the moderator moderates from the overview
// matrix with the calibration table, records the award decision of each lot and exports
// the result; `bidmark verify` accepts it. Then one score changes, and verify reports
// the approval as stale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, watchedPage, artifact, root, type, h1, addCriterion, download } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A downloaded file's path, named for this journey among the artifacts. */
async function kept(page, click) {
  return (await download(page, click, `lots-${Date.now()}-`)).path;
}

async function addBid(page, supplier) {
  const before = await page.locator('input[id^="bid-"][id$="-supplier"]').count();
  await page.fill('#new-bid-supplier', supplier);
  await page.getByRole('button', { name: 'Add bid' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('input[id^="bid-"][id$="-supplier"]').length === n, before + 1);
}

function lotLink(page, name) {
  return page.getByRole('navigation', { name: 'Lots' }).getByRole('link', { name });
}

/** The command line, built by `make test`'s native step; built here if it is not. */
function bidmark(...args) {
  const exe = path.join(root, 'target', 'debug', 'bidmark');
  if (!fs.existsSync(exe)) execFileSync('cargo', ['build', '--bin', 'bidmark'], { cwd: root, stdio: 'inherit' });
  return spawnSync(exe, args, { encoding: 'utf8' });
}

const LOT1 = 'lot-1';
const LOT2 = 'lot-2-alpha';

/** One evaluator, in their own browser: scores blind, lot by lot, and exports a
 * scoresheet of each lot. `scores` is {lot: {bid: {criterion: [score, note]}}}. */
async function scoreBlind(file, who, id, scores, check) {
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(server.url);
  await page.setInputFiles('#evaluation-file', file);
  await h1(page, 'Benefits advice service');
  const sheets = [];
  for (const [lot, bids] of Object.entries(scores)) {
    await page.goto(`${server.url}#/lot/${lot}/scoring/${id}`);
    await h1(page, 'Score bids');
    await check?.(page, lot);
    const main = await page.locator('main').innerText();
    // Blind: codes, never a supplier's name or a price.
    for (const name of ['Kestrel', 'Moss', 'Wren']) assert.doesNotMatch(main, new RegExp(name), `${who} sees ${name} in ${lot}`);
    assert.match(main, /Scoring is blind/);
    let first = true;
    for (const [bid, cells] of Object.entries(bids)) {
      if (!first) await page.getByRole('button', { name: 'Next bid' }).click();
      first = false;
      for (const [criterion, [score, note]] of Object.entries(cells)) {
        await page.check(`#score-${bid}-${criterion}-${score}`);
        await page.fill(`#note-${bid}-${criterion}`, note);
        await page.press(`#note-${bid}-${criterion}`, 'Tab');
      }
    }
    // The address names the bid by its code, not by an id made from the supplier's name.
    assert.match(page.url(), new RegExp(`#/lot/${lot}/scoring/${id}(/[A-Z]+)?$`));
    await page.screenshot({ path: artifact(`lots-scoring-${id}-${lot}.png`), fullPage: true });
    const sheet = await kept(page, () => page.click('#export-scoresheet'));
    const json = JSON.parse(fs.readFileSync(sheet, 'utf8'));
    assert.equal(json.lot, lot);
    assert.equal(json.blind, true);
    assert.ok(json.scores.every((s) => /^[A-Z]+$/.test(s.bid)), 'bids by code in the sheet');
    assert.doesNotMatch(JSON.stringify(json.scores), /kestrel|moss|wren/i);
    sheets.push(sheet);
  }
  assert.deepEqual(errors, []);
  await context.close();
  return sheets;
}

test('two lots, a sectioned panel, a recusal, blind scoring, moderation and a recorded approval', async () => {
  // --- The facilitator (also the moderator) sets up the evaluation. ---
  const moderator = await browser.newContext();
  const { page, errors } = await watchedPage(moderator);
  await page.goto(server.url);
  await page.click('#start-blank');
  await h1(page, 'Evaluation details');
  await type(page, '#title', 'Benefits advice service');
  await type(page, '#divergence', '2');
  await page.check('#blind-scoring');
  // Dividing into lots: the first lot added makes "Lot 1" as well.
  await page.fill('#new-lot-name', 'Lot 2: Alpha');
  await page.click('#add-lot');
  await page.locator(`#lot-${LOT2}-name`).waitFor();
  await type(page, `#lot-${LOT1}-name`, 'Lot 1: Discovery');
  await lotLink(page, 'Lot 1: Discovery').waitFor();
  await type(page, '#award-limit', '1');
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Criteria and weights');
  await addCriterion(page, 'Technical competence', 'group');
  await addCriterion(page, 'Proposal', 'scored', 'technical-competence');
  await addCriterion(page, 'Social value', 'scored');
  await type(page, '#criterion-technical-competence-weight', '70');
  await type(page, '#criterion-proposal-weight', '100');
  await type(page, '#criterion-social-value-weight', '30');
  await page.getByRole('button', { name: 'Continue' }).click();

  await h1(page, 'Bids');
  await addBid(page, 'Kestrel Ltd');
  await addBid(page, 'Moss Ltd');
  await lotLink(page, 'Lot 2: Alpha').click();
  await page.waitForURL(new RegExp(`#/lot/${LOT2}/bids$`));
  assert.equal(await page.locator('input[id^="bid-"][id$="-supplier"]').count(), 0, 'Lot 2 starts with no bids');
  await addBid(page, 'Kestrel Ltd');
  await addBid(page, 'Wren Ltd');
  // The same supplier in two lots: Lot 2's bid has an id of its own.
  await page.locator(`#bid-kestrel-ltd-${LOT2}-supplier`).waitFor();
  // Back returns to Lot 1's bids.
  await page.goBack();
  await page.waitForURL(new RegExp(`#/lot/${LOT1}/bids$`));
  await page.locator('#bid-moss-ltd-supplier').waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();

  // --- A sectioned panel: Priya scores the technical questions only; Sam everything. ---
  await h1(page, 'Evaluation panel');
  for (const name of ['Priya Shah', 'Sam Lee']) {
    await page.fill('#new-evaluator-name', name);
    await page.getByRole('button', { name: 'Add evaluator' }).click();
    await page.locator(`#evaluator-${name.toLowerCase().replace(' ', '-')}-name`).waitFor();
  }
  await page.check('#evaluator-sam-lee-conflict-no');
  await page.locator('#evaluator-priya-shah-assignment summary').click();
  await page.check('#assign-priya-shah-criterion-technical-competence');
  await page.click('#assign-priya-shah-save');
  await page.locator('#evaluator-priya-shah-assignment summary').getByText('What Priya Shah scores: Technical competence').waitFor();
  // Priya declares a conflict with Moss Ltd, and stands down from its bid.
  await page.check('#evaluator-priya-shah-conflict-yes');
  await page.fill('#evaluator-priya-shah-detail', 'Worked at Moss Ltd until 2025; does not score its bid.');
  await page.click('#evaluator-priya-shah-save-declaration');
  await page.locator('#recuse-priya-shah-moss-ltd').check();
  await page.click('#recuse-priya-shah-save');
  await page.locator('#recuse-priya-shah-moss-ltd:checked').waitFor();
  await page.screenshot({ path: artifact('lots-panel.png'), fullPage: true });
  const evaluationFile = await kept(page, () => page.click('#save-evaluation'));
  const saved = JSON.parse(fs.readFileSync(evaluationFile, 'utf8'));
  assert.deepEqual(saved.lots.map((l) => l.name), ['Lot 1: Discovery', 'Lot 2: Alpha']);
  assert.deepEqual(saved.evaluators[0].declaration.bids, ['moss-ltd']);
  assert.equal(saved.workflow.blind, true);

  // --- Each evaluator scores blind, in their own browser. ---
  const priya = await scoreBlind(evaluationFile, 'Priya Shah', 'priya-shah', {
    [LOT1]: { 'kestrel-ltd': { proposal: ['3', 'Named researcher and a plan for each phase'] } },
    [LOT2]: {
      [`kestrel-ltd-${LOT2}`]: { proposal: ['3', 'Strong delivery plan'] },
      'wren-ltd': { proposal: ['2', 'Meets the need'] },
    },
  }, async (p, lot) => {
    if (lot !== LOT1) return;
    // Moss's bid is gone from Priya's scoring: one bid only, and no social value question.
    const nav = await p.getByRole('navigation', { name: 'Bids to score' }).innerText();
    assert.match(nav, /Bid A/);
    assert.doesNotMatch(nav, /Bid B/);
    assert.doesNotMatch(await p.locator('main').innerText(), /Social value/);
  });
  const sam = await scoreBlind(evaluationFile, 'Sam Lee', 'sam-lee', {
    [LOT1]: {
      'kestrel-ltd': { proposal: ['1', 'Generic plan'], 'social-value': ['2', 'Local apprenticeships'] },
      'moss-ltd': { proposal: ['2', 'Sound plan'], 'social-value': ['1', 'Little committed'] },
    },
    [LOT2]: {
      [`kestrel-ltd-${LOT2}`]: { proposal: ['3', 'Excellent'], 'social-value': ['3', 'Strong commitments'] },
      'wren-ltd': { proposal: ['2', 'Adequate'], 'social-value': ['1', 'Little committed'] },
    },
  });

  // --- The moderator imports the four scoresheets: each goes to its lot. ---
  await page.goto(`${server.url}#/lot/${LOT1}/moderation`);
  await h1(page, 'Moderate scores');
  await page.setInputFiles('#scoresheet-file', [...priya, ...sam]);
  await page.getByText(/Scoresheet from Sam Lee imported/).waitFor();
  await page.goto(`${server.url}#/lot/${LOT1}/moderation`);
  await h1(page, 'Moderate scores');
  // The overview matrix: Kestrel's proposal (3 and 1) is flagged, in words.
  const overview = page.locator('#overview');
  await overview.waitFor();
  assert.match(await overview.innerText(), /Discuss/);
  // The calibration table lists both evaluators.
  const calibration = await page.locator('#calibration').innerText();
  assert.match(calibration, /Priya Shah/);
  assert.match(calibration, /Sam Lee/);
  await page.screenshot({ path: artifact('lots-moderation.png'), fullPage: true });
  await overview.getByRole('link', { name: /Discuss/ }).first().click();
  await page.waitForURL(new RegExp(`#/lot/${LOT1}/moderation/kestrel-ltd$`));
  const cell = page.locator('#moderate-kestrel-ltd-proposal');
  await page.check('#consensus-kestrel-ltd-proposal-2');
  await page.fill('#rationale-kestrel-ltd-proposal', 'Panel agreed the plan meets the need: named researcher, limited detail.');
  await cell.getByRole('button', { name: 'Record the consensus score' }).click();
  await cell.getByText('Consensus recorded').waitFor();

  // --- Results per lot, the awards across lots, and the recorded decisions. ---
  await page.goto(`${server.url}#/lot/${LOT1}/results`);
  await h1(page, 'Results: Lot 1: Discovery');
  const awards = await page.locator('#awards').innerText();
  // Lot 1: Kestrel 70 × 2/3 + 30 × 2/3 = 66.67 v Moss 46.67 + 10 = 56.67. Lot 2: Kestrel
  // 70 + 30 = 100 v Wren 46.67 + 10 = 56.67, but Kestrel has won Lot 1 and the limit is 1.
  assert.match(awards, /Lot 1: Discovery goes to Kestrel Ltd, ranked first/);
  assert.match(awards, /Kestrel Ltd ranked higher but has already been awarded 1 lot \(Lot 1: Discovery\)/);
  assert.match(awards, /Lot 2: Alpha goes to Wren Ltd/);
  for (const [lot, name] of [[LOT1, 'Lot 1: Discovery'], [LOT2, 'Lot 2: Alpha']]) {
    await page.goto(`${server.url}#/lot/${lot}/results`);
    await h1(page, `Results: ${name}`);
    await page.fill('#approver', 'Jo Hart');
    await page.fill('#approver-role', 'Head of Commercial');
    await page.fill('#approval-date', '2026-11-30');
    await page.click('#record-decision');
    await page.locator('#decisions').getByText('Stands: names this result').waitFor();
  }
  await page.screenshot({ path: artifact('lots-results.png'), fullPage: true });

  // --- The result file verifies, approvals and all. ---
  await page.goto(`${server.url}#/lot/${LOT1}/export`);
  await h1(page, 'Export');
  const resultFile = await kept(page, () => page.click('#download-result'));
  const ok = bidmark('verify', resultFile);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^verified: Benefits advice service/);
  assert.equal((ok.stdout.match(/^approval: .* holds/gm) || []).length, 2, ok.stdout);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  assert.deepEqual(result.results.lots.map((l) => l.lot), [LOT1, LOT2]);
  assert.deepEqual(result.results.awards.map((a) => a.winner), ['kestrel-ltd', 'wren-ltd']);

  // --- One score changes after the approval: verify says the approval is stale. ---
  await page.goto(`${server.url}#/lot/${LOT2}/scoring/sam-lee/B`);
  await h1(page, 'Score bids');
  await page.check('#score-wren-ltd-social-value-2');
  await page.locator('#decision').count();
  await page.goto(`${server.url}#/lot/${LOT2}/results`);
  await page.locator('#decisions').getByText('Stale: the result has changed since').waitFor();
  await page.goto(`${server.url}#/lot/${LOT2}/export`);
  const staleFile = await kept(page, () => page.click('#download-result'));
  const stale = bidmark('verify', staleFile);
  assert.equal(stale.status, 1);
  assert.match(stale.stdout, /STALE approval: .*is stale/);
  assert.match(stale.stdout, /Sam Lee scored Bid B|Sam Lee scored Wren Ltd/);
  assert.deepEqual(errors, []);
});
