import { describe, expect, it } from 'vitest';
import { errnoName, parseErrno } from './errno';
import { filterFromQuery, filterToQuery, matchesFilter } from './filter';
import { clientMessageSchema, parseMessage, serverMessageSchema } from './messages';
import { decodeOpenFlags } from './openflags';
import { fileOf, UNATTRIBUTED, type TraceEvent } from './event';
import { storeHoldsSeconds, type StoreStats } from './views';

const event: TraceEvent = {
  ts: 12.5, cpu: 1, pid: 42, tid: 43, comm: 'bar probe-7', uid: 0, euid: 0, flags: 0x80000,
  ret: -2, errno: 2, path: '/etc/missing', truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0,
  ...UNATTRIBUTED,
};

describe('fileOf', () => {
  it('is the absolute path where known, else the name as passed', () => {
    expect(fileOf({ fullPath: '/home/u/rel', path: 'rel' })).toBe('/home/u/rel');
    expect(fileOf({ fullPath: '', path: 'rel' })).toBe('rel');
  });
});

describe('decodeOpenFlags', () => {
  it('names the access mode and each bit', () => {
    expect(decodeOpenFlags(0)).toBe('O_RDONLY');
    expect(decodeOpenFlags(0x80000)).toBe('O_RDONLY|O_CLOEXEC');
    expect(decodeOpenFlags(0o1101)).toBe('O_WRONLY|O_CREAT|O_TRUNC');
    expect(decodeOpenFlags(0o2)).toBe('O_RDWR');
  });
  it('shows unknown bits in hex, past 32 bits too', () => {
    expect(decodeOpenFlags(0x80000000)).toBe('O_RDONLY|0x80000000');
    expect(decodeOpenFlags(2 ** 32)).toBe('O_RDONLY|0x100000000');
    expect(decodeOpenFlags(2 ** 63 + 0x80800)).toBe('O_RDONLY|O_NONBLOCK|O_CLOEXEC|0x8000000000000000');
  });
  it('shows composite flags once', () => {
    expect(decodeOpenFlags(0o4010000)).toBe('O_RDONLY|O_SYNC');
    expect(decodeOpenFlags(0o20200002)).toBe('O_RDWR|O_TMPFILE');
  });
  it('keeps unknown bits visible', () => {
    expect(decodeOpenFlags(0x40000000)).toBe('O_RDONLY|0x40000000');
  });
});

describe('errnoName', () => {
  it('names known errnos and numbers the rest', () => {
    expect(errnoName(2)).toBe('ENOENT');
    expect(errnoName(13)).toBe('EACCES');
    expect(errnoName(999)).toBe('E999');
    expect([parseErrno('ENOENT'), parseErrno('enoent'), parseErrno('2'), parseErrno('E999'), parseErrno('nope'), parseErrno('0')]).toEqual([2, 2, 2, 999, undefined, undefined]);
  });
});

describe('matchesFilter', () => {
  it('matches on every field it has', () => {
    expect(matchesFilter({}, event)).toBe(true);
    expect(matchesFilter({ comm: 'probe-' }, event)).toBe(true);
    expect(matchesFilter({ comm: 'nope' }, event)).toBe(false);
    expect(matchesFilter({ pid: 42, tid: 43, uid: 0, result: 'failed', path: 'missing', syscall: 'openat' }, event)).toBe(true);
    expect(matchesFilter({ pid: 41 }, event)).toBe(false);
    expect(matchesFilter({ tid: 42 }, event)).toBe(false);
    expect(matchesFilter({ uid: 1000 }, event)).toBe(false);
    expect(matchesFilter({ syscall: 'open' }, event)).toBe(false);
    expect(matchesFilter({ result: 'ok' }, event)).toBe(false);
    expect(matchesFilter({ result: 2 }, event)).toBe(true);
    expect(matchesFilter({ result: 13 }, event)).toBe(false);
    expect(matchesFilter({ result: 'failed' }, { ...event, ret: 3, errno: 0 })).toBe(false);
  });
  it('treats * ? [ as a glob over the whole text, else a substring', () => {
    expect(matchesFilter({ comm: 'bar*' }, event)).toBe(true);
    expect(matchesFilter({ comm: 'probe*' }, event)).toBe(false);
    expect(matchesFilter({ comm: '*probe-?' }, event)).toBe(true);
    expect(matchesFilter({ path: '/etc/[lm]issing' }, event)).toBe(true);
    expect(matchesFilter({ path: '/etc/[!m]issing' }, event)).toBe(false);
    expect(matchesFilter({ path: '/etc/mi.sing' }, event)).toBe(false);
    expect(matchesFilter({ path: '/etc/(*' }, { ...event, path: '/etc/(x' })).toBe(true);
    expect(matchesFilter({ path: '*[*' }, { ...event, path: 'a[b' })).toBe(true);
  });
});

