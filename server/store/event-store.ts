/**
 * The embedded event store (DuckDB): every event goes in, in batches, and
 * every view is a query over it (queries.ts; the processes view over a
 * per-minute rollup of them, rollup.ts). Bounded by age and by size,
 * oldest first, with what was dropped counted. One connection writes
 * (the appender), READERS read side by side, another does upkeep and
 * keeps the rollup, one job at a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { ProcessDetail, ProcessGroup, StoredEvent, TraceEvent } from '../../protocol/event';
import type { EventFilter } from '../../protocol/messages';
import type {
  EventsPage, FileDetail, FileGroup, FilesAnswer, Latency, ProcessesAnswer, RateAnswer, StoreStats,
} from '../../protocol/views';
import type { ExecRecord } from '../trace/parse-line';
import { appendChunk, appendFileDirs, appendTexts, CHUNK_ROWS } from './appender';
import { BatchBuilder, withoutBadRows, type EventBatch } from './batch';
import { CommitGate } from './commit-gate';
import { queryFile, queryFiles } from './file-queries';
import { queryLatency } from './latency-queries';
import { queryDownloadPage, queryDownloadStart, queryEvents, queryProcess, queryRate, type EventsQuery } from './queries';
import { queryProcesses } from './processes-query';
import { dropBefore, rerollMinutes, resetRollup, rollStep } from './rollup';
import {
  CREATE_EVENTS, CREATE_EXECS, CREATE_FILE_DIRS, CREATE_META, CREATE_PROCESS_MINUTES, CREATE_ROLLUP_STATE, CREATE_STRINGS, DIRS_SCHEMA,
  fitsColumn, MIGRATIONS, MINUTE, SCHEMA_VERSION, TEXT_COLUMNS,
} from './schema';
import { fillDirs } from './fill-dirs';
import { Dictionary, MAX_TEXT_CHARS } from './strings';
import { STORE_DEFAULTS, type StoreBounds } from './defaults';
import type { Window } from './sql-filter';
import { numbered, type CgroupFacts, type Store } from './store';

export interface StoreOptions extends StoreBounds {
  /** A file, or ":memory:". */
  path: string;
  /** The boot whose trace clock timestamps are on: events of an earlier
   *  boot are moved onto this one's clock when the store opens. */
  frame: { bootId: string; bootWallMs: number };
}

/** Views run at once, each on a connection of its own: a slow one (a
 *  Files page over an hour) does not hold up the others behind it, as one
 *  connection did; DuckDB's threads and memory are shared among the
 *  queries running. The rest wait their turn. */
const VIEWS_AT_ONCE = 4;
/** Committed this often, or once COMMIT_ROWS wait: DuckDB's cost per
 *  event falls with the rows per commit (2M events: 10.5 s of CPU in
 *  commits of 8k rows, 6.9 s in 64k). A view commits what is queued
 *  first, so it sees every event handed over; a crash loses at most this
 *  much. */
const FLUSH_MS = 1000;
/** The rollup (rollup.ts) takes in what was committed this often: views
 *  read at most this much of the newest events from the events table. */
const ROLL_MS = 2000;
const COMMIT_ROWS = 65_536;
/** Texts no event refers to any more are deleted at most this often, after
 *  events were dropped. */
const TEXTS_UPKEEP_MS = 5 * 60_000;
/** Size past the bound is brought down to this share of it, so the upkeep
 *  does not run on every tick. */
const SIZE_TARGET = 0.9;
/** Rounds of deletion per upkeep, and the least each one drops. */
const SIZE_ROUNDS = 10;
const MIN_SHARE = 0.1;

type Meta = Record<string, string>;

/** A view's statements (its queries read with runAndReadAll only): each
 *  one counted while it runs, and none started once the view is stopped
 *  (the store closes, its time is up). A view is several statements, some
 *  side by side: one of them stopped ends the view while the others still
 *  run, and a statement still running when its connection closes never
 *  ends, holding the store's thread at exit. */
function tracked(conn: DuckDBConnection, running: Set<Promise<unknown>>, stopped: () => boolean, gate: CommitGate): DuckDBConnection {
  const runAndReadAll: DuckDBConnection['runAndReadAll'] = (...args) => {
    if (stopped()) return Promise.reject(new Error('the view was stopped'));
    const statement = gate.statement(() => conn.runAndReadAll(...args));
    running.add(statement);
    const done = () => running.delete(statement);
    statement.then(done, done);
    return statement;
  };
  return new Proxy(conn, {
    get: (target, key) => (key === 'runAndReadAll' ? runAndReadAll : Reflect.get(target, key, target)),
  });
}

