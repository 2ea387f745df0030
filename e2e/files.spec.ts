/**
 * The files view, the slowest opens and the trace_pipe view in Chromium
 * against the real backend and kernel: relative opens found under their
 * directory, drilled down to the process that made them and back; a slow
 * FIFO open at the top of the slowest; another program's line in
 * trace_pipe given back, searchable.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSteps, slowFifoOpen } from '../server/testing/backend';
import { E2E_TOKEN } from '../playwright.config';

let dir: string;

test.beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'odash-e2e-files-')));
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const attr = (s: string) => s.replace(/["\\]/g, '\\$&');

test('the files view lists relative opens under their directory, and drills down to the process and back', async ({ page }) => {
  const pid = await runSteps(['comm:e2e-files', `cd:${dir}`, 'create:rel-a', 'open:rel-a', 'open:missing-b']);
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.getByTestId('conn-status')).toContainText('live');
  await page.getByTestId('nav-files').click();
  await expect(page).toHaveURL(/\/files/);

  await page.goto(`/files?path=${encodeURIComponent(`${dir}/*`)}`);
  const relA = page.locator(`[data-testid="files-row"][data-path="${attr(path.join(dir, 'rel-a'))}"]`);
  await expect(relA.getByTestId('files-opens')).toHaveText('2');
  await expect(relA.getByTestId('files-processes')).toContainText('e2e-files');
  const missing = page.locator(`[data-testid="files-row"][data-path="${attr(path.join(dir, 'missing-b'))}"]`);
  await expect(missing.getByTestId('files-failed')).toContainText('1');

  // By directory: the temp dir is one row holding all three opens.
  await page.getByTestId('files-group-dir').click();
  await expect(page.locator(`[data-testid="files-row"][data-path="${attr(dir)}"]`).getByTestId('files-opens')).toHaveText('3');
  await page.getByTestId('files-group-file').click();

  // Into the file, to its opener, and back.
  await relA.getByTestId('files-link').click();
  await expect(page.getByTestId('file-path')).toHaveText(path.join(dir, 'rel-a'));
  await expect(page.getByTestId('latency-histogram')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('file-processes')).toHaveAttribute('data-value', '1');
  const opener = page.locator(`[data-testid="file-opener"][data-pid="${pid}"]`);
  await expect(opener.getByTestId('file-opener-user')).toHaveText(os.userInfo().username);
  await opener.getByRole('link', { name: String(pid) }).click();
  await expect(page).toHaveURL(new RegExp(`/process\\?pid=${pid}`));
  await expect(page.getByTestId('process-exe')).toContainText('odash-opener');
  await expect(page.getByTestId('process-args')).toContainText('create:rel-a');
  await page.getByTestId('file-link').filter({ hasText: 'rel-a' }).first().click();
  await expect(page.getByTestId('file-path')).toHaveText(path.join(dir, 'rel-a'));
  await page.getByTestId('files-back').click();
  await expect(page.locator('[data-testid="files-row"]').first()).toBeVisible();
});

test('a slow open (a FIFO before its writer) is first among the slowest', async ({ page }) => {
  const fifo = path.join(dir, 'slow-fifo');
  const pid = await slowFifoOpen('e2e-slow', fifo, 500);

  await page.goto(`/?comm=e2e-slow#token=${E2E_TOKEN}`);
  const first = page.getByTestId('slowest-row').first();
  await expect(first).toHaveAttribute('data-pid', String(pid));
  await expect(first).toHaveAttribute('data-path', fifo);
  expect(Number(await first.getAttribute('data-duration-ns'))).toBeGreaterThan(400e6);
});

test("other programs' trace_pipe lines are given back, live and searchable", async ({ page }) => {
  await page.goto(`/trace-pipe#token=${E2E_TOKEN}`);
  const marker = `odash-e2e-marker-${process.pid}`;
  // What any program's trace_printk or a shell's echo > trace_marker writes.
  fs.writeFileSync('/sys/kernel/tracing/trace_marker', `${marker} Dst IP: 10.0.0.1\n`);
  fs.writeFileSync('/sys/kernel/tracing/trace_marker', 'odash-e2e-other line\n');
  const lines = page.getByTestId('trace-pipe-line');
  await expect(lines.filter({ hasText: marker })).toHaveCount(1);
  await page.getByTestId('trace-pipe-search').fill(marker);
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toContainText('Dst IP: 10.0.0.1');
});
