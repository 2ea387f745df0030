/**
 * The views, as queries over the events table: every answer is computed
 * from the stored events for the filter and window asked for, so the same
 * filter gives the same numbers in every view.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ProcessDetail, RatePoint, StoredEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import type { EventsPage, RateAnswer } from '../../protocol/views';
import { latencyWhere } from './latency-queries';
import { num, rows, textsOf, type Row } from './rows';
import { EVENT_COLUMNS, syscallName, TEXT_COLUMNS } from './schema';
import { sourceRows } from './processes-query';
import { sqlDouble, whereFor, type Window } from './sql-filter';

// A process page counts its distinct files by their texts: a file given a
// second id (past the writer's dictionary's bound, strings.ts) is one.
/** Files listed on a process page (the count covers all of them). */
export const PROCESS_FILES = 2000;
/** Seconds of per-second opens on a process page at most (the longest chart window). */
export const PROCESS_RATE_SECONDS = 3600;
/** Processes listed under one PID on its page, the latest first. */
export const PID_PROCESSES = 100;
/** Distinct flag sets listed per file. */
const FLAG_SETS = 8;


/** Rows of EVENT_COLUMNS as events, their texts read by id. */
export async function toEvents(conn: DuckDBConnection, found: Row[]): Promise<StoredEvent[]> {
  const ids = found.flatMap((r) => Object.values(TEXT_COLUMNS).map((c) => r[c]));
  const texts = await textsOf(conn, ids);
  return found.map((r) => {
    const t = (c: keyof typeof TEXT_COLUMNS) => texts.get(num(r[TEXT_COLUMNS[c]])) ?? '';
    // path_id 0: the name is the file (schema.ts).
    const sameAsFile = num(r.path_id) === 0;
    const path = sameAsFile ? t('file') : t('path');
    const e: StoredEvent = {
      seq: num(r.seq), ts: num(r.ts), cpu: num(r.cpu), pid: num(r.pid), start: num(r.start), tid: num(r.pid) + num(r.tid_minus_pid), comm: t('comm'),
      uid: num(r.uid), euid: (num(r.euid_xor_uid) ^ num(r.uid)) >>> 0, flags: num(r.flags), ret: num(r.ret), errno: num(r.errno),
      path, truncated: r.truncated as boolean, syscall: syscallName(num(r.syscall)),
      // The file differs from the name passed where an absolute path other
      // than the name is known; else the absolute path is the name, if it
      // is absolute (batch.ts).
      fullPath: !sameAsFile && num(r.file_id) !== num(r.path_id) ? t('file') : path.startsWith('/') ? path : '',
      fullTruncated: r.full_truncated as boolean, durationNs: num(r.duration_ns), cgroupId: num(r.cgroup_id),
      cgroup: t('cgroup'), unit: t('unit'), container: t('container'), exe: t('exe'), user: t('user'),
      own: r.own as boolean,
    };
    if (r.article) e.origin = 'article';
    return e;
  });
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
  const w = await whereFor(conn, f, q);
  const page = q.before === undefined ? w.sql : `${w.sql} AND seq < ${Math.floor(q.before)}`;
  // The page's seqs first, then its rows by seq: the sort then reads the
  // filter's and the order's columns only, not all of them for every match
  // (a name's page over 10M events: 170 -> 45 ms); seqs are in insertion
  // order, so the second read skips all but the row groups in their range.
  const seqs =
    q.sort === 'slowest'
      ? rows(conn, `SELECT seq FROM events WHERE ${page} ORDER BY duration_ns DESC, seq DESC LIMIT ${q.limit + 1}`, w.params)
      : newestSeqs(conn, page, w.params, q.limit + 1);
  const [found, total] = await Promise.all([
    seqs,
    rows(conn, `SELECT count(*) AS n FROM events WHERE ${w.sql}`, w.params),
  ]);
  const events = await eventsBySeq(conn, found.slice(0, q.limit).map((r) => num(r.seq)));
  return {
    events,
    next: found.length > q.limit && q.sort !== 'slowest' ? events[events.length - 1]!.seq : null,
    total: num(total[0]!.n),
  };
}

