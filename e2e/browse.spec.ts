/**
 * Browsing in Chromium against the real backend and kernel: a filter in
 * the URL narrows the overview to one process, its page counts its files,
 * the export link hands out exactly its opens, the window changes the
 * chart. And a replay backend, started here from a file built here, says
 * it is a replay on every page.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runOpener, runSteps, startBackend } from '../server/testing/backend';
import { E2E_TOKEN } from '../playwright.config';
import { parseCsv } from '../server/testing/csv-reader';
import { formatCount } from '../app/lib/format';
import { EXPORT_LIMIT } from '../app/lib/links';

let dir: string;

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-browse-'));
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function touch(name: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, '');
  return f;
}

test('a filter in the URL, a process page, an export and the chart window', async ({ page }) => {
  const comm = 'e2e browse-4';
  const once = touch('browse-once');
  const twice = touch('browse-twice');
  // A name a CSV writer must quote, and a quote it must double.
  const odd = touch('we,ird "quoted" name');
  const missing = path.join(dir, 'browse-missing');
  const opened = [once, twice, twice, odd, missing];

  await page.goto(`/?comm=e2e%20browse-4#token=${E2E_TOKEN}`);
  // The token went into the page's session; the filter stayed in the address.
  await expect(page).not.toHaveURL(/token=/);
  await expect(page).toHaveURL(/\?comm=e2e(%20|\+)browse-4$/);
  await expect(page.getByTestId('filter-comm')).toHaveValue(comm);
  await expect(page.getByTestId('conn-status')).toContainText('live');

  const pid = await runOpener(comm, opened.map((f) => Buffer.from(f)));
  const rows = page.getByTestId('event-row');
  await expect(rows).toHaveCount(opened.length);
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute('data-comm', comm);
    await expect(row).toHaveAttribute('data-pid', String(pid));
  }

  // The result picker narrows to the failed open, and the URL says so.
  await page.getByTestId('filter-result').selectOption('ENOENT');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-path', missing);
  await expect(page).toHaveURL(/result=ENOENT/);
  await page.getByTestId('filter-result').selectOption('');
  await expect(rows).toHaveCount(opened.length);

  // An invalid value is shown as such, not dropped, and filters nothing.
  await page.getByTestId('filter-tid').fill('abc');
  await expect(page.getByTestId('filter-tid')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('filter-errors')).toContainText("tid must be a number, not 'abc'");
  await expect(page).toHaveURL(/tid=abc/);
  await expect(rows).toHaveCount(opened.length);
  await page.getByTestId('filter-tid').fill('');

  // The window select changes what the chart draws, and the URL keeps it.
  const chart = page.getByTestId('rate-chart');
  await expect(chart).toHaveAttribute('data-seconds', '300');
  await page.getByTestId('window-select').selectOption('1');
  await expect(chart).toHaveAttribute('data-seconds', '60');
  await expect(chart).toHaveAttribute('data-points', '60');
  await expect(page).toHaveURL(/window=1(&|$)/);
  await page.getByTestId('window-select').selectOption('60');
  await expect(chart).toHaveAttribute('data-seconds', '3600');
  expect(Number(await chart.getAttribute('data-points'))).toBeLessThanOrEqual(361);
  await expect(page.getByTestId('history-bound')).toHaveText('keeps 24 h');

  // The export link asks the API for exactly the filtered opens; paths with
  // a comma and quotes come back as they were.
  expect(await page.getByTestId('export-csv').getAttribute('data-href')).toMatch(/^\/api\/events\.csv\?comm=e2e\+browse-4&/);
  const saved = async (testId: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    return { name: download.suggestedFilename(), text: fs.readFileSync((await download.path())!, 'utf8') };
  };
  const csv = await saved('export-csv');
  // Named by the filter and the time it was taken.
  expect(csv.name).toMatch(/^ebpf-dash-events-comm=e2e_browse-4-\d{8}T\d{6}Z\.csv$/);
  const [header, ...records] = parseCsv(csv.text);
  const col = (name: string) => header!.indexOf(name);
  expect(records.map((r) => r[col('path')])).toEqual(opened);
  expect(records.every((r) => r[col('pid')] === String(pid) && r[col('comm')] === comm)).toBe(true);
  expect(records.map((r) => r[col('errno')])).toEqual(['', '', '', '', 'ENOENT']);
  // The JSON is the same records: same order, same fields, same values.
  await expect(page.getByTestId('export-cut')).toHaveCount(0);
  const json = await saved('export-json');
  expect(json.name).toMatch(/^ebpf-dash-events-comm=e2e_browse-4-\d{8}T\d{6}Z\.json$/);
  const { events } = JSON.parse(json.text) as { events: Record<string, unknown>[] };
  expect(events.map((e) => e.path)).toEqual(opened);
  expect(Object.keys(events[0]!)).toEqual(header);
  expect(events.map((e) => [e.time, e.flags, e.errno ?? ''])).toEqual(records.map((r) => [r[col('time')], r[col('flags')], r[col('errno')]]));

  // Through the PID link to the process's page.
  await rows.first().getByRole('link', { name: String(pid) }).click();
  // The process, not just the PID: its start comes with it.
  await expect(page).toHaveURL(new RegExp(`/process\\?pid=${pid}&start=\\d+(\\.\\d+)?&from=`));
  await expect(page.getByTestId('process-name')).toHaveText(comm);
  await expect(page.getByTestId('process-pid')).toHaveText(String(pid));
  // The opener is gone by now: /proc has nothing more to say.
  await expect(page.getByTestId('process-state')).toHaveText('process has exited');
  const fileRow = (f: string) => page.locator(`[data-testid="file-row"][data-path="${f.replace(/["\\]/g, '\\$&')}"]`);
  await expect(fileRow(once).getByTestId('file-opens')).toHaveText('1');
  await expect(fileRow(twice).getByTestId('file-opens')).toHaveText('2');
  await expect(fileRow(odd).getByTestId('file-opens')).toHaveText('1');
  await expect(fileRow(missing).getByTestId('file-opens')).toHaveText('1');
  await expect(fileRow(missing).getByTestId('file-failures')).toHaveText('ENOENT×1');
  await expect(fileRow(twice).getByTestId('file-failures')).toHaveText('0');
  await expect(fileRow(once).getByTestId('file-flags')).toContainText('O_RDONLY');

  // And back to the overview, filter and window as they were.
  await page.getByTestId('back-link').click();
  await expect(page).toHaveURL(/\/\?comm=e2e\+browse-4&window=60$/);
  await expect(page.getByTestId('filter-comm')).toHaveValue(comm);
  await expect(page.getByTestId('window-select')).toHaveValue('60');
});

test('a download that cannot hold every matching event says so', async ({ page }) => {
  const comm = 'e2e-cut';
  const file = touch('cut');
  const n = EXPORT_LIMIT + 100;
  await runSteps([`comm:${comm}`, `burst:${n}:${file}`]);
  await page.goto(`/?comm=${comm}#token=${E2E_TOKEN}`);
  await expect(page.getByTestId('events-total')).toHaveAttribute('data-value', String(n), { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(parseCsv(fs.readFileSync((await download.path())!, 'utf8'))).toHaveLength(EXPORT_LIMIT + 1);
  await expect(page.getByTestId('export-cut')).toHaveText(
    `saved the newest ${formatCount(EXPORT_LIMIT)} of ${formatCount(n)} matching events: narrow the filter or the window for the others`,
  );
});

test('shortcuts: ? shows them, Esc closes, / focuses the filter, space pauses', async ({ page }) => {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.getByTestId('conn-status')).toContainText('live');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  await page.keyboard.press('/');
  await expect(page.getByTestId('filter-comm')).toBeFocused();
  await page.getByTestId('filter-comm').blur();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pause-button')).toHaveText('Resume');
});

const TAG = '5eed0123456789ab';

/** One open as the kernel writes it to trace_pipe (see parse-line.test.ts). */
function kernelLine(comm: string, pid: number, ts: number, ret: number, file: string): string {
  return (
    `${comm.padStart(16)}-${pid}    [001] ...21   ${ts.toFixed(6)}: bpf_trace_printk: ` +
    `odash tag=${TAG} sys=openat pid=${pid} tid=${pid} uid=1000 flags=0x80000 ret=${ret} comm=${comm} path=${file} trunc=0`
  );
}

