/**
 * Events -> per-process totals, per-second rates and a bounded window of
 * recent events. Pure: time moves only through advance(), in trace-clock
 * seconds, so tests drive it without waiting.
 */
import type { ProcessStats, RatePoint, TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import { matchesFilter } from '../../protocol/filter';
import { Ring } from './ring';

export interface AggregatorOptions {
  /** Recent events kept for the API and new browsers. */
  recentEvents: number;
  /** Seconds of per-second rate history. */
  historySeconds: number;
  /** Processes tracked; the longest idle are forgotten past this. */
  maxProcesses: number;
  /** Distinct paths counted per process before the count is capped. */
  maxFilesPerProcess: number;
}

export const DEFAULT_AGGREGATOR_OPTIONS: AggregatorOptions = {
  recentEvents: 50_000,
  historySeconds: 300,
  maxProcesses: 4096,
  maxFilesPerProcess: 4096,
};

/** Seconds over which a process's rate is averaged. */
const RATE_WINDOW = 5;

interface ProcessEntry {
  pid: number;
  comm: string;
  opens: number;
  failed: number;
  files: Set<string>;
  filesCapped: boolean;
  lastPath: string;
  lastTs: number;
  /** Opens per second for the last RATE_WINDOW seconds, by second % window. */
  secCounts: number[];
  secs: number[];
}

export class Aggregator {
  private readonly procs = new Map<number, ProcessEntry>();
  private readonly seconds = new Map<number, RatePoint>();
  private readonly recentRing: Ring<TraceEvent>;
  private now = 0;

  constructor(private readonly opts: AggregatorOptions = DEFAULT_AGGREGATOR_OPTIONS) {
    this.recentRing = new Ring(opts.recentEvents);
  }

  add(e: TraceEvent): void {
    const failed = e.errno !== 0;
    if (e.ts > this.now) this.now = e.ts;

    const sec = Math.floor(e.ts);
    let point = this.seconds.get(sec);
    if (!point) {
      point = { t: sec, opens: 0, failed: 0 };
      this.seconds.set(sec, point);
    }
    point.opens++;
    if (failed) point.failed++;

    let p = this.procs.get(e.pid);
    if (!p) {
      if (this.procs.size >= this.opts.maxProcesses) this.forgetIdle();
      p = {
        pid: e.pid, comm: e.comm, opens: 0, failed: 0, files: new Set(), filesCapped: false,
        lastPath: '', lastTs: 0,
        secCounts: new Array<number>(RATE_WINDOW).fill(0),
        secs: new Array<number>(RATE_WINDOW).fill(-1),
      };
      this.procs.set(e.pid, p);
    }
    p.comm = e.comm; // exec changes it; show the latest
    p.opens++;
    if (failed) p.failed++;
    if (!p.files.has(e.path)) {
      if (p.files.size < this.opts.maxFilesPerProcess) p.files.add(e.path);
      else p.filesCapped = true;
    }
    p.lastPath = e.path;
    if (e.ts > p.lastTs) p.lastTs = e.ts;
    const slot = sec % RATE_WINDOW;
    if (p.secs[slot] !== sec) {
      p.secs[slot] = sec;
      p.secCounts[slot] = 0;
    }
    p.secCounts[slot]!++;

    this.recentRing.push(e);
  }

  /** Moves the clock (trace seconds since boot) and drops old history. */
  advance(now: number): void {
    if (now > this.now) this.now = now;
    const oldest = Math.floor(this.now) - this.opts.historySeconds;
    for (const t of this.seconds.keys()) if (t <= oldest) this.seconds.delete(t);
  }

  get clock(): number {
    return this.now;
  }

  /** Busiest first (most opens, then most recent). */
  processes(limit = Infinity, filter: EventFilter = {}): ProcessStats[] {
    const nowSec = Math.floor(this.now);
    const out: ProcessStats[] = [];
    for (const p of this.procs.values()) {
      if (filter.pid !== undefined && p.pid !== filter.pid) continue;
      if (filter.comm && !p.comm.includes(filter.comm)) continue;
      let recent = 0;
      for (let i = 0; i < RATE_WINDOW; i++) {
        const s = p.secs[i]!;
        if (s > nowSec - RATE_WINDOW && s <= nowSec) recent += p.secCounts[i]!;
      }
      out.push({
        pid: p.pid, comm: p.comm, opens: p.opens, failed: p.failed, files: p.files.size,
        filesCapped: p.filesCapped, rate: recent / RATE_WINDOW, lastPath: p.lastPath, lastTs: p.lastTs,
      });
    }
    out.sort((a, b) => b.opens - a.opens || b.lastTs - a.lastTs);
    return out.slice(0, limit);
  }

  /** Per-second points from `from` (inclusive) to now, zero-filled, oldest first. */
  rate(from = Math.floor(this.now) - this.opts.historySeconds + 1): RatePoint[] {
    const to = Math.floor(this.now);
    const out: RatePoint[] = [];
    for (let t = Math.max(from, to - this.opts.historySeconds + 1); t <= to; t++) {
      const p = this.seconds.get(t);
      out.push(p ? { ...p } : { t, opens: 0, failed: 0 });
    }
    return out;
  }

  /** Newest first. */
  recent(filter: EventFilter = {}, limit = 1000): TraceEvent[] {
    const out: TraceEvent[] = [];
    if (limit <= 0) return out;
    for (const e of this.recentRing.newestFirst()) {
      if (!matchesFilter(filter, e)) continue;
      out.push(e);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Forgets the least recently active tenth of the processes. */
  private forgetIdle(): void {
    const byAge = [...this.procs.values()].sort((a, b) => a.lastTs - b.lastTs);
    const drop = Math.max(1, Math.floor(byAge.length / 10));
    for (let i = 0; i < drop; i++) this.procs.delete(byAge[i]!.pid);
  }
}
