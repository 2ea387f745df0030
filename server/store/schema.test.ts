/**
 * The open event is defined once (protocol/event.ts); the store's table and
 * the exports are checked against it here, so a field added there and
 * forgotten in either fails.
 */
import { describe, expect, it } from 'vitest';
import { storedEventSchema } from '../../protocol/event';
import { EXPORT_FIELDS } from '../export/record';
import { LIMITS } from '../trace/line-format';
import { COLUMN_RANGE, EVENT_TABLE, TEXT_COLUMNS, type ColumnType } from './schema';

const EVENT_FIELDS = Object.keys(storedEventSchema.shape);

describe('the events table', () => {
  it('stores every field of an event, each in one column of its own', () => {
    // Stored under another name: the file's id holds fullPath (or the name
    // when it is not known), a flag says whether the origin is the article.
    const storedAs: Record<string, string> = { fullPath: 'file', origin: 'article' };
    // Nothing beside them: a file's directory is kept once per file (file_dirs).
    const fields = EVENT_TABLE.map((c) => c.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect(new Set(EVENT_TABLE.map((c) => c.column)).size).toBe(EVENT_TABLE.length);
    expect(fields.sort()).toEqual(EVENT_FIELDS.map((k) => storedAs[k] ?? k).sort());
  });

  it('keeps each text by id, in the column TEXT_COLUMNS names', () => {
    const ids = EVENT_TABLE.filter((c) => c.text).map((c) => [c.field, c.column]);
    expect(Object.fromEntries(ids)).toEqual(TEXT_COLUMNS);
    for (const c of EVENT_TABLE) expect(c.text === true, c.column).toBe(c.column.endsWith('_id') && c.column !== 'cgroup_id');
  });

  it('holds every number the parser lets through (line-format.ts, LIMITS)', () => {
    const range = (field: string) => COLUMN_RANGE[EVENT_TABLE.find((c) => c.field === field)!.type as ColumnType];
    for (const f of ['pid', 'tid', 'uid', 'euid']) expect(range(f).max, f).toBeGreaterThanOrEqual(LIMITS.id);
    expect(range('cpu').max).toBeGreaterThanOrEqual(LIMITS.cpu);
    expect(range('errno').max).toBeGreaterThanOrEqual(LIMITS.maxErrno);
    expect([range('ret').min, range('ret').max]).toEqual([-(2 ** 31), LIMITS.maxRet]);
    for (const f of ['flags', 'durationNs', 'cgroupId']) expect(range(f).max, f).toBe(LIMITS.u64);
  });
});

describe('the exports', () => {
  it('carry every field of an event but the store\'s own, under its name in snake case', () => {
    const notExported = ['seq', 'cgroupId', 'own', 'origin'];
    const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    expect(EXPORT_FIELDS.filter((f) => f !== 'time').sort()).toEqual(
      EVENT_FIELDS.filter((k) => !notExported.includes(k)).map(snake).sort(),
    );
  });
});
