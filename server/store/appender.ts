/**
 * Events -> the events table, a columnar chunk at a time (one native call
 * per chunk and column, not per value as with the row appender), from a
 * batch's columns (batch.ts). Texts go in as ids (strings.ts): only
 * numbers cross into DuckDB per event.
 */
import {
  BIGINT, BOOLEAN, DECIMAL, DOUBLE, DuckDBDataChunk, INTEGER, UBIGINT, UINTEGER, USMALLINT, UTINYINT, VARCHAR,
  type DuckDBAppender, type DuckDBType,
} from '@duckdb/node-api';
import { NUMBER_FIELDS, TEXT_FIELDS, type EventBatch } from './batch';
import { EVENT_TABLE, TS_TYPE, type ColumnType, type TextField } from './schema';
import type { Dictionary, FileDir } from './strings';

/** The chunk size DuckDB works in. */
export const CHUNK_ROWS = 2048;

const VECTOR = {
  BIGINT, DOUBLE, USMALLINT, UINTEGER, INTEGER, UTINYINT, BOOLEAN, UBIGINT, [TS_TYPE]: DECIMAL(18, 6),
} as const;
const TYPES = EVENT_TABLE.map((c) => VECTOR[c.type]);
/** How a number column's values go in: BIGINTs as BigInts, BOOLEANs from
 *  0 or 1, times as their µs. */
const numberKind = (t: ColumnType) =>
  t === 'BIGINT' || t === 'UBIGINT' ? 'big' : t === 'BOOLEAN' ? 'bool' : t === TS_TYPE ? 'micros' : 'number';
/** Per column of the table: where its values are in a batch (a column of
 *  numbers, or of refs to its texts) and how they go in. */
const SOURCES = EVENT_TABLE.map((c) =>
  c.text
    ? { kind: 'text', index: TEXT_FIELDS.indexOf(c.field as TextField) }
    : { kind: numberKind(c.type), index: NUMBER_FIELDS.indexOf(c.field) },
);

/** The batch's column of each event's file's text. */
const FILE_TEXT = TEXT_FIELDS.indexOf('file');

/** Appends a batch (batch.ts) as one chunk, its texts given ids in
 *  `texts` (the caller writes the new ones). Throws what the database
 *  throws (the caller counts those rows as not written). One loop per
 *  column, with no call per value but the setter: this runs for every
 *  event. */
export function appendChunk(appender: DuckDBAppender, batch: EventBatch, texts: Dictionary): void {
  const { rows, numbers, refs, stride } = batch;
  const chunk = DuckDBDataChunk.create(TYPES, rows);
  // Each distinct text of the batch looked up once; each file's directory
  // noted once.
  const ids = batch.texts.map((t) => texts.id(t));
  const files = FILE_TEXT * stride;
  const noted = new Uint8Array(batch.texts.length);
  for (let i = 0; i < rows; i++) {
    const ref = refs[files + i]!;
    if (noted[ref]) continue;
    noted[ref] = 1;
    texts.file(ids[ref]!, batch.texts[ref]!);
  }
  SOURCES.forEach((source, c) => {
    const v = chunk.getColumnVector(c);
    const at = source.index * stride;
    if (source.kind === 'text') for (let i = 0; i < rows; i++) v.setItem(i, ids[refs[at + i]!] as never);
    else if (source.kind === 'big') for (let i = 0; i < rows; i++) v.setItem(i, BigInt(numbers[at + i]!) as never);
    else if (source.kind === 'bool') for (let i = 0; i < rows; i++) v.setItem(i, (numbers[at + i] !== 0) as never);
    // A DECIMAL's item is its scaled integer.
    else if (source.kind === 'micros') for (let i = 0; i < rows; i++) v.setItem(i, { value: BigInt(Math.round(numbers[at + i]! * 1e6)) } as never);
    else for (let i = 0; i < rows; i++) v.setItem(i, numbers[at + i] as never);
    v.flush();
  });
  appender.appendDataChunk(chunk);
}

/** Rows -> a table, CHUNK_ROWS at a time: each column's values by its
 *  getter. */
function appendRows<T>(appender: DuckDBAppender, types: DuckDBType[], rows: readonly T[], columns: ((row: T) => unknown)[]): void {
  for (let at = 0; at < rows.length; at += CHUNK_ROWS) {
    const part = rows.slice(at, at + CHUNK_ROWS);
    const chunk = DuckDBDataChunk.create(types, part.length);
    columns.forEach((get, c) => {
      const v = chunk.getColumnVector(c);
      for (let i = 0; i < part.length; i++) v.setItem(i, get(part[i]!) as never);
      v.flush();
    });
    appender.appendDataChunk(chunk);
  }
}

/** New texts -> the strings table. */
export function appendTexts(appender: DuckDBAppender, texts: readonly { id: number; text: string }[]): void {
  appendRows(appender, [UINTEGER, VARCHAR], texts, [(t) => t.id, (t) => t.text]);
}

/** New files' directories -> file_dirs. */
export function appendFileDirs(appender: DuckDBAppender, dirs: readonly FileDir[]): void {
  appendRows(appender, [UINTEGER, UINTEGER], dirs, [(d) => d.file, (d) => d.dir]);
}
