import { describe, expect, it } from 'vitest';
import { compactUtc, exportFileName, filterSlug } from './file-name';

const AT = Date.UTC(2026, 11, 1, 3, 15, 0, 456);

describe('export file names', () => {
  it('say the filter and the time taken, in UTC', () => {
    expect(compactUtc(AT)).toBe('20261201T031500Z');
    expect(exportFileName({ comm: 'python' }, 'csv', AT)).toBe('ebpf-dash-events-comm=python-20261201T031500Z.csv');
    expect(exportFileName({}, 'json', AT)).toBe('ebpf-dash-events-20261201T031500Z.json');
  });

  it('list every filter as the URL does, errno by name, duration as written', () => {
    expect(filterSlug({ comm: 'python', result: 2, slower: 1_500_000, own: true })).toBe('comm=python+result=ENOENT+slower=1.5ms+own=1');
  });

  it('keep only characters every file system takes', () => {
    const slug = filterSlug({ path: '/etc/*.conf', comm: 'a "b"\n\u202e€+' });
    expect(slug).toMatch(/^[A-Za-z0-9._=+-]+$/);
    expect(slug).toBe('comm=a__b_____+path=_etc__.conf');
    expect(filterSlug({ path: 'x'.repeat(500) }).length).toBe(80);
  });
});
