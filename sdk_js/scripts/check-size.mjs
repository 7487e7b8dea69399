// The size budget is a test: the gzipped snippet bundle (tours and the help widget) must stay
// within 12 KiB. dist/picker.js is reported too; only authors load it, so it has no budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 12 * 1024;

function measure(name) {
  const raw = readFileSync(new URL(`../dist/${name}`, import.meta.url));
  return { raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
}

const main = measure('waypost.js');
const line = `dist/waypost.js: ${main.raw} B minified, ${main.gz} B gzipped (limit ${LIMIT} B)`;
if (main.gz > LIMIT) {
  console.error(`FAIL ${line}`);
  process.exit(1);
}
console.log(`ok ${line}`);
const picker = measure('picker.js');
console.log(`   dist/picker.js: ${picker.raw} B minified, ${picker.gz} B gzipped (loaded only in picker and preview tabs)`);
