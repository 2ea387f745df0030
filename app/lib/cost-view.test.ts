import { describe, expect, it } from 'vitest';
import type { Cost } from '../../protocol/cost';
import { costFigures, costNote, formatNs, formatPercent, programsText } from './cost-view';

const cost: Cost = {
  statsEnabled: true, statsNote: 'enabled by ebpf-dash at start; restored at exit',
  programs: [
    { prog: 'fe_openat', runs: 2000, runTimeNs: 200_000, nsPerRun: 100 },
    { prog: 'odash_xdp', runs: 0, runTimeNs: 0, nsPerRun: null },
  ],
  opensPerSecond: 1000, bpfNsPerOpen: 412.4, bpfCpuPercent: 0.0412, backendCpuPercent: 12.345,
  backendRssBytes: 180 * 1024 * 1024, bpfMemlockBytes: 2_285_768, intervalSeconds: 2, sampledAt: '2026-01-01T00:00:00.000Z',
};

describe('cost view', () => {
  it('writes each figure with its unit', () => {
    expect(costFigures(cost)).toEqual({ nsPerOpen: '412ns', bpfCpu: '0.041%', backendCpu: '12.3%', rss: '180 MiB', bpfMem: '2.2 MiB' });
    expect(formatNs(1534.6)).toBe('1.53us');
  });

  it('writes shares of a CPU readably, however small', () => {
    expect([0, 0.004, 0.5, 3.456, 10, 250].map(formatPercent)).toEqual(['0%', '<0.01%', '0.5%', '3.5%', '10.0%', '250.0%']);
    expect(formatPercent(null)).toBe('—');
  });

  it('shows a dash for the BPF figures a replay has none of, with its note', () => {
    const replay = {
      ...cost, statsEnabled: false, statsNote: 'a replay traces nothing', programs: [], bpfNsPerOpen: null, bpfCpuPercent: null,
      bpfMemlockBytes: null,
    };
    expect(costFigures(replay)).toMatchObject({ nsPerOpen: '—', bpfCpu: '—', bpfMem: '—' });
    expect(costNote(replay)).toBe('a replay traces nothing');
    expect(costNote(cost)).toBeNull();
    expect(costNote({ statsEnabled: false, statsNote: null })).toMatch(/bpf_stats_enabled is 0/);
  });

  it('lists each program\'s runs and time per run', () => {
    expect(programsText(cost)).toBe('fe_openat: 2000 runs, 100ns each\nodash_xdp: no runs');
    expect(programsText({ programs: [{ prog: 'fx_openat', runs: null, runTimeNs: null, nsPerRun: null }] })).toBe('fx_openat');
  });
});
