import { describe, expect, it } from 'vitest';
import { searchRules } from './rule-list';
import { ruleView } from './testing/rule-view';

const rule = ruleView;

const rules = [
  rule({}),
  rule({ cidr: '192.0.2.0/24', comment: 'FireHOL level1' }),
  rule({ cidr: null, proto: 'tcp', port: 8080 }),
  rule({ cidr: 'fd00:211::/64' }),
];
const matches = (q: string) => searchRules(rules, q).shown.map((r) => r.cidr ?? `port ${r.port}`);

describe('searchRules', () => {
  it('shows everything for an empty search', () => {
    expect(searchRules(rules, '  ')).toEqual({ shown: rules, matched: 4 });
  });

  it('matches the match and the comment, ignoring case', () => {
    expect(matches('firehol')).toEqual(['192.0.2.0/24']);
    expect(matches('tcp 8080')).toEqual(['port 8080']);
    expect(matches('10.211.')).toEqual(['10.211.0.2/32']);
  });

  it('finds the rules that cover an address', () => {
    expect(matches('192.0.2.77')).toEqual(['192.0.2.0/24', 'port 8080']);
    expect(matches('fd00:211::9')).toEqual(['port 8080', 'fd00:211::/64']);
  });

  it('draws at most the limit and counts every match', () => {
    const many = Array.from({ length: 450 }, (_, i) => rule({ cidr: `10.0.${i >> 8}.${i & 255}/32` }));
    const r = searchRules(many, '', 200);
    expect(r.shown).toHaveLength(200);
    expect(r.matched).toBe(450);
  });
});
