import { describe, expect, it } from 'vitest';
import type { ProcessStats, RatePoint, TraceEvent } from '../../protocol/event';
import type { HelloMessage, UpdateMessage } from '../../protocol/messages';
import type { Counts, TracerStatus } from '../../protocol/status';
import { DashboardStore, EVENT_CAPACITY } from './dashboard-store';

const counts: Counts = { lines: 0, events: 0, foreign: 0, unparsed: 0, lost: 0, lostMarkers: 0, overrun: 0, startsFull: 0, exitsMissed: 0 };
const tracer: TracerStatus = { state: 'running', attach: 'tracepoint', attachWhy: null, syscalls: ['openat'], restarts: 0, message: null, scope: { pid: null, uid: null, comm: null } };

function ev(ts: number, path = `/f${ts}`): TraceEvent {
  return { ts, cpu: 0, pid: 1, tid: 1, comm: 'c', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0, path, truncated: false, syscall: 'openat' };
}

function proc(pid: number, lastTs: number): ProcessStats {
  return { pid, comm: 'c', opens: 1, failed: 0, files: 1, filesCapped: false, rate: 0, lastPath: '/', lastTs };
}

function hello(over: Partial<HelloMessage> = {}): HelloMessage {
  return {
    type: 'hello', version: 1, bootWallMs: 1_000_000, tracer, counts, history: [],
    bounds: { historySeconds: 3600, recentEvents: 50_000 }, recent: [], processes: [], ...over,
  };
}

function update(over: Partial<UpdateMessage> = {}): UpdateMessage {
  return { type: 'update', events: [], omitted: 0, counts, tracer, rate: [], processes: [], ...over };
}

function zeroFilled(from: number, count: number): RatePoint[] {
  return Array.from({ length: count }, (_, i) => ({ t: from + i, opens: 0, failed: 0 }));
}

/** A history as the server sends it: `count` seconds up to the last point,
 *  zero-filled around the given ones. */
function history(points: RatePoint[], count = 3600): RatePoint[] {
  const end = points[points.length - 1]!.t;
  const out = zeroFilled(end - count + 1, count);
  for (const p of points) out[p.t - (end - count + 1)] = p;
  return out;
}

const paths = (s: DashboardStore) => s.events.newestFirst().map((e) => e.path);

