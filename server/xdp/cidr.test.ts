import { describe, expect, it } from 'vitest';
import { cidrContains, parseAddress, parseCidr } from '../../protocol/cidr';
import { lpmKey, u32Arg } from './map-keys';

const ok = (s: string) => {
  const r = parseCidr(s);
  if (!r.ok) throw new Error(r.error);
  return r.cidr;
};
const err = (s: string) => {
  const r = parseCidr(s);
  if (r.ok) throw new Error(`accepted ${s}`);
  return r.error;
};

describe('parseCidr', () => {
  it('reads IPv4 addresses and prefixes', () => {
    expect(ok('10.211.0.2')).toMatchObject({ family: 4, prefix: 32, text: '10.211.0.2/32' });
    expect(ok(' 10.211.0.0/24 ').text).toBe('10.211.0.0/24');
    expect(Array.from(ok('39.156.70.37').bytes)).toEqual([39, 156, 70, 37]);
  });
  it('reads IPv6 in every shorthand and normalises it', () => {
    expect(ok('fd00:211::2').text).toBe('fd00:211::2/128');
    expect(ok('FD00:0211:0:0:0:0:0:2/128').text).toBe('fd00:211::2/128');
    expect(ok('fd00:211::/64').text).toBe('fd00:211::/64');
    expect(ok('64:ff9b::10.0.0.1').text).toBe('64:ff9b::a00:1/128');
    expect(ok('1:0:0:1:0:0:0:1').text).toBe('1:0:0:1::1/128');
    expect(ok('2001:db8:1:2:3:4:5:6').text).toBe('2001:db8:1:2:3:4:5:6/128');
  });
  it('says what is wrong', () => {
    expect(err('')).toMatch(/enter/);
    expect(err('10.211.0.256')).toMatch(/not an IPv4 or IPv6/);
    expect(err('10.211.0')).toMatch(/not an/);
    expect(err('010.1.1.1')).toMatch(/not an/);
    expect(err('10.0.0.1/33')).toMatch(/0 to 32/);
    expect(err('fd00::1/129')).toMatch(/0 to 128/);
    expect(err('10.0.0.1/x')).toMatch(/prefix/);
    expect(err('10.0.0.0/0')).toMatch(/every/);
    expect(err('10.211.0.2/24')).toMatch(/did you mean 10\.211\.0\.0\/24/);
    expect(err('1::2::3')).toMatch(/not an/);
    expect(err('1:2:3:4:5:6:7:8:9')).toMatch(/not an/);
    expect(err('10.0.0.1; rm -rf /')).toMatch(/not an|prefix/);
    expect(err('gggg::1')).toMatch(/not an/);
  });
  it('refuses IPv4-mapped IPv6, which no IPv4 packet carries, and names the IPv4 form', () => {
    expect(err('::ffff:198.51.100.7')).toMatch(/IPv4-mapped.*never match; use 198\.51\.100\.7$/);
    expect(err('::ffff:c633:6407/128')).toMatch(/use 198\.51\.100\.7$/);
    expect(err('::ffff:198.51.100.0/120')).toMatch(/use 198\.51\.100\.0\/24$/);
    // Not mapped: IPv4-compatible (deprecated) and NAT64 stay IPv6.
    expect(ok('::198.51.100.7').text).toBe('::c633:6407/128');
    expect(ok('64:ff9b::198.51.100.7').family).toBe(6);
  });
  it('tests containment', () => {
    expect(cidrContains(ok('10.211.0.0/24'), parseAddress('10.211.0.9')!)).toBe(true);
    expect(cidrContains(ok('10.211.0.0/24'), parseAddress('10.211.1.9')!)).toBe(false);
    expect(cidrContains(ok('fd00:211::/64'), parseAddress('fd00:211::2')!)).toBe(true);
    expect(cidrContains(ok('10.211.0.0/24'), parseAddress('fd00:211::2')!)).toBe(false);
  });
});

describe('map keys', () => {
  it('encodes LPM keys as prefix length (host order) then address', () => {
    expect(lpmKey(ok('10.211.0.0/24'))).toEqual(['hex', '18', '00', '00', '00', '0a', 'd3', '00', '00']);
    expect(lpmKey(ok('fd00:211::2'))).toEqual([
      'hex', '80', '00', '00', '00', 'fd', '00', '02', '11', '00', '00', '00', '00', '00', '00', '00', '00', '00', '00', '00', '02',
    ]);
    expect(u32Arg(5)).toEqual(['hex', '05', '00', '00', '00']);
  });
});
