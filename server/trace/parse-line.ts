/**
 * trace_pipe line -> record. Pure; never throws.
 *
 * A line is `HEADER: bpf_trace_printk: MESSAGE`; trace-header.ts reads the
 * header. Its task name is the kernel's raw view of the thread name, so
 * the process name and pid come from our MESSAGE, one of the records
 * line-format.ts defines. The records of one open (a `full` then
 * its `event`) are joined by the pipeline (assemble.ts), not here.
 *
 * Lines are decoded as latin1 (one char per byte) so any byte survives.
 */
import { SYSCALLS, UNATTRIBUTED, type Syscall, type TraceEvent } from '../../protocol/event';
import {
  EVENT_BITS, FULL_KINDS, LEGACY_EVENTS, LEGACY_RECORDS, LIMITS, MAGIC, RECORDS, USER_HZ, messageRegex, type FullKind,
  type RecordFormat,
} from './line-format';
import { PRINTK, findHeader, isTraceTime, lostLine, readHeader, readHeaderBytes, type TraceHeader } from './trace-header';

export interface FullRecord {
  /** file: the opened file; dir: the directory a failed relative name
   *  was relative to. */
  kind: FullKind;
  path: string;
  truncated: boolean;
}

export interface ExecRecord {
  ts: number;
  pid: number;
  ppid: number;
  /** When the process started, seconds since boot (0: an old recording's
   *  record, without it). */
  start: number;
  cgroupId: number;
  exe: string;
  args: string[];
  truncated: boolean;
}

export type ParsedLine =
  /** `full`: a full record for this open came just before it. */
  | { kind: 'event'; event: TraceEvent; full: boolean }
  | { kind: 'full'; tid: number; full: FullRecord }
  | { kind: 'exec'; exec: ExecRecord }
  | { kind: 'fork'; ts: number; pid: number; ppid: number; start: number }
  | { kind: 'lost'; cpu: number; count: number }
  /** Another program's line, or one of ours with a tag not of this session. */
  | { kind: 'foreign' }
  | { kind: 'unparsed'; reason: string };

const DEC = /^\d{1,10}$/;
const SIGNED = /^-?\d{1,19}$/;
const HEX = /^[0-9a-f]{1,16}$/;
const MESSAGE_START = `${MAGIC} tag=`;

const utf8 = new TextDecoder('utf-8');

const EVENT_NAME = /^\w+:/;

const unparsed = (reason: string): ParsedLine => ({ kind: 'unparsed', reason });
const FOREIGN: ParsedLine = { kind: 'foreign' };

export function parseLine(line: string, ourTags: ReadonlySet<string>): ParsedLine {
  const at = line.indexOf(PRINTK);
  if (at < 0) {
    const lost = lostLine(line);
    if (lost) return { kind: 'lost', ...lost };
    // Other tracers' events (sched_switch: …): a header, then the event's name.
    const head = findHeader(line);
    return head && EVENT_NAME.test(line.slice(head.messageAt)) ? FOREIGN : unparsed('not a trace line');
  }
  const fast = parseExact(line, at, ourTags);
  if (fast) return fast;
  if (!line.startsWith(`${MAGIC} `, at + PRINTK.length)) return FOREIGN;
  return parseAny(line, at, ourTags);
}

/*
 * The fast path: an event record exactly as the kernel side prints it
 * now, read in one pass and returned only where parseAny would return the
 * same event; anything else gets undefined, and parseAny decides (and
 * says why).
 * charCodeAt on the splitter's sliced strings costs several ns a call, so
 * the line is copied once into a byte buffer (encodeInto: one native
 * call) and read from there, with no split and no per-field strings.
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
 * long as an event holds it.
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

const EVENT_FIELDS = RECORDS.event.fields;
/** Per event field: its number, or its string (esc and word fields). */
const nums = new Float64Array(EVENT_FIELDS.length);
const strs: (string | null)[] = EVENT_FIELDS.map(() => null);
// Words too: the same few values, read without a new string each line.
const lastValues = EVENT_FIELDS.map((f) => (f.kind === 'esc' || f.kind === 'word' ? new LastValue() : null));
const fieldIndex = (key: string) => EVENT_FIELDS.findIndex((f) => f.key === key);
const F = {
  sys: fieldIndex('sys'), pid: fieldIndex('pid'), uid: fieldIndex('uid'), euid: fieldIndex('euid'),
  flags: fieldIndex('flags'), ret: fieldIndex('ret'), dur: fieldIndex('dur'), cg: fieldIndex('cg'),
  comm: fieldIndex('comm'), path: fieldIndex('path'), bits: fieldIndex('bits'),
};

