import { describe, expect, it } from 'vitest';
import type { RuleView } from '../../protocol/xdp';
import { type NewRule, overlapNotes } from './rule-overlap';
import { ruleView } from './testing/rule-view';

const rule = ruleView;

const next = (over: Partial<NewRule>): NewRule => ({
  cidr: '10.211.0.0/24',
  direction: 'src',
  proto: null,
  port: null,
  action: 'deny',
  ...over,
});

const notes = (n: NewRule, rules: RuleView[]) => overlapNotes(n, rules).notes;

describe('overlapNotes between address rules', () => {
  it('says where a more specific rule keeps its packets', () => {
    expect(notes(next({}), [rule({})])).toEqual([
      '10.211.0.2/32 is more specific: packets from 10.211.0.2 count there, not in 10.211.0.0/24',
    ]);
  });

  it('says when the new rule is the more specific one', () => {
    expect(notes(next({ cidr: '10.211.0.7/32' }), [rule({ cidr: '10.211.0.0/24' })])).toEqual([
      '10.211.0.0/24 is less specific: packets from 10.211.0.7 will count in the new rule, not there',
    ]);
  });

  it('says so when that changes the outcome, not only the counting', () => {
    expect(notes(next({}), [rule({ action: 'allow' })])).toEqual([
      '10.211.0.2/32 is more specific: packets from 10.211.0.2 count there, not in 10.211.0.0/24, so they pass',
    ]);
    expect(notes(next({ cidr: '10.211.0.7/32', action: 'allow' }), [rule({ cidr: '10.211.0.0/24' })])).toEqual([
      '10.211.0.0/24 is less specific: packets from 10.211.0.7 will count in the new rule, not there, so they pass',
    ]);
  });

  it('says when the same rule exists', () => {
    expect(notes(next({ cidr: '10.211.0.2/32' }), [rule({})])).toEqual(['10.211.0.2/32 exists already (deny)']);
  });

  it('ignores disjoint prefixes, other families and the other direction', () => {
    expect(
      notes(next({}), [
        rule({ cidr: '10.212.0.2/32' }),
        rule({ cidr: 'fd00:211::2/128' }),
        rule({ direction: 'dst' }),
      ]),
    ).toEqual([]);
  });

  it('words destination rules as packets to', () => {
    expect(notes(next({ direction: 'dst' }), [rule({ direction: 'dst' })])).toEqual([
      '10.211.0.2/32 is more specific: packets to 10.211.0.2 count there, not in 10.211.0.0/24',
    ]);
  });

  it('works for IPv6', () => {
    expect(notes(next({ cidr: 'fd00:211::/64' }), [rule({ cidr: 'fd00:211::2/128' })])).toEqual([
      'fd00:211::2/128 is more specific: packets from fd00:211::2 count there, not in fd00:211::/64',
    ]);
  });
});

describe('overlapNotes with port rules', () => {
  it('says that a new port rule comes before the address rules it shares packets with', () => {
    expect(notes(next({ cidr: null, proto: 'tcp', port: 22, action: 'allow' }), [rule({})])).toEqual([
      'Port rules come first: packets from 10.211.0.2 to tcp port 22 count in the new rule, not in 10.211.0.2/32, so they pass',
    ]);
  });

  it('says that an existing port rule takes some of a new address rule\'s packets', () => {
    expect(notes(next({}), [rule({ cidr: null, proto: 'tcp', port: 22, action: 'allow' })])).toEqual([
      'tcp 22 comes first: packets from 10.211.0.0/24 to tcp port 22 count there, not in the new rule, so they pass',
    ]);
  });

  it('compares port rules on the same port by prefix', () => {
    expect(notes(next({ cidr: null, port: 53 }), [rule({ cidr: '10.0.0.0/8', proto: 'udp', port: 53 })])).toEqual([
      'udp 53 from 10.0.0.0/8 is more specific: packets from 10.0.0.0/8 to udp port 53 count there, not in tcp+udp 53',
    ]);
    expect(notes(next({ cidr: null, proto: 'tcp', port: 53 }), [rule({ cidr: null, port: 53 })])).toEqual([
      'tcp+udp 53 already matches packets from any address to tcp port 53 (deny)',
    ]);
  });

  it('ignores other ports, other protocols, and dst address rules', () => {
    expect(
      notes(next({ cidr: null, proto: 'tcp', port: 22 }), [
        rule({ cidr: null, proto: 'tcp', port: 23 }),
        rule({ cidr: null, proto: 'udp', port: 22 }),
        rule({ direction: 'dst' }),
      ]),
    ).toEqual([]);
  });
});

describe('overlapNotes over many rules', () => {
  it('keeps a few sentences and counts the rest', () => {
    const many = Array.from({ length: 12 }, (_, i) => rule({ cidr: `10.211.0.${i + 1}/32` }));
    const r = overlapNotes(next({}), many, 5);
    expect(r.notes).toHaveLength(5);
    expect(r.more).toBe(7);
  });
});
