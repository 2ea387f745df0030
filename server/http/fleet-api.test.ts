/** GET /api/fleet's answers, on a plain HTTP server with a fake reader;
 *  and the shared reader, which spares Prometheus the pages' polling. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_UNCONFIGURED, fleetAnswerSchema, fleetUnconfiguredSchema, type FleetAnswer } from '../../protocol/fleet';
import { handleFleetApi, sharedFleetReader, type FleetReader } from './fleet-api';

const ANSWER: FleetAnswer = { prometheus: 'http://p:9090', hosts: [], queriedAt: 1, error: 'cannot reach Prometheus at http://p:9090: ECONNREFUSED' };

let prometheusUrl: string | null = null;
const asked: string[] = [];
const reader: FleetReader = async (url) => {
  asked.push(url);
  return ANSWER;
};
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void handleFleetApi(prometheusUrl, req, url, res, reader).then((handled) => {
      if (!handled) res.writeHead(404).end('not ours');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (route: string, method = 'GET') => {
  const r = await fetch(`${base}${route}`, { method });
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
};

describe('GET /api/fleet', () => {
  it('without --prometheus: 503, saying how to start', async () => {
    prometheusUrl = null;
    const r = await get('/api/fleet');
    expect(r.status).toBe(503);
    expect(fleetUnconfiguredSchema.parse(JSON.parse(r.text))).toEqual({ error: FLEET_UNCONFIGURED, prometheus: null });
    expect(FLEET_UNCONFIGURED).toBe('start with --prometheus URL to see the fleet');
    expect(asked).toEqual([]);
  });

  it("with it: Prometheus' view, its failures included, as 200", async () => {
    prometheusUrl = 'http://p:9090';
    const r = await get('/api/fleet');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json');
    expect(fleetAnswerSchema.parse(JSON.parse(r.text))).toEqual(ANSWER);
    expect(asked).toEqual(['http://p:9090']);
  });

  it('takes no parameters, and leaves other routes and methods alone', async () => {
    expect(await get('/api/fleet?instance=x')).toMatchObject({ status: 400, text: JSON.stringify({ error: 'unknown parameter instance: GET /api/fleet takes none' }) });
    expect(await get('/api/fleet', 'POST')).toMatchObject({ status: 404, text: 'not ours' });
    expect(await get('/api/fleetx')).toMatchObject({ status: 404, text: 'not ours' });
  });
});

describe('sharedFleetReader', () => {
  it('asks Prometheus once for the answers wanted within its reuse time, in flight or done', async () => {
    let clock = 1_000_000;
    let queries = 0;
    const fake: typeof fetch = async () => {
      queries++;
      return new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    };
    const read = sharedFleetReader(fake, 2_000, () => clock);
    // Each fleet answer asks its 9 queries and the targets once.
    const [x, y] = await Promise.all([read('http://p:9090'), read('http://p:9090')]);
    expect(x).toBe(y);
    expect(queries).toBe(10);
    clock += 1_999;
    expect(await read('http://p:9090')).toBe(x);
    expect(queries).toBe(10);
    clock += 1;
    expect(await read('http://p:9090')).not.toBe(x);
    expect(queries).toBe(20);
    // Another Prometheus is another answer.
    await read('http://q:9090');
    expect(queries).toBe(30);
  });
});
