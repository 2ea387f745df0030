import { describe, expect, it } from 'vitest';
import { reuseFor } from './reuse-for';

describe('reuseFor', () => {
  it('reads once for every call within the time, again after it', async () => {
    let t = 0;
    let reads = 0;
    const get = reuseFor(async () => ++reads, { freshMs: 1000, now: () => t });
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
    t = 999;
    expect(await get()).toBe(1);
    t = 1000;
    expect(await get()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const get = reuseFor(async () => {
      if (fail) throw new Error('bpftool failed');
      return 'ok';
    }, { freshMs: 1000, now: () => 0 });
    await expect(get()).rejects.toThrow('bpftool failed');
    fail = false;
    expect(await get()).toBe('ok');
  });

  it('answers a stale value at once while one new read runs, and the new one once it is in', async () => {
    let t = 0;
    let reads = 0;
    let finish = () => {};
    const get = reuseFor(() => {
      reads++;
      // The first read answers at once; later ones when the test says.
      return reads === 1 ? Promise.resolve(1) : new Promise<number>((r) => (finish = () => r(reads)));
    }, { freshMs: 1000, staleMs: 5000, now: () => t });
    expect(await get()).toBe(1);
    t = 1500;
    expect(await Promise.all([get(), get()])).toEqual([1, 1]);
    expect(reads).toBe(2);
    finish();
    await new Promise((r) => setImmediate(r));
    expect(await get()).toBe(2);
    expect(reads).toBe(2);
  });

  it('keeps the stale value when the new read fails, and waits once it is too old', async () => {
    let t = 0;
    let fail = false;
    let reads = 0;
    const get = reuseFor(async () => {
      reads++;
      if (fail) throw new Error('bpftool failed');
      return reads;
    }, { freshMs: 1000, staleMs: 5000, now: () => t });
    expect(await get()).toBe(1);
    fail = true;
    t = 2000;
    expect(await get()).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(await get()).toBe(1);
    t = 6000;
    await expect(get()).rejects.toThrow('bpftool failed');
    fail = false;
    expect(await get()).toBe(reads);
  });
});
