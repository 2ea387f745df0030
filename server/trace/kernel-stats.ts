/**
 * What the kernel's ring buffer dropped: per_cpu/cpuN/stats counts
 * `overrun` (entries overwritten before anyone read them) and `dropped
 * events` (entries refused when the buffer is not in overwrite mode).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Pure: the overrun + dropped total of one stats file's text. */
export function parseCpuStats(text: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^(overrun|dropped events):\s*(\d+)\s*$/.exec(line);
    if (m) total += Number(m[2]);
  }
  return total;
}

/** Sum over CPUs; reads the small stats files (cheap, async). */
export async function readKernelLoss(tracefs: string): Promise<number> {
  const dir = path.join(tracefs, 'per_cpu');
  const cpus = (await fs.readdir(dir)).filter((d) => /^cpu\d+$/.test(d));
  const totals = await Promise.all(
    cpus.map(async (cpu) => parseCpuStats(await fs.readFile(path.join(dir, cpu, 'stats'), 'utf8'))),
  );
  return totals.reduce((a, b) => a + b, 0);
}
