import { describe, expect, it } from 'vitest';
import type { RatePoint } from '../../protocol/event';
import {
  bucketSeconds,
  DEFAULT_WINDOW,
  downsample,
  formatSpan,
  lastSeconds,
  MAX_POINTS,
  mergeSeries,
  parseWindow,
} from './rate-window';

function series(from: number, count: number, opens: (t: number) => number = () => 1): RatePoint[] {
  return Array.from({ length: count }, (_, i) => ({ t: from + i, opens: opens(from + i), failed: 0 }));
}

describe('parseWindow', () => {
  it('takes the offered windows only', () => {
    expect(parseWindow('15')).toBe(15);
    expect(parseWindow('60')).toBe(60);
    expect(parseWindow(null)).toBe(DEFAULT_WINDOW);
    expect(parseWindow('7')).toBe(DEFAULT_WINDOW);
    expect(parseWindow('1e1')).toBe(DEFAULT_WINDOW);
  });
});

describe('downsample', () => {
  it('keeps short series as they are', () => {
    const s = series(100, 300);
    expect(downsample(s)).toEqual(s.map((p) => ({ ...p, seconds: 1 })));
    expect(downsample([])).toEqual([]);
  });

  it('fits an hour into at most MAX_POINTS averages, whatever second it ends on', () => {
    for (const from of [1000, 1003, 1009]) {
      const out = downsample(series(from, 3600));
      expect(out.length).toBeLessThanOrEqual(MAX_POINTS);
      expect(out.length).toBeGreaterThan(MAX_POINTS - 40);
      expect(out.every((p) => p.opens === 1)).toBe(true);
      expect(out.reduce((n, p) => n + p.seconds, 0)).toBe(3600);
    }
  });

  it('averages per second, so a busy second stays visible as a share of its bucket', () => {
    const s = series(0, 3600, (t) => (t === 25 ? 101 : 1));
    const out = downsample(s);
    expect(bucketSeconds(3600)).toBe(10);
    expect(out[2]).toEqual({ t: 20, opens: 11, failed: 0, seconds: 10 });
    expect(out[1]).toEqual({ t: 10, opens: 1, failed: 0, seconds: 10 });
  });

  it('aligns buckets to the clock, so old buckets keep their values as time moves', () => {
    const s = series(0, 3700, (t) => t % 7);
    const a = downsample(s.slice(0, 3600));
    const b = downsample(s.slice(10, 3610));
    expect(b.slice(0, -1)).toEqual(a.slice(1));
  });
});

describe('lastSeconds', () => {
  it('takes the newest seconds', () => {
    expect(lastSeconds(series(0, 10), 3).map((p) => p.t)).toEqual([7, 8, 9]);
    expect(lastSeconds(series(0, 2), 3)).toHaveLength(2);
  });
});

describe('mergeSeries', () => {
  it('replaces the seconds sent again and keeps the newest', () => {
    const older = series(10, 5);
    const newer = [{ t: 13, opens: 7, failed: 1 }, { t: 14, opens: 2, failed: 0 }, { t: 15, opens: 3, failed: 0 }];
    const m = mergeSeries(older, newer, 5);
    expect(m.map((p) => [p.t, p.opens])).toEqual([[11, 1], [12, 1], [13, 7], [14, 2], [15, 3]]);
    expect(mergeSeries(older, [], 5)).toEqual(older);
  });
});

describe('formatSpan', () => {
  it('says the largest whole unit', () => {
    expect(formatSpan(3600)).toBe('60 min');
    expect(formatSpan(90)).toBe('90 s');
    expect(formatSpan(86_400)).toBe('24 h');
    expect(formatSpan(7 * 86_400)).toBe('7 days');
    expect(formatSpan(5400)).toBe('90 min');
  });
});
