/**
 * Everything the dashboard knows, updated from server messages. Plain
 * mutable state with no React in it: the socket hook writes here as
 * messages arrive and renders snapshots at most once per frame.
 */
import type { ProcessStats, RatePoint, TraceEvent } from '../../protocol/event';
import type { HelloMessage, UpdateMessage } from '../../protocol/messages';
import type { Counts, TracerStatus } from '../../protocol/status';
import { EventBuffer } from './event-buffer';

export const EVENT_CAPACITY = 20_000;
/** Seconds of rate history kept until hello says how much the server keeps. */
const DEFAULT_HISTORY_S = 3600;

export class DashboardStore {
  readonly events = new EventBuffer<TraceEvent>(EVENT_CAPACITY);
  processes: ProcessStats[] = [];
  counts: Counts | null = null;
  tracer: TracerStatus | null = null;
  bootWallMs: number | null = null;
  /** Events the server left out of this connection's updates, summed. */
  omitted = 0;
  /** Seconds of per-second rate kept: as many as the server keeps. */
  historySeconds = DEFAULT_HISTORY_S;
  private readonly rate = new Map<number, RatePoint>();
  private maxRateT = -Infinity;
  /** The latest boot-time second seen in the data and the browser time it
   *  was seen at. Extrapolating from it tells the server's current second
   *  without comparing the browser's clock with the server's. */
  private clock: { t: number; atMs: number } | null = null;

  applyHello(msg: HelloMessage, nowMs: number): void {
    this.events.clear();
    this.rate.clear();
    this.maxRateT = -Infinity;
    this.clock = null;
    this.omitted = 0;
    this.bootWallMs = msg.bootWallMs;
    this.historySeconds = msg.bounds.historySeconds;
    // `recent` is newest first; the buffer takes oldest first.
    this.events.pushAll([...msg.recent].reverse());
    this.mergeRate(msg.history);
    this.processes = msg.processes;
    this.counts = msg.counts;
    this.tracer = msg.tracer;
    this.observeAll(msg.recent[0]?.ts, nowMs);
  }

  applyUpdate(msg: UpdateMessage, nowMs: number): void {
    this.events.pushAll(msg.events);
    this.mergeRate(msg.rate);
    this.processes = msg.processes;
    this.counts = msg.counts;
    this.tracer = msg.tracer;
    this.omitted += msg.omitted;
    this.observeAll(msg.events[msg.events.length - 1]?.ts, nowMs);
  }

  /** The server's current time in seconds since boot, estimated. */
  nowT(nowMs: number): number | null {
    if (this.clock) return this.clock.t + (nowMs - this.clock.atMs) / 1000;
    // Nothing seen yet: fall back to the browser's clock.
    if (this.bootWallMs !== null) return (nowMs - this.bootWallMs) / 1000;
    return null;
  }

  /** Per-second points of the kept history up to now, oldest first, with
   *  seconds that had no opens filled in as zeros. */
  rateWindow(nowMs: number): RatePoint[] {
    const now = this.nowT(nowMs);
    if (now === null) return [];
    const end = Math.max(Math.floor(now), this.maxRateT);
    const out: RatePoint[] = [];
    for (let t = end - this.historySeconds + 1; t <= end; t++) {
      out.push(this.rate.get(t) ?? { t, opens: 0, failed: 0 });
    }
    return out;
  }

  private mergeRate(points: readonly RatePoint[]): void {
    for (const p of points) {
      // A second is sent again while it is still counting: the later wins.
      this.rate.set(p.t, p);
      if (p.t > this.maxRateT) this.maxRateT = p.t;
    }
    const oldest = this.maxRateT - this.historySeconds + 1;
    for (const t of this.rate.keys()) if (t < oldest) this.rate.delete(t);
  }

  private observeAll(latestEventTs: number | undefined, nowMs: number): void {
    this.observe(latestEventTs, nowMs);
    if (this.maxRateT > -Infinity) this.observe(this.maxRateT, nowMs);
    for (const p of this.processes) this.observe(p.lastTs, nowMs);
  }

  /** Every timestamp in the data is a lower bound of the server's now. */
  private observe(t: number | undefined, nowMs: number): void {
    if (t === undefined) return;
    const current = this.nowT(nowMs);
    if (this.clock === null || current === null || t > current) this.clock = { t, atMs: nowMs };
  }
}
