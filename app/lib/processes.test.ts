import { describe, expect, it } from 'vitest';
import type { ProcessStats } from '../../protocol/event';
import { filterProcesses, sortProcesses } from './processes';

function proc(pid: number, comm: string, opens: number, lastPath = '/'): ProcessStats {
  return { pid, comm, opens, failed: 0, files: 1, filesCapped: false, rate: 0, lastPath, lastTs: pid };
}

const list = [proc(10, 'bash', 5, '/b'), proc(2, 'systemd', 50, '/a'), proc(33, 'bash-helper', 5, '/c')];
const pids = (ps: ProcessStats[]) => ps.map((p) => p.pid);

describe('filterProcesses', () => {
  it('keeps all for an empty filter', () => {
    expect(pids(filterProcesses(list, {}))).toEqual([10, 2, 33]);
  });
  it('filters by comm substring and pid, ignoring event-only fields', () => {
    expect(pids(filterProcesses(list, { comm: 'bash' }))).toEqual([10, 33]);
    expect(pids(filterProcesses(list, { comm: 'bash', pid: 33 }))).toEqual([33]);
    expect(pids(filterProcesses(list, { path: '/nowhere', result: 'failed' }))).toEqual([10, 2, 33]);
  });
});

describe('sortProcesses', () => {
  it('sorts numbers and strings both ways, ties by pid', () => {
    expect(pids(sortProcesses(list, { key: 'opens', desc: true }))).toEqual([2, 10, 33]);
    expect(pids(sortProcesses(list, { key: 'opens', desc: false }))).toEqual([10, 33, 2]);
    expect(pids(sortProcesses(list, { key: 'comm', desc: false }))).toEqual([10, 33, 2]);
    expect(pids(sortProcesses(list, { key: 'lastPath', desc: true }))).toEqual([33, 10, 2]);
  });
  it('does not modify its input', () => {
    const copy = [...list];
    sortProcesses(list, { key: 'pid', desc: false });
    expect(list).toEqual(copy);
  });
});
