/** The JSON API for scripts and tests. Inputs are validated; answers are
 *  { error } with 400 when they are not. */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Tracer } from '../trace/tracer';

const eventsQuery = z.strictObject({
  pid: z.coerce.number().int().positive().optional(),
  comm: z.string().max(256).optional(),
  path: z.string().max(4096).optional(),
  failed: z.enum(['0', '1', 'true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(1000),
});

const processesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Query parameters, less the token. */
export function queryObject(url: URL): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (k !== 'token') q[k] = v;
  return q;
}

/** Answers an /api/ request; false when no such route. */
export function handleApi(tracer: Tracer, method: string, url: URL, res: ServerResponse): boolean {
  if (method !== 'GET') return false;
  switch (url.pathname) {
    case '/api/health':
      sendJson(res, 200, { tracer: tracer.status, counts: tracer.counts, unparsedSamples: tracer.unparsedSamples });
      return true;
    case '/api/processes': {
      const q = processesQuery.safeParse(queryObject(url));
      if (!q.success) sendJson(res, 400, { error: z.prettifyError(q.error) });
      else sendJson(res, 200, { processes: tracer.aggregator.processes(q.data.limit) });
      return true;
    }
    case '/api/events': {
      const q = eventsQuery.safeParse(queryObject(url));
      if (!q.success) {
        sendJson(res, 400, { error: z.prettifyError(q.error) });
        return true;
      }
      const { limit, failed, ...rest } = q.data;
      const filter = { ...rest, failedOnly: failed === '1' || failed === 'true' };
      sendJson(res, 200, { events: tracer.aggregator.recent(filter, limit) });
      return true;
    }
    default:
      return false;
  }
}
