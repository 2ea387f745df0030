/**
 * Fans new events out to browsers in batches: each client has a filter and
 * a bounded queue; every flush sends one `update` with its queued events,
 * the counts, and the newest seconds' counts for its filter (read from the
 * store once a second: exact, whatever was sampled). When a client's queue
 * is full, or its socket is backed up, events are counted as omitted and
 * the client is told, so nothing is lost silently and a slow browser
 * cannot grow the server's memory. The views themselves are the HTTP
 * API's: the socket carries only what is new.
 */
import type { WebSocket } from 'ws';
import type { RatePoint, StoredEvent } from '../../protocol/event';
import { matchesFilter } from '../../protocol/filter';
import {
  clientMessageSchema,
  parseMessage,
  PROTOCOL_VERSION,
  type EventFilter,
  type ServerMessage,
} from '../../protocol/messages';
import type { TraceView } from '../trace/pipeline';

export interface HubOptions {
  flushMs: number;
  /** Events per client per flush; more are counted as omitted. */
  maxBatch: number;
  /** Bytes waiting in a socket past which a client gets no events. */
  maxBuffered: number;
  /** How often each client's newest seconds are read from the store. */
  rateMs: number;
  /** Browsers at once: each may hold up to maxBuffered of the server's memory. */
  maxClients: number;
  /** Messages a client may get wrong before it is closed. */
  maxBadMessages: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  // Short enough for sub-250 ms delivery, long enough to batch.
  flushMs: 100,
  // 2,500 events/s per browser at most; past that it gets a uniform sample
  // and the count. More is more than anyone reads live: against 1000 a
  // batch, the browser bench at 50k opens/s measured 13% less renderer CPU
  // and its longest tasks 150-185 ms instead of 215-300 ms.
  maxBatch: 250,
  maxBuffered: 4 * 1024 * 1024,
  rateMs: 1000,
  // 32 x 4 MB: the most all browsers together can make the server hold.
  maxClients: 32,
  maxBadMessages: 20,
};

/** Close codes (RFC 6455): the client broke the protocol's rules; the
 *  server has no room for it now. */
const POLICY_VIOLATION = 1008;
const TRY_AGAIN_LATER = 1013;

interface Client {
  ws: WebSocket;
  filter: EventFilter;
  /** The client's id for its filter, echoed in each update. */
  filterId: number;
  queue: StoredEvent[];
  /** Seconds read for its filter, to go with the next update. */
  rate: RatePoint[];
  rateReading: boolean;
  /** Events that matched since the last flush (queued or not). */
  matched: number;
  omitted: number;
  /** Pings sent since the last pong. */
  missedPings: number;
  badMessages: number;
}

/** A peer that misses two ping rounds is gone (a closed laptop, a dead
 *  link); one late pong from a backed-up socket is not enough to drop it. */
const PING_EVERY_MS = 15_000;
const MAX_MISSED_PINGS = 2;

/** Seconds of rate read again each time: events a CPU hands in late, and
 *  the store's batching, may still change them. */
const RATE_RESEND = 5;

export class Hub {
  private readonly clients = new Set<Client>();
  private readonly timer: NodeJS.Timeout;
  private readonly pinger: NodeJS.Timeout;
  private readonly rateTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private omittedSoFar = 0;

  constructor(
    private readonly view: TraceView,
    readonly bootWallMs: number,
    private readonly opts: HubOptions = DEFAULT_HUB_OPTIONS,
  ) {
    this.unsubscribe = view.subscribe((e) => this.onEvent(e));
    this.timer = setInterval(() => this.flush(), opts.flushMs);
    this.pinger = setInterval(() => this.ping(), PING_EVERY_MS);
    this.rateTimer = setInterval(() => this.readRates(), opts.rateMs);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Events not sent to a client that could not keep up, since start
   *  (each client is told its own share). */
  get omittedTotal(): number {
    return this.omittedSoFar;
  }

  /** No room for another browser (the upgrade is refused with 503). */
  get full(): boolean {
    return this.clients.size >= this.opts.maxClients;
  }

  add(ws: WebSocket): void {
    if (this.full) {
      ws.close(TRY_AGAIN_LATER, 'too many dashboards open');
      return;
    }
    const client: Client = {
      ws, filter: {}, filterId: 0, queue: [], rate: [], rateReading: false, matched: 0, omitted: 0, missedPings: 0, badMessages: 0,
    };
    this.clients.add(client);
    ws.on('pong', () => (client.missedPings = 0));
    ws.on('message', (data, isBinary) => {
      const msg = isBinary ? null : parseMessage(clientMessageSchema, data.toString());
      if (!msg || !msg.ok) {
        // Each bad message earns one short answer, up to a limit: a flood
        // of them must not queue a flood of replies.
        if (++client.badMessages > this.opts.maxBadMessages) {
          ws.close(POLICY_VIOLATION, 'too many invalid messages');
          this.clients.delete(client);
          return;
        }
        this.send(client, { type: 'error', message: msg ? msg.error : 'binary messages are not accepted' });
        return;
      }
      client.filter = msg.value.filter;
      client.filterId = msg.value.id;
      client.queue = [];
      client.rate = [];
      client.matched = 0;
    });
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));

