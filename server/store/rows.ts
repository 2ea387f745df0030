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

/** The texts of ids (schema.ts's strings), for rows read by id. */
export async function textsOf(conn: DuckDBConnection, ids: Iterable<unknown>): Promise<Map<number, string>> {
  const wanted = [...new Set([...ids].map(num))].filter((id) => id !== 0);
  const out = new Map<number, string>([[0, '']]);
  if (wanted.length === 0) return out;
  // Checked integers, inline: DuckDB joins a literal list fastest.
  const found = await rows(conn, `SELECT id, text FROM strings WHERE id IN (${wanted.join(',')})`, {});
  for (const r of found) out.set(num(r.id), r.text as string);
  return out;
}
