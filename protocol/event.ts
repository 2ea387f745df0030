import { z } from 'zod';

/** The syscalls the tracer hooks; the event says which one it saw. */
export const SYSCALLS = ['openat', 'open', 'openat2', 'creat'] as const;
export type Syscall = (typeof SYSCALLS)[number];

/** One completed open, as parsed from a trace_pipe line. */
export const traceEventSchema = z.strictObject({
  /** Seconds since boot, from the trace_pipe line (trace clock). */
  ts: z.number().nonnegative(),
  cpu: z.number().int().nonnegative(),
  /** Process id (tgid). */
  pid: z.number().int().nonnegative(),
  /** When the process started, in seconds since boot to 1/100 s (as
   *  /proc/PID/stat has it); 0 when unknown. A PID is reused, a PID and
   *  its start are not: the two name one process. */
  start: z.number(),
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
  /** The name as the process passed it (may be relative). */
  path: z.string(),
  /** The kernel side cut a long path short. */
  truncated: z.boolean(),
  syscall: z.enum(SYSCALLS),
  /** The absolute path: the opened file (symlinks resolved, from the
   *  root of the process's mount namespace) for a successful open; for a
   *  failed one the name joined to the directory it was relative to and
   *  normalised. '' when unknown (a record lost, or a bad dirfd). */
  fullPath: z.string(),
  /** The kernel's walk of fullPath was cut (too long or too deep). */
  fullTruncated: z.boolean(),
  /** From syscall entry to exit, in ns (0: not measured, old recordings). */
  durationNs: z.number().int().nonnegative(),
  /** The cgroup v2 id of the thread (0: unknown). */
  cgroupId: z.number().int().nonnegative(),
  /** Its path in the cgroup v2 tree, '' when not found. */
  cgroup: z.string(),
  /** The systemd unit the cgroup names (foo.service, session-3.scope), or ''. */
  unit: z.string(),
  /** The container id the cgroup names (64 hex), or ''. */
  container: z.string(),
  /** The process's executable, from its exec (or /proc), or ''. */
  exe: z.string(),
  /** The name of uid, or ''. */
  user: z.string(),
  /** An open by the dashboard's own backend (hidden unless asked for). */
  own: z.boolean(),
  /** Set for the article's BCC lines, which carry only comm, pid, tid, cpu
   *  and time: the other fields are unknown, not zero. */
  origin: z.literal('article').optional(),
});
export type TraceEvent = z.infer<typeof traceEventSchema>;

/** The fields an event learns after parsing (the server's assembler fills
 *  them in), as they are until then. */
export const UNATTRIBUTED = {
  start: 0, fullPath: '', fullTruncated: false, cgroup: '', unit: '', container: '', exe: '', user: '', own: false,
} as const;

/** An open's file, as every view names it: its absolute path where known,
 *  else the name as passed. */
export function fileOf(e: Pick<TraceEvent, 'fullPath' | 'path'>): string {
  return e.fullPath || e.path;
}

/** An event as the store keeps it: `seq` numbers events in the order they
 *  were stored (it goes on across restarts), the cursor for paging. */
export const storedEventSchema = traceEventSchema.extend({
  seq: z.number().int().nonnegative(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

/** How the processes panel groups opens: by process name, PID,
 *  executable, systemd unit or container. */
export const PROCESS_GROUPS = ['comm', 'pid', 'exe', 'unit', 'container'] as const;
export type ProcessGroup = (typeof PROCESS_GROUPS)[number];

/** One row of the processes panel: the opens of one name or one PID that
 *  match the filter, over the window asked for. */
export const processStatsSchema = z.strictObject({
  /** What the row groups by, as text: the name, PID, executable, unit or
   *  container id ('' for opens with none). */
  key: z.string(),
  /** The PID (grouped by PID), or the only PID of a name; null for a name
   *  seen under several PIDs. */
  pid: z.number().int().nullable(),
  /** That process's start (see traceEventSchema), null with pid. Grouped
   *  by PID, a row is one process: a reused PID has a row per process, and
   *  `key` is PID@start. */
  start: z.number().nullable(),
  /** The name (grouped by name), or the PID's latest name. */
  comm: z.string(),
  /** Distinct processes (PID and start) in the row. */
  pids: z.number().int(),
  opens: z.number().int(),
  failed: z.number().int(),
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

/** How long opens took: quantiles and a log2 histogram (each bucket counts
 *  opens of [2^k, 2^(k+1)) ns). Opens without a duration (old recordings,
 *  the article's lines) are left out. */
export const latencySchema = z.strictObject({
  count: z.number().int(),
  p50Ns: z.number().nullable(),
  p99Ns: z.number().nullable(),
  maxNs: z.number().nullable(),
  histogram: z.array(z.strictObject({ log2: z.number().int(), count: z.number().int() })),
});
export type Latency = z.infer<typeof latencySchema>;

/** A process of a PID, as a process page lists the PID's others. */
export const pidProcessSchema = z.strictObject({
  start: z.number(),
  comm: z.string(),
  opens: z.number().int(),
  firstTs: z.number(),
  lastTs: z.number(),
});
export type PidProcess = z.infer<typeof pidProcessSchema>;

export const processDetailSchema = z.strictObject({
  pid: z.number().int(),
  /** With pid, which process this is (see traceEventSchema). */
  start: z.number(),
  comm: z.string(),
  uid: z.number().int(),
  user: z.string(),
  /** From its latest open: what it ran, where it ran. */
  exe: z.string(),
  cgroup: z.string(),
  unit: z.string(),
  container: z.string(),
  /** From its last exec the tracer saw (kept after it exits); null when
   *  none was seen (it started before the tracer: see /proc). */
  exec: z
    .strictObject({ ts: z.number(), ppid: z.number().int(), args: z.array(z.string()), truncated: z.boolean() })
    .nullable(),
  opens: z.number().int(),
  failed: z.number().int(),
  firstTs: z.number(),
  lastTs: z.number(),
  /** Distinct paths in all; `files` lists the most opened of them. */
  fileCount: z.number().int(),
  files: z.array(fileStatsSchema),
  rate: z.array(ratePointSchema),
  /** How long its opens took. */
  latency: latencySchema,
  /** Every process the store has under this PID (this one too), the
   *  latest first: PIDs are reused. */
  processes: z.array(pidProcessSchema),
});
export type ProcessDetail = z.infer<typeof processDetailSchema>;
