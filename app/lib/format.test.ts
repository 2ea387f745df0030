import { describe, expect, it } from 'vitest';
import { bootToWallMs, formatAge, formatClock, formatDateTime } from './format';

describe('formatClock', () => {
  it('formats local time with optional milliseconds', () => {
    const t = new Date(2024, 0, 2, 3, 4, 5, 67).getTime();
    expect(formatClock(t)).toBe('03:04:05');
    expect(formatClock(t, true)).toBe('03:04:05.067');
  });
});

describe('formatDateTime', () => {
  it('formats local date and time', () => {
    expect(formatDateTime(new Date(2024, 0, 2, 3, 4, 5, 67).getTime())).toBe('2024-01-02 03:04:05');
  });
});

describe('bootToWallMs', () => {
  it('adds seconds since boot to the boot time', () => {
    expect(bootToWallMs(1_000, 2.5)).toBe(3_500);
  });
});

describe('formatAge', () => {
  it('is coarse', () => {
    expect(formatAge(0.3)).toBe('now');
    expect(formatAge(12.9)).toBe('12s ago');
    expect(formatAge(600)).toBe('10m ago');
    expect(formatAge(4 * 3600)).toBe('4h ago');
  });
});
