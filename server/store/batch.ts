/**
 * Events as the store takes them in: a column of numbers per field, and
 * for the texts each distinct text of the batch once, with an index per
 * row. Built where events are numbered (store-client.ts, on the main
 * thread) and sent to the store's thread with its buffers transferred: no
 * copy and no object per event crosses, where a structured clone of the
 * events cost about 3 µs an event on each side. appender.ts appends it
 * column by column. Pure.
 */
import { fileOf, type StoredEvent } from '../../protocol/event';
import { EVENT_TABLE, fitsColumn, syscallCode, type TextField } from './schema';

/** The number columns and the text columns, each in schema.ts's order. */
export const NUMBER_FIELDS = EVENT_TABLE.filter((c) => !c.text).map((c) => c.field);
export const TEXT_FIELDS = EVENT_TABLE.filter((c) => c.text).map((c) => c.field as TextField);

export interface EventBatch {
  rows: number;
  /** Column c of NUMBER_FIELDS at [c * stride, c * stride + rows). */
  numbers: Float64Array<ArrayBuffer>;
  /** Column t of TEXT_FIELDS likewise, each an index into texts. */
  refs: Uint32Array<ArrayBuffer>;
  stride: number;
  texts: string[];
  /** The oldest and newest timestamp in it. */
  firstTs: number;
  lastTs: number;
}

/** Each number column, in NUMBER_FIELDS' order. */
const NUMBER_COLUMNS = EVENT_TABLE.filter((c) => !c.text);

/** The batch without the rows a column cannot hold (a hand-made
 *  recording's pid past 32 bits, say), each refused alone: DuckDB would
 *  refuse the whole chunk for one of them. `problem`: the first one's. */
export function withoutBadRows(b: EventBatch): { batch: EventBatch; refused: number; problem: string | null } {
  let bad: Set<number> | undefined;
  let problem: string | null = null;
  let problemRow = Infinity;
  NUMBER_COLUMNS.forEach((r, c) => {
    const at = c * b.stride;
    for (let i = 0; i < b.rows; i++) {
      const x = b.numbers[at + i]!;
      if (fitsColumn(r.type, x)) continue;
      (bad ??= new Set()).add(i);
      if (i < problemRow) {
        problemRow = i;
        problem = `${r.field} ${x} does not fit its column (${r.type})`;
      }
    }
  });
  if (!bad) return { batch: b, refused: 0, problem };
  const refused = bad;
  const kept = [...Array(b.rows).keys()].filter((i) => !refused.has(i));
  const numbers = new Float64Array(NUMBER_FIELDS.length * kept.length);
  const refs = new Uint32Array(TEXT_FIELDS.length * kept.length);
  kept.forEach((row, k) => {
    for (let c = 0; c < NUMBER_FIELDS.length; c++) numbers[c * kept.length + k] = b.numbers[c * b.stride + row]!;
    for (let t = 0; t < TEXT_FIELDS.length; t++) refs[t * kept.length + k] = b.refs[t * b.stride + row]!;
  });
  return { batch: { ...b, rows: kept.length, numbers, refs, stride: kept.length }, refused: bad.size, problem };
}

/** Buffers kept for reuse at most (a batch's pair is 340 KB). */
const SPARES = 8;

export class BatchBuilder {
  private batch: EventBatch;
  private index = new Map<string, number>();
  /** Buffers of batches already appended, sent back for the next ones:
   *  a burst would otherwise make 14 MB of garbage a second. */
  private spares: [ArrayBuffer, ArrayBuffer][] = [];

  constructor(private readonly capacity: number) {
    this.batch = this.empty();
  }

  get rows(): number {
    return this.batch.rows;
  }

  get full(): boolean {
    return this.batch.rows >= this.capacity;
  }

