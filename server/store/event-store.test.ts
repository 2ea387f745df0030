/**
 * The store against a real DuckDB: every view counts the same events for
 * the same filter, totals last for the whole retention window whatever the
 * number of processes, events survive a restart, and what the bounds drop
 * is counted.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { EventStore } from './event-store';
import { FRAME, testStores } from './test-stores';

const { dir, open } = testStores('odash-store-');

function ev(over: Partial<TraceEvent>): TraceEvent {
  return {
    ts: 100, cpu: 0, pid: 1, tid: 1, comm: 'c', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0,
    path: '/p', truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED, ...over,
  };
}

/** The same filter through every view: events' total, the rate's sum,
 *  both process groupings' sums. */
async function counts(s: EventStore, f: EventFilter) {
  const [events, rate, byComm, byPid] = await Promise.all([
    s.events(f, { limit: 10 }),
    s.rate(f, 0, 400, 1),
    s.processes(f, 'comm', 10_000, {}, 400),
    s.processes(f, 'pid', 10_000, {}, 400),
  ]);
  const sum = (xs: { opens: number }[]) => xs.reduce((n, x) => n + x.opens, 0);
  return { events: events.total, rate: sum(rate.rate), byComm: sum(byComm.processes), byPid: sum(byPid.processes) };
}

