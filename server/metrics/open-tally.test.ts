import { describe, expect, it } from 'vitest';
import { MAX_COMMS, OpenTally } from './open-tally';

const open = (comm: string, errno = 0, syscall: 'openat' | 'open' | 'openat2' = 'openat') => ({ comm, errno, syscall });

describe('OpenTally', () => {
  it('counts opens by name, syscall and result, with errnos by name', () => {
    const t = new OpenTally();
    for (const e of [open('cat'), open('cat'), open('cat', 2), open('ls', 13, 'openat2'), open('cat', 0, 'open')]) t.add(e);
    const counts = Object.fromEntries([...t.series()].map((s) => [`${s.comm} ${s.syscall} ${s.result}`, s.count]));
    expect(counts).toEqual({ 'cat openat ok': 2, 'cat openat ENOENT': 1, 'ls openat2 EACCES': 1, 'cat open ok': 1 });
  });

  it(`gives the first ${MAX_COMMS} names their own series and counts the rest as other`, () => {
    const t = new OpenTally();
    for (let i = 0; i < MAX_COMMS + 50; i++) t.add(open(`p${i}`));
    t.add(open('p0'));
    const series = [...t.series()];
    expect(series).toHaveLength(MAX_COMMS + 1);
    expect(series.find((s) => s.comm === 'p0')?.count).toBe(2);
    expect(series.find((s) => s.comm === 'other')?.count).toBe(50);
    expect(series.reduce((n, s) => n + s.count, 0)).toBe(MAX_COMMS + 51);
  });

  it('hands the slots to the busiest names at each turn: the first 100 names do not keep them', () => {
    const t = new OpenTally();
    // A user takes every slot first with names that open once...
    for (let i = 0; i < MAX_COMMS; i++) t.add(open(`squat-${i}`));
    // ...then the host's real work, and a flood of new names.
    for (let i = 0; i < 5000; i++) {
      t.add(open('postgres'));
      t.add(open(`flood-${i}`));
    }
    expect([...t.series()].some((s) => s.comm === 'postgres')).toBe(false);
    t.rotate();
    t.add(open('postgres'));
    t.add(open('squat-0'));
    const series = [...t.series()];
    expect(series.find((s) => s.comm === 'postgres')?.count).toBe(1);
    // A name that lost its slot has no series (its counter never goes down).
    expect(series.some((s) => s.comm.startsWith('squat-'))).toBe(false);
    expect(series.length).toBeLessThanOrEqual(MAX_COMMS + 1);
  });
});
