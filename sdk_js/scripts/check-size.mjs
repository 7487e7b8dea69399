// The size budget is a test. A page loads dist/waypost.js and the core chunk it imports (with the chunks the core
// imports statically); the tour, banner and help chunks only on pages that show a tour, a banner or help. Each part has a budget, in
// bytes gzipped, counting the chunks it adds to what is already loaded. dist/picker.js is reported too; only
// authors load it, so it has no budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGETS = { core: 6 * 1024, tour: 8 * 1024, help: 5 * 1024, banner: 2 * 1024, survey: 3 * 1024, checklist: 3 * 1024, hotspot: 7 * 1024 };

const dist = (path) => new URL(`../${path}`, import.meta.url);
const gz = (path) => gzipSync(readFileSync(dist(path)), { level: 9 }).length;
const chunks = JSON.parse(readFileSync(dist('dist/chunks.json'), 'utf8'));
const entry = (name) => Object.keys(chunks).find((file) => chunks[file].entryPoint?.endsWith(`/${name}.ts`) || chunks[file].entryPoint === `src/${name}.ts`);
/** The chunk that one of `files` imports dynamically for the entry point `name`. */
const dynamic = (files, name) =>
  [...files].flatMap((f) => chunks[f].imports).find((i) => i.kind === 'dynamic-import' && i.path.includes(`/${name}-`))?.path;

/** The chunk and every chunk it imports statically, but those already loaded. */
function closure(file, loaded) {
  const found = new Set();
  const visit = (f) => {
    if (loaded.has(f) || found.has(f)) return;
    found.add(f);
    chunks[f].imports.filter((i) => i.kind === 'import-statement').forEach((i) => visit(i.path));
  };
  visit(file);
  return found;
}

const core = entry('core');
const coreChunks = closure(core, new Set());
const parts = {
  core: ['dist/waypost.js', ...coreChunks],
  tour: [...closure(dynamic(coreChunks, 'tour'), coreChunks)],
  help: [...closure(dynamic(coreChunks, 'help'), coreChunks)],
  banner: [...closure(dynamic(coreChunks, 'banner'), coreChunks)],
  survey: [...closure(dynamic(coreChunks, 'survey'), coreChunks)],
  checklist: [...closure(dynamic(coreChunks, 'checklist'), coreChunks)],
  hotspot: [...closure(dynamic(coreChunks, 'hotspot'), coreChunks)],
};
let failed = false;
for (const [name, files] of Object.entries(parts)) {
  const size = files.reduce((sum, file) => sum + gz(file), 0);
  const over = size > BUDGETS[name];
  failed ||= over;
  console[over ? 'error' : 'log'](`${over ? 'FAIL' : 'ok'} ${name}: ${size} B gzipped in ${files.length} files (limit ${BUDGETS[name]} B)`);
}
console.log(`   dist/picker.js: ${gz('dist/picker.js')} B gzipped (loaded only in picker and preview tabs)`);
if (failed) process.exit(1);
