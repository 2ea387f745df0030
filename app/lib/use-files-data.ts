'use client';
/**
 * The Files page's data, polled while the page is visible: the hottest
 * files or directories for the filter, or one file's detail. A failed
 * poll keeps what was read last, with the reason; a new question keeps
 * showing the last answer (marked not current) until its own comes.
 */
import { useEffect, useRef, useState } from 'react';
import type { EventFilter } from '../../protocol/messages';
import type { Health } from '../../protocol/status';
import type { FileDetail, FileGroup, FilesAnswer } from '../../protocol/views';
import type { FilesWindow } from './files-view';
import { traceApi } from './trace-api';
import { usePoll } from './use-poll';

export const FILES_POLL_MS = 2_000;
/** Rows of the list asked for. */
export const FILES_LIMIT = 200;
/** Quiet time after the last filter change before it is asked for. */
const SETTLE_MS = 200;

export interface FilesAsk {
  /** The file shown; null: the list. */
  file: string | null;
  filter: EventFilter;
  group: FileGroup;
  window: FilesWindow;
  paused: boolean;
}

export interface FilesData {
  list: FilesAnswer | null;
  detail: FileDetail | null;
  /** The last /api/health read. */
  health: Health | null;
  /** The answers shown are for the question asked (not the one before). */
  current: boolean;
  /** Why the last poll failed; null after a good one. */
  error: string | null;
  /** Date.now() of the last good poll. */
  sampledAt: number | null;
  /** Events the tracer counted since the page was paused (all of them,
   *  not only those the filter matches); 0 when not paused. */
  newWhilePaused: number;
}

export function useFilesData(ask: FilesAsk): FilesData {
  // The question, settled: typing does not ask once per keystroke.
  const question = JSON.stringify({
    file: ask.file,
    filter: ask.filter,
    group: ask.file === null ? ask.group : null,
    window: ask.window,
  });
  const [settled, setSettled] = useState(question);
  useEffect(() => {
    if (question === settled) return;
    const t = setTimeout(() => setSettled(question), SETTLE_MS);
    return () => clearTimeout(t);
  }, [question, settled]);

  const [state, setState] = useState<{ key: string | null } & Omit<FilesData, 'current' | 'newWhilePaused'>>({
    key: null, list: null, detail: null, health: null, error: null, sampledAt: null,
  });
  const latest = useRef(ask);
  useEffect(() => {
    latest.current = ask;
  });
  usePoll(
    async (signal) => {
      if (latest.current.paused) {
        // The views stay as they are; only the counts move on.
        const h = await traceApi.health(signal);
        if (!signal.aborted && h.ok) setState((s) => ({ ...s, health: h.value }));
        return;
      }
      const q = JSON.parse(settled) as { file: string | null; filter: EventFilter; group: FileGroup | null; window: FilesWindow };
      // Health says what the header shows (the tracer, the boot time, the
      // own opens) and where a window ends: at the newest stored open (the
      // store's clock, a replay's included). It is cheap: figures kept.
      const healthRead = traceApi.health(signal);
      let from: number | undefined;
      if (q.window !== 'all') {
        const h = await healthRead;
        if (signal.aborted) return;
        if (!h.ok) return setState((s) => ({ ...s, error: h.error }));
        const newest = h.value.store.newestTs;
        from = newest === null ? undefined : Math.floor(newest - q.window * 60);
      }
      const [h, r] = await Promise.all([
        healthRead,
        q.file !== null
          ? traceApi.file(q.file, q.filter, { from }, signal)
          : traceApi.files(q.filter, { group: q.group ?? 'file', limit: FILES_LIMIT, from }, signal),
      ]);
      if (signal.aborted) return;
      setState((s) => {
        const health = h.ok ? h.value : s.health;
        if (!r.ok) return { ...s, health, error: r.error };
        const answer = 'files' in r.value ? { list: r.value, detail: null } : { list: null, detail: r.value };
        return { key: settled, ...answer, health, error: h.ok ? null : h.error, sampledAt: Date.now() };
      });
    },
    FILES_POLL_MS,
    `${settled}|${ask.paused}`,
  );

  // The events counted when the page was paused, to say how many came since.
  const [pauseBase, setPauseBase] = useState<number | null>(null);
  const eventsNow = state.health?.counts.events ?? null;
  useEffect(() => {
    if (!ask.paused) setPauseBase(null);
    else setPauseBase((b) => b ?? eventsNow);
  }, [ask.paused, eventsNow]);
  const newWhilePaused = ask.paused && pauseBase !== null && eventsNow !== null ? Math.max(0, eventsNow - pauseBase) : 0;

  const { key, ...data } = state;
  return { ...data, current: key === question, newWhilePaused };
}
