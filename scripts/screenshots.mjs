// Takes the screenshots in docs/screenshots/ from the built site (make screenshots).
import { serve, launch, watchedPage, root } from '../tests/e2e/harness.mjs';
import path from 'node:path';

const out = (name) => path.join(root, 'docs', 'screenshots', name);
const server = await serve();
const browser = await launch();
const { page } = await watchedPage(browser);
const go = async (label) => {
  await page.getByRole('button', { name: label }).first().click();
};

await page.goto(`${server.url}?sample=dos-outcomes`);
await page.getByRole('heading', { level: 1 }).first().waitFor();
await page.screenshot({ path: out('task-list.png'), fullPage: true });

await go('Criteria and weights');
await page.getByRole('heading', { level: 1, name: 'Criteria and weights' }).waitFor();
await page.screenshot({ path: out('editor.png') });

await go('‹ Back to task list');
await go(/^Priya Raman/);
await page.locator('.score-cell').first().waitFor();
await page.locator('.score-cell').first().scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollBy(0, -250));
await page.screenshot({ path: out('scoring.png') });

await go('‹ Back to task list');
await go('Moderate scores and record consensus');
await page.getByRole('navigation', { name: 'Bids to moderate' }).getByRole('button', { name: 'Tidewell Digital Ltd' }).click();
await page.check('#flagged-only');
await page.locator('.moderate-cell--flagged').first().scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollBy(0, -120));
await page.screenshot({ path: out('moderation.png') });

await go('‹ Back to task list');
await go('Ranking and breakdowns');
await page.getByText('Ashdown Digital Ltd: how was 80.53 calculated?').click();
await page.screenshot({ path: out('results.png'), fullPage: true });

await browser.close();
await server.close();
console.log('screenshots written to docs/screenshots/');
