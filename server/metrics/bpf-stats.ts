/**
 * The kernel's BPF run-time statistics: its switch (kernel.bpf_stats_enabled,
 * off by default: timing every run of every BPF program costs a few ns
 * each), turned on at start and put back at exit, and bpftool's reading of
 * our programs. The side effects of the cost figures live here; what they
 * mean is in bpf-programs.ts and cost.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../safe-files';
import { bpftool } from '../xdp/bpftool';
import { memlockBytes, ourPrograms, type BpfProgram } from './bpf-programs';

export const BPF_STATS_SYSCTL = '/proc/sys/kernel/bpf_stats_enabled';

export const ENABLED_NOTE = 'enabled by ebpf-dash at start; restored at exit';

export interface StatsSwitch {
  /** The value found at start, to put back at exit; undefined when we
   *  changed nothing. */
  previous: string | undefined;
  /** The statistics were on once we were done. */
  on: boolean;
  /** How the statistics came to be on, or why they are not. */
  note: string;
}

/**
 * Turns the statistics on unless they are. The value found is noted in
 * `note` first, so that after a crash (kill -9: no chance to restore) the
 * next start still knows what to put back, as for the trace buffer.
 */
export function enableBpfStats(sysctl: string, note: string): StatsSwitch {
  try {
    const now = fs.readFileSync(sysctl, 'utf8').trim();
    const previous = readNote(note) ?? now;
    if (previous !== '0') return { previous: undefined, on: true, note: 'on before ebpf-dash started; left as it is' };
    if (now !== '1') {
      fs.mkdirSync(path.dirname(note), { recursive: true, mode: 0o700 });
      writeFileAtomic(note, `${previous}\n`);
      fs.writeFileSync(sysctl, '1');
    }
    return { previous, on: true, note: ENABLED_NOTE };
  } catch (err) {
    return { previous: undefined, on: false, note: `cannot turn on kernel.bpf_stats_enabled: ${(err as Error).message}` };
  }
}

export function restoreBpfStats(sysctl: string, change: StatsSwitch, note: string): void {
  if (change.previous === undefined) return;
  fs.writeFileSync(sysctl, change.previous);
  fs.rmSync(note, { force: true });
}

/** Whether the kernel times BPF programs now (anyone may turn it off). */
export function bpfStatsEnabled(sysctl: string): boolean {
  try {
    return fs.readFileSync(sysctl, 'utf8').trim() !== '0';
  } catch {
    return false;
  }
}

/** Pure: the note for the cost answer, from the start's switch and the
 *  statistics now (root may turn them on or off meanwhile). */
export function statsNoteNow(sw: Pick<StatsSwitch, 'on' | 'note'>, enabledNow: boolean): string {
  if (enabledNow === sw.on) return sw.note;
  return enabledNow
    ? 'turned on since ebpf-dash started, not by it'
    : 'turned off since ebpf-dash started (kernel.bpf_stats_enabled is 0): the kernel times no BPF program';
}

function readNote(note: string): string | undefined {
  try {
    return fs.readFileSync(note, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Our programs as loaded now (one bpftool run). */
export async function readOurPrograms(): Promise<BpfProgram[]> {
  return ourPrograms(await bpftool(['-j', 'prog', 'show']));
}

/** The locked memory of these programs and their maps (one bpftool run). */
export async function readMemlockBytes(programs: readonly BpfProgram[]): Promise<number> {
  return memlockBytes(programs, await bpftool(['-j', 'map', 'show']));
}
