/**
 * The most frequent of a stream of values in bounded memory, whatever the
 * stream holds (Misra-Gries): `capacity` counters; a value that comes when
 * all are taken lowers every count by one, dropping those at zero. Every
 * value seen more than n / (capacity + 1) times of n is kept, its count
 * low by at most that. Amortised O(1) a value: the decrements never
 * outnumber the increments.
 */
export class Frequent {
  private counts = new Map<string, number>();

  constructor(readonly capacity: number) {}

  add(value: string): void {
    const n = this.counts.get(value);
    if (n !== undefined) this.counts.set(value, n + 1);
    else if (this.counts.size < this.capacity) this.counts.set(value, 1);
    else {
      for (const [v, c] of this.counts) {
        if (c > 1) this.counts.set(v, c - 1);
        else this.counts.delete(v);
      }
    }
  }

  /** At most `k` values, the most frequent first (ties: first seen first). */
  top(k: number): string[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, k).map(([v]) => v);
  }

  get size(): number {
    return this.counts.size;
  }
}
