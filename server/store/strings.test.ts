import { describe, expect, it } from 'vitest';
import { Dictionary } from './strings';

describe('Dictionary', () => {
  it('gives each text one id, writes each once, and "" is 0', () => {
    const d = new Dictionary(1);
    expect([d.id('/etc/passwd'), d.id('cat'), d.id('/etc/passwd'), d.id('')]).toEqual([1, 2, 1, 0]);
    expect(d.take()).toEqual([{ id: 1, text: '/etc/passwd' }, { id: 2, text: 'cat' }]);
    expect(d.take()).toEqual([]);
  });

  it('keeps the ids of a store it opens, and numbers on after them', () => {
    const d = new Dictionary(8);
    d.load([[3, 'a'], [7, 'b']]);
    expect([d.id('b'), d.id('a'), d.id('c')]).toEqual([7, 3, 8]);
  });

  it('lets the oldest texts go past its bound: a flood of paths cannot grow it', () => {
    const d = new Dictionary(1, 10);
    for (const t of ['aaaa', 'bbbb', 'cccc']) d.id(t);
    // 'aaaa' went to make room: seen again, it is written again.
    expect(d.id('cccc')).toBe(3);
    expect(d.id('aaaa')).toBe(4);
    expect(d.take().map((x) => x.text)).toEqual(['aaaa', 'bbbb', 'cccc', 'aaaa']);
  });

  it('keeps a text in use through a flood of new ones: one id, however long the flood', () => {
    const d = new Dictionary(1, 20);
    const dir = d.id('/m/dir');
    for (let i = 0; i < 1000; i++) {
      expect(d.id('/m/dir')).toBe(dir);
      d.id(`/m/dir/${i}`);
    }
    // The flood's own texts went, oldest first.
    expect(d.id('/m/dir/0')).not.toBe(2);
  });

  it('forgets texts the table deleted', () => {
    const d = new Dictionary(1);
    d.id('x');
    d.id('y');
    d.forget([1]);
    expect([d.id('x'), d.id('y')]).toEqual([3, 2]);
    d.forget();
    expect(d.id('y')).toBe(4);
  });
});
