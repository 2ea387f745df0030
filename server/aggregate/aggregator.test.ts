import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/event';
import { Aggregator, DEFAULT_AGGREGATOR_OPTIONS } from './aggregator';

let n = 0;
const ev = (over: Partial<TraceEvent>): TraceEvent => ({
  ts: 100, cpu: 0, pid: 1, tid: 1, comm: 'a', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0,
  path: `/f${n++}`, truncated: false, syscall: 'openat', ...over,
});
const opts = { recentEvents: 5, historySeconds: 10, maxProcesses: 3, maxFilesPerProcess: 2, maxFileEntries: 1000, maxSeriesPoints: 1000 };

describe('Aggregator', () => {
  it('totals opens, failures and distinct files per process, busiest first', () => {
    const a = new Aggregator(opts);
    a.add(ev({ pid: 1, path: '/x' }));
    a.add(ev({ pid: 1, path: '/x', ret: -2, errno: 2 }));
    a.add(ev({ pid: 2, comm: 'b', path: '/y', ts: 101 }));
    a.add(ev({ pid: 2, comm: 'b', path: '/z', ts: 101 }));
    a.add(ev({ pid: 2, comm: 'b', path: '/w', ts: 101.5 }));
    expect(a.processes()).toEqual([
      { pid: 2, comm: 'b', opens: 3, failed: 0, files: 2, filesCapped: true, rate: 0.6, lastPath: '/w', lastTs: 101.5 },
      { pid: 1, comm: 'a', opens: 2, failed: 1, files: 1, filesCapped: false, rate: 0.4, lastPath: '/x', lastTs: 100 },
    ]);
    expect(a.processes(1, { comm: 'a' }).map((p) => p.pid)).toEqual([1]);
  });

  it('keeps per-second rates, zero-filled, within the history window', () => {
    const a = new Aggregator(opts);
    a.add(ev({ ts: 100.1 }));
    a.add(ev({ ts: 100.9, ret: -13, errno: 13 }));
    a.add(ev({ ts: 102.2 }));
    expect(a.rate(100)).toEqual([
      { t: 100, opens: 2, failed: 1 },
      { t: 101, opens: 0, failed: 0 },
      { t: 102, opens: 1, failed: 0 },
    ]);
    a.advance(120);
    expect(a.rate()).toHaveLength(10);
    expect(a.rate().every((p) => p.opens === 0)).toBe(true);
    expect(a.processes()[0]!.rate).toBe(0);
  });

  it('keeps a bounded window of recent events, newest first, filtered', () => {
    const a = new Aggregator(opts);
    for (let i = 0; i < 8; i++) a.add(ev({ pid: i % 2 ? 7 : 8, ts: 100 + i }));
    expect(a.recent().map((e) => e.ts)).toEqual([107, 106, 105, 104, 103]);
    expect(a.recent({ pid: 7 }, 2).map((e) => e.ts)).toEqual([107, 105]);
  });

  it('details one process: its files with failures by errno, first/last seen, flags, and its rate', () => {
    const a = new Aggregator(opts);
    a.add(ev({ pid: 9, path: '/a', ts: 100.2, flags: 0 }));
    a.add(ev({ pid: 9, path: '/a', ts: 101.5, flags: 0x80000, ret: -13, errno: 13 }));
    a.add(ev({ pid: 9, path: '/b', ts: 101.7, ret: -2, errno: 2 }));
    a.add(ev({ pid: 9, path: '/b', ts: 101.8, ret: -2, errno: 2 }));
    const d = a.process(9, 100)!;
    expect(d).toMatchObject({ pid: 9, opens: 4, failed: 3, firstTs: 100.2, lastTs: 101.8, filesCapped: false });
    expect(d.files).toEqual([
      { path: '/a', opens: 2, failures: { 13: 1 }, firstTs: 100.2, lastTs: 101.5, flags: [0, 0x80000] },
      { path: '/b', opens: 2, failures: { 2: 2 }, firstTs: 101.7, lastTs: 101.8, flags: [0] },
    ]);
    expect(d.rate).toEqual([{ t: 100, opens: 1, failed: 0 }, { t: 101, opens: 3, failed: 3 }]);
    expect(a.process(12345)).toBeUndefined();
  });

  it('forgets the longest idle processes past its bound, never the newest', () => {
    const a = new Aggregator(opts);
    for (let pid = 1; pid <= 5; pid++) a.add(ev({ pid, ts: 100 + pid }));
    const pids = a.processes().map((p) => p.pid);
    expect(pids).toContain(5);
    expect(pids.length).toBeLessThanOrEqual(3);
  });

  it('stays bounded whatever the timestamps: off the clock, far ahead, back again', { timeout: 5000 }, () => {
    const t0 = performance.now();
    const a = new Aggregator(opts);
    a.add(ev({ pid: 1, ts: 100.5 }));
    // No trace clock reads these (the parser refuses them): left out.
    for (const ts of [2 ** 53, 99999999999999999999, Infinity, NaN, -1]) a.add(ev({ pid: 2, ts }));
    for (const now of [1e20, Infinity, NaN, -5]) a.advance(now);
    expect(a.clock).toBe(100.5);
    expect(a.processes().map((p) => p.pid)).toEqual([1]);

    // Far ahead: history starts over rather than being stepped through.
    a.add(ev({ pid: 1, ts: 4e9 + 0.5 }));
    expect(a.rate().map((p) => p.opens)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(a.rate().at(-1)!.t).toBe(4e9);
    expect(a.process(1)!.rate).toHaveLength(10);
    expect(a.processes()[0]!.rate).toBe(0.2);
    // Back again: the clock stays, nothing loops.
    a.add(ev({ pid: 1, ts: 50 }));
    a.advance(60);
    expect(a.clock).toBe(4e9 + 0.5);
    for (const from of [-1e300, 0, 4e9 - 3.5, 1e300, NaN]) {
      expect(a.rate(from).length).toBeLessThanOrEqual(10);
      expect(a.process(1, from)!.rate.length).toBeLessThanOrEqual(10);
    }
    expect(a.rate(4e9 - 3.5).map((p) => p.t)).toEqual([4e9 - 4, 4e9 - 3, 4e9 - 2, 4e9 - 1, 4e9]);
    a.advance(4e9 + 1e6);
    expect(a.rate()).toHaveLength(10);
    expect(a.rate().every((p) => p.opens === 0)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('keeps its memory bounded whatever processes and paths arrive: 1,500 PIDs x 400 failed opens of 300-byte paths (6x the budget)', { timeout: 60_000 }, () => {
    const a = new Aggregator(DEFAULT_AGGREGATOR_OPTIONS);
    const heapBefore = process.memoryUsage().heapUsed;
    const pad = 'p'.repeat(290);
    for (let pid = 1; pid <= 1500; pid++) {
      for (let i = 0; i < 400; i++) {
        a.add(ev({ pid, comm: 'attacker', ts: 100 + pid / 100, ret: -2, errno: 2, path: `/${pad}/${pid}/${i}` }));
      }
    }
    a.advance(200);
    expect(a.usage.fileEntries).toBeLessThanOrEqual(DEFAULT_AGGREGATOR_OPTIONS.maxFileEntries);
    expect(a.processes().filter((p) => p.filesCapped).length).toBeGreaterThan(1000);
    expect(a.processes().reduce((n, p) => n + p.opens, 0)).toBe(1500 * 400); // counted, if not itemized
    expect((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toBeLessThan(300);
  });

  it('keeps the per-process charts within a points budget, newest seconds kept', () => {
    const a = new Aggregator({ ...opts, maxProcesses: 100, historySeconds: 1000, maxSeriesPoints: 100 });
    for (let t = 0; t < 50; t++) for (let pid = 1; pid <= 10; pid++) a.add(ev({ pid, ts: 100 + t }));
    a.advance(150);
    expect(a.usage.seriesPoints).toBeLessThanOrEqual(100);
    const rate = a.process(1)!.rate;
    expect(rate.filter((p) => p.opens > 0).map((p) => p.t)).toEqual([140, 141, 142, 143, 144, 145, 146, 147, 148, 149]);
  });
});
