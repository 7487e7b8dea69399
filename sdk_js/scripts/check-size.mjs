// The size budget is a test: the gzipped snippet bundle (tours and the help widget) must stay
// within 12 KiB.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 12 * 1024;
const file = new URL('../dist/waypost.js', import.meta.url);
const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 9 }).length;
const line = `dist/waypost.js: ${raw.length} B minified, ${gz} B gzipped (limit ${LIMIT} B)`;
if (gz > LIMIT) {
  console.error(`FAIL ${line}`);
  process.exit(1);
}
console.log(`ok ${line}`);
