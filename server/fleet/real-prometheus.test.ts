/**
 * fleetHosts against a real Prometheus (Debian's package), running
 * deploy/prometheus.yml and alerts.yml with only the targets, the token
 * file and the interval (2 s) changed. It scrapes two tiny exporters in this
 * test that serve ebpfdash_* series in the text format behind a bearer
 * token, and one target where nothing listens:
 *   a: tracer running (fentry); 17 opens/s, 2 of them failed; 7 events lost
 *      once Prometheus has seen none lost; XDP attached, 100 packets/s
 *      passed, 3 dropped.
 *   b: tracer down; opens counted but none new, none ever failed; XDP asked
 *      for but not attached, no packet counters.
 *   c: nothing listens.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FleetAnswer, FleetHost } from '../../protocol/fleet';
import { fleetHosts } from './hosts';
import { queryVector } from './prometheus';
import { startPrometheus, writeExampleConfig, type RunningPrometheus } from './testing';

const PROM_PORT = 7254;
const TOKEN = 'fleet-test-token-7254';

let dir: string;
let prometheus: RunningPrometheus | undefined;
const exporters: http.Server[] = [];
let a = '';
let b = '';
let c = '';
/** Scrapes of a that carried the token, and requests that did not. */
let scrapesOfA = 0;
let refused = 0;
/** a's lost events: 0 until Prometheus has stored that (a scrape that
 *  times out on a busy machine is counted here but not stored there). */
let lostOfA = 0;

function series(name: string, type: 'counter' | 'gauge', rows: ReadonlyArray<[Record<string, string>, number]>): string {
  const labels = (l: Record<string, string>) => {
    const s = Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(',');
    return s ? `{${s}}` : '';
  };
  return [`# HELP ${name} test`, `# TYPE ${name} ${type}`, ...rows.map(([l, v]) => `${name}${labels(l)} ${v}`)].join('\n');
}

function exposeA(t: number): string {
  return [
    series('ebpfdash_opens_total', 'counter', [
      [{ comm: 'cat', syscall: 'openat', result: 'ok' }, 10 * t],
      [{ comm: 'ls', syscall: 'openat', result: 'ok' }, 5 * t],
      [{ comm: 'ls', syscall: 'openat', result: 'ENOENT' }, 2 * t],
    ]),
    series('ebpfdash_events_lost_total', 'counter', [[{}, lostOfA]]),
    series('ebpfdash_tracer_up', 'gauge', [[{}, 1]]),
    series('ebpfdash_tracer_info', 'gauge', [[{ attach: 'fentry' }, 1]]),
    series('ebpfdash_xdp_packets_total', 'counter', [
      [{ ifname: 'eth0', action: 'pass' }, 100 * t],
      [{ ifname: 'eth0', action: 'drop' }, 3 * t],
    ]),
    series('ebpfdash_xdp_attached', 'gauge', [[{}, 1]]),
    series('ebpfdash_xdp_wanted', 'gauge', [[{}, 1]]),
    '',
  ].join('\n');
}

function exposeB(): string {
  return [
    series('ebpfdash_opens_total', 'counter', [[{ comm: 'cat', syscall: 'openat', result: 'ok' }, 40]]),
    series('ebpfdash_events_lost_total', 'counter', [[{}, 0]]),
    series('ebpfdash_tracer_up', 'gauge', [[{}, 0]]),
    series('ebpfdash_xdp_attached', 'gauge', [[{}, 0]]),
    series('ebpfdash_xdp_wanted', 'gauge', [[{}, 1]]),
    '',
  ].join('\n');
}

async function exporter(body: () => string, onScrape: () => void = () => {}): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      refused++;
      res.writeHead(401).end();
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    onScrape();
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(body());
  });
  exporters.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odash-fleet-'));
  const started = Date.now();
  a = await exporter(() => exposeA((Date.now() - started) / 1000), () => scrapesOfA++);
  b = await exporter(exposeB);
  // A port that was just free: nothing listens there.
  const gone = await exporter(() => '');
  c = gone;
  await new Promise<void>((resolve) => exporters.pop()!.close(() => resolve()));
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const config = writeExampleConfig(dir, { tokenFile, targets: [a, b, c], interval: '2s' });
  prometheus = await startPrometheus(config, dir, PROM_PORT);
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(exporters.map((s) => new Promise((resolve) => s.close(resolve))));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Asks until `done` holds for a whole answer (Prometheus needs a few
 *  scrapes, and a minute of them for a rate over [1m] to be the whole
 *  rate; on a busy machine a query may time out now and then). */
