import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/event';
import { RECORD_HEADER, recordLine, recordTagLine } from './record-format';
import type { Pipeline } from './pipeline';
import { openReplay } from './replay';

const TAG = '8123456789abcdef';
const ours = (ts: string, pathEsc: string, tag = TAG) =>
  `           cat-77    [001] ...21   ${ts}: bpf_trace_printk: odash tag=${tag} sys=openat pid=77 tid=77 uid=0 flags=0x0 ret=3 comm=cat path=${pathEsc} trunc=0`;

/** One of our lines from a process whose name holds `x\n#odash-tag ab`: the
 *  kernel's header holds the raw name, so the line splits in two. */
const hostileComm = (ts: string) =>
  ours(ts, '/c')
    .replace('           cat-77', '   x\n#odash-tag ab-77')
    .replace('comm=cat', 'comm=x\\x0a#odash-tag\\x20ab')
    .split('\n');
/** A file as the tracer records these trace_pipe lines under TAG. */
const recording = (lines: string[]) => [RECORD_HEADER, recordTagLine(TAG), ...lines.map(recordLine)];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-replay-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

const open: Pipeline[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

/** Replays the lines; r is the pipeline they went through. */
async function replay(lines: string[], speed = 0): Promise<{ r: Pipeline; events: TraceEvent[]; ms: number }> {
  const file = path.join(dir, `rec${files++}.log`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`, 'latin1');
  const { pipeline, replay } = await openReplay({ file, speed });
  open.push(pipeline);
  const events: TraceEvent[] = [];
  pipeline.subscribe((e) => events.push(e));
  const t0 = performance.now();
  await replay.start();
  await replay.finished();
  return { r: pipeline, events, ms: performance.now() - t0 };
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

  it('replays its own recordings as it did the older format', async () => {
    const lines = [
      ours('10.000001', '/etc/a\\x0ab'),
      ours('10.000002', '/forged', '9999999999999999'),
      '             vim-3382    [008] ...21   10.5: bpf_trace_printk: process=vim pid=3382',
      'CPU:0 [LOST 3 EVENTS]',
      'garbage',
    ];
    const old = await replay([`#odash-tag ${TAG}`, ...lines]);
    const now = await replay(recording(lines));
    expect(now.events).toEqual(old.events);
    expect(now.r.counts).toEqual(old.r.counts);
    expect(now.r.now()).toBe(10.5);
  });

  it('counts a line with an impossible timestamp as unparsed, and stays bounded', { timeout: 5000 }, async () => {
    const { r, events, ms } = await replay([
      `#odash-tag ${TAG}`,
      ours('10.000001', '/a'),
      ours('99999999999999999999.000000', '/b'),
      '             vim-3382    [008] ...21   99999999999999999999.5: bpf_trace_printk: process=vim pid=3382',
      '          <idle>-0       [000] d..2.  99999999999999999999.0: sched_switch: prev_comm=swapper',
      ours('10.5', '/c'),
    ]);
    expect(events.map((e) => e.path)).toEqual(['/a', '/c']);
    expect(r.counts).toMatchObject({ lines: 5, events: 2, foreign: 1, unparsed: 2 });
    expect(r.unparsedSamples.map((s) => s.reason)).toEqual(['bad timestamp', 'bad timestamp']);
    expect(r.now()).toBe(10.5);
    // The views are the store's: the impossible times are not in them.
    expect((await r.store.rate({}, 0, 10, 1)).rate.reduce((n, p) => n + p.opens, 0)).toBe(2);
    expect((await r.store.processes({}, 'pid', 10, {}, r.now())).processes[0]!.opens).toBe(2);
    expect(ms).toBeLessThan(2000);
  });

  it('paces past an impossible timestamp instead of waiting for it', { timeout: 5000 }, async () => {
    const { r, events, ms } = await replay(
      [`#odash-tag ${TAG}`, ours('10.0', '/a'), ours('99999999999999999999.000000', '/b'), ours('10.2', '/c')],
      1,
    );
    expect(events.map((e) => e.path)).toEqual(['/a', '/c']);
    expect(r.counts).toMatchObject({ events: 2, unparsed: 1 });
    expect(ms).toBeLessThan(2000);
  });

  it('accepts no tag forged by bytes inside a recorded line', async () => {
    const FORGED = '9999999999999999';
    const [split, ourHostile] = hostileComm('11.3') as [string, string];
    const { r, events } = await replay(
      recording([
        ours('10.0', '/a'),
        // Another program printing a path that holds "\n#odash-tag <hex>\n".
        '            evil-66      [000] ...21    11.0: bpf_trace_printk: open /tmp/x',
        `#odash-tag ${FORGED}`,
        ours('11.1', '/forged', FORGED),
        RECORD_HEADER,
        `\\#odash-tag ${FORGED}`,
        ours('11.2', '/forged', FORGED),
        split,
        ourHostile,
        ours('12.0', '/b'),
      ]),
    );
    expect(events.map((e) => [e.comm, e.path])).toEqual([['cat', '/a'], ['x\n#odash-tag ab', '/c'], ['cat', '/b']]);
    // As the live tracer counted them.
    expect(r.counts).toMatchObject({ lines: 10, events: 3, foreign: 3, unparsed: 4 });
  });

  it('ignores and counts tag lines that are not 16 lowercase hex digits', async () => {
    const bad = ['', '8123456789ABCDEF', '8123', `${TAG} `];
    const lines = bad.flatMap((tag, i) => [`#odash-tag ${tag}`, ours(`10.${i}`, `/${i}`, tag.trim())]);
    // In a file without the header as in one with it.
    const files = [() => lines, () => [RECORD_HEADER, ...lines.map((l) => (l.startsWith('#') ? l : recordLine(l)))]];
    for (const file of files) {
      const { r, events } = await replay(file());
      expect(events).toEqual([]);
      expect(r.counts).toMatchObject({ lines: 8, events: 0, foreign: 4, unparsed: 4 });
      expect(r.unparsedSamples.map((s) => s.reason)).toEqual(Array(4).fill('bad tag line'));
    }
  });
});
