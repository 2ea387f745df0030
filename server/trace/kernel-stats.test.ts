import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KernelLossReader, parseCpuStats, readKernelLoss } from './kernel-stats';

describe('parseCpuStats', () => {
  it('adds overrun and dropped events', () => {
    const text = [
      'entries: 12', 'overrun: 50', 'commit overrun: 3', 'bytes: 4096',
      'oldest event ts:   289.766442', 'now ts:   300.1', 'dropped events: 7', 'read events: 900',
    ].join('\n');
    expect(parseCpuStats(text)).toBe(57);
  });
  it('is zero for an idle buffer or unknown text', () => {
    expect(parseCpuStats('entries: 0\noverrun: 0\n')).toBe(0);
    expect(parseCpuStats('nonsense')).toBe(0);
  });
});

describe('KernelLossReader', () => {
  it('reads the files it holds open afresh each time, as readKernelLoss reads them', async () => {
    // A tracefs of regular files: rewritten in place, as the kernel's are at each read.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-tracefs-'));
    try {
      const stats = (cpu: number) => path.join(dir, 'per_cpu', `cpu${cpu}`, 'stats');
      for (const cpu of [0, 1]) {
        fs.mkdirSync(path.dirname(stats(cpu)), { recursive: true });
        fs.writeFileSync(stats(cpu), `entries: 1\noverrun: ${cpu + 1}\n`);
      }
      const reader = await KernelLossReader.open(dir);
      expect(await reader.read()).toBe(3);
      fs.writeFileSync(stats(1), 'entries: 1\noverrun: 40\ndropped events: 2\n');
      expect(await reader.read()).toBe(43);
      expect(await readKernelLoss(dir)).toBe(43);
      await reader.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
