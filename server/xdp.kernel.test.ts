/**
 * The XDP filter on real network namespaces and a veth pair: a peer in a
 * namespace serves TCP at 10.211.0.2 and fd00:211::2; the filter, driven
 * through the API, must make connections fail while the rule's counter
 * rises, and let them through again once the rule is gone. Restarts, even
 * after kill -9, restore the rules and leave exactly one program attached.
 */
import { execa, type ResultPromise } from 'execa';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAnswerSchema, type XdpStatus } from '../protocol/xdp';
import { HOST_ONLY, SLOW, fetchRetrying, startBackend, waitFor, type Backend } from './testing/backend';
import { parseBufferSizeKb } from './trace/trace-buffer';
import { probeOnce } from './xdp/lab';

const NS = 'odash-xdptest';
const HOST_IF = 'odxt0';
const PEER_IF = 'odxt1';
const PORT = 7788;
const PIN_DIR = '/sys/fs/bpf/ebpf-dash';

let backend: Backend;
let server: ResultPromise;
let stateDir: string;
let bufferBefore: number | undefined;
const BUFFER_KB = '/sys/kernel/tracing/buffer_size_kb';

const ipc = (args: string[]) => execa('ip', args);

async function start(): Promise<Backend> {
  return startBackend(7182, ['--state-dir', stateDir]);
}

