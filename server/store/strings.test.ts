import { describe, expect, it } from 'vitest';
import { Dictionary, dirOf } from './strings';

describe('Dictionary', () => {
  it('gives each text one id, writes each once, and "" is 0', () => {
    const d = new Dictionary(1);
    expect([d.id('/etc/passwd'), d.id('cat'), d.id('/etc/passwd'), d.id('')]).toEqual([1, 2, 1, 0]);
    expect(d.take()).toEqual({ texts: [{ id: 1, text: '/etc/passwd' }, { id: 2, text: 'cat' }], dirs: [] });
    expect(d.take()).toEqual({ texts: [], dirs: [] });
  });

  it("gives a file its directory once, one level only, however deep or hostile the name", () => {
    const d = new Dictionary(1);
    const passwd = d.id('/etc/passwd');
    d.file(passwd, '/etc/passwd');
    d.file(passwd, '/etc/passwd');
    const deep = d.id('a/'.repeat(150) + 'x');
    d.file(deep, 'a/'.repeat(150) + 'x');
    const { texts, dirs } = d.take();
    // One directory each, not every prefix of the name.
    expect(texts.map((t) => t.text)).toEqual(['/etc/passwd', '/etc', 'a/'.repeat(150) + 'x', 'a/'.repeat(149) + 'a']);
    expect(dirs).toEqual([{ file: passwd, dir: 2 }, { file: deep, dir: 4 }]);
    // A text seen as something else first gets its directory once a file.
    const cat = d.id('/usr/bin/cat');
    d.file(cat, '/usr/bin/cat');
    expect(d.take().dirs).toEqual([{ file: cat, dir: 6 }]);
  });

  it('keeps the ids of a store it opens, and which files have their directory', () => {
    const d = new Dictionary(8);
    d.load([[3, 'a'], [7, 'b']]);
    d.loadFiles([3]);
    expect([d.id('b'), d.id('a'), d.id('c')]).toEqual([7, 3, 8]);
    d.file(3, 'a');
    d.file(7, 'b');
    expect(d.take().dirs).toEqual([{ file: 7, dir: 9 }]);
  });

  it('lets the oldest texts go past its bound: a flood of paths cannot grow it', () => {
    const d = new Dictionary(1, 10);
    for (const t of ['aaaa', 'bbbb', 'cccc']) d.id(t);
    // 'aaaa' went to make room: seen again, it is written again.
    expect(d.id('cccc')).toBe(3);
    expect(d.id('aaaa')).toBe(4);
    expect(d.take().texts.map((x) => x.text)).toEqual(['aaaa', 'bbbb', 'cccc', 'aaaa']);
  });

  it('keeps a text in use through a flood of new ones: one id, however long the flood', () => {
    const d = new Dictionary(1, 20);
    const dir = d.id('/m/dir');
    for (let i = 0; i < 1000; i++) {
      expect(d.id('/m/dir')).toBe(dir);
      d.id(`/m/dir/${i}`);
    }
    // The flood's own texts went, oldest first.
    expect(d.id('/m/dir/0')).not.toBe(2);
  });

  it('forgets texts the table deleted, and their directories with them', () => {
    const d = new Dictionary(1);
    d.file(d.id('x'), 'x');
    d.id('y');
    d.take();
    d.forget([1]);
    expect([d.id('x'), d.id('y')]).toEqual([4, 3]);
    d.file(4, 'x');
    expect(d.take().dirs).toEqual([{ file: 4, dir: 2 }]);
    d.file(4, 'x');
    d.forget();
    expect(d.take()).toEqual({ texts: [], dirs: [] });
    expect(d.id('y')).toBe(5);
  });
});

describe('dirOf', () => {
  const cases = ['/etc/passwd', '/x', 'rel/x', 'x', '', '/a/b/', 'a//b', '/', '.', '/new\nline/f', '/a\nb'];
  const dirs = ['/etc', '/', 'rel', '.', '.', '/a/b', 'a/', '/', '.', '/new\nline', '/'];

  it("gives a text's directory as the Files page groups it", () => {
    expect(cases.map(dirOf)).toEqual(dirs);
  });
});
