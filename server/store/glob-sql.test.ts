/**
 * sqlTextMatch against textMatcher: the translation of the tricky corners of
 * the glob grammar, and random globs and texts run through a real DuckDB
 * (RE2) and through textMatcher, which must agree on every pair.
 */
import { DuckDBInstance, INTEGER, LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMatcher } from '../../protocol/filter';
import { sqlTextMatch } from './glob-sql';

let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

/** What DuckDB says for each (pattern, text) pair, in one query. */
async function duckMatches(pairs: readonly { p: string; s: string }[]): Promise<boolean[]> {
  const ms = pairs.map(({ p }) => sqlTextMatch(p));
  const reader = await db.runAndReadAll(
    `SELECT i, regexp_full_match(s, re), contains(s, t)
       FROM (SELECT unnest($i) AS i, unnest($s) AS s, unnest($re) AS re, unnest($t) AS t)
      ORDER BY i`,
    {
      i: listValue(pairs.map((_, k) => k)),
      s: listValue(pairs.map(({ s }) => s)),
      // '' is a valid regex and substring; the other column is unused.
      re: listValue(ms.map((m) => (m.kind === 'regex' ? m.pattern : ''))),
      t: listValue(ms.map((m) => (m.kind === 'substring' ? m.text : ''))),
    },
    { i: LIST(INTEGER), s: LIST(VARCHAR), re: LIST(VARCHAR), t: LIST(VARCHAR) },
  );
  const rows = reader.getRowsJS();
  expect(rows.length).toBe(pairs.length);
  return rows.map(([, regex, contains], k) => Boolean(ms[k]!.kind === 'regex' ? regex : contains));
}

describe('sqlTextMatch translation', () => {
  const cases: [string, ReturnType<typeof sqlTextMatch>][] = [
    // No * ? [: a substring, whatever else it holds.
    ['abc', { kind: 'substring', text: 'abc' }],
    ['', { kind: 'substring', text: '' }],
    ['a.b(c)|d+{2}$]', { kind: 'substring', text: 'a.b(c)|d+{2}$]' }],
    // A reversed range anywhere makes the whole pattern a substring.
    ['[b-a]x*', { kind: 'substring', text: '[b-a]x*' }],
    ['x*[a-c][z-a]', { kind: 'substring', text: 'x*[a-c][z-a]' }],
    // Runs of * are one; ? is one character; (?s) lets both cross newlines.
    ['*', { kind: 'regex', pattern: '(?s).*' }],
    ['a**?b', { kind: 'regex', pattern: '(?s)a.*.b' }],
    // A [ with no later ] is itself, and still anchored (not a substring).
    ['[', { kind: 'regex', pattern: '(?s)\\[' }],
    ['a[b', { kind: 'regex', pattern: '(?s)a\\[b' }],
    ['[]', { kind: 'regex', pattern: '(?s)\\[\\]' }],
    // A ] right after [ is a member.
    ['[]]', { kind: 'regex', pattern: '(?s)[\\]]' }],
    ['[]a]*', { kind: 'regex', pattern: '(?s)[\\]a].*' }],
    // But after [! or [^ it closes the class (as filter.ts reads it: the
    // search for ] starts two past the [): the empty set negated, any one.
    ['[!]', { kind: 'regex', pattern: '(?s).' }],
    ['[!]a]', { kind: 'regex', pattern: '(?s).a\\]' }],
    ['[^]]', { kind: 'regex', pattern: '(?s).\\]' }],
    // Negation, ranges, and - at either end as a member.
    ['[!a-z]', { kind: 'regex', pattern: '(?s)[^a-z]' }],
    ['[^a]', { kind: 'regex', pattern: '(?s)[^a]' }],
    ['[a!^]', { kind: 'regex', pattern: '(?s)[a\\!\\^]' }],
    ['[a-]', { kind: 'regex', pattern: '(?s)[a\\-]' }],
    ['[-a]', { kind: 'regex', pattern: '(?s)[\\-a]' }],
    ['[a-c-e]', { kind: 'regex', pattern: '(?s)[a-c\\-e]' }],
    ['[!-]', { kind: 'regex', pattern: '(?s)[^\\-]' }],
    // Backslash is an ordinary character, never an escape.
    ['a\\*', { kind: 'regex', pattern: '(?s)a\\\\.*' }],
    ['[\\]', { kind: 'regex', pattern: '(?s)[\\\\]' }],
    ['\\[a]', { kind: 'regex', pattern: '(?s)\\\\[a]' }],
    // RE2 syntax and POSIX classes are escaped into literals.
    ['.(|)+{1}$^?', { kind: 'regex', pattern: '(?s)\\.\\(\\|\\)\\+\\{1\\}\\$\\^.' }],
    ['[[:alpha:]]', { kind: 'regex', pattern: '(?s)[\\[\\:alpha\\:]\\]' }],
    // Controls and non-ASCII as \x{…}; a surrogate pair as one code point.
    ['\n*\t', { kind: 'regex', pattern: '(?s)\\x{A}.*\\x{9}' }],
    ['é?[é-中]', { kind: 'regex', pattern: '(?s)\\x{E9}.[\\x{E9}-\\x{4E2D}]' }],
    ['*🙂', { kind: 'regex', pattern: '(?s).*\\x{1F642}' }],
  ];
  it.each(cases)('%j', (pattern, expected) => {
    expect(sqlTextMatch(pattern)).toEqual(expected);
  });

  const pairs: [string, string, boolean][] = [
    ['[', '[', true],
    ['[', 'a[', false],
    ['[b-a]x*', 'a[b-a]x*b', true],
    ['[b-a]x*', 'ax', false],
    ['[]]', ']', true],
    ['[!]a]', 'xa]', true],
    ['[!]a]', ']a]', true],
    ['[!]', '\n', true],
    ['[!a]', '\n', true],
    ['[^a]', 'a', false],
    ['a*b', 'a\n\nb', true],
    ['a?b', 'a\nb', true],
    ['a?b', 'ab', false],
    ['ABC*', 'abc', false],
    ['a\\*', 'a\\x', true],
    ['a\\*', 'ax', false],
    ['[a-]', '-', true],
    ['[a-c-e]', 'd', false],
    ['[é-中]', 'ü', true],
    ['.*', 'x', false],
    ['.*', '.', true],
    ['*🙂', 'hi 🙂', true],
    ['*.conf', '/etc/a.conf', true],
    ['*.conf', '/etc/a.conf.bak', false],
  ];
  it('agrees with textMatcher on the tricky corners, in DuckDB', async () => {
    const got = await duckMatches(pairs.map(([p, s]) => ({ p, s })));
    pairs.forEach(([p, s, expected], k) => {
      expect(textMatcher(p)(s), `textMatcher(${JSON.stringify(p)})(${JSON.stringify(s)})`).toBe(expected);
      expect(got[k], `DuckDB ${JSON.stringify(p)} on ${JSON.stringify(s)}`).toBe(expected);
    });
  });
});

