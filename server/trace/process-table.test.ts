import { describe, expect, it } from 'vitest';
import { ProcessTable, readProcIdentity } from './process-table';

const exec = (pid: number, exe: string) => ({
  ts: 10, pid, ppid: 1, cgroupId: 1, exe, args: [exe, '-x'], truncated: false,
});

const exeOf = (t: ProcessTable, pid: number) => t.lookup(pid)?.exe ?? '';

describe('ProcessTable', () => {
  it('keeps who a process was after it exits, and gives a forked child its parent', () => {
    const t = new ProcessTable(() => null);
    t.exec(exec(100, '/usr/bin/make'));
    t.fork(101, 100, 11);
    expect(exeOf(t, 100)).toBe('/usr/bin/make');
    expect(t.lookup(101)).toEqual({ pid: 101, exe: '/usr/bin/make', ppid: 100 });
  });

  it('keeps what an exec said when its fork record is read after it', () => {
    // trace_pipe orders lines by each CPU's clock: a child's exec, on
    // another CPU, can come out before its parent's fork record.
    const t = new ProcessTable(null);
    t.exec({ ...exec(200, '/usr/bin/node'), ts: 10.002, ppid: 7 });
    t.fork(200, 7, 10.001);
    expect(exeOf(t, 200)).toBe('/usr/bin/node');
    // A later fork is a new process that took the PID.
    t.fork(200, 8, 20);
    expect(t.lookup(200)).toMatchObject({ ppid: 8, exe: '' });
  });

  it('looks a process up in /proc once, misses included', () => {
    let reads = 0;
    const t = new ProcessTable((pid) => {
      reads++;
      return pid === 5 ? { pid, ppid: 1, exe: '/bin/sh' } : null;
    });
    expect(exeOf(t, 5)).toBe('/bin/sh');
    expect(exeOf(t, 5)).toBe('/bin/sh');
    expect(exeOf(t, 6)).toBe('');
    expect(exeOf(t, 6)).toBe('');
    expect(reads).toBe(2);
  });

  it('reads nothing from /proc for a replay', () => {
    expect(exeOf(new ProcessTable(null), process.pid)).toBe('');
  });

  it('forgets the oldest past its bound', () => {
    const t = new ProcessTable(null, 2);
    for (const pid of [1, 2, 3]) t.exec(exec(pid, `/p${pid}`));
    expect([exeOf(t, 1), exeOf(t, 2), exeOf(t, 3)]).toEqual(['', '/p2', '/p3']);
  });

  it('reads a live process from /proc', () => {
    expect(readProcIdentity(process.pid)).toMatchObject({ pid: process.pid, exe: process.execPath, ppid: process.ppid });
    expect(readProcIdentity(2 ** 30)).toBeNull();
  });
});
