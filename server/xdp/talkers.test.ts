import { describe, expect, it } from 'vitest';
import { parseTalkers, rankTalkers, type Reading } from './talkers';

/** One map entry as `bpftool -j map dump` prints it (two CPUs). */
const entry = (family: number, addr: number[], perCpu: [number, number, number, number][]) => ({
  key: ['0x04'],
  values: [],
  formatted: {
    key: { family, pad: [0, 0, 0], addr: [...addr, ...new Array(16 - addr.length).fill(0)] },
    values: perCpu.map(([packets, bytes, dropped, last_seen_ns], cpu) => ({ cpu, value: { packets, bytes, dropped, last_seen_ns } })),
  },
});

const DUMP = JSON.stringify([
  entry(4, [10, 211, 0, 3], [[10, 1000, 0, 5e9], [40, 4000, 2, 6e9]]),
  entry(4, [10, 211, 0, 2], [[300, 30000, 0, 7e9], [0, 0, 0, 0]]),
  entry(6, [0xfd, 0, 2, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], [[20, 2400, 0, 4e9], [0, 0, 0, 0]]),
  // A slot the LRU made but no packet filled: not a talker.
  entry(4, [10, 211, 0, 9], [[0, 0, 0, 0], [0, 0, 0, 0]]),
]);

describe('parseTalkers', () => {
  it('sums each address over CPUs and dates its last packet on the wall clock', () => {
    const counts = parseTalkers(DUMP, 8_000_000_000n, 1_000_000);
    expect(counts.map((c) => [c.addr, c.packets, c.bytes, c.dropped, c.lastSeenMs])).toEqual([
      ['10.211.0.3', 50, 5000, 2, 998_000],
      ['10.211.0.2', 300, 30000, 0, 999_000],
      ['fd00:211::2', 20, 2400, 0, 996_000],
    ]);
  });
});

describe('rankTalkers', () => {
  const at = (atMs: number, json: string): Reading => ({ atMs, counts: parseTalkers(json, 8_000_000_000n, atMs) });

  it('orders by packets, with rates against the previous reading', () => {
    const prev = at(0, JSON.stringify([entry(4, [10, 211, 0, 2], [[100, 10000, 0, 1e9], [0, 0, 0, 0]])]));
    const cur = at(2000, DUMP);
    const t = rankTalkers(cur, prev, 'addr', 10);
    expect(t.map((x) => [x.addr, x.packets, x.pps])).toEqual([
      ['10.211.0.2', 300, 100],
      // Not in the previous reading: all of it arrived since.
      ['10.211.0.3', 50, 25],
      ['fd00:211::2', 20, 10],
    ]);
    expect(t[0]!.bps).toBe(10000);
  });

  it('has no rates on the first reading, and none for a counter that went down (evicted, back)', () => {
    expect(rankTalkers(at(0, DUMP), null, 'addr', 10)[0]!.pps).toBeNull();
    const prev = at(0, JSON.stringify([entry(4, [10, 211, 0, 2], [[900, 1, 0, 1e9], [0, 0, 0, 0]])]));
    expect(rankTalkers(at(1000, DUMP), prev, 'addr', 10)[0]!.pps).toBeNull();
  });

  it('groups into /24 and /64 and keeps the limit', () => {
    const t = rankTalkers(at(0, DUMP), null, 'prefix', 10);
    expect(t.map((x) => [x.addr, x.packets, x.dropped])).toEqual([
      ['10.211.0.0/24', 350, 2],
      ['fd00:211::/64', 20, 0],
    ]);
    expect(rankTalkers(at(0, DUMP), null, 'addr', 1)).toHaveLength(1);
  });
});
