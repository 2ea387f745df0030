/**
 * The files view's questions: the hottest files or directories across all
 * processes (as csysdig's Files and Directories views show them), and one
 * file's openers.
 */
import { LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { EventFilter } from '../../protocol/messages';
import type { FileDetail, FileGroup, FilesAnswer } from '../../protocol/views';
import { latencyWhere } from './latency-queries';
import { num, numOrNull, rows, textsOf } from './rows';
import { whereFor, type Window } from './sql-filter';

/** A file's text (a strings row's), or its directory: all before its last
 *  slash ('/' for the root's). */
const KEY = {
  file: (t: string) => t,
  dir: (t: string) =>
    `CASE WHEN position('/' IN ${t}) = 0 THEN '.' ELSE coalesce(nullif(regexp_extract(${t}, '^(.*)/[^/]*$', 1), ''), '/') END`,
} as const;

/** Names listed per row. */
const ROW_COMMS = 5;
const FILE_PROCESSES = 200;

/** errno -> count, from a list of {errno, n} structs. */
function failures(list: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of (list as { errno: unknown; n: unknown }[] | null) ?? []) out[String(num(x.errno))] = num(x.n);
  return out;
}

/** One of the quantiles of quantile_cont(x, [a, b]) (null: no values).
 *  One aggregate for both sorts the values once: half the time of two. */
const quantileOf = (list: unknown, i: number): number | null =>
  numOrNull((list as unknown[] | null)?.[i]);

/** Distinct texts of ids, in order, at most n. */
const distinctTexts = (texts: Map<number, string>, ids: unknown, n: number) =>
  [...new Set(((ids as unknown[] | null) ?? []).map((id) => texts.get(num(id)) ?? ''))].slice(0, n);

export async function queryFiles(
  conn: DuckDBConnection,
  f: EventFilter,
  group: FileGroup,
  limit: number,
  w: Window,
): Promise<FilesAnswer> {
  const where = await whereFor(conn, f, w);
  const key = KEY[group];
  // Per (file id, errno) over the events, integers only; then per file
  // text or directory over those few rows: each key's failures by errno
  // come out of the same pass as its totals.
  const found = await rows(
    conn,
    `WITH byId AS (
       SELECT file_id, errno, count(*) AS n, max(ts) AS lastTs, min(ts) AS firstTs
       FROM events WHERE ${where.sql} GROUP BY ALL),
     byErrno AS (
       SELECT ${key("coalesce(text, '')")} AS k, errno, sum(n) AS n, max(lastTs) AS lastTs, min(firstTs) AS firstTs
       FROM byId LEFT JOIN strings ON strings.id = byId.file_id GROUP BY ALL),
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
  // The costlier figures for the rows returned only: their files' ids
  // first, from the distinct texts.
  const keys = found.map((r) => r.k as string);
  const details = await rows(
    conn,
    `SELECT k, count(DISTINCT pid) AS processes, list(DISTINCT comm_id)[1:${ROW_COMMS * 2}] AS comms,
       quantile_cont(duration_ns, [0.5, 0.99]) FILTER (WHERE duration_ns > 0) AS q
     FROM events JOIN (SELECT id, ${key('text')} AS k FROM strings WHERE ${key('text')} IN (SELECT unnest($keys))) ids ON ids.id = events.file_id
     WHERE ${where.sql} GROUP BY 1`,
    { ...where.params, keys: listValue(keys) },
    { keys: LIST(VARCHAR) },
  );
  const texts = await textsOf(conn, details.flatMap((r) => (r.comms as unknown[] | null) ?? []));
  const byKey = new Map(details.map((r) => [r.k as string, r]));
  answer.files = found.map((r) => {
    const d = byKey.get(r.k as string);
    return {
      path: r.k as string,
      opens: num(r.opens),
      failed: num(r.failed ?? 0),
      failures: failures(r.failures),
      processes: d ? num(d.processes) : 0,
      comms: d ? distinctTexts(texts, d.comms, ROW_COMMS).sort() : [],
      p50Ns: d ? quantileOf(d.q, 0) : null,
      p99Ns: d ? quantileOf(d.q, 1) : null,
      lastTs: num(r.lastTs),
    };
  });
  return answer;
}

/** One file (its absolute path, or the name as passed): totals, latency,
 *  and the processes (each a PID and its start) that opened it, busiest
 *  first. */
export async function queryFile(conn: DuckDBConnection, path: string, f: EventFilter, w: Window): Promise<FileDetail> {
  const where = await whereFor(conn, f, w);
  const sql = `${where.sql} AND file_id IN (SELECT id FROM strings WHERE text = $file)`;
  const params = { ...where.params, file: path };
  const [byErrno, openers, latency] = await Promise.all([
    rows(conn, `SELECT errno, count(*) AS n FROM events WHERE ${sql} GROUP BY errno`, params),
    rows(
      conn,
      `SELECT pid, start, arg_max(comm_id, seq) AS comm, arg_max(exe_id, seq) AS exe, arg_max(unit_id, seq) AS unit,
         arg_max(container_id, seq) AS container, count(*) AS opens, count(*) FILTER (WHERE errno <> 0) AS failed,
         quantile_cont(duration_ns, 0.5) FILTER (WHERE duration_ns > 0) AS p50, max(ts) AS lastTs
       FROM events WHERE ${sql} GROUP BY pid, start ORDER BY opens DESC, pid, start LIMIT ${FILE_PROCESSES}`,
      params,
    ),
    latencyWhere(conn, sql, params),
  ]);
  const texts = await textsOf(conn, openers.flatMap((r) => [r.comm, r.exe, r.unit, r.container]));
  const text = (v: unknown) => texts.get(num(v)) ?? '';
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
      pid: num(r.pid), start: num(r.start), comm: text(r.comm), exe: text(r.exe), unit: text(r.unit),
      container: text(r.container), opens: num(r.opens), failed: num(r.failed), p50Ns: numOrNull(r.p50),
      lastTs: num(r.lastTs),
    })),
  };
}
