/**
 * The one ingest pipeline: lines from a source (trace_pipe or a recorded
 * file) -> parser -> assembler (an event's full path, process, cgroup,
 * user) -> the event store and the live subscribers, with the counts that
 * make loss visible (every line is an event, one of our other records, a
 * foreign line or an unparsed one). What the HTTP API and the WebSocket
 * hub may read of it is TraceView.
 */
import type { StoredEvent } from '../../protocol/event';
import type { Counts, TracerStatus } from '../../protocol/status';
import type { Store } from '../store/store';
import type { Assembler } from './assemble';
import type { TraceClock } from './clock';
import { ForeignLines } from './foreign-lines';
import { parseArticleLine } from './parse-article';
import { parseLine } from './parse-line';
import type { SpoolState } from './pipe-reader';

const UNPARSED_SAMPLES = 5;
/** How often the store's age and size bounds are applied. */
const UPKEEP_MS = 5_000;

export interface UnparsedSample {
  line: string;
  reason: string;
}

/** The read side, for the API and the hub. */
export interface TraceView {
  /** Events come from this machine's kernel now (so /proc means something). */
  readonly live: boolean;
  readonly status: TracerStatus;
  readonly counts: Counts;
  readonly unparsedSamples: readonly UnparsedSample[];
  readonly store: Store;
  /** The newest lines of other programs (counts.foreign counts them all). */
  readonly foreign: ForeignLines;
  /** Now on the trace clock (seconds since boot). */
  now(): number;
  subscribe(fn: (e: StoredEvent) => void): () => void;
}

/** What the kernel side reports of its own losses. */
export interface KernelLoss {
  /** Growth of the trace buffer's overrun counters since start. */
  overrun?: number;
  startsFull?: number;
  exitsMissed?: number;
}

export class Pipeline implements TraceView {
  readonly counts: Counts = {
    lines: 0, events: 0, records: 0, fullMissing: 0, own: 0, foreign: 0, unparsed: 0, lost: 0, lostMarkers: 0,
    overrun: 0, startsFull: 0, exitsMissed: 0, spooled: 0, spoolFullMs: 0,
  };
  status: TracerStatus = {
    state: 'starting', attach: null, attachWhy: null, syscalls: [], restarts: 0, message: null,
    scope: { pid: null, uid: null, comm: null },
  };
  readonly unparsedSamples: UnparsedSample[] = [];
  readonly foreign = new ForeignLines();
  /** Session tags whose lines are ours. */
  private readonly tags = new Set<string>();
  private readonly subscribers = new Set<(e: StoredEvent) => void>();
  private readonly upkeep: NodeJS.Timeout;
  private upkeepRunning = false;

  readonly live: boolean;
  private readonly assembler: Assembler;
  /** Also read the article's BCC lines (`process=… pid=…`), for replays. */
  private readonly acceptArticle: boolean;

  constructor(
    readonly store: Store,
    private readonly clock: TraceClock,
    opts: { live: boolean; assembler: Assembler; acceptArticle?: boolean },
  ) {
    this.live = opts.live;
    this.assembler = opts.assembler;
    this.acceptArticle = opts.acceptArticle ?? false;
    // Events stored before their cgroup was found get it filled in.
    this.assembler.who.onResolved((id, facts) => void this.store.fillCgroup(id, facts));
    this.upkeep = setInterval(() => void this.runUpkeep(), UPKEEP_MS);
  }

  now(): number {
    return this.clock.now();
  }

  subscribe(fn: (e: StoredEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  setStatus(patch: Partial<TracerStatus>): void {
    this.status = { ...this.status, ...patch };
  }

  addTag(tag: string): void {
    this.tags.add(tag);
  }

  /** One line in. */
  line(line: string): void {
    this.counts.lines++;
    let parsed = parseLine(line, this.tags);
    if (parsed.kind === 'foreign' && this.acceptArticle) parsed = parseArticleLine(line) ?? parsed;
    switch (parsed.kind) {
      case 'event': {
        this.counts.events++;
        this.clock.observe(parsed.event.ts);
        this.assembler.event(parsed.event, parsed.full);
        this.counts.fullMissing = this.assembler.fullMissing;
        if (parsed.event.own) this.counts.own++;
        const stored = this.store.add(parsed.event);
        for (const fn of this.subscribers) fn(stored);
        return;
      }
      case 'full':
        this.counts.records++;
        this.assembler.full(parsed.tid, parsed.full);
        return;
      case 'exec':
        this.counts.records++;
        this.assembler.exec(parsed.exec);
        this.store.addExec(parsed.exec);
        return;
      case 'fork':
        this.counts.records++;
        this.assembler.fork(parsed.pid, parsed.ppid, parsed.start, parsed.ts);
        return;
      case 'lost':
        this.counts.lostMarkers += parsed.count;
        this.updateLost();
        return;
      case 'foreign':
        this.counts.foreign++;
        this.foreign.push(line);
        return;
      case 'unparsed':
        this.unparsed(line, parsed.reason);
    }
  }

  /** A line longer than the splitter keeps: counted, not read. */
  overlong = (): void => {
    this.counts.lines++;
    this.counts.unparsed++;
  };

  /** A line nobody could read, and why (counted as a line here). */
  unreadable(line: string, reason: string): void {
    this.counts.lines++;
    this.unparsed(line, reason);
  }

  private unparsed(line: string, reason: string): void {
    this.counts.unparsed++;
    this.unparsedSamples.push({ line: line.slice(0, 300), reason });
    if (this.unparsedSamples.length > UNPARSED_SAMPLES) this.unparsedSamples.shift();
  }

  kernelLoss(loss: KernelLoss): void {
    Object.assign(this.counts, loss);
    this.updateLost();
  }

  spool(state: SpoolState): void {
    this.counts.spooled = state.queuedBytes;
    this.counts.spoolFullMs = state.fullMs;
  }

  /** Markers and overrun count the same drops twice over; the BPF side's
   *  own are apart from both. */
  private updateLost(): void {
    this.counts.lost = Math.max(this.counts.lostMarkers, this.counts.overrun) + this.counts.startsFull;
  }

  private async runUpkeep(): Promise<void> {
    if (this.upkeepRunning) return; // a slow round (a big delete) is not stacked
    this.upkeepRunning = true;
    await this.store.upkeep(this.now());
    this.upkeepRunning = false;
  }

  /** Stops the upkeep and closes the store (after the source has stopped). */
  async close(): Promise<void> {
    clearInterval(this.upkeep);
    while (this.upkeepRunning) await new Promise((r) => setTimeout(r, 20));
    await this.store.close();
  }
}
