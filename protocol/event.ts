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
  /** Real user id: who runs the process. */
  uid: z.number().int().nonnegative(),
  /** Effective user id: whose rights the open was checked against (root
   *  for a setuid program run by anyone). */
  euid: z.number().int().nonnegative(),
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
  /** Set for the article's BCC lines, which carry only comm, pid, tid, cpu
   *  and time: the other fields are unknown, not zero. */
  origin: z.literal('article').optional(),
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

/** One file as one process opened it. */
export const fileStatsSchema = z.strictObject({
  path: z.string(),
  opens: z.number().int(),
  /** errno (as text) -> count */
  failures: z.record(z.string(), z.number().int()),
  firstTs: z.number(),
  lastTs: z.number(),
  /** Distinct open flags seen (up to 8). */
  flags: z.array(z.number().int()),
});
export type FileStats = z.infer<typeof fileStatsSchema>;

/** What /proc says of a live process (null once it has exited). */
export const procInfoSchema = z.strictObject({
  ppid: z.number().int(),
  uid: z.number().int(),
  cmdline: z.array(z.string()),
});
export type ProcInfo = z.infer<typeof procInfoSchema>;

export const processDetailSchema = z.strictObject({
  pid: z.number().int(),
  comm: z.string(),
  uid: z.number().int(),
  opens: z.number().int(),
  failed: z.number().int(),
  firstTs: z.number(),
  lastTs: z.number(),
  filesCapped: z.boolean(),
  files: z.array(fileStatsSchema),
  rate: z.array(ratePointSchema),
});
export type ProcessDetail = z.infer<typeof processDetailSchema>;
