/** BPF run time per program (kernel.bpf_stats_enabled) and a process's
 *  CPU time, for the ingest phase's cost figures. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BPF_STATS_SYSCTL, enableBpfStats, restoreBpfStats } from '../../server/metrics/bpf-stats';
import { log, runDir } from './results';

/**
 * Turns the kernel's BPF run-time statistics on for the rest of this
 * process, as the backend does (server/metrics/bpf-stats.ts), and puts the
 * value found back when it exits, however it exits (proc.ts turns SIGINT
 * and SIGTERM into an exit).
 */
export function enableBpfStatsUntilExit(): void {
  const note = path.join(runDir, 'bpf-stats-enabled');
  const change = enableBpfStats(BPF_STATS_SYSCTL, note);
  if (!change.on) throw new Error(change.note);
  process.on('exit', () => {
    try {
      restoreBpfStats(BPF_STATS_SYSCTL, change, note);
    } catch (err) {
      log(`cannot put kernel.bpf_stats_enabled back to ${change.previous}: ${(err as Error).message}`);
    }
  });
}

export interface ProgramRuns {
  name: string;
  runs: number;
  runTimeNs: number;
}

interface ProgShow {
  id: number;
  name?: string;
  run_cnt?: number;
  run_time_ns?: number;
}

const progShow = () => JSON.parse(execFileSync('bpftool', ['-j', 'prog', 'show'], { encoding: 'utf8' })) as ProgShow[];

/** The ids of every BPF program loaded now. */
export function loadedProgramIds(): Set<number> {
  return new Set(progShow().map((p) => p.id));
}

/** The programs loaded since `before` that ran (a way's own: each way
 *  loads its programs afresh), with their counts since load. */
export function programRunsSince(before: Set<number>): ProgramRuns[] {
  return progShow()
    .filter((p) => !before.has(p.id) && (p.run_cnt ?? 0) > 0)
    .map((p) => ({ name: p.name ?? `id ${p.id}`, runs: p.run_cnt!, runTimeNs: p.run_time_ns ?? 0 }));
}

/** Each program's runs and run time per run, by name, summed over runs
 *  (rounds) of the same way. */
export function nsPerRun(runs: readonly ProgramRuns[]): Record<string, { runs: number; nsPerRun: number }> {
  const sums = new Map<string, { runs: number; ns: number }>();
  for (const p of runs) {
    const s = sums.get(p.name) ?? { runs: 0, ns: 0 };
    s.runs += p.runs;
    s.ns += p.runTimeNs;
    sums.set(p.name, s);
  }
  return Object.fromEntries([...sums].map(([name, s]) => [name, { runs: s.runs, nsPerRun: s.ns / s.runs }]));
}

const TICK_S = 1 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/** User + system CPU seconds a process has used so far (0 once gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the comm's closing parenthesis: field 3 on; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_S;
  } catch {
    return 0;
  }
}
