'use client';
/**
 * The overview's slowest opens, read each time the overview's processes
 * answer comes (`tick`: that answer), so they are never read more often
 * than the processes, and never while paused, hidden or disconnected (the
 * feed reads no processes then). See slowest.ts for the backoff.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StoredEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import { SLOWEST_LIMIT, type SlowestRead, slowestDue, slowestRows } from './slowest';
import { traceApi } from './trace-api';

export interface SlowestView {
  /** Longest first; null before the first answer. */
  events: StoredEvent[] | null;
  /** Why the last read failed; null after a good one. */
  error: string | null;
}

export function useSlowest(filter: EventFilter, tick: unknown, paused: boolean): SlowestView {
  const [state, setState] = useState<{ events: StoredEvent[] | null; error: string | null }>({ events: null, error: null });
  const latest = useRef({ filter, paused });
  useEffect(() => {
    latest.current = { filter, paused };
  });
  const last = useRef<SlowestRead | null>(null);
  const inFlight = useRef<{ key: string; abort: AbortController } | null>(null);

  useEffect(() => {
    if (tick === null || tick === undefined) return;
    const { filter: f, paused: p } = latest.current;
    if (p || document.visibilityState !== 'visible') return;
    const key = JSON.stringify(f);
    if (inFlight.current) {
      if (inFlight.current.key === key) return;
      inFlight.current.abort.abort();
    }
    const at = Date.now();
    if (!slowestDue(last.current, key, at)) return;
    const abort = new AbortController();
    inFlight.current = { key, abort };
    void traceApi.events(f, { limit: SLOWEST_LIMIT, sort: 'slowest' }, abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      inFlight.current = null;
      last.current = { key, at, tookMs: Date.now() - at };
      setState((s) => (r.ok ? { events: r.value.events, error: null } : { events: s.events, error: r.error }));
    });
  }, [tick]);

  useEffect(() => () => inFlight.current?.abort.abort(), []);

  const events = useMemo(() => (state.events === null ? null : slowestRows(state.events, filter)), [state.events, filter]);
  return { events, error: state.error };
}
