import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UNATTRIBUTED, type ProcessGroup, type RatePoint, type StoredEvent } from '../../protocol/event';
import type { EventFilter, HelloMessage, UpdateMessage } from '../../protocol/messages';
import type { EventsPage, ProcessesAnswer, RateAnswer, StoreStats } from '../../protocol/views';
import type { ApiResult } from './api-call';
import type { LiveHandlers, LiveState } from './live-connection';
import { type FeedDeps, type FeedSettings, OverviewFeed } from './overview-feed';

const store: StoreStats = {
  path: ':memory:', events: 0, oldestTs: null, newestTs: null, bytes: 0, retentionSeconds: 3600, maxBytes: 1 << 30,
  droppedByAge: 0, droppedBySize: 0, writeFailures: 0, lastError: null,
};
const base = {
  tracer: {
    state: 'running', attach: 'fentry', attachWhy: null, syscalls: ['openat'], restarts: 0, message: null,
    scope: { pid: null, uid: null, comm: null },
  },
  counts: { lines: 0, events: 0, records: 0, fullMissing: 0, own: 0, foreign: 0, unparsed: 0, lost: 0, startsFull: 0, exitsMissed: 0, lostMarkers: 0, overrun: 0, spooled: 0, spoolFullMs: 0 },
  store,
} as const;
const hello = (now: number): HelloMessage => ({ type: 'hello', version: 3, bootWallMs: 0, now, ...base, tracer: { ...base.tracer, syscalls: ['openat'] } });
const update = (now: number, events: StoredEvent[], rate: RatePoint[] = [], omitted = 0, filterId = 0): UpdateMessage => ({
  type: 'update', now, filterId, events, omitted, rate, ...base, tracer: { ...base.tracer, syscalls: ['openat'] },
});

function ev(seq: number, comm = 'cat'): StoredEvent {
  return {
    seq, ts: 100, cpu: 0, pid: seq, tid: seq, comm, uid: 0, euid: 0, flags: 0, ret: 3, errno: 0, path: '/x',
    truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED,
  };
}
const ok = <T,>(value: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, value });

/** A store with `events` (newest first) and one open per second in the rate. */
/** `clock.processesMs`: how long (on the feed's clock) a processes read takes. */
/** `clock.held`: processes answers wait for it (a slow store). */
function fakeApi(events: () => StoredEvent[], clock: { ms: number; processesMs: number; held: Promise<void> | null }) {
  const calls: Array<{ what: string; filter: EventFilter; args: Record<string, unknown> }> = [];
  const api: FeedDeps['api'] = {
    events: (filter, page) => {
      calls.push({ what: 'events', filter, args: page });
      const all = events().filter((e) => !filter.comm || e.comm === filter.comm);
      const below = all.filter((e) => page.before == null || e.seq < page.before);
      const got = below.slice(0, page.limit);
      const last = got[got.length - 1];
      const answer: EventsPage = { events: got, next: below.length > got.length && last ? last.seq : null, total: all.length };
      return ok(answer);
    },
    rate: (filter, span) => {
      calls.push({ what: 'rate', filter, args: span });
      const rate: RatePoint[] = [];
      for (let t = span.from; t <= span.to; t += span.step) rate.push({ t, opens: span.step, failed: 0 });
      const answer: RateAnswer = { rate, ...span };
      return ok(answer);
    },
    processes: async (filter, ask) => {
      calls.push({ what: 'processes', filter, args: ask });
      clock.ms += clock.processesMs;
      await clock.held;
      const rows = events().filter((e) => !filter.comm || e.comm === filter.comm);
      const processes = rows.map((e) => ({
        key: String(e.pid), pid: e.pid, start: 0, comm: e.comm, pids: 1, opens: 1, failed: 0, rate: 0, lastPath: e.path, firstTs: e.ts, lastTs: e.ts,
      }));
      const answer: ProcessesAnswer = { processes, group: ask.group, total: processes.length, window: { from: null, to: null } };
      return ok(answer);
    },
  };
  return { api, calls };
}

