/**
 * The values of one label, bounded: the first `max` distinct values get a
 * series of their own, first come first served; every later one is turned
 * away (counted under `overflow`, or not exported). A counter must never
 * go down, so a value that got a series keeps it: it is never folded into
 * the overflow later, nor its slot handed to another value while it lives.
 */
export class StickyLabels {
  private readonly admitted = new Set<string>();

  constructor(
    readonly max: number,
    readonly overflow = 'other',
  ) {}

  /** Whether `value` has (or now gets) a series of its own. */
  admit(value: string): boolean {
    if (this.admitted.has(value)) return true;
    // The overflow's own name never takes a slot: it is the overflow.
    if (value === this.overflow || this.admitted.size >= this.max) return false;
    this.admitted.add(value);
    return true;
  }

  /** Whether `value` has a series, without giving it one. */
  has(value: string): boolean {
    return this.admitted.has(value);
  }

  /** The label value to count `value` under. */
  label(value: string): string {
    return this.admit(value) ? value : this.overflow;
  }

  /** Frees the slots of values that no longer exist (a removed XDP rule):
   *  their series end with them, so no counter goes down. */
  retain(present: ReadonlySet<string>): void {
    for (const v of this.admitted) if (!present.has(v)) this.admitted.delete(v);
  }

  get size(): number {
    return this.admitted.size;
  }
}
