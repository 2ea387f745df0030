/**
 * The answers of the views the server computes from its event store, for
 * the filter and window a page asks for (server/http/api.ts answers them,
 * app/lib/trace-api.ts reads them). Times are trace-clock seconds (since
 * this machine's boot); whole seconds for windows and rate points.
 */
import { z } from 'zod';
import { PROCESS_GROUPS, processStatsSchema, ratePointSchema, storedEventSchema } from './event';

/** The most points one rate answer holds: ask with a larger step for more. */
export const MAX_RATE_POINTS = 10_000;
/** The most events one page of /api/events holds. */
export const MAX_EVENTS_PAGE = 50_000;

/** What the store holds and what it had to let go, for the status bar. */
export const storeStatsSchema = z.strictObject({
  /** The database file, or ":memory:". */
  path: z.string(),
  /** Events stored now. */
  events: z.number().int(),
  /** The oldest and newest stored event (null when empty): the window the
   *  totals cover. */
  oldestTs: z.number().nullable(),
  newestTs: z.number().nullable(),
  /** Bytes the stored data takes (the file itself does not shrink: freed
   *  blocks are reused). */
  bytes: z.number().int(),
  retentionSeconds: z.number().int(),
  maxBytes: z.number().int(),
  /** Events removed since this backend started: older than the retention,
   *  or the oldest ones while the data was over --db-max-mb. */
  droppedByAge: z.number().int(),
  droppedBySize: z.number().int(),
  /** Events that could not be written (the database refused them), and why
   *  the last time. */
  writeFailures: z.number().int(),
  lastError: z.string().nullable(),
});
export type StoreStats = z.infer<typeof storeStatsSchema>;

/** GET /api/events: newest first. */
export const eventsPageSchema = z.strictObject({
  events: z.array(storedEventSchema),
  /** Pass as `before` for the next, older page; null when there is none. */
  next: z.number().int().nullable(),
  /** Events matching the filter in the window, all pages together. */
  total: z.number().int(),
});
export type EventsPage = z.infer<typeof eventsPageSchema>;

/** GET /api/rate: opens per `step` seconds, zero-filled, oldest first;
 *  `t` is the first second of each step. */
export const rateAnswerSchema = z.strictObject({
  rate: z.array(ratePointSchema),
  from: z.number().int(),
  to: z.number().int(),
  step: z.number().int().positive(),
});
export type RateAnswer = z.infer<typeof rateAnswerSchema>;

/** GET /api/processes: busiest first. */
export const processesAnswerSchema = z.strictObject({
  processes: z.array(processStatsSchema),
  group: z.enum(PROCESS_GROUPS),
  /** Rows there are before the limit. */
  total: z.number().int(),
  /** The window the totals cover: the oldest and newest matching open
   *  within what was asked (null when none matched). */
  window: z.strictObject({ from: z.number().nullable(), to: z.number().nullable() }),
});
export type ProcessesAnswer = z.infer<typeof processesAnswerSchema>;
