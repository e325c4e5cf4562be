// Shared by the end-to-end journeys: a static server for dist/ on loopback, and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = path.join(root, 'dist');
export const artifacts = path.join(root, 'tests', 'e2e', 'artifacts');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves dist/ on 127.0.0.1 at a free port. */
export async function serve() {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `make build` first');
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.normalize(path.join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Debian's Chromium, headless, with no background traffic. Playwright gives the
 * browser a fresh temporary profile; each `newContext()` is a separate, empty
 * browser session (its own storage), like another person's browser. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic',
    ],
  });
  return {
    browser,
    newContext: (options = {}) => browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options }),
    close: () => browser.close(),
  };
}

/** A page that records every request and every console error or CSP violation. */
export async function watchedPage(context) {
  if (typeof context.newPage !== 'function') context = await context.newContext();
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  // E2E_CONSOLE=1 prints the page's console, to see what a failing journey logged.
  if (process.env.E2E_CONSOLE) page.on('console', (m) => console.error('console:', m.type(), m.text()));
  return { page, requests, errors };
}

export function artifact(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}

/** The ranking table as rows of cell texts. */
export async function ranking(page) {
  return page.$$eval('#ranking tbody tr', (rows) => rows.map((tr) =>
    Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent.trim())));
}

/** Types into a field and leaves it, as a person does (the change is saved on leaving). */
export async function type(page, selector, text) {
  await page.fill(selector, text);
  await page.press(selector, 'Tab');
}

/** Waits for the page's main heading. */
export async function h1(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Adds a criterion on the criteria page and waits for it to be listed. */
export async function addCriterion(page, name, kind, parent = '') {
  await page.fill('#new-criterion-name', name);
  await page.check(`#new-criterion-kind-${kind}`);
  await page.selectOption('#new-criterion-parent', parent);
  await page.click('#add-criterion');
  await page.waitForFunction((n) => Array.from(document.querySelectorAll('input[id^="criterion-"][id$="-name"]')).some((i) => i.value === n), name);
}

/** Clicks something that downloads a file and keeps the file among the artifacts (its
 * name after `prefix`): its path and the name the app suggested. */
export async function download(page, click, prefix = '') {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const name = file.suggestedFilename();
  const where = artifact(`${prefix}${name}`);
  await file.saveAs(where);
  return { path: where, name };
}
