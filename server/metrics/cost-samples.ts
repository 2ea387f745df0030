/** The samples the cost is computed from: the backend's own figures from
 *  process, and in live mode our programs as bpftool shows them. */
import type { TraceView } from '../trace/pipeline';
import { BPF_STATS_SYSCTL, bpfStatsEnabled, readMemlockBytes, readOurPrograms, statsNoteNow, type StatsSwitch } from './bpf-stats';
import type { CostSample } from './cost';

export const REPLAY_NOTE = 'a replay traces nothing: no BPF program of ours runs, so there is no BPF cost';

type BackendSample = Pick<CostSample, 'atMs' | 'opens' | 'cpuMicros' | 'rssBytes'>;

function backendSample(view: Pick<TraceView, 'counts'>): BackendSample {
  const cpu = process.cpuUsage();
  return { atMs: Date.now(), opens: view.counts.events, cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage.rss() };
}

export const replaySample = (view: Pick<TraceView, 'counts'>) => async (): Promise<CostSample> => ({
  ...backendSample(view), programs: null, memlockBytes: null, statsEnabled: false, statsNote: REPLAY_NOTE,
});

/** Programs read fresh, not from the scrape's cache, and the backend's
 *  figures right after them: the interval must be the programs' as much as
 *  the backend's (a bpftool run may take a second on a loaded machine). */
export const liveSample = (view: Pick<TraceView, 'counts'>, sw: StatsSwitch) => async (): Promise<CostSample> => {
  const statsEnabled = bpfStatsEnabled(BPF_STATS_SYSCTL);
  try {
    const programs = await readOurPrograms();
    const backend = backendSample(view);
    const memlockBytes = await readMemlockBytes(programs);
    return { ...backend, programs, memlockBytes, statsEnabled, statsNote: statsNoteNow(sw, statsEnabled) };
  } catch (err) {
    return {
      ...backendSample(view), programs: null, memlockBytes: null, statsEnabled,
      statsNote: `bpftool could not list the programs: ${(err as Error).message}`,
    };
  }
};
