import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test file shares one Chromium across its leaflets; two files at a time suit a 2-core machine. The files run
    // in worker threads that keep their loaded modules from file to file (src/ holds no module-level state to leak):
    // starting and loading cost a few seconds otherwise.
    pool: 'threads',
    maxWorkers: 2,
    isolate: false,
    // No colours in what the command prints, and templates in strict mode: a misspelt variable fails a test.
    env: { NO_COLOR: '1', LEAFLET_STRICT_TEMPLATES: '1' },
    // Two tiers: `unit` (no browser, no process, no network: seconds, for every save; `npm run test:unit`) and `e2e`
    // (the real command line, Chromium, poppler, the HTML checker). `npm test` runs both.
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/integration/**/*.test.ts'] } },
    ],
  },
});