async function call(method: string, route: string, body?: unknown) {
  const res = await fetchRetrying(backend.url + route, {
    method,
    headers: { Authorization: `Bearer ${backend.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const status = async () => (await call('GET', '/api/xdp')).body as unknown as XdpStatus;
const reachable = async (host: string) => (await probeOnce(host, PORT, 500)).ok;
const ourAttachments = async () => {
  const links = JSON.parse((await execa('ip', ['-j', 'link', 'show'])).stdout) as {
    ifname: string;
    xdp?: { prog?: { name?: string } };
  }[];
  return links.filter((l) => l.xdp?.prog?.name === 'odash_xdp').map((l) => l.ifname);
};
const ourPrograms = async () =>
  (JSON.parse((await execa('bpftool', ['-j', 'prog', 'show'])).stdout) as { name?: string }[]).filter(
    (p) => p.name === 'odash_xdp',
  ).length;

beforeAll(async () => {
  // Leftovers of an interrupted run.
  await execa('ip', ['netns', 'del', NS], { reject: false });
  await execa('ip', ['link', 'del', HOST_IF], { reject: false });
  await ipc(['netns', 'add', NS]);
  await ipc(['link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', PEER_IF, 'netns', NS]);
  await ipc(['addr', 'add', '10.211.0.1/24', 'dev', HOST_IF]);
  await ipc(['addr', 'add', 'fd00:211::1/64', 'dev', HOST_IF, 'nodad']);
  await ipc(['link', 'set', HOST_IF, 'up']);
  await ipc(['-n', NS, 'addr', 'add', '10.211.0.2/24', 'dev', PEER_IF]);
  await ipc(['-n', NS, 'addr', 'add', 'fd00:211::2/64', 'dev', PEER_IF, 'nodad']);
  await ipc(['-n', NS, 'link', 'set', 'lo', 'up']);
  await ipc(['-n', NS, 'link', 'set', PEER_IF, 'up']);
  server = execa(
    'ip',
    ['netns', 'exec', NS, process.execPath, '-e',
      `require('net').createServer((s) => { s.on('error', () => {}); s.end('ok'); }).listen(${PORT}, '::')`],
    { reject: false },
  );
  await waitFor(async () => ((await reachable('10.211.0.2')) ? true : undefined), 'the peer to serve');
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-state-'));
  // The size, not the text: a buffer never used reads "7 (expanded: 1408)",
  // and putting 7 back allocates it ("7").
  bufferBefore = parseBufferSizeKb(fs.readFileSync(BUFFER_KB, 'utf8'));
  backend = await start();
});

afterAll(async () => {
  await backend?.stop();
  server?.kill('SIGKILL');
  await server;
  await execa('ip', ['netns', 'del', NS], { reject: false });
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('XDP filter on a veth pair', () => {
  it('attaches through the API and reports the program as bpftool does', async () => {
    const r = await call('POST', '/api/xdp/attach', { ifname: HOST_IF, mode: 'auto' });
    expect(r.status).toBe(200);
    const s = await status();
    expect(s.attached).toMatchObject({ ifname: HOST_IF, mode: 'native', prog: { name: 'odash_xdp' } });
    expect(s.attached!.prog.id).toBeGreaterThan(0);
    expect(s.attached!.prog.tag).toMatch(/^[0-9a-f]{16}$/);
    expect(s.interfaces.find((i) => i.name === HOST_IF)?.xdp?.progId).toBe(s.attached!.prog.id);
    expect(await ourAttachments()).toEqual([HOST_IF]);
  });

  for (const [cidr, target, force] of [
    ['10.211.0.2/32', '10.211.0.2', false],
    // The /24 holds this interface's own address: only with force.
    ['10.211.0.0/24', '10.211.0.2', true],
    ['fd00:211::2/128', 'fd00:211::2', false],
  ] as const) {
    it(`blocks ${cidr} as source, counting drops, and lets it through once removed`, async () => {
      expect(await reachable(target)).toBe(true);
      let confirm: string | undefined;
      if (force) {
        const refused = await call('POST', '/api/xdp/rules', { cidr, direction: 'src' });
        expect(refused.status).toBe(409);
        expect(String(refused.body.error)).toMatch(/10\.211\.0\.1/);
        confirm = String(refused.body.force);
        expect(confirm).toMatch(/^[0-9a-f]{16}$/);
        // Only what it was shown: a token for other problems does nothing.
        const other = await call('POST', '/api/xdp/rules', { cidr, direction: 'src', force: '0000000000000000' });
        expect([other.status, other.body.force]).toEqual([409, confirm]);
      }
      const added = await call('POST', '/api/xdp/rules', { cidr, direction: 'src', force: confirm });
      expect(added.status).toBe(201);

      expect(await reachable(target)).toBe(false);
      const first = (await status()).rules.find((r) => r.cidr === cidr)!.drops;
      expect(first).toBeGreaterThan(0);
      expect(await reachable(target)).toBe(false);
      const second = (await status()).rules.find((r) => r.cidr === cidr)!.drops;
      expect(second).toBeGreaterThan(first);
      expect((await status()).totals.dropped).toBeGreaterThanOrEqual(second);

      const removed = await call('DELETE', `/api/xdp/rules?cidr=${encodeURIComponent(cidr)}&direction=src`);
      expect(removed.status).toBe(200);
      expect(await reachable(target)).toBe(true);
      expect((await status()).rules).toEqual([]);
    });
  }

  it.runIf(HOST_ONLY)("keeps the owner's SSH session: a default drop needs an allow for it, among the rules there are, and so does removing that allow", async () => {
    // An SSH session arriving on the filtered interface, as an ssh -L
    // owner's browser does (this test's own client is loopback).
    const sshd = net.createServer((c) => c.on('error', () => undefined));
    await new Promise<void>((r) => sshd.listen(22, '10.211.0.1', r));
    const session = execa('ip', ['netns', 'exec', NS, process.execPath, '-e',
      "const s = require('net').connect(22, '10.211.0.1'); s.on('connect', () => console.log('up')); setInterval(() => {}, 1000)"]);
    try {
      await new Promise<void>((r) => session.stdout!.once('data', () => r()));
      const drop = await call('POST', '/api/xdp/default', { default: 'drop' });
      expect(drop.status).toBe(409);
      expect(String(drop.body.error)).toMatch(/no allow rule covers the SSH session from 10\.211\.0\.2 \(tcp 22\)/);
      // With an allow rule for the session the default may drop (the guard
      // looked at no rules at all before, and refused every remote owner).
      expect((await call('POST', '/api/xdp/rules', { cidr: '10.211.0.2', direction: 'src', action: 'allow' })).status).toBe(201);
      expect((await call('POST', '/api/xdp/default', { default: 'drop' })).status).toBe(200);
      // Removing that allow would cut the session: asked first, then done with the token.
      const q = `/api/xdp/rules?cidr=${encodeURIComponent('10.211.0.2/32')}&direction=src`;
      const refused = await call('DELETE', q);
      expect(refused.status).toBe(409);
      expect(String(refused.body.error)).toMatch(/^Removing 10\.211\.0\.2\/32: no allow rule covers the SSH session/);
      expect((await call('DELETE', `${q}&force=${String(refused.body.force)}`)).status).toBe(200);
      expect((await call('POST', '/api/xdp/default', { default: 'pass' })).status).toBe(200);
    } finally {
      session.kill();
      await session.catch(() => undefined);
      sshd.close();
    }
    // A deny on SSH's port is asked about too.
    const ssh = await call('POST', '/api/xdp/rules', { direction: 'src', proto: 'tcp', port: 22 });
    expect([ssh.status, ssh.body.error]).toEqual([409, 'tcp 22 would be in force: tcp 22 would cut SSH (tcp 22) from anywhere']);
    expect((await status()).rules).toEqual([]);
  });

  it.runIf(HOST_ONLY)('answers bad input with 400 or 404 and changes nothing', async () => {
    const before = await status();
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/xdp/rules', { cidr: '10.211.0.300' }, 400],
      ['POST', '/api/xdp/rules', { cidr: '10.211.0.2/33' }, 400],
      ['POST', '/api/xdp/rules', { cidr: '10.211.0.2', direction: 'sideways' }, 400],
      ['POST', '/api/xdp/rules', { cidr: '10.211.0.2', extra: 1 }, 400],
      ['POST', '/api/xdp/rules', '{not json', 400],
      ['POST', '/api/xdp/rules', { cidr: '$(reboot)' }, 400],
      ['POST', '/api/xdp/attach', { ifname: 'nosuch0' }, 404],
      ['POST', '/api/xdp/attach', { ifname: HOST_IF, mode: 'turbo' }, 400],
      ['POST', '/api/xdp/attach', { ifname: '-rf' }, 404],
      ['DELETE', '/api/xdp/rules?cidr=10.9.9.9', undefined, 404],
      ['DELETE', '/api/xdp/rules?cidr=bad', undefined, 400],
      // Bodies that are JSON but not objects: refused, and the audit log
      // (checked in the next test) stays readable.
      ['POST', '/api/xdp/rules', 'null', 400],
      ['POST', '/api/xdp/rules', '"x"', 400],
      ['POST', '/api/xdp/rules', '[1]', 400],
      // Over the 16 KB limit: 413, not a 500.
      ['POST', '/api/xdp/rules', JSON.stringify({ cidr: 'x'.repeat(20_000) }), 413],
    ];
    // 17 control requests at once: the limiter lets 20 through, then 5 a
    // second (http/server.ts), and the test before spent some of them; a
    // fast run of it left too few, and the last case was answered 429.
    await new Promise((r) => setTimeout(r, 4000));
    const csrf = await fetch(`${backend.url}/api/xdp/rules`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${backend.token}`, 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: JSON.stringify({ cidr: '10.211.0.2' }),
    });
    expect(csrf.status).toBe(403);
    for (const [method, route, body, code] of cases) {
      const r = await call(method, route, body);
      expect(r.status, `${method} ${route} ${JSON.stringify(body)}`).toBe(code);
      expect(typeof r.body.error).toBe('string');
    }
    const after = await status();
    expect(after.rules).toEqual(before.rules);
    expect(after.attached?.prog.id).toBe(before.attached?.prog.id);
  });

  it.runIf(HOST_ONLY)('audits every control action, and rate-limits them', async () => {
    const { body } = await call('GET', '/api/audit');
    // What the UI checks it against: every entry, whatever was sent.
    expect(auditAnswerSchema.safeParse(body).success).toBe(true);
    const entries = body.entries as { action: string; args: Record<string, unknown>; result: string; client: string }[];
    expect(entries.find((e) => e.result.startsWith('413 '))).toMatchObject({ client: '127.0.0.1' });
    expect(entries.find((e) => e.action === 'POST /api/xdp/attach' && e.result === 'ok')).toMatchObject({
      args: { ifname: HOST_IF, mode: 'auto' }, result: 'ok', client: '127.0.0.1',
    });
    expect(entries.find((e) => e.args.ifname === 'nosuch0')?.result).toMatch(/^404 no interface/);
    expect(entries.find((e) => e.action === 'POST /api/xdp/rules' && e.args.cidr === '10.211.0.300')?.result).toMatch(/^400 /);
    expect(entries.some((e) => e.action === 'DELETE /api/xdp/rules' && e.result === 'ok')).toBe(true);

    // At once: one after another, a slow machine (qemu) refills the bucket
    // as fast as it is drained; and more of them there, where answering
    // each takes longer than the bucket takes to refill one.
    const burst = 40 * SLOW;
    const codes = (await Promise.all(Array.from({ length: burst }, () => call('POST', '/api/xdp/rules', { cidr: 'bad' })))).map((r) => r.status);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c !== 400 && c !== 429)).toEqual([]);
    await new Promise((r) => setTimeout(r, 4000 * SLOW)); // let the bucket refill for what follows
  });

  it('restores rules after a restart, and reads back a damaged audit log', async () => {
    await call('POST', '/api/xdp/rules', { cidr: '10.211.0.2', direction: 'src' });
    await backend.stop();
    // Lines a crash or an older version may leave: skipped at start.
    fs.appendFileSync(path.join(stateDir, 'audit.log'), '{"time":1,"args":null}\n"x"\n{torn');
    expect(fs.existsSync(PIN_DIR)).toBe(false);
    expect(await ourAttachments()).toEqual([]);
    expect(await reachable('10.211.0.2')).toBe(true);

    backend = await start();
    const s = await status();
    expect(s.attached?.ifname).toBe(HOST_IF);
    expect(s.rules.map((r) => r.cidr)).toEqual(['10.211.0.2/32']);
    expect(await reachable('10.211.0.2')).toBe(false);
    const audit = await call('GET', '/api/audit');
    expect(auditAnswerSchema.safeParse(audit.body).success).toBe(true);
    expect((audit.body.entries as unknown[]).length).toBeGreaterThan(5);
  });

  it('after kill -9, the next start adopts the filter: one program, rules kept', async () => {
    backend.process.kill('SIGKILL');
    await backend.process;
    // The filter stayed in the kernel, pinned and attached.
    expect(await ourAttachments()).toEqual([HOST_IF]);
    expect(await reachable('10.211.0.2')).toBe(false);

    backend = await start();
    expect(await ourAttachments()).toEqual([HOST_IF]);
    expect(await ourPrograms()).toBe(1);
    const s = await status();
    expect(s.rules.map((r) => r.cidr)).toEqual(['10.211.0.2/32']);
    expect(await reachable('10.211.0.2')).toBe(false);
    expect((await status()).rules[0]!.drops).toBeGreaterThan(0);
  });

  it.runIf(HOST_ONLY)('starts with a damaged state file, says so, and keeps the file aside', async () => {
    await backend.stop();
    fs.writeFileSync(path.join(stateDir, 'xdp.json'), '{"version": 1, "rules": [');
    backend = await start();
    const s = await status();
    expect(s.message).toMatch(/xdp\.json was damaged \(.+\); started without rules; it is kept as .*xdp\.json\.bad-/);
    expect(s.rules).toEqual([]);
    expect(fs.readdirSync(stateDir).filter((f) => f.startsWith('xdp.json.bad-'))).toHaveLength(1);
  });

  it.runIf(HOST_ONLY)('refuses a state dir that other users can write to', async () => {
    const open = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-open-'));
    fs.chmodSync(open, 0o777);
    try {
      await expect(startBackend(7187, ['--state-dir', open])).rejects.toThrow(/refusing --state-dir: .* writable by others \(mode 777\)/);
    } finally {
      fs.rmSync(open, { recursive: true, force: true });
    }
  });

  it.runIf(HOST_ONLY)('never adopts pins from a folder another user made', async () => {
    await backend.stop();
    fs.mkdirSync(PIN_DIR, { mode: 0o700 });
    fs.chownSync(PIN_DIR, 65534, 65534);
    try {
      await expect(start()).rejects.toThrow(/cannot set up the XDP filter: .*ebpf-dash belongs to uid 65534/);
    } finally {
      fs.rmSync(PIN_DIR, { recursive: true, force: true });
    }
    backend = await start();
  });

  // Found in the kernel matrix, where every command is slow: the watch
  // was queued every second whether or not the last one had run, and the
  // queue ahead of every action grew until the API hung.
  it.runIf(HOST_ONLY)('answers actions while its interface watch is slow: watches never pile up ahead of them', { timeout: 120_000 }, async () => {
    // An `ip` that takes 2 s a call (a loaded machine, thousands of
    // interfaces), where the watch looks every second.
    const realIp = (await execa('sh', ['-c', 'command -v ip'])).stdout.trim();
    const slow = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-slow-ip-'));
    fs.writeFileSync(path.join(slow, 'ip'), `#!/bin/sh\nsleep 2\nexec ${realIp} "$@"\n`, { mode: 0o755 });
    await backend.stop();
    try {
      backend = await startBackend(7182, ['--state-dir', stateDir], ['env', `PATH=${slow}:${process.env.PATH}`]);
      expect((await call('POST', '/api/xdp/attach', { ifname: HOST_IF })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 15_000));
      const t = performance.now();
      expect((await call('POST', '/api/xdp/rules', { cidr: '198.51.100.1' })).status).toBe(201);
      expect((await call('DELETE', '/api/xdp/rules?cidr=198.51.100.1')).status).toBe(200);
      // The watch running then, and the actions' own calls: about 6 s.
      // Piled up, 15 s of watches were queued ahead of them.
      expect(performance.now() - t).toBeLessThan(12_000);
    } finally {
      await backend.stop();
      fs.rmSync(slow, { recursive: true, force: true });
      backend = await start();
    }
  });

  it('leaves nothing attached or pinned after it stops', async () => {
    await backend.stop();
    expect(await ourAttachments()).toEqual([]);
    expect(await ourPrograms()).toBe(0);
    expect(fs.existsSync(PIN_DIR)).toBe(false);
    expect(await reachable('10.211.0.2')).toBe(true);
    // Even the kill -9 run's larger trace buffer is put back.
    expect(parseBufferSizeKb(fs.readFileSync(BUFFER_KB, 'utf8'))).toBe(bufferBefore);
  });
});
