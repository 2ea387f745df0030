import { defineConfig } from '@playwright/test';
import { testAttach } from './server/testing/backend';

export const E2E_PORT = 7191;
export const E2E_TOKEN = 'e2e-token-7191';
const E2E_STATE = '/tmp/ebpf-dash-e2e-state';
/** A real Prometheus scraping the backend, for the Fleet page. */
const E2E_PROMETHEUS_PORT = 7256;

/** The real backend on the real kernel, driven in Debian's Chromium
 *  (never a downloaded browser). One worker: trace_pipe has one reader. */
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: [
    {
      command: `node --import tsx e2e/prometheus.ts ${E2E_PROMETHEUS_PORT} 127.0.0.1:${E2E_PORT} ${E2E_TOKEN}`,
      url: `http://127.0.0.1:${E2E_PROMETHEUS_PORT}/-/ready`,
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      // A state dir of its own, emptied each run: no XDP rules carried in.
      command:
        `rm -rf ${E2E_STATE} && node scripts/build-server.mjs && node .build/server/main.mjs --port ${E2E_PORT} --state-dir ${E2E_STATE} ` +
        `--attach ${testAttach} --prometheus http://127.0.0.1:${E2E_PROMETHEUS_PORT}`,
      url: `http://127.0.0.1:${E2E_PORT}/api/health`,
      env: { EBPF_DASH_TOKEN: E2E_TOKEN, MALLOC_ARENA_MAX: '2' },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
