/**
 * The dashboard in Chromium against the real backend and kernel: a process
 * with a known name opens known files and shows up in the table and chart;
 * the filter narrows the table; pause freezes it and resume catches up.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectedAttach, runOpener, testAttach } from '../server/testing/backend';
import { E2E_TOKEN } from '../playwright.config';

let dir: string;

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-e2e-'));
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function makeFiles(prefix: string, n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => {
    const f = path.join(dir, `${prefix}-${i}`);
    fs.writeFileSync(f, '');
    return Buffer.from(f);
  });
}

async function openDashboard(page: Page) {
  await page.goto(`/#token=${E2E_TOKEN}`);
  // The token moved into the page's session and out of the address bar.
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByTestId('conn-status')).toContainText('live');
  // The mode this kernel supports (auto's choice unless the run asked for
  // one), and why.
  const attach = page.getByTestId('attach-mode');
  await expect(attach).toHaveText((await expectedAttach()) ?? '—');
  await expect(attach).toHaveAttribute('title', testAttach === 'auto' ? /auto picked / : /--attach/);
}

test('a process opening files appears in the event table and the top-process chart', async ({ page }) => {
  await openDashboard(page);
  const files = makeFiles('seen', 40);
  const missing = Buffer.from(path.join(dir, 'missing-file'));
  const pid = await runOpener('e2e probe-1', [...files, missing]);

  await page.getByTestId('filter-comm').fill('e2e probe-1');
  const rows = page.locator(`[data-testid="event-row"][data-pid="${pid}"]`);
  await expect(rows.first()).toBeVisible();
  await expect(page.locator(`[data-testid="process-row"][data-pid="${pid}"]`)).toHaveAttribute(
    'data-comm',
    'e2e probe-1',
  );
  await expect(page.getByTestId('top-chart')).toContainText(`e2e probe-1 (${pid})`);
  expect(Number(await page.getByTestId('count-events').textContent())).toBeGreaterThan(40);

  // Narrow to one file at a time: each open is there, with its result.
  await page.getByTestId('filter-path').fill('seen-7');
  const seen = page.locator('[data-testid="event-row"]');
  await expect(seen).toHaveCount(1);
  await expect(seen.first()).toHaveAttribute('data-path', files[7]!.toString());
  await expect(seen.first()).toHaveAttribute('data-comm', 'e2e probe-1');
  await expect(seen.first()).toHaveAttribute('data-errno', '0');
  await page.getByTestId('filter-path').fill('missing-file');
  await expect(seen).toHaveCount(1);
  await expect(seen.first()).toHaveAttribute('data-errno', '2');
});

test('the filter keeps only matching rows', async ({ page }) => {
  await openDashboard(page);
  const pid = await runOpener('e2e filter-2', [...makeFiles('filt', 5), Buffer.from(path.join(dir, 'nope'))]);
  await page.getByTestId('filter-pid').fill(String(pid));
  await expect(page.locator('[data-testid="event-row"]').first()).toBeVisible();
  await page.getByTestId('filter-failed').check();
  const rows = page.locator('[data-testid="event-row"]');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-errno', '2');
  await expect(rows.first()).toHaveAttribute('data-pid', String(pid));
});

test('pause freezes the table while counting, resume catches up', async ({ page }) => {
  await openDashboard(page);
  await page.getByTestId('filter-comm').fill('e2e pause-3');
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('pause-button')).toHaveText('Resume');

  const pid = await runOpener('e2e pause-3', makeFiles('paused', 10));
  await expect(page.getByTestId('paused-count')).not.toHaveText(/^\D*0\D*$/);
  await expect(page.locator(`[data-testid="event-row"][data-pid="${pid}"]`)).toHaveCount(0);

  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('pause-button')).toHaveText('Pause');
  await expect(page.locator(`[data-testid="event-row"][data-pid="${pid}"]`).first()).toBeVisible();
});
