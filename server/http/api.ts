/** The JSON API for the UI and for scripts: every view is the event
 *  store's answer for the filter and window asked for. Inputs are
 *  validated; answers are { error } with 400 when they are not, 503 when
 *  the store cannot answer (it is never left half-sent). */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { PROCESS_GROUPS } from '../../protocol/event';
import { FILTER_KEYS, filterFromQuery, START_TEXT } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';
import type { Health } from '../../protocol/status';
import {
  FILE_GROUPS, MAX_EVENTS_PAGE, MAX_RATE_POINTS, MAX_TRACE_PIPE_PAGE, MAX_TRACE_PIPE_SEARCH, type ForeignLinesAnswer,
} from '../../protocol/views';
import { toCsv } from '../export/csv';
import { exportFileName } from '../export/file-name';
import { exportRecords } from '../export/record';
import { exportCountHeaders, streamExport } from '../export/stream';
import { blankSecret, readProcInfo } from '../proc-info';
import type { TraceView } from '../trace/pipeline';

/** Trace-clock seconds: may be negative (an earlier boot's events). */
const seconds = z.string().regex(/^-?\d{1,10}(\.\d{1,9})?$/, 'must be a number of seconds').transform(Number);
const window = { from: seconds.optional(), to: seconds.optional() };
const count = (max: number, def: number) =>
  z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number)
    .pipe(z.number().int().min(1).max(max)).default(def);

const eventsQuery = z.strictObject({
  limit: count(MAX_EVENTS_PAGE, 1000),
  before: z.string().regex(/^\d{1,16}$/, 'must be an event seq').transform(Number).optional(),
  sort: z.enum(['newest', 'slowest']).optional(),
  ...window,
});
const filesQuery = z.strictObject({
  group: z.enum(FILE_GROUPS).default('file'),
  limit: count(10_000, 200),
  ...window,
});
const fileQuery = z.strictObject({ file: z.string().min(1).max(4096), ...window });
const latencyQuery = z.strictObject({ ...window });
const rateQuery = z.strictObject({ step: count(86_400, 1), ...window });
const processesQuery = z.strictObject({
  group: z.enum(PROCESS_GROUPS).default('comm'),
  limit: count(10_000, 200),
  ...window,
});
const processQuery = z.strictObject({
  pid: z.string().regex(/^\d{1,10}$/, 'must be a process id').transform(Number),
  /** Which process of the PID (its start); without it, the latest. */
  start: z.string().regex(START_TEXT, "must be a process's start (1234.56)").transform(Number).optional(),
  since: seconds.optional(),
});
const tracePipeQuery = z.strictObject({
  q: z.string().max(MAX_TRACE_PIPE_SEARCH).optional(),
  after: z.string().regex(/^\d{1,16}$/, 'must be a line seq').transform(Number).optional(),
  limit: count(MAX_TRACE_PIPE_PAGE, 500),
});

/** Seconds of rate when no window is given. */
const DEFAULT_RATE_SECONDS = 300;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Query parameters as an object (the token never comes this way). */
export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}

/** The filter keys of a query, and its other keys checked by `schema`. */
function parseQuery<T>(
  url: URL,
  schema: z.ZodType<T>,
  withFilter = true,
): { ok: true; filter: EventFilter; rest: T } | { ok: false; error: string } {
  const all = queryObject(url);
  const filterPart: Record<string, string> = {};
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (withFilter && (FILTER_KEYS as readonly string[]).includes(k)) filterPart[k] = v;
    else rest[k] = v;
  }
  const filter = filterFromQuery(filterPart);
  if (!filter.ok) return filter;
  const r = schema.safeParse(rest);
  if (!r.success) {
    const unknown = r.error.issues.find((i) => i.code === 'unrecognized_keys');
    return {
      ok: false,
      error: unknown && withFilter
        ? `unknown parameter ${unknown.keys.join(', ')}; filters are ${FILTER_KEYS.join(', ')}`
        : z.prettifyError(r.error),
    };
  }
  return { ok: true, filter: filter.filter, rest: r.data };
}

/** Answers an /api/ request; false when no such route. `secret`: the API
 *  token, blanked out of every command line shown. */
export async function handleApi(
  view: TraceView,
  bootWallMs: number,
  secret: string,
  method: string,
  url: URL,
  res: ServerResponse,
): Promise<boolean> {
  if (method !== 'GET') return false;
  try {
    return await route(view, bootWallMs, secret, url, res);
  } catch (err) {
    // A query the store refused (out of its memory limit, say): the
    // request fails, the backend goes on.
    sendJson(res, 503, { error: `the event store could not answer: ${(err as Error).message}` });
    return true;
  }
}

