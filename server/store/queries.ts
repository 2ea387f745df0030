/**
 * The views, as queries over the events table: every answer is computed
 * from the stored events for the filter and window asked for, so the same
 * filter gives the same numbers in every view.
 */
import { LIST, listValue, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { ProcessDetail, ProcessGroup, ProcessStats, RatePoint, StoredEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import type { EventsPage, ProcessesAnswer, RateAnswer } from '../../protocol/views';
import { latencyWhere } from './latency-queries';
import { num, numOrNull, rows, type Row } from './rows';
import { EVENT_COLUMNS, FILE, syscallName, text } from './schema';
import { whereClause, type Window } from './sql-filter';

// Distinct paths are counted by their 64-bit hashes: 8 bytes each instead
// of the path (up to 4 KB), so counting millions of them fits the store's
// memory limit; a collision (about 1 in 10^7 at 2M paths) would undercount
// by one.

/** Seconds over which a row's rate is averaged. */
export const RATE_WINDOW = 5;
/** Files listed on a process page (the count covers all of them). */
export const PROCESS_FILES = 2000;
/** Seconds of per-second opens on a process page at most (the longest chart window). */
export const PROCESS_RATE_SECONDS = 3600;
/** Distinct flag sets listed per file. */
const FLAG_SETS = 8;


const str = (v: unknown): string => (v ?? '') as string;

/** full_path is NULL where the absolute path is the path passed, or unknown
 *  for a relative one (appender.ts). */
const fullPathOf = (full: unknown, path: string): string => (full as string | null) ?? (path.startsWith('/') ? path : '');

export function toEvent(r: Row): StoredEvent {
  const e: StoredEvent = {
    seq: num(r.seq), ts: num(r.ts), cpu: num(r.cpu), pid: num(r.pid), tid: num(r.tid), comm: r.comm as string,
    uid: num(r.uid), euid: num(r.euid), flags: num(r.flags), ret: num(r.ret), errno: num(r.errno),
    path: r.path as string, truncated: r.truncated as boolean, syscall: syscallName(num(r.syscall)),
    fullPath: fullPathOf(r.full_path, r.path as string), fullTruncated: r.full_truncated as boolean,
    durationNs: num(r.duration_ns), cgroupId: num(r.cgroup_id), cgroup: str(r.cgroup), unit: str(r.unit),
    container: str(r.container), exe: str(r.exe), user: str(r.user_name), own: r.own as boolean,
  };
  if (r.article) e.origin = 'article';
  return e;
}

export interface EventsQuery extends Window {
  limit: number;
  /** Only events with a smaller seq (the page before). */
  before?: number;
  /** newest (the default, pages by `before`) or slowest: the longest
   *  opens first, one page. */
  sort?: 'newest' | 'slowest';
}

/** Newest first, a page at a time. */
export async function queryEvents(conn: DuckDBConnection, f: EventFilter, q: EventsQuery): Promise<EventsPage> {
  const w = whereClause(f, q);
  const page = q.before === undefined ? w.sql : `${w.sql} AND seq < ${Math.floor(q.before)}`;
  const order = q.sort === 'slowest' ? 'duration_ns DESC, seq DESC' : 'seq DESC';
  const [found, total] = await Promise.all([
    rows(conn, `SELECT ${EVENT_COLUMNS} FROM events WHERE ${page} ORDER BY ${order} LIMIT ${q.limit + 1}`, w.params),
    rows(conn, `SELECT count(*) AS n FROM events WHERE ${w.sql}`, w.params),
  ]);
  const events = found.slice(0, q.limit).map(toEvent);
  return {
    events,
    next: found.length > q.limit && q.sort !== 'slowest' ? events[events.length - 1]!.seq : null,
    total: num(total[0]!.n),
  };
}

/** Opens per `step` seconds from `from` to `to` (whole seconds, both in),
 *  zero-filled; steps start at multiples of `step`. */
export async function queryRate(
  conn: DuckDBConnection,
  f: EventFilter,
  from: number,
  to: number,
  step: number,
): Promise<RateAnswer> {
  const first = Math.floor(from / step) * step;
  const w = whereClause(f, { from: first, to });
  const found = await rows(
    conn,
    `SELECT (floor(ts / ${step}) * ${step})::BIGINT AS t, count(*) AS opens, count(*) FILTER (WHERE errno <> 0) AS failed
     FROM events WHERE ${w.sql} GROUP BY 1`,
    w.params,
  );
  const byT = new Map(found.map((r) => [num(r.t), r]));
  const rate: RatePoint[] = [];
  for (let t = first; t <= to; t += step) {
    const r = byT.get(t);
    rate.push({ t, opens: r ? num(r.opens) : 0, failed: r ? num(r.failed) : 0 });
  }
  return { rate, from: first, to, step };
}

/** Processes by name, PID, executable, unit or container, busiest first. `now`: where the rate's
 *  last seconds end. Two passes: the totals of every group (cheap
 *  aggregates only), then, for the rows returned, their last open (by its
 *  seq) and their distinct files and PIDs, which cost the most to count. */
export async function queryProcesses(
  conn: DuckDBConnection,
  f: EventFilter,
  group: ProcessGroup,
  limit: number,
  w: Window,
  now: number,
): Promise<ProcessesAnswer> {
  const where = whereClause(f, w);
  const key = group;
  const recentFrom = Math.floor(now) - RATE_WINDOW + 1;
  // Per (name, PID) first: few pairs (a PID has a name or two), and they
  // give the PIDs of a name without a distinct count.
  const found = await rows(
    conn,
    `WITH pairs AS (
       SELECT comm, pid, ${group === 'comm' || group === 'pid' ? '' : `${text(key)} AS ${key}, `}count(*) AS opens,
         count(*) FILTER (WHERE errno <> 0) AS failed,
         count(*) FILTER (WHERE ts >= ${recentFrom}) AS recent, min(ts) AS firstTs, max(ts) AS lastTs, max(seq) AS lastSeq
       FROM events WHERE ${where.sql} GROUP BY ALL)
     SELECT ${key} AS key, sum(opens) AS opens, sum(failed) AS failed, sum(recent) AS recent,
       count(DISTINCT pid) AS pids, min(pid) AS onlyPid, min(firstTs) AS firstTs, max(lastTs) AS lastTs, max(lastSeq) AS lastSeq,
       count(*) OVER () AS total, min(min(firstTs)) OVER () AS windowFrom, max(max(lastTs)) OVER () AS windowTo
     FROM pairs GROUP BY ${key}
     ORDER BY opens DESC, lastTs DESC, ${key} LIMIT ${limit}`,
    where.params,
  );
  const head = found[0];
  const answer: ProcessesAnswer = {
    processes: [],
    group,
    total: head ? num(head.total) : 0,
    window: { from: head ? numOrNull(head.windowFrom) : null, to: head ? numOrNull(head.windowTo) : null },
  };
  if (!head) return answer;
  // The rows' keys: PIDs inline (checked numbers, which DuckDB filters on
  // fastest); names as a list parameter, since they may hold any character.
  const inRows =
    group === 'pid'
      ? { sql: `${where.sql} AND pid IN (${found.map((r) => num(r.key)).join(',')})`, params: where.params, types: {} as Record<string, DuckDBType> }
      : {
          sql: `${where.sql} AND ${group === 'comm' ? key : text(key)} IN (SELECT unnest($keys))`,
          params: { ...where.params, keys: listValue(found.map((r) => r.key as string)) },
          types: { keys: LIST(VARCHAR) },
        };
  // Distinct (row, path) pairs, then counted: a grouping DuckDB can spill
  // to disk, where count(DISTINCT …) per group holds it all in memory.
  const pairs = (second: string) =>
    rows(
      conn,
      `SELECT k, count(*) AS n FROM
         (SELECT DISTINCT ${group === 'comm' || group === 'pid' ? key : text(key)} AS k, ${second} AS v
          FROM events WHERE ${inRows.sql}) GROUP BY k`,
      inRows.params,
      inRows.types,
    );
  const [last, files] = await Promise.all([
    rows(conn, `SELECT seq, comm, ${FILE} AS path FROM events WHERE seq IN (${found.map((r) => num(r.lastSeq)).join(',')})`, {}),
    pairs(`hash(${FILE})`),
  ]);
  const lastBySeq = new Map(last.map((r) => [num(r.seq), r]));
  const filesOf = new Map(files.map((r) => [r.k, num(r.n)]));
  answer.processes = found.map((r) => {
    const l = lastBySeq.get(num(r.lastSeq));
    const pids = num(r.pids);
    return {
      key: String(group === 'pid' ? num(r.key) : r.key),
      pid: pids === 1 ? num(r.onlyPid) : null,
      comm: group === 'comm' ? (r.key as string) : ((l?.comm as string) ?? ''),
      pids,
      opens: num(r.opens),
      failed: num(r.failed),
      files: filesOf.get(r.key) ?? 0,
      rate: num(r.recent) / RATE_WINDOW,
      lastPath: (l?.path as string) ?? '',
      firstTs: num(r.firstTs),
      lastTs: num(r.lastTs),
    };
  });
  return answer;
}

/** errno -> count, from two parallel lists. */
function failures(errnos: unknown[] | null, counts: unknown[] | null): Record<string, number> {
  const out: Record<string, number> = {};
  (errnos ?? []).forEach((e, i) => (out[String(num(e))] = num(counts![i])));
  return out;
}

/** One PID in full: totals, its most opened files, per-second opens from
 *  `since`; undefined when the store has no open of it. */
export async function queryProcess(
  conn: DuckDBConnection,
  pid: number,
  since: number,
  to: number,
): Promise<ProcessDetail | undefined> {
  const [totals] = await rows(
    conn,
    `SELECT arg_max(comm, seq) AS comm, arg_max(uid, seq) AS uid, arg_max(${text('user_name')}, seq) AS user,
       arg_max(${text('exe')}, seq) AS exe, arg_max(${text('cgroup')}, seq) AS cgroup, arg_max(${text('unit')}, seq) AS unit,
       arg_max(${text('container')}, seq) AS container, count(*) AS opens,
       count(*) FILTER (WHERE errno <> 0) AS failed, min(ts) AS firstTs, max(ts) AS lastTs,
       count(DISTINCT hash(${FILE})) AS fileCount
     FROM events WHERE pid = ${pid}`,
    {},
  );
  if (!totals || num(totals.opens) === 0) return undefined;
  const [files, rate, latency, execs] = await Promise.all([
    // Per (path, errno) first, then per path: each file's failures by errno
    // come out of the same pass as its totals.
    rows(
      conn,
      `SELECT path, sum(n)::BIGINT AS opens, min(firstTs) AS firstTs, max(lastTs) AS lastTs,
         list(errno) FILTER (WHERE errno <> 0) AS errnos, list(n) FILTER (WHERE errno <> 0) AS counts,
         list_distinct(flatten(list(flags))) AS flags
       FROM (SELECT ${FILE} AS path, errno, count(*) AS n, min(ts) AS firstTs, max(ts) AS lastTs,
               list(DISTINCT flags) AS flags
             FROM events WHERE pid = ${pid} GROUP BY ALL)
       GROUP BY path ORDER BY opens DESC, path LIMIT ${PROCESS_FILES}`,
      {},
    ),
    // The process page shows a process whatever it is, the backend too.
    queryRate(conn, { pid, own: true }, Math.max(since, to - PROCESS_RATE_SECONDS + 1), to, 1),
    latencyWhere(conn, `pid = ${pid}`, {}),
    rows(conn, `SELECT ts, ppid, args, truncated FROM execs WHERE pid = ${pid} ORDER BY ts DESC LIMIT 1`, {}),
  ]);
  const exec = execs[0];
  return {
    pid,
    comm: totals.comm as string,
    uid: num(totals.uid),
    user: totals.user as string,
    exe: totals.exe as string,
    cgroup: totals.cgroup as string,
    unit: totals.unit as string,
    container: totals.container as string,
    exec: exec
      ? { ts: num(exec.ts), ppid: num(exec.ppid), args: parseArgs(exec.args), truncated: exec.truncated as boolean }
      : null,
    opens: num(totals.opens),
    failed: num(totals.failed),
    firstTs: num(totals.firstTs),
    lastTs: num(totals.lastTs),
    fileCount: num(totals.fileCount),
    files: files.map((r) => ({
      path: r.path as string,
      opens: num(r.opens),
      failures: failures(r.errnos as unknown[] | null, r.counts as unknown[] | null),
      firstTs: num(r.firstTs),
      lastTs: num(r.lastTs),
      flags: (r.flags as unknown[]).slice(0, FLAG_SETS).map(num),
    })),
    rate: rate.rate,
    latency,
  };
}

/** The execs table's JSON list of arguments. */
function parseArgs(json: unknown): string[] {
  try {
    const v: unknown = JSON.parse(json as string);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}
