/** Each phase writes what it measured to the run's folder; report.ts puts
 *  them together. BENCH_RUN_DIR is set by run.sh. */
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './proc';

export const runDir = process.env.BENCH_RUN_DIR ?? path.join(BENCH_DIR, 'results/.scratch');
fs.mkdirSync(runDir, { recursive: true });

export function writePhase(name: string, data: unknown): void {
  fs.writeFileSync(path.join(runDir, `${name}.json`), JSON.stringify(data, null, 2) + '\n');
}

export function readPhase<T>(name: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, `${name}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The middle of unsorted numbers (the upper one of an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Percentile of sorted numbers, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
