/**
 * An event filter (and a time window) as a SQL WHERE clause with named
 * parameters: the same filter the live socket applies with matchesFilter
 * (protocol/filter.ts), so every view counts the same events.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { EventFilter } from '../../protocol/messages';
import { sqlTextMatch } from './glob-sql';
import { syscallCode, TEXT_COLUMNS, type TextField } from './schema';

export interface Where {
  sql: string;
  params: Record<string, DuckDBValue>;
  /** The subqueries in sql that pick texts' ids (whereFor lists them). */
  lookups?: string[];
}

/** Trace-clock seconds: `from` inclusive, `to` the last whole second in. */
export interface Window {
  from?: number;
  to?: number;
}

/** The ids of the texts a pattern matches (under the parameter `name`):
 *  matched once per distinct text, not once per event. */
function matching(name: string, pattern: string, w: Required<Where>): string {
  const m = sqlTextMatch(pattern);
  w.params[name] = m.kind === 'substring' ? m.text : m.pattern;
  const test = m.kind === 'substring' ? `contains(text, $${name})` : `regexp_full_match(text, $${name})`;
  return lookup(`(SELECT id FROM strings WHERE ${test})`, w);
}

function lookup(sql: string, w: Required<Where>): string {
  w.lookups.push(sql);
  return sql;
}

/** A text filter on a field. */
function text(field: TextField, pattern: string, w: Required<Where>): string {
  return `${TEXT_COLUMNS[field]} IN ${matching(field, pattern, w)}`;
}

/** Ids listed inline at most: DuckDB filters on a short list of constants
 *  faster than it joins a subquery (one name's count over 10M events: 11
 *  ms against 27-40); a glob that matches thousands of paths stays a join. */
const INLINE_IDS = 1000;

/** whereClause with each text filter's ids looked up first (once per
 *  distinct text) and written inline where they are few. */
export async function whereFor(conn: DuckDBConnection, f: EventFilter, win: Window = {}): Promise<Where> {
  const [w] = await inlined(conn, [whereClause(f, win)]);
  return w!;
}

/** The filter over the events (with the window) and over the rollup's
 *  columns (rollup.ts; no window: the caller cuts it into minutes), each
 *  text filter's ids looked up once for both. The rollup's is null where
 *  the filter asks for what a rollup row does not keep (a path, a thread,
 *  an errno, a syscall, a duration). */
export async function rollupWheresFor(
  conn: DuckDBConnection,
  f: EventFilter,
  win: Window,
): Promise<{ events: Where; rollup: Where | null }> {
  const kept = f.path === undefined && f.tid === undefined && f.syscall === undefined && f.slower === undefined &&
    (f.result === undefined || typeof f.result === 'string');
  const [events, rollup] = await inlined(conn, [whereClause(f, win), ...(kept ? [whereClause(f, {}, 'rollup')] : [])]);
  return { events: events!, rollup: rollup ?? null };
}

/** Clauses with their lookups run, each once (the clauses of one filter
 *  name the same lookups with the same parameters). */
async function inlined(conn: DuckDBConnection, ws: Required<Where>[]): Promise<Where[]> {
  for (const sql of new Set(ws.flatMap((w) => w.lookups))) {
    const r = await conn.runAndReadAll(`${sql.slice(1, -1)} LIMIT ${INLINE_IDS + 1}`, paramsIn(sql, ws[0]!.params));
    const ids = (r.getColumnsJS()[0] ?? []).map(Number);
    if (ids.length > 0 && ids.length <= INLINE_IDS) for (const w of ws) w.sql = w.sql.replaceAll(sql, `(${ids.join(',')})`);
  }
  // DuckDB refuses a parameter the statement does not name.
  for (const w of ws) w.params = paramsIn(w.sql, w.params);
  return ws;
}

/** A double as SQL: parsed from its shortest text, so it is the same
 *  double (a decimal literal would go through DECIMAL first). */
export function sqlDouble(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return `'${x}'::DOUBLE`;
}

function paramsIn(sql: string, params: Record<string, DuckDBValue>): Record<string, DuckDBValue> {
  const named = new Set([...sql.matchAll(/\$(\w+)/g)].map((m) => m[1]!));
  return Object.fromEntries(Object.entries(params).filter(([k]) => named.has(k)));
}

function whereClause(f: EventFilter, w: Window = {}, table: 'events' | 'rollup' = 'events'): Required<Where> {
  const params: Record<string, DuckDBValue> = {};
  const terms: string[] = [];
  const where = { sql: '', params, lookups: [] as string[] };
  // Ids are checked integers (the filter's schema): written inline, they
  // let DuckDB prune row groups by its min/max statistics.
  if (f.pid !== undefined) terms.push(`pid = ${f.pid}`);
  if (f.start !== undefined) terms.push(`start = ${sqlDouble(f.start)}`);
  if (f.tid !== undefined) terms.push(`pid + tid_minus_pid = ${f.tid}`);
  if (f.uid !== undefined) terms.push(`uid = ${f.uid}`);
  if (f.syscall !== undefined) terms.push(`syscall = ${syscallCode(f.syscall)}`);
  // A rollup row is of failed opens or of opened ones.
  if (f.result === 'ok') terms.push(table === 'rollup' ? 'NOT failed' : 'errno = 0');
  else if (f.result === 'failed') terms.push(table === 'rollup' ? 'failed' : 'errno <> 0');
  else if (typeof f.result === 'number') terms.push(`errno = ${f.result}`);
  if (!f.own) terms.push('NOT own');
  if (f.comm) terms.push(text('comm', f.comm, where));
  // The absolute path or the name as passed, as matchesFilter has it: the
  // file is the one, or else the other.
  if (f.path) {
    const ids = matching('path', f.path, where);
    terms.push(`(file_id IN ${ids} OR path_id IN ${ids})`);
  }
  if (f.unit) terms.push(text('unit', f.unit, where));
  if (f.exe) terms.push(text('exe', f.exe, where));
  if (f.container !== undefined) {
    params.container = f.container;
    terms.push(`container_id IN ${lookup('(SELECT id FROM strings WHERE starts_with(text, $container))', where)}`);
  }
  if (f.slower !== undefined) terms.push(`duration_ns > ${f.slower}`);
  if (w.from !== undefined && Number.isFinite(w.from)) terms.push(`ts >= ${Number(w.from)}`);
  if (w.to !== undefined && Number.isFinite(w.to)) terms.push(`ts < ${Number(w.to) + 1}`);
  where.sql = terms.length ? terms.join(' AND ') : 'true';
  return where;
}
