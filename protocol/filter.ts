/**
 * The event filter, one definition for server and UI: matching, and its
 * form in a URL or API query (comm, pid, start, tid, uid, path, result,
 * syscall, unit, container, exe, slower, own).
 */
import { z } from 'zod';
import { SYSCALLS, type TraceEvent } from './event';
import { errnoName, parseErrno } from './errno';
import { eventFilterSchema, isGlob, type EventFilter } from './messages';

/** A glob read into its parts: STAR (a run of * as one), ANY (?), a
 *  literal as its UTF-16 code unit (>= 0), a class as ranges of code
 *  units. textMatcher matches with them; server/store/glob-sql.ts writes
 *  them as RE2 for the event store, so both read one grammar. */
export const ANY = -1;
export const STAR = -2;
export interface GlobClass {
  negated: boolean;
  /** Inclusive [lo, hi] pairs, flat. */
  ranges: number[];
}
export type GlobPart = number | GlobClass;

/** A bracket expression's body (between [ and ]), or undefined when it is
 *  not valid. The language is what the RegExp translation used before gave:
 *  a leading ! or ^ negates, a-z is a range of code units (reversed, the
 *  whole pattern is a substring), a backslash is an ordinary character, and
 *  a ] right after [ is a member (fnmatch's reading; the RegExp read it as
 *  an empty class, then the rest of the body as unescaped RegExp syntax). */
function parseClass(body: string): GlobClass | undefined {
  let j = 0;
  const negated = body[0] === '!' || body[0] === '^';
  if (negated) j = 1;
  const ranges: number[] = [];
  while (j < body.length) {
    const lo = body.charCodeAt(j);
    if (body[j + 1] === '-' && j + 2 < body.length) {
      const hi = body.charCodeAt(j + 2);
      if (lo > hi) return undefined;
      ranges.push(lo, hi);
      j += 3;
    } else {
      ranges.push(lo, lo);
      j += 1;
    }
  }
  return { negated, ranges };
}

/** The glob's parts, runs of * as one; undefined when a class is invalid. */
export function parseGlob(pattern: string): GlobPart[] | undefined {
  const parts: GlobPart[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const end = c === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (c === '*') {
      if (parts[parts.length - 1] !== STAR) parts.push(STAR);
    } else if (c === '?') parts.push(ANY);
    else if (end >= 0) {
      const cls = parseClass(pattern.slice(i + 1, end));
      if (!cls) return undefined;
      parts.push(cls);
      i = end;
    } else parts.push(pattern.charCodeAt(i));
  }
  return parts;
}

/** One step of a compiled glob: a part, with a class as a predicate. Every
 *  kind but STAR matches exactly one UTF-16 code unit. */
type GlobToken = number | ((code: number) => boolean);

function compileGlob(pattern: string): GlobToken[] | undefined {
  return parseGlob(pattern)?.map((part) => {
    if (typeof part === 'number') return part;
    const { negated, ranges } = part;
    return (code: number) => {
      for (let k = 0; k < ranges.length; k += 2) {
        if (code >= ranges[k]! && code <= ranges[k + 1]!) return !negated;
      }
      return negated;
    };
  });
}

/** Does the whole of `s` match? The greedy two-pointer wildcard match: each
 *  token but * takes one code unit; on a mismatch, go back to the last *
 *  and let it take one more code unit. Earlier stars never need revisiting
 *  (the first fit of what follows the last * is as good as any later one),
 *  so this takes O(s.length × tokens.length) steps at worst, no
 *  backtracking blow-up. */