function parseExact(line: string, at: number, ourTags: ReadonlySet<string>): ParsedLine | undefined {
  // One sticky regex (built from the field list) checks the whole message
  // (native code: far cheaper than a check per byte in JS); its values are
  // read further down, unchecked.
  const msgAt = at + PRINTK.length;
  const tag = eventShape(line, msgAt, ourTags);
  if (tag === undefined || line.length > bytes.length) return undefined;
  const b = bytes;
  const copied = encoder.encodeInto(line, b);
  if (copied.read !== line.length || copied.written >= b.length) return undefined;
  // The buffer holds older lines past this one: a stop byte, so that the
  // readers below end at the line's end.
  b[copied.written] = 0;
  // Characters past 0x7f take two bytes; from `at` on an event is ASCII
  // (the regex made sure), and so is a header's tail (its reader takes no
  // other byte), so these all sit in the task name, and byte indexes from
  // the header's tail on are char indexes + shift.
  const shift = copied.written - line.length;
  if (!readHeaderBytes(b, at + shift, header) || !isTraceTime(header.ts)) return undefined;

  let p = msgAt + shift + MESSAGE_START.length + tag.length;
  for (let f = 0; f < EVENT_FIELDS.length; f++) {
    const field = EVENT_FIELDS[f]!;
    p += 2 + field.key.length; // " key="
    switch (field.kind) {
      case 'dec':
        p = readDec(b, p);
        nums[f] = num;
        break;
      case 'signed': {
        const neg = b[p] === 0x2d;
        p = readDec(b, neg ? p + 1 : p);
        nums[f] = neg ? -num : num;
        break;
      }
      case 'hex':
        p = readHex(b, p + 2); // "0x"
        nums[f] = num;
        break;
      default: {
        const from = p;
        while (p < copied.written && b[p] !== 0x20) p++;
        strs[f] = lastValues[f]!.read(from, p);
      }
    }
  }
  const comm = strs[F.comm]!;
  const path = strs[F.path]!;
  const syscall = strs[F.sys]! as Syscall;
  if (comm === null || path === null || !(SYSCALLS as readonly string[]).includes(syscall)) return undefined;
  const ret = nums[F.ret]!;
  const bits = nums[F.bits]!;
  // Past what an open can print: parseAny says which.
  if (!idsInRange(nums[F.pid]!, nums[F.uid]!, nums[F.euid]!, header) || !retInRange(ret)) return undefined;
  return {
    kind: 'event',
    event: {
      ts: header.ts, cpu: header.cpu, pid: nums[F.pid]!, tid: header.tid, comm, uid: nums[F.uid]!,
      euid: nums[F.euid]!, flags: nums[F.flags]!, ret, errno: ret < 0 ? -ret : 0, path,
      truncated: (bits & EVENT_BITS.trunc) !== 0, syscall, durationNs: nums[F.dur]!, cgroupId: nums[F.cg]!,
      ...UNATTRIBUTED,
    },
    full: (bits & EVENT_BITS.full) !== 0,
  };
}

/** The header of the line parseExact reads. */
const header: TraceHeader = { tid: 0, cpu: 0, ts: 0, dash: 0, messageAt: 0 };

/** The event regex for one tag, and that tag. */
let shape: RegExp | undefined;
let shapeTag = '';

/**
 * The tag, when the message from msgAt is exactly an event record with one
 * of ourTags; else undefined. The regex holds the tag, so it is built again
 * when lines of another of our tags come.
 */
function eventShape(line: string, msgAt: number, ourTags: ReadonlySet<string>): string | undefined {
  if (shape && ourTags.has(shapeTag)) {
    shape.lastIndex = msgAt;
    if (shape.test(line)) return shapeTag;
  }
  const tag = tagAt(line, msgAt);
  if (tag === undefined || tag === shapeTag || !ourTags.has(tag)) return undefined;
  shapeTag = tag;
  shape = messageRegex(RECORDS.event, tag);
  shape.lastIndex = msgAt;
  return shape.test(line) ? tag : undefined;
}

/** The tag of a message starting at msgAt, when it has the tag's shape. */
function tagAt(line: string, msgAt: number): string | undefined {
  if (!line.startsWith(MESSAGE_START, msgAt)) return undefined;
  const from = msgAt + MESSAGE_START.length;
  const end = line.indexOf(' ', from);
  const tag = line.slice(from, end < 0 ? line.length : end);
  return HEX.test(tag) ? tag : undefined;
}

