/**
 * trace_pipe's foreign lines (other programs' bpf_printk, other tracers'
 * events), kept for the Trace pipe page (GET /api/trace-pipe): the backend
 * is trace_pipe's one reader, so these lines reach their owners nowhere
 * else. The newest are kept, bounded in lines and in bytes, oldest dropped
 * first (and counted).
 *
 * push is on the hot path (another program's flood may bring 100k lines a
 * second): one native copy of the line into a byte ring allocated once,
 * and a few typed-array writes; no allocation, no regex. The copy also
 * lets go of the chunk the line was sliced from (up to 1 MB), which a kept
 * slice would hold alive. Timestamps are read from the header only when a
 * line is asked for, and kept.
 *
 * Lines are latin1 (one char per byte, any byte): they come back as they
 * went in, cut at maxLineLength bytes.
 */
import {
  FOREIGN_KEEP_BYTES, FOREIGN_KEEP_LINES, MAX_FOREIGN_LINE, type ForeignLine, type ForeignLinesAnswer,
} from '../../protocol/views';
import { headerTime } from './trace-header';

export interface ForeignLinesOptions {
  maxLines?: number;
  /** The bytes all kept lines may take together. */
  maxBytes?: number;
  /** Longer lines are cut to this many bytes (and marked). */
  maxLineLength?: number;
}

export interface ForeignQuery {
  /** Lines holding this text, ASCII letters in either case; matched
   *  against the line's bytes as UTF-8 (plain text, never a pattern). */
  q?: string;
  /** Only lines with a greater seq, oldest first; without it, the newest. */
  after?: number;
  limit: number;
}

/** Bytes with ASCII upper case folded to lower case. */
const FOLD = new Uint8Array(256).map((_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));

/** ts cache: not read yet. -1: read, and there is none. */
const UNREAD = -2;
const NONE = -1;

export class ForeignLines {
  readonly maxLines: number;
  readonly maxLineLength: number;
  /** The line bytes, in arrival order, wrapping to the start when the
   *  next line does not fit before the end. */
  private readonly bytes: Buffer;
  /** Per line, at slot (seq - 1) % maxLines. */
  private readonly starts: Uint32Array;
  private readonly lengths: Uint32Array;
  private readonly cuts: Uint8Array;
  private readonly times: Float64Array;
  /** Where the next line's bytes go. */
  private head = 0;
  /** Lines held now: seqs total - held + 1 .. total. */
  private held = 0;
  private pushed = 0;
  private droppedLines = 0;
  /** A folded copy of one line, for searching. */
  private readonly scratch: Buffer;

  constructor({
    maxLines = FOREIGN_KEEP_LINES,
    maxBytes = FOREIGN_KEEP_BYTES,
    maxLineLength = MAX_FOREIGN_LINE,
  }: ForeignLinesOptions = {}) {
    if (!(maxLines >= 1 && maxLineLength >= 1 && maxBytes >= maxLineLength)) {
      throw new Error('ForeignLines needs maxLines >= 1 and maxBytes >= maxLineLength >= 1');
    }
    this.maxLines = maxLines;
    this.maxLineLength = maxLineLength;
    this.bytes = Buffer.alloc(maxBytes);
    this.starts = new Uint32Array(maxLines);
    this.lengths = new Uint32Array(maxLines);
    this.cuts = new Uint8Array(maxLines);
    this.times = new Float64Array(maxLines);
    this.scratch = Buffer.alloc(maxLineLength);
  }

  /** Lines pushed since start. */
  get total(): number {
    return this.pushed;
  }

  /** Lines let go to stay within the bounds. */
  get dropped(): number {
    return this.droppedLines;
  }

  /** Lines held now. */
  get size(): number {
    return this.held;
  }

  /** Bytes the held lines take. */
  get heldBytes(): number {
    let n = 0;
    for (let seq = this.pushed - this.held + 1; seq <= this.pushed; seq++) n += this.lengths[this.slot(seq)]!;
    return n;
  }

