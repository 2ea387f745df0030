/**
 * The overview's data, without React: the store's views for the filter
 * (/api/events, /api/rate, /api/processes), kept current with what the
 * socket says is new. Paused, the views stay as they are (new events are
 * only counted); resumed, they are read again. The API, the socket and the
 * clock are injected.
 */
import type { ProcessGroup, StoredEvent } from '../../protocol/event';
import type { EventFilter, HelloMessage, UpdateMessage } from '../../protocol/messages';
import type { Counts, TracerStatus } from '../../protocol/status';
import type { ProcessesAnswer, StoreStats } from '../../protocol/views';
import type { ApiResult } from './api-call';
import type { LiveHandlers, LiveState } from './live-connection';
import { EVENTS_PAGE, LiveEvents } from './live-events';
import { LiveRate, rateSpans, type RateWindow } from './live-rate';
import type { traceApi } from './trace-api';

/** Rows of the processes panel asked for. */
const PROCESS_ROWS = 200;
/** The processes and the events' count are read again this often. */
export const POLL_MS = 2_000;
/** The processes are read at most once per this many times their last
 *  answer took. */
const PROCESSES_BACKOFF = 5;
/** Quiet time after the last filter change before the views are read
 *  (the socket waits as long before it sends the filter). */
const FILTER_SETTLE_MS = 200;

export interface FeedSettings {
  filter: EventFilter;
  /** The chart's window. */
  seconds: number;
  group: ProcessGroup;
  paused: boolean;
}

/** What the charts and tables draw; frozen while paused. */
export interface DashboardData {
  /** Newest first: the first page and what came since, then older pages. */
  events: readonly StoredEvent[];
  /** The table holds the first page for the current filter (before, it
   *  shows the previous events the new filter matches). */
  eventsReady: boolean;
  /** Matching events in the store; null until counted. */
  eventsTotal: number | null;
  canLoadOlder: boolean;
  /** The chart's window; null before the first answer. */
  rate: RateWindow | null;
  /** For the filter and grouping shown; null while theirs is read (never
   *  another's: the panels would contradict the table). */
  processes: ProcessesAnswer | null;
  bootWallMs: number | null;
  /** The server's trace clock now in whole seconds (frozen while paused),
   *  so what shows ages re-renders once a second; null before hello. */
  nowT: number | null;
}

export interface DashboardSnapshot extends LiveState {
  tracer: TracerStatus | null;
  counts: Counts | null;
  store: StoreStats | null;
  /** Matching events the server left out of this connection's updates. */
  omitted: number;
  data: DashboardData;
  /** Events that arrived since pausing; 0 when not paused. */
  newWhilePaused: number;
  /** Why a view could not be read; null when the last reads worked. */
  viewError: string | null;
  loadingOlder: boolean;
}

type Kind = 'events' | 'older' | 'total' | 'rate' | 'processes';

export interface FeedDeps {
  api: Pick<typeof traceApi, 'events' | 'rate' | 'processes'>;
  /** Makes the socket (not started yet) that reports to these handlers. */
  /** Makes the socket (not started yet); its setFilter returns the id the
   *  updates for that filter carry. */
  connect: (handlers: LiveHandlers) => { start(): void; setFilter(f: EventFilter): number; close(): void; current: LiveState };
  nowMs: () => number;
  onChange: () => void;
}

