import { defineConfig } from '@playwright/test';

/** One project per browser: the report names the browser of every test ("[chromium]", "[firefox-esr]"). */
export default defineConfig({
  testDir: '.',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results',
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'chromium', testMatch: '*.spec.ts', testIgnore: 'firefox.spec.ts' },
    // Firefox ESR through WebDriver BiDi: the Firefox build as a temporary add-on (tests/support/firefox.ts).
    { name: 'firefox-esr', testMatch: 'firefox.spec.ts' },
  ],
});
