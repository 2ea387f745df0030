/**
 * Our BPF programs in `bpftool -j prog show` and `bpftool -j map show`:
 * their run-time statistics (run_time_ns and run_cnt, present only for a
 * program that ran while kernel.bpf_stats_enabled was 1) and the locked
 * memory they and their maps take. Pure: the bpftool runs are in
 * bpf-stats.ts.
 */
import { z } from 'zod';
import { XDP_PROG_NAME } from '../../protocol/xdp-filter';

/** The tracer's programs (bpf/openat.bpf.c), by name: one set per attach
 *  mode (tracepoints, kprobes, fentry/fexit; each with creat and the
 *  32-bit entry's; one exit program shared by every syscall where the
 *  attach type allows), plus exec and fork. Without
 *  BTF bpftool shows the kernel's name, cut at 15 characters
 *  (tp_enter_openat2 -> tp_enter_openat): that still matches.
 *  bpf-programs.test.ts checks every program in the source against it. */
const TRACER_PROGRAM =
  /^(?:(?:tp_enter|ks_enter|fe|fx)_(?:open(?:at2?)?|creat)|tp_exit|kr_exit|rt_(?:enter|exit)_ia32|tp_exec|raw_fork)$/;

export type ProgramOwner = 'tracer' | 'xdp';

export function programOwner(name: string): ProgramOwner | null {
  if (name === XDP_PROG_NAME) return 'xdp';
  return TRACER_PROGRAM.test(name) ? 'tracer' : null;
}

export interface BpfProgram {
  id: number;
  name: string;
  owner: ProgramOwner;
  /** Since the program was loaded, while statistics were on. */
  runs: number;
  runTimeNs: number;
  memlockBytes: number;
  mapIds: readonly number[];
}

const progSchema = z.object({
  id: z.number(),
  name: z.string().optional(),
  run_time_ns: z.number().optional(),
  run_cnt: z.number().optional(),
  bytes_memlock: z.number().optional(),
  map_ids: z.array(z.number()).optional(),
});

/** Our programs among everything loaded; throws on output that is not
 *  bpftool's. */
export function ourPrograms(progShowJson: string): BpfProgram[] {
  const ours: BpfProgram[] = [];
  for (const p of z.array(progSchema).parse(JSON.parse(progShowJson))) {
    const owner = programOwner(p.name ?? '');
    if (!owner) continue;
    ours.push({
      id: p.id, name: p.name ?? '', owner, runs: p.run_cnt ?? 0, runTimeNs: p.run_time_ns ?? 0,
      memlockBytes: p.bytes_memlock ?? 0, mapIds: p.map_ids ?? [],
    });
  }
  return ours;
}

const mapSchema = z.object({ id: z.number(), bytes_memlock: z.number().optional() });

/** Locked memory of the programs and of each map they use (once, however
 *  many of them share it). */
export function memlockBytes(programs: readonly BpfProgram[], mapShowJson: string): number {
  const used = new Set(programs.flatMap((p) => p.mapIds));
  const maps = z.array(mapSchema).parse(JSON.parse(mapShowJson));
  const ofMaps = maps.reduce((n, m) => n + (used.has(m.id) ? (m.bytes_memlock ?? 0) : 0), 0);
  return programs.reduce((n, p) => n + p.memlockBytes, ofMaps);
}

/** Runs and run time by program name (a restart may show a name twice
 *  for a moment). */
export function byName(programs: readonly BpfProgram[]): Map<string, { runs: number; runTimeNs: number }> {
  const out = new Map<string, { runs: number; runTimeNs: number }>();
  for (const p of programs) {
    const s = out.get(p.name) ?? { runs: 0, runTimeNs: 0 };
    s.runs += p.runs;
    s.runTimeNs += p.runTimeNs;
    out.set(p.name, s);
  }
  return out;
}