/** The events of these seqs, in their order. */
async function eventsBySeq(conn: DuckDBConnection, wanted: number[]): Promise<StoredEvent[]> {
  if (wanted.length === 0) return [];
  const byseq = await rows(
    conn,
    `SELECT ${EVENT_COLUMNS} FROM events WHERE seq BETWEEN ${Math.min(...wanted)} AND ${Math.max(...wanted)} AND seq IN (${wanted.join(',')})`,
    {},
  );
  const at = new Map(wanted.map((seq, i) => [seq, i]));
  return toEvents(conn, byseq.sort((a, b) => at.get(num(a.seq))! - at.get(num(b.seq))!));
}

/** Where a download of the newest `n` events of a filter, up to seq
 *  `upTo`, begins: the seq before the oldest of them (-1: all of them). */
export async function queryDownloadStart(conn: DuckDBConnection, f: EventFilter, w: Window, upTo: number, n: number): Promise<number> {
  const where = await whereFor(conn, f, w);
  const [r] = await rows(
    conn,
    `SELECT min(seq)::DOUBLE - 1 AS s, count(*) AS n FROM
       (SELECT seq FROM events WHERE ${where.sql} AND seq <= ${Math.floor(upTo)} ORDER BY seq DESC LIMIT ${Math.floor(n)})`,
    where.params,
  );
  return num(r!.n) < n ? -1 : num(r!.s);
}

/** A download's next page: the filter's events past seq `after` up to
 *  `upTo`, oldest first. Neither counted nor sorted whole, as a page of
 *  /api/events is: a download reads many pages. */
export async function queryDownloadPage(
  conn: DuckDBConnection,
  f: EventFilter,
  w: Window,
  after: number,
  upTo: number,
  limit: number,
): Promise<StoredEvent[]> {
  const where = await whereFor(conn, f, w);
  const found = await rows(
    conn,
    `SELECT seq FROM events WHERE ${where.sql} AND seq > ${Math.floor(after)} AND seq <= ${Math.floor(upTo)} ORDER BY seq LIMIT ${Math.floor(limit)}`,
    where.params,
  );
  return eventsBySeq(conn, found.map((r) => num(r.seq)));
}

/** Seqs read in the first range of newestSeqs. */
const FIRST_SPAN = 65_536;

/** The newest n seqs `where` picks, newest first: a range of seqs at a
 *  time from the newest back, each four times the one before, so the
 *  page of a filter that matches often reads the newest row groups only
 *  (a path glob's over 10M events: 126 -> 15 ms, where one sort read every
 *  match), and one that matches seldom reads each row group about once. */
