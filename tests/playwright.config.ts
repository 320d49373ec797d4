// Browser tests against the release `hdnd` binary (HDND_BIN, set by
// `cargo xtask test`), in Debian's Chromium: Playwright's own browser
// downloads are not available here.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ADMIN_PASSWORD } from './e2e/fixtures';

/**
 * A port nothing listens on, asked of the system (port 0) in a short child
 * process, since the config is read synchronously. Chosen once in the main
 * process and handed to the workers, which read this config again, through
 * the environment; HDND_PORT, when set, is used as it is.
 */
function freePort(): number {
  const script =
    "const s = require('node:net').createServer();" +
    "s.listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
const port = Number(process.env.HDND_PORT || (process.env.HDND_PORT = String(freePort())));
const binary = process.env.HDND_BIN ?? path.resolve(__dirname, '../target/release/hdnd');
// Each run gets a fresh database; the web server starts once, in the main process.
const dataDir =
  process.env.HDND_E2E_DATA ??
  (process.env.HDND_E2E_DATA = fs.mkdtempSync(path.join(os.tmpdir(), 'hdnd-e2e-')));

export default defineConfig({
  testDir: './e2e',
  outputDir: '../target/playwright/results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1366, height: 768 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-dev-shm-usage',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Creates an account per role and saves each one's signed-in state.
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
  ],
  webServer: {
    env: { ...process.env, HDND_ADMIN_PASSWORD: ADMIN_PASSWORD } as Record<string, string>,
    command: `"${binary}" serve --addr 127.0.0.1:${port} --data-dir "${dataDir}"`,
    // Run from the binary's own folder: it must need nothing else.
    cwd: path.dirname(binary),
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
