/** The URLs the pages link to: views that can be bookmarked and shared. */
import { PROCESS_GROUPS, type ProcessGroup } from '../../protocol/event';
import { FILTER_KEYS, filterToQuery } from '../../protocol/filter';
import { type EventFilter, isGlob, MAX_GLOB_LENGTH } from '../../protocol/messages';
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

/** A text filter that matches exactly `text`, not every text holding it:
 *  a glob (anchored at both ends) with * ? [ each in a class of its own,
 *  and, when it has none of them, its first plain character in one
 *  ("[/]usr/bin/sh", which /usr/bin/sha256sum does not match). The text
 *  itself (a substring) when no such glob fits. */
export function exactPattern(text: string): string {
  let glob = text.replace(/[*?[]/g, '[$&]');
  if (!isGlob(text)) {
    // Printable ASCII that reads as itself in a class: not ! or ^ (they
    // would negate it) nor ].
    const chars = [...text];
    const i = chars.findIndex((c) => /^[\x21-\x7e]$/.test(c) && !'!^]'.includes(c));
    if (i < 0) return text;
    chars[i] = `[${chars[i]}]`;
    glob = chars.join('');
  }
  return glob.length <= MAX_GLOB_LENGTH ? glob : text;
}

/** The filter field a processes row of this grouping narrows to; null for
 *  name and PID, which have their own ways (commHref, processHref). */
export function groupFilterKey(group: ProcessGroup): 'exe' | 'unit' | 'container' | null {
  return group === 'exe' || group === 'unit' || group === 'container' ? group : null;
}

/** The overview narrowed to one executable, unit or container (exactly;
 *  a container by its whole id), its PIDs one row each; the rest of the
 *  current query (`from`) is kept, as commHref does. */
export function groupHref(key: 'exe' | 'unit' | 'container', value: string, from: string): string {
  return overviewHref(from, { [key]: key === 'container' ? value : exactPattern(value), pid: null, [GROUP_KEY]: 'pid' });
}

/** A process's page; `from` is the overview's query, for the way back.
 *  `start` picks one process of a reused PID (0 or none: its latest). */
export function processHref(pid: number, from: string, start?: number | null): string {
  const q = new URLSearchParams({ pid: String(pid) });
  if (start) q.set('start', String(start));
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
