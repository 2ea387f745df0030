/**
 * Replay: a recorded file instead of the kernel. Lines go through the same
 * ingest path, paced by their own timestamps (--speed X: X times as fast;
 * 0: as fast as it can). Needs no root. The replay clock is the newest
 * timestamp replayed.
 */
import fs from 'node:fs';
import type { AggregatorOptions } from '../aggregate/aggregator';
import { Ingest } from './ingest';
import { LineSplitter } from './line-splitter';
import { RECORD_TAG_PREFIX } from './record-format';

export interface ReplayOptions {
  file: string;
  speed: number;
  aggregator?: AggregatorOptions;
}

/** The timestamp of a trace line, if it has one (cheap: no full parse). */
const TS = /\]\s+(?:\S+\s+)?(\d+\.\d+): /;

/** Lines handled per turn of the event loop, so the server stays responsive. */
const BATCH = 5000;

export class Replay extends Ingest {
  private lines: string[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private clock = 0;
  private firstTs: number | undefined;
  private startedAt = 0;

  constructor(private readonly opts: ReplayOptions) {
    super(false, opts.aggregator, true);
    this.status = { ...this.status, state: 'replay', message: `replaying ${opts.file}` };
  }

  async start(): Promise<void> {
    const splitter = new LineSplitter((l) => this.lines.push(l), this.countOverlong);
    splitter.push(await fs.promises.readFile(this.opts.file));
    splitter.end();
    this.startedAt = performance.now();
    this.pump();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
  }

  now(): number {
    return this.clock;
  }

  /** How far the replay has got, for the status line. */
  private progress(): string {
    return `replaying ${this.opts.file} at ${this.opts.speed || 'full'}x speed: ${this.next} of ${this.lines.length} lines`;
  }

  private pump(): void {
    const elapsed = (performance.now() - this.startedAt) / 1000;
    for (let n = 0; n < BATCH && this.next < this.lines.length; n++) {
      const line = this.lines[this.next]!;
      if (line.startsWith(RECORD_TAG_PREFIX)) {
        this.tags.add(line.slice(RECORD_TAG_PREFIX.length).trim());
        this.next++;
        continue;
      }
      const ts = Number(TS.exec(line)?.[1] ?? NaN);
      if (!Number.isNaN(ts)) {
        this.firstTs ??= ts;
        const due = this.opts.speed > 0 ? (ts - this.firstTs) / this.opts.speed : 0;
        if (due > elapsed) {
          this.status = { ...this.status, message: this.progress() };
          this.timer = setTimeout(() => this.pump(), Math.min(1000, (due - elapsed) * 1000));
          return;
        }
        if (ts > this.clock) this.clock = ts;
      }
      this.next++;
      this.onLine(line);
    }
    this.aggregator.advance(this.clock);
    if (this.next < this.lines.length) {
      this.status = { ...this.status, message: this.progress() };
      this.timer = setTimeout(() => this.pump(), 0);
    } else {
      this.status = { ...this.status, message: `replayed ${this.opts.file}: ${this.lines.length} lines` };
      this.lines = [];
    }
  }
}
