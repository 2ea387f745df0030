/** GET /api/fleet, read as one of three things: the fleet, a backend
 *  started without --prometheus, or a failure in a sentence. */
import { fleetAnswerSchema, fleetUnconfiguredSchema } from '../../protocol/fleet';
import { readAnswer } from './api-call';
import type { FleetPoll } from './fleet-view';
import { authHeaders, NO_TOKEN_HINT } from './session';

const WHAT = 'GET /api/fleet';

/** Pure: one HTTP answer -> a poll's outcome. */
export function readFleetPoll(status: number, text: string): FleetPoll {
  if (status === 503) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    const u = fleetUnconfiguredSchema.safeParse(body);
    if (u.success) return { kind: 'unconfigured', message: u.data.error };
  }
  const r = readAnswer(WHAT, status, text, fleetAnswerSchema);
  return r.ok ? { kind: 'answer', answer: r.value } : { kind: 'failed', error: r.error };
}

export async function pollFleet(signal?: AbortSignal): Promise<FleetPoll> {
  try {
    const res = await fetch('/api/fleet', { cache: 'no-store', signal, headers: authHeaders() });
    if (res.status === 401) return { kind: 'failed', error: `${WHAT}: not authorized: ${NO_TOKEN_HINT}` };
    return readFleetPoll(res.status, await res.text());
  } catch (err) {
    return { kind: 'failed', error: `${WHAT}: cannot reach the server (${(err as Error).message})` };
  }
}
