import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type StoredEvent } from '../../protocol/event';
import type { EventsPage } from '../../protocol/views';
import { LiveEvents, MAX_HELD } from './live-events';

function ev(seq: number, comm = 'cat'): StoredEvent {
  return {
    seq, ts: seq / 10, cpu: 0, pid: 1, tid: 1, comm, uid: 0, euid: 0, flags: 0, ret: 3, errno: 0, path: '/x',
    truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED,
  };
}

/** Newest first, as /api/events answers. */
function page(seqs: number[], total: number, next: number | null = null): EventsPage {
  return { events: seqs.map((s) => ev(s)), next, total };
}

const seqs = (l: LiveEvents) => l.held.map((e) => e.seq);

describe('LiveEvents', () => {
  it('puts new matching events on top, once each', () => {
    const l = new LiveEvents();
    l.loadFirst(page([12, 11, 10], 40, 10), {});
    expect(l.total).toBe(40);
    expect(l.add([ev(11), ev(13), ev(14, 'sh'), ev(15)], { comm: 'cat' })).toBe(2);
    expect(seqs(l)).toEqual([15, 13, 12, 11, 10]);
    // Only the ones that came after the count are added to it.
    expect(l.total).toBe(42);
  });

  it('keeps what the socket sent before the first page, above it', () => {
    const l = new LiveEvents();
    expect(l.total).toBeNull();
    l.add([ev(9), ev(11), ev(12)], {});
    l.loadFirst(page([10, 9], 2), {});
    expect(seqs(l)).toEqual([12, 11, 10, 9]);
    expect(l.total).toBe(4);
  });

  it('takes a later count and ignores an earlier one', () => {
    const l = new LiveEvents();
    l.loadFirst(page([10], 5), {});
    l.add([ev(11), ev(12)], {});
    l.count(page([12], 8));
    expect(l.total).toBe(8);
    l.count(page([9], 3));
    expect(l.total).toBe(8);
  });

  it('appends older pages below and follows their cursor', () => {
    const l = new LiveEvents();
    l.loadFirst(page([20, 19], 10, 19), {});
    expect(l.canLoadOlder).toBe(true);
    l.appendOlder(page([19, 18, 17], 10, 17));
    expect(seqs(l)).toEqual([20, 19, 18, 17]);
    expect(l.next).toBe(17);
    l.appendOlder(page([16], 10, null));
    expect(l.canLoadOlder).toBe(false);
  });

  it('holds at most MAX_HELD, and the dropped ones become the next page', () => {
    const l = new LiveEvents();
    l.loadFirst(page([5, 4, 3], 3, null), {});
    const burst = Array.from({ length: MAX_HELD }, (_, i) => ev(6 + i));
    l.add(burst, {});
    expect(l.held).toHaveLength(MAX_HELD);
    expect(l.held[0]!.seq).toBe(5 + MAX_HELD);
    expect(l.next).toBe(6);
    expect(l.canLoadOlder).toBe(false);
    expect(l.total).toBe(3 + MAX_HELD);
  });

  it('starts over on reset', () => {
    const l = new LiveEvents();
    l.loadFirst(page([1], 1), {});
    l.reset();
    expect(l.held).toEqual([]);
    expect(l.ready).toBe(false);
    expect(l.total).toBeNull();
  });

  it('can keep showing the held events a new filter matches until its page comes', () => {
    const l = new LiveEvents();
    l.loadFirst({ events: [ev(3, 'sh'), ev(2, 'cat'), ev(1, 'sh')], next: null, total: 3 }, {});
    l.reset({ comm: 'sh' });
    expect(seqs(l)).toEqual([3, 1]);
    expect(l.ready).toBe(false);
    expect(l.canLoadOlder).toBe(false);
  });
});
