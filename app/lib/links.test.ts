import { describe, expect, it } from 'vitest';
import { filterFromQuery } from '../../protocol/filter';
import { EMPTY_FILTER_INPUT } from './filter-input';
import { EXPORT_LIMIT, exportHref, overviewHref, overviewQuery, processHref } from './links';

describe('overviewQuery', () => {
  it('holds the filter inputs and a window other than the default', () => {
    const input = { ...EMPTY_FILTER_INPUT, comm: 'e2e browse-4', result: 'ENOENT' };
    expect(overviewQuery(input, 5)).toBe('comm=e2e+browse-4&result=ENOENT');
    expect(overviewQuery(input, 60)).toBe('comm=e2e+browse-4&result=ENOENT&window=60');
    expect(overviewQuery(EMPTY_FILTER_INPUT, 5)).toBe('');
  });
});

describe('processHref and overviewHref', () => {
  it('carry the overview query there and back', () => {
    const from = 'comm=a%26b&pid=7&window=15';
    const href = processHref(42, from);
    expect(href).toBe('/process?pid=42&from=comm%3Da%2526b%26pid%3D7%26window%3D15');
    const back = new URL(href, 'http://x').searchParams.get('from');
    expect(overviewHref(back)).toBe('/?comm=a%26b&pid=7&window=15');
    expect(new URL(overviewHref(back), 'http://x').searchParams.get('comm')).toBe('a&b');
  });

  it('go to the plain overview without a query, and keep only overview keys', () => {
    expect(processHref(42, '')).toBe('/process?pid=42');
    expect(overviewHref(null)).toBe('/');
    expect(overviewHref('token=secret&next=//evil&path=/etc')).toBe('/?path=%2Fetc');
  });
});

describe('exportHref', () => {
  it('asks the API for the events the filter matches', () => {
    const href = exportHref('csv', { comm: 'a,b"c', result: 2, pid: 9 });
    expect(href.startsWith('/api/events.csv?')).toBe(true);
    const q = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(q.limit).toBe(String(EXPORT_LIMIT));
    const { limit: _, ...filterKeys } = q;
    expect(filterFromQuery(filterKeys)).toEqual({ ok: true, filter: { comm: 'a,b"c', pid: 9, result: 2 } });
    expect(exportHref('json', {})).toBe(`/api/events.json?limit=${EXPORT_LIMIT}`);
  });
});
