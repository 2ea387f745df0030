import { describe, expect, it } from 'vitest';
import { escapeCodes, toVisible, visibleSegments } from './visible';

describe('toVisible', () => {
  it('leaves ordinary text alone, including non-ASCII', () => {
    expect(toVisible('/usr/lib/libc.so.6')).toBe('/usr/lib/libc.so.6');
    expect(toVisible('café 日本 🙂')).toBe('café 日本 🙂');
    expect(toVisible('')).toBe('');
  });

  it('maps C0 controls to control pictures and DEL to ␡', () => {
    expect(toVisible('a\nb')).toBe('a\u240ab');
    expect(toVisible('\u0000')).toBe('\u2400');
    expect(toVisible('\t\r\u001b[31m')).toBe('\u2409\u240d\u241b[31m');
    expect(toVisible('\u001f')).toBe('\u241f');
    expect(toVisible('x\u007f')).toBe('x\u2421');
  });

  it('spells out bidi overrides, separators and zero-width characters', () => {
    expect(toVisible('/tmp/\u202Egpj.sh')).toBe('/tmp/<U+202E>gpj.sh');
    expect(toVisible('a\u2028b')).toBe('a<U+2028>b');
    expect(toVisible('\u200b\ufeff')).toBe('<U+200B><U+FEFF>');
    expect(toVisible('\u0085')).toBe('<U+0085>');
  });
});

describe('visibleSegments', () => {
  it('returns one plain run for ordinary text', () => {
    expect(visibleSegments('bash')).toEqual([{ text: 'bash', control: false, raw: 'bash' }]);
    expect(visibleSegments('')).toEqual([]);
  });

  it('groups consecutive controls into one marked run', () => {
    expect(visibleSegments('evil\r\nname\u007f')).toEqual([
      { text: 'evil', control: false, raw: 'evil' },
      { text: '\u240d\u240a', control: true, raw: '\r\n' },
      { text: 'name', control: false, raw: 'name' },
      { text: '\u2421', control: true, raw: '\u007f' },
    ]);
  });

  it('starts with a control run when the text does', () => {
    expect(visibleSegments('\u0007x')).toEqual([
      { text: '\u2407', control: true, raw: '\u0007' },
      { text: 'x', control: false, raw: 'x' },
    ]);
  });

  it('joins back to the same string toVisible gives, and raw to the input', () => {
    const nasty = '\u0000a\u202e\nb\u007f\u2066c';
    expect(visibleSegments(nasty).map((s) => s.text).join('')).toBe(toVisible(nasty));
    expect(visibleSegments(nasty).map((s) => s.raw).join('')).toBe(nasty);
  });
});

describe('escapeCodes', () => {
  it('spells out each character', () => {
    expect(escapeCodes('\r\n')).toBe('\\x0d \\x0a');
    expect(escapeCodes('\u202e\u007f')).toBe('\\u202e \\x7f');
  });
});
