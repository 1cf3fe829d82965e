import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests each start Chromium; two at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
