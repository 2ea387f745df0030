/** The Fleet page's pure parts: what each host's cells say, the order of
 *  the rows, and what the page shows between polls. */
import type { FleetAnswer, FleetHost } from '../../protocol/fleet';
import { formatCount } from './format';

export type TracerState = 'running' | 'down';
/** Running or not; null when nobody knows (not scraped, or not exported). */
export function tracerState(h: FleetHost): TracerState | null {
  return h.tracerUp === null ? null : h.tracerUp ? 'running' : 'down';
}

/** The XDP filter: running where asked, asked but not running
 *  ("detached!"), not asked for; null when unknown. */
export type XdpState = 'attached' | 'detached' | 'off';
export function xdpState(h: FleetHost): XdpState | null {
  if (h.xdpWanted === null && h.xdpAttached === null) return null;
  if (h.xdpAttached) return 'attached';
  return h.xdpWanted ? 'detached' : 'off';
}

/** A rate per second: "—" unknown, "0", "<0.01", "0.25", "12.5", "1,234". */
export function formatPerSecond(perSec: number | null): string {
  if (perSec === null) return '—';
  if (perSec === 0) return '0';
  if (perSec < 0.005) return '<0.01';
  // Rounded first, so 99.97 is "100", not "100.0".
  const hundredths = Math.round(perSec * 100) / 100;
  if (hundredths < 1) return hundredths.toFixed(2);
  const tenths = Math.round(perSec * 10) / 10;
  if (tenths < 100) return tenths.toFixed(1);
  return formatCount(Math.round(perSec));
}

/** Events lost: Prometheus' increase() extrapolates, so it is rounded; a
 *  loss under one event still shows as one, never as none. */
export function formatLost(lost: number | null): string {
  if (lost === null) return '—';
  if (lost === 0) return '0';
  return formatCount(Math.max(1, Math.round(lost)));
}

export type FleetSortKey = 'instance' | 'up' | 'tracer' | 'openRate' | 'failureRate' | 'lostLastHour' | 'xdpDropRate' | 'xdp';
export interface FleetSort {
  key: FleetSortKey;
  desc: boolean;
}

/** Ranks for the state columns: the worst first when ascending. */
const XDP_RANK: Record<XdpState, number> = { detached: 0, attached: 1, off: 2 };
const rank = (b: boolean | null) => (b === null ? null : b ? 1 : 0);

function sortValue(h: FleetHost, key: Exclude<FleetSortKey, 'instance'>): number | null {
  switch (key) {
    case 'up':
      return rank(h.up);
    case 'tracer':
      return rank(h.tracerUp);
    case 'xdp': {
      const s = xdpState(h);
      return s === null ? null : XDP_RANK[s];
    }
    default:
      return h[key];
  }
}

/** The rows in `sort`'s order; unknown values last either way, then by
 *  instance, so equal rows keep their place between polls. */
export function sortFleetHosts(hosts: readonly FleetHost[], sort: FleetSort): FleetHost[] {
  const dir = sort.desc ? -1 : 1;
  return [...hosts].sort((a, b) => {
    let c = 0;
    if (sort.key === 'instance') c = a.instance.localeCompare(b.instance) * dir;
    else {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      if (x === null || y === null) c = x === y ? 0 : x === null ? 1 : -1;
      else c = (x - y) * dir;
    }
    return c !== 0 ? c : a.instance.localeCompare(b.instance);
  });
}

/** The first click on a column: numbers biggest first, states and names
 *  in order (down and detached come first). */
export function firstSortDesc(key: FleetSortKey): boolean {
  return key === 'openRate' || key === 'failureRate' || key === 'lostLastHour' || key === 'xdpDropRate';
}

/** The hosts that want a look, counted for the page's header line. */
export interface FleetSummary {
  hosts: number;
  unreachable: number;
  tracerDown: number;
  detached: number;
  losing: number;
}
export function fleetSummary(hosts: readonly FleetHost[]): FleetSummary {
  return {
    hosts: hosts.length,
    unreachable: hosts.filter((h) => h.up === false).length,
    tracerDown: hosts.filter((h) => h.tracerUp === false).length,
    detached: hosts.filter((h) => xdpState(h) === 'detached').length,
    losing: hosts.filter((h) => (h.lostLastHour ?? 0) > 0).length,
  };
}

/** One poll of GET /api/fleet, as the page's client reads it. */
export type FleetPoll =
  | { kind: 'answer'; answer: FleetAnswer }
  /** Started without --prometheus: the server's sentence. */
  | { kind: 'unconfigured'; message: string }
  | { kind: 'failed'; error: string };

export interface FleetView {
  /** The hosts shown: the last answer Prometheus gave in full, or, before
   *  one, whatever came; null before any answer. */
  answer: FleetAnswer | null;
  /** Date.now() of the answer shown when it was whole (or of the server's
   *  saying it has no Prometheus); null otherwise. */
  sampledAt: number | null;
  /** Why what is shown may be old or partial: the poll failed, or
   *  Prometheus did; null after a whole answer. */
  error: string | null;
  /** The server says it has no --prometheus; null when it has, or before it says. */
  unconfigured: string | null;
}

export const NO_FLEET: FleetView = { answer: null, sampledAt: null, error: null, unconfigured: null };

/** Pure: the view after one poll at `now`. A failure (of the request, or
 *  of Prometheus) keeps the last whole answer on screen, marked stale. */
export function nextFleetView(prev: FleetView, poll: FleetPoll, now: number): FleetView {
  switch (poll.kind) {
    case 'unconfigured':
      return { ...NO_FLEET, sampledAt: now, unconfigured: poll.message };
    case 'failed':
      return { ...prev, error: poll.error };
    case 'answer': {
      const a = poll.answer;
      if (a.error === null) return { answer: a, sampledAt: now, error: null, unconfigured: null };
      const keep = prev.answer !== null && prev.sampledAt !== null && prev.answer.prometheus === a.prometheus;
      return {
        answer: keep ? prev.answer : a,
        sampledAt: keep ? prev.sampledAt : null,
        error: a.error,
        unconfigured: null,
      };
    }
  }
}
