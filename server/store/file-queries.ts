/**
 * The files view's questions: the hottest files or directories across all
 * processes (as csysdig's Files and Directories views show them), and one
 * file's openers.
 */
import { LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { EventFilter } from '../../protocol/messages';
import type { FileDetail, FileGroup, FilesAnswer } from '../../protocol/views';
import { latencyWhere } from './latency-queries';
import { FILE, text } from './schema';
import { num, numOrNull, rows } from './rows';
import { whereClause, type Window } from './sql-filter';

/** The directory of a file: all before its last slash ('/' for the root's). */
const DIR = `CASE WHEN position('/' IN ${FILE}) = 0 THEN '.' ELSE coalesce(nullif(regexp_extract(${FILE}, '^(.*)/[^/]*$', 1), ''), '/') END`;

/** Names listed per row. */
const ROW_COMMS = 5;
const FILE_PROCESSES = 200;

/** errno -> count, from a list of {errno, n} structs. */
function failures(list: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of (list as { errno: unknown; n: unknown }[] | null) ?? []) out[String(num(x.errno))] = num(x.n);
  return out;
}

export async function queryFiles(
  conn: DuckDBConnection,
  f: EventFilter,
  group: FileGroup,
  limit: number,
  w: Window,
): Promise<FilesAnswer> {
  const where = whereClause(f, w);
  const key = group === 'dir' ? DIR : FILE;
  // Per (file, errno) first: each file's failures by errno come out of the
  // same pass as its totals.
  const found = await rows(
    conn,
    `WITH byErrno AS (
       SELECT ${key} AS k, errno, count(*) AS n, max(ts) AS lastTs, min(ts) AS firstTs
       FROM events WHERE ${where.sql} GROUP BY ALL),
     totals AS (
       SELECT k, sum(n)::BIGINT AS opens, (sum(n) FILTER (WHERE errno <> 0))::BIGINT AS failed,
         list({'errno': errno, 'n': n}) FILTER (WHERE errno <> 0) AS failures, max(lastTs) AS lastTs,
         min(firstTs) AS firstTs
       FROM byErrno GROUP BY k)
     SELECT *, count(*) OVER () AS total, min(firstTs) OVER () AS windowFrom, max(lastTs) OVER () AS windowTo
     FROM totals ORDER BY opens DESC, k LIMIT ${limit}`,
    where.params,
  );
  const head = found[0];
  const answer: FilesAnswer = {
    files: [],
    group,
    total: head ? num(head.total) : 0,
    window: { from: head ? numOrNull(head.windowFrom) : null, to: head ? numOrNull(head.windowTo) : null },
  };
  if (!head) return answer;
  // The costlier figures for the rows returned only.
  const keys = found.map((r) => r.k as string);
  const details = await rows(
    conn,
    `SELECT ${key} AS k, count(DISTINCT pid) AS processes, list(DISTINCT comm)[1:${ROW_COMMS}] AS comms,
       quantile_cont(duration_ns, 0.5) FILTER (WHERE duration_ns > 0) AS p50,
       quantile_cont(duration_ns, 0.99) FILTER (WHERE duration_ns > 0) AS p99
     FROM events WHERE ${where.sql} AND ${key} IN (SELECT unnest($keys)) GROUP BY 1`,
    { ...where.params, keys: listValue(keys) },
    { keys: LIST(VARCHAR) },
  );
  const byKey = new Map(details.map((r) => [r.k as string, r]));
  answer.files = found.map((r) => {
    const d = byKey.get(r.k as string);
    return {
      path: r.k as string,
      opens: num(r.opens),
      failed: num(r.failed ?? 0),
      failures: failures(r.failures),
      processes: d ? num(d.processes) : 0,
      comms: d ? ((d.comms as string[]) ?? []).sort() : [],
      p50Ns: d ? numOrNull(d.p50) : null,
      p99Ns: d ? numOrNull(d.p99) : null,
      lastTs: num(r.lastTs),
    };
  });
  return answer;
}

/** One file (its absolute path, or the name as passed): totals, latency,
 *  and the processes that opened it, busiest first. */
export async function queryFile(conn: DuckDBConnection, path: string, f: EventFilter, w: Window): Promise<FileDetail> {
  const where = whereClause(f, w);
  const sql = `${where.sql} AND ${FILE} = $file`;
  const params = { ...where.params, file: path };
  const [byErrno, openers, latency] = await Promise.all([
    rows(conn, `SELECT errno, count(*) AS n FROM events WHERE ${sql} GROUP BY errno`, params),
    rows(
      conn,
      `SELECT pid, arg_max(comm, seq) AS comm, arg_max(${text('exe')}, seq) AS exe, arg_max(${text('unit')}, seq) AS unit,
         arg_max(${text('container')}, seq) AS container, count(*) AS opens, count(*) FILTER (WHERE errno <> 0) AS failed,
         quantile_cont(duration_ns, 0.5) FILTER (WHERE duration_ns > 0) AS p50, max(ts) AS lastTs
       FROM events WHERE ${sql} GROUP BY pid ORDER BY opens DESC, pid LIMIT ${FILE_PROCESSES}`,
      params,
    ),
    latencyWhere(conn, sql, params),
  ]);
  const errs: Record<string, number> = {};
  let opens = 0;
  for (const r of byErrno) {
    opens += num(r.n);
    if (num(r.errno) !== 0) errs[String(num(r.errno))] = num(r.n);
  }
  return {
    path,
    opens,
    failed: Object.values(errs).reduce((a, b) => a + b, 0),
    failures: errs,
    latency,
    processes: openers.map((r) => ({
      pid: num(r.pid), comm: r.comm as string, exe: r.exe as string, unit: r.unit as string,
      container: r.container as string, opens: num(r.opens), failed: num(r.failed), p50Ns: numOrNull(r.p50),
      lastTs: num(r.lastTs),
    })),
  };
}