export class EventStore implements Store {
  /** Events added here, and batches to write (held while unused texts
   *  are deleted). */
  private readonly building = new BatchBuilder(CHUNK_ROWS);
  private batches: EventBatch[] = [];
  private execsUnflushed = false;
  /** Rows handed to the appender since its last commit. */
  private unflushed = 0;
  /** Added since the last count, and the write failures at that count. */
  private sinceCount = { events: 0, oldest: Infinity, newest: -Infinity, failures: 0 };
  private nextSeq: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private rollTimer: NodeJS.Timeout | undefined;
  /** The maintenance connection's work, one job at a time: a job's
   *  transaction must not take in another's statements. */
  private maintaining: Promise<unknown> = Promise.resolve();
  private rolling = false;
  /** close() began: no maintenance job starts any more. */
  private closing = false;
  private closed = false;
  /** Views running (at most VIEWS_AT_ONCE), and those waiting their turn. */
  private viewsRunning = 0;
  private readonly viewsWaiting: (() => void)[] = [];
  /** The running views' connections (close() interrupts them) and ends. */
  private readonly viewConns = new Set<DuckDBConnection>();
  /** The views' statements wait for a maintenance commit, and it for them. */
  private readonly gate = new CommitGate();
  private readonly viewsEnded = new Set<Promise<unknown>>();
  private stats: StoreStats;
  private readonly maxBytes: number;
  /** Deleting the texts no event refers to: events wait meanwhile (an
   *  event written then could refer to a text being deleted). */
  private textUpkeep: Promise<void> | undefined;
  private lastTextUpkeep = Date.now();
  private droppedSinceTextUpkeep = false;

  private constructor(
    private readonly opts: StoreOptions,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly maintenance: DuckDBConnection,
    private appender: DuckDBAppender | undefined,
    /** Execs are few: a row at a time, committed with the events. */
    private execAppender: DuckDBAppender | undefined,
    /** New texts, committed before the events that refer to them (at
     *  each flush; DuckDB's own flush of a full appender may show an
     *  event a moment before its text). */
    private textAppender: DuckDBAppender | undefined,
    /** Each new file's directory, committed with the texts. */
    private dirAppender: DuckDBAppender | undefined,
    private readonly texts: Dictionary,
    nextSeq: number,
    /** A spill folder of our own, removed at close. */
    private readonly ownSpill: string | undefined,
  ) {
    this.maxBytes = opts.maxMb * 1e6;
    this.nextSeq = nextSeq;
    this.stats = {
      path: opts.path, events: 0, oldestTs: null, newestTs: null, bytes: 0,
      retentionSeconds: opts.retentionSeconds, maxBytes: this.maxBytes,
      droppedByAge: 0, droppedBySize: 0, writeFailures: 0, lastError: null,
    };
    this.flushTimer = setInterval(() => this.flush(), FLUSH_MS);
    this.rollTimer = setInterval(() => void this.roll(), ROLL_MS);
  }

