/**
 * The answers of the views the server computes from its event store, for
 * the filter and window a page asks for (server/http/api.ts answers them,
 * app/lib/trace-api.ts reads them). Times are trace-clock seconds (since
 * this machine's boot); whole seconds for windows and rate points.
 */
import { z } from 'zod';
import { PROCESS_GROUPS, latencySchema, processStatsSchema, ratePointSchema, storedEventSchema } from './event';

export type { Latency } from './event';

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


/** How the files view groups opens: by file or by its directory. */
export const FILE_GROUPS = ['file', 'dir'] as const;
export type FileGroup = (typeof FILE_GROUPS)[number];

/** One file (or directory) as all processes opened it. */
export const fileRowSchema = z.strictObject({
  /** The absolute path (the name as passed where it is not known). */
  path: z.string(),
  opens: z.number().int(),
  failed: z.number().int(),
  /** errno (as a number, in text) -> count */
  failures: z.record(z.string(), z.number().int()),
  /** Distinct processes (PIDs) and names that opened it. */
  processes: z.number().int(),
  comms: z.array(z.string()),
  p50Ns: z.number().nullable(),
  p99Ns: z.number().nullable(),
  lastTs: z.number(),
});
export type FileRow = z.infer<typeof fileRowSchema>;

/** GET /api/files: hottest first. */
export const filesAnswerSchema = z.strictObject({
  files: z.array(fileRowSchema),
  group: z.enum(FILE_GROUPS),
  total: z.number().int(),
  window: z.strictObject({ from: z.number().nullable(), to: z.number().nullable() }),
});
export type FilesAnswer = z.infer<typeof filesAnswerSchema>;

/** One process as it opened one file. */
export const fileOpenerSchema = z.strictObject({
  pid: z.number().int(),
  /** With pid, which process (see traceEventSchema). */
  start: z.number(),
  comm: z.string(),
  exe: z.string(),
  /** Its user: the name of its latest open's uid, when known. */
  uid: z.number().int(),
  user: z.string(),
  unit: z.string(),
  container: z.string(),
  opens: z.number().int(),
  failed: z.number().int(),
  p50Ns: z.number().nullable(),
  lastTs: z.number(),
});
export type FileOpener = z.infer<typeof fileOpenerSchema>;

/** The processes a file's answer lists. */
export const FILE_PROCESSES = 200;

/** GET /api/file: one file, the processes that opened it, its latency. */
export const fileDetailSchema = z.strictObject({
  path: z.string(),
  opens: z.number().int(),
  failed: z.number().int(),
  failures: z.record(z.string(), z.number().int()),
  latency: latencySchema,
  /** The busiest FILE_PROCESSES of them, busiest first. */
  processes: z.array(fileOpenerSchema),
  /** How many processes (a PID and its start) opened it, listed or not. */
  processCount: z.number().int(),
});
export type FileDetail = z.infer<typeof fileDetailSchema>;

/** What the backend keeps of trace_pipe's foreign lines (other programs'
 *  bpf_printk, other tracers' events), oldest dropped first: this many
 *  lines, this many bytes of them, each cut at MAX_FOREIGN_LINE bytes. */
export const FOREIGN_KEEP_LINES = 5000;
export const FOREIGN_KEEP_BYTES = 2 * 1024 * 1024;
export const MAX_FOREIGN_LINE = 2000;
/** The most lines one /api/trace-pipe answer holds, and the longest search. */
export const MAX_TRACE_PIPE_PAGE = 2000;
export const MAX_TRACE_PIPE_SEARCH = 200;

/** One line of trace_pipe that is not ours, as the kernel wrote it. */
export const foreignLineSchema = z.strictObject({
  /** 1 for the first foreign line this backend read, then one more a line. */
  seq: z.number().int().positive(),
  /** The line's trace timestamp (seconds since boot), when it has the
   *  usual header. */
  ts: z.number().nullable(),
  /** The bytes as latin1 (one char per byte, any byte), at most
   *  MAX_FOREIGN_LINE of them. */
  line: z.string(),
  /** The line was longer and is cut. */
  cut: z.literal(true).optional(),
});
export type ForeignLine = z.infer<typeof foreignLineSchema>;

/** GET /api/trace-pipe: oldest first. */
export const foreignLinesAnswerSchema = z.strictObject({
  lines: z.array(foreignLineSchema),
  /** Pass as `after` for what came since: the highest seq returned, or
   *  the `after` asked with (0 without one) when none was. */
  next: z.number().int().nonnegative(),
  /** Lines let go since start to keep within the bounds. */
  dropped: z.number().int().nonnegative(),
  /** Foreign lines read since start (held + dropped). */
  total: z.number().int().nonnegative(),
});
export type ForeignLinesAnswer = z.infer<typeof foreignLinesAnswerSchema>;

/** Below this share of its size bound a store's own overhead (an empty
 *  file is a few MB) would skew the estimate: the retention holds. */
const HOLDS_FROM_SHARE = 0.05;

/** How long the store really keeps events: its retention, or less where
 *  the size bound comes first at the rate it has filled so far (the span
 *  it holds, scaled to the bound; a busy host fills 1 GB in an hour). */
export function storeHoldsSeconds(s: StoreStats): number {
  const span = s.oldestTs === null || s.newestTs === null ? 0 : s.newestTs - s.oldestTs;
  if (span <= 0 || s.bytes < s.maxBytes * HOLDS_FROM_SHARE) return s.retentionSeconds;
  const bySize = s.bytes >= s.maxBytes ? span : (span * s.maxBytes) / s.bytes;
  return Math.min(s.retentionSeconds, bySize);
}
