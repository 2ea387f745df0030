/** Filtering and sorting of the per-process table and chart. */
import type { ProcessStats } from '../../protocol/event';
import { textMatcher } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';

export const SORT_KEYS = ['pid', 'comm', 'opens', 'failed', 'files', 'rate', 'lastTs', 'lastPath'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  desc: boolean;
}

/** Processes are filtered by the same comm/pid fields as events; path,
 *  result and the rest are properties of single opens, not of a process. */
export function filterProcesses(processes: readonly ProcessStats[], filter: EventFilter): ProcessStats[] {
  const { pid, comm } = filter;
  const commMatches = comm ? textMatcher(comm) : () => true;
  return processes.filter((p) => (pid === undefined || p.pid === pid) && commMatches(p.comm));
}

export function sortProcesses(processes: readonly ProcessStats[], sort: Sort): ProcessStats[] {
  const dir = sort.desc ? -1 : 1;
  const { key } = sort;
  return [...processes].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    // Ties fall back to pid so rows do not jump between renders.
    return c !== 0 ? c * dir : a.pid - b.pid;
  });
}
