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
 *   odash tag=<hex> sys=<name> pid=<u> tid=<u> uid=<u> euid=<u> flags=0x<hex> ret=<d> comm=<esc> path=<esc> trunc=<0|1>
 *
 * Lines of versions before euid (recordings) have no `euid=`: the general
 * path reads them, with euid taken as uid.
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
const KEYS = ['odash', 'tag=', 'sys=', 'pid=', 'tid=', 'uid=', 'euid=', 'flags=0x', 'ret=', 'comm=', 'path=', 'trunc='];
const DEC = /^\d{1,10}$/;
const SIGNED = /^-?\d{1,19}$/;
const HEX = /^[0-9a-f]{1,16}$/;

const utf8 = new TextDecoder('utf-8');

/**
 * The trace clock counts seconds since boot: 2^32 of them is 136 years.
 * A line claiming more is no line of a kernel, and per-second history
 * cannot follow it (past 2^53, t + 1 === t).
 */
export const MAX_TRACE_SECONDS = 2 ** 32;

export function isTraceTime(ts: number): boolean {
  return Number.isFinite(ts) && ts >= 0 && ts < MAX_TRACE_SECONDS;
}

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
  // The fast path's regex starts with "odash ": no need to look twice.
  const fast = parseExact(line, at, ourTags);
  if (fast) return fast;
  if (!line.startsWith('odash ', at + PRINTK.length)) return FOREIGN;
  return parseAny(line, at, ourTags);
}

/*
 * The fast path: a line exactly as the kernel side prints it (no tgid
 * column, flags column present, spaces between fields), read in one pass
 * and returned as an event only where parseAny would return the same
 * event; anything else gets undefined, and parseAny decides (and says
 * why). charCodeAt on the splitter's sliced strings costs several ns a
 * call, so the line is copied once into a byte buffer (encodeInto: one
 * native call) and read from there, with no split and no per-field strings.
 */

const bytes = Buffer.alloc(4096);
const encoder = new TextEncoder();

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
  private readonly key = new Uint8Array(bytes.length);
  private keyLength = -1;
  private value: string | null = null;

  /** The unescaped string for bytes[from, to); null when an escape is bad. */
  read(from: number, to: number): string | null {
    const n = to - from;
    const key = this.key;
    const b = bytes;
    let same = n === this.keyLength;
    for (let k = 0; same && k < n; k++) same = key[k] === b[from + k];
    if (!same) {
      for (let k = 0; k < n; k++) key[k] = b[from + k]!;
      this.keyLength = n;
      const text = bytes.toString('latin1', from, to);
      this.value = text.includes('\\') ? unescape(text) : text;
    }
    return this.value;
  }
}

const lastComm = new LastValue();
const lastPath = new LastValue();

function parseExact(line: string, at: number, ourTags: ReadonlySet<string>): ParsedLine | undefined {
  // Message: "odash tag=T sys=S pid=P tid=T uid=U euid=E flags=0xF ret=R comm=C path=P trunc=0".
  // One sticky regex checks all of it (native code: far cheaper than a
  // check per byte in JS); its values are read further down, unchecked.
  const msgAt = at + PRINTK.length;
  const tag = messageShape(line, msgAt, ourTags);
  if (tag === undefined || line.length > bytes.length) return undefined;
  const b = bytes;
  const copied = encoder.encodeInto(line, b);
  if (copied.read !== line.length) return undefined;
  // Characters past 0x7f take two bytes; from `at` on an event is ASCII
  // (the regex made sure), so these all sit in the task name, and byte
  // indexes from the header's tail on are char indexes + shift.
  const shift = copied.written - line.length;
  const bat = at + shift;

  // Header, from its right end: "-TID  [CPU] FLAGS  SECS.FRAC".
  let i = bat - 1;
  let frac = 0;
  let scale = 1;
  while (i >= 0 && isDigit(b[i]!)) {
    frac += (b[i]! - 48) * scale;
    scale *= 10;
    i--;
  }
  const fracDigits = bat - 1 - i;
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
  if (ts >= MAX_TRACE_SECONDS) return undefined; // parseAny says why
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

  let p = msgAt + shift + 'odash tag= sys='.length + tag.length;
  let syscall: Syscall;
  if (b[p + 4] === 0x20) {
    syscall = 'open';
    p += 4;
  } else if (b[p + 6] === 0x32) {
    syscall = 'openat2';
    p += 7;
  } else {
    syscall = 'openat';
    p += 6;
  }
  p = readDec(b, p + ' pid='.length);
  const pid = num;
  p = readDec(b, p + ' tid='.length);
  const tid = num;
  p = readDec(b, p + ' uid='.length);
  const uid = num;
  p = readDec(b, p + ' euid='.length);
  const euid = num;
  p = readHex(b, p + ' flags=0x'.length);
  const flags = num;
  p += ' ret='.length;
  const neg = b[p] === 0x2d;
  p = readDec(b, neg ? p + 1 : p);
  const ret = neg ? -num : num;
  const commAt = p + ' comm='.length;
  for (p = commAt; b[p] !== 0x20; p++);
  const comm = lastComm.read(commAt, p);
  const end = copied.written;
  const path = lastPath.read(p + ' path='.length, end - ' trunc=0'.length);
  if (comm === null || path === null) return undefined;

  return {
    kind: 'event',
    event: {
      ts, cpu, pid, tid, comm, uid, euid, flags, ret, errno: ret < 0 ? -ret : 0, path,
      truncated: b[end - 1] === 0x31, syscall,
    },
  };
}

