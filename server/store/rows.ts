/** Reading query answers: rows as objects, DuckDB's BIGINTs as numbers. */
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

export async function rows(
  conn: DuckDBConnection,
  sql: string,
  params: Record<string, DuckDBValue>,
  types?: Record<string, DuckDBType>,
): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql, params, types);
  return reader.getRowObjectsJS() as Row[];
}

export const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
