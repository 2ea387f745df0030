import { describe, expect, it } from 'vitest';
import { reuseFor } from './reuse-for';

describe('reuseFor', () => {
  it('reads once for every call within the time, again after it', async () => {
    let t = 0;
    let reads = 0;
    const get = reuseFor(1000, async () => ++reads, () => t);
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
    t = 999;
    expect(await get()).toBe(1);
    t = 1000;
    expect(await get()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const get = reuseFor(1000, async () => {
      if (fail) throw new Error('bpftool failed');
      return 'ok';
    }, () => 0);
    await expect(get()).rejects.toThrow('bpftool failed');
    fail = false;
    expect(await get()).toBe('ok');
  });
});
