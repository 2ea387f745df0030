import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cgroup2Mount, CgroupResolver } from './cgroup-resolver';

const line = (root: string, at: string, type: string) => `40 30 0:37 ${root} ${at} rw,relatime shared:9 - ${type} ${type} rw`;

describe('cgroup2Mount', () => {
  it.each([
    ['a unified layout', [line('/', '/sys/fs/cgroup', 'cgroup2')], '/sys/fs/cgroup'],
    [
      'a hybrid layout',
      [line('/', '/sys/fs/cgroup', 'tmpfs'), line('/', '/sys/fs/cgroup/cpu', 'cgroup'), line('/', '/sys/fs/cgroup/unified', 'cgroup2')],
      '/sys/fs/cgroup/unified',
    ],
    ['cgroup v1 only', [line('/', '/sys/fs/cgroup/cpu', 'cgroup'), line('/', '/', 'ext4')], null],
    ['escaped bytes', [line('/', '/mnt/my\\040cg\\011x\\012y\\134z', 'cgroup2')], '/mnt/my cg\tx\ny\\z'],
    ['the whole tree before a subtree', [line('/sub', '/a', 'cgroup2'), line('/', '/b', 'cgroup2')], '/b'],
    ['a subtree when that is all', [line('/sub', '/a', 'cgroup2')], '/a'],
    ['no optional fields', ['40 30 0:37 / /cg rw - cgroup2 cgroup2 rw'], '/cg'],
    ['a source named cgroup2 on another type', ['40 30 0:37 / /x rw - tmpfs cgroup2 rw'], null],
    ['garbage', ['', 'cgroup2', '- cgroup2', '1 2 3 4 - cgroup2', '\0\0\0'], null],
  ])('%s', (_, lines, expected) => {
    expect(cgroup2Mount(lines.join('\n'))).toBe(expected);
  });

  it('reads this machine', () => {
    const mount = cgroup2Mount(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
    expect(mount === null || fs.statSync(mount).isDirectory()).toBe(true);
  });
});

describe('CgroupResolver.open', () => {
  it('says why when there is no cgroup2 mount or no mountinfo', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-mountinfo-'));
    const file = path.join(dir, 'mountinfo');
    fs.writeFileSync(file, `${line('/', '/sys/fs/cgroup/cpu', 'cgroup')}\n`);
    expect(await CgroupResolver.open(file)).toEqual({ resolver: null, why: expect.stringContaining('no cgroup2') });
    expect(await CgroupResolver.open(path.join(dir, 'missing'))).toEqual({ resolver: null, why: expect.stringContaining('cannot read') });
    fs.writeFileSync(file, `${line('/', path.join(dir, 'gone'), 'cgroup2')}\n`);
    expect(await CgroupResolver.open(file)).toEqual({ resolver: null, why: expect.stringContaining('cannot read the cgroup2 tree') });
    fs.rmSync(dir, { recursive: true });
  });
});

// The real cgroup2 tree: needs root, and a cgroup2 mount to make cgroups in.
const mount = cgroup2Mount(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
const canMake = mount !== null && process.getuid?.() === 0;

describe.skipIf(!canMake)('CgroupResolver on this machine', () => {
  const ID = randomBytes(32).toString('hex');
  // A slice at the top: past slices only is where systemd looks for the unit.
  const top = `/odash-attr-test-${randomBytes(4).toString('hex')}.slice`;
  const made = [top, `${top}/system.slice`, `${top}/system.slice/odash-probe.service`, `${top}/system.slice/docker-${ID}.scope`];
  const ino = (cgroup: string) => Number(fs.statSync(path.join(mount!, cgroup), { bigint: true }).ino);
  let resolver: CgroupResolver;

  beforeAll(async () => {
    const opened = await CgroupResolver.open();
    if (!opened.resolver) throw new Error(opened.why);
    resolver = opened.resolver;
    for (const cgroup of made) fs.mkdirSync(path.join(mount!, cgroup));
  });

  afterAll(() => {
    resolver?.close();
    vi.restoreAllMocks();
    // Cgroups go with rmdir (their files are not removable), deepest first.
    for (const cgroup of [...made].reverse()) fs.rmdirSync(path.join(mount!, cgroup));
  });

  it('maps the root cgroup to /, and our own cgroup to its path', () => {
    expect(resolver.pathOf(ino('/'))).toBe('/');
    const own = /^0::(.*)$/m.exec(fs.readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    if (own !== undefined) expect(resolver.pathOf(ino(own))).toBe(own);
  });

  it('misses a cgroup made after the last walk, and finds it after a rescan', async () => {
    const probe = ino(`${top}/system.slice/odash-probe.service`);
    expect(resolver.pathOf(probe)).toBeNull();
    expect(resolver.describe(probe)).toEqual({ cgroup: null, unit: null, container: null });
    await resolver.refresh();
    expect(resolver.pathOf(probe)).toBe(`${top}/system.slice/odash-probe.service`);
    expect(resolver.describe(probe)).toEqual({ cgroup: `${top}/system.slice/odash-probe.service`, unit: 'odash-probe.service', container: null });
    expect(resolver.describe(probe)).toBe(resolver.describe(probe)); // cached
    expect(resolver.describe(ino(`${top}/system.slice/docker-${ID}.scope`))).toEqual({
      cgroup: `${top}/system.slice/docker-${ID}.scope`,
      unit: `docker-${ID}.scope`,
      container: ID,
    });
  });

  it('rescans on a miss by itself, and forgets cgroups that are gone', async () => {
    const late = `${top}/late.scope`;
    fs.mkdirSync(path.join(mount!, late));
    const id = ino(late);
    expect(resolver.pathOf(id)).toBeNull();
    await vi.waitFor(() => expect(resolver.pathOf(id)).toBe(late), { timeout: 3000 });
    expect(resolver.describe(id).unit).toBe('late.scope');
    fs.rmdirSync(path.join(mount!, late));
    await resolver.refresh();
    expect(resolver.pathOf(id)).toBeNull();
  });

  it('walks at most once per 500 ms however many misses, and not at all once closed', async () => {
    await resolver.refresh();
    const readdir = vi.spyOn(fs.promises, 'readdir');
    const walks = () => readdir.mock.calls.filter(([dir]) => dir === mount).length;
    for (let i = 0; i < 10_000; i++) expect(resolver.pathOf(2 ** 52 + i)).toBeNull();
    expect(walks()).toBe(0); // the last walk was just now: one is due in 500 ms
    await vi.waitFor(() => expect(walks()).toBe(1), { timeout: 2000, interval: 20 });
    for (let i = 0; i < 10_000; i++) resolver.pathOf(2 ** 52 + i);
    await new Promise((r) => setTimeout(r, 250));
    expect(walks()).toBe(1); // misses during or just after a walk make one more, 500 ms after it
    await vi.waitFor(() => expect(walks()).toBe(2), { timeout: 2000, interval: 20 });
    resolver.close();
    await new Promise((r) => setTimeout(r, 600));
    resolver.pathOf(2 ** 52);
    await new Promise((r) => setTimeout(r, 600));
    expect(walks()).toBe(2);
    readdir.mockRestore();
  });

  it('answers nothing for ids no cgroup can have', () => {
    for (const id of [0, -1, 1.5, NaN, Infinity, 2 ** 64]) expect(resolver.pathOf(id)).toBeNull();
  });
});
