/**
 * The Network page in Chromium against the real backend and kernel: a lab
 * made from the page, the filter attached to its veth, the peer blocked
 * through the rule form: the probe goes down and the rule counts drops;
 * removing the rule brings the probe back. Bad addresses never reach the
 * server.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { execa } from 'execa';
import { E2E_TOKEN } from '../playwright.config';

const PEER = '10.211.0.2';
const AUTH = { Authorization: `Bearer ${E2E_TOKEN}` };

/** One backend serves every test of the run: a test that failed half-way
 *  must not leave its rule, attachment or lab to the next. */
async function cleanUp(request: APIRequestContext) {
  await request.delete(`/api/xdp/rules?cidr=${PEER}/32&direction=src`, { headers: AUTH });
  await request.post('/api/xdp/detach', { headers: AUTH, data: {} });
  await request.delete('/api/xdp/lab', { headers: AUTH });
}

test.beforeEach(({ request }) => cleanUp(request));
test.afterEach(({ request }) => cleanUp(request));

async function openNetwork(page: Page) {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page).not.toHaveURL(/token=/);
  await page.getByTestId('nav-network').click();
  await expect(page).toHaveURL(/\/network$/);
  await expect(page.getByTestId('xdp-attached')).toBeVisible();
}

test('blocking the lab peer as source takes its probe down, and removing the rule brings it back', async ({ page }) => {
  test.setTimeout(120_000);
  await openNetwork(page);

  await page.getByTestId('lab-create').click();
  const probe = page.locator(`[data-testid="lab-probe"][data-target="${PEER}"]`);
  await expect(probe).toHaveAttribute('data-state', 'up');

  await page.getByTestId('xdp-iface-select').selectOption('odash-lab0');
  await page.getByTestId('xdp-attach').click();
  await expect(page.getByTestId('xdp-attached')).toContainText('odash-lab0');
  await expect(page.getByTestId('prog-card')).toContainText('odash_xdp');
  // The filter alone blocks nothing.
  await expect(probe).toHaveAttribute('data-state', 'up');

  await page.getByTestId('rule-input').fill(PEER);
  await page.getByTestId('rule-direction').selectOption('src');
  await page.getByTestId('rule-add').click();
  const row = page.locator(`[data-testid="rule-row"][data-cidr="${PEER}/32"][data-direction="src"]`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId('rule-input')).toHaveValue('');

  await expect(probe).toHaveAttribute('data-state', 'down');
  await expect
    .poll(async () => Number(await row.getByTestId('rule-drops').textContent()), { timeout: 15_000 })
    .toBeGreaterThan(0);

  await row.getByTestId('rule-remove').click();
  await expect(row).toHaveCount(0);
  await expect(probe).toHaveAttribute('data-state', 'up');

  // Every step is in the audit log, with who did it and how it went.
  const audit = page.getByTestId('audit-row');
  await expect(audit.filter({ hasText: 'POST /api/xdp/rules' }).filter({ hasText: '10.211.0.2' }).first()).toContainText('ok');
  await expect(audit.filter({ hasText: 'DELETE /api/xdp/rules' }).first()).toContainText('ok');
  await expect(audit.filter({ hasText: 'POST /api/xdp/attach' }).first()).toContainText('127.0.0.1');

  await page.getByTestId('lab-remove').click();
  await expect(page.getByTestId('lab-create')).toBeVisible();
  // Removing the lab takes the filter off its interface first.
  await expect(page.getByTestId('xdp-attached')).toHaveText('not attached');
});

