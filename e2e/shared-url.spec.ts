/**
 * A shared filtered URL, opened on a fresh page after the opens happened:
 * the chart, the table, the processes panel and the CSV export all count
 * the same events, from the server's store, not from what the page saw.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { E2E_TOKEN } from '../playwright.config';
import { runOpener } from '../server/testing/backend';
import { parseCsv } from '../server/testing/csv-reader';

const COMM = 'e2e share-7';
const OK = 30;
const MISSING = 7;
let dir: string;

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-share-'));
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What each view of the page counts, once they agree. */
async function viewCounts(page: Page): Promise<{ chart: number; table: number; processes: number; rows: number }> {
  const read = async () => {
    const chart = Number(await page.getByTestId('chart-total').getAttribute('data-value'));
    const table = Number(await page.getByTestId('events-total').getAttribute('data-value'));
    const processes = (await page.getByTestId('process-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-opens'))))).reduce((a, b) => a + b, 0);
    const rows = await page.getByTestId('event-row').count();
    return { chart, table, processes, rows };
  };
  await expect.poll(async () => {
    const c = await read();
    return c.chart > 0 && c.chart === c.table && c.table === c.processes && c.processes === c.rows;
  }).toBe(true);
  return read();
}

async function csvRecords(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const [, ...records] = parseCsv(fs.readFileSync((await download.path())!, 'utf8'));
  return records;
}

test('a shared filtered URL shows the same counts in the chart, the table, the processes panel and the CSV', async ({ browser }) => {
  const files = Array.from({ length: OK }, (_, i) => path.join(dir, `f${i}`));
  for (const f of files) fs.writeFileSync(f, '');
  const missing = Array.from({ length: MISSING }, (_, i) => path.join(dir, `missing${i}`));
  await runOpener(COMM, [...files, ...missing].map((f) => Buffer.from(f)));

  for (const [query, expected] of [
    [`comm=${encodeURIComponent(COMM)}&result=ENOENT`, MISSING],
    [`comm=${encodeURIComponent(COMM)}&path=${encodeURIComponent(`${dir}/f*`)}`, OK],
  ] as const) {
    // A fresh page (a new context: nothing in its session but the token),
    // opened well after the opens: no live event of them reaches it.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/?${query}#token=${E2E_TOKEN}`);
    await expect(page.getByTestId('conn-status')).toContainText('live');
    const counts = await viewCounts(page);
    expect(counts, query).toEqual({ chart: expected, table: expected, processes: expected, rows: expected });
    const records = await csvRecords(page);
    expect(records, query).toHaveLength(expected);
    await context.close();
  }
});
