'use client';
/**
 * One process, polled: its totals and files, its per-second opens (the
 * whole history once, then only the newest seconds) and its latest events.
 * A failed poll keeps what was read last, with the reason.
 */
import { useState } from 'react';
import type { ProcessDetail, ProcInfo, RatePoint, StoredEvent } from '../../protocol/event';
import { mergeSeries } from './rate-window';
import { traceApi } from './trace-api';
import { usePoll } from './use-poll';

export const PROCESS_POLL_MS = 1_500;
/** Latest events shown; the API has more (and the export all of them). */
export const PROCESS_EVENTS = 500;
/** Seconds asked for again each poll: the newest may still be counting. */
const RESEND_S = 3;

export interface ProcessView {
  detail: ProcessDetail | null;
  proc: ProcInfo | null;
  /** Per-second opens, oldest first, zero-filled: the server's history. */
  rate: readonly RatePoint[];
  /** The newest events, newest first. */
  events: readonly StoredEvent[];
  /** The process's events in the store, shown or not; null before the first answer. */
  eventsTotal: number | null;
  /** Why the last poll failed (no such process, server gone); null after a good one. */
  error: string | null;
  /** Date.now() of the last good poll. */
  sampledAt: number | null;
}

const EMPTY: ProcessView = {
  detail: null,
  proc: null,
  rate: [],
  events: [],
  eventsTotal: null,
  error: null,
  sampledAt: null,
};

export function useProcessDetail(pid: number | null): ProcessView {
  const [view, setView] = useState<{ pid: number | null; v: ProcessView }>({ pid, v: EMPTY });
  // Another pid starts from nothing, not from the last one's data.
  const current = view.pid === pid ? view.v : EMPTY;

  usePoll(
    async (signal) => {
      if (pid === null) return;
      const known = view.pid === pid && current.rate.length > 0 ? current.rate : null;
      const since = known ? known[known.length - 1]!.t - RESEND_S + 1 : undefined;
      const [p, e] = await Promise.all([
        traceApi.process(pid, since, signal),
        traceApi.events({ pid }, { limit: PROCESS_EVENTS }, signal),
      ]);
      if (signal.aborted) return;
      setView((old) => {
        const v = old.pid === pid ? old.v : EMPTY;
        const events = e.ok
          ? { events: e.value.events, eventsTotal: e.value.total }
          : { events: v.events, eventsTotal: v.eventsTotal };
        if (!p.ok) return { pid, v: { ...v, ...events, error: p.error } };
        const fresh = p.value.process.rate;
        // The first answer has the whole history: its length is how much to keep.
        const rate = v.rate.length === 0 ? fresh : mergeSeries(v.rate, fresh, v.rate.length);
        return {
          pid,
          v: {
            detail: p.value.process,
            proc: p.value.proc,
            rate,
            ...events,
            error: e.ok ? null : e.error,
            sampledAt: Date.now(),
          },
        };
      });
    },
    PROCESS_POLL_MS,
    pid,
  );
  return current;
}
