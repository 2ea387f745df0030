/** GET /api/fleet: the backends a Prometheus scrapes (--prometheus URL),
 *  asked by this backend: the browser never talks to Prometheus. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FLEET_UNCONFIGURED, type FleetAnswer } from '../../protocol/fleet';
import { fleetHosts } from '../fleet/hosts';
import type { FetchFn } from '../fleet/prometheus';
import { reuseFor } from '../metrics/reuse-for';
import { sendJson } from './api';

/** Answers this recent are given again: however many pages poll, and
 *  however fast, Prometheus gets one set of queries per this long. */
export const FLEET_REUSE_MS = 2_000;

export type FleetReader = (prometheusUrl: string) => Promise<FleetAnswer>;

/** A reader that shares one answer, in flight or done, for `reuseMs`
 *  (fleetHosts never fails, so every answer is kept). */
export function sharedFleetReader(
  fetchFn: FetchFn = fetch,
  reuseMs = FLEET_REUSE_MS,
  now: () => number = Date.now,
): FleetReader {
  let shared: { url: string; read: () => Promise<FleetAnswer> } | null = null;
  return (prometheusUrl) => {
    if (shared?.url !== prometheusUrl) {
      shared = { url: prometheusUrl, read: reuseFor(() => fleetHosts(prometheusUrl, fetchFn, now), { freshMs: reuseMs, now }) };
    }
    return shared.read();
  };
}

const defaultReader = sharedFleetReader();

/** Answers GET /api/fleet; false for any other route. `prometheusUrl`:
 *  --prometheus, null when not given (then 503, saying so). */
export async function handleFleetApi(
  prometheusUrl: string | null,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
  read: FleetReader = defaultReader,
): Promise<boolean> {
  if (req.method !== 'GET' || url.pathname !== '/api/fleet') return false;
  const params = [...url.searchParams.keys()];
  if (params.length) {
    sendJson(res, 400, { error: `unknown parameter ${params.join(', ')}: GET /api/fleet takes none` });
    return true;
  }
  if (prometheusUrl === null) {
    sendJson(res, 503, { error: FLEET_UNCONFIGURED, prometheus: null });
    return true;
  }
  // Prometheus failing is part of the answer (its `error`), not a failure
  // of this request: fleetHosts never throws.
  sendJson(res, 200, await read(prometheusUrl));
  return true;
}
