import { describe, expect, it } from 'vitest';
import { keyRowsBySlot } from './row-keys';

describe('keyRowsBySlot', () => {
  const a = { n: 1 };
  const b = { n: 2 };
  const c = { n: 3 };
  const d = { n: 4 };

  it('keys by event on the first render', () => {
    expect(keyRowsBySlot([a, b], undefined, 10)).toBe(false);
  });

  it('keys by event while the last top row is still drawn', () => {
    expect(keyRowsBySlot([c, b, a], a, 3)).toBe(false);
    expect(keyRowsBySlot([a, b], a, 10)).toBe(false);
  });

  it('keys by slot when every row drawn is new', () => {
    expect(keyRowsBySlot([d, c, b, a], a, 3)).toBe(true);
    expect(keyRowsBySlot([d, c], a, 10)).toBe(true);
  });

  it('keys by event when nothing is drawn', () => {
    expect(keyRowsBySlot([], a, 10)).toBe(false);
    expect(keyRowsBySlot([d], a, 0)).toBe(false);
  });
});
