import type { TraceEvent } from './event';
import type { EventFilter } from './messages';

/** Does the event pass the filter? Server and UI use this one definition. */
export function matchesFilter(filter: EventFilter, event: TraceEvent): boolean {
  if (filter.pid !== undefined && event.pid !== filter.pid) return false;
  if (filter.failedOnly && event.errno === 0) return false;
  if (filter.comm && !event.comm.includes(filter.comm)) return false;
  if (filter.path && !event.path.includes(filter.path)) return false;
  return true;
}

export function isEmptyFilter(filter: EventFilter): boolean {
  return !filter.pid && !filter.failedOnly && !filter.comm && !filter.path;
}