async function newestSeqs(
  conn: DuckDBConnection,
  where: string,
  params: Record<string, DuckDBValue>,
  n: number,
): Promise<Row[]> {
  const [bounds] = await rows(conn, 'SELECT min(seq)::DOUBLE AS lo, max(seq)::DOUBLE AS hi FROM events', {});
  const first = bounds!.lo as number | null;
  if (first === null) return [];
  const out: Row[] = [];
  let hi = (bounds!.hi as number) + 1;
  for (let span = FIRST_SPAN; hi > first && out.length < n; span *= 4) {
    const lo = Math.max(first, hi - span);
    out.push(
      ...(await rows(
        conn,
        `SELECT seq FROM events WHERE ${where} AND seq >= ${lo} AND seq < ${hi} ORDER BY seq DESC LIMIT ${n - out.length}`,
        params,
      )),
    );
    hi = lo;
  }
  return out;
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
  const w = await whereFor(conn, f, { from: first, to });
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

/** errno -> count, from two parallel lists (an errno may come twice: a
 *  file's text under two ids). */
function failures(errnos: unknown[] | null, counts: unknown[] | null): Record<string, number> {
  const out: Record<string, number> = {};
  (errnos ?? []).forEach((e, i) => (out[String(num(e))] = (out[String(num(e))] ?? 0) + num(counts![i])));
  return out;
}

/** One process in full (a PID and its start; without the start, the
 *  PID's latest process): totals, its most opened files, per-second opens
 *  from `since`, and the other processes of its PID; undefined when the
 *  store has no open of it. */
export async function queryProcess(
  conn: DuckDBConnection,
  pid: number,
  start: number | undefined,
  since: number,
  to: number,
): Promise<ProcessDetail | undefined> {
  // The PID's processes and their totals from the rollup where it has
  // them (processes-query.ts): a busy process's opens lie in every row
  // group of the events, and each query of them reads the whole table.
  // The process page shows a process whatever it is, the backend too.
  const source = await sourceRows(conn, { pid, own: true }, {}, '', Math.floor(to) + 1);
  const processes = await rows(
    conn,
    `WITH src AS (${source.sql})
     SELECT start, arg_max(comm_id, last_seq) AS comm, sum(opens) AS opens, sum(failed) AS failed,
       min(first_ts) AS firstTs, max(last_ts) AS lastTs, max(last_seq) AS lastSeq
     FROM src GROUP BY start HAVING sum(opens) > 0 ORDER BY lastTs DESC LIMIT ${PID_PROCESSES}`,
    source.params,
  );
  const chosen = start === undefined ? processes[0] : processes.find((p) => num(p.start) === start);
  if (!chosen) return undefined;
  const where = `pid = ${pid} AND start = ${sqlDouble(num(chosen.start))}`;
  // Its files and latency count the opens its totals counted, not those
  // stored since: one page, one set of figures.
  const counted = `${where} AND seq <= ${num(chosen.lastSeq)}`;
  // Who it was: its last open's (a view of the events it has, not the
  // rollup, which keeps no user name).
  const [last] = await rows(
    conn,
    `SELECT comm_id AS comm, uid, user_name_id AS user, exe_id AS exe, cgroup_path_id AS cgroup, unit_id AS unit,
       container_id AS container FROM events WHERE seq = ${num(chosen.lastSeq)}`,
    {},
  );
  if (!last) return undefined; // dropped by retention meanwhile
  const [texts, files, rate, latency, execs] = await Promise.all([
    textsOf(conn, [last.comm, last.user, last.exe, last.cgroup, last.unit, last.container, ...processes.map((p) => p.comm)]),
    // Per (file, errno) first, then per file's text: each file's failures
    // by errno come out of the same pass as its totals, and the count of
    // its distinct files.
    rows(
      conn,
      `SELECT coalesce(s.text, '') AS path, sum(n)::BIGINT AS opens, min(firstTs) AS firstTs, max(lastTs) AS lastTs,
         list(errno) FILTER (WHERE errno <> 0) AS errnos, list(n) FILTER (WHERE errno <> 0) AS counts,
         list_distinct(flatten(list(flags))) AS flags, count(*) OVER () AS fileCount
       FROM (SELECT file_id, errno, count(*) AS n, min(ts) AS firstTs, max(ts) AS lastTs, list(DISTINCT flags) AS flags
             FROM events WHERE ${counted} GROUP BY ALL) g
       LEFT JOIN strings s ON s.id = g.file_id
       GROUP BY 1 ORDER BY opens DESC, path LIMIT ${PROCESS_FILES}`,
      {},
    ),
    // Never before boot (t 0): within an hour of it, the chart starts there.
    queryRate(conn, { pid, start: num(chosen.start), own: true }, Math.max(since, 0, to - PROCESS_RATE_SECONDS + 1), to, 1),
    latencyWhere(conn, counted, {}),
    rows(conn, `SELECT ts, ppid, args, truncated FROM execs WHERE ${where} ORDER BY ts DESC LIMIT 1`, {}),
  ]);
  const text = (v: unknown) => texts.get(num(v)) ?? '';
  const exec = execs[0];
  return {
    pid,
    start: num(chosen.start),
    comm: text(last.comm),
    uid: num(last.uid),
    user: text(last.user),
    exe: text(last.exe),
    cgroup: text(last.cgroup),
    unit: text(last.unit),
    container: text(last.container),
    exec: exec
      ? { ts: num(exec.ts), ppid: num(exec.ppid), args: parseArgs(exec.args), truncated: exec.truncated as boolean }
      : null,
    opens: num(chosen.opens),
    failed: num(chosen.failed),
    firstTs: num(chosen.firstTs),
    lastTs: num(chosen.lastTs),
    fileCount: files.length > 0 ? num(files[0]!.fileCount) : 0,
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
    processes: processes.map((p) => ({
      start: num(p.start), comm: text(p.comm), opens: num(p.opens), firstTs: num(p.firstTs), lastTs: num(p.lastTs),
    })),
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
