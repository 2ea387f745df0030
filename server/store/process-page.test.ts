/**
 * A process page's figures agree: its totals, its files and its latency
 * count the same opens, also when more are stored while it is read.
 */
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import { queryProcess } from './queries';
import { testStores } from './test-stores';

const { dir, open } = testStores('odash-process-page-');

const ev = (over: Partial<TraceEvent>): TraceEvent => ({
  ts: 100, cpu: 0, pid: 500, tid: 500, comm: 'find', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0, path: '/usr/f',
  truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED, start: 99.5, ...over,
});

/** The connection, running `meanwhile` once right after the first
 *  statement `when` picks: opens stored while a page is read. */
function storingAfter(conn: DuckDBConnection, when: (sql: string) => boolean, meanwhile: () => Promise<unknown>): DuckDBConnection {
  let done = false;
  return new Proxy(conn, {
    get(target, key) {
      const v = Reflect.get(target, key, target) as unknown;
      if (typeof v !== 'function') return v;
      if (key !== 'runAndReadAll') return v.bind(target);
      return async (sql: string, ...rest: unknown[]) => {
        const r = await (v as (...a: unknown[]) => Promise<unknown>).call(target, sql, ...rest);
        if (!done && when(sql)) {
          done = true;
          await meanwhile();
        }
        return r;
      };
    },
  });
}

describe('a process page', () => {
  it('counts the same opens in its totals, files and latency while more are stored', async () => {
    const file = path.join(dir, 'page.duckdb');
    const s = await open({ path: file });
    for (let i = 0; i < 20; i++) s.add(ev({ ts: 100 + i, path: `/usr/f${i % 4}` }));
    await s.close();
    const db = await DuckDBInstance.create(file);
    const c = await db.connect();
    try {
      // Right after the totals are read, five more opens of it are stored.
      const conn = storingAfter(c, (sql) => sql.includes('GROUP BY start'), () =>
        c.run('INSERT INTO events SELECT * REPLACE (seq + 1000 AS seq, ts + 50 AS ts) FROM events WHERE pid = 500 LIMIT 5'),
      );
      const page = (await queryProcess(conn, 500, undefined, 0, 1000))!;
      const files = page.files.reduce((n, f) => n + f.opens, 0);
      expect([page.opens, files, page.latency.count]).toEqual([20, 20, 20]);
      // Read again, the five are in every figure.
      const again = (await queryProcess(c, 500, undefined, 0, 1000))!;
      expect([again.opens, again.files.reduce((n, f) => n + f.opens, 0), again.latency.count]).toEqual([25, 25, 25]);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
