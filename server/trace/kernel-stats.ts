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

/** Sum over CPUs, once (a reader opened, read and closed). */
export async function readKernelLoss(tracefs: string): Promise<number> {
  const reader = await KernelLossReader.open(tracefs);
  try {
    return await reader.read();
  } finally {
    await reader.close();
  }
}

/**
 * The sum over CPUs, as the tracer reads it every second: the stats files
 * are opened once and read again from offset 0 (the kernel writes them
 * anew at each read), so the backend does not open three files a second
 * that its own tracer then traces, stores and counts.
 */
export class KernelLossReader {
  private readonly buf = Buffer.alloc(4096);

  private constructor(private readonly files: fs.FileHandle[]) {}

  static async open(tracefs: string): Promise<KernelLossReader> {
    const dir = path.join(tracefs, 'per_cpu');
    const cpus = (await fs.readdir(dir)).filter((d) => /^cpu\d+$/.test(d));
    const files: fs.FileHandle[] = [];
    try {
      for (const cpu of cpus) files.push(await fs.open(path.join(dir, cpu, 'stats'), 'r'));
    } catch (err) {
      await Promise.all(files.map((f) => f.close()));
      throw err;
    }
    return new KernelLossReader(files);
  }

  async read(): Promise<number> {
    let total = 0;
    // One at a time: they share the buffer.
    for (const f of this.files) {
      const { bytesRead } = await f.read(this.buf, 0, this.buf.length, 0);
      total += parseCpuStats(this.buf.toString('utf8', 0, bytesRead));
    }
    return total;
  }

  async close(): Promise<void> {
    await Promise.all(this.files.map((f) => f.close()));
  }
}
