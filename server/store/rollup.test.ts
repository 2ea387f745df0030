/**
 * The processes view answered from the per-minute rollup (rollup.ts) gives
 * what the events alone give, for every grouping, filter and window: with
 * events past the rollup, windows that cut minutes, retention by age and
 * by size, a cgroup's facts found late, and a reboot's clock move.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { PROCESS_GROUPS, UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import { CommitGate } from './commit-gate';
import type { EventStore } from './event-store';
import { resetRollup, rollStep } from './rollup';
import { FRAME, testStores } from './test-stores';
import type { Window } from './sql-filter';

const { dir, open } = testStores('odash-rollup-');

const COMMS = ['nginx', 'cron', 'bash', 'nl\nname'];
const UNITS = ['', 'nginx.service', 'cron.service'];

/** n events from t0 on, a few a second, of a dozen processes (a PID
 *  reused by a second process among them), some failed, some own. */
function events(n: number, t0: number, seed = 1): TraceEvent[] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const p = Math.floor(rnd() * 12);
    const failed = rnd() < 0.2;
    return {
      ts: t0 + i * 0.37 + rnd() * 0.3,
      cpu: 0, pid: 100 + (p % 10), tid: 100 + p, comm: COMMS[p % COMMS.length]!,
      uid: p % 3 === 0 ? 1000 : 0, euid: 0, flags: 0, ret: failed ? -2 : 3, errno: failed ? 2 : 0,
      path: `/f/${Math.floor(rnd() * 20)}`, truncated: false, syscall: 'openat', durationNs: 1000 + i,
      cgroupId: 1 + (p % 3), ...UNATTRIBUTED, start: p >= 10 ? 50 : 1, unit: UNITS[p % 3]!, exe: `/usr/bin/${COMMS[p % COMMS.length]}`,
      own: p === 11,
    };
  });
}

/** Every event here is an openat: asking for openat asks for the same
 *  events, but the rollup keeps no syscall, so the view reads the events. */
const fromEvents = (f: EventFilter): EventFilter => ({ ...f, syscall: 'openat' });

const FILTERS: EventFilter[] = [
  {}, { result: 'failed' }, { result: 'ok' }, { comm: 'nginx' }, { comm: 'nl*' }, { pid: 104 }, { pid: 100, start: 50 },
  { uid: 1000 }, { unit: 'cron.service' }, { exe: '/usr/bin/bash' }, { own: true }, { own: true, result: 'failed' },
];

/** Each grouping and filter over a window, from the rollup and from the
 *  events: the same answer. */
async function expectSame(s: EventStore, w: Window, now: number): Promise<void> {
  for (const group of PROCESS_GROUPS) {
    for (const f of FILTERS) {
      const [rolled, truth] = await Promise.all([
        s.processes(f, group, 100, w, now),
        s.processes(fromEvents(f), group, 100, w, now),
      ]);
      expect(rolled, `${group} ${JSON.stringify(f)} ${JSON.stringify(w)}`).toEqual(truth);
    }
  }
}

const WINDOWS = (t0: number, t1: number): Window[] => [
  {}, { from: t0 + 61.5 }, { to: t1 - 70 }, { from: t0 + 30, to: t1 - 30 }, { from: t0 + 120, to: t0 + 179 },
  { from: t0 + 125, to: t0 + 150 }, { from: t1 - 3 },
];

