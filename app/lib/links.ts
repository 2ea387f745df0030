/** The URLs the pages link to: views that can be bookmarked and shared. */
import { PROCESS_GROUPS, type ProcessGroup } from '../../protocol/event';
import { FILTER_KEYS, filterToQuery } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';
import { type FilterInput, inputToQuery } from './filter-input';
import { DEFAULT_WINDOW, type WindowMinutes } from './rate-window';

/** The overview's query key for the chart window, in minutes. */
export const WINDOW_KEY = 'window';
/** The overview's query key for how the processes panel groups: pid, or
 *  by name (the default, left out). */
export const GROUP_KEY = 'group';
const DEFAULT_GROUP: ProcessGroup = 'comm';

/** The `group` query value; anything else is the default. */
export function parseGroup(text: string | null): ProcessGroup {
  return (PROCESS_GROUPS as readonly (string | null)[]).includes(text) ? (text as ProcessGroup) : DEFAULT_GROUP;
}

/** The most events the API hands out at once (and the server keeps by default). */
export const EXPORT_LIMIT = 50_000;

/** The overview's query: its filter inputs, then the window and the
 *  grouping unless default. */
export function overviewQuery(input: FilterInput, window: WindowMinutes, group: ProcessGroup = DEFAULT_GROUP): string {
  const q = inputToQuery(input);
  if (window !== DEFAULT_WINDOW) q.set(WINDOW_KEY, String(window));
  if (group !== DEFAULT_GROUP) q.set(GROUP_KEY, group);
  return q.toString();
}

/** The overview narrowed to one process name, its PIDs one row each; the
 *  rest of the current query (`from`) is kept. */
export function commHref(comm: string, from: string): string {
  return overviewHref(from, { comm, pid: null, [GROUP_KEY]: 'pid' });
}

/** A process's page; `from` is the overview's query, for the way back. */
export function processHref(pid: number, from: string): string {
  const q = new URLSearchParams({ pid: String(pid) });
  if (from) q.set('from', from);
  return `/process?${q}`;
}

/** Back to the overview as it was. Only the overview's own keys are kept
 *  from `from`, which came in a URL anyone could have written. */
export function overviewHref(from: string | null, change: Record<string, string | null> = {}): string {
  const given = new URLSearchParams(from ?? '');
  const q = new URLSearchParams();
  for (const key of [...FILTER_KEYS, WINDOW_KEY, GROUP_KEY]) {
    const v = key in change ? change[key] : given.get(key);
    if (v !== null && v !== undefined) q.set(key, v);
  }
  const s = q.toString();
  return s ? `/?${s}` : '/';
}

/** The API's export of the events the filter matches, newest first in
 *  JSON, oldest first in CSV. */
export function exportHref(format: 'csv' | 'json', filter: EventFilter): string {
  const q = filterToQuery(filter);
  q.set('limit', String(EXPORT_LIMIT));
  return `/api/events.${format}?${q}`;
}
