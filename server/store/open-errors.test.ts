/** What a user meets when the store cannot open: a clear sentence and a
 *  fix, never a stack trace, and nothing left behind. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackend } from '../testing/backend';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-open-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const empty = path.join(dir, 'empty.log');
fs.writeFileSync(empty, '');
const replay = (port: number, db: string) => startBackend(port, ['--replay', empty, '--speed', '0', '--db', db]);

describe('opening the event store', () => {
  it('refuses a store another backend holds, and says what to do', { timeout: 30_000 }, async () => {
    const db = path.join(dir, 'shared.duckdb');
    const first = await replay(7246, db);
    try {
      await expect(replay(7247, db)).rejects.toThrow(/cannot open the event store .*shared\.duckdb: .*lock[^]*fix: another ebpf-dash uses it/);
    } finally {
      await first.stop();
    }
    // Once the first is gone the store opens again, with what it holds.
    const again = await replay(7247, db);
    await again.stop();
  });

  it('refuses a file that is not a store, and leaves it as it was', { timeout: 30_000 }, async () => {
    const db = path.join(dir, 'notes.txt');
    fs.writeFileSync(db, 'my notes\n');
    await expect(replay(7248, db)).rejects.toThrow(/cannot open the event store .*notes\.txt: [^]*not a valid DuckDB[^]*fix: move the file away/);
    expect(fs.readFileSync(db, 'utf8')).toBe('my notes\n');
  });

  it('refuses a relative --db before opening anything', async () => {
    await expect(replay(7249, 'events.duckdb')).rejects.toThrow(/--db must be an absolute path/);
  });
});
