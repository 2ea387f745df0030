import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import { Assembler, NO_ATTRIBUTION, type Attribution } from './assemble';
import { ProcessTable } from './process-table';

const event = (over: Partial<TraceEvent> = {}): TraceEvent => ({
  ts: 1, cpu: 0, pid: 10, tid: 11, comm: 'cat', uid: 1000, euid: 1000, flags: 0, ret: 3, errno: 0, path: 'rel',
  truncated: false, syscall: 'openat', durationNs: 5, cgroupId: 7, ...UNATTRIBUTED, ...over,
});

describe('Assembler', () => {
  it("joins a thread's full record to its next event, and only that one", () => {
    const a = new Assembler(new ProcessTable(null), NO_ATTRIBUTION, null);
    a.full(11, { kind: 'file', path: '/tmp/x/rel', truncated: false });
    a.full(12, { kind: 'dir', path: '/srv', truncated: false });
    const e = event();
    a.event(e, true);
    expect(e.fullPath).toBe('/tmp/x/rel');
    const other = event({ tid: 12, path: 'missing', ret: -2 });
    a.event(other, true);
    expect(other.fullPath).toBe('/srv/missing');
    const again = event();
    a.event(again, true);
    expect([again.fullPath, a.fullMissing]).toEqual(['', 1]);
  });

  it('drops a stale record: an event that says none came does not take it', () => {
    const a = new Assembler(new ProcessTable(null), NO_ATTRIBUTION, null);
    a.full(11, { kind: 'file', path: '/old', truncated: false });
    const e = event({ path: '/etc/passwd' });
    a.event(e, false);
    expect(e.fullPath).toBe('/etc/passwd');
    const next = event();
    a.event(next, true);
    expect(next.fullPath).toBe('');
  });

  it('names the cgroup, unit, container, user and executable, and marks our own opens', () => {
    const who: Attribution = {
      cgroup: (id) => ({ cgroup: `/system.slice/u${id}.service`, unit: `u${id}.service`, container: '' }),
      onResolved: () => undefined,
      userName: (uid) => (uid === 1000 ? 'alice' : ''),
    };
    const procs = new ProcessTable(null);
    procs.exec({ ts: 0, pid: 10, ppid: 1, start: 0, cgroupId: 7, exe: '/bin/cat', args: ['cat'], truncated: false });
    procs.fork(20, 99, 0.5, 1);
    const a = new Assembler(procs, who, 99);
    const e = event();
    a.event(e, false);
    expect(e).toMatchObject({ cgroup: '/system.slice/u7.service', unit: 'u7.service', user: 'alice', exe: '/bin/cat', own: false });
    const child = event({ pid: 20 });
    a.event(child, false);
    expect(child.own).toBe(true);
    const self = event({ pid: 99 });
    a.event(self, false);
    expect(self.own).toBe(true);
    // The command runner's commands (bpftool, ip): children of a child.
    procs.fork(30, 20, 0.6, 2);
    const grandchild = event({ pid: 30 });
    a.event(grandchild, false);
    expect(grandchild.own).toBe(true);
    procs.fork(40, 10, 0.7, 3);
    const stranger = event({ pid: 40 });
    a.event(stranger, false);
    expect(stranger.own).toBe(false);
  });
});
