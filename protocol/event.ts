import { z } from 'zod';

/** The syscalls the tracer hooks; the event says which one it saw. */
export const SYSCALLS = ['openat', 'open', 'openat2'] as const;
export type Syscall = (typeof SYSCALLS)[number];

/** One completed open, as parsed from a trace_pipe line. */
export const traceEventSchema = z.strictObject({
  /** Seconds since boot, from the trace_pipe line (trace clock). */
  ts: z.number().nonnegative(),
  cpu: z.number().int().nonnegative(),
  /** Process id (tgid). */
  pid: z.number().int().nonnegative(),
  /** Thread id. */
  tid: z.number().int().nonnegative(),
  comm: z.string(),
  uid: z.number().int().nonnegative(),
  /** open(2) flags as passed by the caller. */
  flags: z.number().int().nonnegative(),
  /** The syscall's return: a file descriptor, or -errno. */
  ret: z.number().int(),
  /** errno when the open failed, else 0. */
  errno: z.number().int().nonnegative(),
  path: z.string(),
  /** The kernel side cut a long path short. */
  truncated: z.boolean(),
  syscall: z.enum(SYSCALLS),
});
export type TraceEvent = z.infer<typeof traceEventSchema>;

/** Per-process totals since the tracer started. */
export const processStatsSchema = z.strictObject({
  pid: z.number().int(),
  comm: z.string(),
  opens: z.number().int(),
  failed: z.number().int(),
  /** Distinct paths opened (capped; see filesCapped). */
  files: z.number().int(),
  filesCapped: z.boolean(),
  /** Opens per second over the last few seconds. */
  rate: z.number(),
  lastPath: z.string(),
  lastTs: z.number(),
});
export type ProcessStats = z.infer<typeof processStatsSchema>;

/** One second of opens across all processes. */
export const ratePointSchema = z.strictObject({
  /** Whole seconds since boot. */
  t: z.number().int(),
  opens: z.number().int(),
  failed: z.number().int(),
});
export type RatePoint = z.infer<typeof ratePointSchema>;
