'use client';
/** The tracer's state from /api/health, for the pages without the
 *  WebSocket: whether this is a replay, and of what; and the boot time,
 *  to show trace timestamps as times of day. */
import { useState } from 'react';
import type { TracerStatus } from '../../protocol/status';
import { traceApi } from './trace-api';
import { usePoll } from './use-poll';

/** The replay's progress moves; the mode itself never changes. */
const HEALTH_POLL_MS = 5_000;

export interface Health {
  tracer: TracerStatus | null;
  bootWallMs: number | null;
  /** Why the last read failed; null after a good one. */
  error: string | null;
  /** An answer, good or bad, has come. */
  settled: boolean;
}

export function useHealth(): Health {
  const [health, setHealth] = useState<Health>({ tracer: null, bootWallMs: null, error: null, settled: false });
  usePoll(
    async (signal) => {
      const r = await traceApi.health(signal);
      if (signal.aborted) return;
      setHealth((h) =>
        r.ok
          ? { tracer: r.value.tracer, bootWallMs: r.value.bootWallMs, error: null, settled: true }
          : { ...h, error: r.error, settled: true },
      );
    },
    HEALTH_POLL_MS,
    null,
  );
  return health;
}
