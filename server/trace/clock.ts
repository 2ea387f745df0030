/**
 * The trace clock (seconds since boot, as trace_pipe stamps lines), owned
 * in one place. Live, it is CLOCK_MONOTONIC plus what events teach (the
 * two tick alike; the offset keeps now at or past the newest event). In a
 * replay, it is the newest timestamp replayed.
 */
import { isTraceTime } from './trace-header';

export class TraceClock {
  private offset = 0;
  private newest = 0;

  constructor(readonly kind: 'monotonic' | 'replay') {}

  /** An event's timestamp: now is never before it. */
  observe(ts: number): void {
    if (!isTraceTime(ts)) return;
    if (ts > this.newest) this.newest = ts;
    if (this.kind === 'monotonic') {
      const lag = ts - this.now();
      if (lag > 0) this.offset += lag;
    }
  }

  now(): number {
    return this.kind === 'replay' ? this.newest : Number(process.hrtime.bigint()) / 1e9 + this.offset;
  }
}
