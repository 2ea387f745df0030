import { describe, expect, it } from 'vitest';
import { nextSort } from './sort';

describe('nextSort', () => {
  const numeric = (k: 'path' | 'opens') => k !== 'path';

  it('flips the column it is sorted by', () => {
    expect(nextSort({ key: 'opens', desc: true }, 'opens', numeric)).toEqual({ key: 'opens', desc: false });
    expect(nextSort({ key: 'path', desc: false }, 'path', numeric)).toEqual({ key: 'path', desc: true });
  });

  it('starts another column in its own first order', () => {
    expect(nextSort({ key: 'path', desc: true }, 'opens', numeric)).toEqual({ key: 'opens', desc: true });
    expect(nextSort({ key: 'opens', desc: true }, 'path', numeric)).toEqual({ key: 'path', desc: false });
  });
});
