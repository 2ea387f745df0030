import { describe, expect, it } from 'vitest';
import {
  addressRuleIndex,
  describeAddress,
  describeMatch,
  describePackets,
  describePort,
  exactCidr,
  notBlockable,
  ruleQuery,
  sourceRuleFor,
} from './rule-match';
import { ruleView } from './testing/rule-view';

const rule = ruleView;

describe('ruleQuery', () => {
  it('leaves out what the rule does not name', () => {
    expect(ruleQuery({ cidr: '10.211.0.2/32', direction: 'src' })).toBe('cidr=10.211.0.2%2F32&direction=src');
    expect(ruleQuery({ cidr: null, direction: 'src', proto: null, port: 53 })).toBe('direction=src&port=53');
    expect(ruleQuery({ cidr: '10.0.0.0/8', direction: 'src', proto: 'tcp', port: 8080 })).toBe(
      'cidr=10.0.0.0%2F8&direction=src&proto=tcp&port=8080',
    );
  });
});

describe('describing a match', () => {
  it('words ports, matches and packets', () => {
    expect(describePort(rule({}))).toBe('—');
    expect(describePort(rule({ proto: 'tcp', port: 8080 }))).toBe('tcp 8080');
    expect(describePort(rule({ port: 53 }))).toBe('tcp+udp 53');

    expect(describeMatch(rule({}))).toBe('10.211.0.2/32');
    expect(describeMatch(rule({ direction: 'dst' }))).toBe('10.211.0.2/32 (destination)');
    expect(describeMatch(rule({ cidr: null, proto: 'tcp', port: 8080 }))).toBe('tcp 8080');
    expect(describeMatch(rule({ cidr: '10.0.0.0/8', proto: 'udp', port: 53 }))).toBe('udp 53 from 10.0.0.0/8');

    expect(describePackets(rule({}))).toBe('packets from 10.211.0.2');
    expect(describePackets(rule({ cidr: '10.0.0.0/8', direction: 'dst' }))).toBe('packets to 10.0.0.0/8');
    expect(describePackets(rule({ cidr: null, port: 53 }))).toBe('packets from any address to tcp+udp port 53');
  });

  it('shows one host as its address', () => {
    expect(describeAddress('10.211.0.2/32')).toBe('10.211.0.2');
    expect(describeAddress('fd00:211::2/128')).toBe('fd00:211::2');
    expect(describeAddress('fd00:211::/64')).toBe('fd00:211::/64');
    expect(describeAddress(null)).toBe('any address');
  });
});

describe('finding the rule for an address', () => {
  it('names addresses and prefixes as their rule would', () => {
    expect(exactCidr('10.211.0.2')).toBe('10.211.0.2/32');
    expect(exactCidr('fd00:211:0::2')).toBe('fd00:211::2/128');
    expect(exactCidr('10.211.0.0/24')).toBe('10.211.0.0/24');
    expect(exactCidr('not an address')).toBeNull();
  });

  it('finds only the src address rule for exactly that prefix', () => {
    const index = addressRuleIndex([
      rule({ cidr: '10.211.0.0/24' }),
      rule({ cidr: '10.211.0.3/32', direction: 'dst' }),
      rule({ cidr: '10.211.0.4/32', proto: 'tcp', port: 22 }),
      rule({ cidr: '10.211.0.5/32', action: 'allow' }),
    ]);
    expect(sourceRuleFor(index, '10.211.0.0/24')?.cidr).toBe('10.211.0.0/24');
    expect(sourceRuleFor(index, '10.211.0.2/32')).toBeUndefined();
    expect(sourceRuleFor(index, '10.211.0.3/32')).toBeUndefined();
    expect(sourceRuleFor(index, '10.211.0.4/32')).toBeUndefined();
    expect(sourceRuleFor(index, '10.211.0.5/32')?.action).toBe('allow');
  });
});

describe('notBlockable', () => {
  it("says why the link's own addresses get no Block button", () => {
    expect(notBlockable('::/128')).toMatch(/^no address yet: IPv6 duplicate address detection/);
    expect(notBlockable('fe80::fc:ff:fe00:1/128')).toMatch(/^link-local: neighbour discovery/);
    expect(notBlockable('fe80::/64')).toMatch(/^link-local/); // a talker's /64
    expect(notBlockable('0.0.0.0/32')).toMatch(/^no address yet: a DHCP client/);
    expect(notBlockable('169.254.10.1/32')).toMatch(/^link-local/);
  });

  it('offers every other sender, and a prefix wider than the link-local one', () => {
    for (const c of ['10.211.0.2/32', '10.211.0.0/24', 'fd00:211::2/128', '2001:db8::/64', '::1/128', 'fe00::/8', '1.0.0.0/8']) {
      expect(notBlockable(c), c).toBeNull();
    }
  });
});
