'use client';
/** Polls GET /api/fleet every 5 s while the page is visible, one request
 *  at a time (the backend asks Prometheus, which scrapes every 15 s). */
import { useState } from 'react';
import { pollFleet } from './fleet-client';
import { type FleetView, nextFleetView, NO_FLEET } from './fleet-view';
import { usePoll } from './use-poll';

export const FLEET_POLL_MS = 5_000;

export function useFleet(): FleetView {
  const [view, setView] = useState<FleetView>(NO_FLEET);
  usePoll(
    async (signal) => {
      const poll = await pollFleet(signal);
      if (signal.aborted) return;
      const now = Date.now();
      setView((v) => nextFleetView(v, poll, now));
    },
    FLEET_POLL_MS,
    null,
  );
  return view;
}
