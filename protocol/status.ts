import { z } from 'zod';
import { storeStatsSchema } from './views';

/** How the tracer hooks the open syscalls, in the order auto tries them:
 *  fexit on the syscall wrappers (BPF trampolines), kprobes, tracepoints. */
export const ATTACH_MODES = ['fentry', 'kprobe', 'tracepoint'] as const;
export type AttachMode = (typeof ATTACH_MODES)[number];
/** --attach: one mode, or auto (the first that works here). */
export type AttachChoice = AttachMode | 'auto';
export const isAttachChoice = (s: string): s is AttachChoice =>
  s === 'auto' || (ATTACH_MODES as readonly string[]).includes(s);

export const tracerStatusSchema = z.strictObject({
  state: z.enum(['starting', 'running', 'failed', 'stopped', 'replay']),
  attach: z.enum(ATTACH_MODES).nullable(),
  /** Why this mode: chosen with --attach, or what auto tried first and why
   *  that failed on this kernel. */
  attachWhy: z.string().nullable(),
  /** Syscalls actually hooked (open may be missing on some arches). */
  syscalls: z.array(z.string()),
  /** Times the loader died and was started again. */
  restarts: z.number().int(),
  /** What went wrong last, in words a user can act on. */
  message: z.string().nullable(),
  /** What the kernel side traces at all (--pid/--uid/--comm, pushed down
   *  into the BPF program); null fields: everything. */
  scope: z.strictObject({
    pid: z.number().int().nullable(),
    uid: z.number().int().nullable(),
    comm: z.string().nullable(),
  }),
});
export type TracerStatus = z.infer<typeof tracerStatusSchema>;

/** Counters of the ingest path. Loss is never silent: every line is one of
 *  events, records, foreign or unparsed, and lost counts what the kernel
 *  dropped. */
export const countsSchema = z.strictObject({
  /** Lines read from trace_pipe. */
  lines: z.number().int(),
  /** Lines that became events. */
  events: z.number().int(),
  /** Our other lines: full paths, execs and forks. */
  records: z.number().int(),
  /** Events whose full-path line went missing (dropped by the kernel):
   *  their fullPath is only what their own path says. */
  fullMissing: z.number().int(),
  /** Events of the dashboard's own backend (hidden unless asked for). */
  own: z.number().int(),
  /** Lines that are not ours (other programs sharing trace_pipe). */
  foreign: z.number().int(),
  /** Lines nobody could make sense of (cut, corrupt, over-long). */
  unparsed: z.number().int(),
  /** Opens never seen: trace entries the kernel dropped (the larger of
   *  its overrun counters and the LOST markers it wrote into the stream),
   *  plus startsFull. */
  lost: z.number().int(),
  /** Opens the BPF side could not record: its table of syscalls in flight
   *  was full. */
  startsFull: z.number().int(),
  /** Enters whose exit never ran (a kretprobe out of instances, or the
   *  tracer attached mid-call): those opens were not reported. */
  exitsMissed: z.number().int(),
  /** Sum of the kernel's "CPU:n [LOST m EVENTS]" markers. */
  lostMarkers: z.number().int(),
  /** Growth of per_cpu/cpuN/stats overrun + dropped since start. */
  overrun: z.number().int(),
  /** Bytes read from trace_pipe and not yet parsed (the spool): a burst
   *  waits here while parsing and storing catch up. */
  spooled: z.number().int(),
  /** How long the reader found the spool full (--spool-mb) and waited, in
   *  ms: the kernel's buffer held the lines meanwhile, and what it could
   *  not hold is in overrun. */
  spoolFullMs: z.number().int(),
});
export type Counts = z.infer<typeof countsSchema>;

/** GET /api/health. */
export const healthSchema = z.strictObject({
  tracer: tracerStatusSchema,
  counts: countsSchema,
  /** Wall-clock time of boot in ms, to show trace timestamps as times. */
  bootWallMs: z.number(),
  store: storeStatsSchema,
  /** The last few lines nobody could parse, and why. */
  unparsedSamples: z.array(z.strictObject({ line: z.string(), reason: z.string() })),
});
export type Health = z.infer<typeof healthSchema>;
