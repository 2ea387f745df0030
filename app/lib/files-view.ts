/**
 * The Files page's URL and rows: /files?<filter>&group=dir&window=5 lists
 * the hottest files (or directories) across all processes;
 * /files?file=<path>&<filter> shows one file. Query strings only: the UI
 * is a static export, with no dynamic segments.
 */
import { errnoName } from '../../protocol/errno';
import { FILTER_KEYS } from '../../protocol/filter';
import { isGlob, MAX_GLOB_LENGTH } from '../../protocol/messages';
import { FILE_GROUPS, type FileGroup, type FileRow } from '../../protocol/views';
import { type FilterInput, inputToQuery } from './filter-input';
import { WINDOW_MINUTES, type WindowMinutes } from './rate-window';

export const FILES_PATH = '/files';
/** The one file shown (its absolute path, or the name as passed). */
export const FILE_KEY = 'file';
/** file (the default, left out) or dir. */
export const FILES_GROUP_KEY = 'group';
/** Minutes back from the newest stored open; absent: everything stored. */
export const FILES_WINDOW_KEY = 'window';
const DEFAULT_FILE_GROUP: FileGroup = 'file';

/** The window of the Files page: everything the store holds, or its last minutes. */
export type FilesWindow = 'all' | WindowMinutes;

/** The `group` query value; anything else is by file. */
export function parseFileGroup(text: string | null): FileGroup {
  return (FILE_GROUPS as readonly (string | null)[]).includes(text) ? (text as FileGroup) : DEFAULT_FILE_GROUP;
}

/** The `window` query value; anything else is everything stored. */
export function parseFilesWindow(text: string | null): FilesWindow {
  const n = Number(text);
  return text !== null && (WINDOW_MINUTES as readonly number[]).includes(n) ? (n as WindowMinutes) : 'all';
}

/** The `file` query value: a path, or null for the list. */
export function parseFileParam(text: string | null): string | null {
  return text === null || text === '' ? null : text;
}

/** The Files page's query: the file when one is shown, the filter inputs,
 *  then the grouping and window unless default. One view, one URL. */
export function filesQuery(input: FilterInput, group: FileGroup, window: FilesWindow, file: string | null = null): string {
  const q = new URLSearchParams();
  if (file !== null) q.set(FILE_KEY, file);
  for (const [k, v] of inputToQuery(input)) q.set(k, v);
  if (group !== DEFAULT_FILE_GROUP) q.set(FILES_GROUP_KEY, group);
  if (window !== 'all') q.set(FILES_WINDOW_KEY, String(window));
  return q.toString();
}

/** /files with a query ('' for the bare list). */
export function filesHref(query: string): string {
  return query ? `${FILES_PATH}?${query}` : FILES_PATH;
}

/** One file's page. `from` is the Files list's query to keep (its filter,
 *  grouping and window, for the way back); other keys in it are dropped. */
export function fileHref(path: string, from = ''): string {
  const given = new URLSearchParams(from);
  const q = new URLSearchParams({ [FILE_KEY]: path });
  for (const key of [...FILTER_KEYS, FILES_GROUP_KEY, FILES_WINDOW_KEY]) {
    const v = given.get(key);
    if (v !== null) q.set(key, v);
  }
  return `${FILES_PATH}?${q}`;
}

/** Glob text that matches `text` literally: * ? and [ each as a one-member
 *  class (the glob grammar of protocol/filter.ts has no escapes). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** The path filter for everything under a directory: `<dir>/*` (a glob:
 *  anchored, * crosses slashes, so subdirectories too). Past the glob
 *  length the filter allows, the substring `<dir>/` when that holds no glob
 *  character. null when no filter can say it: '.' (names without a
 *  directory) or an over-long directory with glob characters. */
export function dirFilterPath(dir: string): string | null {
  if (dir === '' || dir === '.') return null;
  const glob = dir === '/' ? '/*' : `${escapeGlob(dir)}/*`;
  if (glob.length <= MAX_GLOB_LENGTH) return glob;
  return isGlob(dir) ? null : `${dir}/`;
}

/** A directory row's link: the files list (by file) narrowed to what lies
 *  under it, the rest of the filter and the window kept. null: see
 *  dirFilterPath. */
export function dirHref(dir: string, input: FilterInput, window: FilesWindow): string | null {
  const path = dirFilterPath(dir);
  if (path === null) return null;
  const q = new URLSearchParams({ [FILES_GROUP_KEY]: 'file', path });
  for (const [k, v] of inputToQuery(input)) if (k !== 'path') q.set(k, v);
  if (window !== 'all') q.set(FILES_WINDOW_KEY, String(window));
  return `${FILES_PATH}?${q}`;
}

/** The commonest errnos of a row, named, for a narrow cell: "ENOENT×3
 *  EACCES×1 +2" (the `max` commonest, then how many more kinds). */
export function topFailures(failures: Record<string, number>, max = 2): string {
  const sorted = Object.entries(failures)
    .map(([errno, count]) => ({ errno: Number(errno), count }))
    .filter((f) => f.count > 0)
    .sort((a, b) => b.count - a.count || a.errno - b.errno);
  const shown = sorted
    .slice(0, max)
    .map(({ errno, count }) => `${Number.isInteger(errno) ? errnoName(errno) : '?'}×${count}`)
    .join(' ');
  return sorted.length > max ? `${shown} +${sorted.length - max}` : shown;
}

export type FileRowSortKey = 'path' | 'opens' | 'failed' | 'processes' | 'p50Ns' | 'p99Ns' | 'lastTs';
export interface FileRowSort {
  key: FileRowSortKey;
  desc: boolean;
}

/** Rows in the order asked for; unmeasured latencies (null) last either
 *  way, ties by path so rows do not jump between polls. */
export function sortFileRows(rows: readonly FileRow[], sort: FileRowSort): FileRow[] {
  const dir = sort.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    let c: number;
    if (sort.key === 'path') c = a.path.localeCompare(b.path) * dir;
    else {
      const x = a[sort.key];
      const y = b[sort.key];
      if (x === null || y === null) c = x === y ? 0 : x === null ? 1 : -1;
      else c = (x - y) * dir;
    }
    return c !== 0 ? c : a.path.localeCompare(b.path);
  });
}
