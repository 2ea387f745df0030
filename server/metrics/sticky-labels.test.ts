import { describe, expect, it } from 'vitest';
import { StickyLabels } from './sticky-labels';

describe('StickyLabels', () => {
  it('gives the first max values their own label and every later one the overflow', () => {
    const s = new StickyLabels(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => s.label(v))).toEqual(['a', 'b', 'other', 'a', 'other', 'b']);
    expect(s.size).toBe(2);
  });

  it('keeps a value its series for good, however many others come', () => {
    const s = new StickyLabels(3);
    s.label('first');
    for (let i = 0; i < 1000; i++) s.label(`n${i}`);
    expect(s.label('first')).toBe('first');
    expect(s.label('n1')).toBe('n1');
    expect(s.label('n2')).toBe('other');
  });

  it('never gives the overflow name a slot of its own', () => {
    const s = new StickyLabels(2, 'other');
    expect(s.label('other')).toBe('other');
    expect(s.size).toBe(0);
    expect(s.admit('x')).toBe(true);
  });

  it('frees the slots of values that are gone, and only those', () => {
    const s = new StickyLabels(2);
    s.admit('a');
    s.admit('b');
    expect(s.admit('c')).toBe(false);
    s.retain(new Set(['b']));
    expect(s.admit('c')).toBe(true);
    expect(s.admit('b')).toBe(true);
    expect(s.admit('a')).toBe(false);
  });
});
