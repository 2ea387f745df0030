/**
 * /metrics proved against a real Prometheus (Debian's package): it scrapes
 * the real backend every second with the token from a credentials_file,
 * as a fleet's scrape config does. A named process opens files and fails
 * some; PromQL through Prometheus' HTTP API must count exactly what it did.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage } from '../protocol/views';
import { queryVector } from './fleet/prometheus';
import { startPrometheus, writeExampleConfig, type RunningPrometheus } from './fleet/testing';
import { runSteps, SLOW, startBackend, waitFor, type Backend } from './testing/backend';

const PORT = 7196;
const PROM_PORT = 7255;
const COMM = 'odash-prom';

let backend: Backend;
let prometheus: RunningPrometheus | undefined;
let dir: string;

/** An instant query's single value, or undefined while there is none. */
async function queryOne(promql: string): Promise<number | undefined> {
  const [first] = await queryVector(prometheus!.url, promql, Date.now() / 1000);
  return first ? Number(first.value) : undefined;
}

/** How the scrapes went: a failed one (up 0) makes every series stale. */
async function scrapes(): Promise<string> {
  const q = async (promql: string) => (await queryOne(promql))?.toFixed(3) ?? 'none';
  return `scrapes in the last 5 min: ${await q('count_over_time(up[5m])')}, seconds down ${await q('count_over_time((up == 0)[5m:1s])')}, ` +
    `slowest ${await q('max_over_time(scrape_duration_seconds[5m])')} s`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-prom-'));
  backend = await startBackend(PORT, ['--state-dir', path.join(dir, 'state')]);
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, backend.token, { mode: 0o600 });
  // deploy/prometheus.yml itself, scraping this backend every second (its
  // timeout too: under qemu, SLOW seconds, as the first scrape waits for bpftool).
  const config = writeExampleConfig(dir, { tokenFile, targets: [`127.0.0.1:${PORT}`], interval: `${SLOW}s` });
  prometheus = await startPrometheus(config, dir, PROM_PORT, 15_000 * SLOW);
});

afterAll(async () => {
  await prometheus?.stop();
  await backend?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('metrics scraped by a real Prometheus', () => {
  it('refuses /metrics without the token', async () => {
    expect((await fetch(`${backend.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${backend.url}/metrics`, { headers: { Authorization: `Bearer ${backend.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('scrapes the tracer up, and counts a named process\'s opens by comm and result', async () => {
    await waitFor(async () => ((await queryOne('up{job="ebpf-dash"}')) === 1 ? true : undefined), 'the scrape to succeed');
    expect(await queryOne('ebpfdash_tracer_up')).toBe(1);

    // Three opens that work, two that fail with ENOENT, one with ENOTDIR.
    await runSteps([
      `comm:${COMM}`,
      'open:/etc/hostname', 'open:/etc/passwd', 'open:/proc/self/status',
      `open:${dir}/missing-1`, `open:${dir}/missing-2`, 'open:/etc/hostname/not-a-dir',
    ]);
    // Compared whole, so a failure shows what each result counted, and
    // what the dashboard itself recorded for that name.
    const expected = { ok: 3, ENOENT: 2, ENOTDIR: 1 };
    let seen: Record<string, number> = {};
    const byResult = async () => {
      const v = await queryVector(prometheus!.url, `sum by (result) (ebpfdash_opens_total{comm="${COMM}"})`, Date.now() / 1000);
      seen = Object.fromEntries(v.map((s) => [s.labels.result, Number(s.value)]));
      return Object.values(seen).reduce((a, b) => a + b, 0) >= 6 ? seen : undefined;
    };
    const got = await waitFor(byResult, 'Prometheus to see six opens').catch(async (err: Error) => {
      const events = await backend.api<EventsPage>(`/api/events?comm=${COMM}&limit=20`);
      const recorded = events.body.events.map((e) => `${e.path} ${e.errno ? `errno ${e.errno}` : 'ok'}`);
      throw new Error(`${err.message}: Prometheus had ${JSON.stringify(seen)}; the dashboard recorded ${JSON.stringify(recorded)}; ${await scrapes()}`);
    });
    expect(got, await scrapes()).toEqual(expected);
    // What the dashboard itself counted for that name: the same six.
    const events = await backend.api<{ total: number }>(`/api/events?comm=${COMM}&limit=1`);
    expect(events.body.total).toBe(6);
  });
});