  static async open(opts: StoreOptions): Promise<EventStore> {
    const memory = opts.path === ':memory:';
    // Where queries past the memory limit spill: beside the file (in the
    // private state dir), or a private temporary folder, never the cwd.
    const spill = memory ? fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-dash-spill-')) : `${opts.path}.tmp`;
    const instance = await DuckDBInstance.create(opts.path, {
      memory_limit: `${opts.memoryLimitMb}MB`,
      temp_directory: spill,
      // Every query orders what it returns: DuckDB need not keep insertion
      // order, which costs memory.
      preserve_insertion_order: 'false',
      // Two cores are common here: one for the backend's own thread.
      threads: '2',
    }).catch((err: Error) => {
      if (memory) fs.rmSync(spill, { recursive: true, force: true });
      throw err;
    });
    try {
      const writer = await instance.connect();
      await writer.run(CREATE_EVENTS);
      await writer.run(CREATE_STRINGS);
      await writer.run(CREATE_EXECS);
      await writer.run(CREATE_META);
      const meta = await readMeta(writer);
      const version = Number(meta.schema_version ?? SCHEMA_VERSION);
      if (version > SCHEMA_VERSION) {
        throw new Error(`${opts.path} was written by a newer ebpf-dash (store schema ${version}, this one knows ${SCHEMA_VERSION})`);
      }
      for (let v = version; v < SCHEMA_VERSION; v++) for (const sql of MIGRATIONS[v - 1]!) await writer.run(sql);
      await writer.run(CREATE_FILE_DIRS);
      if (version < DIRS_SCHEMA) await fillDirs(writer);
      await writer.run(CREATE_PROCESS_MINUTES);
      for (const sql of CREATE_ROLLUP_STATE) await writer.run(sql);
      if (await moveToFrame(writer, meta, opts.frame)) await resetRollup(writer);
      await writeMeta(writer, {
        schema_version: String(SCHEMA_VERSION),
        boot_id: opts.frame.bootId,
        boot_wall_ms: String(opts.frame.bootWallMs),
      });
      const last = await writer.runAndReadAll('SELECT coalesce(max(seq) + 1, 0)::DOUBLE AS n FROM events');
      const nextSeq = last.getRowObjectsJS()[0]!.n as number;
      // A store whose events all went numbers them from 0 again: nothing
      // above is rolled up.
      await writer.run(`UPDATE rollup_state SET rolled = least(rolled, ${nextSeq - 1})`);
      await writer.run("INSERT INTO strings (id, text) SELECT 0, '' WHERE NOT EXISTS (SELECT 1 FROM strings WHERE id = 0)");
      const texts = await loadTexts(writer);
      const store = new EventStore(
        opts, instance, writer, await instance.connect(),
        await writer.createAppender('events'), await writer.createAppender('execs'),
        await writer.createAppender('strings'), await writer.createAppender('file_dirs'), texts, nextSeq,
        memory ? spill : undefined,
      );
      await store.refreshStats();
      return store;
    } catch (err) {
      instance.closeSync();
      if (memory) fs.rmSync(spill, { recursive: true, force: true });
      throw err;
    }
  }

  /** Numbers the event and queues it; written within FLUSH_MS. */
  add(e: TraceEvent): StoredEvent {
    const stored = numbered(e, this.nextSeq++);
    this.building.add(stored);
    if (this.building.full) this.writePending();
    return stored;
  }

  /** The first number the next event gets. */
  get nextNumber(): number {
    return this.nextSeq;
  }

  /** Queues events numbered and batched elsewhere (StoreClient does).
   *  True once they are appended, their buffers free to use again. */
  putBatch(batch: EventBatch): boolean {
    this.takeBuilding();
    this.queue(batch);
    this.writePending();
    return !this.batches.includes(batch);
  }

  private takeBuilding(): void {
    const built = this.building.take();
    if (built) this.queue(built);
  }

  private queue(batch: EventBatch): void {
    const c = this.sinceCount;
    c.events += batch.rows;
    if (batch.lastTs > c.newest) c.newest = batch.lastTs;
    if (batch.firstTs < c.oldest) c.oldest = batch.firstTs;
    this.batches.push(batch);
  }

  /** Written within FLUSH_MS in this thread: never more than a chunk,
   *  but while unused texts are deleted. */
  get backlog(): number {
    return this.building.rows + this.batches.reduce((n, b) => n + b.rows, 0);
  }

  get behind(): boolean {
    return false;
  }

  caughtUp(): Promise<void> {
    return Promise.resolve();
  }

  /** Keeps who a process was (exec-record), for after it exits. */
  addExec(r: ExecRecord): void {
    const a = this.execAppender;
    if (!a) return;
    // Refused alone: a value the appender refuses half-way through a row
    // would leave it broken for every exec after.
    // The execs table's columns (schema.ts, CREATE_EXECS).
    const fits = fitsColumn('UINTEGER', r.pid) && fitsColumn('UINTEGER', r.ppid) && fitsColumn('UBIGINT', r.cgroupId) &&
      fitsColumn('DOUBLE', r.ts) && fitsColumn('DOUBLE', r.start);
    if (!fits) {
      this.stats.lastError = `refused the exec of pid ${r.pid}: a number does not fit the execs table`;
      return;
    }
    try {
      a.appendDouble(r.ts);
      a.appendUInteger(r.pid);
      a.appendUInteger(r.ppid);
      a.appendUBigInt(BigInt(r.cgroupId));
      a.appendVarchar(r.exe);
      a.appendVarchar(JSON.stringify(r.args));
      a.appendBoolean(r.truncated);
      a.appendDouble(r.start);
      a.endRow();
      this.execsUnflushed = true;
    } catch (err) {
      this.execFailed(err as Error);
    }
  }

