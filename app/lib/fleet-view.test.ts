import { describe, expect, it } from 'vitest';
import { FLEET_UNCONFIGURED, type FleetAnswer, type FleetHost } from '../../protocol/fleet';
import { readFleetPoll } from './fleet-client';
import {
  firstSortDesc, fleetSummary, formatLost, formatPerSecond, nextFleetView, NO_FLEET, sortFleetHosts, tracerState, xdpState,
} from './fleet-view';

const host = (instance: string, fields: Partial<FleetHost> = {}): FleetHost => ({
  instance, up: true, tracerUp: true, attach: 'fentry', openRate: 1, failureRate: 0, lostLastHour: 0,
  xdpDropRate: null, xdpAttached: false, xdpWanted: false, dashboardUrl: `http://${instance}/`, ...fields,
});
const UNKNOWN = { up: false, tracerUp: null, attach: null, openRate: null, failureRate: null, lostLastHour: null, xdpDropRate: null, xdpAttached: null, xdpWanted: null };
const answer = (hosts: FleetHost[], error: string | null = null, prometheus = 'http://p:9090'): FleetAnswer => ({
  prometheus, hosts, queriedAt: 1, error,
});
const names = (hosts: FleetHost[]) => hosts.map((h) => h.instance);

describe('what the cells say', () => {
  it('tells the tracer running, down or unknown', () => {
    expect(tracerState(host('a'))).toBe('running');
    expect(tracerState(host('a', { tracerUp: false }))).toBe('down');
    expect(tracerState(host('a', UNKNOWN))).toBeNull();
  });

  it('calls an XDP filter asked for but not running "detached"', () => {
    expect(xdpState(host('a', { xdpWanted: true, xdpAttached: true }))).toBe('attached');
    expect(xdpState(host('a', { xdpWanted: true, xdpAttached: false }))).toBe('detached');
    expect(xdpState(host('a', { xdpWanted: false, xdpAttached: false }))).toBe('off');
    expect(xdpState(host('a', { xdpWanted: true, xdpAttached: null }))).toBe('detached');
    expect(xdpState(host('a', UNKNOWN))).toBeNull();
  });

  it('formats rates for a glance, and unknown as a dash', () => {
    expect([null, 0, 0.004, 0.25, 0.996, 1, 12.345, 99.94, 99.97, 100, 1234.5].map(formatPerSecond)).toEqual([
      '—', '0', '<0.01', '0.25', '1.0', '1.0', '12.3', '99.9', '100', '100', '1,235',
    ]);
  });

  it('rounds lost events, but never a loss down to none', () => {
    expect([null, 0, 0.2, 7.06, 7.5, 12345.4].map(formatLost)).toEqual(['—', '0', '1', '7', '8', '12,345']);
  });
});

describe('sortFleetHosts', () => {
  const hosts = [
    host('c:1', { openRate: 5, failureRate: 1, tracerUp: false, xdpWanted: true, xdpAttached: true, lostLastHour: 3 }),
    host('a:1', { openRate: 50, xdpWanted: true, xdpAttached: false }),
    host('d:1', UNKNOWN),
    host('b:1', { openRate: 5 }),
  ];

  it('sorts by name, either way', () => {
    expect(names(sortFleetHosts(hosts, { key: 'instance', desc: false }))).toEqual(['a:1', 'b:1', 'c:1', 'd:1']);
    expect(names(sortFleetHosts(hosts, { key: 'instance', desc: true }))).toEqual(['d:1', 'c:1', 'b:1', 'a:1']);
  });

  it('sorts numbers with unknowns last either way, ties by name', () => {
    expect(names(sortFleetHosts(hosts, { key: 'openRate', desc: true }))).toEqual(['a:1', 'b:1', 'c:1', 'd:1']);
    expect(names(sortFleetHosts(hosts, { key: 'openRate', desc: false }))).toEqual(['b:1', 'c:1', 'a:1', 'd:1']);
    expect(names(sortFleetHosts(hosts, { key: 'lostLastHour', desc: true }))).toEqual(['c:1', 'a:1', 'b:1', 'd:1']);
  });

  it('puts the troubled first when sorting states ascending', () => {
    expect(names(sortFleetHosts(hosts, { key: 'up', desc: false }))).toEqual(['d:1', 'a:1', 'b:1', 'c:1']);
    expect(names(sortFleetHosts(hosts, { key: 'tracer', desc: false }))).toEqual(['c:1', 'a:1', 'b:1', 'd:1']);
    expect(names(sortFleetHosts(hosts, { key: 'xdp', desc: false }))).toEqual(['a:1', 'c:1', 'b:1', 'd:1']);
  });

  it('leaves its input alone', () => {
    const before = names(hosts);
    sortFleetHosts(hosts, { key: 'openRate', desc: true });
    expect(names(hosts)).toEqual(before);
  });

  it('sorts numbers biggest first on the first click, states and names in order', () => {
    expect(firstSortDesc('openRate')).toBe(true);
    expect(firstSortDesc('lostLastHour')).toBe(true);
    expect(firstSortDesc('instance')).toBe(false);
    expect(firstSortDesc('tracer')).toBe(false);
  });
});

