/**
 * Schema 10 keeps each file's directory once (schema.ts, file_dirs). A
 * store from before gets them here, once, when it opens, in SQL (DuckDB
 * spills what does not fit its memory): the directories no text has yet
 * are added as texts of their own, then each file of the events is given
 * its directory's id.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DIR_OF_SQL } from './strings';

export async function fillDirs(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE files_dirs AS
     SELECT s.id AS file_id, ${DIR_OF_SQL('s.text')} AS dir
     FROM (SELECT DISTINCT file_id FROM events) f JOIN strings s ON s.id = f.file_id WHERE s.id <> 0`,
  );
  const last = await conn.runAndReadAll('SELECT coalesce(max(id), 0)::DOUBLE FROM strings');
  const top = last.getRowsJS()[0]![0] as number;
  await conn.run(
    `INSERT INTO strings SELECT ${top} + row_number() OVER (ORDER BY dir), dir
     FROM (SELECT DISTINCT dir FROM files_dirs) d WHERE NOT EXISTS (SELECT 1 FROM strings s WHERE s.text = d.dir)`,
  );
  // A text with two ids (strings.ts): the first.
  await conn.run(
    `INSERT INTO file_dirs SELECT f.file_id, min(s.id) FROM files_dirs f JOIN strings s ON s.text = f.dir GROUP BY f.file_id`,
  );
  await conn.run('DROP TABLE files_dirs');
  await conn.run('CHECKPOINT');
}
