import { describe, expect, it } from 'vitest';
import { formatNetset, parseNetset } from './netset';

// The head of a FireHOL netset, as firehol_level1.netset starts.
const FIREHOL = `#
# firehol_level1
#
# ipv4 hash:net ipset
#
# Maintainer      : FireHOL
# Version         : 2026
#
0.0.0.0/8
1.10.16.0/20
1.19.0.0/16
5.134.128.0/19
192.0.2.17
`;

describe('parseNetset', () => {
  it('reads a FireHOL netset as it is', () => {
    const r = parseNetset(FIREHOL);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((c) => c.text)).toEqual(['0.0.0.0/8', '1.10.16.0/20', '1.19.0.0/16', '5.134.128.0/19', '192.0.2.17/32']);
  });

  it('takes trailing comments, CRLF, blanks and duplicates', () => {
    const r = parseNetset('10.0.0.1  # a scanner\r\n\r\n10.0.0.1\nfd00::/64\n');
    expect(r.entries.map((c) => c.text)).toEqual(['10.0.0.1/32', 'fd00::/64']);
  });

  it('lists every bad line with its number and reason', () => {
    const r = parseNetset('10.0.0.1\n10.0.0.300\n# fine\n1.2.3.4/24\n::ffff:1.2.3.4\n');
    expect(r.errors.map((e) => [e.line, e.text])).toEqual([
      [2, '10.0.0.300'],
      [4, '1.2.3.4/24'],
      [5, '::ffff:1.2.3.4'],
    ]);
    expect(r.errors[1]!.error).toMatch(/did you mean 1\.2\.3\.0\/24/);
  });
});

describe('formatNetset', () => {
  it('writes one prefix per line, grouped under their comment, and reads back the same', () => {
    const text = formatNetset(
      [
        { cidr: '10.0.0.1/32', comment: '' },
        { cidr: '1.10.16.0/20', comment: 'firehol_level1' },
        { cidr: '1.19.0.0/16', comment: 'firehol_level1' },
      ],
      2,
      new Date('2026-11-30T12:00:00Z'),
    );
    expect(text).toBe(
      [
        '# ebpf-dash XDP block list, exported 2026-11-30T12:00:00.000Z',
        '# 3 address rules (deny, source or destination)',
        '# not here: 2 port or allow rules, which a netset cannot express',
        '',
        '10.0.0.1/32',
        '',
        '# firehol_level1',
        '1.10.16.0/20',
        '1.19.0.0/16',
        '',
      ].join('\n'),
    );
    expect(parseNetset(text).entries.map((c) => c.text)).toEqual(['10.0.0.1/32', '1.10.16.0/20', '1.19.0.0/16']);
  });
});
