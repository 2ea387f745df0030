import { describe, expect, it } from 'vitest';
import { addSample, type CounterRates, currentRate, EMPTY_RATES, MAX_GAP_MS } from './counter-rates';

const poll = (prev: CounterRates, t: number, entries: Record<string, number>) =>
  addSample(prev, t, new Map(Object.entries(entries)));

describe('addSample', () => {
  it('has no rate until a second sample', () => {
    const r = poll(EMPTY_RATES, 1_000, { a: 5 });
    expect(r.get('a')?.points).toEqual([]);
    expect(currentRate(r.get('a'))).toBeNull();
  });

  it('divides the counter difference by the time between polls', () => {
    let r = poll(EMPTY_RATES, 1_000, { a: 5 });
    r = poll(r, 2_000, { a: 15 });
    r = poll(r, 2_500, { a: 20 });
    expect(r.get('a')?.points).toEqual([
      { t: 2_000, perSec: 10 },
      { t: 2_500, perSec: 10 },
    ]);
    expect(currentRate(r.get('a'))).toBe(10);
  });

  it('keeps each counter apart and forgets ones no longer polled', () => {
    let r = poll(EMPTY_RATES, 0, { a: 0, b: 100 });
    r = poll(r, 1_000, { a: 3 });
    expect(r.has('b')).toBe(false);
    r = poll(r, 2_000, { a: 3, b: 0 });
    // b is new again: a rule removed and re-added starts without history.
    expect(r.get('b')?.points).toEqual([]);
    expect(currentRate(r.get('a'))).toBe(0);
  });

  it('restarts from a counter that went down instead of drawing a negative rate', () => {
    let r = poll(EMPTY_RATES, 0, { a: 50 });
    r = poll(r, 1_000, { a: 60 });
    r = poll(r, 2_000, { a: 4 });
    expect(currentRate(r.get('a'))).toBeNull();
    expect(r.get('a')?.points).toEqual([{ t: 1_000, perSec: 10 }]);
    r = poll(r, 3_000, { a: 6 });
    expect(currentRate(r.get('a'))).toBe(2);
  });

  it('draws no rate across a long gap such as a hidden tab', () => {
    let r = poll(EMPTY_RATES, 0, { a: 0 });
    r = poll(r, MAX_GAP_MS + 1, { a: 1_000 });
    expect(currentRate(r.get('a'))).toBeNull();
    expect(r.get('a')?.lastValue).toBe(1_000);
  });

  it('ignores a sample that is not newer', () => {
    let r = poll(EMPTY_RATES, 1_000, { a: 1 });
    r = poll(r, 2_000, { a: 3 });
    r = poll(r, 2_000, { a: 9 });
    expect(r.get('a')).toEqual({ lastT: 2_000, lastValue: 3, points: [{ t: 2_000, perSec: 2 }] });
  });

  it('keeps only the window', () => {
    let r = poll(EMPTY_RATES, 0, { a: 0 });
    for (let t = 1_000; t <= 90_000; t += 1_000) r = poll(r, t, { a: t / 1_000 });
    const points = r.get('a')!.points;
    expect(points[0]!.t).toBe(31_000);
    expect(points.at(-1)!.t).toBe(90_000);
    expect(points).toHaveLength(60);
  });
});
