'use client';
/**
 * Runs `poll` now and then every `everyMs` after each answer, one request
 * at a time, only while the page is visible; a new `key` starts over.
 * `poll` may say when to run next instead: a number of ms, or null for not
 * until the page is shown again or the key changes.
 */
import { useEffect, useRef } from 'react';

export function usePoll(poll: (signal: AbortSignal) => Promise<number | null | void>, everyMs: number, key: unknown): void {
  // The latest function, without restarting the loop when it changes.
  const pollRef = useRef(poll);
  useEffect(() => {
    pollRef.current = poll;
  });

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;

    const run = async () => {
      clearTimeout(timer);
      timer = undefined;
      inFlight = true;
      const next = await pollRef.current(abort.signal);
      inFlight = false;
      if (next === null || abort.signal.aborted || document.visibilityState !== 'visible') return;
      timer = setTimeout(() => void run(), next ?? everyMs);
    };
    const onVisibility = () => {
      if (document.visibilityState !== 'visible') {
        clearTimeout(timer);
        timer = undefined;
      } else if (!inFlight && timer === undefined) void run();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void run();
    return () => {
      abort.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [everyMs, key]);
}
