/**
 * Text filters (comm, path) in SQL: the language of textMatcher
 * (protocol/filter.ts) as DuckDB's contains() or regexp_full_match(), so a
 * query selects exactly the events the in-memory filter passes.
 *
 * The glob is read by filter.ts's parseGlob, as textMatcher reads it;
 * glob-sql.test.ts runs random globs through both textMatcher and a real
 * DuckDB.
 *
 * Known gap: JS globs match UTF-16 code units and RE2 matches code points,
 * so ? and classes can differ on text outside the BMP (literals agree).
 */
import { ANY, parseGlob, STAR, type GlobClass } from '../../protocol/filter';
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

/** A class as RE2's. */
function re2Class({ negated, ranges }: GlobClass): string {
  let members = '';
  for (let k = 0; k < ranges.length; k += 2) {
    const lo = ranges[k]!;
    const hi = ranges[k + 1]!;
    members += lo === hi ? re2Char(lo) : `${re2Char(lo)}-${re2Char(hi)}`;
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
  const parts = isGlob(pattern) ? parseGlob(pattern) : undefined;
  if (!parts) return substring;
  // (?s): DuckDB's RE2 does not let . match a newline by default.
  let re = '(?s)';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === STAR) re += '.*';
    else if (part === ANY) re += '.';
    else if (typeof part === 'object') re += re2Class(part);
    else {
      // A surrogate pair is two literal code units in JS, one code point here.
      const next = parts[i + 1];
      const pair = part >= 0xd800 && part <= 0xdbff && typeof next === 'number' && next >= 0xdc00 && next <= 0xdfff;
      re += re2Char(pair ? 0x10000 + ((part - 0xd800) << 10) + (next - 0xdc00) : part);
      if (pair) i++;
    }
  }
  return { kind: 'regex', pattern: re };
}