describe('fleetSummary', () => {
  it('counts the hosts that want a look', () => {
    expect(
      fleetSummary([
        host('a', UNKNOWN),
        host('b', { tracerUp: false, lostLastHour: 0.4 }),
        host('c', { xdpWanted: true, xdpAttached: false }),
        host('d'),
      ]),
    ).toEqual({ hosts: 4, unreachable: 1, tracerDown: 1, detached: 1, losing: 1 });
  });
});

describe('nextFleetView', () => {
  const whole = answer([host('a:1')]);

  it('shows a whole answer, as of now', () => {
    expect(nextFleetView(NO_FLEET, { kind: 'answer', answer: whole }, 1000)).toEqual({
      answer: whole, sampledAt: 1000, error: null, unconfigured: null,
    });
  });

  it('keeps the last whole answer, stale, when the request or Prometheus fails', () => {
    const v = nextFleetView(NO_FLEET, { kind: 'answer', answer: whole }, 1000);
    expect(nextFleetView(v, { kind: 'failed', error: 'GET /api/fleet: cannot reach the server' }, 2000)).toEqual({
      ...v, error: 'GET /api/fleet: cannot reach the server',
    });
    const down = answer([], 'cannot reach Prometheus at http://p:9090: ECONNREFUSED');
    expect(nextFleetView(v, { kind: 'answer', answer: down }, 2000)).toEqual({
      answer: whole, sampledAt: 1000, error: 'cannot reach Prometheus at http://p:9090: ECONNREFUSED', unconfigured: null,
    });
  });

  it('shows a partial answer when there is no whole one, not as read in full', () => {
    const partial = answer([host('a:1', { lostLastHour: null })], '1 of 9 Prometheus queries failed, so some numbers are missing: …');
    expect(nextFleetView(NO_FLEET, { kind: 'answer', answer: partial }, 2000)).toEqual({
      answer: partial, sampledAt: null, error: '1 of 9 Prometheus queries failed, so some numbers are missing: …', unconfigured: null,
    });
  });

  it('says when the backend has no Prometheus, and forgets the fleet it had', () => {
    const v = nextFleetView(NO_FLEET, { kind: 'answer', answer: whole }, 1000);
    expect(nextFleetView(v, { kind: 'unconfigured', message: FLEET_UNCONFIGURED }, 2000)).toEqual({
      ...NO_FLEET, sampledAt: 2000, unconfigured: FLEET_UNCONFIGURED,
    });
  });
});

describe('readFleetPoll', () => {
  it('reads the fleet', () => {
    const a = answer([host('a:1')]);
    expect(readFleetPoll(200, JSON.stringify(a))).toEqual({ kind: 'answer', answer: a });
  });

  it('tells a backend without --prometheus from other refusals', () => {
    expect(readFleetPoll(503, JSON.stringify({ error: FLEET_UNCONFIGURED, prometheus: null }))).toEqual({
      kind: 'unconfigured', message: FLEET_UNCONFIGURED,
    });
    // Another 503 (too many dashboards) is a failure, with the server's words.
    expect(readFleetPoll(503, JSON.stringify({ error: 'too many dashboards' }))).toEqual({ kind: 'failed', error: 'too many dashboards' });
    expect(readFleetPoll(503, 'busy')).toEqual({ kind: 'failed', error: 'GET /api/fleet: HTTP 503, and the answer is not JSON' });
  });

  it('refuses an answer of another shape', () => {
    const r = readFleetPoll(200, JSON.stringify({ hosts: [] }));
    expect(r.kind).toBe('failed');
    expect(r.kind === 'failed' && r.error).toMatch(/^GET \/api\/fleet: the answer does not match what this page expects/);
  });
});
