/**
 * Schema 10 keeps each file's directory once (schema.ts, file_dirs). A
 * store from before gets them here, once, when it opens: the files' texts
 * read a page at a time, each directory worked out as new files have it
 * (strings.ts, dirOf) and written as a text of its own. Bounded whatever
 * the store holds: a million distinct paths in a store limited to 64 MB
 * ran single-statement SQL versions out of memory (joining on the texts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { dirOf } from './strings';

/** Files read per query: a page's texts are held at once (a 300-byte
 *  path's 10k are 3 MB). */
const PAGE = 10_000;
/** Directories remembered at once; past it a directory seen again gets
 *  another id, as the store allows (strings.ts). */
const MAX_DIRS = 100_000;

export async function fillDirs(conn: DuckDBConnection): Promise<void> {
  // The files' ids once: a page is then a join on a few of them, where a
  // semi-join on every event held all of them each time.
  await conn.run('CREATE OR REPLACE TABLE file_ids AS SELECT DISTINCT file_id FROM events WHERE file_id <> 0');
  const last = await conn.runAndReadAll('SELECT coalesce(max(id), 0) AS id FROM strings');
  let nextId = Number(last.getRowsJS()[0]![0]) + 1;
  const files = await conn.createAppender('file_dirs');
  const texts = await conn.createAppender('strings');
  let dirs = new Map<string, number>();
  try {
    for (let after = -1; ; ) {
      const page = (
        await conn.runAndReadAll(
          `SELECT s.id, s.text FROM strings s
           JOIN (SELECT file_id FROM file_ids WHERE file_id > ${after} ORDER BY file_id LIMIT ${PAGE}) p ON s.id = p.file_id
           ORDER BY s.id`,
        )
      ).getRowsJS() as [number, string][];
      for (const [id, text] of page) {
        const dir = dirOf(text);
        let dirId = dirs.get(dir);
        if (dirId === undefined) {
          if (dirs.size >= MAX_DIRS) dirs = new Map();
          dirId = nextId++;
          dirs.set(dir, dirId);
          texts.appendUInteger(dirId);
          texts.appendVarchar(dir);
          texts.endRow();
        }
        files.appendUInteger(id);
        files.appendUInteger(dirId);
        files.endRow();
      }
      if (page.length === 0) break;
      after = page[page.length - 1]![0];
    }
    texts.flushSync();
    files.flushSync();
  } finally {
    texts.closeSync();
    files.closeSync();
  }
  await conn.run('DROP TABLE file_ids');
  await conn.run('CHECKPOINT');
}