describe('EventStore', () => {
  it('keeps the processes of a reused PID apart in every view', async () => {
    const s = await open();
    // PID 500 was a find, then (after the PIDs wrapped) a mkdir.
    for (let i = 0; i < 30; i++) s.add(ev({ ts: 100 + i, pid: 500, start: 99.5, comm: 'find', path: `/usr/f${i}` }));
    for (let i = 0; i < 4; i++) s.add(ev({ ts: 200 + i, pid: 500, start: 199.87, comm: 'mkdir', path: '/tmp/d', ret: -17, errno: 17 }));
    const byPid = (await s.processes({}, 'pid', 10, {}, 300)).processes;
    expect(byPid.map((p) => [p.key, p.pid, p.start, p.comm, p.opens])).toEqual([
      ['500@99.5', 500, 99.5, 'find', 30],
      ['500@199.87', 500, 199.87, 'mkdir', 4],
    ]);
    // One name, one process each: its start comes with its PID.
    expect((await s.processes({ comm: 'mkdir' }, 'comm', 10, {}, 300)).processes[0]).toMatchObject({ pid: 500, start: 199.87, pids: 1 });
    // The PID's page: its latest process, and the other listed.
    const latest = (await s.process(500, undefined, 0, 300))!;
    expect(latest).toMatchObject({ pid: 500, start: 199.87, comm: 'mkdir', opens: 4, failed: 4, fileCount: 1 });
    expect(latest.processes.map((p) => [p.start, p.comm, p.opens])).toEqual([[199.87, 'mkdir', 4], [99.5, 'find', 30]]);
    expect(latest.rate.reduce((n, r) => n + r.opens, 0)).toBe(4);
    // Asked from any time (the API's default) 300 s after boot: from boot, not an hour before it.
    expect((await s.process(500, undefined, -Infinity, 300))!.rate[0]!.t).toBe(0);
    const find = (await s.process(500, 99.5, 0, 300))!;
    expect(find).toMatchObject({ comm: 'find', opens: 30, failed: 0, fileCount: 30 });
    expect(await s.process(500, 12.34, 0, 300)).toBeUndefined();
    expect((await s.events({ pid: 500, start: 99.5 }, { limit: 100 })).total).toBe(30);
    expect((await s.file('/tmp/d', {}, {})).processes.map((p) => [p.pid, p.start, p.comm])).toEqual([[500, 199.87, 'mkdir']]);
  });

  it('reads back each kind of name and its file, and finds it by either', async () => {
    const s = await open();
    const names = [
      { path: '/etc/passwd', fullPath: '/etc/passwd' }, // the file itself
      { path: 'rel/x', fullPath: '/home/a/rel/x' }, // relative
      { path: '/usr/bin/link', fullPath: '/usr/bin/target' }, // a symlink
      { path: 'lost/y', fullPath: '' }, // its full record lost
      { path: '/proc/self/../x', fullPath: '/proc/x' }, // not normal
      { path: '', fullPath: '' },
    ];
    names.forEach((n, i) => s.add(ev({ ts: 100 + i, ...n })));
    const page = await s.events({}, { limit: 10 });
    expect(page.events.map((e) => ({ path: e.path, fullPath: e.fullPath })).reverse()).toEqual(names);
    for (const [pattern, n] of [['/usr/bin/link', 1], ['/usr/bin/target', 1], ['rel/x', 1], ['/home/a/*', 1], ['lost/*', 1], ['/etc/passwd', 1]] as const) {
      expect((await s.events({ path: pattern }, { limit: 10 })).total, pattern).toBe(n);
    }
  });

  it("keeps each open's real and effective uid, a setuid program's and the largest too", async () => {
    const s = await open();
    const ids = [[0, 0], [1000, 1000], [1000, 0], [0, 4_294_967_295], [4_294_967_295, 4_294_967_294]];
    ids.forEach(([uid, euid], i) => s.add(ev({ ts: 100 + i, uid, euid })));
    const page = await s.events({}, { limit: 10 });
    expect(page.events.map((e) => [e.uid, e.euid]).reverse()).toEqual(ids);
  });

  it('gives the same counts for a filter in every view', async () => {
    const s = await open();
    // pid 5 runs as sh, then execs cat: a name filter takes only its cat opens.
    for (let i = 0; i < 300; i++) {
      s.add(ev({ ts: 100 + i / 10, pid: 5, comm: i < 100 ? 'sh' : 'cat', path: `/etc/f${i % 7}`, ret: i % 3 ? 3 : -13, errno: i % 3 ? 0 : 13 }));
      s.add(ev({ ts: 100 + i / 10, pid: 6 + (i % 4), comm: 'cat', path: `/tmp/x\n${i % 5}`, ret: i % 2 ? 3 : -2, errno: i % 2 ? 0 : 2 }));
    }
    const filters: EventFilter[] = [
      {}, { comm: 'cat' }, { comm: 'c?t' }, { comm: 'sh', result: 13 }, { path: '/etc/' }, { path: '/tmp/x\n*' },
      { result: 'failed' }, { pid: 5, comm: 'cat' }, { syscall: 'openat', result: 'ok' }, { comm: '[!c]*' },
    ];
    for (const f of filters) {
      const c = await counts(s, f);
      expect(c, JSON.stringify(f)).toEqual({ events: c.events, rate: c.events, byComm: c.events, byPid: c.events });
    }
    expect((await counts(s, { comm: 'cat' })).events).toBe(500);
    const pid5 = await s.processes({ comm: 'cat', pid: 5 }, 'pid', 10, {}, 400);
    expect(pid5.processes).toMatchObject([{ pid: 5, comm: 'cat', opens: 200 }]);
    const cat = (await s.processes({ comm: 'cat' }, 'comm', 10, {}, 400)).processes[0]!;
    expect(cat).toMatchObject({ comm: 'cat', pid: null, pids: 5, opens: 500 });
  });

  it('keeps a busy process in the totals after thousands of short-lived ones', async () => {
    const s = await open();
    for (let i = 0; i < 1000; i++) s.add(ev({ ts: 100 + i / 1000, pid: 4242, comm: 'busy-gen', path: `/data/${i}` }));
    for (let p = 0; p < 5000; p++) {
      for (let k = 0; k < 3; k++) s.add(ev({ ts: 110 + p / 100, pid: 10_000 + p, comm: `short${p}`, path: `/x/${p}/${k}` }));
    }
    const top = await s.processes({}, 'pid', 50, {}, 200);
    expect(top.total).toBe(5001);
    expect(top.processes[0]).toMatchObject({ pid: 4242, comm: 'busy-gen', opens: 1000 });
    expect((await s.events({ comm: 'busy-gen' }, { limit: 5000 })).events).toHaveLength(1000);
    const detail = await s.process(4242, undefined, 0, 200);
    expect(detail).toMatchObject({ opens: 1000, fileCount: 1000 });
  });

  it('pages newest first with a cursor, each event once', async () => {
    const s = await open();
    for (let i = 0; i < 250; i++) s.add(ev({ ts: 100 + i / 100, path: `/f${i}` }));
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await s.events({}, { limit: 100, before });
      seen.push(...page.events.map((e) => e.seq));
      expect(page.total).toBe(250);
      if (page.next === null) break;
      before = page.next;
    }
    expect(seen).toEqual([...Array(250).keys()].reverse());
  });

  it('keeps events and numbering across a restart, and moves them onto a new boot clock', async () => {
    const file = path.join(dir, 'restart.duckdb');
    const first = await open({ path: file });
    for (let i = 0; i < 10; i++) first.add(ev({ ts: 500 + i, path: `/r${i}`, start: i ? 499.25 : 0 }));
    await first.close();
    const again = await open({ path: file });
    expect((await again.events({}, { limit: 100 })).total).toBe(10);
    expect(again.add(ev({ ts: 600 })).seq).toBe(10);
    await again.close();
    // Rebooted 1000 s later: the old events are 1000 s further back on the new clock.
    const rebooted = await open({ path: file, frame: { bootId: 'boot-b', bootWallMs: FRAME.bootWallMs + 1_000_000 } });
    const page = await rebooted.events({}, { limit: 100 });
    expect(page.events.map((e) => e.ts)).toContain(600 - 1000);
    expect(page.events.at(-1)!.ts).toBe(500 - 1000);
    // Process starts with them; one not known stays so.
    expect(page.events.at(-1)!.start).toBe(0);
    expect(page.events.at(-2)!.start).toBe(499.25 - 1000);
  });

  it('drops what is older than the retention, and counts it', async () => {
    const s = await open({ retentionSeconds: 60 });
    for (let i = 0; i < 100; i++) s.add(ev({ ts: 1000 + i }));
    // Between counts, the figures follow what was added.
    expect(s.status).toMatchObject({ events: 100, oldestTs: 1000, newestTs: 1099 });
    await s.upkeep(1099);
    expect(s.status).toMatchObject({ events: 61, droppedByAge: 39, oldestTs: 1039, newestTs: 1099, lastError: null });
  });

  it('drops the oldest while the data is over its size bound, and counts it', { timeout: 30_000 }, async () => {
    const file = path.join(dir, 'size.duckdb');
    // ~13 MB of data, in row groups of ~1.6 MB (what a delete can free).
    const s = await open({ path: file, maxMb: 6 });
    for (let i = 0; i < 1_000_000; i++) {
      s.add(ev({ ts: 1000 + i / 1000, pid: i % 3000, comm: `c${i % 977}`, path: `/var/lib/some/long/path/${i}` }));
    }
    await s.upkeep(2000);
    const st = s.status;
    expect(st.droppedBySize).toBeGreaterThan(0);
    expect(st.events + st.droppedBySize).toBe(1_000_000);
    expect(st.bytes).toBeLessThanOrEqual(6e6);
    expect(st.lastError).toBeNull();
    // The newest are the ones kept.
    expect(st.newestTs).toBeCloseTo(1999.999, 3);
  });

  it('answers a small view while a big one is still running', { timeout: 60_000 }, async () => {
    const s = await open({ memoryLimitMb: 512 });
    for (let i = 0; i < 400_000; i++) {
      s.add(ev({ ts: 1000 + i / 1000, pid: i % 3000, comm: `c${i % 977}`, path: `/var/lib/a${i % 7919}/deep/${i}/file.${i % 13}` }));
    }
    s.add(ev({ ts: 2000, pid: 77_777, comm: 'small', path: '/etc/one' }));
    // Warm: what is timed below is the views, not the first commit.
    await s.events({ pid: 77_777 }, { limit: 1 });
    const done: string[] = [];
    const big = s.files({}, 'dir', 100, {}).then(() => done.push('files by directory'));
    // Several at once too: each on a reader of its own.
    const small = Promise.all([
      s.events({ pid: 77_777 }, { limit: 10 }),
      s.process(77_777, undefined, 0, 2000),
    ]).then(([page]) => {
      done.push('the small ones');
      return page;
    });
    expect((await small).total).toBe(1);
    await big;
    expect(done).toEqual(['the small ones', 'files by directory']);
  });

  it('stops a view that runs past its time, says so, and answers the next', async () => {
    const s = await open({ queryTimeoutMs: 300 });
    s.add(ev({ ts: 100 }));
    // No page's query is endless on purpose: one that is, run as a view.
    const read = (s as unknown as { read: (q: (c: DuckDBConnection) => Promise<unknown>) => Promise<unknown> }).read.bind(s);
    const endless = read((c) => c.runAndReadAll('SELECT sum(i) FROM range(1000000000000000) t(i)'));
    await expect(endless).rejects.toThrow(/^the view took over 0.3 s and was stopped: .*--query-timeout-s/);
    // Five at once: each waits its turn, none is cut short by another's stop.
    const pages = await Promise.all(Array.from({ length: 5 }, () => s.events({}, { limit: 10 })));
    expect(pages.map((p) => p.total)).toEqual([1, 1, 1, 1, 1]);
  });

  it('deletes the texts of dropped events, and writes one again when it comes back', async () => {
    const s = await open({ retentionSeconds: 60 });
    // The first 39 go by age: all of 'old'.
    for (let i = 0; i < 100; i++) s.add(ev({ ts: 1000 + i, comm: i < 30 ? 'old' : 'new', path: `/data/${i < 30 ? 'old' : 'new'}` }));
    await s.upkeep(1099);
    await s.deleteUnusedTexts();
    s.add(ev({ ts: 1099, comm: 'old', path: '/data/old', unit: 'u.service' }));
    const page = await s.events({ comm: 'old' }, { limit: 10 });
    expect(page.events.map((e) => [e.comm, e.path, e.unit])).toEqual([['old', '/data/old', 'u.service']]);
    expect((await s.files({}, 'file', 10, {})).files.map((f) => [f.path, f.opens])).toEqual([
      ['/data/new', 61], ['/data/old', 1],
    ]);
  });

  it("keeps a file's directory while a file of it is kept, and lets it go a round after the last", async () => {
    const s = await open({ retentionSeconds: 60 });
    for (let i = 0; i < 100; i++) s.add(ev({ ts: 1000 + i, path: i < 30 ? `/gone/f${i}` : `/kept/f${i % 3}` }));
    await s.upkeep(1099);
    const texts = async () => {
      const r = await (s as unknown as { maintenance: DuckDBConnection }).maintenance.runAndReadAll('SELECT text FROM strings ORDER BY text');
      return r.getRowsJS().map((row) => row[0]);
    };
    await s.deleteUnusedTexts();
    // The files went; their directory waits for a round with none of them.
    expect(await texts()).toEqual(['', '/gone', '/kept', '/kept/f0', '/kept/f1', '/kept/f2', 'c']);
    await s.deleteUnusedTexts();
    expect(await texts()).toEqual(['', '/kept', '/kept/f0', '/kept/f1', '/kept/f2', 'c']);
    expect((await s.files({}, 'dir', 10, {})).files.map((f) => [f.path, f.opens])).toEqual([['/kept', 61]]);
    // Back again: a file of it, and the directory with it.
    s.add(ev({ ts: 1099, path: '/gone/again' }));
    expect((await s.files({}, 'dir', 10, {})).files.map((f) => [f.path, f.opens])).toEqual([['/kept', 61], ['/gone', 1]]);
  });

  it('keeps flags past 32 bits, and refuses only the rows its columns cannot hold', async () => {
    const s = await open();
    s.add(ev({ ts: 100, path: '/a' }));
    // openat2 with flags past 32 bits: the kernel refuses it, we keep it as it was.
    s.add(ev({ ts: 101, path: '/b', flags: 2 ** 32, ret: -22, errno: 22, syscall: 'openat2' }));
    s.add(ev({ ts: 102, path: '/c', pid: 2 ** 32 }));
    s.add(ev({ ts: 103, path: '/d', cpu: 70_000 }));
    s.add(ev({ ts: 104, path: '/e', durationNs: 2 ** 64 }));
    s.add(ev({ ts: 105, path: '/f', errno: 1.5 }));
    s.add(ev({ ts: 106, path: '/g', flags: 2 ** 64 - 2048 }));
    const page = await s.events({}, { limit: 10 });
    expect(page.events.map((e) => [e.path, e.flags]).reverse()).toEqual([
      ['/a', 0], ['/b', 2 ** 32], ['/g', 2 ** 64 - 2048],
    ]);
    expect(s.status).toMatchObject({ events: 3, writeFailures: 4, lastError: expect.stringMatching(/^refused 4 events: pid 4294967296 /) });
  });

  it("refuses an exec record its columns cannot hold, and goes on keeping the others'", async () => {
    const s = await open();
    const exec = { ts: 100, ppid: 1, start: 99, cgroupId: 0, exe: '/bin/x', args: ['x'], truncated: false };
    s.addExec({ ...exec, pid: 2 ** 32 });
    s.addExec({ ...exec, pid: 7 });
    s.add(ev({ ts: 100.5, pid: 7, start: 99 }));
    const p = await s.process(7, 99, 0, 200);
    expect(p?.exec).toMatchObject({ ppid: 1, args: ['x'] });
    expect(s.status.lastError).toMatch(/exec of pid 4294967296/);
  });

  it('counts what it could not write, and goes on', async () => {
    const s = await open();
    s.add(ev({}));
    await s.close();
    s.add(ev({}));
    s.flush();
    expect(s.status).toMatchObject({ events: 1, writeFailures: 1, lastError: expect.stringMatching(/closed/) });
  });
});
