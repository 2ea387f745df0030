import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../protocol/event';
import { UNATTRIBUTED } from '../../protocol/event';
import { SLOWEST_BACKOFF, slowestDue, slowestRows } from './slowest';

function event(seq: number, durationNs: number, fields: Partial<StoredEvent> = {}): StoredEvent {
  return {
    seq, ts: seq, cpu: 0, pid: 10, tid: 10, comm: 'cat', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0,
    path: 'rel', truncated: false, syscall: 'openat', durationNs, cgroupId: 0, ...UNATTRIBUTED, ...fields,
  };
}

describe('slowestDue', () => {
  it('reads at once the first time and for another filter', () => {
    expect(slowestDue(null, '{}', 0)).toBe(true);
    expect(slowestDue({ key: '{"comm":"a"}', at: 1000, tookMs: 500 }, '{}', 1001)).toBe(true);
  });

  it('waits out the last read several times over', () => {
    const last = { key: '{}', at: 1000, tookMs: 400 };
    expect(slowestDue(last, '{}', 1000 + SLOWEST_BACKOFF * 400 - 1)).toBe(false);
    expect(slowestDue(last, '{}', 1000 + SLOWEST_BACKOFF * 400)).toBe(true);
  });
});

describe('slowestRows', () => {
  it('keeps timed opens the filter matches, in order', () => {
    const events = [event(1, 9000, { comm: 'vim' }), event(2, 5000), event(3, 0)];
    expect(slowestRows(events, {}).map((e) => e.seq)).toEqual([1, 2]);
    expect(slowestRows(events, { comm: 'cat' }).map((e) => e.seq)).toEqual([2]);
  });
});

