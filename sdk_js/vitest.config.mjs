import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'happy-dom',
    restoreMocks: true,
    unstubGlobals: true,
    // The SDK reports handled failures with console.debug('[waypost]', ...): expected noise here.
    onConsoleLog: (log) => !log.includes('[waypost]'),
  },
});
