/**
 * Accessibility in Chromium against the real backend and kernel: axe-core
 * finds no violation on any page, with live data in it, in the light and
 * the dark theme (the system's prefers-color-scheme: the app has no toggle
 * of its own); and the keyboard: the shortcuts dialog takes and keeps the
 * focus and gives it back, the charts add no tab stop, the process table
 * is one tab stop with arrow keys inside, focus rings show, and buttons
 * say what they act on.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { type LivePage, PEER, setUpLivePages, signIn, tearDownLivePages } from './live-pages';

let pages: LivePage[];

test.beforeAll(async ({ request }) => {
  pages = await setUpLivePages(request, 'e2e a11y-6');
});
test.afterAll(({ request }) => tearDownLivePages(request));

/** Each theme's page background (globals.css): proof the theme took. */
const BACKGROUND = { light: 'rgb(243, 245, 248)', dark: 'rgb(11, 15, 20)' } as const;

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violation on any page in the ${scheme} theme`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await signIn(page);
    for (const p of pages) {
      await page.goto(p.path);
      await p.ready(page);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(BACKGROUND[scheme]);
      expect(await axeViolations(page), `${p.name} (${p.path}), ${scheme}`).toEqual([]);
    }
    // And over the shortcuts dialog.
    await page.goto(pages[0]!.path);
    await pages[0]!.ready(page);
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    expect(await axeViolations(page), `shortcuts dialog, ${scheme}`).toEqual([]);
  });
}

test('the shortcuts dialog takes the focus, keeps it, and gives it back', async ({ page }) => {
  await signIn(page);
  await page.goto(pages[0]!.path);
  await pages[0]!.ready(page);
  const pause = page.getByTestId('pause-button');
  await pause.focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('shortcuts-close')).toBeFocused();
  for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `focus inside after ${key}`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(pause).toBeFocused();
});

test('charts add no tab stop; the process table is one, with arrow keys inside', async ({ page }) => {
  await signIn(page);
  await page.goto(pages[0]!.path);
  await pages[0]!.ready(page);
  // recharts' surfaces are images with a name, not unnamed tab stops.
  expect(await page.locator('svg[tabindex]').count()).toBe(0);
  for (const chart of ['rate-chart', 'top-chart']) {
    await expect(page.getByTestId(chart).locator('svg.recharts-surface[role="img"]')).toHaveAccessibleName(/\S/);
  }

  const table = page.getByTestId('process-table');
  const stops = await table.evaluate((t) => [...t.querySelectorAll('a, button')].filter((e) => (e as HTMLElement).tabIndex >= 0).length);
  expect(stops).toBe(1);
  // Tab in lands on the first sort button; Tab again leaves the table.
  await page.getByTestId('group-container').focus();
  await page.keyboard.press('Tab');
  await expect(table.getByRole('button', { name: 'Sort by PID' })).toBeFocused();
  // A visible focus ring, from the keyboard.
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('ArrowRight');
  await expect(table.getByRole('button', { name: 'Sort by process' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const firstRow = table.getByTestId('process-row').first();
  expect(await firstRow.evaluate((r) => r.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Tab');
  expect(await table.evaluate((t) => t.contains(document.activeElement))).toBe(false);
  // Back in, on the control last focused there.
  await page.keyboard.press('Shift+Tab');
  expect(await firstRow.evaluate((r) => r.contains(document.activeElement))).toBe(true);
});

test('buttons say what they act on', async ({ page }) => {
  await signIn(page);
  await page.goto('/network');
  await pages.find((p) => p.name === 'network')!.ready(page);
  await expect(page.getByRole('button', { name: `Remove rule ${PEER}/32`, exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Detach filter from odash-lab0' })).toBeVisible();
  await page.goto(pages[0]!.path);
  await pages[0]!.ready(page);
  await expect(page.getByRole('button', { name: 'Export matching events as CSV' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Group processes by executable' })).toBeVisible();
});
