// What a browser downloads for Bidmark, compressed as a server would send it: the page,
// its wasm, JS and CSS, each gzipped at level 9. bench_browser.mjs counts it the same way.
//   node scripts/download_size.mjs [dist-folder]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Each file the page loads, with its size raw and gzipped. */
export function downloadSize(dist) {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const assets = ['index.html', ...[...html.matchAll(/(?:href|src)="\.?\/?([^"]+\.(?:wasm|js|css))"/g)].map((m) => m[1])];
  const files = [...new Set(assets)].map((name) => {
    const body = fs.readFileSync(path.join(dist, name));
    return { name, raw: body.length, gz: zlib.gzipSync(body, { level: 9 }).length };
  });
  const sum = (key) => files.reduce((n, f) => n + f[key], 0);
  return { files, raw: sum('raw'), gz: sum('gz') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, raw, gz } = downloadSize(path.resolve(process.argv[2] ?? 'dist'));
  for (const f of files) {
    console.log(`${f.name.padEnd(40)} ${String(f.raw).padStart(9)} B  ${String(f.gz).padStart(8)} B gzip`);
  }
  console.log(`${'total'.padEnd(40)} ${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gzip (${(gz / 1024).toFixed(1)} KB)`);
}
