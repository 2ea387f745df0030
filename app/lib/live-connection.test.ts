import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { PROTOCOL_VERSION, type HelloMessage } from '../../protocol/messages';
import { LiveConnection, type LiveConnectionOptions, type LiveState, type SocketLike } from './live-connection';

const hello: HelloMessage = {
  type: 'hello',
  version: PROTOCOL_VERSION,
  bootWallMs: 1_700_000_000_000,
  now: 100.5,
  tracer: {
    state: 'running', attach: 'fentry', attachWhy: null, syscalls: ['openat'], restarts: 0, message: null,
    scope: { pid: null, uid: null, comm: null },
  },
  counts: { lines: 0, events: 0, records: 0, fullMissing: 0, own: 0, foreign: 0, unparsed: 0, lost: 0, startsFull: 0, exitsMissed: 0, lostMarkers: 0, overrun: 0, spooled: 0, spoolFullMs: 0 },
  store: {
    path: ':memory:', events: 0, oldestTs: null, newestTs: null, bytes: 0, retentionSeconds: 3600, maxBytes: 1 << 30,
    droppedByAge: 0, droppedBySize: 0, writeFailures: 0, lastError: null,
  },
};

/** Polls until `ok` holds, for the socket's asynchronous steps. */
async function until(ok: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Server {
  wss: WebSocketServer;
  url: string;
  /** Messages received, per connection in order. */
  received: string[][];
  sockets: WebSocket[];
}

async function server(opts: ConstructorParameters<typeof WebSocketServer>[0] = {}, onConnect = (ws: WebSocket) => ws.send(JSON.stringify(hello))): Promise<Server> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...opts });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const s: Server = { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`, received: [], sockets: [] };
  wss.on('connection', (ws) => {
    const mine: string[] = [];
    s.received.push(mine);
    s.sockets.push(ws);
    ws.on('message', (data) => mine.push(String(data)));
    onConnect(ws);
  });
  cleanup.push(() => new Promise<void>((r) => {
    for (const c of wss.clients) c.terminate();
    wss.close(() => r());
  }));
  return s;
}

function connect(url: string, extra: Partial<LiveConnectionOptions> = {}) {
  const states: LiveState[] = [];
  const hellos: HelloMessage[] = [];
  const conn = new LiveConnection(
    {
      url,
      protocols: () => ['odash.v1'],
      createSocket: (u, p) => new WebSocket(u, p) as unknown as SocketLike,
      probeHealth: async () => 200,
      debounceMs: 30,
      retryMinMs: 50,
      retryMaxMs: 200,
      ...extra,
    },
    { onHello: (m) => hellos.push(m), onUpdate: () => {}, onState: (s) => states.push(s) },
  );
  cleanup.push(() => conn.close());
  const last = () => states[states.length - 1];
  return { conn, states, hellos, last };
}

describe('LiveConnection', () => {
  it('is live after hello', async () => {
    const s = await server();
    const c = connect(s.url);
    c.conn.start();
    expect(c.last()?.connection.status).toBe('connecting');
    await until(() => c.last()?.connection.status === 'live');
    expect(c.hellos).toHaveLength(1);
    expect(c.hellos[0]?.now).toBe(100.5);
    expect(c.last()?.protocolError).toBeNull();
  });

  it('reports a message it cannot parse, and a binary one, and stays live', async () => {
    const s = await server({}, (ws) => {
      ws.send(JSON.stringify(hello));
      ws.send('{not json');
    });
    const c = connect(s.url);
    c.conn.start();
    await until(() => c.last()?.protocolError !== null && c.last()?.protocolError !== undefined);
    expect(c.last()?.protocolError).toMatch(/does not understand: message is not JSON/);
    s.sockets[0]!.send(JSON.stringify({ ...hello, version: 1 }));
    await until(() => /version/.test(c.last()?.protocolError ?? ''));
    s.sockets[0]!.send(Buffer.from([1, 2, 3]), { binary: true });
    await until(() => c.last()?.protocolError === 'ignored a binary message');
    expect(c.last()?.connection.status).toBe('live');
  });

  it('says when the server closed, waits, and connects again', async () => {
    const s = await server();
    const c = connect(s.url);
    c.conn.start();
    await until(() => c.hellos.length === 1);
    s.sockets[0]!.close(1000, 'bye');
    await until(() => c.last()?.connection.status === 'disconnected');
    expect(c.last()?.connection).toEqual({
      status: 'disconnected',
      reason: 'server closed the connection (code 1000: bye)',
      retryInMs: 50,
    });
    await until(() => c.hellos.length === 2 && c.last()?.connection.status === 'live');
    expect(s.received).toHaveLength(2);
  });

  it('sends the filter once typing stops, and again on a new socket', async () => {
    const s = await server();
    const c = connect(s.url);
    c.conn.start();
    await until(() => c.last()?.connection.status === 'live');
    for (const comm of ['b', 'ba', 'bas', 'bash']) c.conn.setFilter({ comm });
    await until(() => s.received[0]!.length > 0);
    await new Promise((r) => setTimeout(r, 80));
    // Each change took an id; the one sent is the last.
    expect(s.received[0]).toEqual([JSON.stringify({ type: 'filter', filter: { comm: 'bash' }, id: 4 })]);
    // The same filter again sends nothing.
    c.conn.setFilter({ comm: 'bash' });
    await new Promise((r) => setTimeout(r, 80));
    expect(s.received[0]).toHaveLength(1);

    s.sockets[0]!.terminate();
    await until(() => s.received.length === 2 && s.received[1]!.length === 1);
    expect(s.received[1]).toEqual([JSON.stringify({ type: 'filter', filter: { comm: 'bash' }, id: 4 })]);
    // Cleared, the empty filter is sent too: the server holds the last one.
    expect(c.conn.setFilter({})).toBe(5);
    await until(() => s.received[1]!.length === 2);
    expect(s.received[1]![1]).toBe(JSON.stringify({ type: 'filter', filter: {}, id: 5 }));
  });

  it('sends a filter set before the socket opened as soon as it opens', async () => {
    const s = await server();
    const c = connect(s.url);
    c.conn.setFilter({ pid: 7 });
    c.conn.start();
    await until(() => s.received[0]?.length === 1);
    expect(JSON.parse(s.received[0]![0]!)).toEqual({ type: 'filter', filter: { pid: 7 }, id: 1 });
    await new Promise((r) => setTimeout(r, 80));
    expect(s.received[0]).toHaveLength(1);
  });

  it('explains a refused upgrade with the health probe', async () => {
    const s = await server({ verifyClient: (_info, cb) => cb(false, 401) });
    const c = connect(s.url, { probeHealth: async () => 401, retryMinMs: 5_000, retryMaxMs: 10_000 });
    c.conn.start();
    await until(() => /not authorized/.test(c.last()?.connection.reason ?? ''));
    expect(c.last()?.connection).toMatchObject({ status: 'disconnected', retryInMs: 5_000 });
    expect(c.last()?.connection.reason).toMatch(/^not authorized \(HTTP 401\): open the link/);
  });

  it('stops trying once closed', async () => {
    const s = await server();
    const c = connect(s.url, { retryMinMs: 40 });
    c.conn.start();
    await until(() => c.hellos.length === 1);
    s.sockets[0]!.close(1001);
    await until(() => c.last()?.connection.status === 'disconnected');
    const seen = c.states.length;
    c.conn.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(s.received).toHaveLength(1);
    expect(c.states).toHaveLength(seen);

    // Closing a live connection ends its socket and reports nothing more.
    const d = connect(s.url);
    d.conn.start();
    await until(() => d.hellos.length === 1);
    const n = d.states.length;
    d.conn.close();
    await until(() => s.sockets[1]!.readyState === WebSocket.CLOSED);
    await new Promise((r) => setTimeout(r, 100));
    expect(d.states).toHaveLength(n);
    expect(s.received).toHaveLength(2);
  });
});
