/** The fleet's rows from the queries' answers (pure), and fleetHosts with
 *  a fake Prometheus: one instant for all queries, partial failures. */
import { describe, expect, it } from 'vitest';
import { FLEET_JOB, fleetAnswerSchema } from '../../protocol/fleet';
import { assembleHosts, dashboardLinks, FLEET_QUERIES, fleetError, fleetHosts, type FleetQuery } from './hosts';
import type { Sample } from './prometheus';

const s = (instance: string | undefined, value: number | null, more: Record<string, string> = {}): Sample => ({
  labels: { ...(instance !== undefined && { instance }), ...more },
  value,
});

const NULLS = {
  up: null, tracerUp: null, attach: null, openRate: null, failureRate: null, lostLastHour: null,
  xdpDropRate: null, xdpAttached: null, xdpWanted: null,
};

describe('assembleHosts', () => {
  it('makes one row per instance found in any answer, sorted, with nulls where there is no sample', () => {
    const rows = assembleHosts({
      up: [s('b:7070', 1), s('a:7070', 0)],
      tracerUp: [s('b:7070', 1)],
      attach: [s('b:7070', 1, { attach: 'kprobe' })],
      openRate: [s('b:7070', 17.25)],
      failureRate: [s('b:7070', 0)],
      lostLastHour: [s('b:7070', 7.06)],
      xdpDropRate: [s('c:7070', 3)],
      xdpAttached: [s('b:7070', 0)],
      xdpWanted: [s('b:7070', 1)],
    }, new Map([['a:7070', 'http://a:7070/'], ['b:7070', 'http://b:7070/'], ['c:7070', 'http://c:7070/']]));
    expect(rows).toEqual([
      { instance: 'a:7070', ...NULLS, up: false, dashboardUrl: 'http://a:7070/' },
      {
        instance: 'b:7070', up: true, tracerUp: true, attach: 'kprobe', openRate: 17.25, failureRate: 0, lostLastHour: 7.06,
        xdpDropRate: null, xdpAttached: false, xdpWanted: true, dashboardUrl: 'http://b:7070/',
      },
      // Not a target any more, but its rate is still in the last minute.
      { instance: 'c:7070', ...NULLS, xdpDropRate: 3, dashboardUrl: 'http://c:7070/' },
    ]);
    for (const r of rows) expect(fleetAnswerSchema.shape.hosts.element.parse(r)).toEqual(r);
  });

  it('leaves out what a failed query would have said', () => {
    expect(assembleHosts({ openRate: [s('a:1', 2)] })).toEqual([{ instance: 'a:1', ...NULLS, openRate: 2, dashboardUrl: null }]);
    expect(assembleHosts({})).toEqual([]);
  });

  it('skips series without an instance, and keeps NaN as no value', () => {
    expect(assembleHosts({ up: [s(undefined, 1), s('', 1), s('a:1', null)] })).toEqual([
      { instance: 'a:1', ...NULLS, dashboardUrl: null },
    ]);
  });

  it('picks one attach mode when the info series changed within the lookback', () => {
    const attach = (samples: Sample[]) => assembleHosts({ attach: samples })[0]!.attach;
    expect(attach([s('a:1', 1, { attach: 'tracepoint' }), s('a:1', 1, { attach: 'fentry' })])).toBe('fentry');
    expect(attach([s('a:1', 0, { attach: 'fentry' }), s('a:1', 1, { attach: 'tracepoint' })])).toBe('tracepoint');
    expect(attach([s('a:1', 1, { attach: '' })])).toBeNull();
    expect(attach([s('a:1', 1)])).toBeNull();
  });

  it('reads any positive gauge as true (max of several targets of one instance)', () => {
    expect(assembleHosts({ xdpWanted: [s('a:1', 2)], xdpAttached: [s('a:1', 0)] })[0]).toMatchObject({ xdpWanted: true, xdpAttached: false });
  });
});

describe('dashboardLinks', () => {
  const t = (instance: string, scrapeUrl: string, job: string = FLEET_JOB) => ({ labels: { job, instance }, scrapeUrl });
  it("links each of the job's targets to the origin Prometheus scrapes it at", () => {
    const links = dashboardLinks([
      t('host1:7070', 'http://host1:7070/metrics'),
      t('web-1', 'https://10.0.0.5:7070/metrics'),
      t('[fd00::5]:7070', 'http://[fd00::5]:7070/metrics'),
    ]);
    expect(Object.fromEntries(links)).toEqual({
      'host1:7070': 'http://host1:7070/', 'web-1': 'https://10.0.0.5:7070/', '[fd00::5]:7070': 'http://[fd00::5]:7070/',
    });
  });
  it("links no other job's targets, nor a URL that is not http(s) or holds a password", () => {
    const links = dashboardLinks([
      t('x:1', 'http://x:1/metrics', 'node'), t('y:1', 'javascript:alert(1)'), t('z:1', 'http://u:p@z:1/metrics'), t('w:1', 'not a url'),
    ]);
    expect(links.size).toBe(0);
  });
  it('links an instance only where Prometheus scrapes a target of that name', () => {
    const rows = assembleHosts({ up: [s('evil.example:80', 1), s('a:1', 1)] }, dashboardLinks([t('a:1', 'http://a:1/metrics')]));
    expect(rows.map((r) => [r.instance, r.dashboardUrl])).toEqual([['a:1', 'http://a:1/'], ['evil.example:80', null]]);
  });
});

