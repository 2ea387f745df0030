import { describe, expect, it } from 'vitest';
import { confirmToken, lockoutProblems, newProblems, protectedFlows, type Flow, type Protected } from './guard';
import { parseMatch, type Rule } from './rule';

const rule = (m: Parameters<typeof parseMatch>[0], action: Rule['action'] = 'deny') => {
  const r = parseMatch(m);
  if (!r.ok) throw new Error(r.error);
  return { ...r.match, action };
};
const ssh = (from: string): Flow => ({ from, port: 22, proto: 'tcp', what: `the SSH session from ${from} (tcp 22)` });
const lab = (client: string[], sessions: Flow[] = [], ifname = 'odash-lab0'): Protected => ({
  ifname, ifaceAddrs: ['10.211.0.1', 'fd00:211::1'], flows: protectedFlows(ifname, client, sessions, 7070),
});
const remote = lab(['192.168.1.5']);

describe('lockoutProblems', () => {
  it('finds a deny prefix covering the client or an interface address', () => {
    expect(lockoutProblems([rule({ cidr: '10.211.0.0/24', direction: 'src' })], 'pass', remote)).toEqual([
      '10.211.0.0/24 covers 10.211.0.1, an address of odash-lab0: packets from it would be dropped',
    ]);
    expect(lockoutProblems([rule({ cidr: '192.168.0.0/16', direction: 'src' })], 'pass', remote)).toEqual([
      '192.168.0.0/16 would cut 192.168.1.5, the address this browser connects from',
    ]);
  });

  it("finds a destination rule on the interface's own address: everything arriving is dropped", () => {
    expect(lockoutProblems([rule({ cidr: '10.211.0.1', direction: 'dst' })], 'pass', remote)).toEqual([
      '10.211.0.1/32 (destination) covers 10.211.0.1, an address of odash-lab0: every packet arriving for it would be dropped',
    ]);
    // Half the address space each: one of them holds it.
    const halves = [rule({ cidr: '0.0.0.0/1', direction: 'dst' }), rule({ cidr: '128.0.0.0/1', direction: 'dst' })];
    expect(lockoutProblems(halves, 'pass', remote)).toHaveLength(1);
  });

  it('passes narrow rules, allow rules and destination rules elsewhere', () => {
    expect(lockoutProblems([rule({ cidr: '10.211.0.2', direction: 'src' })], 'pass', remote)).toEqual([]);
    expect(lockoutProblems([rule({ cidr: '10.211.0.0/24', direction: 'src' }, 'allow')], 'pass', remote)).toEqual([]);
    expect(lockoutProblems([rule({ cidr: '10.211.0.2', direction: 'dst' })], 'pass', remote)).toEqual([]);
  });

  it("catches a port rule on the dashboard's port from the client, on SSH's, on DHCP's; not other ports", () => {
    expect(lockoutProblems([rule({ direction: 'src', proto: 'tcp', port: 7070 })], 'pass', remote)).toHaveLength(1);
    expect(lockoutProblems([rule({ direction: 'src', proto: 'tcp', port: 22 })], 'pass', remote)).toEqual([
      'tcp 22 would cut SSH (tcp 22) from anywhere',
    ]);
    expect(lockoutProblems([rule({ direction: 'src', port: 68 })], 'pass', remote)[0]).toMatch(/^tcp\+udp 68 would cut DHCP/);
    expect(lockoutProblems([rule({ direction: 'src', proto: 'tcp', port: 8080 })], 'pass', remote)).toEqual([]);
    expect(lockoutProblems([rule({ direction: 'src', proto: 'udp', port: 7070 })], 'pass', remote)).toEqual([]);
    // SSH from one network only is not SSH cut for everyone.
    expect(lockoutProblems([rule({ cidr: '203.0.113.0/24', direction: 'src', proto: 'tcp', port: 22 })], 'pass', remote)).toEqual([]);
  });

  it('asks for an allow rule covering the client before the default drops', () => {
    expect(lockoutProblems([], 'drop', remote)[0]).toMatch(/no allow rule covers 192\.168\.1\.5/);
    expect(lockoutProblems([rule({ cidr: '192.168.1.0/24', direction: 'src' }, 'allow')], 'drop', remote)).toEqual([]);
    expect(lockoutProblems([rule({ cidr: '192.168.1.5', direction: 'src', port: 7070 }, 'allow')], 'drop', remote)).toEqual([]);
  });

  it('keeps the SSH session a loopback browser (ssh -L) comes through', () => {
    const tunnel = lab(['127.0.0.1'], [ssh('198.51.100.7')]);
    expect(lockoutProblems([], 'drop', tunnel)).toEqual([
      'no allow rule covers the SSH session from 198.51.100.7 (tcp 22): with the default set to drop, it would be cut',
    ]);
    // An allow for the dashboard's port only still cuts SSH.
    expect(lockoutProblems([rule({ direction: 'src', proto: 'tcp', port: 7070 }, 'allow')], 'drop', tunnel)).toHaveLength(1);
    expect(lockoutProblems([rule({ direction: 'src', proto: 'tcp', port: 22 }, 'allow')], 'drop', tunnel)).toEqual([]);
    expect(lockoutProblems([rule({ cidr: '198.51.100.0/24', direction: 'src' })], 'pass', tunnel)[0]).toMatch(
      /^198\.51\.100\.0\/24 would cut the SSH session from 198\.51\.100\.7/,
    );
  });

  it('ignores a loopback client unless the filter is on lo', () => {
    expect(lockoutProblems([], 'drop', lab(['127.0.0.1']))).toEqual([]);
    expect(lockoutProblems([], 'drop', lab(['127.0.0.1'], [], 'lo'))).toHaveLength(1);
  });
});

describe('newProblems and confirmToken', () => {
  it('tells what a change adds, and confirms exactly what was shown', () => {
    expect(newProblems(['a', 'b'], ['b', 'c'])).toEqual(['c']);
    const t = confirmToken('Removing x', ['p1']);
    expect(t).toMatch(/^[0-9a-f]{16}$/);
    expect(confirmToken('Removing x', ['p1'])).toBe(t);
    expect(confirmToken('Removing x', ['p1', 'p2'])).not.toBe(t);
    expect(confirmToken('Removing y', ['p1'])).not.toBe(t);
  });
});
