/**
 * Events -> the events table, a columnar chunk at a time (one native call
 * per chunk and column, not per value as with the row appender). Texts go
 * in as ids (strings.ts): only integers cross into DuckDB per event.
 */
import {
  BIGINT, BOOLEAN, DOUBLE, DuckDBDataChunk, INTEGER, UBIGINT, UINTEGER, USMALLINT, UTINYINT, VARCHAR,
  type DuckDBAppender,
} from '@duckdb/node-api';
import type { StoredEvent } from '../../protocol/event';
import { syscallCode } from './schema';
import type { Dictionary } from './strings';

/** The chunk size DuckDB works in. */
export const CHUNK_ROWS = 2048;

/** In schema.ts's column order. */
const TYPES = [
  BIGINT, DOUBLE, USMALLINT, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, INTEGER, USMALLINT, UTINYINT,
  BOOLEAN, BOOLEAN, BOOLEAN, BOOLEAN, UBIGINT, UBIGINT,
  UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER, UINTEGER,
];

/** Appends at most CHUNK_ROWS events as one chunk, their new texts given
 *  ids in `texts` (the caller writes those first). Throws what the
 *  database throws (the caller counts those rows as not written). One loop
 *  per column, with no call per value but the setter: this runs for every
 *  event. */
export function appendChunk(appender: DuckDBAppender, events: readonly StoredEvent[], texts: Dictionary): void {
  const chunk = DuckDBDataChunk.create(TYPES, events.length);
  const n = events.length;
  const column = (c: number, value: (e: StoredEvent) => unknown) => {
    const v = chunk.getColumnVector(c);
    for (let i = 0; i < n; i++) v.setItem(i, value(events[i]!) as never);
    v.flush();
  };
  const text = (c: number, value: (e: StoredEvent) => string) => column(c, (e) => texts.id(value(e)));
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
  column(13, (e) => e.fullTruncated);
  column(14, (e) => e.own);
  column(15, (e) => BigInt(e.durationNs));
  column(16, (e) => BigInt(e.cgroupId));
  text(17, (e) => e.comm);
  text(18, (e) => e.path);
  text(19, (e) => e.fullPath || e.path);
  text(20, (e) => e.exe);
  text(21, (e) => e.user);
  text(22, (e) => e.cgroup);
  text(23, (e) => e.unit);
  text(24, (e) => e.container);
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
