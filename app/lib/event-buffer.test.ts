import { describe, expect, it } from 'vitest';
import { EventBuffer } from './event-buffer';

describe('EventBuffer', () => {
  it('starts empty', () => {
    const b = new EventBuffer<number>(3);
    expect(b.size).toBe(0);
    expect(b.newestFirst()).toEqual([]);
  });

  it('returns items newest first', () => {
    const b = new EventBuffer<number>(5);
    b.push(1);
    b.push(2);
    b.pushAll([3, 4]);
    expect(b.size).toBe(4);
    expect(b.newestFirst()).toEqual([4, 3, 2, 1]);
  });

  it('drops the oldest items past capacity', () => {
    const b = new EventBuffer<number>(3);
    for (let i = 1; i <= 7; i++) b.push(i);
    expect(b.size).toBe(3);
    expect(b.newestFirst()).toEqual([7, 6, 5]);
  });

  it('keeps only the newest items of a batch larger than capacity', () => {
    const b = new EventBuffer<number>(3);
    b.push(0);
    b.pushAll([1, 2, 3, 4, 5]);
    expect(b.newestFirst()).toEqual([5, 4, 3]);
  });

  it('wraps around repeatedly without losing order', () => {
    const b = new EventBuffer<number>(4);
    const all: number[] = [];
    for (let i = 0; i < 23; i++) {
      b.pushAll([i * 3, i * 3 + 1, i * 3 + 2]);
      all.push(i * 3, i * 3 + 1, i * 3 + 2);
      expect(b.newestFirst()).toEqual(all.slice(-4).reverse());
    }
  });

  it('clears', () => {
    const b = new EventBuffer<number>(2);
    b.pushAll([1, 2, 3]);
    b.clear();
    expect(b.size).toBe(0);
    b.push(9);
    expect(b.newestFirst()).toEqual([9]);
  });

  it('rejects a useless capacity', () => {
    expect(() => new EventBuffer<number>(0)).toThrow(RangeError);
    expect(() => new EventBuffer<number>(1.5)).toThrow(RangeError);
  });
});
