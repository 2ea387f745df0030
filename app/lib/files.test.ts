import { describe, expect, it } from 'vitest';
import type { FileStats } from '../../protocol/event';
import { decodeFlagsSeen, failureCount, formatFailures, sortFiles } from './files';

function file(path: string, opens: number, failures: Record<string, number> = {}, firstTs = 1, lastTs = 2): FileStats {
  return { path, opens, failures, firstTs, lastTs, flags: [0] };
}

describe('formatFailures', () => {
  it('names errnos, commonest first, ties by number', () => {
    expect(formatFailures({ '13': 1, '2': 3 })).toBe('ENOENT×3 EACCES×1');
    expect(formatFailures({ '13': 2, '2': 2, '20': 5 })).toBe('ENOTDIR×5 ENOENT×2 EACCES×2');
    expect(formatFailures({ '9999': 1 })).toBe('E9999×1');
    expect(formatFailures({})).toBe('');
  });
});

describe('failureCount', () => {
  it('adds up every errno', () => {
    expect(failureCount(file('/a', 9, { '2': 3, '13': 1 }))).toBe(4);
    expect(failureCount(file('/a', 9))).toBe(0);
  });
});

describe('decodeFlagsSeen', () => {
  it('decodes each distinct set once, in numeric order', () => {
    expect(decodeFlagsSeen([0o2000000, 0, 0o2000000])).toEqual(['O_RDONLY', 'O_RDONLY|O_CLOEXEC']);
  });
});

describe('sortFiles', () => {
  const files = [file('/b', 2, { '2': 2 }, 5, 9), file('/a', 2, {}, 3, 4), file('/c', 7, { '13': 1 }, 1, 8)];
  it('sorts by any column, ties by path', () => {
    expect(sortFiles(files, { key: 'opens', desc: true }).map((f) => f.path)).toEqual(['/c', '/a', '/b']);
    expect(sortFiles(files, { key: 'failures', desc: true }).map((f) => f.path)).toEqual(['/b', '/c', '/a']);
    expect(sortFiles(files, { key: 'path', desc: false }).map((f) => f.path)).toEqual(['/a', '/b', '/c']);
    expect(sortFiles(files, { key: 'firstTs', desc: false }).map((f) => f.path)).toEqual(['/c', '/a', '/b']);
    expect(sortFiles(files, { key: 'lastTs', desc: true }).map((f) => f.path)).toEqual(['/b', '/c', '/a']);
  });
});
