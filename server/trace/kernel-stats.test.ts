import { describe, expect, it } from 'vitest';
import { parseCpuStats } from './kernel-stats';

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
