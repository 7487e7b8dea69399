// Builds dist/waypost.js (the minified classic script of the snippet) and the chunks it imports (dist/m/), with
// dist/chunks.json (which chunk imports which, for the size check); dist/waypost.esm.js; and dist/picker.js
// (IIFE that the core loads only in a tab the tour editor opened).
// Type declarations come from `tsc` (see the "build" script).
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
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

// The snippet's code is ES module chunks in dist/m/, named by their content: the core, and the tour and help
// chunks it imports on the pages that need them (one build, so the shortened property names agree).
rmSync('dist/m', { recursive: true, force: true });
const split = await build({
  ...common,
  entryPoints: { core: 'src/core.ts' },
  format: 'esm',
  splitting: true,
  outdir: 'dist/m',
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  metafile: true,
});
const core = Object.keys(split.metafile.outputs).find((file) => split.metafile.outputs[file].entryPoint === 'src/core.ts');
writeFileSync('dist/chunks.json', JSON.stringify(split.metafile.outputs, null, 1));

await Promise.all([
  // The classic script a host pastes: it imports the core chunk from beside itself.
  build({ ...common, entryPoints: ['src/global.ts'], format: 'iife', outfile: 'dist/waypost.js', define: { CORE: JSON.stringify(basename(core)) } }),
  // For bundlers (npm): one module with everything.
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/waypost.esm.js' }),
  build({ ...common, entryPoints: ['src/picker/index.ts'], format: 'iife', outfile: 'dist/picker.js' }),
]);