export class OverviewFeed {
  private readonly conn: ReturnType<FeedDeps['connect']>;
  private live: LiveState;
  private tracer: TracerStatus | null = null;
  private counts: Counts | null = null;
  private store: StoreStats | null = null;
  private bootWallMs: number | null = null;
  private omitted = 0;
  private newWhilePaused = 0;
  /** The server's trace clock at a browser time, to extrapolate from. */
  private clock: { t: number; atMs: number } | null = null;
  private pausedAt: number | null = null;
  /** The filter the views are read for: the settings' one once settled;
   *  and the ids of it and of the newest one, as the socket's updates say. */
  private viewFilter: EventFilter;
  private viewFilterId: number;
  private newestFilterId: number;
  private readonly events = new LiveEvents();
  private readonly rate = new LiveRate();
  private drawn: { loads: number; to: number; window: RateWindow | null } = { loads: -1, to: 0, window: null };
  private processes: ProcessesAnswer | null = null;
  /** The filter and grouping `processes` answers (processesKey). */
  private processesFor: string | null = null;
  /** When the processes were last asked for, and how long the answer took. */
  private processesRead = { at: -Infinity, tookMs: 0 };
  private readonly errors = new Map<Kind, { error: string; unreachable: boolean }>();
  private readonly inFlight = new Map<Kind, AbortController>();
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly deps: FeedDeps,
    private settings: FeedSettings,
  ) {
    this.viewFilter = settings.filter;
    this.conn = deps.connect({
      onHello: (m) => this.onHello(m),
      onUpdate: (m) => this.onUpdate(m),
      onState: (s) => {
        this.live = s;
        deps.onChange();
      },
    });
    this.live = this.conn.current;
    this.newestFilterId = this.conn.setFilter(settings.filter);
    this.viewFilterId = this.newestFilterId;
  }

  start(): void {
    this.conn.start();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.filterTimer);
    for (const a of this.inFlight.values()) a.abort();
    this.conn.close();
  }

  setFilter(filter: EventFilter): void {
    if (JSON.stringify(filter) === JSON.stringify(this.settings.filter)) return;
    this.settings = { ...this.settings, filter };
    const id = this.conn.setFilter(filter);
    this.newestFilterId = id;
    clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => {
      this.viewFilter = filter;
      this.viewFilterId = id;
      this.fetchAll(false);
    }, FILTER_SETTLE_MS);
  }

  setWindow(seconds: number): void {
    if (seconds === this.settings.seconds) return;
    this.settings = { ...this.settings, seconds };
    if (this.clock) this.fetchRate(true);
  }

  setGroup(group: ProcessGroup): void {
    if (group === this.settings.group) return;
    this.settings = { ...this.settings, group };
    if (this.clock) this.fetchProcesses();
  }

  setPaused(paused: boolean): void {
    if (paused === this.settings.paused) return;
    this.settings = { ...this.settings, paused };
    this.newWhilePaused = 0;
    this.pausedAt = paused ? this.clockNow() : null;
    if (!paused && this.clock) this.fetchAll(true);
    this.deps.onChange();
  }

  /** The next older page of the table. */
  loadOlder(): void {
    const before = this.events.next;
    if (!this.events.canLoadOlder || before === null || this.inFlight.has('older')) return;
    const filter = this.viewFilter;
    this.request('older', (s) => this.deps.api.events(filter, { limit: EVENTS_PAGE, before }, s), (page) =>
      this.events.appendOlder(page),
    );
  }

  /** Reads what the socket does not carry: the processes and the count. */
  poll(): void {
    if (this.settings.paused || this.live.connection.status !== 'live' || !this.events.ready) return;
    const filter = this.viewFilter;
    // A store of many events takes longer to group: poll no more than a
    // fifth of the time, so one page costs the backend at most that.
    const due = this.processesRead.at + Math.max(POLL_MS, PROCESSES_BACKOFF * this.processesRead.tookMs);
    if (!this.inFlight.has('processes') && this.deps.nowMs() >= due) this.fetchProcesses();
    if (!this.inFlight.has('total') && !this.inFlight.has('events')) {
      this.request('total', (s) => this.deps.api.events(filter, { limit: 1 }, s), (page) => this.events.count(page));
    }
  }

  snapshot(): DashboardSnapshot {
    const now = this.viewNow();
    const nowT = now === null ? null : Math.floor(now);
    return {
      ...this.live,
      tracer: this.tracer,
      counts: this.counts,
      store: this.store,
      omitted: this.omitted,
      newWhilePaused: this.settings.paused ? this.newWhilePaused : 0,
      viewError: [...this.errors.values()][0]?.error ?? null,
      loadingOlder: this.inFlight.has('older'),
      data: {
        events: this.events.held,
        eventsReady: this.events.ready,
        eventsTotal: this.events.total,
        canLoadOlder: this.events.canLoadOlder,
        rate: nowT === null ? null : this.rateWindow(nowT),
        processes: this.processesFor === this.processesKey() ? this.processes : null,
        bootWallMs: this.bootWallMs,
        nowT,
      },
    };
  }

  private onHello(msg: HelloMessage): void {
    this.serverIsBack();
    this.clock = { t: msg.now, atMs: this.deps.nowMs() };
    this.bootWallMs = msg.bootWallMs;
    this.tracer = msg.tracer;
    this.counts = msg.counts;
    this.store = msg.store;
    this.omitted = 0;
    if (this.settings.paused) {
      // The views stay frozen; resuming reads them all again.
      this.pausedAt ??= msg.now;
    } else {
      // A new socket starts unfiltered until the server reads our filter.
      this.fetchAll(false);
    }
    this.deps.onChange();
  }

  private onUpdate(msg: UpdateMessage): void {
    this.clock = { t: msg.now, atMs: this.deps.nowMs() };
    this.tracer = msg.tracer;
    this.counts = msg.counts;
    this.store = msg.store;
    this.omitted += msg.omitted;
    if (this.settings.paused) {
      this.newWhilePaused += msg.events.length + msg.omitted;
    } else if (msg.filterId === this.viewFilterId) {
      // Events are checked again all the same: the ids say which filter
      // the server applied, the check costs little.
      this.events.add(msg.events, this.viewFilter);
      this.rate.merge(msg.rate);
    }
    this.deps.onChange();
  }

  private clockNow(): number | null {
    return this.clock ? this.clock.t + (this.deps.nowMs() - this.clock.atMs) / 1000 : null;
  }

  private viewNow(): number | null {
    return this.settings.paused && this.pausedAt !== null ? this.pausedAt : this.clockNow();
  }

  /** Drawn again when the second moves on, or at once for new answers;
   *  the socket's counts within a second wait for its end (a chart drawing
   *  takes the main thread a while, and at 50k opens/s they come with every
   *  render). While the answers are on their way, the last drawing stays. */
  private rateWindow(to: number): RateWindow | null {
    if (!this.rate.ready) return this.drawn.window;
    if (this.drawn.loads !== this.rate.loads || this.drawn.to !== to) {
      this.drawn = { loads: this.rate.loads, to, window: this.rate.window(to) };
    }
    return this.drawn.window;
  }

  /** Reads every view again. `sameFilter`: the socket already sends what
   *  the views are read for (see LiveRate.reset). The held events the
   *  filter matches stay shown until the first page comes. */
  private fetchAll(sameFilter: boolean): void {
    if (!this.clock) return;
    const filter = this.viewFilter;
    this.cancel('total');
    this.cancel('older');
    this.events.reset(filter);
    this.request('events', (s) => this.deps.api.events(filter, { limit: EVENTS_PAGE }, s), (page) =>
      this.events.loadFirst(page, filter),
    );
    this.fetchRate(sameFilter);
    this.fetchProcesses();
  }

  private fetchRate(sameFilter: boolean): void {
    const now = this.viewNow();
    if (now === null) return;
    const filter = this.viewFilter;
    const { seconds } = this.settings;
    const spans = rateSpans(now, seconds);
    this.rate.reset(sameFilter);
    const { api } = this.deps;
    this.request(
      'rate',
      async (signal) => {
        const [history, tail] = await Promise.all([
          spans.tailFrom > spans.from
            ? api.rate(filter, { from: spans.from, to: spans.tailFrom - 1, step: spans.step }, signal)
            : null,
          api.rate(filter, { from: spans.tailFrom, to: spans.to, step: 1 }, signal),
        ]);
        if (history && !history.ok) return history;
        if (!tail.ok) return tail;
        return { ok: true, value: { history: history?.value ?? null, tail: tail.value } };
      },
      ({ history, tail }) => this.rate.load(history, tail, spans, seconds),
    );
  }

  private processesKey(): string {
    return JSON.stringify([this.viewFilter, this.settings.group]);
  }

  private fetchProcesses(): void {
    const filter = this.viewFilter;
    const { group } = this.settings;
    const key = this.processesKey();
    const at = this.deps.nowMs();
    this.request('processes', (s) => this.deps.api.processes(filter, { group, limit: PROCESS_ROWS }, s), (answer) => {
      this.processes = answer;
      this.processesFor = key;
      this.processesRead = { at, tookMs: this.deps.nowMs() - at };
    });
  }

  /** An answer came: "cannot reach the server" is over for every view
   *  (one polled rarely said so for its whole interval after). */
  private serverIsBack(): void {
    for (const [kind, e] of this.errors) if (e.unreachable) this.errors.delete(kind);
  }

  private cancel(kind: Kind): void {
    this.inFlight.get(kind)?.abort();
    this.inFlight.delete(kind);
  }

  /** One read at a time per kind: a new one supersedes the one in flight,
   *  whose answer is then ignored (it may be for another filter). */
  private request<T>(kind: Kind, run: (signal: AbortSignal) => Promise<ApiResult<T>>, use: (value: T) => void): void {
    this.cancel(kind);
    const abort = new AbortController();
    this.inFlight.set(kind, abort);
    void run(abort.signal).then((r) => {
      if (abort.signal.aborted || this.closed) return;
      this.inFlight.delete(kind);
      if (r.ok) {
        this.errors.delete(kind);
        this.serverIsBack();
        use(r.value);
      } else {
        this.errors.set(kind, { error: r.error, unreachable: r.unreachable === true });
      }
      this.deps.onChange();
    });
  }
}
