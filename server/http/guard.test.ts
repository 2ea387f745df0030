import { describe, expect, it } from 'vitest';
import { hostAllowed, RateLimiter } from './guard';

describe('hostAllowed', () => {
  it('accepts IP literals and localhost, with or without port', () => {
    for (const h of ['127.0.0.1:7070', '127.0.0.1', 'localhost:7070', 'LOCALHOST', '[::1]:7070', '[::1]', '10.0.0.5:80']) {
      expect(hostAllowed(h, []), h).toBe(true);
    }
  });
  it('refuses other names (DNS rebinding) unless allowed', () => {
    expect(hostAllowed('evil.example:7070', [])).toBe(false);
    expect(hostAllowed('localhost.evil.example', [])).toBe(false);
    expect(hostAllowed(undefined, [])).toBe(false);
    expect(hostAllowed('[::1', [])).toBe(false);
    expect(hostAllowed('dash.lan:7070', ['dash.lan'])).toBe(true);
  });
});

describe('RateLimiter', () => {
  it('lets a burst through, then one per interval, per client', () => {
    let t = 0;
    const rl = new RateLimiter(3, 2, () => t);
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0]);
    expect(rl.take('a')).toBeGreaterThan(0);
    expect(rl.take('b')).toBe(0);
    t += 500;
    expect(rl.take('a')).toBe(0);
    expect(rl.take('a')).toBeGreaterThan(0);
  });
});
