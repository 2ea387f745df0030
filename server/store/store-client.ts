/**
 * The event store as the backend's main thread sees it: events are
 * numbered here (the live views need the number at once) and sent to the
 * store's thread (store-worker.ts) in batches; reads and upkeep are calls
 * answered there. Nothing DuckDB does runs on this thread.
 */
import type { Worker } from 'node:worker_threads';
import type { ProcessDetail, ProcessGroup, StoredEvent, TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import type { EventsPage, FileDetail, FileGroup, FilesAnswer, Latency, ProcessesAnswer, RateAnswer, StoreStats } from '../../protocol/views';
import type { ExecRecord } from '../trace/parse-line';
import { startTsWorker } from '../ts-worker';
import { CHUNK_ROWS } from './appender';
import { BatchBuilder } from './batch';
import type { StoreOptions } from './event-store';
import type { EventsQuery } from './queries';
import type { Window } from './sql-filter';
import { numbered, STORE_BACKLOG_ROWS, type CgroupFacts, type Store } from './store';
import type { FromStore, StoreMethod, ToStore } from './store-thread';

/** Sent at least this often: what a read or the live status lags by. */
const SEND_MS = 50;

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class StoreClient implements Store {
  private readonly pending = new BatchBuilder(CHUNK_ROWS);
  /** Sent and not yet taken in by the store's thread. */
  private inFlight = 0;
  private nextId = 1;
  private readonly calls = new Map<number, Waiter>();
  private readonly backlogWaiters: { rows: number; resolve: () => void }[] = [];
  private readonly timer: NodeJS.Timeout;
  /** Why the store's thread is gone, once it is. */
  private gone: string | null = null;

  private constructor(
    private readonly worker: Worker,
    private nextSeq: number,
    private stats: StoreStats,
  ) {
    worker.on('message', (m: FromStore) => this.receive(m));
    worker.on('error', (err) => this.lost(`the store's thread failed: ${err.message}`));
    worker.on('exit', (code) => this.lost(`the store's thread ended (exit ${code})`));
    this.timer = setInterval(() => this.send(), SEND_MS);
  }

  /** Starts the store's thread and opens the store there. */
  static open(opts: StoreOptions): Promise<StoreClient> {
    const worker = startTsWorker(new URL('./store-worker.ts', import.meta.url), opts);
    return new Promise((resolve, reject) => {
      const first = (m: FromStore) => {
        worker.off('error', failed);
        if (m.type === 'ready') resolve(new StoreClient(worker, m.nextSeq, m.status));
        else if (m.type === 'failed') reject(new Error(m.message));
      };
      const failed = (err: Error) => reject(err);
      worker.once('message', first);
      worker.once('error', failed);
    });
  }

  add(e: TraceEvent): StoredEvent {
    const stored = numbered(e, this.nextSeq++);
    this.pending.add(stored);
    if (this.pending.full) this.send();
    return stored;
  }

  addExec(r: ExecRecord): void {
    this.post({ type: 'exec', record: r });
  }

  get backlog(): number {
    return this.pending.rows + this.inFlight;
  }

  get behind(): boolean {
    return this.backlog > STORE_BACKLOG_ROWS;
  }

  caughtUp(rows = STORE_BACKLOG_ROWS): Promise<void> {
    if (this.backlog <= rows || this.gone) return Promise.resolve();
    return new Promise((resolve) => this.backlogWaiters.push({ rows, resolve }));
  }

  /** The store thread's figures, with what it has not taken in yet. */
  get status(): StoreStats {
    const waiting = this.backlog;
    const s = waiting ? { ...this.stats, events: this.stats.events + waiting } : { ...this.stats };
    if (this.gone) s.lastError = this.gone;
    return s;
  }

  async fillCgroup(id: number, facts: CgroupFacts): Promise<void> {
    // As upkeep: a failure shows in the status, never as a rejection.
    await this.call('fillCgroup', [id, facts]).catch(() => undefined);
  }

  events(f: EventFilter, q: EventsQuery): Promise<EventsPage> {
    return this.call('events', [f, q]) as Promise<EventsPage>;
  }

  rate(f: EventFilter, from: number, to: number, step: number): Promise<RateAnswer> {
    return this.call('rate', [f, from, to, step]) as Promise<RateAnswer>;
  }

  processes(f: EventFilter, group: ProcessGroup, limit: number, w: Window, now: number): Promise<ProcessesAnswer> {
    return this.call('processes', [f, group, limit, w, now]) as Promise<ProcessesAnswer>;
  }

  process(pid: number, start: number | undefined, since: number, to: number): Promise<ProcessDetail | undefined> {
    return this.call('process', [pid, start, since, to]) as Promise<ProcessDetail | undefined>;
  }

  files(f: EventFilter, group: FileGroup, limit: number, w: Window): Promise<FilesAnswer> {
    return this.call('files', [f, group, limit, w]) as Promise<FilesAnswer>;
  }

  file(path: string, f: EventFilter, w: Window): Promise<FileDetail> {
    return this.call('file', [path, f, w]) as Promise<FileDetail>;
  }

  latency(f: EventFilter, w: Window): Promise<Latency> {
    return this.call('latency', [f, w]) as Promise<Latency>;
  }

  downloadStart(f: EventFilter, w: Window, upTo: number, n: number): Promise<number> {
    return this.call('downloadStart', [f, w, upTo, n]) as Promise<number>;
  }

  downloadPage(f: EventFilter, w: Window, after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
    return this.call('downloadPage', [f, w, after, upTo, limit]) as Promise<StoredEvent[]>;
  }

  async upkeep(now: number): Promise<void> {
    // Its failures are in the status already; a thread that is gone says so there.
    await this.call('upkeep', [now]).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.gone) return;
    const exited = new Promise((r) => this.worker.once('exit', r));
    await this.call('close', []);
    await exited;
  }

  /** Hands the queued events to the store's thread. */
  private send(): void {
    const batch = this.pending.take();
    if (!batch) return;
    this.inFlight += batch.rows;
    this.post({ type: 'events', batch });
  }

  private call(method: StoreMethod, args: unknown[]): Promise<unknown> {
    // Whatever was added before the call is in what it reads.
    this.send();
    if (this.gone) return Promise.reject(new Error(this.gone));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.post({ type: 'call', id, method, args });
    });
  }

  private post(m: ToStore): void {
    if (this.gone) {
      if (m.type === 'events') this.stats.writeFailures += m.batch.rows;
      return;
    }
    if (m.type === 'events') this.worker.postMessage(m, [m.batch.numbers.buffer, m.batch.refs.buffer]);
    else this.worker.postMessage(m);
  }

  private receive(m: FromStore): void {
    switch (m.type) {
      case 'written':
        if (m.buffers) this.pending.recycle(...m.buffers);
        this.inFlight -= m.rows;
        this.stats = m.status;
        this.wakeBacklogWaiters();
        return;
      case 'reply': {
        this.stats = m.status;
        const waiter = this.calls.get(m.id);
        this.calls.delete(m.id);
        if (m.ok) waiter?.resolve(m.value);
        else waiter?.reject(new Error(m.message));
        return;
      }
      default:
        return;
    }
  }

  private wakeBacklogWaiters(): void {
    const backlog = this.backlog;
    for (let i = this.backlogWaiters.length - 1; i >= 0; i--) {
      const w = this.backlogWaiters[i]!;
      if (backlog <= w.rows || this.gone) {
        this.backlogWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  /** The thread is gone (a crash, or closed): every open call fails, what
   *  was not written is counted as such, and the status says why. */
  private lost(why: string): void {
    if (this.gone) return;
    this.gone = why;
    clearInterval(this.timer);
    this.stats = { ...this.stats, writeFailures: this.stats.writeFailures + this.backlog, lastError: why };
    this.pending.take();
    this.inFlight = 0;
    for (const w of this.calls.values()) w.reject(new Error(why));
    this.calls.clear();
    this.wakeBacklogWaiters();
  }
}
