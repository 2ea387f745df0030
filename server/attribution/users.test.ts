import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parsePasswd, UserNames } from './users';

describe('parsePasswd', () => {
  it.each([
    ['a plain file', 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice,,,:/home/alice:/bin/sh\n', [[0, 'root'], [1000, 'alice']]],
    ['no newline at the end, and CRLF', 'root:x:0:0::/:/bin/sh\r\nbob:x:7:7::/:', [[0, 'root'], [7, 'bob']]],
    ['the first entry for a uid wins', 'toor:x:0:0::/:\nroot:x:0:0::/:\n', [[0, 'toor']]],
    ['comments and blank lines', '# users\n\n   \nroot:x:0:0::/:\n', [[0, 'root']]],
    ['NIS entries', '+::::::\n+bob::5:5:::\n-eve::6:6:::\n+@admins::::::\nroot:x:0:0::/:\n', [[0, 'root']]],
    ['too few or too many fields', 'a:x:1:1::/\nb:x:2:2::/:/bin/sh:extra\nc\nd:x:4:4::/:\n', [[4, 'd']]],
    ['an empty name', ':x:1:1::/:\n', []],
    ['bad numbers', 'a:x::1::/:\nb:x:-2:2::/:\nc:x:3x:3::/:\nd:x:1e3:4::/:\ne:x: 5:5::/:\nf:x:6:g::/:\ng:x:4294967296:7::/:\nh:x:99999999999:8::/:\n', []],
    ['the largest uid', 'nobody4:x:4294967295:0::/:\n', [[4294967295, 'nobody4']]],
    ['names with odd bytes, as they are', 'jösé:x:1:1::/:\nsp ace:x:2:2::/:\nnul\0:x:3:3::/:\n\uFFFD:x:4:4::/:\n', [[1, 'jösé'], [2, 'sp ace'], [3, 'nul\0'], [4, '\uFFFD']]],
    ['nothing', '', []],
    ['garbage', '\0\0\0\n::::::\n:::::::::::\n', []],
  ])('%s', (_, text, expected) => {
    expect([...parsePasswd(text)]).toEqual(expected);
  });

  it('reads a large file', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `u${i}:x:${i}:${i}::/home/u${i}:/bin/sh`).join('\n');
    const names = parsePasswd(text);
    expect([names.size, names.get(49_999)]).toEqual([50_000, 'u49999']);
  });
});

describe('UserNames', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-passwd-'));
  const file = path.join(dir, 'passwd');
  const write = (text: string, mtime: number) => {
    fs.writeFileSync(file, text);
    fs.utimesSync(file, mtime, mtime);
  };

  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the system file by default', async () => {
    const users = await UserNames.open();
    expect(users.nameOf(0)).toBe(fs.existsSync('/etc/passwd') ? parsePasswd(fs.readFileSync('/etc/passwd', 'utf8')).get(0) ?? null : null);
  });

  it('answers null for unknown uids and for a missing file', async () => {
    const users = await UserNames.open(path.join(dir, 'missing'));
    for (const uid of [0, 1000, -1, NaN, 2 ** 40]) expect(users.nameOf(uid)).toBeNull();
  });

  it('sees a change only after 5 s, and only when the file changed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    write('root:x:0:0::/:\nalice:x:1000:1000::/:\n', 1_000);
    const users = await UserNames.open(file);
    expect([users.nameOf(0), users.nameOf(1000), users.nameOf(1001)]).toEqual(['root', 'alice', null]);

    const readFile = vi.spyOn(fs.promises, 'readFile');
    vi.advanceTimersByTime(5_000);
    users.nameOf(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(readFile).not.toHaveBeenCalled(); // checked, unchanged: not read again
    readFile.mockRestore();

    write('root:x:0:0::/:\nalicia:x:1000:1000::/:\nbob:x:1001:1001::/:\n', 2_000);
    vi.advanceTimersByTime(4_000);
    users.nameOf(1000);
    await new Promise((r) => setTimeout(r, 50));
    expect(users.nameOf(1000)).toBe('alice'); // checked 4 s ago: not yet

    vi.advanceTimersByTime(1_000);
    expect(users.nameOf(1000)).toBe('alice'); // the check runs in the background
    await vi.waitFor(() => expect([users.nameOf(1000), users.nameOf(1001)]).toEqual(['alicia', 'bob']));
  });

  it('reads a file that appears later, and forgets one that goes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const late = path.join(dir, 'late');
    const users = await UserNames.open(late);
    expect(users.nameOf(5)).toBeNull();
    fs.writeFileSync(late, 'eve:x:5:5::/:\n');
    vi.advanceTimersByTime(5_000);
    users.nameOf(5);
    await vi.waitFor(() => expect(users.nameOf(5)).toBe('eve'));
    fs.rmSync(late);
    vi.advanceTimersByTime(5_000);
    users.nameOf(5);
    await vi.waitFor(() => expect(users.nameOf(5)).toBeNull());
  });
});
