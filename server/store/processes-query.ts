/**
 * The processes view: processes by name, PID (one row per process: a PID
 * and its start), executable, unit or container, busiest first. Its
 * totals come from the per-minute rollup (rollup.ts) where the filter
 * allows, with the events past the rollup and the minutes the window
 * cuts read from the events table, in one statement; else from the events.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ProcessGroup } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import type { ProcessesAnswer } from '../../protocol/views';
import { num, numOrNull, rows, textsOf } from './rows';
import { ROLLED, wholeMinutes } from './rollup';
import { MINUTE, TEXT_COLUMNS } from './schema';
import { rollupWheresFor, type Where, type Window } from './sql-filter';

/** Seconds over which a row's rate is averaged. */
export const RATE_WINDOW = 5;

/** A process row's key grouped by PID: the PID and its start. */
const processKey = (pid: number, start: number) => `${pid}@${start}`;

/**
 * The rows every group is summed from: (name, process, key) with opens,
 * failed, recent (in the rate's last seconds), first and last time and
 * seq. From the rollup's whole minutes of the window plus the events the
 * rollup does not hold, where it can; else from the events alone.
 * `key`: more columns to keep, each after a comma (', unit_id'); opens at
 * or after `recentFrom` are counted as recent.
 */
export async function sourceRows(
  conn: DuckDBConnection,
  f: EventFilter,
  w: Window,
  key: string,
  recentFrom: number,
): Promise<{ sql: string; params: Where['params'] }> {
  const minutes = wholeMinutes(w.from, w.to);
  const { events, rollup } = await rollupWheresFor(conn, f, w);
  const cols = `comm_id, pid, start${key}`;
  const fromEvents = (cond: string) =>
    `SELECT ${cols}, 1 AS opens, (errno <> 0)::INTEGER AS failed, (ts >= ${recentFrom})::INTEGER AS recent,
       ts AS first_ts, ts AS last_ts, seq AS last_seq
     FROM events WHERE ${events.sql} AND ${cond}`;
  if (!minutes || !rollup) return { sql: fromEvents('true'), params: events.params };
  const inMinutes = [
    Number.isFinite(minutes.lo) ? `minute >= ${minutes.lo}` : '',
    Number.isFinite(minutes.hi) ? `minute < ${minutes.hi}` : '',
  ].filter(Boolean);
  const tsIn = (lo: number, hi: number) =>
    [Number.isFinite(lo) ? `ts >= ${lo}` : '', Number.isFinite(hi) ? `ts < ${hi}` : ''].filter(Boolean).join(' AND ') || 'true';
  const lo = minutes.lo * MINUTE;
  const hi = minutes.hi * MINUTE;
  const parts = [
    `SELECT ${cols}, opens, failed::INTEGER * opens AS failed, 0 AS recent, first_ts, last_ts, last_seq
     FROM process_minutes WHERE ${[rollup.sql, ...inMinutes].join(' AND ')}`,
    // past the rollup
    fromEvents(`seq > ${ROLLED}`),
    // rolled up, but in a minute the window cuts
    ...(Number.isFinite(lo) ? [fromEvents(`seq <= ${ROLLED} AND ts < ${lo}`)] : []),
    ...(Number.isFinite(hi) ? [fromEvents(`seq <= ${ROLLED} AND ts >= ${hi}`)] : []),
    // the rate's last seconds of rolled-up minutes: counted for the rate only
    `SELECT ${cols}, 0, 0, 1, NULL, NULL, NULL FROM events
     WHERE ${events.sql} AND seq <= ${ROLLED} AND ${tsIn(Math.max(recentFrom, lo), hi)}`,
  ];
  return { sql: parts.join('\nUNION ALL\n'), params: { ...rollup.params, ...events.params } };
}

/** `now`: where the rate's last seconds end. The totals of every group
 *  (aggregates over integers), then, for the rows returned, their last
 *  open. */
export async function queryProcesses(
  conn: DuckDBConnection,
  f: EventFilter,
  group: ProcessGroup,
  limit: number,
  w: Window,
  now: number,
): Promise<ProcessesAnswer> {
  const recentFrom = Math.floor(now) - RATE_WINDOW + 1;
  // The group's id column, and its text's (pid is its own key).
  const keyId = group === 'pid' ? 'pid' : TEXT_COLUMNS[group];
  const byPid = group === 'pid';
  const source = await sourceRows(conn, f, w, keyId === 'pid' || keyId === 'comm_id' ? '' : `, ${keyId}`, recentFrom);
  // Per (name, process, key) first: few (a process has a name or two);
  // then by the key's text (one text may have two ids).
  const found = await rows(
    conn,
    `WITH src AS (${source.sql}),
     pairs AS (
       SELECT comm_id, pid, start, ${keyId === 'pid' || keyId === 'comm_id' ? '' : `${keyId}, `}sum(opens) AS opens,
         sum(failed) AS failed, sum(recent) AS recent, min(first_ts) AS firstTs, max(last_ts) AS lastTs,
         max(last_seq) AS lastSeq
       FROM src GROUP BY ALL HAVING sum(opens) > 0),
     keyed AS (
       SELECT ${byPid ? 'pid' : "coalesce(s.text, '')"} AS key, pairs.*
       FROM pairs${byPid ? '' : ` LEFT JOIN strings s ON s.id = pairs.${keyId}`})
     SELECT key, sum(opens) AS opens, sum(failed) AS failed, sum(recent) AS recent,
       count(DISTINCT (pid, start)) AS pids, min(pid) AS onlyPid, min(start) AS onlyStart, min(firstTs) AS firstTs,
       max(lastTs) AS lastTs, max(lastSeq) AS lastSeq,
       count(*) OVER () AS total, min(min(firstTs)) OVER () AS windowFrom, max(max(lastTs)) OVER () AS windowTo
     FROM keyed GROUP BY key${byPid ? ', start' : ''}
     ORDER BY opens DESC, lastTs DESC, key LIMIT ${limit}`,
    source.params,
  );
  const head = found[0];
  const answer: ProcessesAnswer = {
    processes: [],
    group,
    total: head ? num(head.total) : 0,
    window: { from: head ? numOrNull(head.windowFrom) : null, to: head ? numOrNull(head.windowTo) : null },
  };
  if (!head) return answer;
  const last = await rows(
    conn,
    `SELECT seq, comm_id, file_id FROM events WHERE seq IN (${found.map((r) => num(r.lastSeq)).join(',')})`,
    {},
  );
  const texts = await textsOf(conn, last.flatMap((r) => [r.comm_id, r.file_id]));
  const lastBySeq = new Map(last.map((r) => [num(r.seq), r]));
  answer.processes = found.map((r) => {
    const l = lastBySeq.get(num(r.lastSeq));
    const pids = num(r.pids);
    return {
      key: byPid ? processKey(num(r.key), num(r.onlyStart)) : (r.key as string),
      pid: pids === 1 ? num(r.onlyPid) : null,
      start: pids === 1 ? num(r.onlyStart) : null,
      comm: group === 'comm' ? (r.key as string) : l ? (texts.get(num(l.comm_id)) ?? '') : '',
      pids,
      opens: num(r.opens),
      failed: num(r.failed),
      rate: num(r.recent) / RATE_WINDOW,
      lastPath: l ? (texts.get(num(l.file_id)) ?? '') : '',
      firstTs: num(r.firstTs),
      lastTs: num(r.lastTs),
    };
  });
  return answer;
}