async function fleetUntil(done: (answer: FleetAnswer) => boolean, ms: number): Promise<FleetAnswer> {
  const deadline = Date.now() + ms;
  let answer = await fleetHosts(prometheus!.url);
  while (answer.error !== null || !done(answer)) {
    if (Date.now() > deadline) {
      const lost = await fetch(`${prometheus!.url}/api/v1/query?query=ebpfdash_events_lost_total[1m]`).then((r) => r.text(), String);
      throw new Error(
        `the fleet never came right; last answer: ${JSON.stringify(answer)}\nscrapes of a: ${scrapesOfA}, refused: ${refused}\n` +
          `lost samples: ${lost}\nprometheus said: ${prometheus!.output()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
    answer = await fleetHosts(prometheus!.url);
  }
  return answer;
}

const find = (answer: FleetAnswer, instance: string): FleetHost | undefined => answer.hosts.find((x) => x.instance === instance);
const host = (answer: FleetAnswer, instance: string): FleetHost => {
  const h = find(answer, instance);
  if (!h) throw new Error(`no row for ${instance} in ${JSON.stringify(answer.hosts)}`);
  return h;
};
const near = (x: number | null | undefined, want: number, within: number) => x != null && Math.abs(x - want) <= within;

describe('fleetHosts against a real Prometheus', () => {
  it('lists every target of the job, the one it cannot scrape too, with what each exports', async () => {
    // Two stored scrapes of a with nothing lost, then a loss.
    await fleetUntil((x) => find(x, a)?.lostLastHour === 0, 45_000);
    lostOfA = 7;
    const answer = await fleetUntil(
      (x) => x.hosts.length === 3 && x.hosts.every((h) => h.up !== null) && find(x, a)?.openRate != null &&
        find(x, b)?.openRate != null && (find(x, a)?.lostLastHour ?? 0) > 0,
      30_000,
    );
    expect(answer.error).toBeNull();
    expect(answer.prometheus).toBe(prometheus!.url);
    expect(answer.hosts.map((h) => h.instance)).toEqual([a, b, c].sort());
    expect(host(answer, a)).toMatchObject({
      up: true, tracerUp: true, attach: 'fentry', xdpAttached: true, xdpWanted: true, dashboardUrl: `http://${a}/`,
    });
    // increase() extrapolates to the end of the window: 7 or more, while
    // the samples span a few seconds only (see the last test).
    expect(host(answer, a).lostLastHour).toBeGreaterThanOrEqual(7);
    // Nothing new and nothing failed is 0, not unknown; no XDP counters is unknown.
    expect(host(answer, b)).toEqual({
      instance: b, up: true, tracerUp: false, attach: null, openRate: 0, failureRate: 0, lostLastHour: 0,
      xdpDropRate: null, xdpAttached: false, xdpWanted: true, dashboardUrl: `http://${b}/`,
    });
    expect(host(answer, c)).toEqual({
      instance: c, up: false, tracerUp: null, attach: null, openRate: null, failureRate: null, lostLastHour: null,
      xdpDropRate: null, xdpAttached: null, xdpWanted: null, dashboardUrl: `http://${c}/`,
    });
    // Every scrape carried the token from the credentials_file.
    expect(scrapesOfA).toBeGreaterThanOrEqual(3);
    expect(refused).toBe(0);
  }, 90_000);

  it('the alerts of deploy/alerts.yml load and evaluate against it', async () => {
    const rules = z.object({
      data: z.object({ groups: z.array(z.object({ rules: z.array(z.object({ name: z.string(), health: z.string(), lastError: z.string().optional() })) })) }),
    });
    const loaded = rules.parse(await (await fetch(`${prometheus!.url}/api/v1/rules`)).json()).data.groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name).sort()).toEqual(['EbpfDashEventsLost', 'EbpfDashTracerDown', 'EbpfDashXdpDetached']);
    expect(loaded.filter((r) => r.health !== 'ok' && r.health !== 'unknown')).toEqual([]);
    // Pending or firing by now: the tracer of b and the scrape of c; b's
    // filter; a's loss (firing at once).
    const seen = async () =>
      (await queryVector(prometheus!.url, 'ALERTS', Date.now() / 1000))
        .map((s) => `${s.labels.alertname} ${s.labels.instance} ${s.labels.cause ?? ''}`.trim())
        .sort();
    const want = [
      `EbpfDashEventsLost ${a}`, `EbpfDashTracerDown ${b} tracer`, `EbpfDashTracerDown ${c} scrape`, `EbpfDashXdpDetached ${b}`,
    ].sort();
    const deadline = Date.now() + 30_000;
    let got = await seen();
    while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      got = await seen();
    }
    expect(got).toEqual(want);
  }, 40_000);

  it('gives the rates over the last minute, once a minute of scrapes is in', async () => {
    // Before a minute of samples, Prometheus' rate() over [1m] is a share of
    // the whole rate; after it, the rate the exporter counts at.
    const answer = await fleetUntil((x) => near(find(x, a)?.openRate, 17, 0.2), 120_000);
    const { failureRate, xdpDropRate, lostLastHour } = host(answer, a);
    expect(near(failureRate, 2, 0.1), `failureRate ${failureRate}`).toBe(true);
    expect(near(xdpDropRate, 3, 0.1), `xdpDropRate ${xdpDropRate}`).toBe(true);
    // A minute of samples, and the loss is 7 to within the extrapolation.
    expect(near(lostLastHour, 7, 0.5), `lostLastHour ${lostLastHour}`).toBe(true);
    expect(answer.error).toBeNull();
  }, 130_000);

  it('says when Prometheus refuses a query, or cannot be reached', async () => {
    await expect(queryVector(prometheus!.url, 'rate(up[', Date.now() / 1000)).rejects.toThrow(
      /^Prometheus refused the query rate\(up\[: .*parse error.*\(bad_data, HTTP 400\)$/,
    );
    const gone = await fleetHosts(`http://${c}`);
    expect(gone.hosts).toEqual([]);
    expect(gone.error).toMatch(new RegExp(`^cannot reach Prometheus at http://${c.replace(/\./g, '\\.')}: connect ECONNREFUSED`));
  });
});
