import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullPathOf, normalisePath } from './full-path';

describe('normalisePath', () => {
  it.each([
    ['/', '/'],
    ['/etc//passwd', '/etc/passwd'],
    ['/a/./b/../c', '/a/c'],
    ['/../..', '/'],
    ['/a/b/', '/a/b'],
    ['/a b/\nc', '/a b/\nc'],
    ['/a/.hidden/..x/...', '/a/.hidden/..x/...'],
    ['/a/b/.', '/a/b'],
    ['/a/b/..', '/a'],
    ['/a\n/', '/a\n'],
  ])('%j -> %j', (p, want) => expect(normalisePath(p)).toBe(want));
});

describe('normalisePath on any path', () => {
  it('gives what splitting and joining gives, fast path or not', () => {
    const reference = (p: string) => {
      const parts: string[] = [];
      for (const part of p.split('/')) {
        if (part === '..') parts.pop();
        else if (part !== '' && part !== '.') parts.push(part);
      }
      return `/${parts.join('/')}`;
    };
    const piece = fc.constantFrom('/', '.', '..', 'a', '.x', 'b.', '\n', '...');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const p = `/${pieces.join('')}`;
        expect(normalisePath(p)).toBe(reference(p));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('fullPathOf', () => {
  it('takes the opened file as the kernel walked it', () => {
    expect(fullPathOf('link', false, { kind: 'file', path: '/etc/hostname', truncated: false })).toEqual({
      path: '/etc/hostname', truncated: false,
    });
  });

  it('joins a failed relative name to its directory, normalised', () => {
    expect(fullPathOf('../x/./missing', false, { kind: 'dir', path: '/tmp/d', truncated: false })).toEqual({
      path: '/tmp/x/missing', truncated: false,
    });
  });

  it('normalises an absolute name that came alone', () => {
    expect(fullPathOf('/etc//passwd', false, undefined).path).toBe('/etc/passwd');
  });

  it('gives an empty name no file, though its directory came (open("") fails before any lookup)', () => {
    expect(fullPathOf('', false, { kind: 'dir', path: '/home/a', truncated: false })).toEqual({ path: '', truncated: false });
  });

  it('knows nothing of a relative name whose directory never came', () => {
    expect(fullPathOf('rel', false, undefined)).toEqual({ path: '', truncated: false });
  });

  it('flags a path whose walk was cut', () => {
    expect(fullPathOf('x', false, { kind: 'file', path: 'deep/x', truncated: true }).truncated).toBe(true);
    expect(fullPathOf('x', false, { kind: 'dir', path: 'deep', truncated: true })).toEqual({ path: '', truncated: true });
  });
});
