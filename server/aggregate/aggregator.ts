/**
 * Events -> per-process totals, per-second rates and a bounded window of
 * recent events. Pure: time moves only through advance(), in trace-clock
 * seconds, so tests drive it without waiting.
 */
import type { ProcessDetail, ProcessStats, RatePoint, TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import { matchesFilter, textMatcher } from '../../protocol/filter';
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
  historySeconds: 3600,
  maxProcesses: 4096,
  maxFilesPerProcess: 4096,
};

/** Seconds over which a process's rate is averaged. */
const RATE_WINDOW = 5;

interface FileEntry {
  opens: number;
  /** errno -> count */
  failures: Map<number, number>;
  firstTs: number;
  lastTs: number;
  /** Distinct flag sets, a few at most. */
  flags: Set<number>;
}

interface ProcessEntry {
  pid: number;
  comm: string;
  uid: number;
  opens: number;
  failed: number;
  files: Map<string, FileEntry>;
  filesCapped: boolean;
  lastPath: string;
  firstTs: number;
  lastTs: number;
  /** Opens per second, for its rate and its chart. */
  seconds: Map<number, RatePoint>;
}

const MAX_FLAG_SETS = 8;

/** Counts one open in a per-second series. */
function bump(series: Map<number, RatePoint>, t: number, failed: boolean): void {
  let point = series.get(t);
  if (!point) {
    point = { t, opens: 0, failed: 0 };
    series.set(t, point);
  }
  point.opens++;
  if (failed) point.failed++;
}

/** Per-second points from `from` to `to`, zero-filled. */
function series(points: Map<number, RatePoint>, from: number, to: number): RatePoint[] {
  const out: RatePoint[] = [];
  for (let t = from; t <= to; t++) {
    const p = points.get(t);
    out.push(p ? { ...p } : { t, opens: 0, failed: 0 });
  }
  return out;
}

export class Aggregator {
  private readonly procs = new Map<number, ProcessEntry>();
  private readonly seconds = new Map<number, RatePoint>();
  private readonly recentRing: Ring<TraceEvent>;
  private now = 0;

  constructor(private readonly opts: AggregatorOptions = DEFAULT_AGGREGATOR_OPTIONS) {
    this.recentRing = new Ring(opts.recentEvents);
  }

  get bounds(): { historySeconds: number; recentEvents: number } {
    return { historySeconds: this.opts.historySeconds, recentEvents: this.opts.recentEvents };
  }

  add(e: TraceEvent): void {
    const failed = e.errno !== 0;
    if (e.ts > this.now) this.now = e.ts;
    const sec = Math.floor(e.ts);
    bump(this.seconds, sec, failed);

    let p = this.procs.get(e.pid);
    if (!p) {
      if (this.procs.size >= this.opts.maxProcesses) this.forgetIdle();
      p = {
        pid: e.pid, comm: e.comm, uid: e.uid, opens: 0, failed: 0, files: new Map(), filesCapped: false,
        lastPath: '', firstTs: e.ts, lastTs: 0, seconds: new Map(),
      };
      this.procs.set(e.pid, p);
    }
    p.comm = e.comm; // exec changes it; show the latest
    p.uid = e.uid;
    p.opens++;
    if (failed) p.failed++;
    bump(p.seconds, sec, failed);
    let file = p.files.get(e.path);
    if (!file) {
      if (p.files.size < this.opts.maxFilesPerProcess) {
        file = { opens: 0, failures: new Map(), firstTs: e.ts, lastTs: e.ts, flags: new Set() };
        p.files.set(e.path, file);
      } else p.filesCapped = true;
    }
    if (file) {
      file.opens++;
      if (failed) file.failures.set(e.errno, (file.failures.get(e.errno) ?? 0) + 1);
      if (e.ts > file.lastTs) file.lastTs = e.ts;
      if (file.flags.size < MAX_FLAG_SETS) file.flags.add(e.flags);
    }
    p.lastPath = e.path;
    if (e.ts > p.lastTs) p.lastTs = e.ts;

    this.recentRing.push(e);
  }

  /** Moves the clock (trace seconds since boot) and drops old history. */
  advance(now: number): void {
    if (now > this.now) this.now = now;
    const oldest = Math.floor(this.now) - this.opts.historySeconds;
    for (const t of this.seconds.keys()) if (t <= oldest) this.seconds.delete(t);
    for (const p of this.procs.values()) {
      for (const t of p.seconds.keys()) if (t <= oldest) p.seconds.delete(t);
    }
  }

  get clock(): number {
    return this.now;
  }

  /** Busiest first (most opens, then most recent). */
  processes(limit = Infinity, filter: EventFilter = {}): ProcessStats[] {
    const nowSec = Math.floor(this.now);
    const out: ProcessStats[] = [];
    const commMatches = filter.comm ? textMatcher(filter.comm) : () => true;
    for (const p of this.procs.values()) {
      if (filter.pid !== undefined && p.pid !== filter.pid) continue;
      if (!commMatches(p.comm)) continue;
      let recent = 0;
      for (let t = nowSec - RATE_WINDOW + 1; t <= nowSec; t++) recent += p.seconds.get(t)?.opens ?? 0;
      out.push({
        pid: p.pid, comm: p.comm, opens: p.opens, failed: p.failed, files: p.files.size,
        filesCapped: p.filesCapped, rate: recent / RATE_WINDOW, lastPath: p.lastPath, lastTs: p.lastTs,
      });
    }
    out.sort((a, b) => b.opens - a.opens || b.lastTs - a.lastTs);
    return out.slice(0, limit);
  }

  /** One process in full: its files and its per-second opens. */
  process(pid: number, from = Math.floor(this.now) - this.opts.historySeconds + 1): ProcessDetail | undefined {
    const p = this.procs.get(pid);
    if (!p) return undefined;
    const files = [...p.files].map(([path, f]) => ({
      path, opens: f.opens, failures: Object.fromEntries(f.failures), firstTs: f.firstTs, lastTs: f.lastTs,
      flags: [...f.flags],
    }));
    files.sort((a, b) => b.opens - a.opens || a.path.localeCompare(b.path));
    const to = Math.floor(this.now);
    return {
      pid: p.pid, comm: p.comm, uid: p.uid, opens: p.opens, failed: p.failed, firstTs: p.firstTs,
      lastTs: p.lastTs, filesCapped: p.filesCapped, files,
      rate: series(p.seconds, Math.max(from, to - this.opts.historySeconds + 1), to),
    };
  }

  /** Per-second points from `from` (inclusive) to now, zero-filled, oldest first. */
  rate(from = Math.floor(this.now) - this.opts.historySeconds + 1): RatePoint[] {
    const to = Math.floor(this.now);
    return series(this.seconds, Math.max(from, to - this.opts.historySeconds + 1), to);
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
