'use client';
/**
 * Reads GET /api/trace-pipe: the newest lines first, then once a second
 * (while not paused and the page is visible, one request at a time) what
 * came after the last answer's `next`; at once again while answers come
 * full, to catch up. A new search starts over from the newest lines that
 * hold it (read even while paused). A failed read keeps what is shown.
 */
import { useRef, useState } from 'react';
import { MAX_TRACE_PIPE_PAGE } from '../../protocol/views';
import { appendLines, type HeldLines, NO_LINES } from './trace-pipe';
import { traceApi } from './trace-api';
import { usePoll } from './use-poll';

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

  usePoll(
    async (signal) => {
      if (cursor.current.q !== q) cursor.current = { q, after: undefined };
      // Paused: nothing new is read, but a search not read yet is, once.
      if (paused && cursor.current.after !== undefined) return null;
      const { after } = cursor.current;
      const r = await traceApi.tracePipe({ q, after, limit: MAX_TRACE_PIPE_PAGE }, signal);
      if (signal.aborted) return null;
      if (!r.ok) {
        setView((v) => ({ ...(v.q === q ? v : empty(q)), error: r.error }));
        return TRACE_PIPE_POLL_MS;
      }
      if (after !== undefined && r.value.total < after) {
        // The backend started again: its lines are numbered anew.
        cursor.current = { q, after: undefined };
        setView(empty(q));
        return 0;
      }
      const a = r.value;
      cursor.current = { q, after: a.next };
      const sampledAt = Date.now();
      setView((v) => {
        const base = v.q === q ? v : empty(q);
        return { ...base, ...appendLines(base, a.lines), dropped: a.dropped, total: a.total, error: null, sampledAt };
      });
      if (paused) return null;
      return a.lines.length >= MAX_TRACE_PIPE_PAGE ? CATCH_UP_MS : TRACE_PIPE_POLL_MS;
    },
    TRACE_PIPE_POLL_MS,
    `${paused} ${q}`,
  );

  return view.q === q ? view : empty(q);
}
