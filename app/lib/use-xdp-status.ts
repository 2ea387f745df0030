'use client';
/**
 * Polls GET /api/xdp once a second while the page is visible, one request
 * at a time, and derives the counters' rates from consecutive answers.
 * A failed poll keeps the last good status on screen, marked stale.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { XdpStatus } from '../../protocol/xdp';
import { addSample, type CounterRates, EMPTY_RATES } from './counter-rates';
import { xdpApi } from './xdp-client';
import { ruleKey } from './xdp-view';

export const POLL_MS = 1_000;

export interface XdpView {
  status: XdpStatus | null;
  /** Why the last poll failed; null after a good one. */
  pollError: string | null;
  /** Date.now() of the last good poll: the right edge of the sparklines. */
  sampledAt: number | null;
  rates: CounterRates;
  /** Polls now, e.g. right after an action, instead of within a second. */
  refresh: () => void;
}

export const TOTAL_KEYS = { passed: 'total passed', dropped: 'total dropped', unlisted: 'total unlisted' } as const;

function counters(s: XdpStatus): Map<string, number> {
  const m = new Map<string, number>([
    [TOTAL_KEYS.passed, s.totals.passed],
    [TOTAL_KEYS.dropped, s.totals.dropped],
    [TOTAL_KEYS.unlisted, s.totals.unlisted],
  ]);
  for (const r of s.rules) m.set(ruleKey(r), r.drops);
  return m;
}

/** enabled: false reads nothing (a replay has no XDP filter to read). */
export function useXdpStatus(enabled: boolean): XdpView {
  const [view, setView] = useState<Omit<XdpView, 'refresh'>>({
    status: null,
    pollError: null,
    sampledAt: null,
    rates: EMPTY_RATES,
  });
  const pollRef = useRef<() => void>(() => {});

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let rates = EMPTY_RATES;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    // A refresh asked for during a poll: that answer may predate the action.
    let again = false;

    const poll = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      clearTimeout(timer);
      timer = undefined;
      inFlight = true;
      const r = await xdpApi.status(abort.signal);
      inFlight = false;
      if (abort.signal.aborted) return;
      if (r.ok) {
        const now = Date.now();
        rates = addSample(rates, now, counters(r.value));
        setView({ status: r.value, pollError: null, sampledAt: now, rates });
      } else {
        setView((v) => ({ ...v, pollError: r.error }));
      }
      if (again) {
        again = false;
        void poll();
      } else if (document.visibilityState === 'visible') {
        timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    pollRef.current = () => void poll();

    const onVisibility = () => {
      if (document.visibilityState !== 'visible') {
        clearTimeout(timer);
        timer = undefined;
      } else if (!inFlight && timer === undefined) {
        void poll();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    void poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      pollRef.current = () => {};
    };
  }, [enabled]);

  const refresh = useCallback(() => pollRef.current(), []);
  return { ...view, refresh };
}
