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

/** Characters that are invisible or reorder/break text without being C0
 *  controls: C1 controls, zero-width and bidi marks, line/paragraph
 *  separators, bidi embeddings/overrides/isolates, and the BOM. A path such
 *  as "/tmp/\u202Egpj.sh" would otherwise display reversed. */
function isHiddenFormat(code: number): boolean {
  return (
    (code >= 0x80 && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** The visible stand-in for one character, or null if it shows as itself.
 *  C0 controls map to the Control Pictures block (U+2400 + code, so "\n"
 *  becomes "␊"), DEL to "␡", the other hidden characters to "<U+XXXX>". */
function standIn(code: number): string | null {
  if (code <= 0x1f) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  if (isHiddenFormat(code)) return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  return null;
}

/** Splits text into plain runs and control stand-ins, for styled rendering. */
export function visibleSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let plain = '';
  let control = '';
  let raw = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const replacement = standIn(ch.charCodeAt(0));
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

/** Escape notation for control characters ("\x0a \u202e"), for tooltips:
 *  not every font has glyphs for the Control Pictures block. */
export function escapeCodes(raw: string): string {
  return Array.from(raw, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }).join(' ');
}

/** The text with every control character replaced by its stand-in, for
 *  places that cannot style runs (title tooltips, SVG chart labels). */
export function toVisible(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    out += standIn(ch.charCodeAt(0)) ?? ch;
  }
  return out;
}
