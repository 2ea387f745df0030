/**
 * GET /api/trace-pipe against the real backend, replaying a plain capture
 * (no root, no kernel): other programs' lines come back as they were,
 * ours and the unreadable ones do not; the query is checked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignLinesAnswerSchema, type ForeignLinesAnswer } from '../../protocol/views';
import { startBackend, waitFor, type Backend } from '../testing/backend';

const PORT = 7251;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-trace-pipe-'));
let backend: Backend;

const PRINTK = '          <idle>-0       [001] ..s2.  123.456789: bpf_trace_printk: Dst IP: 10.0.0.1';
const SWITCH = '          <idle>-0       [002] d..2.  124.000001: sched_switch: prev_comm=swapper/2 ==> next_comm=cat';
/** Any byte but the newline, in the task name and the message. */
const BYTES = `  \u0000\u00ff\u001b[2J-9     [003] ..... 125.5: bpf_trace_printk: \u0001\u007f\u00e9\u00c3\u00a9\t\\x0a end`;
const LONG = `          <idle>-0       [001] ..s2.  126.000000: bpf_trace_printk: ${'x'.repeat(3000)}`;

beforeAll(async () => {
  const file = path.join(dir, 'capture.log');
  const lines = [
    PRINTK,
    // The article's BCC line: a replay reads it as an event, not foreign.
    '             vim-3382    [008] ...21   123.5: bpf_trace_printk: process=vim pid=3382',
    SWITCH,
    'CPU:0 [LOST 3 EVENTS]',
    'garbage',
    BYTES,
    LONG,
    `          <idle>-0       [001] ..s2.  127.000000: bpf_trace_printk: token=test-${PORT}-token!`,
  ];
  fs.writeFileSync(file, `${lines.join('\n')}\n`, 'latin1');
  backend = await startBackend(PORT, ['--replay', file, '--speed', '0']);
  await waitFor(async () => ((await backend.api<ForeignLinesAnswer>('/api/trace-pipe')).body.total === 5 ? true : undefined), 'the replay');
});
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (query: string) => {
  const r = await backend.api<ForeignLinesAnswer & { error?: string }>(`/api/trace-pipe${query}`);
  return r;
};

describe('GET /api/trace-pipe', () => {
  it('gives back the other programs\' lines, every byte as it came, oldest first', async () => {
    const { status, body } = await get('');
    expect(status).toBe(200);
    expect(foreignLinesAnswerSchema.parse(body)).toEqual(body);
    expect(body.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(body.lines.slice(0, 3).map((l) => l.line)).toEqual([PRINTK, SWITCH, BYTES]);
    expect(body.lines.map((l) => l.ts)).toEqual([123.456789, 124.000001, 125.5, 126, 127]);
    expect(body.lines[3]).toMatchObject({ cut: true, line: LONG.slice(0, 2000) });
    expect(body.lines[2]!.cut).toBeUndefined();
    // The API token is never shown, whoever printed it.
    expect(body.lines[4]!.line).toMatch(/token=<token>!$/);
    expect(body).toMatchObject({ next: 5, dropped: 0, total: 5 });
    const health = await backend.api<{ counts: { foreign: number } }>('/api/health');
    expect(health.body.counts.foreign).toBe(5);
  });

  it('pages with after and limit, and searches what it holds', async () => {
    expect((await get('?after=1&limit=2')).body.lines.map((l) => l.seq)).toEqual([2, 3]);
    expect((await get('?limit=2')).body.lines.map((l) => l.seq)).toEqual([4, 5]);
    expect((await get('?after=5')).body).toEqual({ lines: [], next: 5, dropped: 0, total: 5 });
    const found = await get(`?q=${encodeURIComponent('DST ip')}`);
    expect(found.body.lines.map((l) => l.line)).toEqual([PRINTK]);
    // UTF-8 text matches the line's UTF-8 bytes; regex syntax is text.
    expect((await get(`?q=${encodeURIComponent('é\t\\X0A')}`)).body.lines.map((l) => l.seq)).toEqual([3]);
    expect((await get('?q=.*')).body.lines).toEqual([]);
  });

  it('refuses what it does not know, with a reason', async () => {
    for (const query of [
      '?limit=0', '?limit=2001', '?limit=x', '?after=-1', '?after=1.5', `?q=${'a'.repeat(201)}`, '?comm=cat', '?from=1',
    ]) {
      const r = await get(query);
      expect(r.status, query).toBe(400);
      expect(r.body.error, query).toEqual(expect.any(String));
    }
    expect((await get(`?q=${'a'.repeat(200)}&limit=2000&after=0`)).status).toBe(200);
  });
});