describe('the per-minute rollup', () => {
  it('answers the processes view as the events do, whatever the window, with events past it', { timeout: 60_000 }, async () => {
    const s = await open();
    const rolled = events(2000, 1000); // about 12 minutes
    for (const e of rolled) s.add(e);
    await s.rollUp();
    // More after the rollup: read from the events.
    const past = events(300, 1000 + 2000 * 0.37, 2);
    for (const e of past) s.add(e);
    const t1 = 1000 + 2300 * 0.37;
    const now = Math.floor(t1);
    const answer = await s.processes({}, 'pid', 100, {}, now);
    expect(answer.processes.reduce((n, p) => n + p.opens, 0)).toBe([...rolled, ...past].filter((e) => !e.own).length);
    for (const w of WINDOWS(1000, t1)) await expectSame(s, w, now);
  });

  it('answers a process page as the events do', { timeout: 60_000 }, async () => {
    const s = await open();
    const all = events(2000, 1000);
    for (const e of all) s.add(e);
    const pages = async () =>
      Promise.all([[100, 1], [100, 50], [101, undefined], [104, undefined]].map(([pid, start]) => s.process(pid!, start, 0, 1800)));
    const before = await pages();
    expect(before.every((p) => p !== undefined && p.opens > 0)).toBe(true);
    await s.rollUp();
    expect(await pages()).toEqual(before);
    // Events past the rollup too.
    const past = events(100, 1000 + 2000 * 0.37, 5);
    for (const e of past) s.add(e);
    const more = await pages();
    const opensOf = (start: number) => [...all, ...past].filter((e) => e.pid === 100 && e.start === start).length;
    expect(more[0]!.opens).toBe(opensOf(1));
    expect(more[0]!.processes.map((p) => [p.start, p.opens])).toEqual(
      more[0]!.processes.map((p) => [p.start, opensOf(p.start)]),
    );
    expect(more[0]!.processes).toHaveLength(2);
  });

  it("commits a step only once the views' statements running have ended, and starts none meanwhile", { timeout: 60_000 }, async () => {
    // Under emulation a statement that met a step's commit read the new
    // watermark without the rows it stood for: a process of six stored
    // opens was answered as none.
    const file = path.join(dir, 'gate.duckdb');
    const s = await open({ path: file });
    for (const e of events(500, 1000)) s.add(e);
    await s.close();
    const db = await DuckDBInstance.create(file);
    const [maintenance, view] = [await db.connect(), await db.connect()];
    await resetRollup(maintenance);
    const gate = new CommitGate();
    const log: string[] = [];
    // A statement long enough to be running when the step is ready to commit.
    const long = gate.statement(async () => {
      log.push('statement starts');
      await view.runAndReadAll('SELECT count(*) FROM range(50000000) t(i) WHERE hash(i) % 7 = 0');
      log.push('statement ends');
    });
    let asked!: () => void;
    const commitAsked = new Promise<void>((r) => (asked = r));
    const step = rollStep(maintenance, (c) => {
      const done = gate.commit(async () => {
        log.push('commit starts');
        await c.run('COMMIT');
        log.push('commit ends');
      });
      asked();
      return done;
    });
    await commitAsked;
    const later = gate.statement(async () => {
      log.push('later statement starts');
      return view.runAndReadAll('SELECT sum(opens)::INTEGER AS n FROM process_minutes');
    });
    await Promise.all([long, step]);
    const n = (await later).getRowObjectsJS()[0]!.n;
    expect(log).toEqual(['statement starts', 'statement ends', 'commit starts', 'commit ends', 'later statement starts']);
    expect(n).toBe(500);
    maintenance.closeSync();
    view.closeSync();
    db.closeSync();
  });

  it('keeps one row per minute and process however many steps rolled it up', async () => {
    const file = path.join(dir, 'steps.duckdb');
    const s = await open({ path: file });
    // A host of steady opens: the same minute rolled up a step at a time.
    for (let step = 0; step < 10; step++) {
      for (let i = 0; i < 5; i++) s.add({ ...events(1, 0)[0]!, ts: 1200 + step * 5 + i, pid: 7, comm: 'steady', own: false, errno: 0, ret: 3 });
      await s.rollUp();
    }
    await s.close();
    const db = await DuckDBInstance.create(file);
    const conn = await db.connect();
    const r = await conn.runAndReadAll('SELECT count(*)::INTEGER AS n, sum(opens)::INTEGER AS opens FROM process_minutes');
    expect(r.getRowObjectsJS()).toEqual([{ n: 1, opens: 50 }]);
    conn.closeSync();
    db.closeSync();
  });

  it('loses what retention drops by age as the events do, the minute of the cut rolled up again', { timeout: 60_000 }, async () => {
    const s = await open({ retentionSeconds: 600 });
    for (const e of events(3000, 1000)) s.add(e);
    // The cut (1210) falls inside a minute.
    await s.upkeep(1810);
    expect(s.status.droppedByAge).toBeGreaterThan(0);
    expect(s.status.droppedBySize).toBe(0);
    for (const w of [{}, { from: 1190 }, { from: 1260 }]) await expectSame(s, w, 2200);
  });

  it('loses what the size bound drops as the events do, the minutes it cut rolled up again', { timeout: 60_000 }, async () => {
    const s = await open({ path: path.join(dir, 'size.duckdb'), maxMb: 3 });
    for (const e of events(100_000, 1000, 3)) s.add({ ...e, path: `/var/lib/a/rather/long/path/${e.ts}` });
    await s.upkeep(2000);
    expect(s.status.droppedBySize).toBeGreaterThan(0);
    const st = s.status;
    for (const w of WINDOWS(st.oldestTs!, st.newestTs!)) await expectSame(s, w, Math.floor(st.newestTs!));
  });

  it('rolls up a store whose events all aged out, its numbering begun again', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'emptied.duckdb');
    const a = await open({ path: file, retentionSeconds: 600 });
    for (const e of events(500, 1000)) a.add(e);
    await a.upkeep(5000);
    expect(a.status.events).toBe(0);
    await a.close();
    // Opened empty: events are numbered from 0 again, below what was rolled up.
    const b = await open({ path: file, retentionSeconds: 600 });
    const fresh = events(300, 6000, 6);
    for (const e of fresh) b.add(e);
    const count = async () => (await b.processes({}, 'pid', 100, {}, 6200)).processes.reduce((n, p) => n + p.opens, 0);
    const expected = fresh.filter((e) => !e.own).length;
    expect(await count()).toBe(expected);
    await b.rollUp();
    expect(await count()).toBe(expected);
  });

  it('takes a cgroup found late into its rows', { timeout: 60_000 }, async () => {
    const s = await open();
    for (const e of events(500, 1000)) s.add({ ...e, cgroupId: 77, unit: '', cgroup: '', container: '' });
    await s.rollUp();
    await s.fillCgroup(77, { cgroup: '/system.slice/late.service', unit: 'late.service', container: '' });
    const byUnit = await s.processes({}, 'unit', 10, {}, 1200);
    expect(byUnit.processes.map((p) => p.key)).toEqual(['late.service']);
    await expectSame(s, {}, 1200);
  });

  it('is rolled up again after a reboot moved the times, and after a restart goes on', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'reboot.duckdb');
    const a = await open({ path: file });
    for (const e of events(800, 1000)) a.add(e);
    await a.rollUp();
    await a.close();
    // Booted 1000 s later: the stored times move 1000 s back.
    const b = await open({ path: file, frame: { bootId: 'boot-b', bootWallMs: FRAME.bootWallMs + 1_000_000 } });
    await expectSame(b, { from: 61 }, 300);
    await b.rollUp();
    await expectSame(b, { from: 61 }, 300);
    for (const e of events(200, 400, 4)) b.add(e);
    await b.close();
    const c = await open({ path: file, frame: { bootId: 'boot-b', bootWallMs: FRAME.bootWallMs + 1_000_000 } });
    for (const w of WINDOWS(0, 474)) await expectSame(c, w, 474);
  });
});
