/** The JSON API for scripts and tests. Inputs are validated; answers are
 *  { error } with 400 when they are not. */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { TraceEvent } from '../../protocol/event';
import type { Health } from '../../protocol/status';
import { FILTER_KEYS, filterFromQuery } from '../../protocol/filter';
import { toCsv } from '../export/csv';
import { readProcInfo } from '../proc-info';
import type { Ingest } from '../trace/ingest';

const LIMIT = z.coerce.number().int().min(1).max(50_000).default(1000);
const processesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});
const processQuery = z.strictObject({
  pid: z.coerce.number().int().positive(),
  since: z.coerce.number().int().nonnegative().optional(),
});

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Query parameters as an object (the token never comes this way). */
export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}

/** The events a query asks for: filter keys plus limit. */
function queryEvents(tracer: Ingest, url: URL): { events: TraceEvent[] } | { error: string } {
  const { limit: limitText, ...rest } = queryObject(url);
  const limit = LIMIT.safeParse(limitText);
  if (!limit.success) return { error: `limit must be a number from 1 to 50000, not '${limitText}'` };
  const unknown = Object.keys(rest).filter((k) => !(FILTER_KEYS as readonly string[]).includes(k));
  if (unknown.length) return { error: `unknown parameter ${unknown.join(', ')}; filters are ${FILTER_KEYS.join(', ')}` };
  const filter = filterFromQuery(rest);
  if (!filter.ok) return { error: filter.error };
  return { events: tracer.aggregator.recent(filter.filter, limit.data) };
}

/** Answers an /api/ request; false when no such route. */
/** secret: the API token, blanked out of every command line shown. */
export function handleApi(
  tracer: Ingest,
  bootWallMs: number,
  secret: string,
  method: string,
  url: URL,
  res: ServerResponse,
): boolean {
  if (method !== 'GET') return false;
  switch (url.pathname) {
    case '/api/health':
      sendJson(res, 200, {
        tracer: tracer.status,
        counts: tracer.counts,
        bootWallMs,
        unparsedSamples: tracer.unparsedSamples,
      } satisfies Health);
      return true;
    case '/api/processes': {
      const q = processesQuery.safeParse(queryObject(url));
      if (!q.success) sendJson(res, 400, { error: z.prettifyError(q.error) });
      else sendJson(res, 200, { processes: tracer.aggregator.processes(q.data.limit) });
      return true;
    }
    case '/api/process': {
      const q = processQuery.safeParse(queryObject(url));
      if (!q.success) {
        sendJson(res, 400, { error: z.prettifyError(q.error) });
        return true;
      }
      const detail = tracer.aggregator.process(q.data.pid, q.data.since);
      if (!detail) sendJson(res, 404, { error: `no opens seen from pid ${q.data.pid}` });
      else sendJson(res, 200, { process: detail, proc: tracer.live ? readProcInfo(q.data.pid, secret) : null });
      return true;
    }
    case '/api/events':
    case '/api/events.json': {
      const r = queryEvents(tracer, url);
      sendJson(res, 'error' in r ? 400 : 200, r);
      return true;
    }
    case '/api/events.csv': {
      const r = queryEvents(tracer, url);
      if ('error' in r) {
        sendJson(res, 400, r);
        return true;
      }
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="openat-events.csv"',
        'Cache-Control': 'no-store',
      });
      // Oldest first, as a log reads.
      res.end(toCsv([...r.events].reverse(), bootWallMs));
      return true;
    }
    default:
      return false;
  }
}
