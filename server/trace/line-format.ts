/**
 * The trace line format, defined once. The kernel side (bpf/openat.bpf.c)
 * prints these records with bpf_printk; line-format.test.ts checks each of
 * its format strings against printfFormat() here, and the parser
 * (parse-line.ts) builds its shapes from the same lists.
 *
 * A record is `odash tag=<hex>[ <word>] key=value …`: the session tag
 * first (so another session's lines are told apart before anything else),
 * then the record's word (none for an event), then its fields in order.
 * Every value is one token of printable ASCII: names, paths and arguments
 * are escaped (\xNN for any byte outside '!'..'~', and for '\'), and each
 * record ends with a one-digit number (a flag), so a line cut anywhere
 * fails to parse.
 */

/** How a value is written: decimal, signed decimal, lowercase hex (with
 *  the field's prefix), an escaped byte string, or one of a few words. */
export type FieldKind = 'dec' | 'signed' | 'hex' | 'esc' | 'word';

export interface Field {
  readonly key: string;
  readonly kind: FieldKind;
  /** The printf conversion the kernel side uses, with any prefix (0x). */
  readonly printf: string;
}

const dec = (key: string, printf = '%u'): Field => ({ key, kind: 'dec', printf });
const esc = (key: string): Field => ({ key, kind: 'esc', printf: '%s' });
const word = (key: string): Field => ({ key, kind: 'word', printf: '%s' });

export const MAGIC = 'odash';
export const TAG: Field = { key: 'tag', kind: 'hex', printf: '%llx' };

export interface RecordFormat {
  /** After the tag; null for the event record. */
  readonly word: string | null;
  /** The fields after the tag (and word), in order. */
  readonly fields: readonly Field[];
}

/** The values a record's numbers may take: what the kernel can print for
 *  an open (a line past them is malformed: a hand-made recording's, never
 *  the kernel's), and what the store's columns hold (schema.test checks
 *  each against its column). A 64-bit value is read into a double: past
 *  2^53 it keeps its top 53 bits, and 2^64 - 1 reads as U64_MAX. */
export const LIMITS = {
  /** pid_t, uid_t */
  id: 0xffff_ffff,
  /** The store keeps a CPU in 16 bits; the kernel has at most 8192. */
  cpu: 0xffff,
  /** An open returns an int: a descriptor, or -errno (linux/err.h: MAX_ERRNO). */
  maxRet: 0x7fff_ffff,
  maxErrno: 4095,
  /** The largest double below 2^64. */
  u64: 2 ** 64 - 2048,
} as const;

/** The records the kernel side prints now. */
export const RECORDS = {
  /** One completed open, printed at syscall exit. The thread id is the
   *  line header's. */
  event: {
    word: null,
    fields: [
      word('sys'), dec('pid'), dec('uid'), dec('euid'), { key: 'flags', kind: 'hex', printf: '0x%llx' },
      { key: 'ret', kind: 'signed', printf: '%ld' }, dec('dur', '%llu'), dec('cg', '%llu'), esc('comm'), esc('path'),
      dec('bits'),
    ],
  },
  /** The absolute path behind the same thread's next event. */
  full: { word: 'full', fields: [word('kind'), esc('path'), dec('trunc')] },
  /** A process image, at exec. `start`: when the process started, in
   *  /proc/PID/stat's ticks (bpf/openat.h, ODASH_USER_HZ). */
  exec: {
    word: 'exec',
    fields: [dec('pid'), dec('ppid'), dec('start', '%llu'), dec('cg', '%llu'), esc('exe'), esc('args'), dec('trunc')],
  },
  /** A new process (not a thread). `end` is always 1: a one-digit last
   *  field, so that this record too cannot be cut into a valid one. */
  fork: { word: 'fork', fields: [dec('pid'), dec('ppid'), dec('start', '%llu'), dec('end')] },
} as const satisfies Record<string, RecordFormat>;

/** /proc/PID/stat's clock ticks a second (USER_HZ; bpf/openat.h). */
export const USER_HZ = 100;

export type RecordName = keyof typeof RECORDS;

/** Event records of earlier versions, still read from recordings: with
 *  the thread id in the message and `trunc` in place of `bits`; the oldest
 *  without `euid` either. */
export const LEGACY_EVENTS: readonly RecordFormat[] = [
  {
    word: null,
    fields: [
      word('sys'), dec('pid'), dec('tid'), dec('uid'), dec('euid'), { key: 'flags', kind: 'hex', printf: '0x%llx' },
      { key: 'ret', kind: 'signed', printf: '%ld' }, esc('comm'), esc('path'), dec('trunc'),
    ],
  },
  {
    word: null,
    fields: [
      word('sys'), dec('pid'), dec('tid'), dec('uid'), { key: 'flags', kind: 'hex', printf: '0x%llx' },
      { key: 'ret', kind: 'signed', printf: '%ld' }, esc('comm'), esc('path'), dec('trunc'),
    ],
  },
];

/** Exec and fork records of earlier versions, still read from
 *  recordings: without the process's start. */
export const LEGACY_RECORDS: readonly RecordFormat[] = [
  { word: 'exec', fields: [dec('pid'), dec('ppid'), dec('cg', '%llu'), esc('exe'), esc('args'), dec('trunc')] },
  { word: 'fork', fields: [dec('pid'), dec('ppid'), dec('end')] },
];

/** The event record's `bits` (bpf/openat.h, odash_event_bits). */
export const EVENT_BITS = { trunc: 1, full: 2 } as const;

/** The full record's kinds (bpf/openat.h, ODASH_FULL_*). */
export const FULL_KINDS = ['file', 'dir'] as const;
export type FullKind = (typeof FULL_KINDS)[number];

/** The format string the kernel side prints a record with. */
export function printfFormat(r: RecordFormat): string {
  const head = [MAGIC, `${TAG.key}=${TAG.printf}`, ...(r.word ? [r.word] : [])];
  return [...head, ...r.fields.map((f) => `${f.key}=${f.printf}`)].join(' ');
}

/** What a value of each kind may look like, as a regex source; digit
 *  counts capped where sums stay exact in a double. */
const VALUE: Record<FieldKind, string> = {
  dec: '\\d{1,15}', // %u fields: see valueSource
  signed: '-?\\d{1,15}',
  hex: '[0-9a-f]{1,13}',
  esc: '[!-~]*',
  word: '[a-z0-9]+',
};

/** A value's regex source: a %u is a u32, 10 digits at most. */
export function valueSource(f: Field): string {
  return f.printf === '%u' ? '\\d{1,10}' : VALUE[f.kind];
}

/** A sticky regex matching a record's message exactly, from `odash` to
 *  the end of the line, for one tag; values are captured in field order. */
export function messageRegex(r: RecordFormat, tag: string): RegExp {
  const fields = r.fields.map((f) => `${f.key}=${f.printf.startsWith('0x') ? '0x' : ''}(${valueSource(f)})`);
  return new RegExp(`${MAGIC} ${TAG.key}=${tag} ${r.word ? `${r.word} ` : ''}${fields.join(' ')}$`, 'y');
}
