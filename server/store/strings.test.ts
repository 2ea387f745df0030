import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Dictionary, DIR_OF_SQL, dirOf } from './strings';

/** Texts as take() gives them, without the directories it added. */
const texts = (d: Dictionary) => d.take().map((t) => t.text);

describe('Dictionary', () => {
  it('gives each text one id, with its directory, writes each once, and "" is 0', () => {
    const d = new Dictionary(1);
    const passwd = d.id('/etc/passwd');
    expect([d.id('cat'), d.id('/etc/passwd'), d.id('')]).toEqual([5, passwd, 0]);
    // Directories first, up to '/' (its own), and '.' for a name.
    expect(d.take()).toEqual([
      { id: 1, text: '/', dir: 1 },
      { id: 2, text: '/etc', dir: 1 },
      { id: 3, text: '/etc/passwd', dir: 2 },
      { id: 4, text: '.', dir: 4 },
      { id: 5, text: 'cat', dir: 4 },
    ]);
    expect(d.take()).toEqual([]);
    expect(d.id('/etc/group')).toBe(6);
    expect(d.take()).toEqual([{ id: 6, text: '/etc/group', dir: 2 }]);
  });

  it('keeps the ids of a store it opens, and numbers on after them', () => {
    const d = new Dictionary(8);
    d.load([[3, 'a'], [7, 'b'], [5, '.']]);
    expect([d.id('b'), d.id('a'), d.id('c')]).toEqual([7, 3, 8]);
    expect(d.take()).toEqual([{ id: 8, text: 'c', dir: 5 }]);
  });

  it('lets the oldest texts go past its bound: a flood of paths cannot grow it', () => {
    const d = new Dictionary(1, 10);
    for (const t of ['aaaa', 'bbbb', 'cccc']) d.id(t);
    // 'aaaa' went to make room ('.' is in use): seen again, it is written again.
    expect(d.id('cccc')).toBe(4);
    expect(d.id('aaaa')).toBe(5);
    expect(texts(d)).toEqual(['.', 'aaaa', 'bbbb', 'cccc', 'aaaa']);
  });

  it('keeps a text in use through a flood of new ones: one id, however long the flood', () => {
    const d = new Dictionary(1, 30);
    const dir = d.id('/m/dir');
    for (let i = 0; i < 1000; i++) {
      expect(d.id('/m/dir')).toBe(dir);
      d.id(`/m/dir/${i}`);
    }
    // The flood's own texts went, oldest first.
    expect(d.id('/m/dir/0')).not.toBe(4);
  });

  it('forgets texts the table deleted', () => {
    const d = new Dictionary(1);
    d.id('x');
    d.id('y');
    d.forget([2]);
    expect([d.id('x'), d.id('y')]).toEqual([4, 3]);
    d.forget();
    expect(d.id('y')).toBe(6);
  });
});

describe('dirOf', () => {
  const cases = ['/etc/passwd', '/x', 'rel/x', 'x', '', '/a/b/', 'a//b', '/', '.', '/new\nline/f', '/a\nb'];
  const dirs = ['/etc', '/', 'rel', '.', '.', '/a/b', 'a/', '/', '.', '/new\nline', '/'];

  it("gives a text's directory as the Files page groups it", () => {
    expect(cases.map(dirOf)).toEqual(dirs);
  });

  it('is the same in SQL (a store from before schema 10 gets its directories from it)', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const r = await conn.runAndReadAll(
      `SELECT ${DIR_OF_SQL('t')} FROM (SELECT unnest($cases) AS t, generate_subscripts($cases, 1) AS i) ORDER BY i`,
      { cases: listValue(cases) },
      { cases: LIST(VARCHAR) },
    );
    expect(r.getRowsJS().map((row) => row[0])).toEqual(dirs);
    conn.closeSync();
    db.closeSync();
  });
});
