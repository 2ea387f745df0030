/**
 * Text filters (comm, path) in SQL: the language of textMatcher
 * (protocol/filter.ts) as DuckDB's contains() or regexp_full_match(), so a
 * query selects exactly the events the in-memory filter passes.
 *
 * The glob parsing below copies filter.ts's (compileGlob, charClass) rather
 * than sharing it: that code compiles to matcher tokens, this to RE2 text,
 * and the two are kept in step by glob-sql.test.ts, which runs random globs
 * through both textMatcher and a real DuckDB.
 *
 * Known gap: JS globs match UTF-16 code units and RE2 matches code points,
 * so ? and classes can differ on text outside the BMP (literals agree).
 */
import { isGlob } from '../../protocol/messages';

/** How a text filter matches in SQL: a substring (for contains()), or an RE2 pattern for regexp_full_match(). */
export type SqlTextMatch = { kind: 'substring'; text: string } | { kind: 'regex'; pattern: string };

/** One character as an RE2 literal, in or out of a class: ASCII letters and
 *  digits as themselves, other printable ASCII backslash-escaped (always a
 *  literal in RE2), anything else as \x{…}. */
function re2Char(code: number): string {
  const c = String.fromCodePoint(code);
  if (/[A-Za-z0-9]/.test(c)) return c;
  if (code >= 0x20 && code < 0x7f) return `\\${c}`;
  return `\\x{${code.toString(16).toUpperCase()}}`;
}

/** A bracket body (between [ and ]) as an RE2 class, or undefined when a
 *  range is reversed (the whole pattern is then a substring). */
function re2Class(body: string): string | undefined {
  const negated = body[0] === '!' || body[0] === '^';
  let members = '';
  for (let j = negated ? 1 : 0; j < body.length; ) {
    const lo = body.charCodeAt(j);
    if (body[j + 1] === '-' && j + 2 < body.length) {
      const hi = body.charCodeAt(j + 2);
      if (lo > hi) return undefined;
      members += `${re2Char(lo)}-${re2Char(hi)}`;
      j += 3;
    } else {
      members += re2Char(lo);
      j += 1;
    }
  }
  // [!] and [^] negate the empty set: any one character. RE2 has no [^].
  if (!members) return '.';
  // RE2's [^…] matches a newline too (it always parses with ClassNL).
  return `[${negated ? '^' : ''}${members}]`;
}

/** The SQL form of textMatcher(pattern): a substring exactly when textMatcher
 *  matches one, else an RE2 pattern for regexp_full_match (which anchors
 *  both ends; it is not meant for regexp_matches). */
export function sqlTextMatch(pattern: string): SqlTextMatch {
  const substring: SqlTextMatch = { kind: 'substring', text: pattern };
  if (!isGlob(pattern)) return substring;
  // (?s): DuckDB's RE2 does not let . match a newline by default.
  let re = '(?s)';
  let star = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const end = c === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (c === '*') {
      if (!star) re += '.*';
      star = true;
      continue;
    }
    star = false;
    if (c === '?') re += '.';
    else if (end >= 0) {
      const cls = re2Class(pattern.slice(i + 1, end));
      if (cls === undefined) return substring;
      re += cls;
      i = end;
    } else {
      // A surrogate pair is two literal code units in JS, one code point here.
      const code = pattern.codePointAt(i)!;
      re += re2Char(code);
      if (code > 0xffff) i++;
    }
  }
  return { kind: 'regex', pattern: re };
}
