/**
 * GET /metrics and GET /api/cost of a real backend replaying a recording
 * (no root, no kernel): the token guards them as it guards the API, the
 * answer is the Prometheus text format, and it counts the replayed opens
 * by name and errno, with no PID or path for a label.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costSchema } from '../../protocol/cost';
import type { Health } from '../../protocol/status';
import { message, traceLine } from '../testing/printk';
import { parsePromText, samplesOf } from '../testing/prom-text';
import { startBackend, waitFor, type Backend } from '../testing/backend';
import { RECORDS } from '../trace/line-format';
import { RECORD_HEADER, recordLine, recordTagLine } from '../trace/record-format';
import { REPLAY_NOTE } from './cost-samples';

const PORT = 7252;
const TAG = '5eed00000000beef';

interface Open {
  comm: string;
  pid: number;
  path: string;
  ret: number;
  sys?: 'openat' | 'open' | 'openat2';
}
const OPENS: Open[] = [
  ...[1, 2, 3].map((i) => ({ comm: 'metrics-probe', pid: 4242, path: `/srv/missing-${i}`, ret: -2 })),
  { comm: 'metrics-probe', pid: 4242, path: '/etc/hostname', ret: 3 },
  { comm: 'metrics-probe', pid: 4243, path: '/etc/passwd', ret: 4 },
  { comm: 'cat', pid: 77, path: '/root/secret', ret: -13, sys: 'openat2' },
];

/** A recording of these opens, as --record writes it. */
function recording(): string {
  const lines = OPENS.map((o, i) => {
    const msg = message(RECORDS.event, TAG, {
      sys: o.sys ?? 'openat', pid: o.pid, uid: 0, euid: 0, flags: 0, ret: o.ret, dur: 1500, cg: 0, comm: o.comm, path: o.path, bits: 0,
    });
    return recordLine(traceLine(o.comm, o.pid, 0, 100 + i / 1000, msg));
  });
  return `${[RECORD_HEADER, recordTagLine(TAG), ...lines].join('\n')}\n`;
}

let dir: string;
let backend: Backend;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-metrics-'));
  const file = path.join(dir, 'session.log');
  fs.writeFileSync(file, recording());
  backend = await startBackend(PORT, ['--replay', file, '--speed', '0']);
  await waitFor(async () => {
    const { body } = await backend.api<Health>('/api/health');
    return body.counts.events === OPENS.length ? true : undefined;
  }, 'the replayed events');
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (route: string, token?: string) =>
  fetch(backend.url + route, token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });

describe('GET /metrics', () => {
  it('needs the token, as the API does', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', 'not-the-token')).status).toBe(401);
  });

  it('answers the Prometheus text format, counting the replayed opens by name and result', async () => {
    const res = await get('/metrics', backend.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const e = parsePromText(await res.text());
    expect(e.types.get('ebpfdash_opens_total')).toBe('counter');
    const opens = samplesOf(e, 'ebpfdash_opens_total');
    const count = (labels: Record<string, string>) =>
      opens.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
    expect(count({ comm: 'metrics-probe', syscall: 'openat', result: 'ENOENT' })).toBe(3);
    expect(count({ comm: 'metrics-probe', result: 'ok' })).toBe(2);
    expect(count({ comm: 'cat', syscall: 'openat2', result: 'EACCES' })).toBe(1);
    expect(count({ result: 'ENOENT' })).toBe(OPENS.filter((o) => o.ret === -2).length);
    expect(count({})).toBe(OPENS.length);
    expect(samplesOf(e, 'ebpfdash_trace_lines_total').find((s) => s.labels.kind === 'event')?.value).toBe(OPENS.length);
    expect(samplesOf(e, 'ebpfdash_tracer_info')).toEqual([{ name: 'ebpfdash_tracer_info', labels: { attach: 'none' }, value: 1 }]);
    expect(samplesOf(e, 'ebpfdash_store_events')).toHaveLength(1);
    // A replay has no XDP filter and runs no BPF program.
    expect(e.samples.filter((s) => /^ebpfdash_(xdp|bpf)_/.test(s.name))).toEqual([]);
    expect(samplesOf(e, 'process_resident_memory_bytes')[0]!.value).toBeGreaterThan(0);

    // Bounded labels: never a PID or a path.
    const pids = new Set(OPENS.map((o) => String(o.pid)));
    const paths = new Set(OPENS.map((o) => o.path));
    for (const s of e.samples.filter((x) => x.name.startsWith('ebpfdash_'))) {
      for (const v of Object.values(s.labels)) {
        expect(pids.has(v) || paths.has(v) || v.startsWith('/'), `${s.name} ${v}`).toBe(false);
      }
    }
  });
});

describe('GET /api/cost', () => {
  it('says a replay has no BPF cost, and gives the backend\'s own', async () => {
    expect((await get('/api/cost')).status).toBe(401);
    const { status, body } = await backend.api('/api/cost');
    expect(status).toBe(200);
    const cost = costSchema.parse(body);
    expect(cost).toMatchObject({
      statsEnabled: false, statsNote: REPLAY_NOTE, programs: [], bpfNsPerOpen: null, bpfCpuPercent: null, bpfMemlockBytes: null,
    });
    expect(cost.backendRssBytes).toBeGreaterThan(0);
    expect(cost.intervalSeconds).toBeGreaterThan(0);
  });
});