test('a replay says so on every page and shows what was recorded', async ({ page }) => {
  const file = path.join(dir, 'recording.log');
  fs.writeFileSync(
    file,
    [
      `#odash-tag ${TAG}`,
      kernelLine('replayed-cat', 4750, 244.1, 3, '/etc/passwd'),
      kernelLine('replayed-cat', 4750, 244.2, -2, '/etc/nope'),
      kernelLine('replayed-cat', 4750, 245.3, 3, '/etc/passwd'),
      // The article's own BCC program: name, pid, cpu and time only.
      '             vim-3382    [008] ...21   244.378936: bpf_trace_printk: process=vim pid=3382',
      '             vim-3382    [008] ...21   244.578936: bpf_trace_printk: process=vim pid=3382',
      '',
    ].join('\n'),
  );
  // trace_pipe is not needed: this backend reads the file, on a port of its own.
  const backend = await startBackend(7192, ['--replay', file, '--speed', '0']);
  try {
    await page.goto(`${backend.url}/#token=${backend.token}`);
    await expect(page.getByTestId('replay-banner')).toContainText('Replay — not live');
    await expect(page.getByTestId('replay-banner')).toContainText(file);
    await expect(page.getByTestId('tracer-state')).toHaveText('replay');
    await expect(page.locator('[data-testid="process-row"][data-pid="4750"]')).toHaveAttribute('data-comm', 'replayed-cat');
    await expect(page.locator('[data-testid="process-row"][data-pid="3382"]')).toHaveAttribute('data-comm', 'vim');
    // The article's events carry no path, flags or result: shown as unknown.
    const vim = page.locator('[data-testid="event-row"][data-pid="3382"]');
    await expect(vim).toHaveCount(2);
    await expect(vim.first()).toContainText('—');

    await page.goto(`${backend.url}/process?pid=4750`);
    await expect(page.getByTestId('replay-banner')).toBeVisible();
    await expect(page.getByTestId('process-state')).toContainText('replayed');
    await expect(page.locator('[data-testid="file-row"][data-path="/etc/passwd"]').getByTestId('file-opens')).toHaveText('2');
    await expect(page.locator('[data-testid="file-row"][data-path="/etc/nope"]').getByTestId('file-failures')).toHaveText(
      'ENOENT×1',
    );

    await page.goto(`${backend.url}/network`);
    await expect(page.getByTestId('replay-banner')).toBeVisible();
    await expect(page.getByTestId('xdp-unavailable')).toContainText('not available in a replay');
  } finally {
    await backend.stop();
  }
});
