import { describe, expect, it } from 'vitest';
import type { ProcessStats } from '../../protocol/event';
import { sortProcesses } from './processes';

function proc(pid: number | null, comm: string, opens: number, lastPath = '/'): ProcessStats {
  return {
    pid, comm, pids: pid === null ? 2 : 1, opens, failed: 0, files: 1, rate: 0, lastPath, firstTs: 0, lastTs: pid ?? 0,
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
  it('does not modify its input', () => {
    const copy = [...list];
    sortProcesses(list, { key: 'pid', desc: false });
    expect(list).toEqual(copy);
  });
});
