import { describe, expect, it } from 'vitest';
import { lockoutProblems } from './guard';
import { parseMatch, type Rule } from './rule';

const rule = (m: Parameters<typeof parseMatch>[0], action: Rule['action'] = 'deny') => {
  const r = parseMatch(m);
  if (!r.ok) throw new Error(r.error);
  return { ...r.match, action };
};
const lab = { client: ['192.168.1.5'], dashboardPort: 7070, ifname: 'odash-lab0', ifaceAddrs: ['10.211.0.1', 'fd00:211::1'] };

describe('lockoutProblems', () => {
  it('finds a deny prefix covering the client or an interface address', () => {
    expect(lockoutProblems([rule({ cidr: '10.211.0.0/24', direction: 'src' })], 'pass', lab)).toEqual([
      '10.211.0.0/24 covers 10.211.0.1, an address of odash-lab0: packets from it would be dropped',
    ]);
    expect(lockoutProblems([rule({ cidr: '192.168.0.0/16', direction: 'src' })], 'pass', lab)[0]).toMatch(
      /covers 192\.168\.1\.5, the address this browser connects from/,
    );
  });

  it('passes narrow rules, allow rules and destination rules', () => {
    expect(lockoutProblems([rule({ cidr: '10.211.0.2', direction: 'src' })], 'pass', lab)).toEqual([]);
    expect(lockoutProblems([rule({ cidr: '10.211.0.0/24', direction: 'src' }, 'allow')], 'pass', lab)).toEqual([]);
    expect(lockoutProblems([rule({ cidr: '10.211.0.0/24', direction: 'dst' })], 'pass', lab)).toEqual([]);
  });

  it('catches a port rule on the dashboard port from the client, not other ports', () => {
    expect(lockoutProblems([rule({ direction: 'src', proto: 'tcp', port: 7070 })], 'pass', lab)).toHaveLength(1);
    expect(lockoutProblems([rule({ direction: 'src', proto: 'tcp', port: 8080 })], 'pass', lab)).toEqual([]);
    expect(lockoutProblems([rule({ direction: 'src', proto: 'udp', port: 7070 })], 'pass', lab)).toEqual([]);
  });

  it('asks for an allow rule covering the client before the default drops', () => {
    expect(lockoutProblems([], 'drop', lab)[0]).toMatch(/no allow rule covers 192\.168\.1\.5/);
    expect(lockoutProblems([rule({ cidr: '192.168.1.0/24', direction: 'src' }, 'allow')], 'drop', lab)).toEqual([]);
    expect(lockoutProblems([rule({ cidr: '192.168.1.5', direction: 'src', port: 7070 }, 'allow')], 'drop', lab)).toEqual([]);
  });

  it('ignores a loopback client unless the filter is on lo', () => {
    const local = { ...lab, client: ['127.0.0.1'] };
    expect(lockoutProblems([], 'drop', local)).toEqual([]);
    expect(lockoutProblems([], 'drop', { ...local, ifname: 'lo', ifaceAddrs: [] })).toHaveLength(1);
  });
});
