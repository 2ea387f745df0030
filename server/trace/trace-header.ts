/**
 * The trace_pipe line header, read one way for every reader of the pipe:
 *
 *   TASK-TID [(TGID)] [CPU] [FLAGS] TIMESTAMP: MESSAGE
 *
 * TASK is the kernel's raw thread name (`%16s`: any bytes, spaces, dashes,
 * brackets, a header of its own, a newline that splits the line; `<...>`
 * when unknown), so the header is read backward from the `: ` ending it.
 * The (TGID) column comes with options/record-tgid, the irq-flags column
 * goes with options/irq-info off, and counter clocks print the timestamp
 * without a fraction.
 *
 * Every part right of TASK is bounded (MAX), so a header's tail is at
 * most MAX_TAIL bytes: whatever the line holds, a read looks at no more.
 * Lines are latin1 (one char per byte, as the splitter makes them).
 */

export interface TraceHeader {
  tid: number;
  cpu: number;
  /** Seconds since boot, as written: isTraceTime says if a clock reads it. */
  ts: number;
  /** The index of the dash after TASK. */
  dash: number;
  /** The index after the header's `: `. */
  messageAt: number;
}

/** The end of a bpf_printk line's header, and the start of its message. */
export const PRINTK = ': bpf_trace_printk: ';

/**
 * The trace clock counts seconds since boot: 2^32 of them is 136 years.
 * A line claiming more is no line of a kernel, and per-second history
 * cannot follow it (past 2^53, t + 1 === t).
 */
export const MAX_TRACE_SECONDS = 2 ** 32;

export function isTraceTime(ts: number): boolean {
  return Number.isFinite(ts) && ts >= 0 && ts < MAX_TRACE_SECONDS;
}

/** Widths past any the kernel prints (`%-7d ` pids, `%03d` CPUs, 5 flag
 *  chars, `%5lu.%06lu` times); secs takes a `%llu` counter's 20 digits,
 *  so that a time no trace clock reads is read, and refused by name. */
const MAX = { tid: 10, spaces: 8, tgid: 10, cpu: 6, flags: 8, secs: 20, frac: 9 } as const;
const MAX_TAIL =
  1 + MAX.tid + MAX.spaces + (2 + MAX.spaces + MAX.tgid + MAX.spaces) + (2 + MAX.cpu) + MAX.spaces +
  (MAX.flags + MAX.spaces) + (MAX.secs + 1 + MAX.frac);
/** `%16s` pads TASK to 16 bytes; 24 leaves room for a kernel printing more. */
const MAX_TASK = 24;

const SP = 0x20;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The index left of the spaces ending at i, low at the least. */
function skipSpaces(b: Buffer, i: number, low: number): number {
  while (i >= low && b[i] === SP) i--;
  return i;
}

/**
 * The header whose `: ` is at b[end], into out (the hot path's twin of
 * readHeader: no allocation); false when there is none, out then unusable.
 * Reads no further back than MAX_TAIL bytes.
 */
export function readHeaderBytes(b: Buffer, end: number, out: TraceHeader): boolean {
  if (b[end] !== 0x3a || b[end + 1] !== SP) return false;
  const low = Math.max(0, end - MAX_TAIL);
  // The timestamp, right to left: FRAC and a dot, or none; SECS.
  let i = end - 1;
  let secs = 0;
  let scale = 1;
  while (i >= low && isDigit(b[i]!)) {
    secs += (b[i]! - 48) * scale;
    scale *= 10;
    i--;
  }
  let frac = 0;
  let fracScale = 1;
  let fracDigits = 0;
  if (b[i] === 0x2e /* . */) {
    fracDigits = end - 1 - i;
    if (fracDigits === 0 || fracDigits > MAX.frac) return false;
    frac = secs;
    fracScale = scale;
    i--;
    secs = 0;
    scale = 1;
    while (i >= low && isDigit(b[i]!)) {
      secs += (b[i]! - 48) * scale;
      scale *= 10;
      i--;
    }
  }
  const secDigits = end - 1 - i - (fracDigits > 0 ? fracDigits + 1 : 0);
  if (secDigits === 0 || secDigits > MAX.secs) return false;
  // Up to 15 digits the integer below is exact, and one correctly rounded
  // division gives what Number() gives for the decimal text.
  const ts =
    secDigits + fracDigits <= 15 ? (secs * fracScale + frac) / fracScale : Number(b.toString('latin1', i + 1, end));
  let j = skipSpaces(b, i, low);
  if (i - j < 1 || i - j > MAX.spaces) return false;
  i = j;
  // No flags column, or a flags token: a `]` may end either.
  if (!(b[i] === 0x5d && readCpuTid(b, i, low, out))) {
    const flagsEnd = i;
    while (i >= low && b[i]! > SP && b[i]! < 0x7f) i--;
    if (flagsEnd - i > MAX.flags) return false;
    j = skipSpaces(b, i, low);
    if (i === flagsEnd || i - j < 1 || i - j > MAX.spaces || !readCpuTid(b, j, low, out)) return false;
  }
  out.ts = ts;
  out.messageAt = end + 2;
  return true;
}

