/**
 * Per-rule drop counters, from the drops map. bpftool reads ~25,000 a
 * second, so an imported list of thousands is read again every few
 * seconds (a millisecond per thousand rules of age), not at every poll;
 * a rule new since the last reading is read at once.
 */
import { percpuSums } from './bpftool';
import { u32Arg } from './map-keys';
import type { Rule } from './rule';

export class DropCounts {
  private atMs = 0;
  private byId = new Map<number, number>();

  constructor(private readonly mapPin: string) {}

  /** A new rule's counter starts from zero: what was read for its id
   *  belonged to a rule that is gone. */
  forget(id: number): void {
    this.byId.delete(id);
  }

  async read(rules: readonly Rule[]): Promise<Map<number, number>> {
    const maxAgeMs = rules.length > 1000 ? rules.length : 0;
    const stale = Date.now() - this.atMs >= maxAgeMs;
    const read = stale ? rules : rules.filter((r) => !this.byId.has(r.id));
    if (read.length) {
      const sums = await percpuSums(this.mapPin, read.map((r) => u32Arg(r.id)));
      if (stale) {
        this.atMs = Date.now();
        this.byId = new Map();
      }
      read.forEach((r, i) => this.byId.set(r.id, sums[i] ?? 0));
    }
    return this.byId;
  }
}
