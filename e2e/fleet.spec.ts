/**
 * The Fleet page in Chromium: the e2e backend, started with --prometheus
 * pointing at a Prometheus that scrapes it (playwright.config.ts), finds
 * itself in the fleet, its tracer running and its open rate shown. The
 * rate needs two scrapes within a minute, hence the long wait.
 */
import { expect, test } from '@playwright/test';
import { runSteps } from '../server/testing/backend';
import { E2E_PORT, E2E_TOKEN } from '../playwright.config';

const WAIT_MS = 60_000;

test('the fleet page lists this backend as Prometheus scrapes it', async ({ page }) => {
  test.setTimeout(WAIT_MS + 30_000);
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.getByTestId('conn-status')).toContainText('live');
  await page.getByTestId('nav-fleet').click();
  await expect(page).toHaveURL(/\/fleet/);
  await expect(page.getByTestId('nav-fleet')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('fleet-unconfigured')).toHaveCount(0);

  // Some opens to count while Prometheus scrapes.
  await runSteps(['comm:e2e-fleet', 'open:/etc/hostname', 'open:/etc/hostname', 'open:/nonexistent-e2e-fleet']);

  const row = page.locator(`[data-testid="fleet-row"][data-instance="127.0.0.1:${E2E_PORT}"]`);
  await expect(row).toBeVisible({ timeout: WAIT_MS });
  await expect(page.getByTestId('fleet-table')).toBeVisible();
  await expect(row.getByTestId('fleet-up')).toHaveText('up', { timeout: WAIT_MS });
  await expect(row.getByTestId('fleet-tracer')).toContainText('running', { timeout: WAIT_MS });
  // A number, once Prometheus has two scrapes in the last minute ("—" before).
  await expect(row.getByTestId('fleet-open-rate')).toHaveText(/^(<)?\d[\d,.]*$/, { timeout: WAIT_MS });
  await expect(row.getByTestId('fleet-open-rate')).toHaveAttribute('data-value', /^\d/);
  await expect(row.getByTestId('fleet-failure-rate')).toHaveText(/^(<)?\d[\d,.]*$/);
  await expect(row.getByTestId('fleet-lost')).not.toHaveText('');
  await expect(row.getByRole('link', { name: `127.0.0.1:${E2E_PORT}` })).toHaveAttribute('href', `http://127.0.0.1:${E2E_PORT}/`);
  await expect(page.getByTestId('fleet-error')).toHaveCount(0);
});
