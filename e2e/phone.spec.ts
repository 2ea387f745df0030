/**
 * A phone (390x844, touch, no hover) in Chromium against the real backend
 * and kernel, every page with live data: nothing is wider than the page,
 * every control is at least 24x24 px, no keyboard hint shows; the event
 * table shows each open's path (its rows stack), and the Network page's
 * Remove buttons and program card are on screen.
 */
import { expect, test, type Page } from '@playwright/test';
import { type LivePage, PEER, setUpLivePages, signIn, tearDownLivePages } from './live-pages';

const WIDTH = 390;
test.use({ viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true });

let pages: LivePage[];

test.beforeAll(async ({ request }) => {
  pages = await setUpLivePages(request, 'e2e phone-7');
});
test.afterAll(({ request }) => tearDownLivePages(request));

/** Elements that reach past the page's right edge, but for those inside
 *  something that scrolls or clips them (a wide table in its own box). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const out = [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`].filter(
      () => document.documentElement.scrollWidth > width,
    );
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 0.5 && !clipped(el)) {
        out.push(`${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} ends at ${Math.round(box.right)}`);
      }
    }
    return out;
  });
}

/** Controls a finger hits that are smaller than 24x24 px. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, input, textarea, nav a, td a')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ el, box }) => `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
}

test('every page fits a phone, with tap targets of 24 px and no keyboard hints', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  expect(await page.evaluate(() => matchMedia('(hover: none) and (pointer: coarse)').matches)).toBe(true);
  for (const p of pages) {
    await page.goto(p.path);
    await p.ready(page);
    expect(await overflowing(page), `${p.name} (${p.path})`).toEqual([]);
    expect(await smallTargets(page), `${p.name} (${p.path})`).toEqual([]);
    expect(await page.locator('body').innerText(), p.name).not.toMatch(/press \//i);
    const filter = page.getByTestId('filter-comm');
    if (await filter.count()) {
      await expect(filter).not.toHaveAttribute('placeholder', /press/i);
      await expect(page.getByRole('button', { name: 'Show keyboard shortcuts' })).toBeHidden();
    }
  }
});

test("the event table shows each open's path on a phone", async ({ page }) => {
  await signIn(page);
  const overview = pages[0]!;
  await page.goto(overview.path);
  await overview.ready(page);
  const row = page.getByTestId('event-row').filter({ hasText: 'a-rather-long-file-name' }).first();
  await expect(row).toBeVisible();
  const path = row.locator('td').last();
  await expect(path).toBeVisible();
  await expect(path).toContainText('.conf');
  const box = (await path.boundingBox())!;
  // Its own line, the width of the table, inside the screen.
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
  expect(box.width).toBeGreaterThan(WIDTH * 0.8);
});

test("the Network page's Remove buttons and program card are on screen", async ({ page }) => {
  await signIn(page);
  const network = pages.find((p) => p.name === 'network')!;
  await page.goto(network.path);
  await network.ready(page);
  const onScreen = async (what: string, locator: ReturnType<Page['locator']>) => {
    await locator.scrollIntoViewIfNeeded();
    await expect(locator, what).toBeInViewport();
    const box = (await locator.boundingBox())!;
    expect(box.x, what).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, what).toBeLessThanOrEqual(WIDTH);
  };
  const remove = page.locator(`[data-testid="rule-row"][data-cidr="${PEER}/32"]`).getByRole('button', { name: `Remove rule ${PEER}/32` });
  await onScreen('Remove', remove);
  await onScreen('program card', page.getByTestId('prog-card'));
  await onScreen('Block/Unblock', page.getByTestId('talker-row').first().locator('button').first());
  // And it works from there: a tap removes the rule.
  await remove.tap();
  await expect(page.locator(`[data-testid="rule-row"][data-cidr="${PEER}/32"]`)).toHaveCount(0);
});