  private execFailed(err: Error): void {
    // Events go on without identities; the status says why.
    this.stats.lastError = `execs: ${err.message}`;
    try {
      this.execAppender?.closeSync();
    } catch {
      // gone either way
    }
    this.execAppender = undefined;
  }

  /** Gives the events of a cgroup stored without its facts (it was not
   *  found when they came) its path, unit and container. */
  async fillCgroup(id: number, facts: CgroupFacts): Promise<void> {
    if (this.closing) return;
    // After any deletion of unused texts queued before (these may be among them).
    await this.maintain(async () => {
      const [cgroup, unit, container] = [facts.cgroup, facts.unit, facts.container].map((t) => this.texts.id(t));
      this.flush();
      // The rollup's rows of those events alike, in the same transaction.
      const set = `SET cgroup_path_id = ${cgroup}, unit_id = ${unit}, container_id = ${container}
        WHERE cgroup_id = ${Math.floor(id)} AND cgroup_path_id = 0`;
      await this.transaction(async (c) => {
        await c.run(`UPDATE events ${set}`);
        await c.run(`UPDATE process_minutes ${set}`);
      });
    }).catch((err: Error) => (this.stats.lastError = `filling in cgroup ${id}: ${err.message}`));
  }

  /** Runs a job on the maintenance connection once the one before ended. */
  private maintain<T>(job: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    const run = this.maintaining.then(job, job);
    this.maintaining = run.catch(() => undefined);
    return run;
  }

