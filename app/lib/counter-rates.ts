/**
 * Per-second rates of the filter's counters (drops per rule, passed and
 * dropped totals). The server sends only running totals; the rate is the
 * difference between two polls over the time between them. Pure and
 * immutable so React state can hold it.
 */

export interface RatePoint {
  /** When the later of the two samples was taken (ms, Date.now()). */
  t: number;
  perSec: number;
}

export interface CounterSeries {
  lastT: number;
  lastValue: number;
  /** Oldest first, within the window. */
  points: readonly RatePoint[];
}

export type CounterRates = ReadonlyMap<string, CounterSeries>;

export const RATE_WINDOW_MS = 60_000;
/** A difference over a longer gap (a hidden tab, a stalled server) is an
 *  average over minutes, not a rate worth drawing as "now". */
export const MAX_GAP_MS = 10_000;

export const EMPTY_RATES: CounterRates = new Map();

/** Adds one poll's counters. A counter missing from this poll is forgotten
 *  (a removed rule: one re-added later starts from zero); one that went
 *  down was reset (a restarted server) and counts from its new value. */
export function addSample(
  prev: CounterRates,
  t: number,
  counters: ReadonlyMap<string, number>,
  windowMs = RATE_WINDOW_MS,
): CounterRates {
  const next = new Map<string, CounterSeries>();
  const since = t - windowMs;
  for (const [key, value] of counters) {
    const old = prev.get(key);
    if (!old) {
      next.set(key, { lastT: t, lastValue: value, points: [] });
      continue;
    }
    const kept = old.points.filter((p) => p.t > since);
    const dt = t - old.lastT;
    if (dt <= 0) {
      next.set(key, { ...old, points: kept });
    } else if (value < old.lastValue || dt > MAX_GAP_MS) {
      next.set(key, { lastT: t, lastValue: value, points: kept });
    } else {
      const point = { t, perSec: ((value - old.lastValue) * 1000) / dt };
      next.set(key, { lastT: t, lastValue: value, points: [...kept, point] });
    }
  }
  return next;
}

/** The rate between the last two samples; null before there are two, or
 *  when the last sample started the series afresh. */
export function currentRate(series: CounterSeries | undefined): number | null {
  const last = series?.points.at(-1);
  return last && last.t === series?.lastT ? last.perSec : null;
}
