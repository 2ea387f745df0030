import { describe, expect, it } from 'vitest';
import { allPassed, formatTable, type Row } from './table';

const row = (over: Partial<Row>): Row => ({ kernel: '6.1', mode: 'fentry', suite: 'backend', result: 'passed', seconds: 412, note: '', ...over });

describe('the kernel matrix table', () => {
  it('lines up one row per kernel, mode and suite', () => {
    const text = formatTable([row({}), row({ kernel: '6.12', mode: 'tracepoint', result: 'failed', seconds: null, note: 'see log' })]);
    expect(text.split('\n')).toEqual([
      'kernel  mode        suite    result  seconds  note',
      '------  ----------  -------  ------  -------  -------',
      '6.1     fentry      backend  passed  412',
      '6.12    tracepoint  backend  failed  -        see log',
    ]);
  });

  it('passes only when every row passed, and there are rows', () => {
    expect(allPassed([row({})])).toBe(true);
    expect(allPassed([row({}), row({ result: 'not run' })])).toBe(false);
    expect(allPassed([])).toBe(false);
  });
});
