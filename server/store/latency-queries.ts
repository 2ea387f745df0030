/** How long opens took, for any filter: quantiles and a log2 histogram. */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Latency } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import { num, numOrNull, rows } from './rows';
import { whereFor, type Window } from './sql-filter';

export async function queryLatency(conn: DuckDBConnection, f: EventFilter, w: Window): Promise<Latency> {
  const where = await whereFor(conn, f, w);
  return latencyWhere(conn, where.sql, where.params);
}

/** The same for a WHERE clause of events already written. */
export async function latencyWhere(
  conn: DuckDBConnection,
  sql: string,
  params: Record<string, DuckDBValue>,
): Promise<Latency> {
  const [q, hist] = await Promise.all([
    rows(
      conn,
      // One aggregate for both quantiles: the values are sorted once.
      `SELECT count(*) AS n, quantile_cont(duration_ns, [0.5, 0.99]) AS q, max(duration_ns) AS maxNs
       FROM events WHERE ${sql} AND duration_ns > 0`,
      params,
    ),
    rows(
      conn,
      `SELECT floor(log2(duration_ns))::INTEGER AS log2, count(*) AS n
       FROM events WHERE ${sql} AND duration_ns > 0 GROUP BY 1 ORDER BY 1`,
      params,
    ),
  ]);
  const r = q[0]!;
  return {
    count: num(r.n),
    p50Ns: numOrNull((r.q as unknown[] | null)?.[0]),
    p99Ns: numOrNull((r.q as unknown[] | null)?.[1]),
    maxNs: numOrNull(r.maxNs),
    histogram: hist.map((h) => ({ log2: num(h.log2), count: num(h.n) })),
  };
}
