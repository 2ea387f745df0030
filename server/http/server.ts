/**
 * One port for everything: the UI (static export), the JSON API and the
 * WebSocket at /ws. Every request must carry the token.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Ingest } from '../trace/ingest';
import type { Hub } from '../ws/hub';
import { handleApi, sendJson } from './api';
import { requestToken, tokenCookie, tokenMatches } from './auth';
import { hostAllowed, RateLimiter } from './guard';
import { resolveStatic, sendFile } from './static-files';
import { handleXdpApi, type XdpDeps } from './xdp-api';

/** The origins of pages we served ourselves (https behind a TLS proxy). */
function ownOrigins(req: IncomingMessage): string[] {
  return [`http://${req.headers.host}`, `https://${req.headers.host}`];
}

export interface HttpOptions {
  token: string;
  /** Hostnames besides IP literals and localhost that may be in Host. */
  allowHosts: readonly string[];
  /** The Next.js static export. */
  uiDir: string;
}

/** control: the XDP filter, absent in replay (there is no kernel to drive). */
export function createHttpServer(tracer: Ingest, hub: Hub, control: XdpDeps | null, opts: HttpOptions): http.Server {
  // Browsers send only small control messages.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: err.message });
      else res.destroy();
    });
  });

  // Control actions: a burst of 20, then 5 a second, per client address.
  const limiter = new RateLimiter(20, 5);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostAllowed(req.headers.host, opts.allowHosts)) {
      sendJson(res, 403, { error: `Host '${req.headers.host ?? ''}' is not one this server answers to; add it with --allow-host` });
      return;
    }
    const given = requestToken(req, url);
    if (!tokenMatches(opts.token, given)) {
      sendJson(res, 401, {
        error: 'missing or wrong token: open the URL the server printed at start, or send Authorization: Bearer <token>',
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // Besides the SameSite cookie: a control request from another site's page is refused.
      if (req.headers.origin !== undefined && !ownOrigins(req).includes(req.headers.origin)) {
        sendJson(res, 403, { error: `requests from ${req.headers.origin} are not accepted` });
        return;
      }
      const wait = limiter.take(req.socket.remoteAddress ?? '?');
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        sendJson(res, 429, { error: `too many control requests; retry in ${wait}s` });
        return;
      }
    }
    const controlRoute = url.pathname === '/api/audit' || url.pathname.startsWith('/api/xdp');
    if (controlRoute && !control) {
      sendJson(res, 503, { error: 'this is a replay: there is no XDP filter to drive' });
      return;
    }
    if (url.pathname === '/api/audit' && req.method === 'GET') {
      sendJson(res, 200, { entries: control!.audit.recent() });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const handled = controlRoute
        ? await handleXdpApi(control!, req, url, res)
        : handleApi(tracer, hub.bootWallMs, req.method ?? 'GET', url, res);
      if (!handled) sendJson(res, 404, { error: `no such API route: ${req.method} ${url.pathname}` });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed' });
      return;
    }
    // First visit with ?token=: keep it in a cookie, and out of the address bar.
    if (url.searchParams.has('token')) {
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': tokenCookie(opts.token),
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const file = resolveStatic(opts.uiDir, url.pathname);
    if (file) sendFile(res, file);
    else {
      const notFound = resolveStatic(opts.uiDir, '/404');
      if (notFound) sendFile(res, notFound, 404);
      else sendJson(res, 404, { error: 'not found' });
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!hostAllowed(req.headers.host, opts.allowHosts)) return refuse(403, 'Forbidden');
    if (!tokenMatches(opts.token, requestToken(req, url))) return refuse(401, 'Unauthorized');
    // A page on another site cannot ride the user's cookie into our socket.
    const origin = req.headers.origin;
    if (origin !== undefined && !ownOrigins(req).includes(origin)) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => hub.add(ws));
  });

  return server;
}
