/**
 * The fleet as Prometheus sees it: one row per backend (`instance`) of the
 * scrape job, from a handful of instant queries evaluated at one instant.
 * Prometheus does the arithmetic (rates, increases, sums over a backend's
 * series); assembling the rows is pure.
 */
import { FLEET_JOB, type FleetAnswer, type FleetHost } from '../../protocol/fleet';
import { activeTargets, type FetchFn, PrometheusError, queryVector, type Sample, type Target } from './prometheus';

const job = `job="${FLEET_JOB}"`;
/** The rate of a counter of the job, summed per backend over the last minute. */
const rate1m = (metric: string, match = '') => `sum by (instance) (rate(${metric}{${job}${match}}[1m]))`;

/** One PromQL per field. Each answers one series per instance (`attach`:
 *  one per instance and mode), and only for instances that have the data. */
export const FLEET_QUERIES = {
  /** Every target of the job, down ones included. */
  up: `max by (instance) (up{${job}})`,
  tracerUp: `max by (instance) (ebpfdash_tracer_up{${job}})`,
  attach: `max by (instance, attach) (ebpfdash_tracer_info{${job}})`,
  openRate: rate1m('ebpfdash_opens_total'),
  // A backend with no failed open has no such series: 0, not unknown,
  // when it counts opens at all.
  failureRate: `${rate1m('ebpfdash_opens_total', ',result!="ok"')} or 0 * ${rate1m('ebpfdash_opens_total')}`,
  lostLastHour: `sum by (instance) (increase(ebpfdash_events_lost_total{${job}}[1h]))`,
  // Likewise: packets passed but none dropped is a rate of 0.
  xdpDropRate: `${rate1m('ebpfdash_xdp_packets_total', ',action="drop"')} or 0 * ${rate1m('ebpfdash_xdp_packets_total')}`,
  xdpAttached: `max by (instance) (ebpfdash_xdp_attached{${job}})`,
  xdpWanted: `max by (instance) (ebpfdash_xdp_wanted{${job}})`,
} as const;
export type FleetQuery = keyof typeof FLEET_QUERIES;
const QUERY_NAMES = Object.keys(FLEET_QUERIES) as FleetQuery[];

/** The answers of the queries that worked. */
export type FleetResults = Partial<Record<FleetQuery, readonly Sample[]>>;

/** Pure: each instance of the job's targets -> its dashboard, the
 *  origin Prometheus scrapes it at. Only targets are linked: an instance
 *  label can be anything (relabelling, a pushed series), and the fleet
 *  page must not link where Prometheus never goes. */
export function dashboardLinks(targets: readonly Target[]): Map<string, string> {
  const links = new Map<string, string>();
  for (const t of targets) {
    const instance = t.labels.instance;
    if (t.labels.job !== FLEET_JOB || !instance) continue;
    let u: URL;
    try {
      u = new URL(t.scrapeUrl);
    } catch {
      continue;
    }
    if ((u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password) links.set(instance, `${u.origin}/`);
  }
  return links;
}

/** Pure: the rows, by instance, from the queries' answers and the links
 *  to the targets' dashboards. */
export function assembleHosts(results: FleetResults, links: ReadonlyMap<string, string> = new Map()): FleetHost[] {
  const byInstance = new Map<FleetQuery, Map<string, Sample>>();
  const instances = new Set<string>();
  for (const name of QUERY_NAMES) {
    const m = new Map<string, Sample>();
    for (const s of results[name] ?? []) {
      const instance = s.labels.instance;
      if (instance === undefined || instance === '') continue;
      instances.add(instance);
      const had = m.get(instance);
      // Several series for one instance (only `attach` has them: the mode
      // changed within the lookback): the greatest value, then the first
      // mode by name, so the answer does not flicker.
      if (!had || (s.value ?? -Infinity) > (had.value ?? -Infinity) ||
        (s.value === had.value && (s.labels.attach ?? '') < (had.labels.attach ?? ''))) {
        m.set(instance, s);
      }
    }
    byInstance.set(name, m);
  }
  const num = (name: FleetQuery, instance: string) => byInstance.get(name)?.get(instance)?.value ?? null;
  const flag = (name: FleetQuery, instance: string) => {
    const v = num(name, instance);
    return v === null ? null : v > 0;
  };
  return [...instances].sort().map((instance) => ({
    instance,
    up: flag('up', instance),
    tracerUp: flag('tracerUp', instance),
    attach: byInstance.get('attach')?.get(instance)?.labels.attach || null,
    openRate: num('openRate', instance),
    failureRate: num('failureRate', instance),
    lostLastHour: num('lostLastHour', instance),
    xdpDropRate: num('xdpDropRate', instance),
    xdpAttached: flag('xdpAttached', instance),
    xdpWanted: flag('xdpWanted', instance),
    dashboardUrl: links.get(instance) ?? null,
  }));
}

/** Pure: one sentence for the queries that failed (null: none did). The
 *  same cause (Prometheus unreachable) is said once. */
export function fleetError(errors: readonly string[], queries: number): string | null {
  if (errors.length === 0) return null;
  const distinct = [...new Set(errors)];
  const all = errors.length === queries;
  return `${all ? '' : `${errors.length} of ${queries} Prometheus queries failed, so some numbers are missing: `}${distinct.join('; ')}`;
}

/**
 * The fleet that `prometheusUrl` scrapes as job ebpf-dash: every query at
 * the same instant, in parallel. Never throws: what failed is in `error`,
 * and the rows hold what the other queries said.
 */
export async function fleetHosts(
  prometheusUrl: string,
  fetchFn: FetchFn = fetch,
  now: () => number = Date.now,
): Promise<FleetAnswer> {
  const queriedAt = now();
  const why = (reason: unknown) =>
    reason instanceof PrometheusError ? reason.message : `asking Prometheus failed: ${String(reason)}`;
  const [settled, targets] = await Promise.all([
    Promise.allSettled(QUERY_NAMES.map((name) => queryVector(prometheusUrl, FLEET_QUERIES[name], queriedAt / 1000, fetchFn))),
    activeTargets(prometheusUrl, fetchFn).then(
      (t) => ({ links: dashboardLinks(t), error: null }),
      // The same cause as the queries' is said once (fleetError).
      (err: unknown) => ({ links: new Map<string, string>(), error: why(err) }),
    ),
  ]);
  const results: FleetResults = {};
  const errors: string[] = [];
  settled.forEach((r, i) => {
    if (r.status === 'fulfilled') results[QUERY_NAMES[i]!] = r.value;
    else errors.push(why(r.reason));
  });
  if (targets.error) errors.push(targets.error);
  return {
    prometheus: prometheusUrl,
    hosts: assembleHosts(results, targets.links),
    queriedAt,
    error: fleetError(errors, QUERY_NAMES.length + 1),
  };
}
