import { describe, expect, it } from 'vitest';
import type { ProcessStats } from '../../protocol/event';
import { chartLabel, groupsByKey, labelSort, latestName, NO_KEY, rowLabel, sortProcesses } from './processes';

function proc(pid: number | null, comm: string, opens: number, lastPath = '/', key = comm): ProcessStats {
  return {
    key, pid, start: pid === null ? null : 1, comm, pids: pid === null ? 2 : 1, opens, failed: 0, rate: 0, lastPath, firstTs: 0, lastTs: pid ?? 0,
  };
}

const list = [proc(10, 'bash', 5, '/b'), proc(2, 'systemd', 50, '/a'), proc(33, 'bash-helper', 5, '/c')];
const pids = (ps: ProcessStats[]) => ps.map((p) => p.pid);

describe('sortProcesses', () => {
  it('sorts numbers and strings both ways, ties by pid', () => {
    expect(pids(sortProcesses(list, { key: 'opens', desc: true }))).toEqual([2, 10, 33]);
    expect(pids(sortProcesses(list, { key: 'opens', desc: false }))).toEqual([10, 33, 2]);
    expect(pids(sortProcesses(list, { key: 'comm', desc: false }))).toEqual([10, 33, 2]);
    expect(pids(sortProcesses(list, { key: 'lastPath', desc: true }))).toEqual([33, 10, 2]);
  });
  it('puts names seen under several PIDs before any PID, ties by name', () => {
    const names = [proc(null, 'sh', 5), proc(4, 'cat', 5), proc(null, 'bash', 5)];
    expect(sortProcesses(names, { key: 'pid', desc: false }).map((p) => p.comm)).toEqual(['bash', 'sh', 'cat']);
    expect(sortProcesses(names, { key: 'opens', desc: true }).map((p) => p.comm)).toEqual(['bash', 'sh', 'cat']);
  });
  it('sorts by the key, ties by pid, name and key', () => {
    const units = [proc(5, 'b', 1, '/', 'z.service'), proc(null, 'a', 1, '/', ''), proc(7, 'c', 1, '/', 'a.scope')];
    expect(sortProcesses(units, { key: 'key', desc: false }).map((p) => p.key)).toEqual(['', 'a.scope', 'z.service']);
    expect(sortProcesses(units, { key: 'key', desc: true }).map((p) => p.key)).toEqual(['z.service', 'a.scope', '']);
    const same = [proc(null, 'sh', 1, '/', 'y'), proc(null, 'sh', 1, '/', 'x')];
    expect(sortProcesses(same, { key: 'opens', desc: true }).map((p) => p.key)).toEqual(['x', 'y']);
  });
  it('does not modify its input', () => {
    const copy = [...list];
    sortProcesses(list, { key: 'pid', desc: false });
    expect(list).toEqual(copy);
  });
});

describe('rowLabel', () => {
  const id = 'a'.repeat(12) + 'b'.repeat(52);
  it('is the name by name or PID, and the key otherwise', () => {
    const p = proc(4, 'sshd', 1, '/', 'ssh.service');
    expect(rowLabel(p, 'comm')).toBe('sshd');
    expect(rowLabel({ ...p, key: '4' }, 'pid')).toBe('sshd');
    expect(rowLabel(p, 'unit')).toBe('ssh.service');
    expect(rowLabel({ ...p, key: '/usr/sbin/sshd' }, 'exe')).toBe('/usr/sbin/sshd');
  });
  it('shortens a container id to 12 characters and names a missing key', () => {
    expect(rowLabel(proc(4, 'nginx', 1, '/', id), 'container')).toBe('a'.repeat(12));
    for (const g of ['exe', 'unit', 'container'] as const) expect(rowLabel(proc(4, 'x', 1, '/', ''), g)).toBe(NO_KEY);
  });
  it('knows which groupings are labelled by key', () => {
    expect(['comm', 'pid', 'exe', 'unit', 'container'].filter((g) => groupsByKey(g as never))).toEqual(['exe', 'unit', 'container']);
  });
});

describe('latestName', () => {
  it('names the latest process beside a key, unless the executable already does', () => {
    expect(latestName(proc(4, 'sshd', 1, '/', 'ssh.service'), 'unit')).toBe('sshd');
    expect(latestName(proc(4, 'nginx', 1, '/', 'ab'.repeat(32)), 'container')).toBe('nginx');
    expect(latestName(proc(4, 'gunicorn', 1, '/', '/usr/bin/python3.12'), 'exe')).toBe('gunicorn');
    expect(latestName(proc(4, 'bash', 1, '/', '/usr/bin/bash'), 'exe')).toBeNull();
    // comm is cut at 15 bytes.
    expect(latestName(proc(4, 'systemd-journal', 1, '/', '/usr/lib/systemd/systemd-journald'), 'exe')).toBeNull();
    expect(latestName(proc(4, 'sshd', 1), 'comm')).toBeNull();
    expect(latestName(proc(4, '', 1, '/', 'x.service'), 'unit')).toBeNull();
  });
});

describe('labelSort', () => {
  it('keeps a sort by the label column on it across groupings', () => {
    expect(labelSort({ key: 'comm', desc: true }, 'unit')).toEqual({ key: 'key', desc: true });
    expect(labelSort({ key: 'key', desc: false }, 'pid')).toEqual({ key: 'comm', desc: false });
    expect(labelSort({ key: 'key', desc: false }, 'exe')).toEqual({ key: 'key', desc: false });
    expect(labelSort({ key: 'opens', desc: true }, 'container')).toEqual({ key: 'opens', desc: true });
  });
});

describe('chartLabel', () => {
  it('is the label and the PID, a long label cut at its start', () => {
    expect(chartLabel(proc(42, 'sshd', 1), 'comm')).toBe('sshd (42)');
    expect(chartLabel(proc(null, 'sh', 1), 'pid')).toBe('sh (2 PIDs)');
    const label = chartLabel(proc(42, 'x', 1, '/', '/usr/lib/jvm/java-21/bin/java'), 'exe');
    expect(label).toBe('…java-21/bin/java (42)');
    expect(label.length).toBeLessThanOrEqual(22);
    expect(chartLabel(proc(7, 'x', 1, '/', ''), 'unit')).toBe('(none) (7)');
  });
});
