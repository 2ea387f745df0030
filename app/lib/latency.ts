/**
 * The latency histogram's bars: the server counts opens in log2 buckets
 * (bucket k holds durations of [2^k, 2^(k+1)) ns); these read them as
 * labelled bars, gaps filled so the axis runs on without holes.
 */
import type { Latency } from '../../protocol/event';
import { formatCount } from './format';

/** Bars drawn at most: past this, the shortest buckets are folded into the
 *  first bar (2^40 ns is some 18 minutes: more is never one open). */
export const MAX_BARS = 40;

export interface HistogramBar {
  log2: number;
  count: number;
  /** "1–2µs", "512ns–1µs": the bucket's bounds, rounded to read easily. */
  label: string;
  /** The exact bounds, for the tooltip: "[1,024, 2,048) ns". */
  range: string;
}

const UNITS: ReadonlyArray<{ unit: string; ns: number }> = [
  { unit: 's', ns: 1e9 },
  { unit: 'ms', ns: 1e6 },
  { unit: 'µs', ns: 1e3 },
  { unit: 'ns', ns: 1 },
];

/** A duration as a number and a unit, coarsely: powers of two read as the
 *  round numbers people think in (1024 ns as 1, 4096 ns as 4 µs), the
 *  rest to two significant digits. */
export function roughDuration(ns: number): { value: string; unit: string } {
  const u = UNITS.find((x) => ns >= x.ns) ?? UNITS[UNITS.length - 1]!;
  const v = ns / u.ns;
  const whole = Math.round(v);
  let value: string;
  if (v >= 10 || Math.abs(v - whole) <= 0.05 * v) value = String(whole);
  else value = String(Number(v.toFixed(1)));
  // 999.7 µs rounds to "1000": say 1 ms instead.
  if (value === '1000' && u.unit !== 's') {
    const up = UNITS[UNITS.indexOf(u) - 1]!;
    return { value: '1', unit: up.unit };
  }
  return { value, unit: u.unit };
}

/** Bucket k's bounds as a label: one unit written once when both ends share it. */
export function bucketLabel(log2: number): string {
  const lo = roughDuration(2 ** log2);
  const hi = roughDuration(2 ** (log2 + 1));
  return lo.unit === hi.unit ? `${lo.value}–${hi.value}${hi.unit}` : `${lo.value}${lo.unit}–${hi.value}${hi.unit}`;
}

/** "[1,024, 2,048) ns": the bucket exactly. */
export function bucketRange(log2: number): string {
  return `[${formatCount(2 ** log2)}, ${formatCount(2 ** (log2 + 1))}) ns`;
}

/** The server's buckets (any order, gaps allowed) -> one bar per bucket
 *  from the shortest to the longest, empty ones included. */
export function histogramBars(histogram: Latency['histogram']): HistogramBar[] {
  const counts = new Map<number, number>();
  for (const b of histogram) {
    if (b.count > 0 && Number.isInteger(b.log2) && b.log2 >= 0) counts.set(b.log2, (counts.get(b.log2) ?? 0) + b.count);
  }
  if (counts.size === 0) return [];
  const keys = [...counts.keys()];
  const last = Math.max(...keys);
  // Too wide a spread: the shortest buckets join the first bar shown.
  const first = Math.max(Math.min(...keys), last - MAX_BARS + 1);
  const bars: HistogramBar[] = [];
  for (let k = first; k <= last; k++) {
    bars.push({ log2: k, count: counts.get(k) ?? 0, label: bucketLabel(k), range: bucketRange(k) });
  }
  for (const [k, n] of counts) if (k < first) bars[0]!.count += n;
  if (keys.some((k) => k < first)) {
    bars[0]!.label = `<${bucketLabel(first).split('–')[1]}`;
    bars[0]!.range = `< ${formatCount(2 ** (first + 1))} ns`;
  }
  return bars;
}
