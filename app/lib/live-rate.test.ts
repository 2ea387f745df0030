import { describe, expect, it } from 'vitest';
import type { RatePoint } from '../../protocol/event';
import type { RateAnswer } from '../../protocol/views';
import { LiveRate, rateSpans, type RateSpans, TAIL_SECONDS } from './live-rate';

/** What /api/rate would answer from per-second counts: zero-filled totals
 *  per step from `from` to `to`. */
function answer(counts: (t: number) => number, from: number, to: number, step: number): RateAnswer {
  const rate: RatePoint[] = [];
  for (let t = from; t <= to; t += step) {
    let opens = 0;
    for (let s = t; s <= Math.min(t + step - 1, to); s++) opens += counts(s);
    rate.push({ t, opens, failed: Math.floor(opens / 2) });
  }
  return { rate, from, to, step };
}

function loaded(counts: (t: number) => number, nowT: number, seconds: number, sameFilter = false) {
  const spans = rateSpans(nowT, seconds);
  const r = new LiveRate();
  r.reset(sameFilter);
  return { r, spans, load: () => load(r, counts, spans, seconds) };
}

function load(r: LiveRate, counts: (t: number) => number, s: RateSpans, seconds: number) {
  const history = s.tailFrom > s.from ? answer(counts, s.from, s.tailFrom - 1, s.step) : null;
  r.load(history, answer(counts, s.tailFrom, s.to, 1), s, seconds);
}

const sum = (counts: (t: number) => number, from: number, to: number) => {
  let n = 0;
  for (let t = from; t <= to; t++) n += counts(t);
  return n;
};

describe('rateSpans', () => {
  it('starts on a whole bucket and keeps the newest seconds single', () => {
    expect(rateSpans(4005.7, 3600)).toEqual({ step: 10, from: 410, tailFrom: 3990, to: 4005 });
    expect(rateSpans(4009.1, 3600)).toEqual({ step: 10, from: 410, tailFrom: 3990, to: 4009 });
    expect(rateSpans(100.2, 60)).toEqual({ step: 1, from: 41, tailFrom: 100 - TAIL_SECONDS, to: 100 });
    expect(rateSpans(905, 900)).toEqual({ step: 3, from: 6, tailFrom: 894, to: 905 });
    // Before this boot the trace clock is negative (an earlier boot's events).
    expect(rateSpans(5.5, 60)).toEqual({ step: 1, from: -54, tailFrom: -5, to: 5 });
    expect(rateSpans(5.5, 3600)).toEqual({ step: 10, from: -3590, tailFrom: -10, to: 5 });
  });
});

describe('LiveRate', () => {
  const counts = (t: number) => t % 7;

  it('draws nothing before the answers, then the exact window', () => {
    const { r, load, spans } = loaded(counts, 4005.7, 3600);
    expect(r.window(4005)).toBeNull();
    load();
    const w = r.window(4005)!;
    expect(w.points).toHaveLength(360);
    expect(w.points[0]).toMatchObject({ t: 410, seconds: 10 });
    expect(w.points[359]).toMatchObject({ t: 4000, seconds: 6 });
    expect(w.points[359]!.opens).toBeCloseTo(sum(counts, 4000, 4005) / 6);
    expect(w.opens).toBe(sum(counts, spans.from, 4005));
  });

  it('takes the socket seconds that grew, and moves with the clock exactly', () => {
    const { r, load } = loaded(counts, 4005.7, 3600);
    load();
    const live = (t: number) => (t === 4004 ? counts(t) + 5 : t > 4005 ? 2 : counts(t));
    r.merge([{ t: 4004, opens: live(4004), failed: 0 }]);
    // An older reading of the same second changes nothing.
    r.merge([{ t: 4004, opens: 1, failed: 0 }]);
    for (let t = 4006; t <= 4013; t++) r.merge([{ t, opens: 2, failed: 1 }]);
    const w = r.window(4013)!;
    expect(w.points[0]!.t).toBe(420);
    expect(w.points.at(-1)).toMatchObject({ t: 4010, seconds: 4 });
    expect(w.opens).toBe(sum(live, 420, 4013));
  });

  it('ignores socket seconds inside the buckets it has whole', () => {
    const { r, load } = loaded(counts, 4005.7, 3600);
    load();
    const before = r.window(4005)!.opens;
    r.merge([{ t: 3000, opens: 999, failed: 0 }]);
    expect(r.window(4005)!.opens).toBe(before);
  });

  it('merges the seconds that came early for the same filter, drops them for another', () => {
    const same = loaded(counts, 100.5, 60, true);
    same.r.merge([{ t: 100, opens: 50, failed: 0 }]);
    same.load();
    expect(same.r.window(100)!.points.at(-1)!.opens).toBe(50);

    const other = loaded(counts, 100.5, 60, false);
    other.r.merge([{ t: 100, opens: 50, failed: 0 }]);
    other.load();
    expect(other.r.window(100)!.points.at(-1)!.opens).toBe(counts(100));
    expect(other.r.window(100)!.points).toHaveLength(60);
  });

  it('counts loads, not merges, so a drawing can be cached', () => {
    const { r, load } = loaded(counts, 100.5, 60);
    load();
    const n = r.loads;
    r.merge([{ t: 100, opens: 99, failed: 0 }]);
    expect(r.loads).toBe(n);
    r.reset(true);
    expect(r.loads).toBe(n + 1);
  });
});
