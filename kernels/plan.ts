/**
 * Which suite runs in which attach mode. Under TCG a suite takes minutes,
 * so by default only the suites about the tracer itself (backend: events,
 * hostile names, restarts, clean stop; loss: the BPF side's own loss
 * counters; attribution: absolute paths, durations, exec records, whose
 * kernel code differs by mode) run in every mode; the others run
 * once per kernel, in auto (which is fentry on Debian's kernels). --all,
 * or --mode, runs every suite in every mode named. Pure.
 */
import type { Cell } from './qemu';

export const PER_MODE_SUITES = ['attribution', 'backend', 'loss'];

export function planCells(modes: readonly string[], suites: readonly string[], all: boolean): Cell[] {
  if (all) return modes.flatMap((mode) => suites.map((suite) => ({ mode, suite })));
  return [
    ...modes.flatMap((mode) => suites.filter((s) => PER_MODE_SUITES.includes(s)).map((suite) => ({ mode, suite }))),
    ...suites.filter((s) => !PER_MODE_SUITES.includes(s)).map((suite) => ({ mode: 'auto', suite })),
  ];
}

/** The names asked for, in `all`'s order (every one when none was asked);
 *  a name not in `all` is an error that lists them. */
export function pickNames<T extends string>(asked: readonly string[] | undefined, all: readonly T[], what: string): T[] {
  for (const a of asked ?? []) if (!all.includes(a as T)) throw new Error(`unknown ${what} '${a}' (one of: ${all.join(', ')})`);
  return asked ? all.filter((x) => asked.includes(x)) : [...all];
}
