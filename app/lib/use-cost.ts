'use client';
/** GET /api/cost every 2 s while the page is visible: the backend measures
 *  over the interval between two reads. A failed read keeps the last
 *  figures, with why. */
import { useState } from 'react';
import type { Cost } from '../../protocol/cost';
import { traceApi } from './trace-api';
import { usePoll } from './use-poll';

export const COST_POLL_MS = 2_000;

export interface CostView {
  /** null before the first answer. */
  cost: Cost | null;
  /** Why the last read failed; null after a good one. */
  error: string | null;
}

export function useCost(): CostView {
  const [view, setView] = useState<CostView>({ cost: null, error: null });
  usePoll(
    async (signal) => {
      const r = await traceApi.cost(signal);
      if (signal.aborted) return;
      setView((v) => (r.ok ? { cost: r.value, error: null } : { ...v, error: r.error }));
    },
    COST_POLL_MS,
    null,
  );
  return view;
}
