// Builds dist/waypost.js (minified IIFE for the <script> snippet), dist/waypost.esm.js, and
// dist/picker.js (IIFE that waypost.js loads only in a tab the tour editor opened).
// Type declarations come from `tsc` (see the "build" script).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build, transform } from 'esbuild';

// Stylesheets are written readably in .css files and imported as text (`./x.css?raw`, as Vite reads them in the
// tests); the bundle gets them minified by esbuild's CSS minifier.
const cssText = {
  name: 'css-text',
  setup(b) {
    b.onResolve({ filter: /\.css\?raw$/ }, ({ path, resolveDir }) => ({
      path: resolve(resolveDir, path.replace(/\?raw$/, '')),
      namespace: 'css-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'css-text' }, async ({ path }) => {
      const { code } = await transform(await readFile(path, 'utf8'), { loader: 'css', minify: true });
      return { contents: code.trim(), loader: 'text', watchFiles: [path] };
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
  plugins: [cssText],
};

await Promise.all([
  build({ ...common, entryPoints: ['src/global.ts'], format: 'iife', outfile: 'dist/waypost.js' }),
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/waypost.esm.js' }),
  build({ ...common, entryPoints: ['src/picker/index.ts'], format: 'iife', outfile: 'dist/picker.js' }),
]);
