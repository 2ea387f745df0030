/**
 * Events -> the events table, a columnar chunk at a time (one native call
 * per chunk and column, not per value as with the row appender), from a
 * batch's columns (batch.ts). Texts go in as ids (strings.ts): only
 * numbers cross into DuckDB per event.
 */
import {
  BIGINT, BOOLEAN, DOUBLE, DuckDBDataChunk, INTEGER, UBIGINT, UINTEGER, USMALLINT, UTINYINT, VARCHAR,
  type DuckDBAppender,
} from '@duckdb/node-api';
import { NUMBER_FIELDS, TEXT_FIELDS, type EventBatch } from './batch';
import type { Dictionary } from './strings';

/** The chunk size DuckDB works in. */
export const CHUNK_ROWS = 2048;

/** In schema.ts's column order: batch.ts's numbers, then its texts. */
const TYPES = [
  BIGINT, DOUBLE, USMALLINT, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, INTEGER, USMALLINT, UTINYINT,
  BOOLEAN, BOOLEAN, BOOLEAN, BOOLEAN, UBIGINT, UBIGINT,
  UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER,
];

/** The number columns that are BIGINT (BigInt values) or BOOLEAN (0 or 1). */
const columnsOf = (fields: (typeof NUMBER_FIELDS)[number][]) => new Set(fields.map((f) => NUMBER_FIELDS.indexOf(f)));
const BIG = columnsOf(['seq', 'durationNs', 'cgroupId']);
const BOOL = columnsOf(['truncated', 'article', 'fullTruncated', 'own']);

/** Appends a batch (batch.ts) as one chunk, its texts given ids in
 *  `texts` (the caller writes the new ones). Throws what the database
 *  throws (the caller counts those rows as not written). One loop per
 *  column, with no call per value but the setter: this runs for every
 *  event. */
export function appendChunk(appender: DuckDBAppender, batch: EventBatch, texts: Dictionary): void {
  const { rows, numbers, refs, stride } = batch;
  const chunk = DuckDBDataChunk.create(TYPES, rows);
  for (let c = 0; c < NUMBER_FIELDS.length; c++) {
    const v = chunk.getColumnVector(c);
    const at = c * stride;
    if (BIG.has(c)) for (let i = 0; i < rows; i++) v.setItem(i, BigInt(numbers[at + i]!) as never);
    else if (BOOL.has(c)) for (let i = 0; i < rows; i++) v.setItem(i, (numbers[at + i] !== 0) as never);
    else for (let i = 0; i < rows; i++) v.setItem(i, numbers[at + i] as never);
    v.flush();
  }
  // Each distinct text of the batch looked up once.
  const ids = batch.texts.map((t) => texts.id(t));
  for (let t = 0; t < TEXT_FIELDS.length; t++) {
    const v = chunk.getColumnVector(NUMBER_FIELDS.length + t);
    const at = t * stride;
    for (let i = 0; i < rows; i++) v.setItem(i, ids[refs[at + i]!] as never);
    v.flush();
  }
  appender.appendDataChunk(chunk);
}

/** New texts -> the strings table, CHUNK_ROWS at a time. */
export function appendTexts(appender: DuckDBAppender, texts: readonly { id: number; text: string }[]): void {
  for (let at = 0; at < texts.length; at += CHUNK_ROWS) {
    const part = texts.slice(at, at + CHUNK_ROWS);
    const chunk = DuckDBDataChunk.create([UINTEGER, VARCHAR], part.length);
    const ids = chunk.getColumnVector(0);
    const strs = chunk.getColumnVector(1);
    for (let i = 0; i < part.length; i++) {
      ids.setItem(i, part[i]!.id);
      strs.setItem(i, part[i]!.text);
    }
    ids.flush();
    strs.flush();
    appender.appendDataChunk(chunk);
  }
}
