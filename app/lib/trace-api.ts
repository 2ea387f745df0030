/** The trace API's reads (/api/health, /api/process, /api/events), each
 *  answer checked against the protocol's schemas. */
import { z } from 'zod';
import { procInfoSchema, processDetailSchema, traceEventSchema } from '../../protocol/event';
import { filterToQuery } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';
import { healthSchema } from '../../protocol/status';
import { call } from './api-call';

const processAnswer = z.strictObject({ process: processDetailSchema, proc: procInfoSchema.nullable() });
const eventsAnswer = z.strictObject({ events: z.array(traceEventSchema) });

export const traceApi = {
  health: (signal?: AbortSignal) => call('GET', '/api/health', healthSchema, undefined, signal),
  /** since: the first second of the rate wanted (trace clock). */
  process: (pid: number, since: number | undefined, signal?: AbortSignal) => {
    const q = new URLSearchParams({ pid: String(pid) });
    if (since !== undefined) q.set('since', String(since));
    return call('GET', `/api/process?${q}`, processAnswer, undefined, signal);
  },
  /** Newest first. */
  events: (filter: EventFilter, limit: number, signal?: AbortSignal) => {
    const q = filterToQuery(filter);
    q.set('limit', String(limit));
    return call('GET', `/api/events?${q}`, eventsAnswer, undefined, signal);
  },
};
