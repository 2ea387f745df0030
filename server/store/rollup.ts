/**
 * Opens per minute by process and result, kept beside the events: the
 * processes view groups these rows, not every event (a busy hour of 10M
 * events is 1.4M rows here). A cache of the events table, never a second
 * truth: it holds the events up to a seq (rollup_state.rolled) and a view
 * reads the events past it, and the minutes its window cuts, from the
 * events themselves, in the same statement (one snapshot of both).
 * Whatever changes events changes it alike in the same transaction
 * (retention, a cgroup's facts) or empties it to be rolled again (a
 * reboot's clock move). Its table: schema.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MINUTE, ROLLUP_KEYS } from './schema';

const KEYS = ROLLUP_KEYS.join(', ');

/** The statement that reads the watermark inside a view's own statement. */
export const ROLLED = '(SELECT rolled FROM rollup_state)';

/** Seqs rolled up per step at most (seqs are dense but for the few rows
 *  the store refused): a store that opens with a backlog (a migration, a
 *  reboot) catches up in steps of bounded memory and time. */
const ROLL_STEP_SEQS = 250_000;

/** The rollup rows of the events `where` picks. */
const rowsOf = (where: string) =>
  `SELECT floor(ts / ${MINUTE})::BIGINT AS minute, ${KEYS}, errno <> 0 AS failed, count(*)::UINTEGER AS opens,
     min(ts) AS first_ts, max(ts) AS last_ts, max(seq) AS last_seq
   FROM events WHERE ${where} GROUP BY ALL`;
const rollupOf = (where: string) => `INSERT INTO process_minutes ${rowsOf(where)}`;

async function rolledSeq(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll('SELECT rolled::DOUBLE AS s FROM rollup_state');
  return r.getRowObjectsJS()[0]!.s as number;
}

/** Rolls up the next events committed (at most ROLL_STEP_SEQS of them),
 *  in one transaction, committed by `commit` (commit-gate.ts). Whether
 *  more are left. */
export async function rollStep(conn: DuckDBConnection, commit: (c: DuckDBConnection) => Promise<void>): Promise<boolean> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const from = await rolledSeq(conn);
    const r = await conn.runAndReadAll('SELECT max(seq)::DOUBLE AS last FROM events');
    const last = r.getRowObjectsJS()[0]!.last as number | null;
    const hi = last === null ? from : Math.min(last, from + ROLL_STEP_SEQS);
    if (hi > from) {
      // Merged with the rows its minutes have: a minute is rolled up a
      // step at a time (every few seconds), and a row per step would make
      // the rollup nearly as long as the events on a host of steady opens.
      await conn.run(`CREATE OR REPLACE TEMP TABLE rollup_step AS ${rowsOf(`seq > ${from} AND seq <= ${hi}`)}`);
      await conn.run('CREATE OR REPLACE TEMP TABLE rollup_minutes AS SELECT DISTINCT minute FROM rollup_step');
      await conn.run('INSERT INTO rollup_step SELECT * FROM process_minutes WHERE minute IN (SELECT minute FROM rollup_minutes)');
      await conn.run('DELETE FROM process_minutes WHERE minute IN (SELECT minute FROM rollup_minutes)');
      await conn.run(
        `INSERT INTO process_minutes SELECT minute, ${KEYS}, failed, sum(opens)::UINTEGER, min(first_ts), max(last_ts), max(last_seq)
         FROM rollup_step GROUP BY ALL`,
      );
      await conn.run('DROP TABLE rollup_step');
      await conn.run('DROP TABLE rollup_minutes');
      await conn.run(`UPDATE rollup_state SET rolled = ${hi}`);
      await commit(conn);
    } else {
      await conn.run('COMMIT'); // nothing changed: no view need wait
    }
    return last !== null && last > hi;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Rolls up again the minutes lo..hi (inclusive) from the events there
 *  are (after some were deleted), within the caller's transaction. */
export async function rerollMinutes(conn: DuckDBConnection, lo: number, hi: number): Promise<void> {
  await conn.run(`DELETE FROM process_minutes WHERE minute BETWEEN ${lo} AND ${hi}`);
  await conn.run(rollupOf(`seq <= ${ROLLED} AND ts >= ${lo * MINUTE} AND ts < ${(hi + 1) * MINUTE}`));
}

/** After events older than `cut` were deleted (within the caller's
 *  transaction): their minutes go, and the one the cut falls in is rolled
 *  again from what is left of it. */
export async function dropBefore(conn: DuckDBConnection, cut: number): Promise<void> {
  const m = Math.floor(cut / MINUTE);
  await conn.run(`DELETE FROM process_minutes WHERE minute < ${m}`);
  await rerollMinutes(conn, m, m);
}

/** Empties the rollup: it is rolled again from the first event. */
export async function resetRollup(conn: DuckDBConnection): Promise<void> {
  await conn.run('DELETE FROM process_minutes');
  await conn.run('UPDATE rollup_state SET rolled = -1');
}

/** The window [from, to] (to: the last whole second in) as the whole
 *  minutes the rollup answers, [lo, hi) in minutes; null where the
 *  window holds no whole minute. */
export function wholeMinutes(from: number | undefined, to: number | undefined): { lo: number; hi: number } | null {
  const lo = from === undefined || !Number.isFinite(from) ? -Infinity : Math.ceil(from / MINUTE);
  const hi = to === undefined || !Number.isFinite(to) ? Infinity : Math.floor((to + 1) / MINUTE);
  return lo < hi ? { lo, hi } : null;
}
