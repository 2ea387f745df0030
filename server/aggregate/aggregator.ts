/**
 * Events -> per-process totals, per-second rates and a bounded window of
 * recent events. Pure: time moves only through advance(), in trace-clock
 * seconds, so tests drive it without waiting.
 *
 * No loop here steps through time: each runs over what is stored, or over
 * a count of seconds capped by the history, so no timestamp (far ahead,
 * far back, past 2^53) can make one run long. Times no trace clock reads
 * (see isTraceTime) are left out.
 */
import type { ProcessDetail, ProcessStats, RatePoint, TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import { matchesFilter, textMatcher } from '../../protocol/filter';
import { isTraceTime } from '../trace/parse-line';
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
  /** Distinct (process, path) entries in all: whatever processes and paths
   *  any user makes, what they cost stays bounded (~70 MB with 300-byte
   *  paths). */
  maxFileEntries: number;
  /** Per-second points of all processes' charts together; past it each
   *  process keeps its newest seconds only. */
  maxSeriesPoints: number;
}

export const DEFAULT_AGGREGATOR_OPTIONS: AggregatorOptions = {
  recentEvents: 50_000,
  historySeconds: 3600,
  maxProcesses: 4096,
  maxFilesPerProcess: 4096,
  maxFileEntries: 100_000,
  maxSeriesPoints: 500_000,
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

/** Counts one open in a per-second series; 1 when it took a new point. */
function bump(series: Map<number, RatePoint>, t: number, failed: boolean): number {
  let point = series.get(t);
  let added = 0;
  if (!point) {
    point = { t, opens: 0, failed: 0 };
    series.set(t, point);
    added = 1;
  }
  point.opens++;
  if (failed) point.failed++;
  return added;
}

/** `count` per-second points from second `from`, zero-filled. Counted by
 *  index, not by `t++`: it ends whatever the numbers are. */
function series(points: Map<number, RatePoint>, from: number, count: number): RatePoint[] {
  const out: RatePoint[] = [];
  for (let i = 0; i < count; i++) {
    const t = from + i;
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
  /** What the budgets count: file entries and per-process points in all. */
  private fileEntries = 0;
  private seriesPoints = 0;

  constructor(private readonly opts: AggregatorOptions = DEFAULT_AGGREGATOR_OPTIONS) {
    this.recentRing = new Ring(opts.recentEvents);
  }

  get bounds(): { historySeconds: number; recentEvents: number } {
    return { historySeconds: this.opts.historySeconds, recentEvents: this.opts.recentEvents };
  }

  /** An event at a time no trace clock reads is left out (the parser
   *  refuses such lines; this keeps the clock sane for any caller). */
  add(e: TraceEvent): void {
    if (!isTraceTime(e.ts)) return;
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
    this.seriesPoints += bump(p.seconds, sec, failed);
    let file = p.files.get(e.path);
    if (!file) {
      if (p.files.size < this.opts.maxFilesPerProcess && this.fileEntries < this.opts.maxFileEntries) {
        file = { opens: 0, failures: new Map(), firstTs: e.ts, lastTs: e.ts, flags: new Set() };
        p.files.set(e.path, file);
        this.fileEntries++;
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
    if (isTraceTime(now) && now > this.now) this.now = now;
    // A jump ahead empties the history here, in one pass over what it holds.
    const oldest = Math.floor(this.now) - this.opts.historySeconds;
    for (const t of this.seconds.keys()) if (t <= oldest) this.seconds.delete(t);
    for (const p of this.procs.values()) {
      for (const t of p.seconds.keys()) {
        if (t > oldest) continue;
        p.seconds.delete(t);
        this.seriesPoints--;
      }
    }
    if (this.seriesPoints > this.opts.maxSeriesPoints) this.trimSeries();
  }

  /** Over the points budget: every process keeps its newest share (its
   *  first keys are its oldest seconds, but for events a CPU handed in late). */
  private trimSeries(): void {
    const keep = Math.floor(this.opts.maxSeriesPoints / Math.max(1, this.procs.size));
    for (const p of this.procs.values()) {
      for (const t of p.seconds.keys()) {
        if (p.seconds.size <= keep) break;
        p.seconds.delete(t);
        this.seriesPoints--;
      }
    }
  }

  /** What the memory budgets count now. */
  get usage(): { processes: number; fileEntries: number; seriesPoints: number } {
    return { processes: this.procs.size, fileEntries: this.fileEntries, seriesPoints: this.seriesPoints };
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
      for (let i = 0; i < RATE_WINDOW; i++) recent += p.seconds.get(nowSec - i)?.opens ?? 0;
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
    return {
      pid: p.pid, comm: p.comm, uid: p.uid, opens: p.opens, failed: p.failed, firstTs: p.firstTs,
      lastTs: p.lastTs, filesCapped: p.filesCapped, files, rate: this.history(p.seconds, from),
    };
  }

  /** Per-second points from `from` (inclusive) to now, zero-filled, oldest first. */
  rate(from = Math.floor(this.now) - this.opts.historySeconds + 1): RatePoint[] {
    return this.history(this.seconds, from);
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

  /** A per-second series from second `from` (any number: a request's) to
   *  now, no longer than the history; empty when `from` is no number. */
  private history(points: Map<number, RatePoint>, from: number): RatePoint[] {
    const to = Math.floor(this.now);
    const first = Math.max(Math.floor(from), to - this.opts.historySeconds + 1);
    const count = Math.min(this.opts.historySeconds, to - first + 1);
    return Number.isNaN(count) ? [] : series(points, first, count);
  }

  /** Forgets the least recently active tenth of the processes. */
  private forgetIdle(): void {
    const byAge = [...this.procs.values()].sort((a, b) => a.lastTs - b.lastTs);
    const drop = Math.max(1, Math.floor(byAge.length / 10));
    for (let i = 0; i < drop; i++) {
      const p = byAge[i]!;
      this.fileEntries -= p.files.size;
      this.seriesPoints -= p.seconds.size;
      this.procs.delete(p.pid);
    }
  }
}
