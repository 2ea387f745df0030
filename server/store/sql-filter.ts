/**
 * An event filter (and a time window) as a SQL WHERE clause with named
 * parameters: the same filter the live socket applies with matchesFilter
 * (protocol/filter.ts), so every view counts the same events.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { EventFilter } from '../../protocol/messages';
import { sqlTextMatch } from './glob-sql';
import { FULL_PATH, syscallCode, text as orEmpty } from './schema';

export interface Where {
  sql: string;
  params: Record<string, DuckDBValue>;
}

/** Trace-clock seconds: `from` inclusive, `to` the last whole second in. */
export interface Window {
  from?: number;
  to?: number;
}

/** A text filter on a column, its pattern under the parameter `name`. */
function text(column: string, name: string, pattern: string, params: Record<string, DuckDBValue>): string {
  const m = sqlTextMatch(pattern);
  params[name] = m.kind === 'substring' ? m.text : m.pattern;
  return m.kind === 'substring' ? `contains(${column}, $${name})` : `regexp_full_match(${column}, $${name})`;
}

export function whereClause(f: EventFilter, w: Window = {}): Where {
  const params: Record<string, DuckDBValue> = {};
  const terms: string[] = [];
  // Ids are checked integers (the filter's schema): written inline, they
  // let DuckDB prune row groups by its min/max statistics.
  if (f.pid !== undefined) terms.push(`pid = ${f.pid}`);
  if (f.tid !== undefined) terms.push(`tid = ${f.tid}`);
  if (f.uid !== undefined) terms.push(`uid = ${f.uid}`);
  if (f.syscall !== undefined) terms.push(`syscall = ${syscallCode(f.syscall)}`);
  if (f.result === 'ok') terms.push('errno = 0');
  else if (f.result === 'failed') terms.push('errno <> 0');
  else if (typeof f.result === 'number') terms.push(`errno = ${f.result}`);
  if (!f.own) terms.push('NOT own');
  if (f.comm) terms.push(text('comm', 'comm', f.comm, params));
  // The absolute path or the name as passed, as matchesFilter has it.
  if (f.path) terms.push(`(${text(FULL_PATH, 'path', f.path, params)} OR ${text('path', 'path', f.path, params)})`);
  if (f.unit) terms.push(text(orEmpty('unit'), 'unit', f.unit, params));
  if (f.exe) terms.push(text(orEmpty('exe'), 'exe', f.exe, params));
  if (f.container !== undefined) {
    params.container = f.container;
    terms.push(`starts_with(${orEmpty('container')}, $container)`);
  }
  if (f.slower !== undefined) terms.push(`duration_ns > ${f.slower}`);
  if (w.from !== undefined && Number.isFinite(w.from)) terms.push(`ts >= ${Number(w.from)}`);
  if (w.to !== undefined && Number.isFinite(w.to)) terms.push(`ts < ${Number(w.to) + 1}`);
  return { sql: terms.length ? terms.join(' AND ') : 'true', params };
}