async function route(view: TraceView, bootWallMs: number, secret: string, url: URL, res: ServerResponse): Promise<boolean> {
  const bad = (error: string) => sendJson(res, 400, { error });
  const now = Math.floor(view.now());
  switch (url.pathname) {
    case '/api/health':
      sendJson(res, 200, {
        tracer: view.status,
        counts: view.counts,
        bootWallMs,
        store: view.store.status,
        unparsedSamples: [...view.unparsedSamples],
      } satisfies Health);
      return true;
    case '/api/events':
    case '/api/events.json':
    case '/api/events.csv': {
      const q = parseQuery(url, eventsQuery);
      if (!q.ok) return bad(q.error), true;
      if (url.pathname === '/api/events') {
        sendJson(res, 200, await view.store.events(q.filter, q.rest));
        return true;
      }
      // The downloads: one record format, oldest first, in CSV or JSON,
      // named by the filter and the time.
      const format = url.pathname.endsWith('.csv') ? 'csv' : 'json';
      const headers = {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        'Content-Disposition': `attachment; filename="${exportFileName(q.filter, format, Date.now())}"`,
        'Cache-Control': 'no-store',
      };
      const { limit, before, sort, ...w } = q.rest;
      if (sort === 'slowest' || before !== undefined) {
        // One page of its own order (the slowest, or a page further back).
        const page = await view.store.events(q.filter, q.rest);
        const records = exportRecords(page.events, bootWallMs);
        res.writeHead(200, { ...headers, ...exportCountHeaders(records.length, page.total) });
        res.end(format === 'csv' ? toCsv(records) : JSON.stringify({ events: records, next: page.next, total: page.total }));
        return true;
      }
      await streamExport(view.store, q.filter, limit, w, format, bootWallMs, res, headers);
      return true;
    }
    case '/api/rate': {
      const q = parseQuery(url, rateQuery);
      if (!q.ok) return bad(q.error), true;
      const to = Math.floor(q.rest.to ?? now);
      const from = Math.floor(q.rest.from ?? to - DEFAULT_RATE_SECONDS + 1);
      if (from > to) return bad(`from (${from}) is after to (${to})`), true;
      const points = Math.floor(to / q.rest.step) - Math.floor(from / q.rest.step) + 1;
      if (points > MAX_RATE_POINTS) {
        return bad(`${points} points asked for; at most ${MAX_RATE_POINTS}: use a larger step`), true;
      }
      sendJson(res, 200, await view.store.rate(q.filter, from, to, q.rest.step));
      return true;
    }
    case '/api/processes': {
      const q = parseQuery(url, processesQuery);
      if (!q.ok) return bad(q.error), true;
      const { group, limit, ...w } = q.rest;
      sendJson(res, 200, await view.store.processes(q.filter, group, limit, w, view.now()));
      return true;
    }
    case '/api/files': {
      const q = parseQuery(url, filesQuery);
      if (!q.ok) return bad(q.error), true;
      const { group, limit, ...w } = q.rest;
      sendJson(res, 200, await view.store.files(q.filter, group, limit, w));
      return true;
    }
    case '/api/file': {
      const q = parseQuery(url, fileQuery);
      if (!q.ok) return bad(q.error), true;
      const { file, ...w } = q.rest;
      sendJson(res, 200, await view.store.file(file, q.filter, w));
      return true;
    }
    case '/api/latency': {
      const q = parseQuery(url, latencyQuery);
      if (!q.ok) return bad(q.error), true;
      sendJson(res, 200, await view.store.latency(q.filter, q.rest));
      return true;
    }
    case '/api/process': {
      const q = parseQuery(url, processQuery, false);
      if (!q.ok) return bad(q.error), true;
      const { pid, start, since } = q.rest;
      const detail = await view.store.process(pid, start, Math.floor(since ?? -Infinity), now);
      if (detail?.exec) detail.exec.args = blankSecret(detail.exec.args, secret);
      const which = start === undefined ? `pid ${pid}` : `pid ${pid} started at ${start}`;
      if (!detail) sendJson(res, 404, { error: `no opens from ${which} in the store` });
      else sendJson(res, 200, { process: detail, proc: view.live ? readProcInfo(pid, secret, detail.start) : null });
      return true;
    }
    case '/api/trace-pipe': {
      const q = parseQuery(url, tracePipeQuery, false);
      if (!q.ok) return bad(q.error), true;
      const answer = view.foreign.query(q.rest);
      // Another program may print anything, our token too.
      if (secret) for (const l of answer.lines) l.line = l.line.split(secret).join('<token>');
      sendJson(res, 200, answer satisfies ForeignLinesAnswer);
      return true;
    }
    default:
      return false;
  }
}
