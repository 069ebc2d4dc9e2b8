import { defineConfig } from '@playwright/test'
import { findChromium } from './test/e2e/support/chromium'

/**
 * Browser tests: the real UI in Chromium against serve mode. Chromium is
 * Playwright's own, $CHROMIUM_PATH, or Debian's /usr/bin/chromium (installed
 * by the global setup when missing and allowed).
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  globalSetup: './test/e2e/support/global-setup.ts',
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: findChromium(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
    }
  }
})
