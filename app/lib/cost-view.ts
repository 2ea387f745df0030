/** The tracer-cost card's figures as text (GET /api/cost); '—' for a
 *  figure there is none of (no opens, statistics off, a replay). */
import type { Cost } from '../../protocol/cost';
import { formatDuration } from '../../protocol/filter';
import { formatBytes } from './format';

const NONE = '—';

/** Share of one CPU: two significant digits below 10 %, then whole tenths. */
export function formatPercent(p: number | null): string {
  if (p === null) return NONE;
  if (p > 0 && p < 0.01) return '<0.01%';
  return `${p < 10 ? +p.toPrecision(2) : p.toFixed(1)}%`;
}

export function formatNs(ns: number | null): string {
  return ns === null ? NONE : formatDuration(Math.round(ns));
}

export interface CostFigures {
  nsPerOpen: string;
  bpfCpu: string;
  backendCpu: string;
  rss: string;
  bpfMem: string;
}

export function costFigures(c: Cost): CostFigures {
  return {
    nsPerOpen: formatNs(c.bpfNsPerOpen),
    bpfCpu: formatPercent(c.bpfCpuPercent),
    backendCpu: formatPercent(c.backendCpuPercent),
    rss: formatBytes(c.backendRssBytes),
    bpfMem: c.bpfMemlockBytes === null ? NONE : formatBytes(c.bpfMemlockBytes),
  };
}

/** Shown on the card when the BPF figures are missing, and why. */
export function costNote(c: Pick<Cost, 'statsEnabled' | 'statsNote'>): string | null {
  if (c.statsEnabled) return null;
  return c.statsNote ?? 'the kernel does not time BPF programs (kernel.bpf_stats_enabled is 0)';
}

/** Each program's runs and time per run over the interval, one a line. */
export function programsText(c: Pick<Cost, 'programs'>): string {
  return c.programs
    .map((p) => {
      if (p.runs === null) return p.prog;
      return p.runs === 0 ? `${p.prog}: no runs` : `${p.prog}: ${p.runs} runs, ${formatNs(p.nsPerRun)} each`;
    })
    .join('\n');
}
