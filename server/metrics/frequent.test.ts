import { describe, expect, it } from 'vitest';
import { Frequent } from './frequent';

describe('Frequent', () => {
  it('keeps the values past n / (capacity + 1), in bounded memory, whatever else comes', () => {
    const f = new Frequent(10);
    for (let i = 0; i < 100_000; i++) {
      f.add(`noise-${i}`);
      if (i % 4 === 0) f.add('busy');
      if (i % 5 === 0) f.add('steady');
    }
    expect(f.size).toBeLessThanOrEqual(10);
    expect(f.top(2)).toEqual(['busy', 'steady']);
  });

  it('ranks by count, the first seen first among equals', () => {
    const f = new Frequent(5);
    for (const v of ['a', 'b', 'b', 'c', 'c', 'c', 'd']) f.add(v);
    expect(f.top(3)).toEqual(['c', 'b', 'a']);
  });
});
