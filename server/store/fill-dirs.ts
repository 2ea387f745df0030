/**
 * Schema 10 keeps each text's directory with the text (schema.ts,
 * strings.dir_id). A store from before gets them here, once, when it
 * opens, in SQL (DuckDB spills what does not fit its memory): the
 * directories no text has yet are added as texts of their own, a level of
 * the tree at a time, then every text is given its directory's id.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DIR_OF_SQL } from './strings';

export async function fillDirs(conn: DuckDBConnection): Promise<void> {
  // Each new directory's own directory may be missing too: a level each
  // round, from the texts the round before added, up to '/' or '.', which
  // are their own.
  for (let after = 0; ; ) {
    const last = await conn.runAndReadAll('SELECT coalesce(max(id), 0)::DOUBLE FROM strings');
    const top = last.getRowsJS()[0]![0] as number;
    const added = await conn.run(
      `INSERT INTO strings (id, text)
       SELECT ${top} + row_number() OVER (ORDER BY dir), dir
       FROM (SELECT DISTINCT ${DIR_OF_SQL('text')} AS dir FROM strings WHERE id > ${after}) d
       WHERE NOT EXISTS (SELECT 1 FROM strings s WHERE s.text = d.dir)`,
    );
    if (added.rowsChanged === 0) break;
    after = top;
  }
  // A text with two ids (strings.ts) points at the first.
  await conn.run(
    `UPDATE strings SET dir_id = d.id
     FROM (SELECT text, min(id) AS id FROM strings GROUP BY text) d
     WHERE strings.id <> 0 AND d.text = ${DIR_OF_SQL('strings.text')}`,
  );
  // Updated values wait in memory until a checkpoint writes them: a
  // million of them left the store too little to open with.
  await conn.run('CHECKPOINT');
}
