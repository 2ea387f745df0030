/**
 * Random requests and frames against the real backend (a replay: no root
 * or kernel needed), bounded in count and time. Whatever arrives, the
 * server answers or closes, keeps serving, and stays within its memory.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenProtocol, WS_PROTOCOL } from '../../protocol/auth';
import { startEmptyReplay, type Backend } from '../testing/backend';
import { rawRequest } from '../testing/raw-http';

const PORT = 7245;
const REQUESTS = 1500;
const FRAMES = 3000;
let backend: Backend;
beforeAll(async () => {
  backend = await startEmptyReplay(PORT);
});
afterAll(() => backend?.stop());

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${backend.process.pid}/status`, 'utf8'))![1]) / 1024;

const odd = fc.string({ unit: fc.constantFrom(...'/.%?#&=;:@!$\'()*+,[]{}|\\^`"<> \t~-_aZ09\u00e9\u2028'), maxLength: 60 });
const routes = ['/', '/ws', '/api/health', '/api/events', '/api/events.csv', '/api/process', '/api/trace-pipe', '/api/xdp', '/api/xdp/rules', '/api/audit', '/_next/x.js', '/network', '//', '/..', '/api/'];
const request = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'HEAD', 'OPTIONS', 'PATCH'), fc.string({ maxLength: 10 })),
  route: fc.constantFrom(...routes),
  suffix: odd,
  query: fc.array(fc.tuple(fc.constantFrom('pid', 'comm', 'path', 'limit', 'since', 'cidr', 'token', 'x'), odd), { maxLength: 4 }),
  auth: fc.constantFrom('right', 'wrong', 'none', 'garbage'),
  headers: fc.array(fc.tuple(fc.constantFrom('Host', 'Origin', 'Cookie', 'Content-Type', 'Upgrade', 'Connection', 'Sec-WebSocket-Protocol', 'X-' ), odd), { maxLength: 5 }),
  body: fc.oneof(fc.constant(''), fc.json(), odd, fc.string({ maxLength: 3000 })),
  lengthDelta: fc.constantFrom(0, 0, 0, -1, 5),
});

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function text(r: FuzzRequest): string {
  const q = r.query.map(([k, v]) => `${k}=${v}`).join('&');
  const auth = { right: `Bearer ${backend.token}`, wrong: 'Bearer nope-nope', none: '', garbage: 'Basic %%%' }[r.auth];
  const lines = [
    `${r.method} ${r.route}${r.suffix}${q ? `?${q}` : ''} HTTP/1.1`,
    `Host: 127.0.0.1:${PORT}`,
    ...(auth ? [`Authorization: ${auth}`] : []),
    ...r.headers.map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${Math.max(0, Buffer.byteLength(r.body) + r.lengthDelta)}`,
    'Connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${r.body}`;
}

describe('fuzz', { timeout: 120_000 }, () => {
  it(`survives ${REQUESTS} random requests`, async () => {
    const samples = fc.sample(request, { numRuns: REQUESTS, seed: 7245 });
    const statuses = new Map<number, number>();
    for (let i = 0; i < samples.length; i += 50) {
      const answers = await Promise.all(samples.slice(i, i + 50).map((r) => rawRequest(PORT, text(r), 1000)));
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    }
    expect(backend.process.exitCode).toBeNull();
    expect(statuses.get(500) ?? 0).toBe(0); // every refusal has a reason
    expect((await backend.api('/api/health')).status).toBe(200);
    expect(rssMb()).toBeLessThan(400);
  });

  it(`survives ${FRAMES} random WebSocket frames`, async () => {
    const frames = fc.sample(fc.oneof(fc.json(), fc.string({ maxLength: 500 }), fc.uint8Array({ maxLength: 500 })), { numRuns: FRAMES, seed: 7246 });
    let closes = 0;
    for (let i = 0; i < frames.length; i += 300) {
      const ws = new WebSocket(`ws://127.0.0.1:${PORT}/ws`, [WS_PROTOCOL, tokenProtocol(backend.token)]);
      await new Promise((r) => ws.once('open', r));
      for (const f of frames.slice(i, i + 300)) if (ws.readyState === WebSocket.OPEN) ws.send(f);
      await new Promise<void>((resolve) => {
        ws.once('close', () => {
          closes++;
          resolve();
        });
        setTimeout(() => {
          ws.close();
        }, 300);
      });
    }
    expect(closes).toBe(Math.ceil(FRAMES / 300));
    expect(backend.process.exitCode).toBeNull();
    expect((await backend.api('/api/health')).status).toBe(200);
    expect(rssMb()).toBeLessThan(400);
  });
});
