import { describe, expect, it } from 'vitest';
import { parsePromText } from './prom-text';

describe('parsePromText', () => {
  it('reads types, samples and escaped label values', () => {
    const e = parsePromText([
      '# HELP x_total A counter.',
      '# TYPE x_total counter',
      'x_total{a="q\\"uote",b="back\\\\slash\\nnewline"} 1.5e3',
      'y Nan',
      'z{} +Inf 1700000000000',
      '',
    ].join('\n'));
    expect(e.types).toEqual(new Map([['x_total', 'counter']]));
    expect(e.samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['x_total', { a: 'q"uote', b: 'back\\slash\nnewline' }, 1500],
      ['y', {}, NaN],
      ['z', {}, Infinity],
    ]);
  });

  it('refuses what is not the format', () => {
    for (const bad of ['x{a=1} 1', 'x{a="1"', 'x 1 2 3', 'x one', '1x 1', 'x{a="\\t"} 1', '# TYPE x bogus']) {
      expect(() => parsePromText(bad), bad).toThrow();
    }
  });
});
