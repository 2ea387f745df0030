/** The name a download is saved under: what it holds (the filter) and
 *  when it was taken, e.g. ebpf-dash-events-comm=python-20261201T031500Z.csv.
 *  Pure. */
import { filterToQuery } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';

/** Filter text kept in a name; the file itself says the rest. */
const MAX_FILTER_CHARS = 80;

/** 2026-12-01T03:15:00.123Z -> 20261201T031500Z */
export function compactUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/** Each filter as key=value, joined by +; anything but letters, digits
 *  and . _ - = (a glob's *, a path's /, spaces, quotes, non-ASCII) is _,
 *  so the name is safe in any file system and needs no quoting. */
export function filterSlug(filter: EventFilter): string {
  return [...filterToQuery(filter)]
    .map(([k, v]) => `${k}=${v.replace(/[^A-Za-z0-9._-]/g, '_')}`)
    .join('+')
    .slice(0, MAX_FILTER_CHARS);
}

export function exportFileName(filter: EventFilter, format: 'csv' | 'json', nowMs: number): string {
  const slug = filterSlug(filter);
  return `ebpf-dash-events-${slug ? `${slug}-` : ''}${compactUtc(nowMs)}.${format}`;
}
