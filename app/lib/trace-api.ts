/** The trace API's reads (/api/health, /api/cost, /api/process,
 *  /api/trace-pipe, and the store's views /api/events, /api/rate,
 *  /api/processes), each answer checked against the protocol's schemas.
 *  Times are trace-clock seconds. */
import { z } from 'zod';
import { costSchema } from '../../protocol/cost';
import { type ProcessGroup, procInfoSchema, processDetailSchema } from '../../protocol/event';
import { filterToQuery } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';
import { healthSchema } from '../../protocol/status';
import {
  eventsPageSchema, fileDetailSchema, filesAnswerSchema, foreignLinesAnswerSchema, processesAnswerSchema,
  rateAnswerSchema, type FileGroup,
} from '../../protocol/views';
import { latencySchema } from '../../protocol/event';
import { call } from './api-call';

const processAnswer = z.strictObject({ process: processDetailSchema, proc: procInfoSchema.nullable() });

/** The filter's query plus the given keys (undefined and null ones left out). */
function viewQuery(filter: EventFilter, extra: Record<string, string | number | null | undefined>): URLSearchParams {
  const q = filterToQuery(filter);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null) q.set(k, String(v));
  return q;
}

export const traceApi = {
  health: (signal?: AbortSignal) => call('GET', '/api/health', healthSchema, undefined, signal),
  /** What tracing costs, over the interval since the previous read. */
  cost: (signal?: AbortSignal) => call('GET', '/api/cost', costSchema, undefined, signal),
  /** since: the first second of the rate wanted (trace clock). */
  process: (pid: number, start: number | undefined, since: number | undefined, signal?: AbortSignal) =>
    call('GET', `/api/process?${viewQuery({}, { pid, start, since })}`, processAnswer, undefined, signal),
  /** One page, newest first; `before` is the previous page's `next`. */
  events: (
    filter: EventFilter,
    page: { limit: number; before?: number | null; from?: number; to?: number; sort?: 'newest' | 'slowest' },
    signal?: AbortSignal,
  ) => call('GET', `/api/events?${viewQuery(filter, page)}`, eventsPageSchema, undefined, signal),
  /** Opens per `step` seconds from `from` to `to` (whole seconds, inclusive). */
  rate: (filter: EventFilter, span: { from: number; to: number; step: number }, signal?: AbortSignal) =>
    call('GET', `/api/rate?${viewQuery(filter, span)}`, rateAnswerSchema, undefined, signal),
  /** The busiest names or PIDs; without from/to, over everything stored. */
  processes: (
    filter: EventFilter,
    ask: { group: ProcessGroup; limit: number; from?: number; to?: number },
    signal?: AbortSignal,
  ) => call('GET', `/api/processes?${viewQuery(filter, ask)}`, processesAnswerSchema, undefined, signal),
  /** The hottest files or directories across all processes. */
  files: (
    filter: EventFilter,
    ask: { group: FileGroup; limit: number; from?: number; to?: number },
    signal?: AbortSignal,
  ) => call('GET', `/api/files?${viewQuery(filter, ask)}`, filesAnswerSchema, undefined, signal),
  /** One file (absolute path, or the name as passed) and its openers. */
  file: (file: string, filter: EventFilter, w: { from?: number; to?: number }, signal?: AbortSignal) =>
    call('GET', `/api/file?${viewQuery(filter, { file, ...w })}`, fileDetailSchema, undefined, signal),
  /** Quantiles and a log2 histogram of how long the filter's opens took. */
  latency: (filter: EventFilter, w: { from?: number; to?: number }, signal?: AbortSignal) =>
    call('GET', `/api/latency?${viewQuery(filter, w)}`, latencySchema, undefined, signal),
  /** Other programs' trace_pipe lines: after `after`, or the newest;
   *  those holding `q` when it is given. */
  tracePipe: (ask: { q?: string; after?: number; limit: number }, signal?: AbortSignal) =>
    call('GET', `/api/trace-pipe?${viewQuery({}, { ...ask, q: ask.q || undefined })}`, foreignLinesAnswerSchema, undefined, signal),
};
