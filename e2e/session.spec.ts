/**
 * The token stays with this origin: another listener on the same host
 * (a different port, anyone's) gets nothing from the browser that holds
 * the dashboard's session, and the session survives navigating away and
 * back in the same tab.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { E2E_TOKEN } from '../playwright.config';

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
