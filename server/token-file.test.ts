import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keptToken, keptTokenFile, readTokenFile } from './token-file';

const dirs: string[] = [];
const stateDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-token-'));
  dirs.push(d);
  return path.join(d, 'state');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the kept token', () => {
  it('is made once, readable by its owner only, and the same at the next start', () => {
    const dir = stateDir();
    const first = keptToken(dir, false);
    expect(first.made).toBe(true);
    expect(first.token).toMatch(/^[\w-]{24}$/);
    expect(fs.statSync(keptTokenFile(dir)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(keptToken(dir, false)).toEqual({ token: first.token, made: false });
  });

  it('is made anew when rotated, and the old one is gone', () => {
    const dir = stateDir();
    const old = keptToken(dir, false).token;
    const rotated = keptToken(dir, true);
    expect(rotated.made).toBe(true);
    expect(rotated.token).not.toBe(old);
    expect(keptToken(dir, false).token).toBe(rotated.token);
  });

  it('is never read through a link, nor from a file others can read, nor when it is no token', () => {
    const dir = stateDir();
    keptToken(dir, false);
    const file = keptTokenFile(dir);
    const elsewhere = path.join(path.dirname(dir), 'elsewhere');
    fs.writeFileSync(elsewhere, 'attacker-chosen-token\n', { mode: 0o600 });
    fs.rmSync(file);
    fs.symlinkSync(elsewhere, file);
    expect(() => keptToken(dir, false)).toThrow(/is not a plain file of ours \(a link\?\): remove it, or start with --rotate-token/);
    // Rotating replaces the link with a file: it never writes through it.
    keptToken(dir, true);
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('attacker-chosen-token\n');

    fs.chmodSync(file, 0o644);
    expect(() => keptToken(dir, false)).toThrow(/readable by others \(mode 644\): chmod 600 it/);
    fs.writeFileSync(file, 'short\n', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    expect(() => keptToken(dir, false)).toThrow(/must be 8 to 256 printable characters/);
  });

  it('refuses a state folder others can write to', () => {
    const dir = stateDir();
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    expect(() => keptToken(dir, false)).toThrow(/writable by others \(mode 777\)/);
  });
});

describe('--token-file', () => {
  it('reads the first line, trimmed', () => {
    const dir = stateDir();
    fs.mkdirSync(dir);
    const f = path.join(dir, 't');
    fs.writeFileSync(f, '  s3cret-token  \nsecond line\n', { mode: 0o600 });
    expect(readTokenFile(f)).toBe('s3cret-token');
    fs.chmodSync(f, 0o640);
    expect(() => readTokenFile(f)).toThrow(`--token-file ${f} is readable by others (mode 640): chmod 600 it`);
  });
});
