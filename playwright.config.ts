import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * E2E against the real custom server, compiled (production build: run `next build` first, as `npm run e2e` does) and
 * Debian's Chromium (Playwright cannot download its own browser here). The shared server runs on E2E_PORT;
 * specs that restart a server start their own (e2e/support.ts `startServer`) on other ports.
 */
const PORT = Number(process.env.E2E_PORT ?? 3107);
// One fresh results folder per test session; exported so specs (and global setup) can write runs there too.
process.env.E2E_RESULTS_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'picard-e2e-'));

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // Compiles first (lib/testing/entries.ts): this session's server, CLI runs and global setup use the current source.
    command: 'node lib/build/compile.mjs && node --enable-source-maps .build/server.mjs',
    env: {
      NODE_ENV: process.env.E2E_DEV ? 'development' : 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      PICARD_RESULTS_DIR: process.env.E2E_RESULTS_DIR,
    },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
