import { describe, expect, it } from 'vitest';
import { escapeCodes, toVisible, visibleSegments } from './visible';

describe('toVisible', () => {
  it('leaves ordinary text alone, including non-ASCII', () => {
    expect(toVisible('/usr/lib/libc.so.6')).toBe('/usr/lib/libc.so.6');
    expect(toVisible('café 日本 🙂')).toBe('café 日本 🙂');
    expect(toVisible('한글 ⠁⠃ a-b')).toBe('한글 ⠁⠃ a-b');
    expect(toVisible('')).toBe('');
  });

  it('spells C0 controls and DEL as ASCII escapes', () => {
    expect(toVisible('a\nb')).toBe('a\\nb');
    expect(toVisible('\u0000')).toBe('\\x00');
    expect(toVisible('\u0001')).toBe('\\x01');
    expect(toVisible('\t\r\u001b[31m')).toBe('\\t\\r\\x1b[31m');
    expect(toVisible('\u001f')).toBe('\\x1f');
    expect(toVisible('x\u007f')).toBe('x\\x7f');
  });

  it('shows newline and tab differently, in plain ASCII that needs no special glyph', () => {
    const newline = toVisible('\n');
    const tab = toVisible('\t');
    expect(newline).not.toBe(tab);
    for (const s of [newline, tab]) expect(s).toMatch(/^[\x21-\x7e]+$/);
    // Control Pictures (␊ ␉) are the same empty box in fonts without them.
    expect(toVisible('\n\t\r\u0000\u007f')).not.toMatch(/[\u2400-\u243f]/);
  });

  it('spells out bidi overrides, separators and zero-width characters', () => {
    expect(toVisible('/tmp/\u202Egpj.sh')).toBe('/tmp/\\u202egpj.sh');
    expect(toVisible('a\u2028b')).toBe('a\\u2028b');
    expect(toVisible('\u200b\ufeff')).toBe('\\u200b\\ufeff');
    expect(toVisible('\u0085')).toBe('\\u0085');
  });

  it('spells out the soft hyphen, Arabic letter mark, Mongolian vowel separator, Hangul filler and Braille blank', () => {
    expect(toVisible('a\u00adb')).toBe('a\\u00adb');
    expect(toVisible('a\u061cb')).toBe('a\\u061cb');
    expect(toVisible('a\u180eb')).toBe('a\\u180eb');
    expect(toVisible('a\u3164b')).toBe('a\\u3164b');
    expect(toVisible('a\u2800b')).toBe('a\\u2800b');
  });

  it('spells out the other Hangul fillers and invisible format characters of the same kind', () => {
    expect(toVisible('\u115f\u1160\uffa0')).toBe('\\u115f\\u1160\\uffa0');
    expect(toVisible('\u180b\u180f\u2065\u206a\u206f')).toBe('\\u180b\\u180f\\u2065\\u206a\\u206f');
  });

  it('spells out tag characters U+E0000-U+E007F as one escape per code point', () => {
    // "sshd" followed by the tag spelling of "evil", invisible in most fonts.
    expect(toVisible('sshd\u{E0065}\u{E0076}\u{E0069}\u{E006C}\u{E007F}')).toBe(
      'sshd\\u{e0065}\\u{e0076}\\u{e0069}\\u{e006c}\\u{e007f}',
    );
    expect(toVisible('\u{E0000}\u{E0001}x')).toBe('\\u{e0000}\\u{e0001}x');
    // Just outside the block: variation selectors supplement, and ordinary astral text.
    expect(toVisible('\u{E0080}\u{1F642}')).toBe('\u{E0080}\u{1F642}');
  });

  it('spells out an unpaired surrogate instead of letting it render as a replacement box', () => {
    expect(toVisible('a\uD83Db')).toBe('a\\ud83db');
    expect(toVisible('\uDE42')).toBe('\\ude42');
  });
});

describe('visibleSegments', () => {
  it('returns one plain run for ordinary text', () => {
    expect(visibleSegments('bash')).toEqual([{ text: 'bash', control: false, raw: 'bash' }]);
    expect(visibleSegments('🙂x')).toEqual([{ text: '🙂x', control: false, raw: '🙂x' }]);
    expect(visibleSegments('')).toEqual([]);
  });

  it('groups consecutive controls into one marked run', () => {
    expect(visibleSegments('evil\r\nname\u007f')).toEqual([
      { text: 'evil', control: false, raw: 'evil' },
      { text: '\\r\\n', control: true, raw: '\r\n' },
      { text: 'name', control: false, raw: 'name' },
      { text: '\\x7f', control: true, raw: '\u007f' },
    ]);
  });

  it('marks newline and tab as different runs of text', () => {
    const [newline] = visibleSegments('\n');
    const [tab] = visibleSegments('\t');
    expect(newline).toEqual({ text: '\\n', control: true, raw: '\n' });
    expect(tab).toEqual({ text: '\\t', control: true, raw: '\t' });
  });

  it('starts with a control run when the text does', () => {
    expect(visibleSegments('\u0007x')).toEqual([
      { text: '\\x07', control: true, raw: '\u0007' },
      { text: 'x', control: false, raw: 'x' },
    ]);
  });

  it('keeps a tag character whole: its run holds both halves of the surrogate pair', () => {
    expect(visibleSegments('a\u{E0041}\u00adb')).toEqual([
      { text: 'a', control: false, raw: 'a' },
      { text: '\\u{e0041}\\u00ad', control: true, raw: '\u{E0041}\u00ad' },
      { text: 'b', control: false, raw: 'b' },
    ]);
  });

  it('joins back to the same string toVisible gives, and raw to the input', () => {
    const nasty = '\u0000a\u202e\nb\u007f\u2066c\u{E0063}\u3164d\u2800\u00ad\t🙂\uD800';
    expect(visibleSegments(nasty).map((s) => s.text).join('')).toBe(toVisible(nasty));
    expect(visibleSegments(nasty).map((s) => s.raw).join('')).toBe(nasty);
  });
});

describe('escapeCodes', () => {
  it('spells out each character', () => {
    expect(escapeCodes('\r\n')).toBe('\\x0d \\x0a');
    expect(escapeCodes('\u202e\u007f')).toBe('\\u202e \\x7f');
  });

  it('spells an astral character as one code point', () => {
    expect(escapeCodes('\u{E0041}\u00ad')).toBe('\\u{e0041} \\xad');
  });
});

describe('the backslash', () => {
  it('is doubled, so a real "\\n" in a name never looks like a newline', () => {
    expect(toVisible('a\\nb')).toBe('a\\\\nb');
    expect(toVisible('a\nb')).toBe('a\\nb');
    expect(toVisible('a\\nb')).not.toBe(toVisible('a\nb'));
  });
});
