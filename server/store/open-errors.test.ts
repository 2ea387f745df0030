/** What a user meets when the store cannot open: a clear sentence and a
 *  fix, never a stack trace, and nothing left behind. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackend } from '../testing/backend';
import { storeOpenFix } from './open-fix';

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

describe('--db', () => {
  it('refuses a store in a world-writable folder, a dangling link, a FIFO and another user\'s database, saying why', { timeout: 60_000 }, async () => {
    const world = path.join(dir, 'world');
    fs.mkdirSync(world);
    fs.chmodSync(world, 0o1777);
    const mine = path.join(dir, 'mine');
    fs.mkdirSync(mine, { mode: 0o700 });
    fs.symlinkSync(path.join(dir, 'planted'), path.join(mine, 'link.duckdb'));
    execFileSync('mkfifo', [path.join(mine, 'fifo.duckdb')]);
    fs.writeFileSync(path.join(mine, 'theirs.duckdb'), '');
    fs.chownSync(path.join(mine, 'theirs.duckdb'), 65534, 65534);
    const cases: [string, RegExp][] = [
      [path.join(world, 'x.duckdb'), /refusing --db: .*writable by others/],
      [path.join(mine, 'link.duckdb'), /refusing --db: .*not a plain file/],
      [path.join(mine, 'fifo.duckdb'), /refusing --db: .*not a plain file/],
      [path.join(mine, 'theirs.duckdb'), /refusing --db: .*belongs to uid 65534/],
    ];
    for (const [db, why] of cases) await expect(replay(7261, db), db).rejects.toThrow(why);
    expect(fs.existsSync(path.join(dir, 'planted'))).toBe(false);
    expect(fs.readdirSync(world)).toEqual([]);
  });

  it('makes the store, its WAL and its spill folder the owner\'s alone', async () => {
    const db = path.join(dir, 'own', 'events.duckdb');
    const b = await replay(7262, db);
    try {
      expect((await b.api('/api/events?limit=1')).status).toBe(200);
      for (const f of [path.dirname(db), db, `${db}.wal`].filter((f) => fs.existsSync(f))) {
        expect(fs.statSync(f).mode & 0o077, f).toBe(0);
      }
      expect(fs.existsSync(db)).toBe(true);
    } finally {
      await b.stop();
    }
  });

  it('says another instance holds a locked store, and a damaged one is to be moved away', () => {
    expect(storeOpenFix('IO Error: Could not set lock on file "/x/events.duckdb": Conflicting lock is held in /usr/bin/node (PID 7)'))
      .toMatch(/another ebpf-dash uses it/);
    expect(storeOpenFix('Corrupt database file: block checksum mismatch in block at location 4096')).toMatch(/move the file away/);
  });
});
