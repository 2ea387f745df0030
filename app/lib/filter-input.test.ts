import { describe, expect, it } from 'vitest';
import { eventFilterSchema } from '../../protocol/messages';
import { EMPTY_FILTER_INPUT, parsePid, toEventFilter } from './filter-input';

describe('parsePid', () => {
  it('accepts positive integers only', () => {
    expect(parsePid('')).toBeUndefined();
    expect(parsePid('  ')).toBeUndefined();
    expect(parsePid('42')).toBe(42);
    expect(parsePid(' 7 ')).toBe(7);
    expect(parsePid('0')).toBeNull();
    expect(parsePid('-1')).toBeNull();
    expect(parsePid('1.5')).toBeNull();
    expect(parsePid('1e3')).toBeNull();
    expect(parsePid('99999999999999999999')).toBeNull();
  });
});

describe('toEventFilter', () => {
  it('leaves out empty fields', () => {
    expect(toEventFilter(EMPTY_FILTER_INPUT)).toEqual({});
  });
  it('carries every set field, unchanged', () => {
    const f = toEventFilter({ comm: ' ba sh', pid: '12', path: '/etc/', failedOnly: true });
    expect(f).toEqual({ comm: ' ba sh', pid: 12, path: '/etc/', result: 'failed' });
    expect(eventFilterSchema.safeParse(f).success).toBe(true);
  });
  it('drops an invalid pid', () => {
    expect(toEventFilter({ ...EMPTY_FILTER_INPUT, pid: 'abc' })).toEqual({});
  });
});
