/**
 * The network loop on the real kernel, through the API, on the lab's veth
 * pair (a namespace with three IPv4 peers sending at 200, 50 and 10
 * packets a second): who is talking, blocking the busiest for five seconds
 * while the others still connect, port rules, an allow list, lists in and
 * out, and state that never looks enforced when it is not (detached, the
 * interface gone and back, the lab removed, a restore the guard refuses).
 */
import { execa } from 'execa';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAnswerSchema, talkersAnswerSchema, xdpStatusSchema, type XdpStatus } from '../protocol/xdp';
import { HOST_ONLY, SLOW, fetchRetrying, startBackend, waitFor, type Backend } from './testing/backend';
import { LAB, probeOnce } from './xdp/lab';

const PORT = 7195;
/** A veth pair of this test's own, for the interface that goes away. */
const GONE_IF = 'odnet0';
const GONE_PEER = 'odnet1';

let backend: Backend;
let stateDir: string;
const hostServers: net.Server[] = [];

async function call(method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  for (;;) {
    const res = await fetchRetrying(backend.url + route, {
      method,
      headers: { Authorization: `Bearer ${backend.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Control requests are rate-limited per client: this test makes many.
    if (res.status === 429) {
      await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
      continue;
    }
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
}

const status = async (): Promise<XdpStatus> => xdpStatusSchema.parse((await call('GET', '/api/xdp')).body);
const talkers = async (group = 'addr') => talkersAnswerSchema.parse((await call('GET', `/api/xdp/talkers?group=${group}`)).body);
const audit = async () => auditAnswerSchema.parse((await call('GET', '/api/audit')).body).entries;
const reachable = async (host: string) => (await probeOnce(host, LAB.port, 800 * SLOW)).ok;

/** A TCP connection from inside the lab (from one of its addresses) to the host. */
async function connectsFromLab(port: number, from?: string): Promise<boolean> {
  const opts = JSON.stringify({ host: '10.211.0.1', port, ...(from ? { localAddress: from } : {}) });
  const script = `const s = require('net').connect(${opts}); s.setTimeout(${1000 * SLOW}, () => process.exit(1));
    s.on('connect', () => process.exit(0)); s.on('error', () => process.exit(1));`;
  const r = await execa('ip', ['netns', 'exec', LAB.netns, process.execPath, '-e', script], { reject: false });
  return r.exitCode === 0;
}

async function attachLab(): Promise<void> {
  expect((await call('POST', '/api/xdp/attach', { ifname: LAB.hostIf, mode: 'auto' })).status).toBe(200);
}

async function removeEveryRule(): Promise<void> {
  for (const r of (await status()).rules) {
    const q = new URLSearchParams({ direction: r.direction });
    if (r.cidr) q.set('cidr', r.cidr);
    if (r.proto) q.set('proto', r.proto);
    if (r.port) q.set('port', String(r.port));
    expect((await call('DELETE', `/api/xdp/rules?${q}`)).status).toBe(200);
  }
}

beforeAll(async () => {
  await execa('ip', ['link', 'del', GONE_IF], { reject: false });
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-net-'));
  backend = await startBackend(PORT, ['--state-dir', stateDir]);
  expect((await call('POST', '/api/xdp/lab')).status).toBe(201);
  await attachLab();
  for (const port of [8080, 8081]) {
    const server = net.createServer((s) => s.on('error', () => {}).end('ok')).listen(port, '10.211.0.1');
    hostServers.push(server);
  }
});

afterAll(async () => {
  for (const s of hostServers) s.close();
  await call('DELETE', '/api/xdp/lab').catch(() => undefined);
  await backend?.stop();
  await execa('ip', ['link', 'del', GONE_IF], { reject: false });
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('top talkers', () => {
  it('lists the lab peers busiest first, with rates, per address and per /24', async () => {
    const order = ['10.211.0.2', '10.211.0.3', '10.211.0.4'];
    const answer = await waitFor(async () => {
      const t = await talkers();
      const seen = t.talkers.filter((x) => order.includes(x.addr));
      return seen.length === 3 && seen.every((x) => x.pps !== null && x.packets > 20) ? t : undefined;
    }, 'all three peers with rates', 20_000);
    expect(answer.attached).toBe(true);
    expect(answer.talkers.map((t) => t.addr).filter((a) => order.includes(a))).toEqual(order);
    const [busiest, middle, quiet] = order.map((a) => answer.talkers.find((t) => t.addr === a)!);
    expect(busiest!.pps!).toBeGreaterThan(middle!.pps!);
    expect(middle!.pps!).toBeGreaterThan(quiet!.pps!);
    expect(busiest!.bytes).toBeGreaterThan(busiest!.packets * 40);
    expect(Date.now() - Date.parse(busiest!.lastSeen)).toBeLessThan(5000 * SLOW);

    const grouped = await talkers('prefix');
    const lab24 = grouped.talkers.find((t) => t.addr === '10.211.0.0/24');
    expect(lab24?.packets).toBeGreaterThanOrEqual(busiest!.packets + middle!.packets + quiet!.packets);
    expect(grouped.talkers.some((t) => t.addr === 'fd00:211::/64')).toBe(true);
  });

  it('blocks the busiest for 5 s: it cannot connect while the others can; then it is back and the rule gone', async () => {
    // Five seconds; longer where every step is slower (qemu), so the
    // probes run well inside the lifetime.
    const ttlSeconds = 5 * SLOW;
    const added = await call('POST', '/api/xdp/rules', { cidr: '10.211.0.2', ttlSeconds, comment: 'top talker' });
    expect(added.status).toBe(201);
    const rule = added.body.rule as XdpStatus['rules'][number];
    expect(rule).toMatchObject({ cidr: '10.211.0.2/32', comment: 'top talker', active: true });
    const lifetime = Date.parse(rule.expiresAt!) - Date.parse(rule.createdAt);
    expect(lifetime).toBeGreaterThanOrEqual(ttlSeconds * 1000);
    expect(lifetime).toBeLessThan(ttlSeconds * 1000 + 1000);

    expect(await reachable('10.211.0.2')).toBe(false);
    expect(await reachable('10.211.0.3')).toBe(true);
    expect(await reachable('10.211.0.4')).toBe(true);
    const dropping = await waitFor(async () => {
      const t = (await talkers()).talkers.find((x) => x.addr === '10.211.0.2');
      return t && t.dropped > 0 && (t.droppedPps ?? 0) > 0 ? t : undefined;
    }, 'the busiest talker counted as dropped');
    expect(dropping.dropped).toBeGreaterThan(0);

    await waitFor(async () => ((await status()).rules.length === 0 ? true : undefined), 'the rule to expire', 25_000);
    expect(await reachable('10.211.0.2')).toBe(true);
    const expired = (await audit()).find((e) => e.action === 'expire');
    expect(expired).toMatchObject({ client: 'ebpf-dash', result: 'ok', args: { rule: '10.211.0.2/32' } });
  });
});

describe('port rules', () => {
  it('tcp 8080 stops connections to 8080 and not to 8081, counting drops', async () => {
    expect(await connectsFromLab(8080)).toBe(true);
    expect((await call('POST', '/api/xdp/rules', { proto: 'tcp', port: 8080 })).status).toBe(201);
    expect(await connectsFromLab(8080)).toBe(false);
    expect(await connectsFromLab(8081)).toBe(true);
    const rule = (await status()).rules.find((r) => r.port === 8080)!;
    expect(rule).toMatchObject({ cidr: null, proto: 'tcp', action: 'deny' });
    expect(rule.drops).toBeGreaterThan(0);
    expect((await call('DELETE', '/api/xdp/rules?proto=tcp&port=8080')).status).toBe(200);
    expect(await connectsFromLab(8080)).toBe(true);
  });

  it('with an address, only that source is stopped', async () => {
    expect((await call('POST', '/api/xdp/rules', { cidr: '10.211.0.3', proto: 'tcp', port: 8080 })).status).toBe(201);
    expect(await connectsFromLab(8080, '10.211.0.3')).toBe(false);
    expect(await connectsFromLab(8080, '10.211.0.2')).toBe(true);
    await removeEveryRule();
  });

  it.runIf(HOST_ONLY)('refuses a protocol without a port, a port rule on destination, and IPv4-mapped addresses', async () => {
    const cases: [unknown, RegExp][] = [
      [{ proto: 'udp' }, /needs a port/],
      [{ cidr: '10.211.0.2', direction: 'dst', port: 80 }, /source address/],
      [{ port: 70000 }, /65535/],
      [{}, /an address \(cidr\), a port, or both/],
      [{ cidr: '::ffff:10.211.0.2' }, /IPv4-mapped.*use 10\.211\.0\.2/],
      [{ cidr: '10.211.0.2', comment: 'two\nlines' }, /one line/],
    ];
    for (const [body, why] of cases) {
      const r = await call('POST', '/api/xdp/rules', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(String(r.body.error)).toMatch(why);
    }
    expect((await status()).rules).toEqual([]);
  });
});

describe('bad input', () => {
  it.runIf(HOST_ONLY)('answers every new route\'s bad input with a 4xx and a sentence, and changes nothing', async () => {
    const before = await status();
    const cases: [string, string, unknown, number][] = [
      ['GET', '/api/xdp/talkers?group=everyone', undefined, 400],
      ['GET', '/api/xdp/talkers?limit=-1', undefined, 400],
      ['POST', '/api/xdp/default', { default: 'maybe' }, 400],
      ['POST', '/api/xdp/default', { default: 'drop', extra: 1 }, 400],
      ['POST', '/api/xdp/rules/import', { text: 42 }, 400],
      ['POST', '/api/xdp/rules/import', { text: '1.2.3.4', ttlSeconds: 0 }, 400],
      ['DELETE', '/api/xdp/rules/by-comment', undefined, 400],
      ['DELETE', '/api/xdp/rules?port=abc', undefined, 400],
      ['DELETE', '/api/xdp/rules?proto=tcp&port=9', undefined, 404],
      ['POST', '/api/xdp/rules', { cidr: '10.211.0.2', ttlSeconds: 1e12 }, 400],
    ];
    for (const [method, route, body, want] of cases) {
      const r = await call(method, route, body);
      expect(r.status, `${method} ${route}`).toBe(want);
      expect(typeof r.body.error).toBe('string');
    }
    // Over the 4 MB limit: 413, and the connection closed without reading
    // the rest, so a slow client may see the reset before the answer; the
    // audit log has what the server said.
    const big = await call('POST', '/api/xdp/rules/import', { text: 'x'.repeat(5 * 1024 * 1024) }).catch((err: Error) => err);
    if (!(big instanceof Error)) expect(big.status).toBe(413);
    const refused = (await audit()).find((e) => e.action === 'POST /api/xdp/rules/import');
    expect(refused?.result).toMatch(/^413 request body over/);
    const after = await status();
    expect(after.rules).toEqual(before.rules);
    expect(after.default).toBe('pass');
  });
});

describe('allow list', () => {
  it('drops what no allow rule matches, once asked, and counts it apart', async () => {
    expect((await call('POST', '/api/xdp/default', { default: 'drop' })).status).toBe(200);
    expect((await status()).default).toBe('drop');
    expect(await reachable('10.211.0.3')).toBe(false);
    expect((await call('POST', '/api/xdp/rules', { cidr: '10.211.0.3', action: 'allow' })).status).toBe(201);
    expect(await reachable('10.211.0.3')).toBe(true);
    expect(await reachable('10.211.0.2')).toBe(false);
    const s = await status();
    expect(s.totals.unlisted).toBeGreaterThan(0);
    expect(s.rules.find((r) => r.cidr === '10.211.0.3/32')?.drops).toBe(0);

    expect((await call('POST', '/api/xdp/default', { default: 'pass' })).status).toBe(200);
    expect(await reachable('10.211.0.2')).toBe(true);
    await removeEveryRule();
  });
});

describe('block lists in and out', () => {
  it.runIf(HOST_ONLY)('imports a netset only when every line reads, and exports what it holds', async () => {
    const bad = await call('POST', '/api/xdp/rules/import', { text: '# list\n198.51.100.0/24\n198.51.100.300\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.lines).toEqual([{ line: 3, text: '198.51.100.300', error: expect.stringMatching(/not an IPv4/) }]);
    expect((await status()).rules).toEqual([]);

    const text = '#\n# firehol-like\n#\n198.51.100.0/24\n203.0.113.7\n2001:db8::/32  # docs\n';
    const ok = await call('POST', '/api/xdp/rules/import', { text, comment: 'test list', ttlSeconds: 600 });
    expect(ok).toMatchObject({ status: 200, body: { added: 3, present: 0 } });
    expect((await call('POST', '/api/xdp/rules/import', { text })).body).toEqual({ added: 0, present: 3 });

    const res = await fetch(`${backend.url}/api/xdp/rules.netset`, { headers: { Authorization: `Bearer ${backend.token}` } });
    expect(res.headers.get('content-disposition')).toMatch(/ebpf-dash-rules-.*\.netset/);
    const exported = await res.text();
    expect(exported).toContain('# test list\n198.51.100.0/24\n203.0.113.7/32\n2001:db8::/32\n');

    // A list goes as it came: by its comment.
    expect((await call('DELETE', '/api/xdp/rules/by-comment?comment=test%20list')).body).toEqual({ removed: 3 });
    expect((await status()).rules).toEqual([]);
    expect((await call('DELETE', '/api/xdp/rules/by-comment?comment=test%20list')).status).toBe(404);
  });

  it('takes a list of FireHOL level 1 size (5,000 prefixes) in one go, and still answers status and drops', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `100.${64 + (i >> 8)}.${i & 255}.0/24`);
    const started = performance.now();
    const r = await call('POST', '/api/xdp/rules/import', { text: `# big list\n${lines.join('\n')}\n10.211.0.4\n`, comment: 'big' });
    const importMs = performance.now() - started;
    expect(r.body).toEqual({ added: 5001, present: 0 });
    const before = performance.now();
    const s = await status();
    const statusMs = performance.now() - before;
    expect(s.rules).toHaveLength(5001);
    // The last line of the list is enforced like the first.
    expect(await reachable('10.211.0.4')).toBe(false);
    // Thousands of counters are read every few seconds, not at every poll.
    await waitFor(async () => ((await status()).rules.find((x) => x.cidr === '10.211.0.4/32')!.drops > 0 ? true : undefined), 'its drops counted');
    console.info(`import of 5,001 rules: ${Math.round(importMs)} ms; status with them: ${Math.round(statusMs)} ms`);
    expect((await call('DELETE', '/api/xdp/rules/by-comment?comment=big')).body).toEqual({ removed: 5001 });
    expect(await reachable('10.211.0.4')).toBe(true);
  });

  it.runIf(HOST_ONLY)('refuses, unless forced, a list that covers an address of the filtered interface', async () => {
    const r = await call('POST', '/api/xdp/rules/import', { text: '10.211.0.0/16\n' });
    expect(r.status).toBe(409);
    expect(String(r.body.force)).toMatch(/^[0-9a-f]{16}$/);
    expect(String(r.body.error)).toMatch(/10\.211\.0\.0\/16 covers 10\.211\.0\.1, an address of odash-lab0/);
    expect((await status()).rules).toEqual([]);
  });
});

describe('honest state', () => {
  it.runIf(HOST_ONLY)('checks rules at attach: one added while detached is refused when it would take effect', async () => {
    expect((await call('POST', '/api/xdp/detach', {})).status).toBe(200);
    expect((await call('POST', '/api/xdp/rules', { cidr: '10.211.0.0/24' })).status).toBe(201);
    const s = await status();
    expect(s.attached).toBeNull();
    expect(s.rules.map((r) => r.active)).toEqual([false]);

    const refused = await call('POST', '/api/xdp/attach', { ifname: LAB.hostIf });
    expect(refused.status).toBe(409);
    expect(String(refused.body.force)).toMatch(/^[0-9a-f]{16}$/);
    expect(String(refused.body.error)).toMatch(/Attaching to odash-lab0.*10\.211\.0\.1/);
    expect((await status()).attached).toBeNull();
    await removeEveryRule();
    await attachLab();
  });

  it('says and audits when its interface goes away, and re-attaches when it comes back', async () => {
    const makeLink = async () => {
      await execa('ip', ['link', 'add', GONE_IF, 'type', 'veth', 'peer', 'name', GONE_PEER]);
      await execa('ip', ['addr', 'add', '10.212.0.1/24', 'dev', GONE_IF]);
    };
    await makeLink();
    expect((await call('POST', '/api/xdp/attach', { ifname: GONE_IF, mode: 'generic' })).status).toBe(200);
    expect((await call('POST', '/api/xdp/rules', { cidr: '198.51.100.9' })).status).toBe(201);
    expect((await status()).rules[0]!.active).toBe(true);

    await execa('ip', ['link', 'del', GONE_IF]);
    const gone = await waitFor(async () => {
      const s = await status();
      return s.attached === null && s.message ? s : undefined;
    }, 'the filter to notice');
    expect(gone.message).toMatch(/odnet0 is gone/);
    expect(gone.wanted).toMatchObject({ ifname: GONE_IF });
    expect(gone.rules[0]!.active).toBe(false);
    expect((await audit()).find((e) => e.action === 'detached')).toMatchObject({ client: 'ebpf-dash', result: 'the interface is gone' });

    await makeLink();
    const back = await waitFor(async () => {
      const s = await status();
      return s.attached?.ifname === GONE_IF ? s : undefined;
    }, 'the filter back on its interface');
    expect(back.rules[0]!.active).toBe(true);
    expect(back.message).toBeNull();
    expect((await audit())[0]).toMatchObject({ action: 'attach', result: 'ok: the interface came back' });
    await removeEveryRule();
  });

  it.runIf(HOST_ONLY)('a rule whose lifetime ends while the backend is down is gone at the next start, and audited', async () => {
    expect((await call('POST', '/api/xdp/rules', { cidr: '198.51.100.77', ttlSeconds: 2 })).status).toBe(201);
    await backend.stop();
    await sleep(2500);
    backend = await startBackend(PORT, ['--state-dir', stateDir]);
    expect((await status()).rules).toEqual([]);
    expect((await audit()).find((e) => e.action === 'expire' && e.args.rule === '198.51.100.77/32')).toMatchObject({
      client: 'ebpf-dash',
      result: 'ok',
    });
  });

  it.runIf(HOST_ONLY)('a restore the guard refuses stays detached and says why', async () => {
    // A state file naming a rule the user never confirmed that covers the
    // interface's address (its addresses changed while the backend was down).
    await backend.stop();
    fs.writeFileSync(
      path.join(stateDir, 'xdp.json'),
      JSON.stringify({
        version: 2,
        attached: { ifname: GONE_IF, mode: 'generic' },
        default: 'pass',
        rules: [{
          cidr: '10.212.0.0/24', direction: 'src', proto: null, port: null, action: 'deny', id: 0,
          createdAt: new Date().toISOString(), expiresAt: null, comment: '', confirmed: false,
        }],
      }),
    );
    backend = await startBackend(PORT, ['--state-dir', stateDir]);
    const s = await status();
    expect(s.attached).toBeNull();
    expect(s.message).toMatch(/not re-attached to odnet0 at start: 10\.212\.0\.0\/24 covers 10\.212\.0\.1/);
    expect(s.rules[0]).toMatchObject({ cidr: '10.212.0.0/24', active: false });
    // Detach while not running: stop wanting that interface.
    expect((await call('POST', '/api/xdp/detach', {})).status).toBe(200);
    expect(await status()).toMatchObject({ wanted: null, message: null, attached: null });
    await removeEveryRule();
    await execa('ip', ['link', 'del', GONE_IF]);
    expect((await call('POST', '/api/xdp/lab')).status).toBe(201);
  });

  it('removing the lab detaches the filter, audited, and answers once the interface is gone', async () => {
    await attachLab();
    expect((await call('DELETE', '/api/xdp/lab')).status).toBe(200);
    const links = JSON.parse((await execa('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[];
    expect(links.map((l) => l.ifname)).not.toContain(LAB.hostIf);
    const s = await status();
    expect(s.attached).toBeNull();
    expect(s.wanted).toBeNull();
    expect((await audit()).find((e) => e.action === 'detach')).toMatchObject({
      client: 'ebpf-dash',
      args: { ifname: LAB.hostIf },
      result: 'ok: the lab it ran on was removed',
    });
  });

  it.runIf(HOST_ONLY)('an exit takes the lab away and the filter off it: the next start waits for no lab', async () => {
    expect((await call('POST', '/api/xdp/lab')).status).toBe(201);
    await attachLab();
    await backend.stop();
    backend = await startBackend(PORT, ['--state-dir', stateDir]);
    expect(await status()).toMatchObject({ attached: null, wanted: null, message: null });
    expect((await audit()).find((e) => e.action === 'detach')).toMatchObject({
      client: 'ebpf-dash',
      args: { ifname: LAB.hostIf },
      result: 'ok: the lab it ran on was removed at exit',
    });
  });
});
