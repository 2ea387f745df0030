/**
 * The token stays with this origin: another listener on the same host
 * (a different port, anyone's) gets nothing from the browser that holds
 * the dashboard's session, and the session survives navigating away and
 * back in the same tab, and a restart of the backend.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { E2E_TOKEN } from '../playwright.config';
import { startBackend } from '../server/testing/backend';

test('another port on 127.0.0.1 receives no credential of the dashboard', async ({ page }) => {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByTestId('conn-status')).toContainText('live');

  const seen: http.IncomingHttpHeaders[] = [];
  const other = http.createServer((req, res) => {
    seen.push(req.headers);
    res.end('<title>someone else</title>');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  try {
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    await expect(page).toHaveTitle('someone else');
    expect(seen.length).toBeGreaterThan(0);
    for (const headers of seen) {
      expect(JSON.stringify(headers)).not.toContain(E2E_TOKEN);
      expect(headers.cookie).toBeUndefined();
    }
  } finally {
    other.close();
  }

  // Back in the same tab, without the token in the address: still signed in.
  await page.goto('/');
  await expect(page.getByTestId('conn-status')).toContainText('live');
});

test('without the token the page says what to open', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText(/open the link the server printed/).first()).toBeVisible();
});

test('a tab reconnects by itself when the backend restarts with no token given: it keeps its own', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-e2e-restart-'));
  const recording = path.join(dir, 'empty.log');
  fs.writeFileSync(recording, '');
  // As npm start runs it: no token given (the harness's taken away).
  const start = () =>
    startBackend(7198, ['--replay', recording, '--speed', '0', '--state-dir', path.join(dir, 'state')], ['env', '-u', 'EBPF_DASH_TOKEN']);
  let backend = await start();
  try {
    await page.goto(`${backend.url}/#token=${backend.token}`);
    const status = page.getByTestId('conn-status');
    await expect(status).toContainText('live');
    const first = backend.token;
    await backend.stop();
    await expect(status).toContainText('disconnected');
    backend = await start();
    expect(backend.token).toBe(first);
    await expect(status).toContainText('live', { timeout: 30_000 });
    await expect(page.getByText(/not authorized/)).toHaveCount(0);
  } finally {
    await backend.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
