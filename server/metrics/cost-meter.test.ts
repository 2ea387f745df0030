import { describe, expect, it } from 'vitest';
import { CostMeter } from './cost-meter';
import type { CostSample } from './cost';

/** A clock that only moves when told (or slept on), and a sample of it:
 *  1,000 opens a second. */
function fake() {
  const clock = { t: 100_000, reads: 0 };
  const read = async (): Promise<CostSample> => {
    clock.reads++;
    return {
      atMs: clock.t, opens: clock.t, cpuMicros: 0, rssBytes: 1, programs: null, memlockBytes: null,
      statsEnabled: false, statsNote: null,
    };
  };
  const meter = new CostMeter(read, { minIntervalMs: 1000, staleMs: 10_000, settleMs: 1000 }, () => clock.t, async (ms) => {
    clock.t += ms;
  });
  return { clock, meter };
}

describe('CostMeter', () => {
  it('measures over a fresh second at first, then since the previous request', async () => {
    const { clock, meter } = fake();
    const first = await meter.current();
    expect(clock.reads).toBe(2);
    expect(first.intervalSeconds).toBe(1);
    expect(first.opensPerSecond).toBe(1000);
    clock.t += 2000;
    const second = await meter.current();
    expect(clock.reads).toBe(3);
    expect(second.intervalSeconds).toBe(2);
  });

  it('shares the last answer within the minimum interval, and one sample among concurrent requests', async () => {
    const { clock, meter } = fake();
    const [a, b] = await Promise.all([meter.current(), meter.current()]);
    expect(a).toBe(b);
    expect(clock.reads).toBe(2);
    clock.t += 999;
    expect(await meter.current()).toBe(a);
    expect(clock.reads).toBe(2);
  });

  it('takes a fresh baseline after a silence, so the answer is about now', async () => {
    const { clock, meter } = fake();
    await meter.current();
    clock.t += 60_000;
    const after = await meter.current();
    expect(after.intervalSeconds).toBe(1);
    expect(clock.reads).toBe(4);
  });
});
