/**
 * The XDP lab on the real kernel, without the backend: every peer answers
 * the TCP probe, each peer's UDP traffic reaches the host at its stated
 * rate, and removal answers only once the veth pair and the namespace are
 * gone (also twice, and after the interface was deleted by hand).
 */
import { execa } from 'execa';
import dgram from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { SLOW } from './testing/backend';
import { LAB, Lab, probeOnce, removeStaleLab } from './xdp/lab';

// Under emulation (SLOW) the sender stalls, then sends what it owes (up to
// a second of it): a window many times that long keeps the catch-up small.
const MEASURE_MS = 3000 * SLOW;
const labs: Lab[] = [];

async function newLab(): Promise<Lab> {
  const lab = new Lab();
  labs.push(lab);
  await lab.create();
  return lab;
}

async function hostLinks(): Promise<string[]> {
  const links = JSON.parse((await execa('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[];
  return links.map((l) => l.ifname);
}

async function namespaces(): Promise<string[]> {
  return (await execa('ip', ['netns', 'list'])).stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[0] ?? '');
}

async function expectGone(): Promise<void> {
  expect(await hostLinks()).not.toContain(LAB.hostIf);
  expect(await namespaces()).not.toContain(LAB.netns);
}

/** Datagrams per second from each source address. The lab has nothing
 *  listen on its UDP port (arriving packets are what the filter counts);
 *  this binds it on the host's lab addresses for the window only, to count
 *  per source, which the interface's counters cannot. */
async function measureRates(ms: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const sockets = await Promise.all(
    LAB.hostAddrs.map((a) => {
      const address = a.slice(0, a.indexOf('/'));
      const sock = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
      sock.on('message', (_msg, from) => counts.set(from.address, (counts.get(from.address) ?? 0) + 1));
      return new Promise<dgram.Socket>((resolve, reject) => {
        sock.once('error', reject);
        sock.bind({ address, port: LAB.trafficPort }, () => resolve(sock));
      });
    }),
  );
  const started = performance.now();
  await sleep(ms);
  for (const s of sockets) s.close();
  const seconds = (performance.now() - started) / 1000;
  return new Map([...counts].map(([from, n]) => [from, n / seconds]));
}

afterAll(async () => {
  for (const lab of labs) await lab.destroy().catch(() => {});
  await removeStaleLab();
});

describe('the XDP lab', () => {
  it('answers the TCP probe on every peer address', async () => {
    const lab = await newLab();
    for (const target of LAB.targets) expect((await probeOnce(target, LAB.port)).ok, target).toBe(true);
    const status = lab.status();
    expect(status?.probes.map((p) => p.target)).toEqual(LAB.targets);
    expect(status?.probes.every((p) => p.last?.ok)).toBe(true);
    expect(status?.traffic).toEqual(LAB.traffic.map(({ from, pps }) => ({ from, pps })));
  });

  it('sends UDP from each peer at its stated rate', async () => {
    const rates = await measureRates(MEASURE_MS);
    for (const { from, pps } of LAB.traffic) {
      const rate = rates.get(from) ?? 0;
      expect(rate, `${from}: ${rate.toFixed(1)}/s, stated ${pps}/s`).toBeGreaterThanOrEqual(pps * 0.7);
      expect(rate, `${from}: ${rate.toFixed(1)}/s, stated ${pps}/s`).toBeLessThanOrEqual(pps * 1.3);
    }
    const [r2, r3, r4] = ['10.211.0.2', '10.211.0.3', '10.211.0.4'].map((a) => rates.get(a) ?? 0);
    expect(r2).toBeGreaterThan(r3 ?? 0);
    expect(r3).toBeGreaterThan(r4 ?? 0);
    expect([...rates.keys()].sort()).toEqual(LAB.traffic.map((t) => t.from).sort());
  });

  it('answers destroy once the interface and the namespace are gone, also twice', async () => {
    const lab = labs[0];
    expect(lab).toBeDefined();
    await lab?.destroy();
    await expectGone();
    expect(lab?.status()).toBeNull();
    await lab?.destroy();
    await expectGone();
  });

  it('destroys a lab whose interface was deleted by hand', async () => {
    const lab = await newLab();
    expect(await hostLinks()).toContain(LAB.hostIf);
    await execa('ip', ['link', 'del', LAB.hostIf]);
    await lab.destroy();
    await expectGone();
  });
});
