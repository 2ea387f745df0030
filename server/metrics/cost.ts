/**
 * What tracing costs, from two samples: the BPF run time of our programs
 * (the kernel's statistics), the opens ingested in between, and the
 * backend's own CPU time and memory. Pure.
 */
import type { Cost, ProgramCost } from '../../protocol/cost';
import type { BpfProgram } from './bpf-programs';

export interface CostSample {
  atMs: number;
  /** Opens the pipeline has ingested so far (counts.events). */
  opens: number;
  /** The backend's CPU time so far (process.cpuUsage(): user + system), in µs. */
  cpuMicros: number;
  rssBytes: number;
  /** Our programs as loaded now; null without a kernel (a replay), or when
   *  bpftool could not say (statsNote says why). */
  programs: readonly BpfProgram[] | null;
  memlockBytes: number | null;
  statsEnabled: boolean;
  statsNote: string | null;
}

export function costBetween(a: CostSample, b: CostSample): Cost {
  const wallNs = Math.max(1, b.atMs - a.atMs) * 1e6;
  const opens = Math.max(0, b.opens - a.opens);
  const before = new Map((a.programs ?? []).map((p) => [p.id, p]));
  // By id, so a program loaded within the interval (a restarted loader)
  // counts from zero; then by name.
  const byName = new Map<string, { runs: number; runTimeNs: number }>();
  let tracerNs = 0;
  let allNs = 0;
  for (const p of b.programs ?? []) {
    const prev = before.get(p.id);
    const runs = Math.max(0, p.runs - (prev?.runs ?? 0));
    const ns = Math.max(0, p.runTimeNs - (prev?.runTimeNs ?? 0));
    const s = byName.get(p.name) ?? { runs: 0, runTimeNs: 0 };
    s.runs += runs;
    s.runTimeNs += ns;
    byName.set(p.name, s);
    allNs += ns;
    if (p.owner === 'tracer') tracerNs += ns;
  }
  const timed = b.statsEnabled && b.programs !== null;
  const programs: ProgramCost[] = [...byName].map(([prog, s]) =>
    timed
      ? { prog, runs: s.runs, runTimeNs: s.runTimeNs, nsPerRun: s.runs > 0 ? s.runTimeNs / s.runs : null }
      : { prog, runs: null, runTimeNs: null, nsPerRun: null },
  );
  return {
    statsEnabled: b.statsEnabled,
    statsNote: b.statsNote,
    programs,
    opensPerSecond: (opens * 1e9) / wallNs,
    bpfNsPerOpen: timed && opens > 0 ? tracerNs / opens : null,
    bpfCpuPercent: timed ? (allNs / wallNs) * 100 : null,
    backendCpuPercent: (Math.max(0, b.cpuMicros - a.cpuMicros) * 1e3 * 100) / wallNs,
    backendRssBytes: b.rssBytes,
    bpfMemlockBytes: b.memlockBytes,
    intervalSeconds: wallNs / 1e9,
    sampledAt: new Date(b.atMs).toISOString(),
  };
}
