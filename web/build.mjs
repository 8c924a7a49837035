// Copies the static app (index.html and app/) to a target folder and checks the first-load budget.
// Usage: node web/build.mjs [target]   (default: artifacts/web under the repository root). No dependencies.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 200 * 1024; // gzipped bytes of index.html + app/*
const web = dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ? resolve(process.argv[2]) : join(web, '..', 'artifacts', 'web');

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const served = [join(web, 'index.html'), ...files(join(web, 'app'))];
let raw = 0;
let gz = 0;
for (const f of served) {
  const bytes = readFileSync(f);
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(join(web, 'index.html'), join(target, 'index.html'));
cpSync(join(web, 'app'), join(target, 'app'), { recursive: true });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`web: ${served.length} files, ${kb(raw)} raw, ${kb(gz)} gzipped (budget ${kb(BUDGET)}) → ${target}`);
if (gz > BUDGET) {
  console.error(`web: the gzipped total ${kb(gz)} exceeds the budget of ${kb(BUDGET)}`);
  process.exit(1);
}
