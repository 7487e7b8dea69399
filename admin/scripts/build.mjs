// Builds dist/: index.html naming one JS and one CSS bundle by content hash (cached for good by the server).
// No inline script or style anywhere: the admin UI runs under `script-src 'self'; style-src 'self'`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';

const dist = new URL('../dist/', import.meta.url);
const assets = new URL('assets/', dist);
rmSync(dist, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await build({
  entryPoints: ['src/main.tsx'],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: assets.pathname,
  entryNames: 'app-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const js = outputs.find((f) => f.endsWith('.js'));
const css = outputs.find((f) => f.endsWith('.css'));

const icon = new URL('../../server/static/favicon.svg', import.meta.url); // the one Waypost icon, also /favicon.ico
const iconName = `favicon-${createHash('sha256').update(readFileSync(icon)).digest('hex').slice(0, 8)}${extname(icon.pathname)}`;
copyFileSync(icon, new URL(iconName, assets));

const html = readFileSync(new URL('../src/index.html', import.meta.url), 'utf8')
  .replace('{{JS}}', `/admin/assets/${js}`)
  .replace('{{CSS}}', `/admin/assets/${css}`)
  .replace('{{ICON}}', `/admin/assets/${iconName}`);
writeFileSync(new URL('index.html', dist), html);
console.log(`admin/dist: index.html, assets/${js}, assets/${css}`);
