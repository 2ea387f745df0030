/**
 * The glob matcher: linear-time on hostile patterns, the same language as
 * before (checked against the RegExp translation it replaced), and a bound
 * on the length of a glob wherever filters are validated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterFromQuery, textMatcher } from './filter';
import { clientMessageSchema, parseMessage } from './messages';

/** The matcher this replaced, kept as the reference for the glob language:
 *  each glob became an anchored, dotall, case-sensitive, non-unicode RegExp,
 *  and a pattern that made an invalid RegExp fell back to a substring.
 *  Returns undefined for the one case whose old meaning was not a glob at
 *  all: a `[` followed at once by `]`, which spliced the rest of the class
 *  into the RegExp unescaped (see "reads []…] as a class holding ]"). */
function regexReference(pattern: string): ((s: string) => boolean) | undefined {
  if (!/[*?[]/.test(pattern)) return (s) => s.includes(pattern);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        if (pattern[i + 1] === ']') return undefined;
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^${re}$`, 's');
  } catch {
    return (s) => s.includes(pattern);
  }
  return (s) => compiled.test(s);
}

function timed(pattern: string, text: string): { result: boolean; ms: number } {
  const match = textMatcher(pattern);
  const t0 = performance.now();
  const result = match(text);
  return { result, ms: performance.now() - t0 };
}

describe('glob matching time', () => {
  // The RegExp translation took seconds to minutes on these (5 s and 178 s here).
  it('matches */*/*/*/*/*.conf against 90 slashes without backtracking', () => {
    const { result, ms } = timed('*/*/*/*/*/*.conf', '/'.repeat(90));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(200);
  });

  it('matches *a*a*a*a*a*a*a*a*b against 60 a without backtracking', () => {
    const { result, ms } = timed('*a*a*a*a*a*a*a*a*b', 'a'.repeat(60));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(200);
  });

  it('stays fast at the bounds: a 256-character glob against a 4096-character path', () => {
    // The worst case of the two-pointer match: each retry of the * walks
    // the whole literal run again (about 4096 × 255 steps, a few ms).
    const pattern = `*${'a'.repeat(254)}b`;
    expect(pattern.length).toBe(256);
    const { result, ms } = timed(pattern, 'a'.repeat(4096));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(200);
  });
});

describe('glob language', () => {
  // Characters that are special to the glob or to a RegExp, a newline, a
  // non-ASCII letter and both halves of a surrogate pair (🙂 = D83D DE42).
  const patternChar = fc.constantFrom(
    '*', '*', '?', '[', '[', ']', ']', '!', '^', '-', '\\', 'a', 'b', 'c', 'A', '.', '(', '|', '$', '/', '\n', 'é',
    '\uD83D', '\uDE42',
  );
  const textChar = fc.constantFrom('a', 'b', 'c', 'A', '[', ']', '!', '^', '-', '\\', '.', '(', '|', '$', '/', '\n', 'é', '\uD83D', '\uDE42');
  const pattern = fc.array(patternChar, { maxLength: 9 }).map((a) => a.join(''));
  const text = fc.array(textChar, { maxLength: 10 }).map((a) => a.join(''));

  it('agrees with the RegExp translation it replaced, on random patterns and texts', () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 8 }), (p, texts) => {
        const reference = regexReference(p);
        fc.pre(reference !== undefined);
        const match = textMatcher(p);
        for (const s of texts) expect(match(s), `${JSON.stringify(p)} on ${JSON.stringify(s)}`).toBe(reference!(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with it on texts built to match, so that matches are tested as often as misses', () => {
    // A text made by filling each * and ? of a star/question/literal pattern.
    const piece = fc.oneof(
      fc.record({ p: fc.constant('*'), s: text }),
      fc.record({ p: fc.constant('?'), s: textChar }),
      fc.record({ p: fc.constantFrom('[ab]', '[!a]', '[a-c]', '[^b]'), s: fc.constantFrom('a', 'b', 'c') }),
      textChar.filter((c) => !'*?['.includes(c)).map((c) => ({ p: c, s: c })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const p = pieces.map((x) => x.p).join('');
        const s = pieces.map((x) => x.s).join('');
        const reference = regexReference(p);
        fc.pre(reference !== undefined);
        expect(textMatcher(p)(s), `${JSON.stringify(p)} on ${JSON.stringify(s)}`).toBe(reference!(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the language: anchored, case-sensitive, code units, no escapes, substring without * ? [', () => {
    const m = (p: string, s: string) => textMatcher(p)(s);
    expect(m('etc', '/etc/passwd')).toBe(true); // substring
    expect(m('etc*', '/etc/passwd')).toBe(false); // a glob is anchored at both ends
    expect(m('*etc*', '/etc/passwd')).toBe(true);
    expect(m('*ETC*', '/etc/passwd')).toBe(false); // case-sensitive
    expect(m('a?c', 'a\nc')).toBe(true); // ? and * cross newlines
    expect(m('a*c', 'a\n\nc')).toBe(true);
    expect(m('?', '🙂')).toBe(false); // ? is one UTF-16 code unit
    expect(m('??', '🙂')).toBe(true);
    expect(m('a\\*', 'a\\bc')).toBe(true); // backslash is an ordinary character
    expect(m('[a-c]x', 'bx')).toBe(true);
    expect(m('[!a-c]x', 'bx')).toBe(false);
    expect(m('[^a-c]x', 'dx')).toBe(true); // ^ negates like !
    expect(m('[!]x', 'qx')).toBe(true); // an empty negated class is any character
    expect(m('[a-]', '-')).toBe(true);
    expect(m('a[b', 'a[b')).toBe(true); // [ without ] is itself
    expect(m('[z-a]*', 'z')).toBe(false); // a reversed range: the whole pattern as a substring
    expect(m('x[z-a]*', 'yx[z-a]*y')).toBe(true);
    expect(m('*.conf', '/etc/a.conf')).toBe(true);
    expect(m('*', '')).toBe(true);
  });

  it('reads []…] as a class holding ], as fnmatch does', () => {
    // Before, the rest of such a class reached the RegExp unescaped: []|x]
    // matched any text ending in "x]".
    expect(textMatcher('[]x]')(']')).toBe(true);
    expect(textMatcher('[]x]')('x')).toBe(true);
    expect(textMatcher('[]x]')('y')).toBe(false);
    expect(textMatcher('[]|x]')('ax]')).toBe(false);
    expect(textMatcher('*[]]')('a]')).toBe(true);
  });
});

describe('glob length bound', () => {
  const longGlob = `/etc/*${'x'.repeat(251)}`; // 257 characters

  it('refuses a path glob longer than 256 characters, saying why', () => {
    expect(longGlob.length).toBe(257);
    const r = filterFromQuery({ path: longGlob });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/glob of at most 256 characters/);
      expect(r.error).toMatch(/path/);
    }
  });

  it('refuses it in a WebSocket filter message too', () => {
    const r = parseMessage(clientMessageSchema, JSON.stringify({ type: 'filter', filter: { path: longGlob } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/glob of at most 256 characters/);
  });

  it('accepts a glob of exactly 256 characters, and longer substrings as before', () => {
    expect(filterFromQuery({ path: longGlob.slice(1) }).ok).toBe(true);
    expect(filterFromQuery({ path: `/${'x'.repeat(4000)}` }).ok).toBe(true);
    expect(filterFromQuery({ comm: `*${'x'.repeat(255)}` }).ok).toBe(true);
  });
});
