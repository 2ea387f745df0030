/**
 * A lab to try the filter on without touching a real NIC: a network
 * namespace holding the far end of a veth pair, several peer addresses
 * with a small TCP server and UDP traffic at fixed rates, and a probe that
 * connects to every peer each second from this side.
 *
 *   host: odash-lab0 10.211.0.1/24 fd00:211::1/64   (nothing listens on UDP :7778)
 *           ▲ UDP to :7778: .2 200/s, .3 50/s, .4 10/s, fd00:211::2 20/s, ::3 5/s
 *   netns odash-lab: odash-lab1 10.211.0.2-4/24 fd00:211::2-3/64, TCP :7777
 *
 * Attach the filter to odash-lab0 and block src 10.211.0.2: that peer's
 * replies are dropped as they arrive, and its probe fails; the UDP traffic
 * gives the top talkers a clear order.
 */
import { execa, type Result, type ResultPromise } from 'execa';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { LabStatus, ProbeResult } from '../../protocol/xdp';
import { ip } from './bpftool';

const PEER_ADDRS = ['10.211.0.2/24', '10.211.0.3/24', '10.211.0.4/24', 'fd00:211::2/64', 'fd00:211::3/64'] as const;

export const LAB = {
  netns: 'odash-lab',
  hostIf: 'odash-lab0',
  peerIf: 'odash-lab1',
  hostAddrs: ['10.211.0.1/24', 'fd00:211::1/64'],
  peerAddrs: PEER_ADDRS,
  targets: PEER_ADDRS.map((a) => a.slice(0, a.indexOf('/'))),
  port: 7777,
  /** UDP datagrams each peer sends to the host, per second: different
   *  rates, so the top talkers come in a known order. */
  traffic: [
    { from: '10.211.0.2', to: '10.211.0.1', pps: 200 },
    { from: '10.211.0.3', to: '10.211.0.1', pps: 50 },
    { from: '10.211.0.4', to: '10.211.0.1', pps: 10 },
    { from: 'fd00:211::2', to: 'fd00:211::1', pps: 20 },
    { from: 'fd00:211::3', to: 'fd00:211::1', pps: 5 },
  ],
  trafficPort: 7778,
} as const;

const PROBE_EVERY_MS = 1000;
const PROBE_TIMEOUT_MS = 800;
const HISTORY = 60;
/** How long removal may take before it is reported as failed. */
const GONE_WITHIN_MS = 10_000;
const GONE_POLL_MS = 100;

// The lab's TCP server: answers "ok" and closes. A client whose replies
// the filter drops resets the connection: that must not kill the server.
const SERVER_JS = `require('net').createServer((s) => { s.on('error', () => {}); s.end('ok\\n'); }).listen(${LAB.port}, '::');`;

// The traffic sender: one UDP socket bound to each source address, sending
// every 50 ms what the time since the last batch owes (fractions carried
// over), so the rates hold on average. Per-datagram errors (the filter
// changing, the link going away) are ignored; a failed bind exits before
// "ready", which create() reports.
const SENDER_JS = `
const dgram = require('dgram');
const msg = Buffer.from('odash-lab\\n');
const ignore = () => {};
const bind = (t) => new Promise((ok, fail) => {
  const sock = dgram.createSocket(t.from.includes(':') ? 'udp6' : 'udp4');
  sock.once('error', fail);
  sock.bind({ address: t.from, port: 0 }, () => {
    sock.off('error', fail);
    sock.on('error', ignore);
    ok({ ...t, sock, owed: 0 });
  });
});
Promise.all(${JSON.stringify(LAB.traffic)}.map(bind)).then((senders) => {
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const seconds = Math.min(now - last, 1000) / 1000; // no burst after a stall
    last = now;
    for (const s of senders) {
      for (s.owed += s.pps * seconds; s.owed >= 1; s.owed--) s.sock.send(msg, ${LAB.trafficPort}, s.to, ignore);
    }
  }, 50);
  console.log('ready');
});
`;

export function probeOnce(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (error: string | null) => {
      sock.destroy();
      resolve({
        ok: error === null,
        at: new Date().toISOString(),
        latencyMs: error === null ? Math.round((performance.now() - started) * 10) / 10 : null,
        error,
      });
    };
    sock.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    sock.once('connect', () => done(null));
    sock.once('error', (e) => done(e.message));
  });
}

/** Runs a node script inside the lab's namespace; killed with the lab, or
 *  with this process. */
function spawnInLab(script: string): ResultPromise {
  return execa('ip', ['netns', 'exec', LAB.netns, process.execPath, '-e', script], {
    reject: false,
    stdin: 'ignore',
    cleanup: true,
  });
}

/** Resolves once the subprocess writes its first output; throws if it
 *  exits first. */
async function waitForOutput(sub: ResultPromise, what: string): Promise<void> {
  const output = new Promise<null>((resolve) => sub.stdout?.once('data', () => resolve(null)));
  const exited: Result | null = await Promise.race([output, sub]);
  if (exited) throw new Error(`${what} stopped: ${exited.stderr || `exit ${exited.exitCode}`}`);
}

