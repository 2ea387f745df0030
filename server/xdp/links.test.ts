import { describe, expect, it } from 'vitest';
import { parseLinks } from './links';

describe('parseLinks', () => {
  it('reads names, states, addresses and the attached XDP program', () => {
    const json = JSON.stringify([
      { ifindex: 1, ifname: 'lo', operstate: 'UNKNOWN', addr_info: [{ local: '127.0.0.1', prefixlen: 8 }, { local: '::1', prefixlen: 128 }] },
      {
        ifindex: 6, ifname: 'odash-lab0', operstate: 'UP',
        xdp: { mode: 1, prog: { id: 483, name: 'odash_xdp', tag: '6aae', jited: 1 }, attached: [{ mode: 1, prog: { id: 483, name: 'odash_xdp' } }] },
        addr_info: [{ local: '10.211.0.1', prefixlen: 24 }],
      },
      { ifindex: 7, ifname: 'eth1', operstate: 'DOWN', xdp: { mode: 2, prog: { id: 9, name: 'other' } } },
    ]);
    expect(parseLinks(json)).toEqual([
      { name: 'lo', ifindex: 1, state: 'UNKNOWN', addresses: ['127.0.0.1/8', '::1/128'], xdp: null },
      { name: 'odash-lab0', ifindex: 6, state: 'UP', addresses: ['10.211.0.1/24'], xdp: { mode: 'native', progId: 483, progName: 'odash_xdp' } },
      { name: 'eth1', ifindex: 7, state: 'DOWN', addresses: [], xdp: { mode: 'generic', progId: 9, progName: 'other' } },
    ]);
  });
});
