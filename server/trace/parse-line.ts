/**
 * trace_pipe line -> event. Pure; never throws.
 *
 * A line is `TASK-TID [CPU] FLAGS TIMESTAMP: bpf_trace_printk: MESSAGE`, where
 * TASK is the kernel's view of the thread name: raw bytes that may hold
 * spaces, dashes, brackets or even a newline (which splits the line), or
 * `<...>` when the name is unknown. So the header is read from its right
 * end, and the process name, pid and tid come from our MESSAGE, whose
 * format bpf/openat.h defines:
 *
 *   odash tag=<hex> sys=<name> pid=<u> tid=<u> uid=<u> flags=0x<hex> ret=<d> comm=<esc> path=<esc> trunc=<0|1>
 *
 * Lines are decoded as latin1 (one char per byte) so any byte survives.
 */
import { SYSCALLS, type Syscall, type TraceEvent } from '../../protocol/event';

export type ParsedLine =
  | { kind: 'event'; event: TraceEvent }
  | { kind: 'lost'; cpu: number; count: number }
  /** Another program's line, or one of ours with a tag not of this session. */
  | { kind: 'foreign' }
  | { kind: 'unparsed'; reason: string };

const PRINTK = ': bpf_trace_printk: ';
const LOST = /^CPU:(\d+) \[LOST (\d+) EVENTS\]$/;
// Right end of the header: "-TID", an optional "(TGID)" column
// (options/record-tgid), "[CPU]", optional irq flags, the timestamp.
const HEADER_TAIL = /-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:\S+\s+)?(\d+(?:\.\d+)?)$/;
const KEYS = ['odash', 'tag=', 'sys=', 'pid=', 'tid=', 'uid=', 'flags=0x', 'ret=', 'comm=', 'path=', 'trunc='];
const DEC = /^\d{1,10}$/;
const SIGNED = /^-?\d{1,19}$/;
const HEX = /^[0-9a-f]{1,16}$/;

const utf8 = new TextDecoder('utf-8');

const unparsed = (reason: string): ParsedLine => ({ kind: 'unparsed', reason });
const FOREIGN: ParsedLine = { kind: 'foreign' };

export function parseLine(line: string, ourTags: ReadonlySet<string>): ParsedLine {
  const at = line.indexOf(PRINTK);
  if (at < 0) {
    const lost = LOST.exec(line);
    if (lost) return { kind: 'lost', cpu: Number(lost[1]), count: Number(lost[2]) };
    // Other tracers' events (sched_switch: …) share the header shape.
    return /\]\s+(?:\S+\s+)?\d+\.\d+: \w+:/.test(line) ? FOREIGN : unparsed('not a trace line');
  }
  if (!line.startsWith('odash ', at + PRINTK.length)) return FOREIGN;
  return parseExact(line, at, ourTags) ?? parseAny(line, at, ourTags);
}

/*
 * The fast path: a line exactly as the kernel side prints it (no tgid
 * column, flags column present, ASCII only), read in one pass and returned
 * as an event only where parseAny would return the same event; anything
 * else gets undefined, and parseAny decides (and says why). charCodeAt on
 * the splitter's sliced strings costs several ns a call, so the line is
 * copied once into a byte buffer (encodeInto: one native call) and read
 * from there, with no regex, split or per-field strings.
 */

const bytes = Buffer.alloc(4096);
const encoder = new TextEncoder();
const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const K_TAG = ascii('tag=');
const K_SYS = ascii(' sys=');
const K_PID = ascii(' pid=');
const K_TID = ascii(' tid=');
const K_UID = ascii(' uid=');
const K_FLAGS = ascii(' flags=0x');
const K_RET = ascii(' ret=');
const K_COMM = ascii(' comm=');
const K_PATH = ascii(' path=');
const K_TRUNC = ascii(' trunc=');

// Second result of the readers below, so they need not allocate.
let num = 0;