describe('sqlTextMatch in DuckDB against textMatcher', () => {
  const patternChar = fc.constantFrom(
    '*', '*', '?', '[', '[', ']', ']', '!', '^', '-', '\\', 'a', 'b', '.', '(', ')', '|', '+', '{', '}', '$', '\n', 'é', '中',
  );
  // Any BMP character but a surrogate (DuckDB holds UTF-8; see glob-sql.ts).
  const bmpChar = fc
    .integer({ min: 0, max: 0xffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCharCode(c));
  const textChar = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('a', 'b', '[', ']', '!', '^', '-', '\\', '.', '(', '\n', 'é', '中', 'ü') },
    { weight: 1, arbitrary: bmpChar },
  );
  const text = fc.array(textChar, { maxLength: 8 }).map((a) => a.join(''));
  // Globs are built from pieces, each with a text that it likely matches:
  // single pattern characters (so [ and ] also pair up in odd ways), and
  // whole bracket expressions.
  const rangeEnd = fc.constantFrom('a', 'b', 'c', 'd', '!', '-', ']', 'é', '中');
  const classItem = fc.oneof(
    fc.constantFrom('a', 'b', 'c', '-', '-', '!', '^', ']', '[', '\\', 'é', '中', '\n'),
    // Mostly in order (a reversed range makes a substring: rarer is better).
    fc.tuple(rangeEnd, rangeEnd).map(([x, y]) => (x <= y ? `${x}-${y}` : `${y}-${x}`)),
  );
  const oneChar = fc.constantFrom('a', 'b', 'c', 'd', '-', '!', '^', ']', '\\', 'é', 'ü', '中', '\n');
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(patternChar, text, oneChar).map(([c, t, one]) => ({ p: c, s: c === '*' ? t : c === '?' ? one : c })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('', '!', '^'), fc.array(classItem, { minLength: 1, maxLength: 3 }), oneChar)
        .map(([neg, body, one]) => ({ p: `[${neg}${body.join('')}]`, s: one })),
    },
  );
  const pair = fc
    .tuple(fc.array(piece, { maxLength: 7 }), text, fc.boolean())
    .map(([pieces, t, fill]) => ({ p: pieces.map((x) => x.p).join(''), s: fill ? pieces.map((x) => x.s).join('') : t }));

  it('gives the same answer for 500 random (glob, text) pairs', async () => {
    const seen = { regexTrue: 0, regexFalse: 0, substring: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { minLength: 50, maxLength: 50 }), async (pairs) => {
        const got = await duckMatches(pairs);
        pairs.forEach(({ p, s }, k) => {
          const want = textMatcher(p)(s);
          expect(got[k], `${JSON.stringify(p)} on ${JSON.stringify(s)} as ${JSON.stringify(sqlTextMatch(p))}`).toBe(want);
          if (sqlTextMatch(p).kind === 'substring') seen.substring++;
          else if (want) seen.regexTrue++;
          else seen.regexFalse++;
        });
      }),
      { numRuns: 10 },
    );
    // Not vacuous: globs that match, globs that don't, and substrings.
    expect(seen.regexTrue).toBeGreaterThan(25);
    expect(seen.regexFalse).toBeGreaterThan(25);
    expect(seen.substring).toBeGreaterThan(10);
  });
});
