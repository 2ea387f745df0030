/**
 * The Trace pipe page's pure parts: the lines the browser holds, and a
 * trace_pipe line made fit to show.
 */
import type { ForeignLine } from '../../protocol/views';
import type { Segment } from './visible';
import { visibleSegments } from './visible';

/** Lines the page holds; older ones go. */
export const MAX_HELD_LINES = 5000;

export interface HeldLines {
  lines: readonly ForeignLine[];
  /** Lines let go from the front so far (to keep a scrolled reader still). */
  trimmed: number;
}

export const NO_LINES: HeldLines = { lines: [], trimmed: 0 };

/** The held lines with an answer's lines after them (any the page holds
 *  already are skipped), keeping the newest `max`. */
export function appendLines(held: HeldLines, more: readonly ForeignLine[], max = MAX_HELD_LINES): HeldLines {
  const last = held.lines.at(-1)?.seq ?? 0;
  const fresh = more.filter((l) => l.seq > last);
  if (fresh.length === 0) return held;
  const all = held.lines.length === 0 ? fresh : [...held.lines, ...fresh];
  const over = Math.max(0, all.length - max);
  return { lines: over > 0 ? all.slice(over) : all, trimmed: held.trimmed + over };
}

/**
 * The length of the well-formed UTF-8 sequence at bytes[i] (a line holds
 * one byte per char), or 0 when there is none: no overlong forms, no
 * surrogates, nothing past U+10FFFF.
 */
function utf8Length(line: string, i: number): number {
  const b0 = line.charCodeAt(i);
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = line.charCodeAt(i + k);
    return b >= lo && b <= hi;
  };
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const ok1 = b0 === 0xe0 ? cont(1, 0xa0) : b0 === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok1 && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const ok1 = b0 === 0xf0 ? cont(1, 0x90) : b0 === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok1 && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The code point of the n-byte sequence at i (utf8Length said it is one). */
function codePoint(line: string, i: number, n: number): number {
  const lead = line.charCodeAt(i) & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  let cp = lead;
  for (let k = 1; k < n; k++) cp = (cp << 6) | (line.charCodeAt(i + k) & 0x3f);
  return cp;
}

const hex2 = (c: number) => `\\x${c.toString(16).padStart(2, '0')}`;

/**
 * A trace_pipe line (latin1: one char per byte, any byte) as runs to show:
 * well-formed UTF-8 as its characters, every other byte past ASCII as
 * `\xNN`, and controls, invisible and bidi characters as the stand-ins of
 * visible.ts (`\n`, `\x1b`, `\u202e`; a real backslash as `\\`). Nothing
 * raw that could act on the page or the terminal it is pasted into.
 */
export function lineSegments(line: string): Segment[] {
  const out: Segment[] = [];
  const push = (s: Segment) => {
    const prev = out.at(-1);
    if (prev && prev.control === s.control) {
      prev.text += s.text;
      prev.raw += s.raw;
    } else out.push({ ...s });
  };
  let text = '';
  const flush = () => {
    if (text) for (const s of visibleSegments(text)) push(s);
    text = '';
  };
  for (let i = 0; i < line.length; ) {
    const n = utf8Length(line, i);
    if (n === 0) {
      flush();
      const c = line.charCodeAt(i);
      push({ text: hex2(c), control: true, raw: line[i]! });
      i++;
    } else {
      text += n === 1 ? line[i]! : String.fromCodePoint(codePoint(line, i, n));
      i += n;
    }
  }
  flush();
  return out;
}