/**
 * A field's last value, kept while its bytes repeat (a process opens the
 * same files under the same name over and over). A new value is copied
 * out of the byte buffer into a string of its own: a slice of the line
 * would keep the whole chunk the line came from (up to 1 MB) alive for as
 * long as an event, or the aggregator's last path of a process, holds it.
 */
class LastValue {
  private key = new Uint8Array(0);
  value: string | null = '';

  constructor(private readonly escaped: boolean) {}

  /** The string for bytes[from, to); null when its escapes are bad. */
  read(from: number, to: number): string | null {
    if (!sameBytes(bytes, from, to, this.key)) {
      this.key = new Uint8Array(bytes.subarray(from, to)); // a copy (Buffer#slice is a view)
      const text = bytes.toString('latin1', from, to);
      this.value = this.escaped ? unescape(text) : text;
    }
    return this.value;
  }
}

const lastTag = new LastValue(false);
const lastComm = new LastValue(true);
const lastPath = new LastValue(true);

function parseExact(line: string, at: number, ourTags: ReadonlySet<string>): ParsedLine | undefined {
  if (line.length > bytes.length) return undefined;
  const b = bytes;
  // Only a line of single-byte characters keeps indexes as they are.
  const copied = encoder.encodeInto(line, b);
  if (copied.read !== line.length || copied.written !== line.length) return undefined;

  // Header, from its right end: "-TID  [CPU] FLAGS  SECS.FRAC".
  let i = at - 1;
  let frac = 0;
  let scale = 1;
  while (i >= 0 && isDigit(b[i]!)) {
    frac += (b[i]! - 48) * scale;
    scale *= 10;
    i--;
  }
  const fracDigits = at - 1 - i;
  if (fracDigits === 0 || b[i] !== 0x2e /* . */) return undefined;
  const secEnd = i--;
  let secs = 0;
  let secScale = 1;
  while (i >= 0 && isDigit(b[i]!)) {
    secs += (b[i]! - 48) * secScale;
    secScale *= 10;
    i--;
  }
  // Up to 15 digits the integer below is exact, and one correctly rounded
  // division gives what Number() gives for the decimal text.
  const secDigits = secEnd - 1 - i;
  if (secDigits === 0 || secDigits + fracDigits > 15 || b[i] !== 0x20) return undefined;
  const ts = (secs * scale + frac) / scale;
  while (i >= 0 && b[i] === 0x20) i--;
  const flagsEnd = i;
  while (i >= 0 && b[i]! > 0x20 && b[i]! < 0x7f) i--;
  if (i === flagsEnd || b[i] !== 0x20) return undefined;
  while (i >= 0 && b[i] === 0x20) i--;
  if (b[i] !== 0x5d /* ] */) return undefined;
  const cpuEnd = i--;
  let cpu = 0;
  let cpuScale = 1;
  while (i >= 0 && isDigit(b[i]!)) {
    cpu += (b[i]! - 48) * cpuScale;
    cpuScale *= 10;
    i--;
  }
  if (cpuEnd - 1 - i === 0 || cpuEnd - 1 - i > 15 || b[i] !== 0x5b /* [ */) return undefined;
  i--;
  if (b[i] !== 0x20) return undefined;
  while (i >= 0 && b[i] === 0x20) i--;
  // TID digits after a dash; a ')' here is the tgid column: parseAny.
  const tidEnd = i;
  while (i >= 0 && isDigit(b[i]!)) i--;
  if (i === tidEnd || b[i] !== 0x2d /* - */) return undefined;

  // Message: "odash tag=T sys=S pid=P tid=T uid=U flags=0xF ret=R comm=C path=P trunc=0".
  let p = at + PRINTK.length + 6;
  if (!keyAt(b, p, K_TAG)) return undefined;
  p += K_TAG.length;
  const tagAt = p;
  while (p < line.length && b[p] !== 0x20) p++;
  // Another session's line, or not the usual shape: parseAny decides.
  if (!ourTags.has(lastTag.read(tagAt, p)!)) return undefined;
  if (!keyAt(b, p, K_SYS)) return undefined;
  p += K_SYS.length;
  let syscall: Syscall;
  if (b[p] !== 0x6f || b[p + 1] !== 0x70 || b[p + 2] !== 0x65 || b[p + 3] !== 0x6e) return undefined; // open
  p += 4;
  if (b[p] === 0x61 && b[p + 1] === 0x74) {
    p += 2;
    if (b[p] === 0x32) {
      syscall = 'openat2';
      p++;
    } else {
      syscall = 'openat';
    }
  } else {
    syscall = 'open';
  }

  if (!keyAt(b, p, K_PID) || (p = readDec(b, p + K_PID.length, 10)) < 0) return undefined;
  const pid = num;
  if (!keyAt(b, p, K_TID) || (p = readDec(b, p + K_TID.length, 10)) < 0) return undefined;
  const tid = num;
  if (!keyAt(b, p, K_UID) || (p = readDec(b, p + K_UID.length, 10)) < 0) return undefined;
  const uid = num;
  if (!keyAt(b, p, K_FLAGS) || (p = readHex(b, p + K_FLAGS.length, line)) < 0) return undefined;
  const flags = num;
  if (!keyAt(b, p, K_RET)) return undefined;
  p += K_RET.length;
  const neg = b[p] === 0x2d;
  if ((p = readDec(b, neg ? p + 1 : p, 19, line)) < 0) return undefined;
  const ret = neg ? -num : num;

  if (!keyAt(b, p, K_COMM)) return undefined;
  const commAt = p + K_COMM.length;
  if ((p = escapedEnd(b, commAt, line.length)) < 0) return undefined;
  const comm = lastComm.read(commAt, p);
  if (!keyAt(b, p, K_PATH)) return undefined;
  const pathAt = p + K_PATH.length;
  if ((p = escapedEnd(b, pathAt, line.length)) < 0) return undefined;
  const path = lastPath.read(pathAt, p);
  if (comm === null || path === null) return undefined;
  if (!keyAt(b, p, K_TRUNC) || line.length !== p + K_TRUNC.length + 1) return undefined;
  const trunc = b[p + K_TRUNC.length];
  if (trunc !== 0x30 && trunc !== 0x31) return undefined;

  return {
    kind: 'event',
    event: {
      ts, cpu, pid, tid, comm, uid, flags, ret, errno: ret < 0 ? -ret : 0, path,
      truncated: trunc === 0x31, syscall,
    },
  };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** b holds key at p. Reads past the line are stale bytes, but every key
 *  is followed by a check that the line did not end before it. */
function keyAt(b: Uint8Array, p: number, key: Uint8Array): boolean {
  for (let k = 0; k < key.length; k++) if (b[p + k] !== key[k]) return false;
  return true;
}

function sameBytes(b: Uint8Array, from: number, to: number, other: Uint8Array): boolean {
  if (to - from !== other.length) return false;
  for (let k = 0; k < other.length; k++) if (b[from + k] !== other[k]) return false;
  return true;
}

/** 1 to max decimal digits from p into num; the index after them, or -1.
 *  Up to 15 digits are summed exactly; more go to Number(), as parseAny. */
function readDec(b: Uint8Array, p: number, max: number, line?: string): number {
  const start = p;
  let v = 0;
  while (isDigit(b[p]!)) v = v * 10 + (b[p++]! - 48);
  const n = p - start;
  if (n === 0 || n > max) return -1;
  num = n <= 15 ? v : Number(line!.slice(start, p));
  return p;
}

/** 1 to 16 lowercase hex digits from p into num, as parseInt(…, 16). */
function readHex(b: Uint8Array, p: number, line: string): number {
  const start = p;
  let v = 0;
  for (;;) {
    const c = b[p]!;
    const d = isDigit(c) ? c - 48 : c >= 0x61 && c <= 0x66 ? c - 87 : -1;
    if (d < 0) break;
    v = v * 16 + d;
    p++;
  }
  const n = p - start;
  if (n === 0 || n > 16) return -1;
  // Past 13 digits (52 bits) summing can round twice; parseInt rounds once.
  num = n <= 13 ? v : parseInt(line.slice(start, p), 16);
  return p;
}

/** End of an escaped token (at a space) of '!'..'~' only, or -1. */
function escapedEnd(b: Uint8Array, p: number, end: number): number {
  for (; p < end; p++) {
    const c = b[p]!;
    if (c === 0x20) return p;
    if (c <= 0x20 || c >= 0x7f) return -1;
  }
  return -1;
}

/** The general path: any line with our message, field by field, with the
 *  reason when it is not an event. */
function parseAny(line: string, at: number, ourTags: ReadonlySet<string>): ParsedLine {
  const message = line.slice(at + PRINTK.length);
  const head = HEADER_TAIL.exec(line.slice(0, at));
  if (!head) return unparsed('bad header');

  const tokens = message.split(' ');
  // Another session's line is not ours, whatever shape it has.
  const tagToken = tokens[1] ?? '';
  if (tagToken.startsWith('tag=') && !ourTags.has(tagToken.slice(4))) return FOREIGN;
  if (tokens.length !== KEYS.length) return unparsed('wrong field count');
  const values: string[] = [];
  for (let i = 1; i < KEYS.length; i++) {
    const token = tokens[i]!;
    const key = KEYS[i]!;
    if (!token.startsWith(key)) return unparsed(`expected ${key}`);
    values.push(token.slice(key.length));
  }
  const [, sys, pid, tid, uid, flags, ret, commEsc, pathEsc, trunc] = values as [
    string, string, string, string, string, string, string, string, string, string,
  ];
  if (!(SYSCALLS as readonly string[]).includes(sys)) return unparsed('bad syscall');
  if (!DEC.test(pid) || !DEC.test(tid) || !DEC.test(uid)) return unparsed('bad id');
  if (!HEX.test(flags) || !SIGNED.test(ret)) return unparsed('bad number');
  if (trunc !== '0' && trunc !== '1') return unparsed('bad trunc');
  // Plain tokens come back as they are: slices of the line's whole chunk
  // (see LastValue), so they are copied.
  const comm = unescape(commEsc);
  const path = unescape(pathEsc);
  if (comm === null || path === null) return unparsed('bad escape');

  const retNum = Number(ret);
  return {
    kind: 'event',
    event: {
      ts: Number(head[3]),
      cpu: Number(head[2]),
      pid: Number(pid),
      tid: Number(tid),
      comm: comm === commEsc ? detach(comm) : comm,
      uid: Number(uid),
      flags: parseInt(flags, 16),
      ret: retNum,
      errno: retNum < 0 ? -retNum : 0,
      path: path === pathEsc ? detach(path) : path,
      truncated: trunc === '1',
      syscall: sys as Syscall,
    },
  };
}

/** A copy of a latin1 string that shares no storage with its source. */
const detach = (s: string) => Buffer.from(s, 'latin1').toString('latin1');

/** Undo the kernel side's escaping: `\xNN` for any byte outside '!'..'~'
 *  and for '\'. Anything else is not a line we wrote: null. */
export function unescape(s: string): string | null {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return null;
    if (c === 0x5c) plain = false;
  }
  if (plain) return s;
  const bytes = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      bytes[n++] = c;
      continue;
    }
    if (s[i + 1] !== 'x') return null;
    const hi = hexValue(s.charCodeAt(i + 2));
    const lo = hexValue(s.charCodeAt(i + 3));
    if (hi < 0 || lo < 0) return null;
    bytes[n++] = (hi << 4) | lo;
    i += 3;
  }
  return utf8.decode(bytes.subarray(0, n));
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}
