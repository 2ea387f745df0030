import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED } from '../../protocol/event';
import { parseLine, unescape } from './parse-line';

const TAG = 'fa4a1ddcf856b05c';
const tags = new Set([TAG]);
const msg = (fields: Partial<Record<string, string>> = {}) => {
  const f = {
    tag: TAG, sys: 'openat', pid: '4750', uid: '1000', euid: '0', flags: '0x80000', ret: '3', dur: '2500', cg: '4242',
    comm: 'cat', path: '/etc/passwd', bits: '0', ...fields,
  };
  return `odash tag=${f.tag} sys=${f.sys} pid=${f.pid} uid=${f.uid} euid=${f.euid} flags=${f.flags} ret=${f.ret} dur=${f.dur} cg=${f.cg} comm=${f.comm} path=${f.path} bits=${f.bits}`;
};
/** The message of an earlier version: tid in it, trunc last. */
const oldMsg = (fields: Partial<Record<string, string>> = {}) => {
  const f = {
    tag: TAG, sys: 'openat', pid: '4750', tid: '4751', uid: '1000', euid: '0', flags: '0x80000',
    ret: '3', comm: 'cat', path: '/etc/passwd', trunc: '0', ...fields,
  };
  return `odash tag=${f.tag} sys=${f.sys} pid=${f.pid} tid=${f.tid} uid=${f.uid} euid=${f.euid} flags=${f.flags} ret=${f.ret} comm=${f.comm} path=${f.path} trunc=${f.trunc}`;
};
const line = (task: string, message: string) =>
  `${task.padStart(16)}-4751    [001] ...21   289.766442: bpf_trace_printk: ${message}`;

