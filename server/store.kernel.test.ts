/**
 * History that holds, on the real kernel: a busy process stays in every
 * view after thousands of short-lived ones have come and gone, the views
 * agree with each other, and all of it is still there after a restart.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProcessesAnswer, EventsPage, RateAnswer } from '../protocol/views';
import { HOST_ONLY, runOpener, startBackend, waitFor, type Backend } from './testing/backend';

const NAME = 'store-gen-1k';
const FILES = 1000;
const SHORT_LIVED = 5000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-store-'));
const db = path.join(dir, 'events.duckdb');
let backend: Backend | undefined;
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const start = () => startBackend(7189, ['--db', db, '--state-dir', path.join(dir, 'state')]);

/** The three views of NAME: its processes row, its events, its rate. */
async function views(b: Backend) {
  const procs = (await b.api<ProcessesAnswer>(`/api/processes?comm=${NAME}&group=pid`)).body;
  const events = (await b.api<EventsPage>(`/api/events?comm=${NAME}&limit=5000`)).body;
  const from = Math.floor(events.events.at(-1)?.ts ?? 0);
  const rate = (await b.api<RateAnswer>(`/api/rate?comm=${NAME}&from=${from}&to=${from + 3599}&step=1`)).body;
  return {
    opens: procs.processes[0]?.opens ?? 0,
    events: events.events.filter((e) => e.path.startsWith(dir)).length,
    total: events.total,
    rate: rate.rate.reduce((n, p) => n + p.opens, 0),
  };
}

describe('the event store', () => {
  it.runIf(HOST_ONLY)('keeps a busy process in every view after 5000 short-lived ones, and across a restart', { timeout: 180_000 }, async () => {
    backend = await start();
    const files = Array.from({ length: FILES }, (_, i) => path.join(dir, `f${i}`));
    for (const f of files) fs.writeFileSync(f, '');
    const pid = await runOpener(NAME, files.map((f) => Buffer.from(f)));
    await execa('bash', ['-c', `for ((i = 0; i < ${SHORT_LIVED}; i++)); do cat /etc/hostname; done >/dev/null`]);
    const seen = await waitFor(async () => {
      const v = await views(backend!);
      return v.events >= FILES ? v : undefined;
    }, `the ${FILES} opens of ${NAME}`, 60_000);
    expect(seen.events).toBe(FILES);
    expect(seen.opens).toBeGreaterThanOrEqual(FILES);
    expect(seen.total).toBe(seen.opens);
    expect(seen.rate).toBe(seen.opens);
    // Among all PIDs, it is still among the busiest of thousands (with
    // the opens node made before it took its name, and under the name of
    // whichever of its threads opened last).
    const top = (await backend.api<ProcessesAnswer>('/api/processes?group=pid&limit=50')).body;
    expect(top.total).toBeGreaterThan(SHORT_LIVED);
    const opens = top.processes.find((p) => p.pid === pid)?.opens;
    expect(opens).toBeGreaterThan(FILES);

    await backend.stop();
    backend = await start();
    expect(await views(backend)).toEqual(seen);
    const again = (await backend.api<ProcessesAnswer>('/api/processes?group=pid&limit=50')).body;
    expect(again.processes.find((p) => p.pid === pid)?.opens).toBe(opens);
  });
});
