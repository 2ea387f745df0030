/**
 * What the store keeps of an open beyond its name and result: the absolute
 * path (which path filters, the files view and exports use), how long it
 * took, who ran it and where; against a real DuckDB, every view agreeing
 * with the live filter (matchesFilter) on the same events.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { UNATTRIBUTED, type TraceEvent } from '../../protocol/event';
import { matchesFilter } from '../../protocol/filter';
import type { EventFilter } from '../../protocol/messages';
import { FILE_PROCESSES } from '../../protocol/views';
import { asSchema9, testStores } from './test-stores';

const { dir, open: openStore } = testStores('odash-store-attr-');
const open = (p = ':memory:') => openStore({ path: p });

function ev(over: Partial<TraceEvent>): TraceEvent {
  return {
    ts: 100, cpu: 0, pid: 1, tid: 1, comm: 'c', uid: 0, euid: 0, flags: 0, ret: 3, errno: 0, path: '/p',
    truncated: false, syscall: 'openat', durationNs: 1000, cgroupId: 0, ...UNATTRIBUTED, ...over,
  };
}

/** A small world: a service opening relative names, a container, a slow
 *  open, the backend's own reads. */
function world(): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let i = 0; i < 40; i++) {
    out.push(ev({
      ts: 100 + i, pid: 10, comm: 'nginx', path: `conf${i % 4}`, fullPath: `/etc/nginx/conf${i % 4}`, unit: 'nginx.service',
      cgroup: '/system.slice/nginx.service', exe: '/usr/sbin/nginx', durationNs: 2000 + i * 100, user: 'www-data',
      ret: i % 5 ? 3 : -2, errno: i % 5 ? 0 : 2,
    }));
    out.push(ev({
      ts: 100 + i, pid: 20 + (i % 2), comm: 'redis', path: '/data/dump.rdb', fullPath: '/data/dump.rdb',
      container: 'ab'.repeat(32), unit: `docker-${'ab'.repeat(32)}.scope`, exe: '/usr/bin/redis-server', durationNs: 5000,
    }));
    out.push(ev({ ts: 100 + i, pid: 99, comm: 'node', path: '/sys/kernel/tracing/per_cpu/cpu0/stats', own: true }));
  }
  out.push(ev({ ts: 150, pid: 30, comm: 'cat', path: 'fifo', fullPath: '/tmp/q/fifo', durationNs: 900_000_000 }));
  out.push(ev({ ts: 151, pid: 31, comm: 'old', path: 'rel', fullPath: '', durationNs: 0 }));
  return out;
}

/** A store file as an older version wrote it: schema 1's events columns
 *  plus `more`, these rows, its version in meta. */
async function oldStore(name: string, version: number, more: string, values: string): Promise<string> {
  const file = path.join(dir, name);
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  await c.run(`CREATE TABLE events (seq BIGINT NOT NULL, ts DOUBLE NOT NULL, cpu USMALLINT NOT NULL, pid UINTEGER NOT NULL,
    tid UINTEGER NOT NULL, uid UINTEGER NOT NULL, euid UINTEGER NOT NULL, flags UINTEGER NOT NULL, ret INTEGER NOT NULL,
    errno USMALLINT NOT NULL, syscall UTINYINT NOT NULL, truncated BOOLEAN NOT NULL, article BOOLEAN NOT NULL,
    comm VARCHAR NOT NULL, path VARCHAR NOT NULL${more})`);
  await c.run(`INSERT INTO events VALUES ${values}`);
  await c.run('CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)');
  await c.run(`INSERT INTO meta VALUES ('schema_version', '${version}'), ('boot_id', 'boot-a'), ('boot_wall_ms', '1700000000000')`);
  c.closeSync();
  db.closeSync();
  return file;
}

