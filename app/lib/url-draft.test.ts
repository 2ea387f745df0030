import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER_INPUT } from './filter-input';
import { NO_DRAFT, urlChanged, wrote } from './url-draft';

const a = { ...EMPTY_FILTER_INPUT, comm: 'a' };
const ab = { ...EMPTY_FILTER_INPUT, comm: 'ab' };

describe('url-draft', () => {
  it('keeps the draft until the URL holds the last write', () => {
    let s = wrote(NO_DRAFT, a, 'comm=a');
    s = wrote(s, ab, 'comm=ab');
    s = urlChanged(s, 'comm=a');
    expect(s.draft).toBe(ab);
    expect(urlChanged(s, 'comm=ab')).toEqual(NO_DRAFT);
  });

  it('lets writes that landed together clear it', () => {
    const s = wrote(wrote(NO_DRAFT, a, 'comm=a'), ab, 'comm=ab');
    expect(urlChanged(s, 'comm=ab')).toEqual(NO_DRAFT);
  });

  it('gives way to a URL that is none of its writes', () => {
    const s = wrote(NO_DRAFT, a, 'comm=a');
    expect(urlChanged(s, 'pid=7')).toEqual(NO_DRAFT);
    expect(urlChanged(NO_DRAFT, '')).toEqual(NO_DRAFT);
  });
});
