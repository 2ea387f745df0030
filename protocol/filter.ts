/**
 * The event filter, one definition for server and UI: matching, and its
 * form in a URL or API query (comm, pid, tid, uid, path, result, syscall).
 */
import { z } from 'zod';
import { SYSCALLS, type TraceEvent } from './event';
import { errnoName, parseErrno } from './errno';
import { eventFilterSchema, type EventFilter } from './messages';

/** A text filter: glob when it has * ? or [, else a substring. */
export function textMatcher(pattern: string): (s: string) => boolean {
  if (!/[*?[]/.test(pattern)) return (s) => s.includes(pattern);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^${re}$`, 's');
  } catch {
    return (s) => s.includes(pattern);
  }
  return (s) => compiled.test(s);
}

/** Compiles a filter once; the result is called per event. */
export function compileFilter(f: EventFilter): (e: TraceEvent) => boolean {
  const comm = f.comm ? textMatcher(f.comm) : undefined;
  const path = f.path ? textMatcher(f.path) : undefined;
  return (e) => {
    if (f.pid !== undefined && e.pid !== f.pid) return false;
    if (f.tid !== undefined && e.tid !== f.tid) return false;
    if (f.uid !== undefined && e.uid !== f.uid) return false;
    if (f.syscall !== undefined && e.syscall !== f.syscall) return false;
    if (f.result === 'ok' && e.errno !== 0) return false;
    if (f.result === 'failed' && e.errno === 0) return false;
    if (typeof f.result === 'number' && e.errno !== f.result) return false;
    if (comm && !comm(e.comm)) return false;
    if (path && !path(e.path)) return false;
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

export const FILTER_KEYS = ['comm', 'pid', 'tid', 'uid', 'path', 'result', 'syscall'] as const;

const idText = z.string().regex(/^\d{1,10}$/, 'must be a number').transform(Number);

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
    } else if (key === 'result') {
      if (v === 'ok' || v === 'failed') raw.result = v;
      else {
        const errno = parseErrno(v);
        if (errno === undefined) return { ok: false, error: `result must be ok, failed or an errno (ENOENT, 13…), not '${v}'` };
        raw.result = errno;
      }
    } else if (key === 'syscall' && !(SYSCALLS as readonly string[]).includes(v)) {
      return { ok: false, error: `syscall must be one of ${SYSCALLS.join(', ')}, not '${v}'` };
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
    q.set(key, key === 'result' && typeof v === 'number' ? errnoName(v) : String(v));
  }
  return q;
}