describe('fleetError', () => {
  it('is null when all went well, and says a shared cause once', () => {
    expect(fleetError([], 9)).toBeNull();
    expect(fleetError(Array(9).fill('cannot reach Prometheus at http://p: ECONNREFUSED'), 9)).toBe(
      'cannot reach Prometheus at http://p: ECONNREFUSED',
    );
    expect(fleetError(['x timed out', 'y timed out', 'x timed out'], 9)).toBe(
      '3 of 9 Prometheus queries failed, so some numbers are missing: x timed out; y timed out',
    );
  });
});

describe('FLEET_QUERIES', () => {
  it('reads the job of deploy/prometheus.yml only, per instance', () => {
    for (const q of Object.values(FLEET_QUERIES)) {
      expect(q).toContain(`job="${FLEET_JOB}"`);
      expect(q).toMatch(/^(max|sum) by \(instance[,)]/);
    }
  });
});

/** A Prometheus answering each query from `answers` (by its PromQL). */
function fakePrometheus(answers: Partial<Record<FleetQuery, Sample[] | { status: number; body: unknown }>>, targets: string[] = []) {
  const times = new Set<string>();
  const fetchFn: typeof fetch = async (input) => {
    const u = new URL(String(input));
    if (u.pathname === '/api/v1/targets') {
      const activeTargets = targets.map((instance) => ({ labels: { job: FLEET_JOB, instance }, scrapeUrl: `http://${instance}/metrics` }));
      return new Response(JSON.stringify({ status: 'success', data: { activeTargets } }), { status: 200 });
    }
    times.add(u.searchParams.get('time') ?? '');
    const name = (Object.keys(FLEET_QUERIES) as FleetQuery[]).find((n) => FLEET_QUERIES[n] === u.searchParams.get('query'));
    const a = name && answers[name];
    if (a && !Array.isArray(a)) return new Response(JSON.stringify(a.body), { status: a.status });
    const result = (a ?? []).map((x) => ({ metric: x.labels, value: [1, String(x.value)] }));
    return new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }), { status: 200 });
  };
  return { fetchFn, times };
}

describe('fleetHosts', () => {
  it('asks every query at one instant and gives the rows', async () => {
    const p = fakePrometheus({ up: [s('a:1', 1)], openRate: [s('a:1', 4.5)] }, ['a:1']);
    const answer = await fleetHosts('http://p:9090', p.fetchFn, () => 1_700_000_000_250);
    expect(fleetAnswerSchema.parse(answer)).toEqual(answer);
    expect(answer).toEqual({
      prometheus: 'http://p:9090',
      queriedAt: 1_700_000_000_250,
      error: null,
      hosts: [{ instance: 'a:1', ...NULLS, up: true, openRate: 4.5, dashboardUrl: 'http://a:1/' }],
    });
    expect([...p.times]).toEqual(['1700000000.250']);
  });

  it('gives what the other queries said when one is refused, and says which', async () => {
    const p = fakePrometheus({
      up: [s('a:1', 1)],
      lostLastHour: { status: 422, body: { status: 'error', errorType: 'execution', error: 'query processing would load too many samples' } },
    });
    const answer = await fleetHosts('http://p:9090', p.fetchFn);
    expect(answer.hosts).toEqual([{ instance: 'a:1', ...NULLS, up: true, dashboardUrl: null }]);
    expect(answer.error).toBe(
      `1 of 10 Prometheus queries failed, so some numbers are missing: Prometheus refused the query ${FLEET_QUERIES.lostLastHour}: query processing would load too many samples (execution, HTTP 422)`,
    );
  });

  it('never throws: an unreachable Prometheus is an answer with no hosts and the reason', async () => {
    const down: typeof fetch = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: new Error('getaddrinfo ENOTFOUND p') }));
    const answer = await fleetHosts('http://p:9090', down);
    expect(answer).toMatchObject({ hosts: [], error: 'cannot reach Prometheus at http://p:9090: getaddrinfo ENOTFOUND p' });
  });
});