  /** One line (latin1), O(1). */
  push(line: string): void {
    const cut = line.length > this.maxLineLength;
    const n = cut ? this.maxLineLength : line.length;
    let pos = this.head;
    if (pos + n > this.bytes.length) {
      // No room before the end: the oldest lines from here on go (the
      // rest of the end stays unused this round), the line goes first.
      while (this.held > 0 && this.starts[this.oldestSlot()]! >= pos) this.dropOldest();
      pos = 0;
    }
    // Starts ascend from the oldest line to the wrap: the oldest lines
    // that start in [pos, pos + n) or reach into it are all there are.
    while (this.held > 0) {
      const s = this.oldestSlot();
      const start = this.starts[s]!;
      const overlaps = start < pos + n && start + Math.max(this.lengths[s]!, 1) > pos;
      if (!overlaps && this.held < this.maxLines) break;
      this.dropOldest();
    }
    this.bytes.write(line, pos, n, 'latin1');
    this.pushed++;
    this.held++;
    const slot = this.slot(this.pushed);
    this.starts[slot] = pos;
    this.lengths[slot] = n;
    this.cuts[slot] = cut ? 1 : 0;
    this.times[slot] = UNREAD;
    this.head = pos + n;
  }

  /**
   * Held lines with seq > after (oldest first, the first `limit` of them),
   * or without `after` the newest `limit` (oldest first); only those
   * matching q when it is given.
   */
  query({ q, after, limit }: ForeignQuery): ForeignLinesAnswer {
    const first = this.pushed - this.held + 1;
    const needle = q ? foldedNeedle(q) : null;
    const lines: ForeignLine[] = [];
    const take = (seq: number) => {
      if (needle === null || this.matches(this.slot(seq), needle)) lines.push(this.read(seq));
    };
    if (after !== undefined) {
      for (let seq = Math.max(Math.floor(after) + 1, first); seq <= this.pushed && lines.length < limit; seq++) take(seq);
    } else {
      for (let seq = this.pushed; seq >= first && lines.length < limit; seq--) take(seq);
      lines.reverse();
    }
    return {
      lines,
      next: lines.length > 0 ? lines[lines.length - 1]!.seq : Math.max(0, after ?? 0),
      dropped: this.droppedLines,
      total: this.pushed,
    };
  }

  private slot(seq: number): number {
    return (seq - 1) % this.maxLines;
  }

  private oldestSlot(): number {
    return this.slot(this.pushed - this.held + 1);
  }

  private dropOldest(): void {
    this.held--;
    this.droppedLines++;
  }

  private read(seq: number): ForeignLine {
    const slot = this.slot(seq);
    const start = this.starts[slot]!;
    const line = this.bytes.toString('latin1', start, start + this.lengths[slot]!);
    let ts = this.times[slot]!;
    if (ts === UNREAD) ts = this.times[slot] = headerTime(line) ?? NONE;
    const out: ForeignLine = { seq, ts: ts === NONE ? null : ts, line };
    if (this.cuts[slot]) out.cut = true;
    return out;
  }

  private matches(slot: number, needle: Needle): boolean {
    const start = this.starts[slot]!;
    const n = this.lengths[slot]!;
    if (needle.bytes.length > n) return false;
    if (!needle.letters) return this.bytes.subarray(start, start + n).indexOf(needle.bytes) >= 0;
    const folded = this.scratch;
    const b = this.bytes;
    for (let i = 0; i < n; i++) folded[i] = FOLD[b[start + i]!]!;
    return folded.subarray(0, n).indexOf(needle.bytes) >= 0;
  }
}

interface Needle {
  bytes: Buffer;
  /** It holds ASCII letters: lines are folded before the search. */
  letters: boolean;
}

function foldedNeedle(q: string): Needle {
  const bytes = Buffer.from(q, 'utf8');
  let letters = false;
  for (let i = 0; i < bytes.length; i++) {
    const f = FOLD[bytes[i]!]!;
    if (f >= 0x61 && f <= 0x7a) letters = true;
    bytes[i] = f;
  }
  return { bytes, letters };
}
