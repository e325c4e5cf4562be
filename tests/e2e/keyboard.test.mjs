// A keyboard-only journey: no mouse from the start page to a moderated result. Every
// control reached with Tab shows where focus is, and an error summary's link puts the
// cursor in the field it is about.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchedPage, artifact } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** What has focus, and whether it visibly shows it (outline, ring or focus colour). */
function active(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
    const ring = s.boxShadow !== 'none';
    const colour = s.backgroundColor === 'rgb(255, 221, 0)';
    return {
      id: el.id, tag: el.tagName, type: el.type ?? '', checked: !!el.checked,
      text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' '),
      visible: el === document.body || outline || ring || colour,
    };
  });
}

/** Presses Tab until focus is on what `wanted` accepts; every stop must show focus. */
async function tabTo(page, wanted, what) {
  const stops = [];
  for (let i = 0; i < 400; i += 1) {
    await page.keyboard.press('Tab');
    const a = await active(page);
    stops.push(a.id || a.text.slice(0, 30));
    assert.ok(a.visible, `focus is visible on ${a.tag} "${a.id || a.text.slice(0, 40)}"`);
    if (wanted(a)) return a;
  }
  throw new Error(`Tab never reached ${what}; stops: ${stops.slice(-20).join(' | ')}`);
}

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const named = (text) => (a) => a.text.startsWith(text);

test('a panel member scores and moderates with the keyboard alone', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(server.url);
  await h1(page, 'Score bids with your evaluation panel');
  // The first Tab offers the skip link.
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).text, 'Skip to main content');

  await tabTo(page, named('Digital Outcomes: case management alpha'), 'the DOS sample');
  await page.keyboard.press('Enter');
  await h1(page, /Case management alpha/);

  // Scoring: a radio group is one Tab stop; arrows choose; the note is typed.
  await tabTo(page, named('Priya Raman'), 'Priya Raman\'s scoresheet');
  await page.keyboard.press('Enter');
  await h1(page, 'Score bids');
  const radio = await tabTo(page, (a) => a.type === 'radio' && a.id.startsWith('score-'), 'the first score');
  const group = radio.id.replace(/-[^-]+$/, '');
  await page.keyboard.press('ArrowRight');
  const chosen = await active(page);
  assert.notEqual(chosen.id, radio.id, 'the arrow key moved to the next score');
  assert.ok(chosen.checked && chosen.id.startsWith(group));
  const note = await tabTo(page, (a) => a.tag === 'TEXTAREA' && a.id.startsWith('note-'), 'the justification');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Typed without a mouse: strong evidence of casework research.');
  await tabTo(page, named('Next bid'), 'Next bid');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: 'Fernhill Consulting Ltd' }).waitFor();
  await tabTo(page, named('‹ Back to task list'), 'the task list');
  await page.keyboard.press('Enter');
  await h1(page, /Case management alpha/);

  // The score and note were kept.
  await tabTo(page, named('Priya Raman'), 'Priya Raman\'s scoresheet again');
  await page.keyboard.press('Enter');
  await h1(page, 'Score bids');
  assert.equal(await page.isChecked(`#${chosen.id}`), true);
  assert.equal(await page.inputValue(`#${note.id}`), 'Typed without a mouse: strong evidence of casework research.');
  await tabTo(page, named('‹ Back to task list'), 'the task list');
  await page.keyboard.press('Enter');

  // Moderation: choose the agreed score, write the rationale, record it.
  await tabTo(page, named('Moderate scores and record consensus'), 'moderation');
  await page.keyboard.press('Enter');
  await h1(page, 'Moderate scores');
  // Nothing on the first bid is flagged: the consensus form is offered folded away.
  await tabTo(page, named('Record an agreed score anyway'), 'the offer of an agreed score');
  await page.keyboard.press('Enter');
  const agreed = await tabTo(page, (a) => a.type === 'radio' && a.id.startsWith('consensus-'), 'the agreed score');
  const cell = agreed.id.replace(/^consensus-/, '').replace(/-[^-]+$/, '');
  // Record without a rationale first: the error summary takes focus and links to the field.
  await page.keyboard.press('Space');
  await tabTo(page, named('Record the consensus score'), 'Record');
  await page.keyboard.press('Enter');
  await page.locator('#edit-error').waitFor();
  assert.equal((await active(page)).id, 'edit-error', 'the error summary has focus');
  const link = await tabTo(page, named('Record the rationale'), 'the error link');
  assert.equal(link.tag, 'A');
  await page.keyboard.press('Enter');
  const field = await active(page);
  assert.equal(field.id, `rationale-${cell}`, 'the link put the cursor in the rationale');
  await page.keyboard.type('Agreed by the panel after discussion: relevant example, outcome measured.');
  await tabTo(page, (a) => a.text === 'Record the consensus score' || a.text === 'Update the consensus score', 'Record');
  await page.keyboard.press('Enter');
  await page.locator(`#moderate-${cell}`).getByText('Consensus recorded').waitFor();
  await page.screenshot({ path: artifact('keyboard-moderation.png') });

  await tabTo(page, named('See the results'), 'the results');
  await page.keyboard.press('Enter');
  await h1(page, 'Results');
  assert.ok(await page.locator('#ranking tbody tr').count() >= 5);
  assert.deepEqual(errors, []);
});

test('each kind of error summary link puts the cursor in its field', async () => {
  const { page, errors } = await watchedPage(browser);
  await page.goto(`${server.url}?sample=dos-outcomes`);
  await page.getByRole('button', { name: 'Evaluation details' }).click();
  await h1(page, 'Evaluation details');
  // A text field.
  await page.fill('#title', '');
  await page.keyboard.press('Tab');
  await page.locator('#edit-error').waitFor();
  await page.locator('#edit-error a').click();
  assert.equal((await active(page)).id, 'title');
  // The title typed is kept for correcting, not lost.
  await page.keyboard.type('Corrected title');
  await page.keyboard.press('Tab');
  await page.locator('#edit-error').waitFor({ state: 'detached' });
  // A number in a table of weights.
  await page.getByRole('button', { name: '‹ Back to task list' }).click();
  await page.getByRole('button', { name: 'Criteria and weights' }).click();
  await h1(page, 'Criteria and weights');
  const weight = page.locator('input[id$="-weight"]').first();
  const weightId = await weight.getAttribute('id');
  await weight.fill('forty');
  await weight.press('Tab');
  await page.locator('#edit-error').waitFor();
  const href = await page.locator('#edit-error a').getAttribute('href');
  assert.equal(href, `#${weightId}`);
  await page.locator('#edit-error a').click();
  assert.equal((await active(page)).id, weightId);
  assert.deepEqual(errors, []);
});
