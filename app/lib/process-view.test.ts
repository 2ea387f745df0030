import { describe, expect, it } from 'vitest';
import type { ProcInfo } from '../../protocol/event';
import { argsOf, parentOf } from './process-view';

const exec = (args: string[], ppid = 1, truncated = false) => ({ exec: { ts: 12.5, ppid, args, truncated } });
const proc = (cmdline: string[], ppid = 1): ProcInfo => ({ ppid, uid: 0, cmdline });

describe('argsOf', () => {
  it("takes the exec's arguments, with its time", () => {
    expect(argsOf(exec(['cat', 'a b']), null)).toEqual({
      args: ['cat', 'a b'], source: 'exec', truncated: false, ts: 12.5, procNow: null,
    });
    expect(argsOf(exec(['cat']), proc(['cat'])).procNow).toBeNull();
  });

  it("adds /proc's when the process rewrote them", () => {
    expect(argsOf(exec(['/usr/sbin/sshd', '-D']), proc(['sshd: alice [priv]'])).procNow).toEqual(['sshd: alice [priv]']);
  });

  it('does not call a cut record different from the whole it starts', () => {
    expect(argsOf(exec(['python3', 'train.py', '--ep'], 1, true), proc(['python3', 'train.py', '--epochs', '3'])).procNow).toBeNull();
    expect(argsOf(exec(['python3', 'x'], 1, true), proc(['python3', 'y'])).procNow).toEqual(['python3', 'y']);
  });

  it('falls back to /proc, then to nothing', () => {
    expect(argsOf({ exec: null }, proc(['bash', '-l']))).toEqual({
      args: ['bash', '-l'], source: 'proc', truncated: false, ts: null, procNow: null,
    });
    expect(argsOf({ exec: null }, null).source).toBe('none');
  });
});

describe('parentOf', () => {
  it("takes the parent at exec, and says when /proc's differs now", () => {
    expect(parentOf(exec([], 300), null)).toEqual({ ppid: 300, source: 'exec', now: null });
    expect(parentOf(exec([], 300), proc([], 300))).toEqual({ ppid: 300, source: 'exec', now: null });
    expect(parentOf(exec([], 300), proc([], 1))).toEqual({ ppid: 300, source: 'exec', now: 1 });
  });

  it('falls back to /proc, then to nothing', () => {
    expect(parentOf({ exec: null }, proc([], 55))).toEqual({ ppid: 55, source: 'proc', now: null });
    expect(parentOf({ exec: null }, null)).toBeNull();
  });
});
