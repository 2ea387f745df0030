/** Sorting and labels of the processes panel's rows (the server filters and groups them). */
import type { ProcessGroup, ProcessStats } from '../../protocol/event';

export const SORT_KEYS = ['pid', 'comm', 'key', 'opens', 'failed', 'rate', 'lastTs', 'lastPath'] as const;
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
    // Ties fall back to pid, then name, then key, so rows do not jump between renders.
    return c !== 0 ? c * dir : pidOf(a) - pidOf(b) || a.comm.localeCompare(b.comm) || a.key.localeCompare(b.key);
  });
}

/** How each grouping is named: the toggle's button, and the label
 *  column's header. */
export const GROUP_NAMES: Readonly<Record<ProcessGroup, string>> = {
  comm: 'name',
  pid: 'PID',
  exe: 'executable',
  unit: 'unit',
  container: 'container',
};

/** Rows of these groupings are labelled by their key, not the name. */
export function groupsByKey(group: ProcessGroup): group is 'exe' | 'unit' | 'container' {
  return group === 'exe' || group === 'unit' || group === 'container';
}

/** Docker's short form of a container id. */
export const SHORT_ID = 12;
export function shortContainer(id: string): string {
  return id.slice(0, SHORT_ID);
}

/** Said for the opens of no unit, container or executable (key ''). */
export const NO_KEY = '(none)';

/** A row's label as plain text: its name (by name or PID), else its key,
 *  a container's short; '(none)' for opens without one. */
export function rowLabel(p: ProcessStats, group: ProcessGroup): string {
  if (!groupsByKey(group)) return p.comm;
  if (p.key === '') return NO_KEY;
  return group === 'container' ? shortContainer(p.key) : p.key;
}

/** The name to show beside a key (the latest process of the row), or
 *  null when it would say nothing new: by name or PID, or an executable
 *  whose file is called that. */
export function latestName(p: ProcessStats, group: ProcessGroup): string | null {
  if (!groupsByKey(group) || p.comm === '') return null;
  if (group === 'exe' && (p.key.split('/').pop() ?? '').startsWith(p.comm)) return null;
  return p.comm;
}

/** The sort as the grouping has it: one by the label column (the name,
 *  or the key by executable, unit or container) stays on that column when
 *  the grouping changes. */
export function labelSort(sort: Sort, group: ProcessGroup): Sort {
  const label: SortKey = groupsByKey(group) ? 'key' : 'comm';
  return (sort.key === 'comm' || sort.key === 'key') && sort.key !== label ? { ...sort, key: label } : sort;
}

/** A row's label in the top processes chart, whose axis has room for
 *  about `max` characters: a long one keeps its end (an executable's
 *  file name), then the PID or the count of PIDs. */
export function chartLabel(p: ProcessStats, group: ProcessGroup, max = 22): string {
  const label = rowLabel(p, group);
  const who = p.pid ?? `${p.pids} PIDs`;
  const room = Math.max(4, max - String(who).length - 3);
  return `${label.length > room ? `…${label.slice(label.length - room + 1)}` : label} (${who})`;
}

/** What clicking a row of the processes panel does, by grouping. */
export const GROUP_HINTS: Readonly<Record<ProcessGroup, string>> = {
  comm: 'click one for its files, or its PIDs',
  pid: 'click one for its files',
  exe: 'click an executable to filter by it',
  unit: 'click a unit to filter by it',
  container: 'click a container to filter by it',
};
