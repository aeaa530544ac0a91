import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and kill -9 tests start their own servers; running files in parallel on two cores
    // makes timing-sensitive waits flaky without adding coverage.
    fileParallelism: false,
  },
});
