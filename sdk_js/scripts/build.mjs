// Builds dist/waypost.js (minified IIFE for the <script> snippet), dist/waypost.esm.js, and
// dist/picker.js (IIFE that waypost.js loads only in a tab the tour editor opened).
// Type declarations come from `tsc` (see the "build" script).
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

// The stylesheet in src/root.ts is written one rule per line; the bundle needs no line breaks.
const compactCss = {
  name: 'compact-css',
  setup(b) {
    b.onLoad({ filter: /src[\\/]root\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(/(export const CSS = `)([^`]*)`/, (_, head, css) => `${head}${css.replace(/\n/g, '')}\``);
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  minify: true,
  // ES2020 as written (optional chaining, ??) instead of the lowering older engine targets need.
  target: 'es2020',
  legalComments: 'none',
  // Internal property names end with `_` (see src/types.ts); the bundle shortens them. Wire and
  // public names have no trailing `_`, so they are never touched.
  mangleProps: /_$/,
  logLevel: 'warning',
  plugins: [compactCss],
};

await Promise.all([
  build({ ...common, entryPoints: ['src/global.ts'], format: 'iife', outfile: 'dist/waypost.js' }),
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/waypost.esm.js' }),
  build({ ...common, entryPoints: ['src/picker/index.ts'], format: 'iife', outfile: 'dist/picker.js' }),
]);