  /** Statements on the maintenance connection as one transaction. */
  private async transaction(job: (c: DuckDBConnection) => Promise<void>): Promise<void> {
    const c = this.maintenance;
    await c.run('BEGIN TRANSACTION');
    try {
      await job(c);
      await this.commitMaintenance(c);
    } catch (err) {
      await c.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Commits the maintenance connection's transaction, with no view's
   *  statement running beside it (commit-gate.ts). */
  private commitMaintenance(c: DuckDBConnection): Promise<void> {
    return this.gate.commit(async () => void (await c.run('COMMIT')));
  }

  /** Takes what was committed into the rollup, a step at a time until it
   *  has all (a store opened with a backlog catches up here). */
  private async roll(): Promise<void> {
    if (this.closing || this.rolling) return;
    this.rolling = true;
    try {
      await this.rollUp();
    } catch (err) {
      this.stats.lastError = `rollup: ${(err as Error).message}`;
    } finally {
      this.rolling = false;
    }
  }

  /** Commits what is queued and rolls all of it up (upkeep does, and the
   *  bench before it asks the views). */
  async rollUp(): Promise<void> {
    this.flush();
    while (!this.closing && (await this.maintain(() => rollStep(this.maintenance, (c) => this.commitMaintenance(c)))));
  }

  /** Commits what is queued, so queries see it. */
  flush(): void {
    if (this.execsUnflushed) {
      this.execsUnflushed = false;
      try {
        this.execAppender?.flushSync();
      } catch (err) {
        this.execFailed(err as Error);
      }
    }
    this.writePending();
    this.commit();
  }

  /** Texts first, then the events that refer to them. */
  private commit(): void {
    this.writeTexts();
    if (!this.appender || this.unflushed === 0) return;
    try {
      this.appender.flushSync();
      this.unflushed = 0;
    } catch (err) {
      // What the appender held since its last commit is lost with it.
      this.failed(err as Error, this.unflushed);
    }
  }

  private writePending(): void {
    this.takeBuilding();
    if (this.batches.length === 0 || (this.textUpkeep && !this.closed)) return;
    const batches = this.batches;
    this.batches = [];
    for (const batch of batches) this.write(batch);
    if (this.unflushed >= COMMIT_ROWS) this.commit();
  }

  private write(batch: EventBatch): void {
    if (!this.appender) {
      const why = this.closed ? 'the store is closed' : 'the store is replacing its writer after an error';
      this.stats.writeFailures += batch.rows;
      this.stats.lastError ??= why;
      return;
    }
    const checked = withoutBadRows(batch);
    if (checked.refused > 0) {
      this.stats.writeFailures += checked.refused;
      this.stats.lastError = `refused ${checked.refused} events: ${checked.problem}`;
    }
    try {
      appendChunk(this.appender, checked.batch, this.texts);
      this.unflushed += checked.batch.rows;
    } catch (err) {
      this.failed(err as Error, checked.batch.rows);
    }
  }

  /** New texts, committed at each flush before the events are. A text that
   *  could not be written reads as '' in its rows; the dictionary starts
   *  over, so later rows write it again. */
  private writeTexts(): void {
    const a = this.textAppender;
    const d = this.dirAppender;
    if (!a || !d) return; // being replaced: the texts wait for it
    const fresh = this.texts.take();
    if (fresh.texts.length === 0 && fresh.dirs.length === 0) return;
    try {
      appendTexts(a, fresh.texts);
      a.flushSync();
      appendFileDirs(d, fresh.dirs);
      d.flushSync();
    } catch (err) {
      this.stats.lastError = `texts: ${(err as Error).message}`;
      this.texts.forget();
      this.textAppender = undefined;
      this.dirAppender = undefined;
      this.replace(a, 'strings', (b) => (this.textAppender = b), 'texts: ');
      this.replace(d, 'file_dirs', (b) => (this.dirAppender = b), 'texts: ');
    }
  }

  /** Rows the database refused: counted and shown, never retried into a
   *  loop. A broken appender is replaced. */
  private failed(err: Error, rows: number): void {
    this.stats.writeFailures += rows;
    this.stats.lastError = err.message;
    this.unflushed = 0;
    const broken = this.appender;
    this.appender = undefined;
    this.replace(broken, 'events', (a) => (this.appender = a), '');
  }

  /** Closes a broken appender and opens its table's again (not once the
   *  store is closed); a failure to open shows as the last error. */
  private replace(broken: DuckDBAppender | undefined, table: string, use: (a: DuckDBAppender) => void, what: string): void {
    try {
      broken?.closeSync();
    } catch {
      // It is being replaced either way.
    }
    if (this.closed) return;
    this.writer.createAppender(table).then(
      (a) => (this.closed ? a.closeSync() : use(a)),
      (e: Error) => (this.stats.lastError = `${what}${e.message}`),
    );
  }

  // --- reads: each commits what is queued first, so a view includes every
  // event the pipeline has handed over.

  /** Runs a view once one of the VIEWS_AT_ONCE turns is free. */
  private async read<T>(query: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the store is closed');
    this.flush();
    // A turn ending is handed to the next waiting, never freed and raced for.
    if (this.viewsRunning < VIEWS_AT_ONCE) this.viewsRunning++;
    else await new Promise<void>((r) => this.viewsWaiting.push(r));
    const view = this.runView(query);
    this.viewsEnded.add(view);
    try {
      return await view;
    } finally {
      this.viewsEnded.delete(view);
      const next = this.viewsWaiting.shift();
      if (next) next();
      else this.viewsRunning--;
    }
  }

  private get queryTimeoutMs(): number {
    return this.opts.queryTimeoutMs ?? STORE_DEFAULTS.queryTimeoutMs;
  }

  /** A view on a connection of its own (cheap: the instance's threads and
   *  memory serve them all), so one past its time is interrupted without
   *  touching another's. */
  private async runView<T>(query: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the store is closed');
    const conn = await this.instance.connect();
    this.viewConns.add(conn);
    const statements = new Set<Promise<unknown>>();
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      conn.interrupt();
    }, this.queryTimeoutMs);
    try {
      return await query(tracked(conn, statements, () => this.closed || late, this.gate));
    } catch (err) {
      if (late) {
        throw new Error(`the view took over ${this.queryTimeoutMs / 1000} s and was stopped: narrow its window or filter (or raise --query-timeout-s)`);
      }
      if (this.closed) throw new Error('the store is closed');
      throw err;
    } finally {
      clearTimeout(timer);
      // A statement of the view may run on (another failed first).
      if (statements.size) conn.interrupt();
      while (statements.size) await Promise.allSettled([...statements]);
      this.viewConns.delete(conn);
      conn.closeSync();
    }
  }

  events(f: EventFilter, q: EventsQuery): Promise<EventsPage> {
    return this.read((c) => queryEvents(c, f, q));
  }

  rate(f: EventFilter, from: number, to: number, step: number): Promise<RateAnswer> {
    return this.read((c) => queryRate(c, f, from, to, step));
  }

  processes(f: EventFilter, group: ProcessGroup, limit: number, w: Window, now: number): Promise<ProcessesAnswer> {
    return this.read((c) => queryProcesses(c, f, group, limit, w, now));
  }

