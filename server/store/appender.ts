/**
 * Events -> the events table, a columnar chunk at a time (one native call
 * per chunk and per string, not per value as with the row appender).
 */
import {
  BIGINT, BOOLEAN, DOUBLE, DuckDBDataChunk, INTEGER, UINTEGER, USMALLINT, UTINYINT, VARCHAR, type DuckDBAppender,
} from '@duckdb/node-api';
import type { StoredEvent } from '../../protocol/event';
import { syscallCode } from './schema';

/** The chunk size DuckDB works in. */
export const CHUNK_ROWS = 2048;

/** In schema.ts's column order, with what each row puts there. */
const COLUMNS = [
  [BIGINT, (e: StoredEvent) => BigInt(e.seq)],
  [DOUBLE, (e: StoredEvent) => e.ts],
  [USMALLINT, (e: StoredEvent) => e.cpu],
  [UINTEGER, (e: StoredEvent) => e.pid],
  [UINTEGER, (e: StoredEvent) => e.tid],
  [UINTEGER, (e: StoredEvent) => e.uid],
  [UINTEGER, (e: StoredEvent) => e.euid],
  [UINTEGER, (e: StoredEvent) => e.flags],
  [INTEGER, (e: StoredEvent) => e.ret],
  [USMALLINT, (e: StoredEvent) => e.errno],
  [UTINYINT, (e: StoredEvent) => syscallCode(e.syscall)],
  [BOOLEAN, (e: StoredEvent) => e.truncated],
  [BOOLEAN, (e: StoredEvent) => e.origin === 'article'],
  [VARCHAR, (e: StoredEvent) => e.comm],
  [VARCHAR, (e: StoredEvent) => e.path],
] as const;
const TYPES = COLUMNS.map(([type]) => type);

/** Appends at most CHUNK_ROWS events as one chunk. Throws what the
 *  database throws (the caller counts those rows as not written). */
export function appendChunk(appender: DuckDBAppender, events: readonly StoredEvent[]): void {
  const chunk = DuckDBDataChunk.create(TYPES, events.length);
  COLUMNS.forEach(([, value], c) => {
    const vector = chunk.getColumnVector(c);
    for (let i = 0; i < events.length; i++) vector.setItem(i, value(events[i]!));
    vector.flush();
  });
  appender.appendDataChunk(chunk);
}
