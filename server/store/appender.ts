/**
 * Events -> the events table, a columnar chunk at a time (one native call
 * per chunk and per string, not per value as with the row appender).
 */
import {
  BIGINT, BOOLEAN, DOUBLE, DuckDBDataChunk, INTEGER, UBIGINT, UINTEGER, USMALLINT, UTINYINT, VARCHAR,
  type DuckDBAppender,
} from '@duckdb/node-api';
import type { StoredEvent } from '../../protocol/event';
import { syscallCode } from './schema';

/** The chunk size DuckDB works in. */
export const CHUNK_ROWS = 2048;

/** In schema.ts's column order. */
const TYPES = [
  BIGINT, DOUBLE, USMALLINT, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, INTEGER, USMALLINT, UTINYINT,
  BOOLEAN, BOOLEAN, VARCHAR, VARCHAR, VARCHAR, BOOLEAN, UBIGINT, UBIGINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR,
  BOOLEAN,
];

/** Appends at most CHUNK_ROWS events as one chunk. Throws what the
 *  database throws (the caller counts those rows as not written). One
 *  loop per column, with no call per value but the setter: this runs for
 *  every event. */
export function appendChunk(appender: DuckDBAppender, events: readonly StoredEvent[]): void {
  const chunk = DuckDBDataChunk.create(TYPES, events.length);
  const n = events.length;
  const column = (c: number, value: (e: StoredEvent) => unknown) => {
    const v = chunk.getColumnVector(c);
    for (let i = 0; i < n; i++) v.setItem(i, value(events[i]!) as never);
    v.flush();
  };
  column(0, (e) => BigInt(e.seq));
  column(1, (e) => e.ts);
  column(2, (e) => e.cpu);
  column(3, (e) => e.pid);
  column(4, (e) => e.tid);
  column(5, (e) => e.uid);
  column(6, (e) => e.euid);
  column(7, (e) => e.flags);
  column(8, (e) => e.ret);
  column(9, (e) => e.errno);
  column(10, (e) => syscallCode(e.syscall));
  column(11, (e) => e.truncated);
  column(12, (e) => e.origin === 'article');
  column(13, (e) => e.comm);
  column(14, (e) => e.path);
  // NULL for '' (and for a full path that is the path itself): a NULL
  // costs no call into DuckDB; toEvent reads them back.
  column(15, (e) => (e.fullPath === '' || e.fullPath === e.path ? null : e.fullPath));
  column(16, (e) => e.fullTruncated);
  column(17, (e) => BigInt(e.durationNs));
  column(18, (e) => BigInt(e.cgroupId));
  column(19, (e) => e.cgroup || null);
  column(20, (e) => e.unit || null);
  column(21, (e) => e.container || null);
  column(22, (e) => e.exe || null);
  column(23, (e) => e.user || null);
  column(24, (e) => e.own);
  appender.appendDataChunk(chunk);
}