describe('parseLine', () => {
  it('parses one of our lines into an event, the thread id from the header', () => {
    expect(parseLine(line('cat', msg()), tags)).toEqual({
      kind: 'event',
      event: {
        ts: 289.766442, cpu: 1, pid: 4750, tid: 4751, comm: 'cat', uid: 1000, euid: 0, flags: 0x80000,
        ret: 3, errno: 0, path: '/etc/passwd', truncated: false, syscall: 'openat', durationNs: 2500, cgroupId: 4242,
        ...UNATTRIBUTED,
      },
      full: false,
    });
  });

  it('says when a full record came before the event', () => {
    const r = parseLine(line('cat', msg({ bits: '3' })), tags);
    expect(r.kind === 'event' && [r.full, r.event.truncated]).toEqual([true, true]);
  });

  it('reads lines of earlier versions (recordings): tid in the message, and before euid', () => {
    const r = parseLine(line('cat', oldMsg({ tid: '99' })), tags);
    expect(r.kind === 'event' && [r.event.tid, r.event.durationNs, r.event.cgroupId, r.full]).toEqual([99, 0, 0, false]);
    const old = oldMsg().replace(' euid=0', '');
    const o = parseLine(line('cat', old), tags);
    expect(o.kind === 'event' && [o.event.uid, o.event.euid, o.event.path]).toEqual([1000, 1000, '/etc/passwd']);
    expect(parseLine(line('cat', oldMsg({ euid: 'x' })), tags)).toEqual({ kind: 'unparsed', reason: 'bad id' });
    expect(parseLine(line('cat', oldMsg({ trunc: '1' })), tags)).toMatchObject({ event: { truncated: true } });
  });

  it('reports a failed open with its errno', () => {
    const r = parseLine(line('cat', msg({ ret: '-2' })), tags);
    expect(r.kind === 'event' && [r.event.ret, r.event.errno]).toEqual([-2, 2]);
  });

  it('reads 64-bit durations and cgroup ids past what the fast path takes', () => {
    const r = parseLine(line('cat', msg({ dur: '18446744073709551615', cg: '1234567890123456' })), tags);
    // 2^64 - 1 as the largest double below 2^64: what a 64-bit column holds.
    expect(r.kind === 'event' && [r.event.durationNs, r.event.cgroupId]).toEqual([2 ** 64 - 2048, 1234567890123456]);
    expect(parseLine(line('cat', msg({ dur: '18446744073709551616' })), tags)).toEqual({ kind: 'unparsed', reason: 'bad number' });
  });

  it('keeps flags past 32 bits as openat2 passes them (the kernel refuses them: EINVAL)', () => {
    for (const [flags, value] of [['0x100000000', 2 ** 32], ['0x8000000000000000', 2 ** 63], ['0xffffffffffffffff', 2 ** 64 - 2048]] as const) {
      const r = parseLine(line('cat', msg({ sys: 'openat2', flags, ret: '-22' })), tags);
      expect(r.kind === 'event' && [r.event.flags, r.event.errno]).toEqual([value, 22]);
    }
  });

  it('refuses numbers no open can print: ids past 32 bits, a CPU past 65535, a return past an int or -4095', () => {
    const cases: [string, string][] = [
      [line('cat', msg({ pid: '4294967296' })), 'bad id'],
      [line('cat', msg({ uid: '4294967296' })), 'bad id'],
      [line('cat', msg({ euid: '9999999999' })), 'bad id'],
      [line('cat', msg({ ret: '-4096' })), 'bad ret'],
      [line('cat', msg({ ret: '2147483648' })), 'bad ret'],
      [line('cat', msg()).replace('[001]', '[70000]'), 'bad id'],
      [line('cat', msg()).replace('-4751 ', '-4294967296 '), 'bad id'],
    ];
    for (const [l, reason] of cases) expect(parseLine(l, tags), l).toEqual({ kind: 'unparsed', reason });
    // The largest of each is an event.
    const edge = parseLine(line('cat', msg({ pid: '4294967295', uid: '4294967295', euid: '4294967295', ret: '-4095' })), tags);
    expect(edge.kind === 'event' && [edge.event.pid, edge.event.errno]).toEqual([4294967295, 4095]);
  });

  it('takes the name from the message when the header name has spaces, dashes or is unknown', () => {
    for (const task of ['bar probe-7', '<...>', 'a-1 [000] x', 'x]- 9 [']) {
      const r = parseLine(line(task, msg({ comm: 'bar\\x20probe-7' })), tags);
      expect(r.kind === 'event' && [r.event.comm, r.event.cpu, r.event.ts]).toEqual([
        'bar probe-7', 1, 289.766442,
      ]);
    }
  });

  it('decodes escaped control bytes, backslashes and UTF-8 in names and paths', () => {
    const r = parseLine(
      line('x', msg({ comm: 'a\\x0ab', path: '/tmp/sp\\x20ace\\x0anl\\x5cx41\\xc3\\xa9' })),
      tags,
    );
    expect(r.kind === 'event' && [r.event.comm, r.event.path]).toEqual([
      'a\nb', '/tmp/sp ace\nnl\\x41é',
    ]);
  });

  it('accepts the record-tgid header and headers without irq flags', () => {
    const tgid = '           cat-4751    (   4750) [003] ...21   12.5: bpf_trace_printk: ' + msg();
    const noflags = '           cat-4751    [003]    12.5: bpf_trace_printk: ' + msg();
    for (const l of [tgid, noflags]) {
      const r = parseLine(l, tags);
      expect(r.kind === 'event' && [r.event.cpu, r.event.ts]).toEqual([3, 12.5]);
    }
  });

  it('marks truncated paths', () => {
    const r = parseLine(line('cat', msg({ bits: '1' })), tags);
    expect(r.kind === 'event' && r.event.truncated).toBe(true);
  });

  it('reads the kernel LOST markers', () => {
    expect(parseLine('CPU:1 [LOST 50 EVENTS]', tags)).toEqual({ kind: 'lost', cpu: 1, count: 50 });
  });

  it('treats other programs, other sessions and forgeries as foreign', () => {
    expect(parseLine(line('python3', 'process=vim pid=3382'), tags).kind).toBe('foreign');
    expect(parseLine(line('cat', msg({ tag: '1234abcd' })), tags).kind).toBe('foreign');
    expect(parseLine(line('cat', 'odash tag=1234abcd old format'), tags).kind).toBe('foreign');
    expect(
      parseLine('          <idle>-0       [000] d..2.  1.0: sched_switch: prev_comm=swapper', tags).kind,
    ).toBe('foreign');
  });

  it('never makes an event from a line cut short', () => {
    const full = line('cat', msg({ bits: '1' }));
    for (let cut = 0; cut < full.length; cut++) {
      expect(parseLine(full.slice(0, cut), tags).kind).not.toBe('event');
    }
  });

  it('rejects malformed fields', () => {
    const bad = [
      msg({ pid: '-1' }), msg({ pid: '12345678901' }), msg({ sys: 'execve' }), msg({ flags: '0xZZ' }),
      msg({ ret: '1.5' }), msg({ bits: '1x' }), msg({ dur: '-1' }), msg({ cg: 'x' }), msg({ comm: 'a\\x4' }), msg({ path: '/a\\y00' }),
      msg({ path: '/a\\X41' }), msg() + ' extra', msg().replace('uid=', 'gid='),
    ];
    for (const m of bad) expect(parseLine(line('cat', m), tags).kind).toBe('unparsed');
    expect(parseLine(line('cat', msg({ path: '/a b' })), tags).kind).toBe('unparsed');
    expect(parseLine('garbage', tags).kind).toBe('unparsed');
    expect(parseLine('', tags).kind).toBe('unparsed');
    expect(parseLine('x: bpf_trace_printk: ' + msg(), tags).kind).toBe('unparsed');
  });

  it('reads full, exec and fork records', () => {
    const full = parseLine(line('cat', `odash tag=${TAG} full kind=dir path=/tmp/a\\x20b trunc=0`), tags);
    expect(full).toEqual({ kind: 'full', tid: 4751, full: { kind: 'dir', path: '/tmp/a b', truncated: false } });
    const exec = parseLine(
      line('sh', `odash tag=${TAG} exec pid=7 ppid=1 start=28912 cg=9 exe=/usr/bin/sh args=sh\\x00-c\\x00echo\\x20hi\\x00 trunc=1`),
      tags,
    );
    expect(exec).toEqual({
      kind: 'exec',
      exec: {
        ts: 289.766442, pid: 7, ppid: 1, start: 289.12, cgroupId: 9, exe: '/usr/bin/sh', args: ['sh', '-c', 'echo hi', ''],
        truncated: true,
      },
    });
    expect(parseLine(line('sh', `odash tag=${TAG} fork pid=8 ppid=7 start=28976 end=1`), tags)).toEqual({
      kind: 'fork', ts: 289.766442, pid: 8, ppid: 7, start: 289.76,
    });
  });

  it("reads a recording's exec and fork records from before the start was printed", () => {
    const exec = parseLine(line('sh', `odash tag=${TAG} exec pid=7 ppid=1 cg=9 exe=/usr/bin/sh args=sh trunc=0`), tags);
    expect(exec).toMatchObject({ kind: 'exec', exec: { pid: 7, ppid: 1, start: 0, cgroupId: 9, exe: '/usr/bin/sh' } });
    expect(parseLine(line('sh', `odash tag=${TAG} fork pid=8 ppid=7 end=1`), tags)).toEqual({
      kind: 'fork', ts: 289.766442, pid: 8, ppid: 7, start: 0,
    });
  });

  it('rejects malformed records, and takes records of other sessions as foreign', () => {
    for (const m of [
      `odash tag=${TAG} full kind=sock path=/x trunc=0`, `odash tag=${TAG} full kind=file path=/x trunc=2`,
      `odash tag=${TAG} full kind=file path=/x`, `odash tag=${TAG} exec pid=x ppid=1 cg=1 exe=/a args= trunc=0`,
      `odash tag=${TAG} fork pid=1 ppid=2`, `odash tag=${TAG} fork pid=1 ppid=2 end=2`,
      `odash tag=${TAG} fork pid=1 ppid=2 start=x end=1`, `odash tag=${TAG} fork pid=4294967296 ppid=2 end=1`,
      `odash tag=${TAG} exec pid=1 ppid=4294967296 start=1 cg=1 exe=/a args= trunc=0`, `odash tag=${TAG} fork pid=1 ppid=2 start=-3 end=1`, `odash tag=${TAG} fork pid=1 ppid=2 end=1 x=3`, `odash tag=${TAG} exec pid=1 ppid=1 cg=1 exe=/a\\x4 args= trunc=0`,
    ]) {
      expect(parseLine(line('cat', m), tags).kind, m).toBe('unparsed');
    }
    expect(parseLine(line('cat', 'odash tag=1234 fork pid=8 ppid=7 end=1'), tags).kind).toBe('foreign');
  });

  it('never makes a record from a line cut short', () => {
    for (const m of [
      `odash tag=${TAG} full kind=file path=/tmp/x trunc=0`,
      `odash tag=${TAG} exec pid=17 ppid=1 start=1234 cg=19 exe=/usr/bin/sh args=sh\\x00-c trunc=0`,
      `odash tag=${TAG} fork pid=18 ppid=17 start=1234 end=1`,
    ]) {
      const whole = line('cat', m);
      for (let cut = 0; cut < whole.length; cut++) expect(['unparsed', 'foreign']).toContain(parseLine(whole.slice(0, cut), tags).kind);
    }
  });

  it('cannot be fooled by a hostile name that splits the line', () => {
    // comm "a\nb-1 [0] \x": the kernel writes the raw name into the header.
    const hostile = line('    a\nb-1 [0] \\x', msg({ comm: 'a\\x0ab-1\\x20[0]\\x20\\x5cx' }));
    const [first, second] = hostile.split('\n') as [string, string];
    expect(parseLine(first, tags).kind).toBe('unparsed');
    const r = parseLine(second, tags);
    expect(r.kind === 'event' && [r.event.comm, r.event.tid]).toEqual(['a\nb-1 [0] \\x', 4751]);
  });
});

describe('parseLine timestamps', () => {
  const at = (ts: string) => line('cat', msg()).replace('289.766442', ts);

  it('refuses a time no trace clock reads: past 2^32 s since boot', () => {
    for (const ts of ['99999999999999999999.000000', '99999999999999.0', '4294967296.000000']) {
      expect(parseLine(at(ts), tags)).toEqual({ kind: 'unparsed', reason: 'bad timestamp' });
    }
    const r = parseLine(at('4294967295.999999'), tags);
    expect(r.kind === 'event' && r.event.ts).toBe(4294967295.999999);
  });
});

describe('unescape', () => {
  it('returns plain text untouched and rejects raw spaces or controls', () => {
    expect(unescape('/etc/passwd')).toBe('/etc/passwd');
    expect(unescape('')).toBe('');
    expect(unescape('a b')).toBeNull();
    expect(unescape('a\tb')).toBeNull();
    expect(unescape('\\x')).toBeNull();
  });
});
