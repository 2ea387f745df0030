import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketRange, histogramBars, MAX_BARS, roughDuration } from './latency';

describe('roughDuration', () => {
  it('reads powers of two as round numbers in the largest unit under them', () => {
    expect(roughDuration(512)).toEqual({ value: '512', unit: 'ns' });
    expect(roughDuration(1024)).toEqual({ value: '1', unit: 'µs' });
    expect(roughDuration(4096)).toEqual({ value: '4', unit: 'µs' });
    expect(roughDuration(16384)).toEqual({ value: '16', unit: 'µs' });
    expect(roughDuration(32768)).toEqual({ value: '33', unit: 'µs' });
    expect(roughDuration(2 ** 20)).toEqual({ value: '1', unit: 'ms' });
    expect(roughDuration(2 ** 30)).toEqual({ value: '1.1', unit: 's' });
    expect(roughDuration(1)).toEqual({ value: '1', unit: 'ns' });
    expect(roughDuration(0)).toEqual({ value: '0', unit: 'ns' });
  });

  it('rounds up to the next unit rather than writing 1000', () => {
    expect(roughDuration(999_700)).toEqual({ value: '1', unit: 'ms' });
    expect(roughDuration(1500)).toEqual({ value: '1.5', unit: 'µs' });
  });
});

describe('bucketLabel', () => {
  it('names a bucket by its bounds, the unit once when shared', () => {
    expect(bucketLabel(0)).toBe('1–2ns');
    expect(bucketLabel(9)).toBe('512ns–1µs');
    expect(bucketLabel(10)).toBe('1–2µs');
    expect(bucketLabel(11)).toBe('2–4µs');
    expect(bucketLabel(14)).toBe('16–33µs');
    expect(bucketLabel(19)).toBe('524µs–1ms');
    expect(bucketLabel(20)).toBe('1–2ms');
    expect(bucketLabel(29)).toBe('537ms–1.1s');
  });

  it('gives the exact bounds for the tooltip', () => {
    expect(bucketRange(10)).toBe('[1,024, 2,048) ns');
  });
});

describe('histogramBars', () => {
  it('is empty without counts', () => {
    expect(histogramBars([])).toEqual([]);
    expect(histogramBars([{ log2: 12, count: 0 }])).toEqual([]);
  });

  it('orders the buckets and fills the gaps between them with empty bars', () => {
    const bars = histogramBars([
      { log2: 13, count: 2 },
      { log2: 10, count: 5 },
    ]);
    expect(bars.map((b) => [b.log2, b.count, b.label])).toEqual([
      [10, 5, '1–2µs'],
      [11, 0, '2–4µs'],
      [12, 0, '4–8µs'],
      [13, 2, '8–16µs'],
    ]);
  });

  it('adds up a bucket given twice and ignores impossible ones', () => {
    const bars = histogramBars([
      { log2: 10, count: 1 },
      { log2: 10, count: 2 },
      { log2: -1, count: 9 },
    ]);
    expect(bars).toHaveLength(1);
    expect(bars[0]!.count).toBe(3);
  });

  it('folds the shortest buckets into the first bar past MAX_BARS', () => {
    const bars = histogramBars([
      { log2: 0, count: 1 },
      { log2: 3, count: 2 },
      { log2: 50, count: 4 },
    ]);
    expect(bars).toHaveLength(MAX_BARS);
    expect(bars[0]!.log2).toBe(50 - MAX_BARS + 1);
    expect(bars[0]!.count).toBe(3);
    expect(bars[0]!.label.startsWith('<')).toBe(true);
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(7);
  });
});
