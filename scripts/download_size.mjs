// What a browser downloads for Bidmark, compressed as a server would send it: the page,
// its wasm, JS and CSS, each gzipped at level 9 (the same method as bench_browser.mjs).
//   node scripts/download_size.mjs [dist-folder]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve(process.argv[2] ?? 'dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const assets = ['index.html', ...[...html.matchAll(/(?:href|src)="\.?\/?([^"]+\.(?:wasm|js|css))"/g)].map((m) => m[1])];
let raw = 0;
let gz = 0;
for (const a of new Set(assets)) {
  const body = fs.readFileSync(path.join(dist, a));
  const z = zlib.gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gz += z;
  console.log(`${a.padEnd(40)} ${String(body.length).padStart(9)} B  ${String(z).padStart(8)} B gzip`);
}
console.log(`${'total'.padEnd(40)} ${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gzip (${(gz / 1024).toFixed(1)} KB)`);
