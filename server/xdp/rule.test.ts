import { describe, expect, it } from 'vitest';
import { describeMatch, matchKey, parseMatch, ruleEntries, ruleValue, type RuleMatch } from './rule';

const match = (m: Parameters<typeof parseMatch>[0]): RuleMatch => {
  const r = parseMatch(m);
  if (!r.ok) throw new Error(r.error);
  return r.match;
};
// Little-endian bytes of the host-order prefix length, as on x86.
const hex = (s: string) => ['hex', ...s.split(' ')];

describe('rule map entries', () => {
  it('puts an address rule in its direction and family trie', () => {
    expect(ruleEntries(match({ cidr: '10.211.0.0/24', direction: 'src' }))).toEqual([
      { map: 'src_v4', key: hex('18 00 00 00 0a d3 00 00') },
    ]);
    expect(ruleEntries(match({ cidr: 'fd00::1', direction: 'dst' }))[0]!.map).toBe('dst_v6');
  });

  it('keys a port rule by protocol, a zero byte, the port in network order, then the prefix', () => {
    expect(ruleEntries(match({ cidr: '10.211.0.2', direction: 'src', proto: 'tcp', port: 8080 }))).toEqual([
      { map: 'port_v4', key: hex('40 00 00 00 06 00 1f 90 0a d3 00 02') },
    ]);
  });

  it('covers both protocols without one, and both families without an address', () => {
    const entries = ruleEntries(match({ direction: 'src', port: 53 }));
    expect(entries.map((e) => e.map)).toEqual(['port_v4', 'port_v4', 'port_v6', 'port_v6']);
    // 32 bits of prefix: protocol, pad and port; any address.
    expect(entries[0]!.key).toEqual(hex('20 00 00 00 06 00 00 35 00 00 00 00'));
    expect(entries[1]!.key.slice(5, 6)).toEqual(['11']);
    expect(entries[2]!.key).toHaveLength(1 + 24);
  });

  it('values a rule as its id and action', () => {
    expect(ruleValue({ id: 7, action: 'allow' })).toEqual(hex('07 00 00 00 01 00 00 00'));
  });

  it('names a rule by what it matches', () => {
    expect(matchKey(match({ cidr: '10.211.0.2', direction: 'src' }))).toBe('src 10.211.0.2/32');
    expect(matchKey(match({ direction: 'src', port: 53 }))).toBe('src tcp+udp 53 any');
    expect(describeMatch(match({ cidr: '10.0.0.0/8', direction: 'src', proto: 'tcp', port: 22 }))).toBe('tcp 22 from 10.0.0.0/8');
    expect(describeMatch(match({ cidr: '10.0.0.1', direction: 'dst' }))).toBe('10.0.0.1/32 (destination)');
  });

  it('refuses a bad address with the parser\'s reason', () => {
    expect(parseMatch({ cidr: '10.0.0.300', direction: 'src' })).toMatchObject({ ok: false, error: expect.stringMatching(/not an IPv4/) });
  });
});
