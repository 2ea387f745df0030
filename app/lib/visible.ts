/**
 * Process names and paths come from hostile local users and may hold any
 * character. These helpers make invisible or layout-changing characters
 * visible instead of letting them act.
 */

/** A run of text; `control` runs are stand-ins for invisible characters,
 *  and `raw` is what they stand for. */
export interface Segment {
  text: string;
  control: boolean;
  raw: string;
}

/** Characters that are invisible, blank or reorder/break text without being
 *  C0 controls: C1 controls, the soft hyphen, the Arabic letter mark, Hangul
 *  and Mongolian fillers and separators, zero-width and bidi marks,
 *  line/paragraph separators, bidi embeddings/overrides/isolates, invisible
 *  operators and deprecated format characters, the Braille blank, the BOM,
 *  tag characters (which can spell hidden text after a visible name) and
 *  unpaired surrogates. A path such as "/tmp/\u202Egpj.sh" would otherwise
 *  display reversed. `code` is a code point. */
function isHiddenFormat(code: number): boolean {
  return (
    (code >= 0x80 && code <= 0x9f) ||
    code === 0xad ||
    code === 0x61c ||
    code === 0x115f ||
    code === 0x1160 ||
    (code >= 0x180b && code <= 0x180f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0x2800 ||
    code === 0x3164 ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfeff ||
    code === 0xffa0 ||
    (code >= 0xe0000 && code <= 0xe007f)
  );
}

/** C0 controls with an escape of their own; and the backslash itself, so
 *  that a name holding a real "\\n" never looks like one holding a newline. */
const NAMED: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x5c: '\\\\' };

/** The visible stand-in for one code point, or null if it shows as itself.
 *  Plain ASCII escapes, readable in any font: "\n", "\t", "\r", other C0
 *  controls and DEL as "\x01", the other hidden characters as "\u202e", or
 *  "\u{e0041}" beyond the BMP. */
function standIn(code: number): string | null {
  if (code <= 0x1f || code === 0x7f || code === 0x5c) return NAMED[code] ?? `\\x${code.toString(16).padStart(2, '0')}`;
  if (isHiddenFormat(code)) {
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return null;
}

/** Splits text into plain runs and control stand-ins, for styled rendering. */
export function visibleSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let plain = '';
  let control = '';
  let raw = '';
  // By code point: a surrogate pair is one character; an unpaired half is one too.
  for (const ch of text) {
    const replacement = standIn(ch.codePointAt(0)!);
    if (replacement === null) {
      if (control) out.push({ text: control, control: true, raw });
      control = '';
      raw = '';
      plain += ch;
    } else {
      if (plain) out.push({ text: plain, control: false, raw: plain });
      plain = '';
      control += replacement;
      raw += ch;
    }
  }
  if (plain) out.push({ text: plain, control: false, raw: plain });
  if (control) out.push({ text: control, control: true, raw });
  return out;
}

/** Escape notation by code, one per character ("\x0a \u202e \u{e0041}"),
 *  for the tooltips of control runs. */
export function escapeCodes(raw: string): string {
  return Array.from(raw, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }).join(' ');
}

/** The text with every control character replaced by its stand-in, for
 *  places that cannot style runs (title tooltips, SVG chart labels). */
export function toVisible(text: string): string {
  let out = '';
  for (const ch of text) out += standIn(ch.codePointAt(0)!) ?? ch;
  return out;
}
