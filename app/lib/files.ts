/** A process's files table: failures by errno, flags seen, sorting. */
import { errnoName } from '../../protocol/errno';
import type { FileStats } from '../../protocol/event';
import { decodeOpenFlags } from '../../protocol/openflags';

/** Failed opens of a file, all errnos together. */
export function failureCount(f: FileStats): number {
  return Object.values(f.failures).reduce((n, c) => n + c, 0);
}

/** { "2": 3, "13": 1 } -> "ENOENT×3 EACCES×1": the commonest first, then
 *  by errno, so the same failures always read the same. */
export function formatFailures(failures: FileStats['failures']): string {
  return Object.entries(failures)
    .map(([errno, count]) => ({ errno: Number(errno), count }))
    .sort((a, b) => b.count - a.count || a.errno - b.errno)
    .map(({ errno, count }) => `${Number.isInteger(errno) ? errnoName(errno) : '?'}×${count}`)
    .join(' ');
}

/** The distinct flag sets seen, decoded, in a stable order. */
export function decodeFlagsSeen(flags: readonly number[]): string[] {
  return [...new Set(flags)].sort((a, b) => a - b).map(decodeOpenFlags);
}

export type FileSortKey = 'path' | 'opens' | 'failures' | 'firstTs' | 'lastTs';
export interface FileSort {
  key: FileSortKey;
  desc: boolean;
}

export function sortFiles(files: readonly FileStats[], sort: FileSort): FileStats[] {
  const dir = sort.desc ? -1 : 1;
  const value = (f: FileStats): number | string =>
    sort.key === 'failures' ? failureCount(f) : sort.key === 'path' ? f.path : f[sort.key];
  return [...files].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    // Ties fall back to the path so rows do not jump between polls.
    return c !== 0 ? c * dir : a.path.localeCompare(b.path);
  });
}