export class Lab {
  private server: ResultPromise | undefined;
  private sender: ResultPromise | undefined;
  private timer: NodeJS.Timeout | undefined;
  private probes = LAB.targets.map((target) => ({ target, last: null as ProbeResult | null, history: [] as boolean[] }));

  get running(): boolean {
    return this.server !== undefined;
  }

  status(): LabStatus | null {
    if (!this.running) return null;
    const { netns, hostIf, peerIf, hostAddrs, peerAddrs, port } = LAB;
    return {
      netns,
      hostIf,
      peerIf,
      hostAddrs,
      peerAddrs,
      port,
      traffic: LAB.traffic.map(({ from, pps }) => ({ from, pps })),
      probes: this.probes.map((p) => ({ ...p, history: [...p.history] })),
    };
  }

  async create(): Promise<void> {
    if (this.running) return;
    await removeStaleLab();
    try {
      await makeNetwork();
      this.server = spawnInLab(SERVER_JS);
      this.sender = spawnInLab(SENDER_JS);
      await waitForOutput(this.sender, "the lab's traffic sender");
      // Wait for the server to listen before the first probe counts.
      for (let i = 0; i < 50 && !(await allAnswer()); i++) await sleep(100);
    } catch (err) {
      // Leave no half-made lab behind; the creation error is the one to report.
      await this.destroy().catch(() => {});
      throw err;
    }
    this.timer = setInterval(() => void this.probeAll(), PROBE_EVERY_MS);
    await this.probeAll();
  }

  /** Answers once odash-lab0 is gone, or throws saying it is not. */
  async destroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const own = [this.server, this.sender].filter((p) => p !== undefined);
    this.server = undefined;
    this.sender = undefined;
    this.probes = this.probes.map((p) => ({ ...p, last: null, history: [] }));
    await removeLab(own);
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      this.probes.map(async (p) => {
        const r = await probeOnce(p.target, LAB.port);
        p.last = r;
        p.history.push(r.ok);
        if (p.history.length > HISTORY) p.history.shift();
      }),
    );
  }
}

async function allAnswer(): Promise<boolean> {
  return (await Promise.all(LAB.targets.map((t) => probeOnce(t, LAB.port, 200)))).every((r) => r.ok);
}

async function makeNetwork(): Promise<void> {
  const n = LAB.netns;
  // nodad: an address still "tentative" could be neither bound nor reached yet.
  const flags = (a: string) => (a.includes(':') ? ['nodad'] : []);
  await ip(['netns', 'add', n]);
  await ip(['link', 'add', LAB.hostIf, 'type', 'veth', 'peer', 'name', LAB.peerIf, 'netns', n]);
  for (const a of LAB.hostAddrs) await ip(['addr', 'add', a, 'dev', LAB.hostIf, ...flags(a)]);
  await ip(['link', 'set', LAB.hostIf, 'up']);
  for (const a of LAB.peerAddrs) await ip(['-n', n, 'addr', 'add', a, 'dev', LAB.peerIf, ...flags(a)]);
  await ip(['-n', n, 'link', 'set', 'lo', 'up']);
  await ip(['-n', n, 'link', 'set', LAB.peerIf, 'up']);
}

/** Removes a lab left by an earlier run (its processes too); answers once
 *  odash-lab0 is gone, or throws saying it is not. */
export async function removeStaleLab(): Promise<void> {
  await removeLab([]);
}

/** The veth goes first: the namespace, once deleted, is torn down
 *  asynchronously and would keep the pair alive for a minute or more,
 *  while deleting one end deletes both at once. */
async function removeLab(own: ResultPromise[]): Promise<void> {
  await deleteLink(LAB.hostIf);
  for (const p of own) p.kill('SIGKILL');
  await Promise.all(own);
  if (await netnsListed()) {
    await killNetnsProcesses();
    await ip(['netns', 'del', LAB.netns]);
  }
  await waitUntilGone(LAB.hostIf);
}

/** A link already gone is not an error. */
async function deleteLink(name: string): Promise<void> {
  try {
    await ip(['link', 'del', name]);
  } catch (err) {
    if (await linkListed(name)) throw err;
  }
}

async function killNetnsProcesses(): Promise<void> {
  const pids = await execa('ip', ['netns', 'pids', LAB.netns], { reject: false });
  for (const pid of pids.stdout.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function waitUntilGone(name: string): Promise<void> {
  const deadline = performance.now() + GONE_WITHIN_MS;
  while (await linkListed(name)) {
    if (performance.now() > deadline) {
      throw new Error(`${name} is still there ${GONE_WITHIN_MS / 1000} s after removing the lab`);
    }
    await sleep(GONE_POLL_MS);
  }
}

const linksSchema = z.array(z.object({ ifname: z.string() }));

async function linkListed(name: string): Promise<boolean> {
  return linksSchema.parse(JSON.parse(await ip(['-j', 'link', 'show']))).some((l) => l.ifname === name);
}

async function netnsListed(): Promise<boolean> {
  const list = await execa('ip', ['netns', 'list'], { reject: false });
  return list.stdout.split('\n').some((l) => l.split(' ')[0] === LAB.netns);
}
