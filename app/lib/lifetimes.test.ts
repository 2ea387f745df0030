import { describe, expect, it } from 'vitest';
import { BLOCK_LIFETIMES, formatCountdown, lifetimeSeconds, lifetimeValue, RULE_LIFETIMES } from './lifetimes';

describe('lifetimes', () => {
  it('round-trips through a select value', () => {
    for (const l of RULE_LIFETIMES) expect(lifetimeSeconds(lifetimeValue(l.seconds))).toBe(l.seconds);
    expect(BLOCK_LIFETIMES.map((l) => l.label)).toEqual(['until removed', '1 min', '10 min', '1 h']);
    expect(RULE_LIFETIMES.at(-1)).toEqual({ label: '1 day', seconds: 86_400 });
  });
});

describe('formatCountdown', () => {
  const now = Date.parse('2024-01-02T03:00:00.000Z');
  const at = (s: number) => new Date(now + s * 1000).toISOString();

  it('counts down in the two largest units', () => {
    expect(formatCountdown(null, now)).toBe('—');
    expect(formatCountdown(at(45), now)).toBe('in 45s');
    expect(formatCountdown(at(9 * 60 + 12), now)).toBe('in 9m 12s');
    expect(formatCountdown(at(2 * 3600 + 5 * 60 + 30), now)).toBe('in 2h 5m');
    expect(formatCountdown(at(3 * 86_400 + 4 * 3600), now)).toBe('in 3d 4h');
    expect(formatCountdown(at(0.2), now)).toBe('in 1s');
  });

  it('says when it is due', () => {
    expect(formatCountdown(at(0), now)).toBe('due');
    expect(formatCountdown(at(-5), now)).toBe('due');
  });
});
