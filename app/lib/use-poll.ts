'use client';
/**
 * Runs `poll` now and then every `everyMs` after each answer, one request
 * at a time, only while the page is visible; a new `key` starts over.
 */
import { useEffect, useRef } from 'react';

export function usePoll(poll: (signal: AbortSignal) => Promise<void>, everyMs: number, key: unknown): void {
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
      await pollRef.current(abort.signal);
      inFlight = false;
      if (!abort.signal.aborted && document.visibilityState === 'visible') timer = setTimeout(() => void run(), everyMs);
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
