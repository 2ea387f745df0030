import { describe, expect, it } from 'vitest';
import { bootToWallMs, formatAge, formatBytes, formatClock, formatCount, formatDateTime, traceClock } from './format';

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

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect([0, 999, 1000, 1234567, -12345].map(formatCount)).toEqual(['0', '999', '1,000', '1,234,567', '-12,345']);
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect([0, 712.825, 1023, 1536, 10 * 1024 * 1024, 3 * 2 ** 30].map(formatBytes)).toEqual(['0 B', '713 B', '1023 B', '1.5 KiB', '10 MiB', '3.0 GiB']);
  });
});

describe('traceClock', () => {
  it('reads as a time of day once the boot time is known', () => {
    const boot = new Date(2024, 0, 2, 3, 0, 0).getTime();
    expect(traceClock(65.4, boot)).toBe('03:01:05');
    expect(traceClock(65.44, null)).toBe('65.4 s');
  });
});
