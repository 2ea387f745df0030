/** Runs as root (npm test does): files of other users are made with chown. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStoreFiles, ensurePrivateDir, openAppend, writeFileAtomic } from './safe-files';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-safe-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const NOBODY = 65534;

describe('ensurePrivateDir', () => {
  it('makes a missing dir 0700 and accepts it', () => {
    const d = path.join(root, 'new', 'state');
    ensurePrivateDir(d);
    expect(fs.statSync(d).mode & 0o777).toBe(0o700);
  });
  it('refuses a dir others can write to, one of another user, and a symlink', () => {
    const open = path.join(root, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    expect(() => ensurePrivateDir(open)).toThrow(/writable by others \(mode 777\)/);
    const theirs = path.join(root, 'theirs');
    fs.mkdirSync(theirs, { mode: 0o700 });
    fs.chownSync(theirs, NOBODY, NOBODY);
    expect(() => ensurePrivateDir(theirs)).toThrow(/belongs to uid 65534/);
    const link = path.join(root, 'link');
    fs.symlinkSync(theirs, link);
    expect(() => ensurePrivateDir(link)).toThrow(/not a directory/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a planted symlink instead of writing through it', () => {
    const victim = path.join(root, 'victim');
    fs.writeFileSync(victim, 'precious');
    const file = path.join(root, 'xdp.json');
    fs.symlinkSync(victim, file);
    writeFileAtomic(file, '{}\n');
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('openAppend', () => {
  it('creates 0600 and appends', () => {
    const file = path.join(root, 'audit.log');
    fs.writeSync(openAppend(file), 'a\n');
    fs.writeSync(openAppend(file), 'b\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('a\nb\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
  it('refuses a symlink, another user\'s file and a hard link to a file', () => {
    const victim = path.join(root, 'victim2');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(root, 'sym.log'));
    expect(() => openAppend(path.join(root, 'sym.log'))).toThrow(/ELOOP/);
    const theirs = path.join(root, 'theirs.log');
    fs.writeFileSync(theirs, '');
    fs.chownSync(theirs, NOBODY, NOBODY);
    expect(() => openAppend(theirs)).toThrow(/not a plain file of ours/);
    fs.linkSync(victim, path.join(root, 'hard.log'));
    expect(() => openAppend(path.join(root, 'hard.log'))).toThrow(/not a plain file of ours/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
  });
});

describe('checkStoreFiles', () => {
  const fresh = (name: string) => {
    const d = path.join(root, name);
    fs.mkdirSync(d, { mode: 0o700 });
    return d;
  };

  it('takes a new store in a folder of ours (made 0700), and closes an old 0644 one and its WAL to others', () => {
    checkStoreFiles(path.join(root, 'made', 'events.duckdb'));
    expect(fs.statSync(path.join(root, 'made')).mode & 0o777).toBe(0o700);
    const d = fresh('old');
    for (const f of ['events.duckdb', 'events.duckdb.wal']) fs.writeFileSync(path.join(d, f), '', { mode: 0o644 });
    fs.mkdirSync(path.join(d, 'events.duckdb.tmp'), { mode: 0o755 });
    checkStoreFiles(path.join(d, 'events.duckdb'));
    expect(['events.duckdb', 'events.duckdb.wal', 'events.duckdb.tmp'].map((f) => fs.statSync(path.join(d, f)).mode & 0o777))
      .toEqual([0o600, 0o600, 0o700]);
    expect(() => checkStoreFiles(':memory:')).not.toThrow();
  });

  it('refuses a folder others can write to, and a store, WAL or spill folder that is a link, a FIFO or not ours', () => {
    const open = path.join(root, 'world');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o1777);
    expect(() => checkStoreFiles(path.join(open, 'x.duckdb'))).toThrow(/writable by others/);
    const victim = path.join(root, 'store-victim');
    fs.writeFileSync(victim, '');
    const cases: [string, (f: string) => void, RegExp][] = [
      ['dangling', (f) => fs.symlinkSync(path.join(root, 'nowhere'), f), /not a plain file/],
      ['fifo', (f) => execFileSync('mkfifo', [f]), /not a plain file/],
      ['theirs', (f) => (fs.writeFileSync(f, ''), fs.chownSync(f, NOBODY, NOBODY)), /belongs to uid 65534/],
      ['hardlink', (f) => fs.linkSync(victim, f), /not a plain file/],
    ];
    for (const [name, make, error] of cases) {
      for (const suffix of ['', '.wal']) {
        const d = fresh(`${name}${suffix || '-db'}`);
        make(path.join(d, `x.duckdb${suffix}`));
        expect(() => checkStoreFiles(path.join(d, 'x.duckdb')), `${name}${suffix}`).toThrow(error);
      }
    }
    expect(fs.existsSync(path.join(root, 'nowhere'))).toBe(false);
    const d = fresh('spill-link');
    fs.symlinkSync(root, path.join(d, 'x.duckdb.tmp'));
    expect(() => checkStoreFiles(path.join(d, 'x.duckdb'))).toThrow(/not a directory/);
  });
});
