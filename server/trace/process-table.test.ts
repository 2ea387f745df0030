import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProcessTable, readProcIdentity } from './process-table';

const exec = (pid: number, exe: string, start = 0) => ({
  ts: 10, pid, ppid: 1, start, cgroupId: 1, exe, args: [exe, '-x'], truncated: false,
});

const exeOf = (t: ProcessTable, pid: number) => t.lookup(pid)?.exe ?? '';

describe('ProcessTable', () => {
  it('keeps who a process was after it exits, and gives a forked child its parent', () => {
    const t = new ProcessTable(() => null);
    t.exec(exec(100, '/usr/bin/make'));
    t.fork(101, 100, 10.5, 11);
    expect(exeOf(t, 100)).toBe('/usr/bin/make');
    expect(t.lookup(101)).toEqual({ pid: 101, start: 10.5, exe: '/usr/bin/make', ppid: 100 });
  });

  it('keeps what an exec said when its fork record is read after it', () => {
    // trace_pipe orders lines by each CPU's clock: a child's exec, on
    // another CPU, can come out before its parent's fork record.
    const t = new ProcessTable(null);
    t.exec({ ...exec(200, '/usr/bin/node', 10), ts: 10.002, ppid: 7 });
    t.fork(200, 7, 10, 10.001);
    expect(exeOf(t, 200)).toBe('/usr/bin/node');
    // A fork with another start is a new process that took the PID.
    t.fork(200, 8, 19.99, 20);
    expect(t.lookup(200)).toMatchObject({ ppid: 8, start: 19.99, exe: '' });
  });

  it('tells the processes of a reused PID apart by their starts, whatever the order of the records', () => {
    const t = new ProcessTable(null);
    t.exec({ ...exec(300, '/usr/bin/find', 50), ts: 50.1 });
    // The next process of PID 300: its exec read before its fork.
    t.exec({ ...exec(300, '/usr/bin/mkdir', 80), ts: 80.2 });
    t.fork(300, 9, 80, 80.1);
    expect(t.lookup(300)).toMatchObject({ start: 80, exe: '/usr/bin/mkdir' });
  });

  it('orders the records of a recording without starts by their times', () => {
    const t = new ProcessTable(null);
    t.exec({ ...exec(200, '/usr/bin/node'), ts: 10.002, ppid: 7 });
    t.fork(200, 7, 0, 10.001);
    expect(exeOf(t, 200)).toBe('/usr/bin/node');
    t.fork(200, 8, 0, 20);
    expect(t.lookup(200)).toMatchObject({ ppid: 8, start: 0, exe: '' });
  });

  it('looks a process up in /proc once, misses included', () => {
    let reads = 0;
    const t = new ProcessTable((pid) => {
      reads++;
      return pid === 5 ? { pid, start: 3, ppid: 1, exe: '/bin/sh' } : null;
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

  it('reads a live process from /proc, its start as /proc/PID/stat counts it', () => {
    const id = readProcIdentity(process.pid)!;
    expect(id).toMatchObject({ pid: process.pid, exe: process.execPath, ppid: process.ppid });
    const uptime = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    // Started before now, and within this test run (a minute or so).
    expect(id.start).toBeLessThanOrEqual(uptime);
    expect(id.start).toBeGreaterThan(uptime - process.uptime() - 60);
    expect(Math.round(id.start * 100)).toBeCloseTo(id.start * 100, 6);
    expect(readProcIdentity(2 ** 30)).toBeNull();
  });
});
