/**
 * The ingest path, in one place: loader (kernel side) -> trace_pipe reader
 * -> line splitter -> parser -> aggregator, and the counts that make loss
 * visible. Subscribers (the WebSocket hub) get each event as it is parsed.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TraceEvent } from '../../protocol/event';
import type { Counts, TracerStatus } from '../../protocol/status';
import { Aggregator, type AggregatorOptions } from '../aggregate/aggregator';
import { readKernelLoss } from './kernel-stats';
import { growTraceBuffer, restoreTraceBuffer, type BufferChange } from './trace-buffer';
import { LineSplitter } from './line-splitter';
import { LoaderSupervisor, type LoaderOptions } from './loader';
import { parseLine } from './parse-line';
import { drainPipe, readPipe, type PipeReader } from './pipe-reader';

export interface TracerOptions {
  tracefs: string;
  /** Trace ring buffer per CPU while we run (KB). */
  bufferKb: number;
  loader: Omit<LoaderOptions, 'tag'>;
  aggregator?: AggregatorOptions;
}

const STATS_INTERVAL_MS = 1000;
const REOPEN_DELAY_MS = 1000;
const UNPARSED_SAMPLES = 5;

export class Tracer {
  readonly aggregator: Aggregator;
  readonly counts: Counts = {
    lines: 0, events: 0, foreign: 0, unparsed: 0, lost: 0, lostMarkers: 0, overrun: 0,
  };
  status: TracerStatus = {
    state: 'starting', attach: null, syscalls: [], restarts: 0, message: null,
  };
  /** Tags of every loader this server started: lines of an earlier run of
   *  ours still in the buffer are ours too. */
  private readonly tags = new Set<string>();
  private readonly subscribers = new Set<(e: TraceEvent) => void>();
  private readonly splitter: LineSplitter;
  private readonly loader: LoaderSupervisor;
  private reader: PipeReader | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private reopenTimer: NodeJS.Timeout | undefined;
  /** The last few lines nobody could parse, to show what they were. */
  readonly unparsedSamples: { line: string; reason: string }[] = [];
  private lossBaseline = 0;
  private buffer: BufferChange | undefined;
  /** trace clock - CLOCK_MONOTONIC, learnt from events (see now()). */
  private clockOffset = 0;

  constructor(private readonly opts: TracerOptions) {
    this.aggregator = new Aggregator(opts.aggregator);
    this.splitter = new LineSplitter(
      (line) => this.onLine(line),
      () => {
        this.counts.lines++;
        this.counts.unparsed++;
      },
    );
    this.loader = new LoaderSupervisor(
      { ...opts.loader, tag: () => this.newTag() },
      {
        onReady: (ready) => {
          this.status = {
            ...this.status, state: 'running', attach: ready.attach, syscalls: ready.syscalls,
            message: ready.skipped.length ? `not hooked here: ${ready.skipped.join(', ')}` : null,
          };
        },
        onCrash: (message, delayMs) => {
          this.status = {
            ...this.status, state: 'failed', restarts: this.status.restarts + 1,
            message: `loader stopped (${message}); restarting in ${Math.round(delayMs / 100) / 10}s`,
          };
        },
      },
    );
  }

  subscribe(fn: (e: TraceEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  async start(): Promise<void> {
    this.buffer = growTraceBuffer(this.opts.tracefs, this.opts.bufferKb);
    try {
      drainPipe(path.join(this.opts.tracefs, 'trace_pipe'));
      this.lossBaseline = await readKernelLoss(this.opts.tracefs);
    } catch (err) {
      restoreTraceBuffer(this.opts.tracefs, this.buffer);
      throw err;
    }
    this.openPipe();
    this.statsTimer = setInterval(() => void this.pollLoss(), STATS_INTERVAL_MS);
    this.loader.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.statsTimer);
    clearTimeout(this.reopenTimer);
    await this.loader.stop();
    this.reader?.stop();
    this.reader = undefined;
    if (this.buffer) restoreTraceBuffer(this.opts.tracefs, this.buffer);
    this.status = { ...this.status, state: 'stopped' };
  }

  /** Now on the trace clock (seconds since boot). The trace clock and
   *  CLOCK_MONOTONIC tick alike; the offset keeps now >= the newest event. */
  now(): number {
    return Number(process.hrtime.bigint()) / 1e9 + this.clockOffset;
  }

  private newTag(): string {
    const bytes = randomBytes(8);
    bytes[0] = bytes[0]! | 0x80; // 16 hex digits, as the loader prints it
    const tag = bytes.toString('hex');
    this.tags.add(tag);
    return tag;
  }

  private openPipe(): void {
    const pipe = path.join(this.opts.tracefs, 'trace_pipe');
    try {
      this.reader = readPipe(
        pipe,
        (chunk) => this.splitter.push(chunk),
        (err) => this.pipeFailed(err),
      );
    } catch (err) {
      this.pipeFailed(err as Error);
    }
  }

  private pipeFailed(err: Error): void {
    this.reader = undefined;
    this.status = { ...this.status, state: 'failed', message: `cannot read trace_pipe: ${err.message}` };
    this.reopenTimer = setTimeout(() => {
      this.status = { ...this.status, state: this.status.attach ? 'running' : 'starting', message: null };
      this.openPipe();
    }, REOPEN_DELAY_MS);
  }

  private onLine(line: string): void {
    this.counts.lines++;
    const parsed = parseLine(line, this.tags);
    switch (parsed.kind) {
      case 'event': {
        this.counts.events++;
        const e = parsed.event;
        const lag = e.ts - this.now();
        if (lag > 0) this.clockOffset += lag;
        this.aggregator.add(e);
        for (const fn of this.subscribers) fn(e);
        break;
      }
      case 'lost':
        this.counts.lostMarkers += parsed.count;
        this.updateLost();
        break;
      case 'foreign':
        this.counts.foreign++;
        break;
      case 'unparsed':
        this.counts.unparsed++;
        this.unparsedSamples.push({ line: line.slice(0, 300), reason: parsed.reason });
        if (this.unparsedSamples.length > UNPARSED_SAMPLES) this.unparsedSamples.shift();
        break;
    }
  }

  private async pollLoss(): Promise<void> {
    this.aggregator.advance(this.now());
    try {
      this.counts.overrun = Math.max(0, (await readKernelLoss(this.opts.tracefs)) - this.lossBaseline);
      this.updateLost();
    } catch (err) {
      this.status = { ...this.status, message: `cannot read kernel drop counters: ${(err as Error).message}` };
    }
  }

  /** Both counters see the same drops; the larger is the truth so far. */
  private updateLost(): void {
    this.counts.lost = Math.max(this.counts.lostMarkers, this.counts.overrun);
  }
}
