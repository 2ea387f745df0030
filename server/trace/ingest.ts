/**
 * The ingest core shared by the live tracer and replay: lines -> parser ->
 * aggregator and subscribers, with the counts that make loss visible.
 * Every line is counted as an event, a foreign line or an unparsed one.
 */
import type { TraceEvent } from '../../protocol/event';
import type { Counts, TracerStatus } from '../../protocol/status';
import { Aggregator, type AggregatorOptions } from '../aggregate/aggregator';
import { parseArticleLine } from './parse-article';
import { parseLine } from './parse-line';

const UNPARSED_SAMPLES = 5;

export abstract class Ingest {
  readonly aggregator: Aggregator;
  readonly counts: Counts = {
    lines: 0, events: 0, foreign: 0, unparsed: 0, lost: 0, lostMarkers: 0, overrun: 0, startsFull: 0, exitsMissed: 0,
  };
  status: TracerStatus = {
    state: 'starting', attach: null, attachWhy: null, syscalls: [], restarts: 0, message: null,
    scope: { pid: null, uid: null, comm: null },
  };
  /** The last few lines nobody could parse, to show what they were. */
  readonly unparsedSamples: { line: string; reason: string }[] = [];
  /** Session tags whose lines are ours. */
  protected readonly tags = new Set<string>();
  private readonly subscribers = new Set<(e: TraceEvent) => void>();

  /** live: events come from this machine's kernel now (so /proc means something). */
  constructor(
    readonly live: boolean,
    aggregator: AggregatorOptions | undefined,
    /** Also read the article's BCC lines (`process=… pid=…`), for replays. */
    private readonly acceptArticle = false,
  ) {
    this.aggregator = new Aggregator(aggregator);
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  /** Now on the trace clock (seconds since boot). */
  abstract now(): number;

  subscribe(fn: (e: TraceEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  protected countOverlong = (): void => {
    this.counts.lines++;
    this.counts.unparsed++;
  };

  /** One line in; returns its event, if it was one. */
  protected onLine(line: string): TraceEvent | undefined {
    this.counts.lines++;
    let parsed = parseLine(line, this.tags);
    if (parsed.kind === 'foreign' && this.acceptArticle) parsed = parseArticleLine(line) ?? parsed;
    switch (parsed.kind) {
      case 'event': {
        this.counts.events++;
        this.aggregator.add(parsed.event);
        for (const fn of this.subscribers) fn(parsed.event);
        return parsed.event;
      }
      case 'lost':
        this.counts.lostMarkers += parsed.count;
        this.updateLost();
        return undefined;
      case 'foreign':
        this.counts.foreign++;
        return undefined;
      case 'unparsed':
        this.noteUnparsed(line, parsed.reason);
        return undefined;
    }
  }

  /** A line (counted already) nobody could read, and why. */
  protected noteUnparsed(line: string, reason: string): void {
    this.counts.unparsed++;
    this.unparsedSamples.push({ line: line.slice(0, 300), reason });
    if (this.unparsedSamples.length > UNPARSED_SAMPLES) this.unparsedSamples.shift();
  }

  /** Both counters see the same drops; the larger is the truth so far. */
  protected updateLost(): void {
    // Markers and overrun count the same drops twice over; the BPF side's
    // own are apart from both.
    this.counts.lost = Math.max(this.counts.lostMarkers, this.counts.overrun) + this.counts.startsFull;
  }
}
