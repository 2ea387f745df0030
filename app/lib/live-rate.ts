/**
 * The overview chart's counts, exact for any filter. The older part of the
 * window comes from /api/rate as whole buckets of `step` seconds; the
 * newest seconds (the tail) come per second, first from /api/rate with
 * step 1, then from the socket's `rate` points, and are summed into the
 * same buckets. A bucket's count is only ever a sum of seconds the store
 * counted, so every point and the total stay exact as time moves on.
 */
import type { RatePoint } from '../../protocol/event';
import type { RateAnswer } from '../../protocol/views';
import { bucketSeconds, type ChartPoint } from './rate-window';

/** Seconds kept per second before `to`: the store may still add opens to
 *  them (the socket then sends their new counts), so they must not be
 *  buried in a bucket whose breakdown is unknown. */
export const TAIL_SECONDS = 10;

/** What to ask /api/rate for: buckets for [from, tailFrom - 1] (none when
 *  empty), single seconds for [tailFrom, to]. */
export interface RateSpans {
  step: number;
  from: number;
  tailFrom: number;
  to: number;
}

const alignDown = (t: number, step: number) => Math.floor(t / step) * step;
const alignUp = (t: number, step: number) => Math.ceil(t / step) * step;

/** The chart's first point starts on a whole bucket, so each point covers
 *  its `step` seconds (the newest one: those elapsed so far). Seconds
 *  before this boot are negative: the store may hold an earlier boot's. */
function firstBucket(to: number, seconds: number, step: number): number {
  return alignUp(to - seconds + 1, step);
}

/** The spans to fetch for a window of `seconds` ending at the server's now. */
export function rateSpans(nowT: number, seconds: number): RateSpans {
  const to = Math.floor(nowT);
  const step = bucketSeconds(seconds);
  const from = firstBucket(to, seconds, step);
  return { step, from, tailFrom: Math.max(from, alignDown(to - TAIL_SECONDS, step)), to };
}

export interface RateWindow {
  /** Oldest first; opens and failed per second, averaged over the bucket. */
  points: ChartPoint[];
  /** Opens and failed in the whole window. */
  opens: number;
  failed: number;
}

export class LiveRate {
  private step = 1;
  private span = 0;
  private tailFrom = Infinity;
  private loaded = false;
  private readonly buckets = new Map<number, RatePoint>();
  private readonly perSecond = new Map<number, RatePoint>();
  /** The socket's seconds that came while the answers were on their way;
   *  null: they may be for another filter, so they are dropped. */
  private early: RatePoint[] | null = null;
  /** Goes up with each reset and each new set of answers (not with the
   *  socket's merges), for callers that cache what they draw. */
  loads = 0;

  get ready(): boolean {
    return this.loaded;
  }

  /** Forget all and wait for new answers. `sameFilter`: the socket's
   *  seconds meanwhile count what the answers count, so they are merged;
   *  else (a new filter, a new socket) they may not, and are dropped. */
  reset(sameFilter: boolean): void {
    this.loaded = false;
    this.buckets.clear();
    this.perSecond.clear();
    this.early = sameFilter ? [] : null;
    this.loads++;
  }

  load(history: RateAnswer | null, tail: RateAnswer, spans: RateSpans, seconds: number): void {
    this.step = history?.step ?? spans.step;
    this.span = seconds;
    this.tailFrom = spans.tailFrom;
    for (const p of history?.rate ?? []) if (p.t < this.tailFrom) this.buckets.set(p.t, p);
    for (const p of tail.rate) this.perSecond.set(p.t, p);
    this.loaded = true;
    const early = this.early ?? [];
    this.early = null;
    this.merge(early);
    this.loads++;
  }

  /** The socket's seconds, each with its whole count. A second's count
   *  only grows, so of two readings the larger is the newer one. */
  merge(points: readonly RatePoint[]): void {
    if (!this.loaded) {
      this.early?.push(...points);
      return;
    }
    let newest = -Infinity;
    for (const p of points) {
      if (p.t < this.tailFrom) continue;
      const held = this.perSecond.get(p.t);
      if (!held || p.opens > held.opens || p.failed > held.failed) {
        this.perSecond.set(p.t, {
          t: p.t,
          opens: Math.max(p.opens, held?.opens ?? 0),
          failed: Math.max(p.failed, held?.failed ?? 0),
        });
      }
      newest = Math.max(newest, p.t);
    }
    // Seconds that have left any window this chart can show.
    const keepFrom = newest - this.span - this.step;
    for (const t of this.perSecond.keys()) if (t < keepFrom) this.perSecond.delete(t);
  }

  /** The window's buckets up to `to` (a whole second); null before the answers. */
  window(to: number): RateWindow | null {
    if (!this.loaded) return null;
    const { step } = this;
    const points: ChartPoint[] = [];
    let opens = 0;
    let failed = 0;
    for (let b = firstBucket(to, this.span, step); b <= to; b += step) {
      const end = Math.min(b + step - 1, to);
      let o = 0;
      let f = 0;
      if (b < this.tailFrom) {
        const p = this.buckets.get(b);
        o = p?.opens ?? 0;
        f = p?.failed ?? 0;
      } else {
        for (let t = b; t <= end; t++) {
          const p = this.perSecond.get(t);
          o += p?.opens ?? 0;
          f += p?.failed ?? 0;
        }
      }
      opens += o;
      failed += f;
      const n = end - b + 1;
      points.push({ t: b, opens: o / n, failed: f / n, seconds: n });
    }
    return { points, opens, failed };
  }
}
