/**
 * The cost at request, over the interval since the previous request's
 * sample. Nothing is sampled while nobody asks: each sample runs bpftool,
 * whose own opens the tracer would see. Requests within minIntervalMs of
 * the last sample share its answer; after staleMs without one, a fresh
 * baseline is taken and the answer covers the next settleMs, so it says
 * what tracing costs now, not an average since the last visit.
 */
import type { Cost } from '../../protocol/cost';
import { costBetween, type CostSample } from './cost';

export interface CostTiming {
  minIntervalMs: number;
  staleMs: number;
  settleMs: number;
}

/** The UI asks every 2 s; two pages open still get intervals of 1 s or more. */
export const COST_TIMING: CostTiming = { minIntervalMs: 1_000, staleMs: 10_000, settleMs: 1_000 };

export class CostMeter {
  private last: { sample: CostSample; cost: Cost } | null = null;
  private pending: Promise<Cost> | null = null;

  constructor(
    private readonly read: () => Promise<CostSample>,
    private readonly timing: CostTiming = COST_TIMING,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Concurrent requests wait for the same sample. */
  current(): Promise<Cost> {
    this.pending ??= this.next().finally(() => (this.pending = null));
    return this.pending;
  }

  private async next(): Promise<Cost> {
    const now = this.now();
    if (this.last && now - this.last.sample.atMs < this.timing.minIntervalMs) return this.last.cost;
    let base = this.last?.sample;
    if (!base || now - base.atMs > this.timing.staleMs) {
      base = await this.read();
      await this.sleep(this.timing.settleMs);
    }
    const sample = await this.read();
    const cost = costBetween(base, sample);
    this.last = { sample, cost };
    return cost;
  }
}