describe('the store and what an open learns after parsing', () => {
  it('reads back every field it was given', async () => {
    const s = await open();
    const e = ev({
      fullPath: '/a/b', fullTruncated: true, durationNs: 2 ** 40, cgroupId: 12345, cgroup: '/x.slice/y.service',
      unit: 'y.service', container: 'cd'.repeat(32), exe: '/bin/y', user: 'alice',
    });
    s.add(e);
    const page = await s.events({}, { limit: 10 });
    expect(page.events[0]).toEqual({ ...e, seq: 0 });
  });

  it('answers every filter as the live filter does, in every view', async () => {
    const s = await open();
    const all = world();
    for (const e of all) s.add(e);
    const filters: EventFilter[] = [
      {}, { own: true }, { path: '/etc/nginx/*' }, { path: 'conf1' }, { path: 'rel' }, { unit: 'nginx.service' },
      { unit: 'docker-*' }, { container: 'abab' }, { container: 'ab'.repeat(32) }, { exe: '*/redis-server' },
      { slower: 5000 }, { slower: 100_000_000 }, { pid: 99 }, { pid: 99, own: true }, { unit: 'nginx.service', result: 'failed' },
    ];
    for (const f of filters) {
      const expected = all.filter((e) => matchesFilter(f, e)).length;
      const [events, byUnit, files] = await Promise.all([
        s.events(f, { limit: 1 }),
        s.processes(f, 'unit', 1000, {}, 200),
        s.files(f, 'file', 1000, {}),
      ]);
      const sum = (xs: { opens: number }[]) => xs.reduce((n, x) => n + x.opens, 0);
      expect([events.total, sum(byUnit.processes), sum(files.files)], JSON.stringify(f)).toEqual([expected, expected, expected]);
    }
  });

  it('groups processes by executable, unit and container', async () => {
    const s = await open();
    for (const e of world()) s.add(e);
    const byUnit = await s.processes({}, 'unit', 10, {}, 200);
    expect(byUnit.processes.map((p) => [p.key, p.opens])).toEqual([
      [`docker-${'ab'.repeat(32)}.scope`, 40], ['nginx.service', 40], ['', 2],
    ]);
    const byContainer = await s.processes({}, 'container', 10, {}, 200);
    expect(byContainer.processes.map((p) => [p.key, p.opens])).toEqual([['', 42], ['ab'.repeat(32), 40]]);
    expect(byContainer.processes[1]).toMatchObject({ pids: 2, comm: 'redis' });
    const byExe = await s.processes({}, 'exe', 10, {}, 200);
    expect(byExe.processes.map((p) => p.key)).toContain('/usr/sbin/nginx');
  });

  it('lists the slowest opens first, and their latency', async () => {
    const s = await open();
    for (const e of world()) s.add(e);
    const slowest = await s.events({}, { limit: 3, sort: 'slowest' });
    expect(slowest.events.map((e) => e.durationNs)).toEqual([900_000_000, 5900, 5800]);
    expect(slowest.next).toBeNull();
    const lat = await s.latency({ unit: 'nginx.service' }, {});
    expect(lat).toMatchObject({ count: 40, maxNs: 5900 });
    expect(lat.p50Ns).toBeCloseTo(3950, 0);
    // 2000..5900 ns: buckets 2^10 (1024–2047: none), 2^11 (2048–4095), 2^12 (4096–8191)
    expect(lat.histogram).toEqual([{ log2: 10, count: 1 }, { log2: 11, count: 20 }, { log2: 12, count: 19 }]);
  });

  it('answers the files view: hottest files and directories, and one file with its openers', async () => {
    const s = await open();
    for (const e of world()) s.add(e);
    const files = await s.files({}, 'file', 3, {});
    expect(files.files[0]).toMatchObject({ path: '/data/dump.rdb', opens: 40, processes: 2, comms: ['redis'], failed: 0 });
    expect(files.total).toBe(7); // four confs, dump.rdb, the fifo, and 'rel' whose directory never came
    const dirs = await s.files({}, 'dir', 10, {});
    expect(dirs.files.map((d) => [d.path, d.opens])).toEqual([['/data', 40], ['/etc/nginx', 40], ['.', 1], ['/tmp/q', 1]]);
    const nginx = dirs.files.find((d) => d.path === '/etc/nginx')!;
    expect(nginx.failures).toEqual({ 2: 8 });
    const one = await s.file('/etc/nginx/conf0', {}, {});
    expect(one).toMatchObject({ opens: 10, failed: 2, failures: { 2: 2 } });
    expect(one.processes).toMatchObject([{ pid: 10, comm: 'nginx', exe: '/usr/sbin/nginx', unit: 'nginx.service', opens: 10 }]);
  });

  it("counts a file's processes beyond those it lists, and names each one's user", async () => {
    const s = await open();
    for (let pid = 1000; pid < 1250; pid++) {
      for (let n = 0; n <= pid % 3; n++) {
        s.add(ev({ ts: 100 + n, pid, start: pid / 100, path: '/etc/hosts', fullPath: '/etc/hosts', uid: pid === 1248 ? 65534 : 0, user: pid === 1248 ? 'nobody' : 'root' }));
      }
    }
    const one = await s.file('/etc/hosts', {}, {});
    expect(one.processCount).toBe(250);
    expect(one.processes).toHaveLength(FILE_PROCESSES);
    expect(one.processes.find((p) => p.pid === 1248)).toBeUndefined(); // one open, the last PID: not among the busiest
    const nobody = await s.file('/etc/hosts', { uid: 65534 }, {});
    expect([nobody.processCount, nobody.processes]).toEqual([1, [expect.objectContaining({ pid: 1248, uid: 65534, user: 'nobody' })]]);
    expect((await s.file('/nowhere', {}, {})).processCount).toBe(0);
  });

  it('keeps a process identity from its exec, and the process view shows it', async () => {
    const s = await open();
    s.addExec({ ts: 99, pid: 10, ppid: 1, start: 0, cgroupId: 7, exe: '/usr/sbin/nginx', args: ['nginx', '-g', 'daemon off;'], truncated: false });
    for (const e of world()) s.add(e);
    const p = await s.process(10, undefined, 0, 200);
    expect(p).toMatchObject({
      exe: '/usr/sbin/nginx', unit: 'nginx.service', user: 'www-data', cgroup: '/system.slice/nginx.service',
      exec: { ts: 99, ppid: 1, args: ['nginx', '-g', 'daemon off;'] },
    });
    expect(p!.files[0]!.path).toMatch(/^\/etc\/nginx\/conf/);
    expect(p!.latency.count).toBe(40);
  });

  it('brings a store of the previous schema up to date, its events kept', async () => {
    const file = await oldStore('v1.duckdb', 1, '', `(0, 100, 0, 5, 5, 0, 0, 0, 3, 0, 0, false, false, 'cat', '/etc/passwd')`);

    const s = await open(file);
    s.add(ev({ ts: 101, pid: 6, fullPath: '/etc/hosts', path: '/etc/hosts', unit: 'x.service' }));
    const page = await s.events({}, { limit: 10 });
    expect(page.events.map((e) => [e.seq, e.path, e.fullPath, e.durationNs, e.unit])).toEqual([
      [1, '/etc/hosts', '/etc/hosts', 1000, 'x.service'],
      // Its absolute path is the absolute name it passed.
      [0, '/etc/passwd', '/etc/passwd', 0, ''],
    ]);
    expect((await s.events({ path: '/etc/passwd' }, { limit: 1 })).total).toBe(1);
    expect((await s.processes({}, 'unit', 10, {}, 200)).processes.map((p) => [p.key, p.opens])).toEqual([
      ['x.service', 1], ['', 1],
    ]);
  });

  it('brings a store of schema 3 (texts in every row) to texts by id, every field kept', async () => {
    const file = await oldStore(
      'v3.duckdb', 3,
      `, full_path VARCHAR, full_truncated BOOLEAN NOT NULL DEFAULT false,
      duration_ns UBIGINT NOT NULL DEFAULT 0, cgroup_id UBIGINT NOT NULL DEFAULT 0, cgroup VARCHAR, unit VARCHAR,
      container VARCHAR, exe VARCHAR, user_name VARCHAR, own BOOLEAN NOT NULL DEFAULT false`,
      `(0, 100, 1, 5, 6, 1000, 0, 524288, 3, 0, 0, false, false, 'cat', 'rel/x', '/home/a/rel/x', false, 1500, 7,
       '/system.slice/ssh.service', 'ssh.service', NULL, '/bin/cat', 'alice', false),
      (1, 101, 0, 5, 5, 1000, 0, 0, -2, 2, 2, true, false, 'cat', 'gone', NULL, false, 900, 7, NULL, NULL, NULL, NULL, NULL, true),
      (2, 102, 0, 9, 9, 0, 0, 0, 3, 0, 1, false, false, 'nl\nname', '/etc/passwd', NULL, true, 1, 0, NULL, NULL, 'c0ffee', NULL, 'root', false)`,
    );

    const s = await open(file);
    const page = await s.events({ own: true }, { limit: 10 });
    expect(page.events.map(({ seq, ...e }) => ({ seq, ...e }))).toEqual([
      {
        seq: 2, ts: 102, cpu: 0, pid: 9, start: 0, tid: 9, uid: 0, euid: 0, flags: 0, ret: 3, errno: 0, syscall: 'open',
        truncated: false, comm: 'nl\nname', path: '/etc/passwd', fullPath: '/etc/passwd', fullTruncated: true, durationNs: 1,
        cgroupId: 0, cgroup: '', unit: '', container: 'c0ffee', exe: '', user: 'root', own: false,
      },
      {
        seq: 1, ts: 101, cpu: 0, pid: 5, start: 0, tid: 5, uid: 1000, euid: 0, flags: 0, ret: -2, errno: 2, syscall: 'openat2',
        truncated: true, comm: 'cat', path: 'gone', fullPath: '', fullTruncated: false, durationNs: 900,
        cgroupId: 7, cgroup: '', unit: '', container: '', exe: '', user: '', own: true,
      },
      {
        seq: 0, ts: 100, cpu: 1, pid: 5, start: 0, tid: 6, uid: 1000, euid: 0, flags: 524288, ret: 3, errno: 0, syscall: 'openat',
        truncated: false, comm: 'cat', path: 'rel/x', fullPath: '/home/a/rel/x', fullTruncated: false, durationNs: 1500,
        cgroupId: 7, cgroup: '/system.slice/ssh.service', unit: 'ssh.service', container: '', exe: '/bin/cat', user: 'alice',
        own: false,
      },
    ]);
    // New events share the texts the store had.
    s.add(ev({ ts: 103, pid: 5, comm: 'cat', path: '/home/a/rel/x', fullPath: '/home/a/rel/x' }));
    expect((await s.files({}, 'file', 10, {})).files.map((f) => [f.path, f.opens])).toEqual([
      ['/home/a/rel/x', 2], ['/etc/passwd', 1],
    ]);
    expect((await s.processes({ own: true }, 'comm', 10, {}, 200)).processes.map((p) => [p.key, p.opens])).toEqual([
      ['cat', 3], ['nl\nname', 1],
    ]);
    // Each file's directory, given to the old rows (SQL) as to new ones (batch.ts).
    expect((await s.files({ own: true }, 'dir', 10, {})).files.map((f) => [f.path, f.opens])).toEqual([
      ['/home/a/rel', 2], ['.', 1], ['/etc', 1],
    ]);
    // Its flags column takes openat2's 64 bits now.
    s.add(ev({ ts: 104, pid: 5, flags: 2 ** 32 }));
    expect((await s.events({}, { limit: 1 })).events[0]!.flags).toBe(2 ** 32);
    // A thread is kept as its difference from its process, below it too
    // (PIDs wrapped between the two), and found by its id.
    s.add(ev({ ts: 105, pid: 300, tid: 7 }));
    expect((await s.events({ tid: 7 }, { limit: 5 })).events.map((e) => [e.pid, e.tid])).toEqual([[300, 7]]);
    expect((await s.events({ tid: 6 }, { limit: 5 })).events.map((e) => [e.seq, e.pid, e.tid])).toEqual([[0, 5, 6]]);
    expect(s.status.writeFailures).toBe(0);
  });

  it('brings a store of schema 9 (each event with its directory) to each file\'s directory kept once', async () => {
    const file = path.join(dir, 'v9.duckdb');
    const s = await open(file);
    for (const p of ['/etc/passwd', '/etc/group', '/var/log/x', 'rel']) s.add(ev({ path: p }));
    await s.close();
    await asSchema9(file, "text IN ('/', '/etc', '/var', '/var/log', '.')");

    const again = await open(file);
    again.add(ev({ path: '/etc/hosts' }));
    expect((await again.files({}, 'dir', 10, {})).files.map((f) => [f.path, f.opens])).toEqual([
      ['/etc', 3], ['.', 1], ['/var/log', 1],
    ]);
    await again.close();
    const check = await DuckDBInstance.create(file);
    const cc = await check.connect();
    // The new event's directory is the one the migration made, not another.
    const etc = await cc.runAndReadAll("SELECT count(*)::INTEGER FROM strings WHERE text = '/etc'");
    expect(etc.getRowsJS()[0]![0]).toBe(1);
    // Every file once, its directory a text there is.
    const dirs = await cc.runAndReadAll(
      'SELECT count(*)::INTEGER, count(DISTINCT file_id)::INTEGER, count(s.id)::INTEGER FROM file_dirs LEFT JOIN strings s ON s.id = dir_id',
    );
    expect(dirs.getRowsJS()[0]).toEqual([5, 5, 5]);
    cc.closeSync();
    check.closeSync();
  });
});