/** The message regex for one tag, and that tag. */
let shape: RegExp | undefined;
let shapeTag = '';

/**
 * The tag, when the message from msgAt has exactly our shape with one of
 * ourTags; else undefined. Digit counts are capped where sums stay exact
 * (longer numbers, tags not of hex digits: parseAny). The regex holds the
 * tag, so it is built again when lines of another of our tags come.
 */
function messageShape(line: string, msgAt: number, ourTags: ReadonlySet<string>): string | undefined {
  if (shape && ourTags.has(shapeTag)) {
    shape.lastIndex = msgAt;
    if (shape.test(line)) return shapeTag;
  }
  const tagAt = msgAt + 'odash tag='.length;
  if (!line.startsWith('tag=', msgAt + 'odash '.length)) return undefined;
  const end = line.indexOf(' ', tagAt);
  const tag = line.slice(tagAt, end < 0 ? line.length : end);
  if (tag === shapeTag || !/^[0-9a-f]{1,16}$/.test(tag) || !ourTags.has(tag)) return undefined;
  shapeTag = tag;
  shape = new RegExp(
    `odash tag=${tag} sys=(?:openat|open|openat2) pid=\\d{1,10} tid=\\d{1,10} uid=\\d{1,10} euid=\\d{1,10} ` +
      'flags=0x[0-9a-f]{1,13} ret=-?\\d{1,15} comm=[!-~]* path=[!-~]* trunc=[01]$',
    'y',
  );
  shape.lastIndex = msgAt;
  return shape.test(line) ? tag : undefined;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Decimal digits from p into num (the regex capped them at 15: exact);
 *  the index after them. */
function readDec(b: Uint8Array, p: number): number {
  let v = 0;
  while (isDigit(b[p]!)) v = v * 10 + (b[p++]! - 48);
  num = v;
  return p;
}

/** Lowercase hex digits from p into num (capped at 13: 52 bits, exact). */
function readHex(b: Uint8Array, p: number): number {
  let v = 0;
  for (;;) {
    const c = b[p]!;
    if (isDigit(c)) v = v * 16 + (c - 48);
    else if (c >= 0x61 && c <= 0x66) v = v * 16 + (c - 87);
    else break;
    p++;
  }
  num = v;
  return p;
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
  const ts = Number(head[3]);
  if (!isTraceTime(ts)) return unparsed('bad timestamp');
  // A line of a version before euid: its effective uid is taken as the real one.
  if (tokens.length === KEYS.length - 1 && tokens[5]?.startsWith('uid=')) tokens.splice(6, 0, `e${tokens[5]}`);
  if (tokens.length !== KEYS.length) return unparsed('wrong field count');
  const values: string[] = [];
  for (let i = 1; i < KEYS.length; i++) {
    const token = tokens[i]!;
    const key = KEYS[i]!;
    if (!token.startsWith(key)) return unparsed(`expected ${key}`);
    values.push(token.slice(key.length));
  }
  const [, sys, pid, tid, uid, euid, flags, ret, commEsc, pathEsc, trunc] = values as [
    string, string, string, string, string, string, string, string, string, string, string,
  ];
  if (!(SYSCALLS as readonly string[]).includes(sys)) return unparsed('bad syscall');
  if (!DEC.test(pid) || !DEC.test(tid) || !DEC.test(uid) || !DEC.test(euid)) return unparsed('bad id');
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
      ts,
      cpu: Number(head[2]),
      pid: Number(pid),
      tid: Number(tid),
      comm: comm === commEsc ? detach(comm) : comm,
      uid: Number(uid),
      euid: Number(euid),
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