function setup(settings: Partial<FeedSettings> = {}, stored: StoredEvent[] = [ev(3), ev(2), ev(1)]) {
  let held = stored;
  const clock: { ms: number; processesMs: number; held: Promise<void> | null } = { ms: 0, processesMs: 0, held: null };
  const { api, calls } = fakeApi(() => held, clock);
  let handlers!: LiveHandlers;
  const sent: EventFilter[] = [];
  const live: LiveState = { connection: { status: 'live', reason: null, retryInMs: null }, protocolError: null };
  const feed = new OverviewFeed(
    {
      api,
      connect: (h) => {
        handlers = h;
        // Ids as LiveConnection gives them: a new one per new filter.
        return { start() {}, setFilter: (f) => (sent.push(f), sent.length - 1), close() {}, current: live };
      },
      nowMs: () => clock.ms,
      onChange: () => {},
    },
    { filter: {}, seconds: 60, group: 'comm' as ProcessGroup, paused: false, ...settings },
  );
  feed.start();
  return {
    feed,
    api,
    calls,
    sent,
    handlers: () => handlers,
    store: (next: StoredEvent[]) => (held = next),
    advance: (ms: number) => (clock.ms += ms),
    slowProcesses: (ms: number) => (clock.processesMs = ms),
    /** Holds the processes answers back until the returned function is called. */
    holdProcesses: () => {
      let release!: () => void;
      clock.held = new Promise((r) => (release = r));
      return () => {
        clock.held = null;
        release();
      };
    },
  };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('OverviewFeed', () => {
  it('reads every view on hello, for the chart window ending at the server clock', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    expect(f.calls.map((c) => [c.what, c.args])).toEqual([
      ['events', { limit: 500 }],
      ['rate', { from: 41, to: 89, step: 1 }],
      ['rate', { from: 90, to: 100, step: 1 }],
      ['processes', { group: 'comm', limit: 200 }],
    ]);
    const d = f.feed.snapshot().data;
    expect(d.events.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(d.eventsTotal).toBe(3);
    expect(d.rate?.opens).toBe(60);
    expect(d.rate?.points).toHaveLength(60);
  });

  it('puts the matching new events on top and merges the new seconds', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    f.handlers().onUpdate(update(101.2, [ev(3), ev(4), ev(5, 'sh')], [{ t: 101, opens: 7, failed: 0 }]));
    const d = f.feed.snapshot().data;
    expect(d.events.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(d.eventsTotal).toBe(5);
    // The window moved to 42..101: one second out, 101 in with its 7.
    expect(d.rate?.opens).toBe(60 - 1 + 7);
  });

  it('draws the chart once a second: counts within the second show when it moves on', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    const first = f.feed.snapshot().data.rate;
    expect(first?.opens).toBe(60);
    f.handlers().onUpdate(update(100.6, [], [{ t: 100, opens: 9, failed: 0 }]));
    expect(f.feed.snapshot().data.rate).toBe(first);
    f.handlers().onUpdate(update(101.1, [], []));
    // 42..101: 58 seconds of one open, 100 with its 9, 101 with none yet.
    expect(f.feed.snapshot().data.rate?.opens).toBe(58 + 9);
  });

  it('reads the views again for a settled filter, and drops what no longer matches', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    f.store([ev(6, 'sh'), ev(3), ev(2), ev(1)]);
    f.calls.length = 0;
    f.feed.setFilter({ comm: 'sh' });
    f.feed.setFilter({ comm: 'cat' });
    expect(f.sent.at(-1)).toEqual({ comm: 'cat' });
    await vi.advanceTimersByTimeAsync(199);
    expect(f.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(new Set(f.calls.map((c) => JSON.stringify(c.filter)))).toEqual(new Set(['{"comm":"cat"}']));
    // An update from before the server saw the filter (its id is the
    // old one): nothing of it is taken, its rate neither.
    const before = f.feed.snapshot().data.rate?.opens;
    f.handlers().onUpdate(update(100.5, [ev(7, 'sh'), ev(8)], [{ t: 100, opens: 50, failed: 0 }], 0, 0));
    expect(f.feed.snapshot().data.events.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(f.feed.snapshot().data.rate?.opens).toBe(before);
    // One for the filter (id 2, the second set): taken.
    f.handlers().onUpdate(update(100.6, [ev(9)], [], 0, 2));
    expect(f.feed.snapshot().data.events.map((e) => e.seq)).toEqual([9, 3, 2, 1]);
  });

  it('freezes while paused, counts what comes, and reads again on resume', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    f.feed.setPaused(true);
    const frozen = f.feed.snapshot().data;
    f.advance(5_000);
    f.handlers().onUpdate(update(105.4, [ev(4), ev(5)], [{ t: 105, opens: 9, failed: 0 }], 3));
    const paused = f.feed.snapshot();
    expect(paused.newWhilePaused).toBe(5);
    expect(paused.data.events).toBe(frozen.events);
    expect(paused.data.rate).toEqual(frozen.rate);
    expect(paused.data.nowT).toBe(frozen.nowT);

    f.store([ev(5), ev(4), ev(3), ev(2), ev(1)]);
    f.calls.length = 0;
    f.feed.setPaused(false);
    await settle();
    expect(f.calls.map((c) => c.what)).toEqual(['events', 'rate', 'rate', 'processes']);
    const resumed = f.feed.snapshot();
    expect(resumed.newWhilePaused).toBe(0);
    expect(resumed.data.events.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
  });

  it('loads older pages with the cursor, and polls the processes and the count', async () => {
    const all = Array.from({ length: 1200 }, (_, i) => ev(1200 - i));
    const f = setup({ group: 'pid' }, all);
    f.handlers().onHello(hello(100.4));
    await settle();
    expect(f.feed.snapshot().data.canLoadOlder).toBe(true);
    f.calls.length = 0;
    f.feed.loadOlder();
    await settle();
    expect(f.calls).toEqual([{ what: 'events', filter: {}, args: { limit: 500, before: 701 } }]);
    expect(f.feed.snapshot().data.events).toHaveLength(1000);

    f.calls.length = 0;
    f.store([ev(1202), ev(1201), ...all]);
    f.advance(2_000);
    f.feed.poll();
    await settle();
    expect(f.calls.map((c) => [c.what, c.args])).toEqual([
      ['processes', { group: 'pid', limit: 200 }],
      ['events', { limit: 1 }],
    ]);
    expect(f.feed.snapshot().data.eventsTotal).toBe(1202);
  });

  it("never shows another filter's or grouping's processes: none until theirs come", async () => {
    const f = setup({}, [ev(3, 'sh'), ev(2), ev(1)]);
    f.handlers().onHello(hello(100.4));
    await settle();
    expect(f.feed.snapshot().data.processes?.processes.map((p) => p.comm)).toEqual(['sh', 'cat', 'cat']);

    const release = f.holdProcesses();
    f.feed.setFilter({ comm: 'sh' });
    await vi.advanceTimersByTimeAsync(250);
    // The events are the new filter's; the processes are being read.
    expect(f.feed.snapshot().data.events.map((e) => e.comm)).toEqual(['sh']);
    expect(f.feed.snapshot().data.processes).toBeNull();
    release();
    await settle();
    expect(f.feed.snapshot().data.processes?.processes.map((p) => p.comm)).toEqual(['sh']);

    const again = f.holdProcesses();
    f.feed.setGroup('pid');
    await settle();
    expect(f.feed.snapshot().data.processes).toBeNull();
    again();
    await settle();
    expect(f.feed.snapshot().data.processes?.group).toBe('pid');
  });

  it('clears "cannot reach the server" at the next answer of any view, not when its own slow read ends', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    const { events, processes } = f.api;
    const unreachable = (what: string) => () =>
      Promise.resolve({ ok: false as const, error: `GET ${what}: cannot reach the server (Failed to fetch)`, force: null, unreachable: true as const });
    f.api.events = unreachable('/api/events');
    f.api.processes = unreachable('/api/processes');
    f.advance(2_000);
    f.feed.poll();
    await settle();
    expect(f.feed.snapshot().viewError).toMatch(/cannot reach the server/);
    // Back: the count answers at once, the processes take their time.
    f.api.events = events;
    f.api.processes = processes;
    const release = f.holdProcesses();
    f.advance(2_000);
    f.feed.poll();
    await settle();
    expect(f.feed.snapshot().viewError).toBeNull();
    release();
    await settle();
  });

  it('keeps a view\'s own error (the server answered it) until that view reads again', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    f.api.processes = () => Promise.resolve({ ok: false, error: 'the store could not answer in time', force: null });
    f.advance(2_000);
    f.feed.poll();
    await settle();
    f.advance(2_000);
    f.feed.poll();
    await settle();
    expect(f.feed.snapshot().viewError).toBe('the store could not answer in time');
  });

  it('reads the processes less often when their answer is slow', async () => {
    const f = setup();
    f.handlers().onHello(hello(100.4));
    await settle();
    const processReads = () => f.calls.filter((c) => c.what === 'processes').length;
    f.slowProcesses(1_000);
    f.advance(2_000);
    f.feed.poll();
    await settle();
    expect(processReads()).toBe(2);
    // It took a second (the clock is at 3 s): the next read waits until 2 + 5 s.
    for (const wait of [1_000, 2_000]) {
      f.advance(wait);
      f.feed.poll();
      await settle();
    }
    expect(processReads()).toBe(2);
    f.advance(1_000);
    f.feed.poll();
    await settle();
    expect(processReads()).toBe(3);
  });
});
