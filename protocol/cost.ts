/** GET /api/cost: what tracing costs now, over the last sampling interval,
 *  as bpftop and Tetragon show it: the kernel's run-time statistics of our
 *  BPF programs, and the backend's own CPU and memory. */
import { z } from 'zod';

export const programCostSchema = z.strictObject({
  /** The program's name as bpftool shows it (fx_openat, tp_exec, odash_xdp…);
   *  programs of the same name are summed. */
  prog: z.string(),
  /** Runs and run time over the interval; null while the kernel's run-time
   *  statistics are off (it then counts nothing). */
  runs: z.number().nullable(),
  runTimeNs: z.number().nullable(),
  /** runTimeNs / runs; null without runs. */
  nsPerRun: z.number().nullable(),
});
export type ProgramCost = z.infer<typeof programCostSchema>;

export const costSchema = z.strictObject({
  /** kernel.bpf_stats_enabled is 1: the kernel times every run of every
   *  BPF program (a few ns each), so the BPF figures below mean something. */
  statsEnabled: z.boolean(),
  /** Who turned the statistics on and what happens at exit, or why there
   *  are none (a replay, a write the kernel refused). */
  statsNote: z.string().nullable(),
  /** Our programs: the tracer's and the XDP filter's. */
  programs: z.array(programCostSchema),
  /** Opens the pipeline ingested per second (the backend's own included). */
  opensPerSecond: z.number(),
  /** BPF run time of the tracer's programs per ingested open, in ns; null
   *  without opens or statistics. */
  bpfNsPerOpen: z.number().nullable(),
  /** BPF run time of all our programs over wall time, in % of one CPU. */
  bpfCpuPercent: z.number().nullable(),
  /** The backend process's CPU time (user + system) over wall time, in %
   *  of one CPU; its children (bpftool, ip) are not in it. */
  backendCpuPercent: z.number(),
  backendRssBytes: z.number(),
  /** Locked memory of our programs and the maps they use; null without a
   *  kernel to ask (a replay). */
  bpfMemlockBytes: z.number().nullable(),
  /** How long the interval the figures cover was. */
  intervalSeconds: z.number(),
  /** When its end was sampled (ISO 8601). */
  sampledAt: z.string(),
});
export type Cost = z.infer<typeof costSchema>;
