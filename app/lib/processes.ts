/** Sorting of the processes panel's rows (the server filters and groups them). */
import type { ProcessStats } from '../../protocol/event';

export const SORT_KEYS = ['pid', 'comm', 'opens', 'failed', 'files', 'rate', 'lastTs', 'lastPath'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  desc: boolean;
}

/** A name seen under several PIDs has none: it sorts before any PID. */
const pidOf = (p: ProcessStats) => p.pid ?? -1;

export function sortProcesses(processes: readonly ProcessStats[], sort: Sort): ProcessStats[] {
  const dir = sort.desc ? -1 : 1;
  const { key } = sort;
  return [...processes].sort((a, b) => {
    const x = key === 'pid' ? pidOf(a) : a[key];
    const y = key === 'pid' ? pidOf(b) : b[key];
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    // Ties fall back to pid, then name, so rows do not jump between renders.
    return c !== 0 ? c * dir : pidOf(a) - pidOf(b) || a.comm.localeCompare(b.comm);
  });
}