    this.send(client, {
      type: 'hello',
      version: PROTOCOL_VERSION,
      bootWallMs: this.bootWallMs,
      now: this.view.now(),
      tracer: this.view.status,
      counts: this.view.counts,
      store: this.view.store.status,
    });
  }

  close(): void {
    clearInterval(this.timer);
    clearInterval(this.pinger);
    clearInterval(this.rateTimer);
    this.unsubscribe();
    for (const c of this.clients) c.ws.close(1001, 'server shutting down');
    this.clients.clear();
  }

  private onEvent(e: StoredEvent): void {
    for (const c of this.clients) {
      if (!matchesFilter(c.filter, e)) continue;
      c.matched++;
      if (c.queue.length < this.opts.maxBatch) {
        c.queue.push(e);
        continue;
      }
      // Past the batch size, keep a uniform sample of the interval (reservoir
      // sampling), not just its first events.
      c.omitted++;
      this.omittedSoFar++;
      const slot = Math.floor(Math.random() * c.matched);
      if (slot < this.opts.maxBatch) c.queue[slot] = e;
    }
  }

  /** Each client's newest seconds for its filter, from the store; one
   *  read at a time per client, so a slow store cannot pile them up. */
  private readRates(): void {
    const to = Math.floor(this.view.now());
    for (const c of this.clients) {
      if (c.rateReading) continue;
      c.rateReading = true;
      const filter = c.filter;
      this.view.store
        .rate(filter, to - RATE_RESEND + 1, to, 1)
        .then((r) => {
          // Read for a filter it has since changed: of no use to it.
          if (c.filter === filter) c.rate = r.rate;
        })
        .catch(() => {
          // The store's own status says what fails; the views ask again.
        })
        .finally(() => (c.rateReading = false));
    }
  }

  private flush(): void {
    if (this.clients.size === 0) return;
    const now = this.view.now();
    const counts = this.view.counts;
    const tracer = this.view.status;
    const store = this.view.store.status;
    for (const c of this.clients) {
      const events = c.matched > c.queue.length ? c.queue.sort((a, b) => a.ts - b.ts) : c.queue;
      c.queue = [];
      c.matched = 0;
      // A browser that does not keep up gets nothing more until its socket
      // drains: its backlog stays bounded, and the next update it does get
      // carries the totals and how many events it missed meanwhile.
      if (c.ws.bufferedAmount > this.opts.maxBuffered) {
        c.omitted += events.length;
        this.omittedSoFar += events.length;
        continue;
      }
      const omitted = c.omitted;
      const rate = c.rate;
      c.omitted = 0;
      c.rate = [];
      this.send(c, { type: 'update', now, filterId: c.filterId, events, omitted, counts, tracer, store, rate });
    }
  }

  private ping(): void {
    for (const c of this.clients) {
      if (c.missedPings >= MAX_MISSED_PINGS) {
        c.ws.terminate();
        this.clients.delete(c);
        continue;
      }
      c.missedPings++;
      c.ws.ping();
    }
  }

  /** Drops a client that has not read twice its allowance: whatever it is
   *  sent, the server's memory for it stays bounded. */
  private send(c: Client, msg: ServerMessage): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > 2 * this.opts.maxBuffered) {
      c.ws.terminate();
      this.clients.delete(c);
      return;
    }
    c.ws.send(JSON.stringify(msg));
  }
}
