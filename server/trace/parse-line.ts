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
  const message = line.slice(at + PRINTK.length);
  if (!message.startsWith('odash ')) return FOREIGN;

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
      comm,
      uid: Number(uid),
      flags: parseInt(flags, 16),
      ret: retNum,
      errno: retNum < 0 ? -retNum : 0,
      path,
      truncated: trunc === '1',
      syscall: sys as Syscall,
    },
  };
}

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
