/**
 * The rate charts' time windows: which seconds to draw, and how to fit an
 * hour of per-second points into a chart a few hundred pixels wide.
 */
import type { RatePoint } from '../../protocol/event';

/** The windows offered, in minutes. */
export const WINDOW_MINUTES = [1, 5, 15, 60] as const;
export type WindowMinutes = (typeof WINDOW_MINUTES)[number];
export const DEFAULT_WINDOW: WindowMinutes = 5;

/** More points than this only cost rendering: a chart has fewer pixels. */
export const MAX_POINTS = 360;

/** The `window` query value -> minutes; anything else is the default. */
export function parseWindow(text: string | null): WindowMinutes {
  const n = Number(text);
  return (WINDOW_MINUTES as readonly number[]).includes(n) ? (n as WindowMinutes) : DEFAULT_WINDOW;
}

/** A chart point: `t` is the first second of its bucket, opens and failed
 *  are per second, averaged over the bucket's seconds. */
export interface ChartPoint extends RatePoint {
  /** Seconds the point stands for. */
  seconds: number;
}

/** Seconds per point so that `count` seconds make at most `max` points. */
export function bucketSeconds(count: number, max = MAX_POINTS): number {
  return Math.max(1, Math.ceil(count / max));
}

/**
 * Per-second points (oldest first, one per second) -> at most `max` points,
 * each the average of a bucket of seconds. Buckets start at multiples of
 * their size on the trace clock, so as time moves on the old buckets keep
 * their values and the line does not shimmer; the first and last bucket
 * may be partial and average what they have.
 */
export function downsample(points: readonly RatePoint[], max = MAX_POINTS): ChartPoint[] {
  const size = bucketSeconds(points.length, max);
  if (size === 1) return points.map((p) => ({ ...p, seconds: 1 }));
  const out: ChartPoint[] = [];
  let current: ChartPoint | undefined;
  for (const p of points) {
    const start = Math.floor(p.t / size) * size;
    if (current?.t !== start) {
      current = { t: start, opens: 0, failed: 0, seconds: 0 };
      out.push(current);
    }
    current.opens += p.opens;
    current.failed += p.failed;
    current.seconds++;
  }
  for (const b of out) {
    b.opens /= b.seconds;
    b.failed /= b.seconds;
  }
  // The alignment can add one partial bucket past the limit.
  return out.length > max ? downsample(points, max - 1) : out;
}

/** The last `seconds` of a zero-filled series ending at its newest point. */
export function lastSeconds(points: readonly RatePoint[], seconds: number): readonly RatePoint[] {
  return points.length > seconds ? points.slice(points.length - seconds) : points;
}

/** A series with newer seconds merged in: a second sent again (it was
 *  still counting) takes the newer value; only the newest `keep` stay. */
export function mergeSeries(older: readonly RatePoint[], newer: readonly RatePoint[], keep: number): RatePoint[] {
  const first = newer[0]?.t;
  const kept = first === undefined ? [...older] : older.filter((p) => p.t < first);
  const out = kept.concat(newer);
  return out.length > keep ? out.slice(out.length - keep) : out;
}

/** "60 min", "90 s": how long the server keeps events. */
export function formatSpan(seconds: number): string {
  if (seconds >= 86_400 * 2 && seconds % 86_400 === 0) return `${seconds / 86_400} days`;
  if (seconds > 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
