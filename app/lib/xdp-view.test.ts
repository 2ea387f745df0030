import { describe, expect, it } from 'vitest';
import type { InterfaceInfo, XdpStatus } from '../../protocol/xdp';
import { describeIfaceProgram, describeMode, formatRate, probeState, ruleKey, withoutPrefix } from './xdp-view';

const iface = (xdp: InterfaceInfo['xdp']): InterfaceInfo => ({
  name: 'odash-lab0',
  ifindex: 7,
  state: 'UP',
  addresses: ['10.211.0.1/24'],
  xdp,
});

const attached = (id: number): XdpStatus['attached'] => ({
  ifname: 'odash-lab0',
  mode: 'native',
  prog: {
    id,
    name: 'odash_xdp',
    tag: 'abcdef0123456789',
    loadedAt: '2024-01-02T03:04:05.000Z',
    xlatedBytes: 1000,
    jitedBytes: 600,
    memlock: 4096,
    btfId: 12,
  },
});

describe('describeMode', () => {
  it("names the kernel's attach type beside the mode", () => {
    expect(describeMode('native')).toBe('native (xdpdrv)');
    expect(describeMode('generic')).toBe('generic (xdpgeneric)');
  });
});

describe('describeIfaceProgram', () => {
  it('says when there is none', () => {
    expect(describeIfaceProgram(iface(null), attached(5)).kind).toBe('none');
  });

  it('calls ours only the program the backend reports attached', () => {
    const x = { mode: 'native', progId: 5, progName: 'odash_xdp' } as const;
    expect(describeIfaceProgram(iface(x), attached(5))).toEqual({
      kind: 'ours',
      text: 'odash_xdp (ours, id 5), native (xdpdrv)',
    });
    // Same name, another id: a program some other instance left there.
    expect(describeIfaceProgram(iface(x), attached(6))).toEqual({
      kind: 'other',
      text: 'other program odash_xdp (id 5), native (xdpdrv)',
    });
    expect(describeIfaceProgram(iface(x), null).kind).toBe('other');
  });

  it('names a foreign program and its id', () => {
    const x = { mode: 'generic', progId: 42, progName: 'xdp_fw' } as const;
    expect(describeIfaceProgram(iface(x), attached(5)).text).toBe('other program xdp_fw (id 42), generic (xdpgeneric)');
  });
});

describe('probeState', () => {
  const at = '2024-01-02T03:04:05.000Z';
  it('follows the last result', () => {
    expect(probeState({ target: '10.211.0.2', last: null, history: [] })).toBe('unknown');
    expect(probeState({ target: '10.211.0.2', last: { ok: true, at, latencyMs: 0.2, error: null }, history: [true] })).toBe(
      'up',
    );
    expect(
      probeState({ target: '10.211.0.2', last: { ok: false, at, latencyMs: null, error: 'x' }, history: [true, false] }),
    ).toBe('down');
  });
});

describe('small formatting', () => {
  it('strips prefixes, keys rules, rounds rates', () => {
    expect(withoutPrefix('10.211.0.2/24')).toBe('10.211.0.2');
    expect(withoutPrefix('fd00:211::2')).toBe('fd00:211::2');
    expect(ruleKey({ cidr: '10.211.0.2/32', direction: 'src' })).toBe('rule src 10.211.0.2/32');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(2.345)).toBe('2.3');
    expect(formatRate(1234.5)).toBe('1235');
  });
});
