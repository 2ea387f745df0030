import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-ticks';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const s = (n: number) => n * 1000;

describe('timeTicks', () => {
  it('takes the smallest round step that gives at most the count, inside the range', () => {
    // A minute's window: every 15 s.
    expect(timeTicks(T0 + s(3), T0 + s(63), 5, 0).map((t) => (t - T0) / 1000)).toEqual([15, 30, 45, 60]);
    // Five minutes: every minute.
    expect(timeTicks(T0 + s(1), T0 + s(301), 5, 0).map((t) => (t - T0) / 1000)).toEqual([60, 120, 180, 240, 300]);
    // An hour: every 15 minutes.
    expect(timeTicks(T0, T0 + s(3600), 5, 0)).toHaveLength(5);
    for (const t of timeTicks(T0 + s(7), T0 + s(3607), 5, 0)) expect((t - T0) % s(900)).toBe(0);
  });

  it('never gives more than the count, whatever the span', () => {
    for (const span of [1, 7, 59, 61, 299, 901, 3599, 86_400 * 3, 86_400 * 40]) {
      const ticks = timeTicks(T0 + 123, T0 + 123 + s(span), 5, 0);
      expect(ticks.length, `span ${span} s`).toBeLessThanOrEqual(5);
      expect(ticks.length, `span ${span} s`).toBeGreaterThan(0);
    }
  });

  it('puts hours on the local hour in a zone half an hour off UTC', () => {
    // UTC+5:30: getTimezoneOffset is -330 minutes.
    const offset = -330 * 60_000;
    const ticks = timeTicks(T0, T0 + s(6 * 3600), 4, offset);
    for (const t of ticks) expect((t - offset) % s(7200)).toBe(0);
    expect(new Date(ticks[0]! - offset).getUTCMinutes()).toBe(0);
  });

  it('gives the one point of an empty span, and nothing for no data', () => {
    expect(timeTicks(T0, T0, 5, 0)).toEqual([T0]);
    expect(timeTicks(Infinity, -Infinity, 5, 0)).toEqual([]);
  });
});
