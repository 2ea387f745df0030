import { describe, expect, it } from 'vitest';
import type { RuleView } from '../../protocol/xdp';
import { StickyLabels } from './sticky-labels';
import { MAX_RULE_SERIES, packetSeries, ruleDropSeries, ruleLabels, xdpAttached, xdpWanted, type XdpReading } from './xdp-series';

const rule = (over: Partial<RuleView>): RuleView => ({
  cidr: '10.0.0.0/8', direction: 'src', proto: null, port: null, action: 'deny', drops: 0,
  createdAt: '2026-01-01T00:00:00Z', expiresAt: null, comment: '', active: true, ...over,
});
const prog = { id: 1, name: 'odash_xdp', tag: 't', loadedAt: '', xlatedBytes: 0, jitedBytes: 0, memlock: 0, btfId: null };
const reading = (over: Partial<XdpReading>): XdpReading => ({
  attached: null, wanted: null, rules: [], totals: { passed: 0, dropped: 0, unlisted: 0 }, ...over,
});

describe('XDP series', () => {
  it('labels the totals with the interface the filter runs on, or none', () => {
    const on = reading({ attached: { ifname: 'odash-lab0', mode: 'generic', prog }, totals: { passed: 7, dropped: 3, unlisted: 1 } });
    expect(packetSeries(on)).toEqual([
      { labels: { ifname: 'odash-lab0', action: 'pass' }, value: 7 },
      { labels: { ifname: 'odash-lab0', action: 'drop' }, value: 3 },
    ]);
    expect(packetSeries(reading({})).map((s) => s.labels.ifname)).toEqual(['none', 'none']);
  });

  it('labels a rule by its match: any address for a port rule, no port for an address rule', () => {
    expect(ruleLabels(rule({}))).toEqual({ cidr: '10.0.0.0/8', direction: 'src', port: '' });
    expect(ruleLabels(rule({ cidr: null, proto: 'tcp', port: 8080 }))).toEqual({ cidr: 'any', direction: 'src', port: 'tcp/8080' });
    expect(ruleLabels(rule({ cidr: 'fd00::/64', port: 53 }))).toEqual({ cidr: 'fd00::/64', direction: 'src', port: 'tcp+udp/53' });
    expect(ruleLabels(rule({ direction: 'dst' })).direction).toBe('dst');
  });

  it(`gives at most ${MAX_RULE_SERIES} rules a series, those that drop first, for as long as they exist`, () => {
    const slots = new StickyLabels(2);
    const a = rule({ cidr: '10.0.0.1/32', drops: 5 });
    const b = rule({ cidr: '10.0.0.2/32', drops: 0 });
    const c = rule({ cidr: '10.0.0.3/32', drops: 1 });
    const d = rule({ cidr: '10.0.0.4/32', drops: 9 });
    const cidrs = (rules: RuleView[]) => ruleDropSeries(rules, slots).map((s) => `${s.labels.cidr}=${s.value}`);
    expect(cidrs([a, b, c])).toEqual(['10.0.0.1/32=5', '10.0.0.3/32=1']);
    // b starts dropping, d too: no room left, the first two keep theirs.
    expect(cidrs([a, { ...b, drops: 4 }, c, d])).toEqual(['10.0.0.1/32=5', '10.0.0.3/32=1']);
    // a is removed: its slot goes to the next rule that drops.
    expect(cidrs([{ ...b, drops: 4 }, c, d])).toEqual(['10.0.0.2/32=4', '10.0.0.3/32=1']);
  });

  it('says whether the filter runs where it was asked to', () => {
    const wanted = { ifname: 'eth0', mode: 'auto' } as const;
    const attached = { ifname: 'eth0', mode: 'native', prog } as const;
    expect([xdpAttached(reading({ wanted, attached })), xdpWanted(reading({ wanted, attached }))]).toEqual([1, 1]);
    // Its interface is gone.
    expect([xdpAttached(reading({ wanted })), xdpWanted(reading({ wanted }))]).toEqual([0, 1]);
    expect([xdpAttached(reading({})), xdpWanted(reading({}))]).toEqual([0, 0]);
  });
});