  process(pid: number, start: number | undefined, since: number, to: number): Promise<ProcessDetail | undefined> {
    return this.read((c) => queryProcess(c, pid, start, since, to));
  }

  files(f: EventFilter, group: FileGroup, limit: number, w: Window): Promise<FilesAnswer> {
    return this.read((c) => queryFiles(c, f, group, limit, w));
  }

  file(path: string, f: EventFilter, w: Window): Promise<FileDetail> {
    return this.read((c) => queryFile(c, path, f, w));
  }

  latency(f: EventFilter, w: Window): Promise<Latency> {
    return this.read((c) => queryLatency(c, f, w));
  }

  downloadStart(f: EventFilter, w: Window, upTo: number, n: number): Promise<number> {
    return this.read((c) => queryDownloadStart(c, f, w, upTo, n));
  }

  downloadPage(f: EventFilter, w: Window, after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
    return this.read((c) => queryDownloadPage(c, f, w, after, upTo, limit));
  }

  /** The last count plus what came since (less what could not be
   *  written): the status bar keeps up with the events between counts. */
  get status(): StoreStats {
    this.takeBuilding(); // counted once queued; written at the next flush
    const { events, oldest, newest, failures } = this.sinceCount;
    if (events === 0) return { ...this.stats };
    return {
      ...this.stats,
      events: this.stats.events + events - (this.stats.writeFailures - failures),
      oldestTs: Math.min(this.stats.oldestTs ?? Infinity, oldest),
      newestTs: Math.max(this.stats.newestTs ?? -Infinity, newest),
    };
  }

  /** The counts of the store this one replaces (reopened after DuckDB
   *  gave up on it: store-worker.ts), and why it was. */
  resumeFrom(before: StoreStats, why: string): void {
    this.stats.droppedByAge += before.droppedByAge;
    this.stats.droppedBySize += before.droppedBySize;
    this.stats.writeFailures += before.writeFailures;
    this.stats.lastError = `reopened after a fatal error: ${why}`;
  }

  /** Shown as the store's last error. */
  noteError(message: string): void {
    this.stats.lastError = message;
  }

  /** Applies the bounds and refreshes the figures; a failure is shown as
   *  the store's last error, and the next round tries again. */
  async upkeep(now: number): Promise<void> {
    if (this.closing) return;
    try {
      await this.rollUp();
      await this.maintain(() => this.enforceRetention(now));
    } catch (err) {
      this.stats.lastError = `upkeep: ${(err as Error).message}`;
    }
  }

  /** Drops what is older than the retention, then the oldest while the data
   *  is over its size. `now`: the trace clock. */
  private async enforceRetention(now: number): Promise<void> {
    this.flush();
    const cut = now - this.opts.retentionSeconds;
    let aged = 0;
    // The rollup loses the same events in the same transaction.
    await this.transaction(async (c) => {
      aged = (await c.run(`DELETE FROM events WHERE ts < ${cut}`)).rowsChanged;
      if (aged > 0) await dropBefore(c, cut);
    });
    this.stats.droppedByAge += aged;
    // An exec is kept while any event of its time is.
    await this.maintenance.run(`DELETE FROM execs WHERE ts < coalesce((SELECT min(ts) FROM events), ${cut})`);
    let bytes = await dataBytes(this.maintenance);
    // Deleted rows free their blocks only when a checkpoint finds whole row
    // groups gone: a few rounds, each cutting deeper, bring it under.
    for (let round = 0; round < SIZE_ROUNDS && bytes > this.maxBytes; round++) {
      // Seqs are (nearly) dense: cutting at a seq drops about that share.
      const share = Math.max(MIN_SHARE, 1 - (this.maxBytes * SIZE_TARGET) / bytes);
      const r = await this.maintenance.runAndReadAll('SELECT min(seq)::DOUBLE AS lo, max(seq)::DOUBLE AS hi FROM events');
      const { lo, hi } = r.getRowObjectsJS()[0]! as { lo: number | null; hi: number | null };
      if (lo === null || hi === null) break;
      const below = Math.ceil(lo + (hi - lo + 1) * share);
      await this.transaction(async (c) => {
        // The minutes those events were in are rolled up again from what is left.
        const span = await c.runAndReadAll(
          `SELECT floor(min(ts) / ${MINUTE})::DOUBLE AS a, floor(max(ts) / ${MINUTE})::DOUBLE AS b FROM events WHERE seq < ${below}`,
        );
        const { a, b } = span.getRowObjectsJS()[0] as { a: number | null; b: number | null };
        this.stats.droppedBySize += (await c.run(`DELETE FROM events WHERE seq < ${below}`)).rowsChanged;
        if (a !== null && b !== null) await rerollMinutes(c, a, b);
      });
      // Their texts too: a flood of distinct paths is mostly text.
      await this.dropUnusedTexts();
      await this.maintenance.run('CHECKPOINT');
      bytes = await dataBytes(this.maintenance);
    }
    if (bytes > this.maxBytes) {
      this.stats.lastError = `still ${Math.round(bytes / 1e6)} MB after dropping the oldest events, over the ${Math.round(this.maxBytes / 1e6)} MB bound`;
    }
    if (aged > 0) await this.maintenance.run('CHECKPOINT');
    if (aged > 0) this.droppedSinceTextUpkeep = true;
    if (this.droppedSinceTextUpkeep && Date.now() - this.lastTextUpkeep >= TEXTS_UPKEEP_MS) await this.dropUnusedTexts();
    this.stats.bytes = bytes;
    await this.refreshStats();
  }