/** The ids and the CPU within what the kernel prints (LIMITS). */
function idsInRange(pid: number, uid: number, euid: number, head: TraceHeader): boolean {
  return pid <= LIMITS.id && uid <= LIMITS.id && euid <= LIMITS.id && head.tid <= LIMITS.id && head.cpu <= LIMITS.cpu;
}

/** An open's return: a descriptor or -errno. */
const retInRange = (ret: number) => ret >= -LIMITS.maxErrno && ret <= LIMITS.maxRet;

/** A 64-bit decimal or hex text as a double (LIMITS.u64 at most); null
 *  past 2^64 - 1. */
function u64(text: string, radix: 10 | 16): number | null {
  const big = BigInt(radix === 16 ? `0x${text}` : text);
  return big > 0xffff_ffff_ffff_ffffn ? null : Math.min(Number(big), LIMITS.u64);
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

/** A record's values by key, read token by token with the reason when
 *  the tokens are not exactly its fields. */
function readFields(tokens: readonly string[], r: RecordFormat): Map<string, string> | string {
  if (tokens.length !== r.fields.length) return 'wrong field count';
  const values = new Map<string, string>();
  for (let i = 0; i < r.fields.length; i++) {
    const f = r.fields[i]!;
    const prefix = `${f.key}=${f.printf.startsWith('0x') ? '0x' : ''}`;
    const token = tokens[i]!;
    if (!token.startsWith(prefix)) return `expected ${prefix}`;
    values.set(f.key, token.slice(prefix.length));
  }
  return values;
}

/** The decimal fields' keys of the records with a word. */
const DEC_KEYS = new Set(
  [...Object.values(RECORDS), ...LEGACY_RECORDS].flatMap((r: RecordFormat) =>
    r.word ? r.fields.filter((f) => f.kind === 'dec').map((f) => f.key) : [],
  ),
);

const RECORD_WORDS = new Set<string>(
  Object.values(RECORDS).flatMap((r: RecordFormat) => (r.word ? [r.word] : [])),
);

/** The general path: any line with our message, field by field, with the
 *  reason when it is not one of our records. */
function parseAny(line: string, at: number, ourTags: ReadonlySet<string>): ParsedLine {
  const message = line.slice(at + PRINTK.length);
  const head = readHeader(line, at);
  if (!head) return unparsed('bad header');

  const tokens = message.split(' ');
  // Another session's line is not ours, whatever shape it has.
  const tagToken = tokens[1] ?? '';
  if (tagToken.startsWith('tag=') && !ourTags.has(tagToken.slice(4))) return FOREIGN;
  if (!tagToken.startsWith('tag=')) return unparsed('expected tag=');
  const { ts, tid } = head;
  if (!isTraceTime(ts)) return unparsed('bad timestamp');
  const word = tokens[2] ?? '';
  if (RECORD_WORDS.has(word)) return parseRecord(word, tokens.slice(3), ts, tid);

  // An event: the current record, or one of an earlier version.
  const rest = tokens.slice(2);
  const format = [RECORDS.event, ...LEGACY_EVENTS].find((r) => r.fields.length === rest.length);
  if (!format) return unparsed('wrong field count');
  const v = readFields(rest, format);
  if (typeof v === 'string') return unparsed(v);
  const sys = v.get('sys')!;
  const ids = ['pid', 'tid', 'uid', 'euid'].map((k) => v.get(k)).filter((x) => x !== undefined);
  if (!(SYSCALLS as readonly string[]).includes(sys)) return unparsed('bad syscall');
  if (!ids.every((x) => DEC.test(x))) return unparsed('bad id');
  const flags = v.get('flags')!;
  const ret = v.get('ret')!;
  const dur = v.get('dur') ?? '0';
  const cg = v.get('cg') ?? '0';
  if (!HEX.test(flags) || !SIGNED.test(ret) || !/^\d{1,20}$/.test(dur) || !/^\d{1,20}$/.test(cg)) {
    return unparsed('bad number');
  }
  // 64-bit values: past 2^53 a double rounds them, which is fine for each.
  const [flagsNum, durNum, cgNum] = [u64(flags, 16), u64(dur, 10), u64(cg, 10)];
  if (flagsNum === null || durNum === null || cgNum === null) return unparsed('bad number');
  const retNum = Number(ret);
  if (!retInRange(retNum)) return unparsed('bad ret');
  const uid = Number(v.get('uid'));
  const pid = Number(v.get('pid'));
  const euid = Number(v.get('euid') ?? uid);
  // The thread id is the header's now; earlier versions printed it.
  const threadId = Number(v.get('tid') ?? tid);
  if (!idsInRange(pid, uid, euid, { ...head, tid: threadId })) return unparsed('bad id');
  const bitsText = v.get('bits') ?? v.get('trunc')!;
  const bits = v.has('bits') ? Number(bitsText) : Number(bitsText) * EVENT_BITS.trunc;
  if (!/^\d{1,3}$/.test(bitsText) || (!v.has('bits') && bitsText !== '0' && bitsText !== '1')) {
    return unparsed('bad trunc');
  }
  const commEsc = v.get('comm')!;
  const pathEsc = v.get('path')!;
  // Plain tokens come back as they are: slices of the line's whole chunk
  // (see LastValue), so they are copied.
  const comm = unescape(commEsc);
  const path = unescape(pathEsc);
  if (comm === null || path === null) return unparsed('bad escape');

  return {
    kind: 'event',
    event: {
      ts,
      cpu: head.cpu,
      pid,
      tid: threadId,
      comm: comm === commEsc ? detach(comm) : comm,
      uid,
      // A line of a version before euid: its effective uid is taken as the real one.
      euid,
      flags: flagsNum,
      ret: retNum,
      errno: retNum < 0 ? -retNum : 0,
      path: path === pathEsc ? detach(path) : path,
      truncated: (bits & EVENT_BITS.trunc) !== 0,
      syscall: sys as Syscall,
      durationNs: durNum,
      cgroupId: cgNum,
      ...UNATTRIBUTED,
    },
    full: (bits & EVENT_BITS.full) !== 0,
  };
}

/** A full, exec or fork record's fields (after its word). */
function parseRecord(word: string, tokens: readonly string[], ts: number, tid: number): ParsedLine {
  const formats = [...Object.values(RECORDS), ...LEGACY_RECORDS].filter((r: RecordFormat) => r.word === word);
  const v = readFields(tokens, formats.find((r) => r.fields.length === tokens.length) ?? formats[0]!);
  if (typeof v === 'string') return unparsed(v);
  for (const [key, value] of v) {
    if (DEC_KEYS.has(key) && !/^\d{1,15}$/.test(value)) return unparsed(`bad ${key}`);
  }
  for (const key of ['pid', 'ppid']) if (Number(v.get(key) ?? 0) > LIMITS.id) return unparsed(`bad ${key}`);
  const start = v.has('start') ? Number(v.get('start')) / USER_HZ : 0;
  const trunc = v.get('trunc');
  if (trunc !== undefined && trunc !== '0' && trunc !== '1') return unparsed('bad trunc');
  if (v.has('end') && v.get('end') !== '1') return unparsed('bad end');
  const text = (key: string) => {
    const raw = v.get(key)!;
    const s = unescape(raw);
    return s === raw ? detach(raw) : s;
  };
  switch (word) {
    case 'full': {
      const kind = v.get('kind') as FullKind;
      const path = text('path');
      if (!FULL_KINDS.includes(kind)) return unparsed('bad kind');
      if (path === null) return unparsed('bad escape');
      return { kind: 'full', tid, full: { kind, path, truncated: trunc === '1' } };
    }
    case 'exec': {
      const exe = text('exe');
      const args = unescapeBytes(v.get('args')!);
      if (exe === null || args === null) return unparsed('bad escape');
      return {
        kind: 'exec',
        exec: {
          ts, pid: Number(v.get('pid')), ppid: Number(v.get('ppid')), start, cgroupId: Number(v.get('cg')), exe,
          args: splitArgs(args), truncated: trunc === '1',
        },
      };
    }
    default:
      return { kind: 'fork', ts, pid: Number(v.get('pid')), ppid: Number(v.get('ppid')), start };
  }
}

/** NUL-separated argument bytes, each decoded as UTF-8. */
function splitArgs(bytes: Uint8Array): string[] {
  if (bytes.length === 0) return [];
  const args: string[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      args.push(utf8.decode(bytes.subarray(from, i)));
      from = i + 1;
    }
  }
  return args;
}

/** A copy of a latin1 string that shares no storage with its source. */
const detach = (s: string) => Buffer.from(s, 'latin1').toString('latin1');

/** Undo the kernel side's escaping: `\xNN` for any byte outside '!'..'~'
 *  and for '\'. Anything else is not a line we wrote: null. */
export function unescape(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return null;
    if (c === 0x5c) {
      const b = unescapeBytes(s);
      return b && utf8.decode(b);
    }
  }
  return s;
}

/** The raw bytes of an escaped token; null when it is not one. */
function unescapeBytes(s: string): Uint8Array | null {
  const bytes = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return null;
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
  return bytes.subarray(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}