  /** Adds the event (the caller takes the batch once it is full). */
  add(e: StoredEvent): void {
    const b = this.batch;
    const i = b.rows++;
    const n = b.numbers;
    const s = b.stride;
    n[i] = e.seq;
    n[s + i] = e.ts;
    n[2 * s + i] = e.cpu;
    n[3 * s + i] = e.pid;
    n[4 * s + i] = e.uid;
    n[5 * s + i] = (e.euid ^ e.uid) >>> 0; // schema.ts: euid_xor_uid
    n[6 * s + i] = e.flags;
    n[7 * s + i] = e.ret;
    n[8 * s + i] = e.errno;
    n[9 * s + i] = syscallCode(e.syscall);
    n[10 * s + i] = e.truncated ? 1 : 0;
    n[11 * s + i] = e.origin === 'article' ? 1 : 0;
    n[12 * s + i] = e.fullTruncated ? 1 : 0;
    n[13 * s + i] = e.own ? 1 : 0;
    n[14 * s + i] = e.durationNs;
    n[15 * s + i] = e.cgroupId;
    n[16 * s + i] = e.start;
    n[17 * s + i] = e.tid - e.pid; // schema.ts: tid_minus_pid
    const r = b.refs;
    const file = fileOf(e);
    r[i] = this.text(e.comm);
    // '' (id 0) for a name that is the file itself, as most are: a column
    // of zeros takes next to no room (schema.ts).
    r[s + i] = this.text(e.path === file ? '' : e.path);
    r[2 * s + i] = this.text(file);
    r[3 * s + i] = this.text(e.exe);
    r[4 * s + i] = this.text(e.user);
    r[5 * s + i] = this.text(e.cgroup);
    r[6 * s + i] = this.text(e.unit);
    r[7 * s + i] = this.text(e.container);
    if (e.ts < b.firstTs) b.firstTs = e.ts;
    if (e.ts > b.lastTs) b.lastTs = e.ts;
  }

  /** The batch so far (null when empty); the builder starts a new one. A
   *  batch less than half full is copied out at its size and the buffers
   *  kept: a quiet host sends a few events every 50 ms, and new buffers
   *  for each would be 340 KB of garbage every time. */
  take(): EventBatch | null {
    const b = this.batch;
    if (b.rows === 0) return null;
    this.index = new Map();
    if (b.rows * 2 > this.capacity) {
      this.batch = this.empty();
      return b;
    }
    const numbers = new Float64Array(NUMBER_FIELDS.length * b.rows);
    for (let c = 0; c < NUMBER_FIELDS.length; c++) numbers.set(b.numbers.subarray(c * b.stride, c * b.stride + b.rows), c * b.rows);
    const refs = new Uint32Array(TEXT_FIELDS.length * b.rows);
    for (let t = 0; t < TEXT_FIELDS.length; t++) refs.set(b.refs.subarray(t * b.stride, t * b.stride + b.rows), t * b.rows);
    const out = { ...b, numbers, refs, stride: b.rows };
    this.batch = { ...b, rows: 0, texts: [], firstTs: Infinity, lastTs: -Infinity };
    return out;
  }

  private text(t: string): number {
    let k = this.index.get(t);
    if (k === undefined) {
      k = this.batch.texts.push(t) - 1;
      this.index.set(t, k);
    }
    return k;
  }

  /** A batch's buffers, free again (what is in them is never read). */
  recycle(numbers: ArrayBuffer, refs: ArrayBuffer): void {
    const fits =
      numbers.byteLength === NUMBER_FIELDS.length * this.capacity * 8 && refs.byteLength === TEXT_FIELDS.length * this.capacity * 4;
    if (fits && this.spares.length < SPARES) this.spares.push([numbers, refs]);
  }

  private empty(): EventBatch {
    const spare = this.spares.pop();
    return {
      rows: 0,
      numbers: spare ? new Float64Array(spare[0]) : new Float64Array(NUMBER_FIELDS.length * this.capacity),
      refs: spare ? new Uint32Array(spare[1]) : new Uint32Array(TEXT_FIELDS.length * this.capacity),
      stride: this.capacity,
      texts: [],
      firstTs: Infinity,
      lastTs: -Infinity,
    };
  }
}
