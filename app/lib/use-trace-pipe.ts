'use client';
/**
 * Reads GET /api/trace-pipe: the newest lines first, then once a second
 * (while not paused and the page is visible, one request at a time) what
 * came after the last answer's `next`; at once again while answers come
 * full, to catch up. A new search starts over from the newest lines that
 * hold it (read even while paused). A failed read keeps what is shown.
 */
import { useEffect, useRef, useState } from 'react';
import { MAX_TRACE_PIPE_PAGE } from '../../protocol/views';
import { appendLines, type HeldLines, NO_LINES } from './trace-pipe';
import { traceApi } from './trace-api';

export const TRACE_PIPE_POLL_MS = 1_000;
/** The wait after a full answer: more is waiting. */
const CATCH_UP_MS = 100;

export interface TracePipeView extends HeldLines {
  /** The search these lines answer ('' for none). */
  q: string;
  /** What the server reports: lines it let go, lines it read. */
  dropped: number;
  total: number;
  /** Why the last read failed; null after a good one. */
  error: string | null;
  /** Date.now() of the last good read; null before one for this search. */
  sampledAt: number | null;
}

const empty = (q: string): TracePipeView => ({ ...NO_LINES, q, dropped: 0, total: 0, error: null, sampledAt: null });

export function useTracePipe(q: string, paused: boolean): TracePipeView {
  const [view, setView] = useState<TracePipeView>(() => empty(q));
  /** Where the next read starts; `after` undefined: the newest lines. */
  const cursor = useRef<{ q: string; after: number | undefined }>({ q, after: undefined });

  useEffect(() => {
    if (cursor.current.q !== q) cursor.current = { q, after: undefined };
    // Paused: nothing new is read, but a search not read yet is, once.
    if (paused && cursor.current.after !== undefined) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;

    const run = async () => {
      clearTimeout(timer);
      timer = undefined;
      inFlight = true;
      const { after } = cursor.current;
      const r = await traceApi.tracePipe({ q, after, limit: MAX_TRACE_PIPE_PAGE }, abort.signal);
      inFlight = false;
      if (abort.signal.aborted) return;
      let wait = TRACE_PIPE_POLL_MS;
      if (!r.ok) {
        setView((v) => ({ ...(v.q === q ? v : empty(q)), error: r.error }));
      } else if (after !== undefined && r.value.total < after) {
        // The backend started again: its lines are numbered anew.
        cursor.current = { q, after: undefined };
        setView(empty(q));
        wait = 0;
      } else {
        const a = r.value;
        cursor.current = { q, after: a.next };
        if (a.lines.length >= MAX_TRACE_PIPE_PAGE) wait = CATCH_UP_MS;
        const sampledAt = Date.now();
        setView((v) => {
          const base = v.q === q ? v : empty(q);
          return { ...base, ...appendLines(base, a.lines), dropped: a.dropped, total: a.total, error: null, sampledAt };
        });
      }
      if (paused && cursor.current.after !== undefined) return;
      if (document.visibilityState === 'visible') timer = setTimeout(() => void run(), wait);
    };
    const onVisibility = () => {
      if (document.visibilityState !== 'visible') {
        clearTimeout(timer);
        timer = undefined;
      } else if (!inFlight && timer === undefined && !paused) void run();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void run();
    return () => {
      abort.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [q, paused]);

  return view.q === q ? view : empty(q);
}