  /** Deletes the texts no event refers to any more (their events were
   *  dropped), with events held back meanwhile. The rollup's rows refer to
   *  texts of events there are. */
  deleteUnusedTexts(): Promise<void> {
    return this.maintain(() => this.dropUnusedTexts());
  }

  private async dropUnusedTexts(): Promise<void> {
    if (this.closed || this.textUpkeep) return;
    this.flush();
    const used = `SELECT DISTINCT unnest([${Object.values(TEXT_COLUMNS).join(', ')}]) AS id FROM events`;
    const run = async () => {
      // Found, read and deleted apart: DELETE … RETURNING reads slower.
      // A directory goes once no file of it is kept (a round after its
      // last file): a file's directory never points at nothing.
      await this.maintenance.run(
        `CREATE OR REPLACE TEMP TABLE unused AS SELECT s.id FROM strings s
         ANTI JOIN (${used}) u ON u.id = s.id
         ANTI JOIN (SELECT DISTINCT dir_id FROM file_dirs) d ON d.dir_id = s.id
         WHERE s.id <> 0`,
      );
      const ids = (await this.maintenance.runAndReadAll('SELECT id FROM unused')).getColumnsJS()[0] ?? [];
      await this.maintenance.run('DELETE FROM file_dirs WHERE file_id IN (SELECT id FROM unused)');
      await this.maintenance.run('DELETE FROM strings WHERE id IN (SELECT id FROM unused)');
      await this.maintenance.run('DROP TABLE unused');
      this.texts.forget(ids.map(Number));
    };
    this.textUpkeep = run().finally(() => {
      this.textUpkeep = undefined;
      this.lastTextUpkeep = Date.now();
      this.droppedSinceTextUpkeep = false;
    });
    await this.textUpkeep;
    this.flush();
  }

  private async refreshStats(): Promise<void> {
    // Everything added so far is in the count once committed.
    this.flush();
    this.sinceCount = { events: 0, oldest: Infinity, newest: -Infinity, failures: this.stats.writeFailures };
    const r = await this.maintenance.runAndReadAll(
      'SELECT count(*)::DOUBLE AS n, min(ts) AS oldest, max(ts) AS newest FROM events',
    );
    const row = r.getRowObjectsJS()[0]! as { n: number; oldest: number | null; newest: number | null };
    this.stats.events = row.n;
    this.stats.oldestTs = row.oldest;
    this.stats.newestTs = row.newest;
    this.stats.bytes = await dataBytes(this.maintenance);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.flushTimer);
    clearInterval(this.rollTimer);
    this.closing = true;
    await this.textUpkeep?.catch(() => undefined);
    await this.maintaining;
    this.flush();
    this.closed = true;
    // A read still running when its connection closes never ends, and its
    // native work would hold this thread at exit: stop them, let them end.
    for (const c of this.viewConns) c.interrupt();
    while (this.viewsEnded.size > 0) await Promise.allSettled([...this.viewsEnded]);
    try {
      this.execAppender?.closeSync();
      this.appender?.closeSync();
      this.textAppender?.closeSync();
      this.dirAppender?.closeSync();
    } finally {
      this.execAppender = undefined;
      this.appender = undefined;
      this.textAppender = undefined;
      this.dirAppender = undefined;
      // Closing the instance checkpoints: the next start opens a clean file.
      this.writer.closeSync();
      this.maintenance.closeSync();
      this.instance.closeSync();
      if (this.ownSpill) fs.rmSync(this.ownSpill, { recursive: true, force: true });
    }
  }
}

