import { describe, expect, it } from 'vitest';
import type { InterfaceInfo, XdpStatus } from '../../protocol/xdp';
import { XDP_PROG_NAME } from '../../protocol/xdp-filter';
import {
  defaultInterface,
  describeIfaceProgram,
  interfaceLabel,
  describeMode,
  asSentence,
  formatRate,
  inactiveRulesNotice,
  netsetFileName,
  probeState,
  ruleKey,
  withoutPrefix,
} from './xdp-view';
import { ruleView } from './testing/rule-view';

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
    name: XDP_PROG_NAME,
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
    const x = { mode: 'native', progId: 5, progName: XDP_PROG_NAME } as const;
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
  it('strips prefixes, rounds rates', () => {
    expect(withoutPrefix('10.211.0.2/24')).toBe('10.211.0.2');
    expect(withoutPrefix('fd00:211::2')).toBe('fd00:211::2');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(2.345)).toBe('2.3');
    expect(formatRate(1234.5)).toBe('1235');
  });
});

describe('ruleKey', () => {
  it('tells apart rules that share an address but not a port', () => {
    const addr = ruleKey({ cidr: '10.211.0.2/32', direction: 'src', proto: null, port: null });
    const tcp = ruleKey({ cidr: '10.211.0.2/32', direction: 'src', proto: 'tcp', port: 8080 });
    const both = ruleKey({ cidr: '10.211.0.2/32', direction: 'src', proto: null, port: 8080 });
    const anyAddr = ruleKey({ cidr: null, direction: 'src', proto: 'tcp', port: 8080 });
    const dst = ruleKey({ cidr: '10.211.0.2/32', direction: 'dst', proto: null, port: null });
    expect(new Set([addr, tcp, both, anyAddr, dst]).size).toBe(5);
  });
});

describe('inactiveRulesNotice', () => {
  const rule = ruleView({ active: false });
  const lab0 = iface(null);
  const status = (over: Partial<XdpStatus>): Pick<XdpStatus, 'attached' | 'wanted' | 'interfaces' | 'rules'> => ({
    attached: null,
    wanted: null,
    interfaces: [lab0],
    rules: [rule, { ...rule, cidr: '10.211.0.3/32' }],
    ...over,
  });

  it('says nothing while the filter runs, or when there is nothing to enforce', () => {
    expect(inactiveRulesNotice(status({ attached: attached(5) }))).toBeNull();
    expect(inactiveRulesNotice(status({ rules: [] }))).toBeNull();
  });

  it('names the interface that went away', () => {
    expect(inactiveRulesNotice(status({ wanted: { ifname: 'eth9', mode: 'auto' } }))).toBe(
      'The filter is not running: eth9 is gone. 2 rules are inactive; they apply again when the filter is attached.',
    );
  });

  it('asks to attach when nothing is wanted, or the wanted interface is there', () => {
    expect(inactiveRulesNotice(status({}))).toBe('Not attached: 2 rules are inactive. Attach the filter to enforce them.');
    expect(inactiveRulesNotice(status({ wanted: { ifname: 'odash-lab0', mode: 'native' }, rules: [rule] }))).toBe(
      'Not attached: 1 rule is inactive. Attach the filter to enforce them.',
    );
  });
});

describe('asSentence', () => {
  it('ends the server\'s reason with a stop, once', () => {
    expect(asSentence('10.211.0.0/24 covers 10.211.0.1, an address of odash-lab0: packets from it would be dropped')).toBe(
      '10.211.0.0/24 covers 10.211.0.1, an address of odash-lab0: packets from it would be dropped.',
    );
    expect(asSentence('No allow rule covers 10.0.0.5.')).toBe('No allow rule covers 10.0.0.5.');
  });
});

describe('netsetFileName', () => {
  it('stamps the export with the time', () => {
    expect(netsetFileName(new Date('2024-01-02T03:04:05.000Z'))).toBe('ebpf-dash-rules-2024-01-02T03-04-05-000Z.netset');
  });
});

describe('defaultInterface', () => {
  const nic = (name: string, state: string, addresses: string[] = []): InterfaceInfo => ({ name, ifindex: 1, state, addresses, xdp: null });
  // This VM's, in ip's order.
  const here = [nic('lo', 'UNKNOWN', ['127.0.0.1/8']), nic('ifb0', 'DOWN'), nic('ifb1', 'DOWN'), nic('eth0', 'UP', ['192.0.2.2/24'])];

  it('offers an interface that is up and has an address, not the first that is not loopback', () => {
    expect(defaultInterface(here, null, null)).toBe('eth0');
  });

  it('offers where the filter runs, else where the user asked it to, while it exists', () => {
    expect(defaultInterface(here, attached(3), null)).toBe('eth0'); // attached to odash-lab0, which is not listed
    const lab = [...here, nic('odash-lab0', 'UP', ['10.211.0.1/24'])];
    expect(defaultInterface(lab, attached(3), null)).toBe('odash-lab0');
    expect(defaultInterface(lab, null, { ifname: 'ifb1', mode: 'auto' })).toBe('ifb1');
  });

  it('falls back to one not down, then to any but loopback, then to loopback', () => {
    expect(defaultInterface([nic('lo', 'UNKNOWN'), nic('ifb0', 'DOWN'), nic('tun0', 'UNKNOWN')], null, null)).toBe('tun0');
    expect(defaultInterface([nic('lo', 'UNKNOWN'), nic('ifb0', 'DOWN')], null, null)).toBe('ifb0');
    expect(defaultInterface([nic('lo', 'UNKNOWN')], null, null)).toBe('lo');
    expect(defaultInterface([], null, null)).toBe('');
  });

  it('labels one that is not up with its state', () => {
    expect(here.map(interfaceLabel)).toEqual(['lo', 'ifb0 (DOWN)', 'ifb1 (DOWN)', 'eth0']);
  });
});