/** `-TID [(TGID)] [CPU]` ending at b[i], into out. */
function readCpuTid(b: Buffer, i: number, low: number, out: TraceHeader): boolean {
  if (b[i] !== 0x5d /* ] */) return false;
  const cpuEnd = i--;
  let cpu = 0;
  let scale = 1;
  while (i >= low && isDigit(b[i]!)) {
    cpu += (b[i]! - 48) * scale;
    scale *= 10;
    i--;
  }
  if (cpuEnd - 1 - i < 1 || cpuEnd - 1 - i > MAX.cpu || b[i] !== 0x5b /* [ */) return false;
  let j = skipSpaces(b, --i, low);
  if (i - j < 1 || i - j > MAX.spaces) return false;
  i = j;
  if (b[i] === 0x29 /* ) */) {
    // The tgid: digits, or dashes when unknown, right-aligned in the column.
    const tgidEnd = i--;
    while (i >= low && (isDigit(b[i]!) || b[i] === 0x2d)) i--;
    j = skipSpaces(b, i, low);
    if (i === tgidEnd - 1 || tgidEnd - 1 - i > MAX.tgid || i - j > MAX.spaces || b[j] !== 0x28 /* ( */) return false;
    i = skipSpaces(b, j - 1, low);
    if (j - 1 - i < 1 || j - 1 - i > MAX.spaces) return false;
  }
  const tidEnd = i;
  let tid = 0;
  scale = 1;
  while (i >= low && isDigit(b[i]!)) {
    tid += (b[i]! - 48) * scale;
    scale *= 10;
    i--;
  }
  if (i === tidEnd || tidEnd - i > MAX.tid || b[i] !== 0x2d /* - */) return false;
  out.cpu = cpu;
  out.tid = tid;
  out.dash = i;
  return true;
}

/** Where the string readers copy the bytes they read: written anew by
 *  each call, so nothing carries from one call to the next. */
const scratch = Buffer.alloc(MAX_TASK + MAX_TAIL + 2);
const found: TraceHeader = { tid: 0, cpu: 0, ts: 0, dash: 0, messageAt: 0 };

const copy = (h: TraceHeader, shift: number): TraceHeader => ({
  tid: h.tid, cpu: h.cpu, ts: h.ts, dash: h.dash + shift, messageAt: h.messageAt + shift,
});

/** The header whose `: ` is at line[end] (a known end: bpf_printk's
 *  marker); TASK may be as long as it is. */
export function readHeader(line: string, end: number): TraceHeader | null {
  if (end < 0 || end + 2 > line.length) return null;
  const from = Math.max(0, end - MAX_TAIL);
  scratch.write(line.slice(from, end + 2), 'latin1');
  return readHeaderBytes(scratch, end - from, found) ? copy(found, from) : null;
}

/**
 * The header at a line's start, where its end is not known (another
 * program's message may hold anything, a header too). TASK fits in
 * MAX_TASK bytes, so of the `: ` within reach the first behind the
 * rightmost such dash wins: a fake header inside the name loses, and so
 * does a message starting with a number (irq flags off: `-1 [0] 5.0: 6.0: `).
 */
export function findHeader(line: string): TraceHeader | null {
  const reach = MAX_TASK + MAX_TAIL;
  let copied = false;
  let best: TraceHeader | null = null;
  for (let e = line.indexOf(': '); e >= 0 && e <= reach; e = line.indexOf(': ', e + 1)) {
    // A timestamp's last digit before it, or no header ends here.
    if (!isDigit(line.charCodeAt(e - 1))) continue;
    if (!copied) {
      scratch.write(line, 0, reach + 2, 'latin1');
      copied = true;
    }
    if (!readHeaderBytes(scratch, e, found) || found.dash > MAX_TASK || (best && found.dash <= best.dash)) continue;
    best = copy(found, 0);
  }
  return best;
}

/** The trace timestamp in a line's header; null when it has none. */
export function headerTime(line: string): number | null {
  const ts = findHeader(line)?.ts;
  return ts !== undefined && isTraceTime(ts) ? ts : null;
}

const LOST = /^CPU:(\d{1,6}) \[LOST (\d{1,20}) EVENTS\]$/;

/** The kernel's marker for events it dropped: `CPU:n [LOST m EVENTS]`. */
export function lostLine(line: string): { cpu: number; count: number } | null {
  const m = line.startsWith('CPU:') ? LOST.exec(line) : null;
  return m && { cpu: Number(m[1]), count: Number(m[2]) };
}