describe('DashboardStore', () => {
  it('resets from hello, keeping recent newest first', () => {
    const s = new DashboardStore();
    s.applyUpdate(update({ events: [ev(1, '/old')], omitted: 5 }), 0);
    s.applyHello(hello({ recent: [ev(9, '/b'), ev(8, '/a')], processes: [proc(7, 9)] }), 0);
    expect(paths(s)).toEqual(['/b', '/a']);
    expect(s.omitted).toBe(0);
    expect(s.processes.map((p) => p.pid)).toEqual([7]);
    expect(s.bootWallMs).toBe(1_000_000);
  });

  it('appends update events (oldest first) and sums omitted', () => {
    const s = new DashboardStore();
    s.applyHello(hello({ recent: [ev(1, '/a')] }), 0);
    s.applyUpdate(update({ events: [ev(2, '/b'), ev(3, '/c')], omitted: 4 }), 0);
    s.applyUpdate(update({ events: [ev(4, '/d')], omitted: 3 }), 0);
    expect(paths(s)).toEqual(['/d', '/c', '/b', '/a']);
    expect(s.omitted).toBe(7);
  });

  it('keeps only the newest events', () => {
    const s = new DashboardStore();
    s.applyHello(hello(), 0);
    const many = Array.from({ length: EVENT_CAPACITY + 10 }, (_, i) => ev(i));
    s.applyUpdate(update({ events: many }), 0);
    expect(s.events.size).toBe(EVENT_CAPACITY);
    expect(s.events.newestFirst()[0]?.ts).toBe(EVENT_CAPACITY + 9);
  });

  it('replaces processes, counts and tracer with each update', () => {
    const s = new DashboardStore();
    s.applyHello(hello({ processes: [proc(1, 1), proc(2, 1)] }), 0);
    const failed: TracerStatus = { ...tracer, state: 'failed', message: 'no BTF' };
    s.applyUpdate(update({ processes: [proc(3, 2)], counts: { ...counts, lost: 12 }, tracer: failed }), 0);
    expect(s.processes.map((p) => p.pid)).toEqual([3]);
    expect(s.counts?.lost).toBe(12);
    expect(s.tracer?.message).toBe('no BTF');
  });

  it('keeps as much history as hello says the server keeps, zero-filled', () => {
    const s = new DashboardStore();
    const history = zeroFilled(3, 3600);
    history[3597] = { t: 3600, opens: 5, failed: 1 };
    s.applyHello(hello({ history }), 50_000);
    expect(s.historySeconds).toBe(3600);
    const w = s.rateWindow(50_000);
    expect(w).toHaveLength(3600);
    expect(w[0]).toEqual({ t: 3, opens: 0, failed: 0 });
    expect(w[3597]).toEqual({ t: 3600, opens: 5, failed: 1 });
    s.applyHello(hello({ history, bounds: { historySeconds: 600, recentEvents: 50_000 } }), 50_000);
    expect(s.rateWindow(50_000)).toHaveLength(600);
  });

  it('charts the kept seconds zero-filled, later points replacing earlier ones', () => {
    const s = new DashboardStore();
    s.applyHello(hello({ history: history([{ t: 100, opens: 5, failed: 1 }, { t: 102, opens: 2, failed: 0 }]) }), 50_000);
    s.applyUpdate(update({ rate: [{ t: 102, opens: 9, failed: 2 }] }), 50_000);
    const w = s.rateWindow(50_000);
    expect(w).toHaveLength(s.historySeconds);
    expect(w[w.length - 1]).toEqual({ t: 102, opens: 9, failed: 2 });
    expect(w[w.length - 2]).toEqual({ t: 101, opens: 0, failed: 0 });
    expect(w[w.length - 3]).toEqual({ t: 100, opens: 5, failed: 1 });
    expect(w[0]?.t).toBe(102 - s.historySeconds + 1);
  });

  it('forgets seconds older than the history', () => {
    const s = new DashboardStore();
    s.applyHello(hello({ history: zeroFilled(10, 60), bounds: { historySeconds: 60, recentEvents: 50_000 } }), 0);
    s.applyUpdate(update({ rate: [{ t: 10 + 60, opens: 1, failed: 0 }] }), 0);
    const w = s.rateWindow(0);
    expect(w).toHaveLength(60);
    expect(w[0]?.t).toBe(11);
    expect(w.every((p) => p.t !== 10)).toBe(true);
  });

  it('moves the window on with time when nothing arrives, without the browser clock', () => {
    const s = new DashboardStore();
    // bootWallMs far from the browser clock: the window must still follow the data.
    s.applyHello(hello({ bootWallMs: 0, history: history([{ t: 500, opens: 3, failed: 0 }]) }), 1e12);
    expect(s.nowT(1e12)).toBe(500);
    expect(s.nowT(1e12 + 4000)).toBe(504);
    const w = s.rateWindow(1e12 + 4000);
    expect(w[w.length - 1]).toEqual({ t: 504, opens: 0, failed: 0 });
    expect(w[w.length - 5]).toEqual({ t: 500, opens: 3, failed: 0 });
  });

  it('takes the latest event time as now when it is ahead', () => {
    const s = new DashboardStore();
    s.applyHello(hello({ history: history([{ t: 500, opens: 3, failed: 0 }]) }), 0);
    s.applyUpdate(update({ events: [ev(500.2), ev(501.7)] }), 100);
    expect(s.nowT(100)).toBeCloseTo(501.7);
    expect(s.nowT(1100)).toBeCloseTo(502.7);
  });

  it('has no window before hello', () => {
    expect(new DashboardStore().rateWindow(0)).toEqual([]);
  });
});
