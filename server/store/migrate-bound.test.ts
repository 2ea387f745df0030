/**
 * A store from before schema 10 opens within its memory limit however many
 * distinct files it holds: each file's directory is worked out a page at a
 * time (fill-dirs.ts). A version joining on the texts in SQL ran out of
 * DuckDB's memory here.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED } from '../../protocol/event';
import { asSchema9, testStores } from './test-stores';

const { dir, open } = testStores('odash-migrate-');
const FILES = 1_000_000;
const DIRS = 5000;

describe('a schema 9 store of a million distinct paths', () => {
  it('opens within a 64 MB memory limit, each file under its directory', { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'v9.duckdb');
    const s = await open({ path: file, memoryLimitMb: 64 });
    const pad = 'x'.repeat(280);
    for (let i = 0; i < FILES; i++) {
      s.add({
        ts: 100 + i / 1e5, cpu: 0, pid: 1000 + (i % 1500), tid: 1000 + (i % 1500), comm: 'gen', uid: 0, euid: 0, flags: 0,
        ret: -2, errno: 2, path: `/m/${i % DIRS}/${pad}/${i}`, truncated: false, syscall: 'openat', durationNs: 1000,
        cgroupId: 0, ...UNATTRIBUTED, start: 1,
      });
      if (i % 65_536 === 0) await new Promise((r) => setImmediate(r));
    }
    await s.close();
    await asSchema9(file, "text LIKE '/m/%' AND text NOT LIKE '/m/%/%/%'");

    const again = await open({ path: file, memoryLimitMb: 64 });
    const dirs = await again.files({}, 'dir', 3, {});
    expect(dirs.total).toBe(DIRS);
    expect(dirs.files.map((f) => f.opens)).toEqual([FILES / DIRS, FILES / DIRS, FILES / DIRS]);
  });
});
