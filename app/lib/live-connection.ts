/**
 * The WebSocket to the backend, without React: it connects, checks every
 * message against the protocol, reconnects with backoff, tells why a
 * socket never opened, and sends the filter (debounced). Everything it
 * needs from the outside world is injected, so tests run it against a real
 * `ws` server in node.
 */
import {
  type EventFilter,
  type HelloMessage,
  parseMessage,
  serverMessageSchema,
  type UpdateMessage,
} from '../../protocol/messages';
import { NO_TOKEN_HINT } from './session';

export type ConnStatus = 'connecting' | 'live' | 'disconnected';

export interface Connection {
  status: ConnStatus;
  /** Why the last connection ended, or an error the server reported. */
  reason: string | null;
  /** When disconnected: the wait before the next attempt. */
  retryInMs: number | null;
}

export interface LiveState {
  connection: Connection;
  /** A message the UI could not parse (version skew between UI and server). */
  protocolError: string | null;
}

/** What a browser WebSocket and the `ws` package's client both offer. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveConnectionOptions {
  url: string;
  protocols: () => string[];
  /** new WebSocket(url, protocols), or a stand-in. */
  createSocket: (url: string, protocols: string[]) => SocketLike;
  /** The HTTP status of GET /api/health with the token, or null when the
   *  server cannot be reached: explains a socket that never opened. */
  probeHealth: () => Promise<number | null>;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  debounceMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

export interface LiveHandlers {
  onHello: (msg: HelloMessage) => void;
  onUpdate: (msg: UpdateMessage) => void;
  onState: (state: LiveState) => void;
}

const FILTER_DEBOUNCE_MS = 200;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;
/** WebSocket.OPEN; not a global in node. */
const OPEN = 1;

function describeClose(e: { code: number; reason: string }, opened: boolean): string {
  const what = !opened
    ? 'could not connect'
    : e.code === 1000 || e.code === 1001
      ? 'server closed the connection'
      : 'connection lost';
  return `${what} (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`;
}

export class LiveConnection {
  private state: LiveState = { connection: { status: 'connecting', reason: null, retryInMs: null }, protocolError: null };
  private socket: SocketLike | null = null;
  private filter: EventFilter = {};
  /** Each new filter gets the next id; 0 is the server's own (everything). */
  private filterId = 0;
  /** The id last sent on the current socket. */
  private sentId = 0;
  private attempt = 0;
  private retryTimer: unknown;
  private filterTimer: unknown;
  private closed = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(
    private readonly opts: LiveConnectionOptions,
    private readonly handlers: LiveHandlers,
  ) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  get current(): LiveState {
    return this.state;
  }

  start(): void {
    if (!this.closed && !this.socket) this.connect();
  }

  /** Sent after a quiet spell: typing a path sends one message, not one
   *  per key. Returns the filter's id, which the updates for it carry. */
  setFilter(filter: EventFilter): number {
    if (JSON.stringify(filter) === JSON.stringify(this.filter)) return this.filterId;
    this.filter = filter;
    this.filterId++;
    this.clearTimer(this.filterTimer);
    this.filterTimer = this.setTimer(() => this.sendFilter(), this.opts.debounceMs ?? FILTER_DEBOUNCE_MS);
    return this.filterId;
  }

  /** For good: no more messages, callbacks or attempts. */
  close(): void {
    this.closed = true;
    this.clearTimer(this.retryTimer);
    this.clearTimer(this.filterTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'page closed');
  }

  private emit(next: Partial<LiveState>): void {
    if (this.closed) return;
    this.state = { ...this.state, ...next };
    this.handlers.onState(this.state);
  }

  private sendFilter(): void {
    const socket = this.socket;
    if (socket?.readyState !== OPEN || this.filterId === this.sentId) return;
    this.sentId = this.filterId;
    socket.send(JSON.stringify({ type: 'filter', filter: this.filter, id: this.filterId }));
  }

  private connect(): void {
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url, this.opts.protocols());
    } catch (err) {
      this.retry(`could not connect: ${String(err)}`, false);
      return;
    }
    this.socket = socket;
    // A new socket starts with the server's default: everything (id 0).
    this.sentId = 0;
    let opened = false;
    this.emit({ connection: { status: 'connecting', reason: this.state.connection.reason, retryInMs: null } });

    socket.onopen = () => {
      opened = true;
      this.sendFilter();
    };
    socket.onmessage = (e) => {
      if (this.socket !== socket) return;
      if (typeof e.data !== 'string') {
        this.emit({ protocolError: 'ignored a binary message' });
        return;
      }
      const parsed = parseMessage(serverMessageSchema, e.data);
      if (!parsed.ok) {
        this.emit({ protocolError: `ignored a message this UI does not understand: ${parsed.error}` });
        return;
      }
      const msg = parsed.value;
      if (msg.type === 'hello') {
        this.attempt = 0;
        this.emit({ connection: { status: 'live', reason: null, retryInMs: null }, protocolError: null });
        this.handlers.onHello(msg);
      } else if (msg.type === 'update') {
        this.handlers.onUpdate(msg);
      } else {
        this.emit({ connection: { ...this.state.connection, reason: `server error: ${msg.message}` } });
      }
    };
    // onerror carries no detail; onclose follows it with a code. (Set, so
    // that `ws` in node does not throw it as an unhandled error event.)
    socket.onerror = () => {};
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      this.retry(describeClose(e, opened), !opened);
    };
  }

  private retry(reason: string, neverOpened: boolean): void {
    const min = this.opts.retryMinMs ?? RETRY_MIN_MS;
    const delay = Math.min(this.opts.retryMaxMs ?? RETRY_MAX_MS, min * 2 ** this.attempt);
    this.attempt++;
    this.emit({ connection: { status: 'disconnected', reason, retryInMs: delay } });
    this.retryTimer = this.setTimer(() => this.connect(), delay);
    if (neverOpened) this.explainFailure();
  }

  /** A failed WebSocket upgrade tells the page nothing; the JSON API
   *  behind the same token says whether it was a missing login. */
  private explainFailure(): void {
    this.opts
      .probeHealth()
      .then((status) => {
        if ((status === 401 || status === 403) && this.state.connection.status !== 'live') {
          this.emit({
            connection: { ...this.state.connection, reason: `not authorized (HTTP ${status}): ${NO_TOKEN_HINT}` },
          });
        }
      })
      .catch(() => {
        // Unreachable server: the close reason already says so.
      });
  }
}
