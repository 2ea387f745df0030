/**
 * Parser throughput on one core (run.sh pins this process with taskset):
 * real trace_pipe lines captured by capture.ts (plain and awkward names
 * and paths), the article's lines from ingest.ts as foreign lines, and
 * LOST markers in the kernel's format. parseLine against a straightforward
 * regex parser; the line splitter on the same bytes.
 */
import fs from 'node:fs';
import { UNATTRIBUTED, type TraceEvent } from '../protocol/event';
import { EVENT_BITS, RECORDS, messageRegex } from '../server/trace/line-format';
import { parseLine, type ParsedLine } from '../server/trace/parse-line';
import { splitLines } from './lib/lines';
import { log, median, readPhase, writePhase } from './lib/results';

const ROUNDS = 5;

// The baseline: one regex for the whole line, as one would first write it
// (the message's part from the one field list, line-format.ts).
const LINE_RE = new RegExp(
  '^.*-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+(?:\\S+\\s+)?(\\d+(?:\\.\\d+)?): bpf_trace_printk: ' +
    messageRegex(RECORDS.event, '([0-9a-f]+)').source,
  's',
);
const FIELD = Object.fromEntries(RECORDS.event.fields.map((f, i) => [f.key, 5 + i]));
const LOST_RE = /^CPU:(\d+) \[LOST (\d+) EVENTS\]$/;
const FOREIGN_RE = /\]\s+(?:\S+\s+)?\d+\.\d+: \w+:/;
const ESC_RE = /\\x([0-9a-f]{2})/g;

const ESCAPED_RE = /^(?:[!-[\]-~]|\\x[0-9a-f]{2})*$/;

function regexUnescape(s: string): string | null {
  if (!ESCAPED_RE.test(s)) return null;
  return Buffer.from(s.replace(ESC_RE, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

function regexParse(line: string, tags: ReadonlySet<string>): ParsedLine {
  const m = LINE_RE.exec(line);
  if (!m) {
    const lost = LOST_RE.exec(line);
    if (lost) return { kind: 'lost', cpu: Number(lost[1]), count: Number(lost[2]) };
    return FOREIGN_RE.test(line) ? { kind: 'foreign' } : { kind: 'unparsed', reason: 'no match' };
  }
  if (!tags.has(m[4]!)) return { kind: 'foreign' };
  const get = (key: string) => m[FIELD[key]!]!;
  const comm = regexUnescape(get('comm'));
  const path = regexUnescape(get('path'));
  if (comm === null || path === null) return { kind: 'unparsed', reason: 'bad escape' };
  const ret = Number(get('ret'));
  const bits = Number(get('bits'));
  return {
    kind: 'event',
    event: {
      ts: Number(m[3]), cpu: Number(m[2]), pid: Number(get('pid')), tid: Number(m[1]), comm, uid: Number(get('uid')),
      euid: Number(get('euid')), flags: parseInt(get('flags'), 16), ret, errno: ret < 0 ? -ret : 0, path,
      truncated: (bits & EVENT_BITS.trunc) !== 0, syscall: get('sys') as TraceEvent['syscall'],
      durationNs: Number(get('dur')), cgroupId: Number(get('cg')), ...UNATTRIBUTED,
    },
    full: (bits & EVENT_BITS.full) !== 0,
  };
}

/** Builds the corpus as bytes, the way trace_pipe would hand it over. */
function corpus(): { bytes: Buffer; tag: string; parts: Record<string, number> } {
  const capture = readPhase<{ tag: string; file: string }>('capture');
  if (!capture) throw new Error('no captured lines: run bench/capture.ts first');
  const ours = fs.readFileSync(capture.file, 'latin1').split('\n');
  if (ours.at(-1) === '') ours.pop();
  const ingest = readPhase<{ articleTraceFile: string }>('ingest');
  const article = ingest ? fs.readFileSync(ingest.articleTraceFile, 'latin1').split('\n').filter(Boolean) : [];
  const out: string[] = [];
  let foreign = 0;
  let lost = 0;
  for (let i = 0; i < ours.length; i++) {
    out.push(ours[i]!);
    // About one line in ten from another program, one LOST marker in 1000.
    if (i % 9 === 8 && foreign < article.length) out.push(article[foreign++]!);
    if (i % 1000 === 999) out.push(`CPU:${lost++ % 2} [LOST ${(i % 7) + 1} EVENTS]`);
  }
  return {
    bytes: Buffer.from(out.join('\n') + '\n', 'latin1'),
    tag: capture.tag,
    parts: { capturedLines: ours.length, articleLines: foreign, lostMarkers: lost },
  };
}

interface Rates {
  /** The least disturbed round: others' work on this machine only slows. */
  best: number;
  median: number;
  kinds: Record<string, number>;
}

/** Lines/s of each parser over ROUNDS rounds after a warm-up, the parsers
 *  taking turns so that a busy moment hits both alike. */
function race(lines: string[], parsers: Record<string, (l: string) => ParsedLine>): Record<string, Rates> {
  const rates: Record<string, number[]> = {};
  const kinds: Record<string, Record<string, number>> = {};
  for (let r = 0; r <= ROUNDS; r++) {
    for (const [name, parse] of Object.entries(parsers)) {
      const k: Record<string, number> = { event: 0, foreign: 0, lost: 0, unparsed: 0 };
      const t0 = performance.now();
      for (let i = 0; i < lines.length; i++) k[parse(lines[i]!).kind]!++;
      const dt = (performance.now() - t0) / 1000;
      if (r > 0) (rates[name] ??= []).push(lines.length / dt);
      kinds[name] = k;
    }
  }
  return Object.fromEntries(
    Object.entries(rates).map(([name, xs]) => [name, { best: Math.max(...xs), median: median(xs), kinds: kinds[name]! }]),
  );
}

const { bytes, tag, parts } = corpus();
const tags = new Set([tag]);

const splitRates: number[] = [];
let lines: string[] = [];
for (let r = 0; r <= ROUNDS; r++) {
  const t0 = performance.now();
  lines = splitLines(bytes);
  const dt = (performance.now() - t0) / 1000;
  if (r > 0) splitRates.push(lines.length / dt);
}
log(`parser: ${lines.length} lines, ${(bytes.length / 1e6).toFixed(0)} MB`);

const { fast, baseline } = race(lines, { fast: (l) => parseLine(l, tags), baseline: (l) => regexParse(l, tags) }) as {
  fast: Rates;
  baseline: Rates;
};

// Both must agree on every line's kind, or the race means nothing.
let disagree = 0;
for (const l of lines) if (parseLine(l, tags).kind !== regexParse(l, tags).kind) disagree++;

const result = {
  lines: lines.length,
  bytes: bytes.length,
  parts,
  kinds: fast.kinds,
  rounds: ROUNDS,
  parseLine: Math.round(fast.best),
  parseLineMedian: Math.round(fast.median),
  regexBaseline: Math.round(baseline.best),
  regexBaselineMedian: Math.round(baseline.median),
  vsBaseline: fast.best / baseline.best,
  kindDisagreements: disagree,
  splitterLinesPerSec: Math.round(Math.max(...splitRates)),
};
writePhase('parser', result);
log(
  `parser: best of ${ROUNDS}: parseLine ${(result.parseLine / 1e6).toFixed(2)}M lines/s, regex ${(result.regexBaseline / 1e6).toFixed(2)}M, ` +
    `splitter ${(result.splitterLinesPerSec / 1e6).toFixed(2)}M; kinds ${JSON.stringify(fast.kinds)}, ${disagree} disagreements`,
);
