/**
 * The overview's "Slowest opens": the longest opens the store holds for
 * the filter (GET /api/events?sort=slowest). Read when the processes are
 * (never more often), and no more than once per SLOWEST_BACKOFF times its
 * last answer took, as the processes are.
 */
import type { StoredEvent } from '../../protocol/event';
import { matchesFilter } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';

/** Rows asked for. */
export const SLOWEST_LIMIT = 20;
/** Read at most once per this many times the last read took. */
export const SLOWEST_BACKOFF = 5;

export interface SlowestRead {
  /** The filter it was for, as JSON. */
  key: string;
  /** When it was asked for (ms), and how long the answer took. */
  at: number;
  tookMs: number;
}

/** Is a read due? Always for another filter; else once the last one's
 *  cost has been waited out several times over. */
export function slowestDue(last: SlowestRead | null, key: string, nowMs: number): boolean {
  if (last === null || last.key !== key) return true;
  return nowMs >= last.at + SLOWEST_BACKOFF * last.tookMs;
}

/** The rows to show: timed opens only (0 is "not measured"), and, while an
 *  answer for a new filter is on its way, only those the filter matches. */
export function slowestRows(events: readonly StoredEvent[], filter: EventFilter): StoredEvent[] {
  return events.filter((e) => e.durationNs > 0 && matchesFilter(filter, e));
}