/** The stored texts, the newest first, as many as the dictionary holds:
 *  a text seen again after a restart keeps its id. */
async function loadTexts(conn: DuckDBConnection): Promise<Dictionary> {
  const last = await conn.runAndReadAll('SELECT coalesce(max(id), 0) AS top FROM strings');
  const top = Number(last.getRowsJS()[0]![0]);
  // Newest first, a range of ids at a time until the dictionary's bound: a
  // window over every text, or a top-N (which keeps every text that beats
  // the ones it has: each one, in id order), ran out of the store's memory
  // with a million 300-byte paths.
  const found: [number, string][] = [];
  let chars = 0;
  for (let hi = top; hi > 0 && chars <= MAX_TEXT_CHARS; hi -= TEXTS_PAGE) {
    const r = await conn.runAndReadAll(
      `SELECT id, text FROM strings WHERE id > ${Math.max(0, hi - TEXTS_PAGE)} AND id <= ${hi} ORDER BY id DESC`,
    );
    for (const [id, text] of r.getRowsJS() as [number, string][]) {
      chars += text.length;
      if (chars > MAX_TEXT_CHARS) break;
      found.push([id, text]);
    }
  }
  const texts = new Dictionary(top + 1);
  const oldestFirst = found.reverse();
  texts.load(oldestFirst);
  // Which of them have their directory: written again, a file would be
  // counted twice by directory.
  const oldest = oldestFirst[0]?.[0] ?? top + 1;
  const filed = await conn.runAndReadAll(`SELECT file_id FROM file_dirs WHERE file_id >= ${oldest}`);
  texts.loadFiles((filed.getColumnsJS()[0] ?? []).map(Number));
  return texts;
}

/** Ids read per query when the store opens (their texts held at once, in
 *  DuckDB's memory too: 10k 300-byte paths are 3 MB). */
const TEXTS_PAGE = 10_000;

async function readMeta(conn: DuckDBConnection): Promise<Meta> {
  const r = await conn.runAndReadAll('SELECT key, value FROM meta');
  return Object.fromEntries(r.getRowsJS().map(([k, v]) => [k as string, v as string]));
}

async function writeMeta(conn: DuckDBConnection, meta: Meta): Promise<void> {
  for (const [key, value] of Object.entries(meta)) {
    await conn.run('INSERT OR REPLACE INTO meta VALUES ($key, $value)', { key, value });
  }
}

/** Timestamps are seconds since boot: after a reboot, the stored ones are
 *  moved onto the new boot's clock by the difference of the boot times. */
async function moveToFrame(conn: DuckDBConnection, meta: Meta, frame: StoreOptions['frame']): Promise<boolean> {
  if (meta.boot_id === undefined || meta.boot_id === frame.bootId) return false;
  const shift = (Number(meta.boot_wall_ms) - frame.bootWallMs) / 1000;
  if (!Number.isFinite(shift) || shift === 0) return false;
  // A start too (0, not known, stays so): since boot, like ts.
  const start = `start = CASE WHEN start <> 0 THEN start + ${shift} ELSE 0 END`;
  await conn.run(`UPDATE events SET ts = ts + ${shift}, ${start}`);
  await conn.run(`UPDATE execs SET ts = ts + ${shift}, ${start}`);
  return true;
}

/** Bytes the stored data takes: used blocks in a file, memory in :memory:. */
async function dataBytes(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll(
    'SELECT used_blocks::DOUBLE * block_size::DOUBLE AS used, memory_usage FROM pragma_database_size()',
  );
  const row = r.getRowObjectsJS()[0]! as { used: number; memory_usage: string };
  return row.used > 0 ? row.used : parseSize(row.memory_usage);
}

/** DuckDB's "12.5 MiB" -> bytes. */
function parseSize(text: string): number {
  const m = /^([\d.]+)\s*(bytes|[KMGT]i?B)?/.exec(text.trim());
  if (!m) return 0;
  const unit = m[2] ?? 'bytes';
  const power = { bytes: 0, KB: 1, KiB: 1, MB: 2, MiB: 2, GB: 3, GiB: 3, TB: 4, TiB: 4 }[unit] ?? 0;
  return Math.round(Number(m[1]) * (unit.includes('i') ? 1024 : 1000) ** power);
}
