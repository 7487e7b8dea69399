// Builds dist/waypost.js (minified IIFE for the <script> snippet) and dist/waypost.esm.js.
// Type declarations come from `tsc` (see the "build" script).
import { build } from 'esbuild';

const common = {
  bundle: true,
  minify: true,
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['src/global.ts'], format: 'iife', outfile: 'dist/waypost.js' }),
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/waypost.esm.js' }),
]);
