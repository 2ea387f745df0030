import { describe, expect, it } from 'vitest';
import { planCells } from './plan';

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