test('offers an interface that is up, and asks before cutting the host off: Cancel first, focused, focus back after', async ({ page }) => {
  test.setTimeout(120_000);
  await openNetwork(page);
  // No choice made, nothing attached: one that is up and has an address,
  // never a DOWN one that happens to come first (ifb0 here).
  const links = JSON.parse((await execa('ip', ['-j', 'addr', 'show'])).stdout) as { ifname: string; operstate: string; addr_info: unknown[] }[];
  const up = links.find((l) => l.ifname !== 'lo' && l.operstate === 'UP' && l.addr_info.length > 0)!.ifname;
  const select = page.getByTestId('xdp-iface-select');
  await expect(select).toHaveValue(up);
  for (const l of links.filter((x) => x.operstate === 'DOWN')) {
    await expect(select.locator(`option[value="${l.ifname}"]`)).toHaveText(`${l.ifname} (DOWN)`);
  }

  await page.getByTestId('lab-create').click();
  await expect(page.locator(`[data-testid="lab-probe"][data-target="${PEER}"]`)).toHaveAttribute('data-state', 'up');
  await select.selectOption('odash-lab0');
  await page.getByTestId('xdp-attach').click();
  await expect(page.getByTestId('xdp-attached')).toContainText('odash-lab0');

  // A prefix covering the lab interface's own address: the server asks.
  await page.getByTestId('rule-input').fill('10.211.0.0/16');
  await page.getByTestId('rule-direction').selectOption('src');
  await page.getByTestId('rule-add').click();
  const confirm = page.getByTestId('rule-confirm');
  await expect(confirm).toContainText('covers 10.211.0.1');
  await expect(page.getByTestId('rule-confirm-no')).toBeFocused();
  // Enter answers the safe way: nothing added, and focus back on Add.
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('rule-add')).toBeFocused();
  await expect(page.getByTestId('rule-row')).toHaveCount(0);

  await page.getByTestId('lab-remove').click();
  await expect(page.getByTestId('lab-create')).toBeVisible();
});

test('an invalid address is explained and cannot be added', async ({ page }) => {
  await openNetwork(page);
  const input = page.getByTestId('rule-input');
  const add = page.getByTestId('rule-add');

  await input.fill('10.0.0.300');
  await expect(page.getByTestId('rule-error')).toContainText("'10.0.0.300' is not an IPv4 or IPv6 address");
  await expect(add).toBeDisabled();

  await input.fill('10.0.0.1/24');
  await expect(page.getByTestId('rule-error')).toContainText('did you mean 10.0.0.0/24?');
  await expect(add).toBeDisabled();

  await input.fill('10.0.0.0/24');
  await expect(page.getByTestId('rule-error')).toHaveCount(0);
  await expect(add).toBeEnabled();
});

test('blocks the busiest talker from its row, sees its drops rise, and a rule shown inactive after a detach', async ({ page }) => {
  test.setTimeout(120_000);
  await openNetwork(page);
  await page.getByTestId('lab-create').click();
  await expect(page.locator(`[data-testid="lab-probe"][data-target="${PEER}"]`)).toHaveAttribute('data-state', 'up');
  await page.getByTestId('xdp-iface-select').selectOption('odash-lab0');
  await page.getByTestId('xdp-attach').click();
  await expect(page.getByTestId('xdp-attached')).toContainText('odash-lab0');

  // The lab's peers send at 200, 50 and 10 packets a second: the busiest leads.
  const talkers = page.getByTestId('talker-row');
  await expect(talkers.first()).toHaveAttribute('data-addr', PEER, { timeout: 20_000 });
  const busiest = page.locator(`[data-testid="talker-row"][data-addr="${PEER}"]`);
  await busiest.getByRole('button', { name: `Block ${PEER}` }).click();

  const rule = page.locator(`[data-testid="rule-row"][data-cidr="${PEER}/32"]`);
  await expect(rule.getByTestId('rule-state')).toHaveAttribute('data-active', 'true');
  await expect(busiest.getByTestId('talker-unblock')).toBeVisible();
  const dropped = async () => Number((await busiest.getByTestId('talker-dropped').textContent())?.replace(/\D/g, '') || 0);
  await expect.poll(dropped, { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await dropped();
  await expect.poll(dropped, { timeout: 15_000 }).toBeGreaterThan(first);
  await expect(page.locator(`[data-testid="lab-probe"][data-target="${PEER}"]`)).toHaveAttribute('data-state', 'down');
  await expect(page.locator('[data-testid="lab-probe"][data-target="10.211.0.3"]')).toHaveAttribute('data-state', 'up');

  // Detached, nothing enforces the rule: it must not look active.
  await page.getByTestId('xdp-detach').click();
  await expect(page.getByTestId('xdp-attached')).toHaveText('not attached');
  await expect(rule.getByTestId('rule-state')).toHaveAttribute('data-active', 'false');
  await expect(rule.getByTestId('rule-state')).toHaveText(/inactive/);
  await expect(page.getByTestId('rules-inactive-banner')).toContainText('inactive');
  await expect(page.locator(`[data-testid="lab-probe"][data-target="${PEER}"]`)).toHaveAttribute('data-state', 'up');
});
