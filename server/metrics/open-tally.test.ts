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
});
