import { describe, expect, it } from 'vitest';
import { textMatcher } from '../../protocol/filter';
import type { FileRow } from '../../protocol/views';
import { EMPTY_FILTER_INPUT, type FilterInput } from './filter-input';
import {
  dirFilterPath, dirHref, escapeGlob, fileHref, filesHref, filesQuery, parseFileGroup, parseFileParam,
  parseFilesWindow, sortFileRows, topFailures,
} from './files-view';

const input = (fields: Partial<FilterInput>): FilterInput => ({ ...EMPTY_FILTER_INPUT, ...fields });
const params = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

describe('parsing the Files page query', () => {
  it('takes file or dir, else by file', () => {
    expect(parseFileGroup('dir')).toBe('dir');
    expect(parseFileGroup('file')).toBe('file');
    expect(parseFileGroup('pid')).toBe('file');
    expect(parseFileGroup(null)).toBe('file');
  });

  it('takes a window of the offered minutes, else everything stored', () => {
    expect(parseFilesWindow('15')).toBe(15);
    expect(parseFilesWindow('7')).toBe('all');
    expect(parseFilesWindow(null)).toBe('all');
    expect(parseFilesWindow('')).toBe('all');
  });

  it('reads an empty file as none', () => {
    expect(parseFileParam('')).toBeNull();
    expect(parseFileParam(null)).toBeNull();
    expect(parseFileParam('/etc/passwd')).toBe('/etc/passwd');
  });
});

describe('filesQuery', () => {
  it('holds the file, the filter, and the grouping and window unless default', () => {
    expect(filesQuery(input({}), 'file', 'all')).toBe('');
    expect(filesQuery(input({ comm: 'cat' }), 'dir', 5)).toBe('comm=cat&group=dir&window=5');
    expect(filesQuery(input({ comm: 'cat' }), 'file', 'all', '/etc/a b')).toBe('file=%2Fetc%2Fa+b&comm=cat');
  });

  it('makes the list href', () => {
    expect(filesHref('')).toBe('/files');
    expect(filesHref('group=dir')).toBe('/files?group=dir');
  });
});

describe('fileHref', () => {
  it('keeps the list filter, grouping and window, and nothing else', () => {
    const href = fileHref('/etc/pass&wd', 'comm=cat&group=dir&window=5&from=evil&file=/x');
    expect(href.startsWith('/files?file=')).toBe(true);
    expect(params(href)).toEqual({ file: '/etc/pass&wd', comm: 'cat', group: 'dir', window: '5' });
    expect(fileHref('/a')).toBe('/files?file=%2Fa');
  });
});

describe('escapeGlob and dirFilterPath', () => {
  it('writes glob characters as one-member classes', () => {
    expect(escapeGlob('/a*b?c[d]')).toBe('/a[*]b[?]c[[]d]');
  });

  it('matches what lies under the directory, and nothing beside it', () => {
    for (const dir of ['/etc', '/tmp/we*ird?[x]', '/', 'rel/dir']) {
      const m = textMatcher(dirFilterPath(dir)!);
      const base = dir === '/' ? '' : dir;
      expect(m(`${base}/file`)).toBe(true);
      expect(m(`${base}/sub/file`)).toBe(true);
      if (dir !== '/') {
        expect(m(`${dir}x/file`)).toBe(false);
        expect(m(`/other${dir}/file`)).toBe(false);
      }
    }
    expect(dirFilterPath('/')).toBe('/*');
    expect(dirFilterPath('/etc')).toBe('/etc/*');
  });

  it('has no filter for names without a directory', () => {
    expect(dirFilterPath('.')).toBeNull();
    expect(dirFilterPath('')).toBeNull();
  });

  it('falls back to a substring past the glob length limit', () => {
    const long = `/${'d'.repeat(300)}`;
    expect(dirFilterPath(long)).toBe(`${long}/`);
    expect(dirFilterPath(`/${'d'.repeat(300)}*`)).toBeNull();
  });
});

describe('dirHref', () => {
  it('lists the files under the directory, the rest of the filter kept', () => {
    const href = dirHref('/etc', input({ comm: 'cat', path: 'old' }), 15)!;
    expect(href.startsWith('/files?group=file&path=')).toBe(true);
    expect(params(href)).toEqual({ group: 'file', path: '/etc/*', comm: 'cat', window: '15' });
    expect(dirHref('.', input({}), 'all')).toBeNull();
  });
});

describe('topFailures', () => {
  it('names the commonest errnos and counts the others', () => {
    expect(topFailures({ '2': 3, '13': 1 })).toBe('ENOENT×3 EACCES×1');
    expect(topFailures({ '2': 3, '13': 1, '20': 5, '40': 1 })).toBe('ENOTDIR×5 ENOENT×3 +2');
    expect(topFailures({})).toBe('');
  });
});

describe('sortFileRows', () => {
  const row = (path: string, opens: number, p50Ns: number | null): FileRow => ({
    path, opens, failed: 0, failures: {}, processes: 1, comms: [], p50Ns, p99Ns: p50Ns, lastTs: opens,
  });
  const rows = [row('/b', 5, 100), row('/a', 5, null), row('/c', 9, 50)];

  it('sorts by a number, ties by path', () => {
    expect(sortFileRows(rows, { key: 'opens', desc: true }).map((r) => r.path)).toEqual(['/c', '/a', '/b']);
    expect(sortFileRows(rows, { key: 'opens', desc: false }).map((r) => r.path)).toEqual(['/a', '/b', '/c']);
  });

  it('puts unmeasured latencies last either way', () => {
    expect(sortFileRows(rows, { key: 'p50Ns', desc: true }).map((r) => r.path)).toEqual(['/b', '/c', '/a']);
    expect(sortFileRows(rows, { key: 'p50Ns', desc: false }).map((r) => r.path)).toEqual(['/c', '/b', '/a']);
  });

  it('sorts by path', () => {
    expect(sortFileRows(rows, { key: 'path', desc: false }).map((r) => r.path)).toEqual(['/a', '/b', '/c']);
  });
});