describe('filter in a query', () => {
  it('reads every key and writes it back the same way', () => {
    const r = filterFromQuery({ comm: 'ba*', pid: '42', tid: '43', uid: '0', path: '/etc', result: 'ENOENT', syscall: 'openat', limit: '5' });
    expect(r).toEqual({ ok: true, filter: { comm: 'ba*', pid: 42, tid: 43, uid: 0, path: '/etc', result: 2, syscall: 'openat' } });
    if (r.ok) expect(filterToQuery(r.filter).toString()).toBe('comm=ba*&pid=42&tid=43&uid=0&path=%2Fetc&result=ENOENT&syscall=openat');
    expect(filterFromQuery({ result: 'failed' })).toEqual({ ok: true, filter: { result: 'failed' } });
    expect(filterFromQuery({ result: '13' })).toEqual({ ok: true, filter: { result: 13 } });
  });
  it('says what is wrong', () => {
    for (const [q, msg] of [
      [{ pid: 'x' }, /pid/], [{ pid: '0' }, /pid/], [{ result: 'EWHAT' }, /result/], [{ syscall: 'execve' }, /syscall/],
    ] as const) {
      const r = filterFromQuery(q);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(msg);
    }
  });
});

describe('parseMessage', () => {
  it('accepts a valid client message', () => {
    const r = parseMessage(clientMessageSchema, '{"type":"filter","filter":{"pid":7},"id":1}');
    expect(r).toEqual({ ok: true, value: { type: 'filter', filter: { pid: 7 }, id: 1 } });
  });
  it('rejects non-JSON, unknown types and unknown fields with a reason', () => {
    expect(parseMessage(clientMessageSchema, '{nope').ok).toBe(false);
    const unknownType = parseMessage(clientMessageSchema, '{"type":"rm -rf"}');
    expect(unknownType.ok).toBe(false);
    const extra = parseMessage(clientMessageSchema, '{"type":"filter","filter":{"pid":1,"x":1}}');
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error).toMatch(/x/);
  });
  it('round-trips a server update', () => {
    const msg = {
      type: 'update', now: 13.2, filterId: 3, events: [{ ...event, seq: 7 }], omitted: 0,
      counts: { lines: 1, events: 1, records: 0, fullMissing: 0, own: 0, foreign: 0, unparsed: 0, lost: 0, lostMarkers: 0, overrun: 0, startsFull: 0, exitsMissed: 0, spooled: 0, spoolFullMs: 0 },
      tracer: { state: 'running', attach: 'tracepoint', attachWhy: null, syscalls: ['openat'], restarts: 0, message: null, scope: { pid: null, uid: null, comm: null } },
      store: {
        path: ':memory:', events: 1, oldestTs: 12.5, newestTs: 12.5, bytes: 4096, retentionSeconds: 86400, maxBytes: 1e9,
        droppedByAge: 0, droppedBySize: 0, writeFailures: 0, lastError: null,
      },
      rate: [{ t: 12, opens: 1, failed: 1 }],
    };
    expect(parseMessage(serverMessageSchema, JSON.stringify(msg))).toEqual({ ok: true, value: msg });
    // An event without its store seq is of an older server: refused, said why.
    const old = parseMessage(serverMessageSchema, JSON.stringify({ ...msg, events: [event] }));
    expect(old.ok).toBe(false);
  });
});

describe('storeHoldsSeconds', () => {
  const stats = (over: Partial<StoreStats>): StoreStats => ({
    path: ':memory:', events: 1000, oldestTs: 100, newestTs: 700, bytes: 100e6, retentionSeconds: 86_400, maxBytes: 1e9,
    droppedByAge: 0, droppedBySize: 0, writeFailures: 0, lastError: null, ...over,
  });

  it('is the retention while the size bound is far off', () => {
    expect(storeHoldsSeconds(stats({ bytes: 60e6, oldestTs: 0, newestTs: 6000 }))).toBe(86_400);
  });

  it('is what the size bound holds at the rate so far, when that comes first', () => {
    // 100 MB in 10 minutes: 1 GB is 100 minutes, not the 24 h retention.
    expect(storeHoldsSeconds(stats({}))).toBe(6000);
    // Full: the span it holds is what it keeps.
    expect(storeHoldsSeconds(stats({ bytes: 1e9, oldestTs: 50, newestTs: 3650 }))).toBe(3600);
  });

  it('is the retention while the store holds too little to tell (its own overhead would skew it)', () => {
    expect(storeHoldsSeconds(stats({ oldestTs: null, newestTs: null, bytes: 0 }))).toBe(86_400);
    expect(storeHoldsSeconds(stats({ bytes: 3e6, oldestTs: 100, newestTs: 160 }))).toBe(86_400);
  });
});
