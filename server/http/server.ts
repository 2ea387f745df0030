/**
 * One port for everything: the UI (static export), the JSON API, the
 * WebSocket at /ws and the Prometheus metrics at /metrics. The API, the
 * socket and the metrics need the token; the UI's files are the same for
 * everyone and carry no data.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Observability } from '../metrics/observe';
import type { TraceView } from '../trace/pipeline';
import type { Hub } from '../ws/hub';
import { handleApi, sendJson } from './api';
import { WS_PROTOCOL } from '../../protocol/auth';
import { requestToken, socketToken, tokenMatches } from './auth';
import { hostAllowed, RateLimiter } from './guard';
import { resolveStatic, sendFile } from './static-files';
import { handleFleetApi } from './fleet-api';
import { handleXdpApi, type XdpDeps } from './xdp-api';

const MAX_CONNECTIONS = 256;
/** A wrong token is answered this late: its sender waits, nobody else
 *  does (a 24-character random token cannot be guessed anyway, and a
 *  refusal per address once locked the owner out behind a flood of
 *  wrong or missing tokens from the same 127.0.0.1). */
export const WRONG_TOKEN_DELAY_MS = 250;
const METRICS_PATH = '/metrics';

/** The request target as a URL; null when it is not an origin-form path.
 *  The target is appended to the base, never resolved against it: "//x"
 *  would otherwise be taken as a host (and throw, or redirect off-site). */
function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return null;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return null;
  }
}

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
  /** --prometheus: where GET /api/fleet asks; null without it. */
  prometheus: string | null;
}

/** control: the XDP filter, absent in replay (there is no kernel to drive);
 *  observe: what /metrics and /api/cost answer. */
export function createHttpServer(
  view: TraceView,
  hub: Hub,
  control: XdpDeps | null,
  observe: Observability,
  opts: HttpOptions,
): http.Server {
  // Browsers send only small control messages.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // The token rides in as a subprotocol too; the one we speak is answered.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const server = http.createServer(
    {
      // Browsers send a request at once: a slow or half-sent one is cut
      // short, so idle sockets cannot pile up until descriptors run out.
      headersTimeout: 5_000,
      requestTimeout: 15_000,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      handle(req, res).catch((err: Error) => {
        if (!res.headersSent) sendJson(res, 500, { error: err.message });
        else res.destroy();
      });
    },
  );
  // Beyond this many connections new ones are closed at once (far under
  // the descriptor limit; a browser needs a handful).
  server.maxConnections = MAX_CONNECTIONS;

  // Control actions: a burst of 20, then 5 a second, per client address.
  const limiter = new RateLimiter(20, 5);
  /** ok, or how long to wait before saying no: a wrong token waits, a
   *  missing one (a tab or a scraper without it) need not. */
  const authorized = (given: string | undefined): 'ok' | number =>
    tokenMatches(opts.token, given) ? 'ok' : given === undefined ? 0 : WRONG_TOKEN_DELAY_MS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (!url) {
      sendJson(res, 400, { error: 'the request target must be a path' });
      return;
    }
    if (!hostAllowed(req.headers.host, opts.allowHosts)) {
      sendJson(res, 403, { error: `Host '${req.headers.host ?? ''}' is not one this server answers to; add it with --allow-host` });
      return;
    }
    if (!url.pathname.startsWith('/api/') && url.pathname !== METRICS_PATH) {
      serveUi(req, url, res);
      return;
    }
    const auth = authorized(requestToken(req));
    if (auth !== 'ok') {
      await new Promise((r) => setTimeout(r, auth));
      sendJson(res, 401, {
        error: 'missing or wrong token: open the URL the server printed at start, or send Authorization: Bearer <token>',
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // A control request from another site's page is refused.
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
    if (url.pathname === METRICS_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: 'method not allowed' });
        return;
      }
      const text = await observe.registry.metrics();
      res.writeHead(200, { 'Content-Type': observe.registry.contentType, 'Cache-Control': 'no-store' });
      res.end(text);
      return;
    }
    if (url.pathname === '/api/cost' && req.method === 'GET') {
      sendJson(res, 200, await observe.cost.current());
      return;
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
    const handled = controlRoute
      ? await handleXdpApi(control!, req, url, res)
      : (await handleApi(view, hub.bootWallMs, opts.token, req.method ?? 'GET', url, res)) ||
        (await handleFleetApi(opts.prometheus, req, url, res));
    if (!handled) sendJson(res, 404, { error: `no such API route: ${req.method} ${url.pathname}` });
  }

  /** The static UI. The page takes the token from #token= (or ?token=)
   *  into sessionStorage and out of the address bar (app/lib/session.ts). */
  function serveUi(req: IncomingMessage, url: URL, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed' });
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
    // The peer may reset the socket before or while we answer.
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = requestUrl(req);
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!hostAllowed(req.headers.host, opts.allowHosts)) return refuse(403, 'Forbidden');
    // Only our own pages: another site's page must not even try tokens.
    const origin = req.headers.origin;
    if (origin !== undefined && !ownOrigins(req).includes(origin)) return refuse(403, 'Forbidden');
    const auth = authorized(socketToken(req));
    if (auth !== 'ok') return void setTimeout(() => refuse(401, 'Unauthorized'), auth);
    if (hub.full) return refuse(503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => hub.add(ws));
  });

  return server;
}
