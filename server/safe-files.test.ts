/** Runs as root (npm test does): files of other users are made with chown. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePrivateDir, openAppend, writeFileAtomic } from './safe-files';

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
