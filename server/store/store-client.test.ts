/**
 * The store in its own thread, through its client: what is added is in
 * the next read, numbers run on across a restart, the status counts what
 * the thread has not taken in yet, and a store that cannot open says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import type { StoreOptions } from './event-store';
import { StoreClient } from './store-client';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-store-client-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const options = (over: Partial<StoreOptions> = {}): StoreOptions => ({
  path: ':memory:', retentionSeconds: 86_400, maxMb: 1000, memoryLimitMb: 128,
  frame: { bootId: 'boot-a', bootWallMs: 1_700_000_000_000 }, ...over,
});

const ev = (over: Partial<TraceEvent>): TraceEvent => ({
  ts: 100, cpu: 0, pid: 1, tid: 1, comm: 'c', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0,
  path: '/p', truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED, ...over,
});

describe('StoreClient', () => {
  it('reads include every event added before them, numbered here', async () => {
    const s = await StoreClient.open(options());
    try {
      const added = Array.from({ length: 5000 }, (_, i) => s.add(ev({ ts: 100 + i / 1000, pid: 1 + (i % 7), path: `/f/${i}` })));
      expect(added.map((e) => e.seq)).toEqual(added.map((_, i) => i));
      // Counted at once, before the thread has them.
      expect(s.status.events).toBe(5000);
      const page = await s.events({ pid: 3 }, { limit: 2000 });
      expect(page.total).toBe(added.filter((e) => e.pid === 3).length);
      expect(page.events[0]).toMatchObject({ pid: 3, comm: 'c', syscall: 'openat' });
      const [byPid, rate] = await Promise.all([s.processes({}, 'pid', 100, {}, 200), s.rate({}, 100, 106, 1)]);
      expect(byPid.processes.reduce((n, p) => n + p.opens, 0)).toBe(5000);
      expect(rate.rate.reduce((n, r) => n + r.opens, 0)).toBe(5000);
      await s.caughtUp(0);
      expect(s.backlog).toBe(0);
      expect(s.status.events).toBe(5000);
    } finally {
      await s.close();
    }
  });

  it('a file store numbers on after a restart', async () => {
    const file = path.join(dir, 'numbers.duckdb');
    const a = await StoreClient.open(options({ path: file }));
    a.add(ev({}));
    a.add(ev({}));
    await a.close();
    const b = await StoreClient.open(options({ path: file }));
    try {
      expect(b.add(ev({})).seq).toBe(2);
      expect((await b.events({}, { limit: 10 })).total).toBe(3);
    } finally {
      await b.close();
    }
  });

  it('says why a store cannot open', async () => {
    await expect(StoreClient.open(options({ path: path.join(dir, 'no/such/dir/x.duckdb') }))).rejects.toThrow(/x\.duckdb|directory/i);
  });

  it('a bad read is an error for that read, and the store goes on', async () => {
    const s = await StoreClient.open(options());
    try {
      s.add(ev({}));
      await expect(s.processes({}, 'nonsense' as never, 10, {}, 200)).rejects.toThrow();
      expect((await s.events({}, { limit: 10 })).total).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('closes while reads are still running (a shutdown with the Files page open)', { timeout: 120_000 }, async () => {
    // Closed at a different moment of the reads each round: a view is
    // several statements, and one stopped must not leave another running
    // on a closed connection (the thread then never exited).
    for (let round = 0; round < 10; round++) {
      const s = await StoreClient.open(options({ path: path.join(dir, `busy-${round}.duckdb`) }));
      for (let i = 0; i < 300_000; i++) s.add(ev({ ts: 100 + i / 1e4, pid: 1 + (i % 500), path: `/d${i % 977}/f/${i}` }));
      await s.caughtUp(0);
      const reads = [
        s.files({}, 'file', 50, {}),
        s.files({}, 'dir', 50, {}),
        s.processes({}, 'comm', 50, {}, 200),
        s.events({ path: '*/f/9*' }, { limit: 10 }),
      ].map((p) => p.then(() => 'answered', () => 'refused'));
      await new Promise((r) => setTimeout(r, round * 15));
      const closed = await Promise.race([s.close().then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
      expect(closed, `round ${round}`).toBe(true);
      // Each read ends one way or the other; none is left hanging.
      expect((await Promise.all(reads)).every((r) => r === 'answered' || r === 'refused')).toBe(true);
    }
  });
});
