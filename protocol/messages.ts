/**
 * The WebSocket protocol between the backend (server/ws) and the UI
 * (app/lib). One module, validated on both ends: the server parses what
 * browsers send, the UI parses what the server sends.
 */
import { z } from 'zod';
import { ratePointSchema, storedEventSchema, SYSCALLS } from './event';
import { countsSchema, tracerStatusSchema } from './status';
import { storeStatsSchema } from './views';

/** 2: views come from the store over HTTP; the socket carries what is new.
 *  3: events carry their absolute path, duration, cgroup, unit, container,
 *  executable and user. */
export const PROTOCOL_VERSION = 3;

/** Does a text filter hold * ? or [, making it a glob, not a substring? */
export function isGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

/** Matching a glob takes time proportional to the text's length times the
 *  glob's (filter.ts): this bounds the glob's part. */
export const MAX_GLOB_LENGTH = 256;

/** A text filter of at most `max` characters, and at most MAX_GLOB_LENGTH
 *  when it is a glob. */
function textFilter(max: number) {
  return z
    .string()
    .max(max, { abort: true })
    .refine((s) => s.length <= MAX_GLOB_LENGTH || !isGlob(s), {
      error: (issue) =>
        `must be a glob of at most ${MAX_GLOB_LENGTH} characters (this one has ${String(issue.input).length}), ` +
        'or a substring without * ? [',
    });
}

/** What a client wants to see. Empty fields match all. Text fields match
 *  as a substring, or as a glob when they hold * ? or [ (see filter.ts). */
export const eventFilterSchema = z.strictObject({
  comm: textFilter(256).optional(),
  pid: z.number().int().positive().optional(),
  /** A process's start (seconds since boot, as events have it): with pid,
   *  one process of a reused PID. */
  start: z.number().finite().optional(),
  tid: z.number().int().positive().optional(),
  uid: z.number().int().nonnegative().optional(),
  path: textFilter(4096).optional(),
  /** ok, failed, or one errno (a positive number). */
  result: z.union([z.enum(['ok', 'failed']), z.number().int().positive()]).optional(),
  syscall: z.enum(SYSCALLS).optional(),
  /** The systemd unit (foo.service, session-3.scope). */
  unit: textFilter(256).optional(),
  /** The container id, or its start (docker's 12-character short id). */
  container: textFilter(64).optional(),
  /** The executable's path. */
  exe: textFilter(4096).optional(),
  /** Opens that took longer than this many ns. */
  slower: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  /** The backend's own opens are left out unless this is set. */
  own: z.literal(true).optional(),
});
export type EventFilter = z.infer<typeof eventFilterSchema>;

export const helloMessageSchema = z.strictObject({
  type: z.literal('hello'),
  version: z.literal(PROTOCOL_VERSION),
  /** Wall-clock time of boot in ms, to show trace timestamps as times. */
  bootWallMs: z.number(),
  /** The server's trace clock now (seconds since boot). */
  now: z.number(),
  tracer: tracerStatusSchema,
  counts: countsSchema,
  store: storeStatsSchema,
});

/** What is new since the last update. The views themselves (the table's
 *  pages, the rate history, the processes) are the store's answers over
 *  HTTP (protocol/views.ts): a page asks for them and merges these in. */
export const updateMessageSchema = z.strictObject({
  type: z.literal('update'),
  now: z.number(),
  /** The id of the client's filter its events and rate are for (0: none
   *  yet, everything): one in flight when the filter changed is told apart. */
  filterId: z.number().int().nonnegative(),
  /** New events matching the client's filter, oldest first. */
  events: z.array(storedEventSchema),
  /** Matching events left out of this batch (rate too high, or the client
   *  too slow); they are counted, never silently dropped, and the store
   *  has them all. */
  omitted: z.number().int().nonnegative(),
  counts: countsSchema,
  tracer: tracerStatusSchema,
  store: storeStatsSchema,
  /** Seconds whose count for the client's filter changed, oldest first,
   *  each with its whole count from the store (empty between store reads). */
  rate: z.array(ratePointSchema),
});

export const errorMessageSchema = z.strictObject({
  type: z.literal('error'),
  message: z.string(),
});

export const serverMessageSchema = z.discriminatedUnion('type', [
  helloMessageSchema,
  updateMessageSchema,
  errorMessageSchema,
]);
export type HelloMessage = z.infer<typeof helloMessageSchema>;
export type UpdateMessage = z.infer<typeof updateMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('filter'),
    filter: eventFilterSchema,
    /** Chosen by the client; updates echo it (filterId). */
    id: z.number().int().positive().max(2 ** 31),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Parses one message from a peer; never throws. */
export function parseMessage<T>(
  schema: z.ZodType<T>,
  data: string,
): { ok: true; value: T } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, error: 'message is not JSON' };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    return { ok: false, error: z.prettifyError(result.error) };
  }
  return { ok: true, value: result.data };
}
