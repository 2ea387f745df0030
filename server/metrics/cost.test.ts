import { describe, expect, it } from 'vitest';
import { costSchema } from '../../protocol/cost';
import type { BpfProgram } from './bpf-programs';
import { costBetween, type CostSample } from './cost';

const prog = (id: number, name: string, runs: number, runTimeNs: number, owner: BpfProgram['owner'] = 'tracer'): BpfProgram => ({
  id, name, owner, runs, runTimeNs, memlockBytes: 4096, mapIds: [],
});

const sample = (over: Partial<CostSample>): CostSample => ({
  atMs: 0, opens: 0, cpuMicros: 0, rssBytes: 100e6, programs: [], memlockBytes: 1e6, statsEnabled: true, statsNote: 'on', ...over,
});

describe('costBetween', () => {
  it('divides the interval\'s BPF run time by its opens and by wall time', () => {
    const a = sample({
      atMs: 10_000, opens: 1000, cpuMicros: 5_000_000,
      programs: [prog(1, 'fe_openat', 500, 1e6), prog(2, 'fx_openat', 500, 2e6), prog(3, 'odash_xdp', 0, 0, 'xdp')],
    });
    const b = sample({
      atMs: 12_000, opens: 21_000, cpuMicros: 5_100_000, rssBytes: 120e6, memlockBytes: 2e6,
      programs: [prog(1, 'fe_openat', 20_500, 1e6 + 2e6), prog(2, 'fx_openat', 20_500, 2e6 + 6e6), prog(3, 'odash_xdp', 1000, 2e6, 'xdp')],
    });
    const cost = costBetween(a, b);
    expect(costSchema.parse(cost)).toEqual(cost);
    expect(cost).toEqual({
      statsEnabled: true,
      statsNote: 'on',
      programs: [
        { prog: 'fe_openat', runs: 20_000, runTimeNs: 2e6, nsPerRun: 100 },
        { prog: 'fx_openat', runs: 20_000, runTimeNs: 6e6, nsPerRun: 300 },
        { prog: 'odash_xdp', runs: 1000, runTimeNs: 2e6, nsPerRun: 2000 },
      ],
      opensPerSecond: 10_000,
      // 8 ms of the tracer's programs over 20,000 opens; the XDP filter's apart.
      bpfNsPerOpen: 400,
      // 10 ms of all our programs in 2 s.
      bpfCpuPercent: 0.5,
      // 100 ms of CPU in 2 s.
      backendCpuPercent: 5,
      backendRssBytes: 120e6,
      bpfMemlockBytes: 2e6,
      intervalSeconds: 2,
      sampledAt: new Date(12_000).toISOString(),
    });
  });

  it('counts a program loaded within the interval from zero, and sums programs of one name', () => {
    const a = sample({ atMs: 0, programs: [prog(1, 'tp_exec', 100, 1000)] });
    const b = sample({ atMs: 1000, opens: 10, programs: [prog(1, 'tp_exec', 110, 2000), prog(9, 'tp_exec', 5, 500)] });
    expect(costBetween(a, b).programs).toEqual([{ prog: 'tp_exec', runs: 15, runTimeNs: 1500, nsPerRun: 100 }]);
    expect(costBetween(a, b).bpfNsPerOpen).toBe(150);
  });

  it('has no per-open figure without opens, and no BPF figures while statistics are off', () => {
    const a = sample({ atMs: 0, programs: [prog(1, 'fe_openat', 0, 0)] });
    expect(costBetween(a, sample({ atMs: 1000, programs: [prog(1, 'fe_openat', 5, 50)] })).bpfNsPerOpen).toBeNull();
    const off = costBetween(a, sample({ atMs: 1000, opens: 3, statsEnabled: false, statsNote: 'off', programs: [prog(1, 'fe_openat', 0, 0)] }));
    expect(off).toMatchObject({
      statsEnabled: false, statsNote: 'off', bpfNsPerOpen: null, bpfCpuPercent: null, opensPerSecond: 3,
      programs: [{ prog: 'fe_openat', runs: null, runTimeNs: null, nsPerRun: null }],
    });
  });

  it('has only the backend\'s figures without a kernel (a replay)', () => {
    const replay = { programs: null, memlockBytes: null, statsEnabled: false, statsNote: 'a replay traces nothing' };
    const cost = costBetween(sample({ ...replay, atMs: 0 }), sample({ ...replay, atMs: 500, opens: 50, cpuMicros: 250_000 }));
    expect(cost).toMatchObject({
      programs: [], bpfNsPerOpen: null, bpfCpuPercent: null, bpfMemlockBytes: null, opensPerSecond: 100, backendCpuPercent: 50,
    });
  });
});
