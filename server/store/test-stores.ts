/**
 * Stores for the store's tests: in memory or in a folder of the test
 * file's own, each closed after its test, the folder removed after all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach } from 'vitest';
import { EventStore, type StoreOptions } from './event-store';

export const FRAME = { bootId: 'boot-a', bootWallMs: 1_700_000_000_000 };

export function testStores(prefix: string): { dir: string; open: (over?: Partial<StoreOptions>) => Promise<EventStore> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const opened: EventStore[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    async open(over = {}) {
      const s = await EventStore.open({
        path: ':memory:', retentionSeconds: 86_400, maxMb: 1000, memoryLimitMb: 128, frame: FRAME, ...over,
      });
      opened.push(s);
      return s;
    },
  };
}

/** Rewrites a closed store file as schema 9 had it: a dir_id column before
 *  the last, no file_dirs, and no text for the directories `dirs` (where
 *  no event opened them). */
export async function asSchema9(file: string, dirs: string): Promise<void> {
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  const cols = (await c.runAndReadAll("SELECT column_name FROM duckdb_columns() WHERE table_name = 'events' ORDER BY column_index"))
    .getRowsJS().map((r) => r[0] as string);
  await c.run(`CREATE TABLE v9 AS SELECT ${cols.slice(0, -1).join(', ')}, 0::UINTEGER AS dir_id, ${cols.at(-1)} FROM events`);
  await c.run('DROP TABLE events');
  await c.run('ALTER TABLE v9 RENAME TO events');
  await c.run('DROP TABLE file_dirs');
  await c.run(`DELETE FROM strings WHERE ${dirs}`);
  await c.run("UPDATE meta SET value = '9' WHERE key = 'schema_version'");
  c.closeSync();
  db.closeSync();
}
