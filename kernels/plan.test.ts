import { describe, expect, it } from 'vitest';
import { pickNames, planCells } from './plan';

const modes = ['fentry', 'kprobe', 'tracepoint'];

describe('planCells', () => {
  it('runs the tracer suite in every mode and the others once, in auto', () => {
    expect(planCells(modes, ['attach', 'backend', 'xdp'], false)).toEqual([
      { mode: 'fentry', suite: 'backend' },
      { mode: 'kprobe', suite: 'backend' },
      { mode: 'tracepoint', suite: 'backend' },
      { mode: 'auto', suite: 'attach' },
      { mode: 'auto', suite: 'xdp' },
    ]);
  });
  it('runs everything everywhere with --all', () => {
    expect(planCells(['kprobe'], ['backend', 'xdp'], true)).toEqual([
      { mode: 'kprobe', suite: 'backend' },
      { mode: 'kprobe', suite: 'xdp' },
    ]);
  });
});

describe('pickNames', () => {
  it('keeps the order of all, and takes every name when none was asked', () => {
    expect(pickNames(['6.12', '6.1'], ['6.1', '6.12'], 'kernel')).toEqual(['6.1', '6.12']);
    expect(pickNames(undefined, ['6.1', '6.12'], 'kernel')).toEqual(['6.1', '6.12']);
  });

  it('refuses a name it does not know, and lists the ones it does', () => {
    expect(() => pickNames(['9.9'], ['6.1', '6.12'], 'kernel')).toThrow("unknown kernel '9.9' (one of: 6.1, 6.12)");
  });
});
