/**
 * A lab to try the filter on without touching a real NIC: a network
 * namespace holding the far end of a veth pair and a small TCP server, and
 * a probe that connects to it every second from this side.
 *
 *   host: odash-lab0 10.211.0.1/24 fd00:211::1/64
 *   netns odash-lab: odash-lab1 10.211.0.2/24 fd00:211::2/64, TCP :7777
 *
 * Attach the filter to odash-lab0 and block src 10.211.0.2: the server's
 * replies are dropped as they arrive, and the probe fails.
 */
import { execa, type ResultPromise } from 'execa';
import net from 'node:net';
import type { LabStatus, ProbeResult } from '../../protocol/xdp';
import { ip } from './bpftool';

export const LAB = {
  netns: 'odash-lab',
  hostIf: 'odash-lab0',
  peerIf: 'odash-lab1',
  hostAddrs: ['10.211.0.1/24', 'fd00:211::1/64'],
  peerAddrs: ['10.211.0.2/24', 'fd00:211::2/64'],
  targets: ['10.211.0.2', 'fd00:211::2'],
  port: 7777,
} as const;

const PROBE_EVERY_MS = 1000;
const PROBE_TIMEOUT_MS = 800;
const HISTORY = 60;


// The lab's TCP server: answers "ok" and closes. A client whose replies
// the filter drops resets the connection: that must not kill the server.
const SERVER_JS = `require('net').createServer((s) => { s.on('error', () => {}); s.end('ok\\n'); }).listen(${LAB.port}, '::');`;

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

export class Lab {
  private server: ResultPromise | undefined;
  private timer: NodeJS.Timeout | undefined;
  private probes = LAB.targets.map((target) => ({ target, last: null as ProbeResult | null, history: [] as boolean[] }));

  get running(): boolean {
    return this.server !== undefined;
  }

  status(): LabStatus | null {
    if (!this.running) return null;
    const { netns, hostIf, peerIf, hostAddrs, peerAddrs, port } = LAB;
    return { netns, hostIf, peerIf, hostAddrs, peerAddrs, port, probes: this.probes.map((p) => ({ ...p, history: [...p.history] })) };
  }

  async create(): Promise<void> {
    if (this.running) return;
    await removeStaleLab();
    const n = LAB.netns;
    await ip(['netns', 'add', n]);
    await ip(['link', 'add', LAB.hostIf, 'type', 'veth', 'peer', 'name', LAB.peerIf, 'netns', n]);
    for (const a of LAB.hostAddrs) await ip(['addr', 'add', a, 'dev', LAB.hostIf, ...(a.includes(':') ? ['nodad'] : [])]);
    await ip(['link', 'set', LAB.hostIf, 'up']);
    for (const a of LAB.peerAddrs) await ip(['-n', n, 'addr', 'add', a, 'dev', LAB.peerIf, ...(a.includes(':') ? ['nodad'] : [])]);
    await ip(['-n', n, 'link', 'set', 'lo', 'up']);
    await ip(['-n', n, 'link', 'set', LAB.peerIf, 'up']);
    this.server = execa('ip', ['netns', 'exec', n, process.execPath, '-e', SERVER_JS], {
      reject: false,
      stdin: 'ignore',
      cleanup: true,
    });
    // Wait for the server to listen before the first probe counts.
    for (let i = 0; i < 50; i++) {
      if ((await probeOnce(LAB.targets[0], LAB.port, 200)).ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    this.timer = setInterval(() => void this.probeAll(), PROBE_EVERY_MS);
    await this.probeAll();
  }

  async destroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.server?.kill('SIGKILL');
    await this.server;
    this.server = undefined;
    this.probes = this.probes.map((p) => ({ ...p, last: null, history: [] }));
    await removeStaleLab();
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

/** Removes a lab left by an earlier run (its server too); deleting the
 *  namespace deletes the veth pair. */
export async function removeStaleLab(): Promise<void> {
  const list = await execa('ip', ['netns', 'list'], { reject: false });
  if (!list.stdout.split('\n').some((l) => l.split(' ')[0] === LAB.netns)) return;
  const pids = await execa('ip', ['netns', 'pids', LAB.netns], { reject: false });
  for (const pid of pids.stdout.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await ip(['netns', 'del', LAB.netns]);
}