function globMatches(tokens: readonly GlobToken[], s: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < s.length) {
    const token = p < tokens.length ? tokens[p]! : undefined;
    if (token === STAR) {
      starP = p++;
      starT = t;
      continue;
    }
    if (token !== undefined) {
      const code = s.charCodeAt(t);
      if (token === ANY || (typeof token === 'number' ? token === code : token(code))) {
        p++;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < tokens.length && tokens[p] === STAR) p++;
  return p === tokens.length;
}

/** A text filter: a glob when it has * ? or [, else a substring.
 *
 *  The glob is anchored at both ends and case-sensitive; * is any run of
 *  characters and ? any one, newlines included (characters are UTF-16 code
 *  units); [abc], [a-z], [!a-z] or [^a-z] is one character of a set; a [
 *  without a later ] is itself, and there are no escapes. A class with a
 *  reversed range makes the whole pattern a substring instead. Time is
 *  linear in the text's length times the pattern's; the filter schema
 *  bounds a glob to MAX_GLOB_LENGTH characters (messages.ts). */
export function textMatcher(pattern: string): (s: string) => boolean {
  if (!isGlob(pattern)) return (s) => s.includes(pattern);
  const tokens = compileGlob(pattern);
  if (!tokens) return (s) => s.includes(pattern);
  return (s) => globMatches(tokens, s);
}

/** Compiles a filter once; the result is called per event. */
export function compileFilter(f: EventFilter): (e: TraceEvent) => boolean {
  const comm = f.comm ? textMatcher(f.comm) : undefined;
  const path = f.path ? textMatcher(f.path) : undefined;
  const unit = f.unit ? textMatcher(f.unit) : undefined;
  const exe = f.exe ? textMatcher(f.exe) : undefined;
  const container = f.container;
  return (e) => {
    if (e.own && !f.own) return false;
    if (f.pid !== undefined && e.pid !== f.pid) return false;
    if (f.start !== undefined && e.start !== f.start) return false;
    if (f.tid !== undefined && e.tid !== f.tid) return false;
    if (f.uid !== undefined && e.uid !== f.uid) return false;
    if (f.syscall !== undefined && e.syscall !== f.syscall) return false;
    if (f.result === 'ok' && e.errno !== 0) return false;
    if (f.result === 'failed' && e.errno === 0) return false;
    if (typeof f.result === 'number' && e.errno !== f.result) return false;
    if (comm && !comm(e.comm)) return false;
    // The absolute path, or the name as passed: a directory's glob finds
    // relative opens inside it, and a name's finds it wherever it was.
    if (path && !path(e.fullPath) && !path(e.path)) return false;
    if (unit && !unit(e.unit)) return false;
    if (container !== undefined && !e.container.startsWith(container)) return false;
    if (exe && !exe(e.exe)) return false;
    if (f.slower !== undefined && e.durationNs <= f.slower) return false;
    return true;
  };
}

const compiled = new WeakMap<EventFilter, (e: TraceEvent) => boolean>();

/** Does the event pass the filter? Compiles each filter object once. */
export function matchesFilter(filter: EventFilter, event: TraceEvent): boolean {
  let fn = compiled.get(filter);
  if (!fn) {
    fn = compileFilter(filter);
    compiled.set(filter, fn);
  }
  return fn(event);
}

export function isEmptyFilter(filter: EventFilter): boolean {
  return Object.values(filter).every((v) => v === undefined || v === '');
}

export const FILTER_KEYS = [
  'comm', 'pid', 'start', 'tid', 'uid', 'path', 'result', 'syscall', 'unit', 'container', 'exe', 'slower', 'own',
] as const;

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** "250us", "1.5ms", "2s" or a number of ns -> ns; undefined when not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,12}(?:\.\d{1,9})?)\s*(ns|us|µs|ms|s)?$/.exec(text.trim());
  if (!m) return undefined;
  const ns = Math.round(Number(m[1]) * DURATION_UNITS[m[2] ?? 'ns']!);
  return ns > 0 && Number.isSafeInteger(ns) ? ns : undefined;
}

/** ns as the shortest of those units that reads whole-ish ("1.5ms"). */
export function formatDuration(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toPrecision(3)}s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toPrecision(3)}ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toPrecision(3)}us`;
  return `${ns}ns`;
}

const idText = z.string().regex(/^\d{1,10}$/, 'must be a number').transform(Number);

/** A process's start as text (a filter's, the process page's `start`):
 *  seconds since boot, as events carry it. */
export const START_TEXT = /^-?\d{1,12}(?:\.\d{1,12})?$/;

/** URL or API query -> filter. Keys other than the filter's are left to the caller. */
export function filterFromQuery(
  q: Record<string, string | undefined>,
): { ok: true; filter: EventFilter } | { ok: false; error: string } {
  const raw: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const v = q[key];
    if (v === undefined || v === '') continue;
    if (key === 'pid' || key === 'tid' || key === 'uid') {
      const n = idText.safeParse(v);
      if (!n.success) return { ok: false, error: `${key} must be a number, not '${v}'` };
      raw[key] = n.data;
    } else if (key === 'start') {
      if (!START_TEXT.test(v)) return { ok: false, error: `start must be a process's start in seconds since boot (1234.56), not '${v}'` };
      raw.start = Number(v);
    } else if (key === 'result') {
      if (v === 'ok' || v === 'failed') raw.result = v;
      else {
        const errno = parseErrno(v);
        if (errno === undefined) return { ok: false, error: `result must be ok, failed or an errno (ENOENT, 13…), not '${v}'` };
        raw.result = errno;
      }
    } else if (key === 'syscall' && !(SYSCALLS as readonly string[]).includes(v)) {
      return { ok: false, error: `syscall must be one of ${SYSCALLS.join(', ')}, not '${v}'` };
    } else if (key === 'slower') {
      const ns = parseDuration(v);
      if (ns === undefined) return { ok: false, error: `slower must be a duration (250us, 1.5ms, 2s), not '${v}'` };
      raw.slower = ns;
    } else if (key === 'own') {
      if (v !== '1') return { ok: false, error: `own must be 1 (show the dashboard's own opens), not '${v}'` };
      raw.own = true;
    } else raw[key] = v;
  }
  const parsed = eventFilterSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  return { ok: true, filter: parsed.data };
}

/** Filter -> query parameters, in a stable order (for shareable URLs). */
export function filterToQuery(f: EventFilter): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = f[key];
    if (v === undefined || v === '') continue;
    q.set(
      key,
      key === 'result' && typeof v === 'number'
        ? errnoName(v)
        : key === 'slower'
          ? formatDuration(v as number)
          : key === 'own'
            ? '1'
            : String(v),
    );
  }
  return q;
}
