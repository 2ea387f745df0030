/**
 * The files view's questions: the hottest files or directories across all
 * processes (as csysdig's Files and Directories views show them), and one
 * file's openers.
 */
import { LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { EventFilter } from '../../protocol/messages';
import { FILE_PROCESSES, type FileDetail, type FileGroup, type FilesAnswer } from '../../protocol/views';
import { latencyWhere } from './latency-queries';
import { num, numOrNull, rows, textsOf } from './rows';
import { whereFor, type Window } from './sql-filter';

/** Names listed per row. */
const ROW_COMMS = 5;

/** errno -> count, from histogram(errno): a MAP, read back as its entries. */
function failures(map: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { key, value } of (map as { key: unknown; value: unknown }[] | null) ?? []) out[String(num(key))] = num(value);
  return out;
}

/** One of the quantiles of quantile_cont(x, [a, b]) (null: no values).
 *  One aggregate for both sorts the values once: half the time of two. */
const quantileOf = (list: unknown, i: number): number | null =>
  numOrNull((list as unknown[] | null)?.[i]);

/** Distinct texts of ids, in order, at most n. */
const distinctTexts = (texts: Map<number, string>, ids: unknown, n: number) =>
  [...new Set(((ids as unknown[] | null) ?? []).map((id) => texts.get(num(id)) ?? ''))].slice(0, n);

/**
 * The hottest files or directories: the events counted per file id first
 * (integers only: a grouping DuckDB can spill within its memory limit),
 * then per directory by the files' directory ids (file_dirs) where
 * asked, and only the top ids joined with their texts. A million distinct
 * files (any user's failed opens make them) are never a million texts,
 * lists or window rows held at once, which ran the store out of memory.
 * A text with two ids (strings.ts) is one row when both are among the
 * top; `total` counts ids.
 */
export async function queryFiles(
  conn: DuckDBConnection,
  f: EventFilter,
  group: FileGroup,
  limit: number,
  w: Window,
): Promise<FilesAnswer> {
  const where = await whereFor(conn, f, w);
  const byDir = group === 'dir';
  const found = await rows(
    conn,
    `WITH files AS (
       SELECT file_id AS id, count(*) AS n, count(*) FILTER (WHERE errno <> 0) AS failed, min(ts) AS firstTs, max(ts) AS lastTs
       FROM events WHERE ${where.sql} GROUP BY 1),
     grouped AS (${byDir
       ? `SELECT coalesce(d.dir_id, 0) AS id, sum(n) AS n, sum(failed) AS failed, min(firstTs) AS firstTs, max(lastTs) AS lastTs
          FROM files LEFT JOIN file_dirs d ON d.file_id = files.id GROUP BY 1`
       : 'SELECT * FROM files'}),
     top AS (SELECT * FROM grouped ORDER BY n DESC, id LIMIT ${limit * 2}),
     t AS (SELECT count(*) AS total, min(firstTs) AS windowFrom, max(lastTs) AS windowTo FROM grouped)
     SELECT coalesce(s.text, '') AS k, sum(n)::BIGINT AS opens, sum(failed)::BIGINT AS failed, max(lastTs) AS lastTs,
       t.total, t.windowFrom, t.windowTo
     FROM top LEFT JOIN strings s ON s.id = top.id CROSS JOIN t
     GROUP BY k, t.total, t.windowFrom, t.windowTo ORDER BY opens DESC, k LIMIT ${limit}`,
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
  // Grouped by an integer (each text's first id), never by the text: a
  // text carried on every row of a million-event directory ran the store
  // out of memory.
  const canon = 'SELECT id, min(id) OVER (PARTITION BY text) AS canon FROM strings WHERE text IN (SELECT unnest($keys))';
  // The files of each row: itself, or those in the directory.
  const members = byDir
    ? `SELECT d.file_id AS member, c.canon FROM file_dirs d JOIN (${canon}) c ON d.dir_id = c.id`
    : `SELECT id AS member, canon FROM (${canon})`;
  const details = await rows(
    conn,
    `SELECT m.canon AS id, count(DISTINCT pid) AS processes, list(DISTINCT comm_id)[1:${ROW_COMMS * 2}] AS comms,
       quantile_cont(duration_ns, [0.5, 0.99]) FILTER (WHERE duration_ns > 0) AS q,
       histogram(errno) FILTER (WHERE errno <> 0) AS failures
     FROM events JOIN (${members}) m ON m.member = events.file_id
     WHERE ${where.sql} GROUP BY 1`,
    { ...where.params, keys: listValue(keys) },
    { keys: LIST(VARCHAR) },
  );
  const texts = await textsOf(conn, details.flatMap((r) => [r.id, ...((r.comms as unknown[] | null) ?? [])]));
  const byKey = new Map(details.map((r) => [texts.get(num(r.id)) ?? '', r]));
  answer.files = found.map((r) => {
    const d = byKey.get(r.k as string);
    return {
      path: r.k as string,
      opens: num(r.opens),
      failed: num(r.failed ?? 0),
      failures: d ? failures(d.failures) : {},
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
      // count(*) OVER (): the groups there are, before the LIMIT.
      `SELECT pid, start, arg_max(comm_id, seq) AS comm, arg_max(exe_id, seq) AS exe, arg_max(unit_id, seq) AS unit,
         arg_max(container_id, seq) AS container, arg_max(uid, seq) AS uid, arg_max(user_name_id, seq) AS user,
         count(*) AS opens, count(*) FILTER (WHERE errno <> 0) AS failed,
         quantile_cont(duration_ns, 0.5) FILTER (WHERE duration_ns > 0) AS p50, max(ts) AS lastTs, count(*) OVER () AS processCount
       FROM events WHERE ${sql} GROUP BY pid, start ORDER BY opens DESC, pid, start LIMIT ${FILE_PROCESSES}`,
      params,
    ),
    latencyWhere(conn, sql, params),
  ]);
  const texts = await textsOf(conn, openers.flatMap((r) => [r.comm, r.exe, r.user, r.unit, r.container]));
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
      pid: num(r.pid), start: num(r.start), comm: text(r.comm), exe: text(r.exe), uid: num(r.uid), user: text(r.user),
      unit: text(r.unit), container: text(r.container), opens: num(r.opens), failed: num(r.failed), p50Ns: numOrNull(r.p50),
      lastTs: num(r.lastTs),
    })),
    processCount: openers[0] ? num(openers[0].processCount) : 0,
  };
}
