/**
 * Per-rule drop counters, from the drops map. bpftool reads ~25,000 a
 * second, so an imported list of thousands is read again every few
 * seconds (a second per thousand rules, and at least ten times as long as
 * the last reading took: a slow machine is not kept busy reading), not at
 * every poll; a rule new since the last reading is read at once.
 */
import { percpuSums } from './bpftool';
import { u32Arg } from './map-keys';
import type { Rule } from './rule';

export class DropCounts {
  private atMs = 0;
  private tookMs = 0;
  private byId = new Map<number, number>();

  constructor(private readonly mapPin: string) {}

  /** A new rule's counter was just written as zero (putRules, fresh):
   *  what was read for its id belonged to a rule that is gone, and an
   *  imported list needs no reading of thousands before its first status. */
  zeroed(id: number): void {
    this.byId.set(id, 0);
  }

  async read(rules: readonly Rule[]): Promise<Map<number, number>> {
    const maxAgeMs = rules.length > 1000 ? Math.max(rules.length, 10 * this.tookMs) : 0;
    const stale = Date.now() - this.atMs >= maxAgeMs;
    const read = stale ? rules : rules.filter((r) => !this.byId.has(r.id));
    if (read.length) {
      const started = Date.now();
      const sums = await percpuSums(this.mapPin, read.map((r) => u32Arg(r.id)));
      if (stale) {
        this.atMs = Date.now();
        this.tookMs = this.atMs - started;
        this.byId = new Map();
      }
      read.forEach((r, i) => this.byId.set(r.id, sums[i] ?? 0));
    }
    return this.byId;
  }
}
