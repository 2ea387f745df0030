'use client';
/**
 * One process, polled: its totals and files, its per-second opens (the
 * whole history once, then only the newest seconds) and its latest events.
 * A process is a PID and its start: without a start, the PID's latest
 * process, whose start the first answer gives. A failed poll keeps what
 * was read last, with the reason.
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

export function useProcessDetail(pid: number | null, start: number | undefined): ProcessView {
  const key = pid === null ? null : `${pid}@${start ?? 'latest'}`;
  const [view, setView] = useState<{ key: string | null; v: ProcessView }>({ key, v: EMPTY });
  // Another process starts from nothing, not from the last one's data.
  const current = view.key === key ? view.v : EMPTY;

  usePoll(
    async (signal) => {
      if (pid === null) return;
      const known = view.key === key && current.rate.length > 0 ? current.rate : null;
      const since = known ? known[known.length - 1]!.t - RESEND_S + 1 : undefined;
      // The events are the process's: its start is asked for first when
      // the address has none (once: then it is known).
      const which = start ?? (view.key === key ? current.detail?.start : undefined);
      const [p, e] =
        which === undefined
          ? await traceApi.process(pid, undefined, since, signal).then(async (p) => [
              p,
              await traceApi.events({ pid, ...(p.ok ? { start: p.value.process.start } : {}) }, { limit: PROCESS_EVENTS }, signal),
            ] as const)
          : await Promise.all([
              traceApi.process(pid, which, since, signal),
              traceApi.events({ pid, start: which }, { limit: PROCESS_EVENTS }, signal),
            ]);
      if (signal.aborted) return;
      setView((old) => {
        const v = old.key === key ? old.v : EMPTY;
        const events = e.ok
          ? { events: e.value.events, eventsTotal: e.value.total }
          : { events: v.events, eventsTotal: v.eventsTotal };
        if (!p.ok) return { key, v: { ...v, ...events, error: p.error } };
        const fresh = p.value.process.rate;
        // The first answer has the whole history: its length is how much to keep.
        const rate = v.rate.length === 0 ? fresh : mergeSeries(v.rate, fresh, v.rate.length);
        return {
          key,
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
    key,
  );
  return current;
}
