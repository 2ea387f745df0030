/**
 * Every page of the UI with live data in it, for the checks that walk them
 * all (a11y.spec.ts, phone.spec.ts): a process that opened files (the
 * overview, its process page, the files), the lab with the filter attached
 * and a rule blocking a peer (the Network page's rules, talkers, program),
 * this backend in the fleet, a line of another program in trace_pipe.
 */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runOpener } from '../server/testing/backend';
import { E2E_PORT, E2E_TOKEN } from '../playwright.config';

export const PEER = '10.211.0.2';
const AUTH = { Authorization: `Bearer ${E2E_TOKEN}` };

export interface LivePage {
  path: string;
  name: string;
  /** Resolves once the page shows its live data. */
  ready: (page: Page) => Promise<void>;
}

/** Makes the data and returns the pages to walk. */
export async function setUpLivePages(request: APIRequestContext, comm: string): Promise<LivePage[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-pages-'));
  const files = ['one', 'two', 'a-rather-long-file-name-that-a-phone-has-to-fit-somehow.conf'].map((n) => {
    const f = path.join(dir, n);
    fs.writeFileSync(f, '');
    return Buffer.from(f);
  });
  const pid = await runOpener(comm, [...files, Buffer.from(path.join(dir, 'missing'))]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.writeFileSync('/sys/kernel/tracing/trace_marker', `odash-e2e-pages another program's line\n`);

  await tearDownLivePages(request);
  const ok = async (what: string, res: Promise<{ ok(): boolean; status(): number; text(): Promise<string> }>) => {
    const r = await res;
    if (!r.ok()) throw new Error(`${what}: ${r.status()} ${await r.text()}`);
  };
  await ok('lab', request.post('/api/xdp/lab', { headers: AUTH, data: {} }));
  await ok('attach', request.post('/api/xdp/attach', { headers: AUTH, data: { ifname: 'odash-lab0', mode: 'auto' } }));
  await ok('rule', request.post('/api/xdp/rules', { headers: AUTH, data: { cidr: `${PEER}/32`, direction: 'src', action: 'deny', comment: 'e2e pages' } }));

  const q = `comm=${encodeURIComponent(comm)}`;
  return [
    {
      path: `/?${q}`,
      name: 'overview',
      ready: async (page) => {
        await expect(page.getByTestId('conn-status')).toContainText('live');
        await expect(page.getByTestId('event-row').first()).toBeVisible();
        await expect(page.getByTestId('process-row').first()).toBeVisible();
      },
    },
    {
      path: `/process?pid=${pid}`,
      name: 'process',
      ready: async (page) => {
        await expect(page.getByTestId('process-name')).toHaveText(comm);
        await expect(page.getByTestId('file-row').first()).toBeVisible();
      },
    },
    {
      path: `/files?${q}`,
      name: 'files',
      ready: async (page) => {
        await expect(page.getByTestId('files-row').first()).toBeVisible();
      },
    },
    {
      path: '/trace-pipe',
      name: 'trace pipe',
      ready: async (page) => {
        await expect(page.getByTestId('trace-pipe-line').first()).toBeVisible();
      },
    },
    {
      path: '/network',
      name: 'network',
      ready: async (page) => {
        await expect(page.locator(`[data-testid="rule-row"][data-cidr="${PEER}/32"] [data-testid="rule-state"]`)).toHaveAttribute('data-active', 'true');
        await expect(page.getByTestId('prog-card')).toContainText('odash_xdp');
        await expect(page.getByTestId('talker-row').first()).toBeVisible({ timeout: 20_000 });
      },
    },
    {
      path: '/fleet',
      name: 'fleet',
      ready: async (page) => {
        await expect(page.locator(`[data-testid="fleet-row"][data-instance="127.0.0.1:${E2E_PORT}"]`)).toBeVisible({ timeout: 60_000 });
      },
    },
    {
      path: '/no-such-page',
      name: '404',
      ready: async (page) => {
        await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      },
    },
  ];
}

/** One backend serves every test of the run: nothing of this is left to the next. */
export async function tearDownLivePages(request: APIRequestContext) {
  await request.delete(`/api/xdp/rules?cidr=${PEER}/32&direction=src`, { headers: AUTH });
  await request.post('/api/xdp/detach', { headers: AUTH, data: {} });
  await request.delete('/api/xdp/lab', { headers: AUTH });
}

/** The token into this tab's session, as a user's first visit does. */
export async function signIn(page: Page) {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page).not.toHaveURL(/token=/);
}
