/**
 * A fixed-capacity ring buffer: pushing past capacity drops the oldest item.
 * The dashboard keeps the newest events in one so memory stays bounded no
 * matter how fast the server streams.
 */
export class EventBuffer<T> {
  private readonly slots: (T | undefined)[];
  /** Index of the oldest item. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const tail = (this.head + this.count) % this.capacity;
    this.slots[tail] = item;
    if (this.count < this.capacity) {
      this.count++;
    } else {
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Appends items given oldest first. */
  pushAll(items: readonly T[]): void {
    // Only the last `capacity` items can survive; skip the rest outright.
    const from = Math.max(0, items.length - this.capacity);
    for (let i = from; i < items.length; i++) this.push(items[i] as T);
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  /** A copy of the contents, newest first (the order the event table shows). */
  newestFirst(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) {
      out[i] = this.slots[(this.head + this.count - 1 - i) % this.capacity] as T;
    }
    return out;
  }
}
