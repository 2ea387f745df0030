import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type StoredEvent } from '../../protocol/event';
import { BatchBuilder, NUMBER_FIELDS, TEXT_FIELDS, withoutBadRows } from './batch';

const ev = (over: Partial<StoredEvent>): StoredEvent => ({
  seq: 0, ts: 100, cpu: 1, pid: 5, tid: 6, comm: 'cat', uid: 1000, euid: 0, flags: 0x80000, ret: 3, errno: 0,
  path: 'rel/x', truncated: false, syscall: 'openat2', durationNs: 1500, cgroupId: 7, ...UNATTRIBUTED, ...over,
});

describe('BatchBuilder', () => {
  it('lays events out as columns, each distinct text once', () => {
    const b = new BatchBuilder(4);
    b.add(ev({ seq: 10, ts: 100.5, fullPath: '/home/a/rel/x', user: 'alice', own: true }));
    b.add(ev({ seq: 11, ts: 99, comm: 'nl\nname', path: '/etc/passwd', truncated: true, origin: 'article' }));
    const batch = b.take()!;
    // Less than half full: copied out at its size.
    expect(batch).toMatchObject({ rows: 2, stride: 2, firstTs: 99, lastTs: 100.5 });
    const column = (field: (typeof NUMBER_FIELDS)[number]) => {
      const c = NUMBER_FIELDS.indexOf(field);
      return [...batch.numbers.subarray(c * 2, c * 2 + 2)];
    };
    expect(column('seq')).toEqual([10, 11]);
    expect(column('syscall')).toEqual([2, 2]);
    expect(column('truncated')).toEqual([0, 1]);
    expect(column('article')).toEqual([0, 1]);
    expect(column('own')).toEqual([1, 0]);
    expect(column('cgroupId')).toEqual([7, 7]);
    const text = (field: (typeof TEXT_FIELDS)[number]) => {
      const t = TEXT_FIELDS.indexOf(field);
      return [...batch.refs.subarray(t * 2, t * 2 + 2)].map((k) => batch.texts[k]);
    };
    expect(text('comm')).toEqual(['cat', 'nl\nname']);
    // The name: '' where it is the file itself.
    expect(text('path')).toEqual(['rel/x', '']);
    // The file: the absolute path where known, else the name as passed.
    expect(text('file')).toEqual(['/home/a/rel/x', '/etc/passwd']);
    expect(text('user')).toEqual(['alice', '']);
    expect(batch.texts).toEqual(['cat', 'rel/x', '/home/a/rel/x', '', 'alice', 'nl\nname', '/etc/passwd']);
  });

  it('puts every number field in its own column', () => {
    const b = new BatchBuilder(1);
    const e = ev({
      seq: 1, ts: 2, cpu: 3, pid: 4, tid: 5, uid: 6, euid: 7, flags: 8, ret: 9, errno: 10, durationNs: 11,
      cgroupId: 12, start: 13.5, truncated: true, fullTruncated: true, own: true, origin: 'article',
    });
    b.add(e);
    const batch = b.take()!;
    const expected: Record<string, number> = {
      ...Object.fromEntries(Object.entries(e).filter(([, v]) => typeof v === 'number')),
      syscall: 2, truncated: 1, article: 1, fullTruncated: 1, own: 1,
      euid: 6 ^ 7, // kept XOR uid (schema.ts)
      tid: 5 - 4, // kept less the pid
    };
    expect(Object.fromEntries(NUMBER_FIELDS.map((f, c) => [f, batch.numbers[c]]))).toEqual(expected);
  });

  it('starts a new batch after each take, and says when one is full', () => {
    const b = new BatchBuilder(2);
    expect(b.take()).toBeNull();
    b.add(ev({ seq: 1 }));
    expect(b.full).toBe(false);
    b.add(ev({ seq: 2, comm: 'other' }));
    expect(b.full).toBe(true);
    const whole = b.take()!;
    expect(whole).toMatchObject({ rows: 2, stride: 2 });
    b.add(ev({ seq: 3 }));
    const next = b.take()!;
    expect(next.rows).toBe(1);
    expect(next.texts).toEqual(['cat', '', 'rel/x']);
    // The one before is its own: a later batch does not write over it.
    expect([...whole.numbers.subarray(0, 2)]).toEqual([1, 2]);
  });

  it('uses the buffers of an appended batch again', () => {
    const b = new BatchBuilder(2);
    b.add(ev({ seq: 1 }));
    b.add(ev({ seq: 2 }));
    const first = b.take()!;
    b.recycle(first.numbers.buffer, first.refs.buffer);
    b.add(ev({ seq: 3 }));
    b.add(ev({ seq: 4 }));
    // The builder's next batch (started at the first take) has buffers of
    // its own; the one after it, the recycled ones.
    b.take();
    b.add(ev({ seq: 5 }));
    b.add(ev({ seq: 6 }));
    const third = b.take()!;
    expect(third.numbers.buffer).toBe(first.numbers.buffer);
    expect([...third.numbers.subarray(0, 2)]).toEqual([5, 6]);
    // Buffers of another size (a batch copied out small) are not kept.
    b.recycle(new ArrayBuffer(8), new ArrayBuffer(4));
    b.add(ev({ seq: 7 }));
    b.add(ev({ seq: 8 }));
    expect(b.take()!.numbers.byteLength).toBe(NUMBER_FIELDS.length * 2 * 8);
  });

  it('takes out each row a column cannot hold, and only those', () => {
    const b = new BatchBuilder(8);
    b.add(ev({ seq: 1, path: '/a' }));
    b.add(ev({ seq: 2, path: '/b', pid: 2 ** 32 }));
    b.add(ev({ seq: 3, path: '/c', flags: 2 ** 40 }));
    b.add(ev({ seq: 4, path: '/d', ret: 2 ** 31, errno: -1 }));
    b.add(ev({ seq: 5, path: '/e', durationNs: 0.5 }));
    const { batch, refused, problem } = withoutBadRows(b.take()!);
    expect([refused, problem]).toEqual([3, 'pid 4294967296 does not fit its column (UINTEGER)']);
    const seq = NUMBER_FIELDS.indexOf('seq');
    expect([...batch.numbers.subarray(seq * batch.stride, seq * batch.stride + batch.rows)]).toEqual([1, 3]);
    const file = TEXT_FIELDS.indexOf('file');
    expect([...batch.refs.subarray(file * batch.stride, file * batch.stride + batch.rows)].map((k) => batch.texts[k])).toEqual(['/a', '/c']);
    const whole = new BatchBuilder(8);
    whole.add(ev({}));
    const taken = whole.take()!;
    expect(withoutBadRows(taken)).toEqual({ batch: taken, refused: 0, problem: null });
  });
});
