import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/event';
import { Replay } from './replay';

const TAG = '8123456789abcdef';
const ours = (ts: string, pathEsc: string, tag = TAG) =>
  `           cat-77    [001] ...21   ${ts}: bpf_trace_printk: odash tag=${tag} sys=openat pid=77 tid=77 uid=0 flags=0x0 ret=3 comm=cat path=${pathEsc} trunc=0`;

async function replay(lines: string[], speed = 0): Promise<{ r: Replay; events: TraceEvent[]; ms: number }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'odash-replay-')), 'rec.log');
  fs.writeFileSync(file, `${lines.join('\n')}\n`, 'latin1');
  const r = new Replay({ file, speed });
  const events: TraceEvent[] = [];
  r.subscribe((e) => events.push(e));
  const t0 = performance.now();
  await r.start();
  await r.finished();
  return { r, events, ms: performance.now() - t0 };
}

describe('Replay', () => {
  it('replays recorded lines of known tags, and the article BCC lines, through the ingest path', async () => {
    const { r, events } = await replay([
      `#odash-tag ${TAG}`,
      ours('10.000001', '/etc/a\\x0ab'),
      ours('10.000002', '/forged', '9999999999999999'),
      '             vim-3382    [008] ...21   10.5: bpf_trace_printk: process=vim pid=3382',
      'CPU:0 [LOST 3 EVENTS]',
      'garbage',
    ]);
    expect(events.map((e) => [e.comm, e.path, e.origin])).toEqual([
      ['cat', '/etc/a\nb', undefined],
      ['vim', '', 'article'],
    ]);
    expect(r.counts).toMatchObject({ lines: 5, events: 2, foreign: 1, unparsed: 1, lostMarkers: 3, lost: 3 });
    expect(r.now()).toBe(10.5);
    expect(r.status.state).toBe('replay');
    expect(r.live).toBe(false);
  });

  it('paces lines by their timestamps at the given speed', async () => {
    const { events, ms } = await replay([`#odash-tag ${TAG}`, ours('20.0', '/a'), ours('20.4', '/b')], 2);
    expect(events).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(180); // 0.4 s of trace at 2x
  });
});
