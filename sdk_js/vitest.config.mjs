import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import { defineConfig } from 'vitest/config';

// `./x.css?raw` is the stylesheet minified as the build minifies it (scripts/build.mjs), so the tests see the
// bundle's CSS.
const minifiedCss = {
  name: 'minified-css',
  enforce: 'pre',
  async load(id) {
    if (!id.endsWith('.css?raw')) return null;
    const { code } = await transform(await readFile(id.slice(0, -4), 'utf8'), { loader: 'css', minify: true });
    return `export default ${JSON.stringify(code.trim())};`;
  },
};

export default defineConfig({
  plugins: [minifiedCss],
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest empties stylesheet imports unless told to read them; the SDK's are read (as the bundle has them).
    css: { include: [/\.css/] },
    environment: 'happy-dom',
    restoreMocks: true,
    unstubGlobals: true,
    // The SDK reports handled failures with console.debug('[waypost]', ...): expected noise here.
    onConsoleLog: (log) => !log.includes('[waypost]'),
  },
});
