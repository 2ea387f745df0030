/**
 * Who may use the backend (a replay here: no root, no kernel needed): the
 * token as a header or a WebSocket subprotocol, never a cookie; only our
 * own Host and Origin; wrong tokens answered late, the right one always.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenProtocol, WS_PROTOCOL } from '../../protocol/auth';
import { startEmptyReplay, type Backend } from '../testing/backend';
import { WRONG_TOKEN_DELAY_MS } from './server';

const PORT = 7242;
let backend: Backend;
beforeAll(async () => {
  backend = await startEmptyReplay(PORT);
});
afterAll(() => backend?.stop());

const wsUrl = `ws://127.0.0.1:${PORT}/ws`;
/** The first message's type, or the refusal's status. */
const tryWs = (opts: { headers?: Record<string, string>; protocols?: string[] }) =>
  new Promise<string>((resolve) => {
    const ws = new WebSocket(wsUrl, opts.protocols ?? [], { headers: opts.headers ?? {} });
    ws.on('message', (data) => {
      resolve(`${JSON.parse(data.toString()).type} (${ws.protocol || 'no protocol'})`);
      ws.close();
    });
    ws.on('unexpected-response', (_req, r) => resolve(String(r.statusCode)));
    ws.on('error', () => resolve('error'));
  });

describe('access', () => {
  it('serves the UI to anyone (it holds no data) and the API only with the token', async () => {
    expect((await fetch(`${backend.url}/`)).status).toBe(200);
    expect((await fetch(`${backend.url}/api/health`)).status).toBe(401);
    expect((await fetch(`${backend.url}/api/health`, { headers: { Authorization: 'Bearer nope-nope' } })).status).toBe(401);
    expect((await backend.api('/api/health')).status).toBe(200);
  });

  it('never sets a cookie, and a cookie is no credential', async () => {
    for (const route of ['/', `/?token=${backend.token}`, '/network', '/api/health']) {
      const res = await fetch(`${backend.url}${route}`, { headers: { Authorization: `Bearer ${backend.token}` }, redirect: 'manual' });
      expect(res.headers.get('set-cookie'), route).toBeNull();
      expect(res.status, route).toBe(200);
    }
    const withCookie = await fetch(`${backend.url}/api/health`, { headers: { Cookie: `odash_token=${backend.token}` } });
    expect(withCookie.status).toBe(401);
  });

  it('takes the token on a socket as a subprotocol (what a browser can send) or a header', async () => {
    expect(await tryWs({ protocols: [WS_PROTOCOL, tokenProtocol(backend.token)] })).toBe(`hello (${WS_PROTOCOL})`);
    expect(await tryWs({ headers: { Authorization: `Bearer ${backend.token}` } })).toBe('hello (no protocol)');
    expect(await tryWs({})).toBe('401');
    expect(await tryWs({ protocols: [WS_PROTOCOL, tokenProtocol('nope-nope')] })).toBe('401');
    expect(await tryWs({ headers: { Cookie: `odash_token=${backend.token}` } })).toBe('401');
  });

  it('refuses sockets from pages of other origins, even with the token', async () => {
    expect(await tryWs({ headers: { Authorization: `Bearer ${backend.token}`, Origin: 'http://evil.example' } })).toBe('403');
  });

  it('refuses a Host header that is not ours (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      http
        .get(`${backend.url}/api/health`, { headers: { Host: `evil.example:${PORT}`, Authorization: `Bearer ${backend.token}` } }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        })
        .on('error', () => resolve(-1));
    });
    expect(status).toBe(403);
  });

  it('never refuses the right token, however many wrong or missing ones come from the same address', async () => {
    const wrong = (i: number) => fetch(`${backend.url}/api/health`, { headers: { Authorization: `Bearer guess-${i}-xx` } });
    // A guesser's flood (and a tab without the token) all the while.
    const flood = Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? wrong(i) : fetch(`${backend.url}/api/health`))));
    for (let i = 0; i < 3; i++) expect((await backend.api('/api/health')).status).toBe(200);
    expect(new Set((await flood).map((r) => r.status))).toEqual(new Set([401]));
    expect(await tryWs({ protocols: [WS_PROTOCOL, tokenProtocol(backend.token)] })).toMatch(/^hello/);
  });

  it('answers a wrong token only after a delay, which costs its sender alone', async () => {
    const t = performance.now();
    expect((await fetch(`${backend.url}/api/health`, { headers: { Authorization: 'Bearer guess-zz' } })).status).toBe(401);
    expect(performance.now() - t).toBeGreaterThanOrEqual(WRONG_TOKEN_DELAY_MS - 20);
    // Meanwhile the owner's requests go through at once.
    const slow = fetch(`${backend.url}/api/health`, { headers: { Authorization: 'Bearer guess-yy' } });
    const u = performance.now();
    expect((await backend.api('/api/health')).status).toBe(200);
    expect(performance.now() - u).toBeLessThan(WRONG_TOKEN_DELAY_MS);
    expect((await slow).status).toBe(401);
  });
});
