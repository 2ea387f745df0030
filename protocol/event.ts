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

/** An event as the store keeps it: `seq` numbers events in the order they
 *  were stored (it goes on across restarts), the cursor for paging. */
export const storedEventSchema = traceEventSchema.extend({
  seq: z.number().int().nonnegative(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

/** How the processes panel groups opens: by process name or by PID. */
export const PROCESS_GROUPS = ['comm', 'pid'] as const;
export type ProcessGroup = (typeof PROCESS_GROUPS)[number];

/** One row of the processes panel: the opens of one name or one PID that
 *  match the filter, over the window asked for. */
export const processStatsSchema = z.strictObject({
  /** The PID (grouped by PID), or the only PID of a name; null for a name
   *  seen under several PIDs. */
  pid: z.number().int().nullable(),
  /** The name (grouped by name), or the PID's latest name. */
  comm: z.string(),
  /** Distinct PIDs in the row. */
  pids: z.number().int(),
  opens: z.number().int(),
  failed: z.number().int(),
  /** Distinct paths opened. */
  files: z.number().int(),
  /** Opens per second over the last few seconds of the window. */
  rate: z.number(),
  lastPath: z.string(),
  firstTs: z.number(),
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
  /** Distinct paths in all; `files` lists the most opened of them. */
  fileCount: z.number().int(),
  files: z.array(fileStatsSchema),
  rate: z.array(ratePointSchema),
});
export type ProcessDetail = z.infer<typeof processDetailSchema>;
